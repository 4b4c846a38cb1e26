// A hidden bridge mounted inside a st.fragment so that its reruns are small: the player's playhead (after a
// pause or seek, and about once a second while playing) goes to Python, where the event log and charts follow it.
// With role "mark" (mounted outside the fragment: the whole page reruns) it carries the span and regions marked
// in the player, which the review forms start from.

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data) return;
  let B = parentElement.__bridge;
  if (!B) {
    B = {};
    parentElement.__bridge = B;
    // role "mark": a span and regions marked in the player (the review forms follow it); else the playhead
    const [event, trigger] = data.role === "mark" ? ["trace-replay:mark", "mark"] : ["trace-replay:pos", "pos"];
    B.listener = (ev) => {
      if (!ev.detail || ev.detail.hash !== B.hash) return;
      B.send(trigger, ev.detail);
      const first = window.__traceReplayFirst;
      if (trigger === "pos" && first && first.hash === B.hash) first.delivered = true;
    };
    window.addEventListener(event, B.listener);
    B.stop = () => window.removeEventListener(event, B.listener);
  }
  B.hash = data.hash;
  B.send = setTriggerValue;
  const first = window.__traceReplayFirst;  // the player's first frame came before this bridge was listening
  if (data.role !== "mark" && first && !first.delivered && first.hash === data.hash) {
    first.delivered = true;  // once per player mount, whichever bridge instance delivers it
    setTriggerValue("pos", { hash: first.hash, t: first.t });
  }
  return () => { B.stop(); delete parentElement.__bridge; };
}
