// A hidden bridge mounted inside a st.fragment so that its reruns are small: the player's playhead (after a
// pause or seek; never while playing) goes to Python, where the event log table and charts follow it.
// With role "mark" (mounted outside the fragment: the whole page reruns) it carries the span and regions marked
// in the player, which the review forms start from.

/**
 * @typedef {{hash: string, t: number, delivered: boolean}} FirstFrame  the player's first frame, kept on window
 * @typedef {{hash: string, listener: (ev: Event) => void, send: (name: string, value: unknown) => void, stop: () => void}} Bridge
 * @typedef {{data: {role: string, hash: string}, parentElement: Element & {__bridge?: Bridge},
 *   setTriggerValue: (name: string, value: unknown) => void}} Component
 */

/** @returns {FirstFrame | undefined} */
function firstFrame() { return /** @type {any} */ (window).__traceReplayFirst; }

/** @param {Component} component */
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data) return;
  let B = parentElement.__bridge;
  if (!B) {
    // role "mark": a span and regions marked in the player (the review forms follow it); else the playhead
    const [event, trigger] = data.role === "mark" ? ["trace-replay:mark", "mark"] : ["trace-replay:pos", "pos"];
    /** @type {Bridge} */
    const made = { hash: data.hash, send: setTriggerValue, listener: () => {}, stop: () => {} };
    made.listener = (ev) => {
      const detail = /** @type {CustomEvent<{hash: string}>} */ (ev).detail;
      if (!detail || detail.hash !== made.hash) return;
      made.send(trigger, detail);
      const first = firstFrame();
      if (trigger === "pos" && first && first.hash === made.hash) first.delivered = true;
    };
    window.addEventListener(event, made.listener);
    made.stop = () => window.removeEventListener(event, made.listener);
    parentElement.__bridge = B = made;
  }
  B.hash = data.hash;
  B.send = setTriggerValue;
  const first = firstFrame();  // the player's first frame came before this bridge was listening
  if (data.role !== "mark" && first && !first.delivered && first.hash === data.hash) {
    first.delivered = true;  // once per player mount, whichever bridge instance delivers it
    setTriggerValue("pos", { hash: first.hash, t: first.t });
  }
  const held = B;
  return () => { held.stop(); delete parentElement.__bridge; };
}
