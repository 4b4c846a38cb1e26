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
    B.listener = (ev) => { if (ev.detail && ev.detail.hash === B.hash) B.send(trigger, ev.detail); };
    window.addEventListener(event, B.listener);
    B.stop = () => window.removeEventListener(event, B.listener);
  }
  B.hash = data.hash;
  B.send = setTriggerValue;
  return () => { B.stop(); delete parentElement.__bridge; };
}
