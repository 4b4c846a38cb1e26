// A hidden bridge mounted inside a st.fragment so that its reruns are small: the player's playhead (after a
// pause or seek; never while playing) goes to Python, where the event log table and charts follow it.
// With role "mark" (mounted outside the fragment: the whole page reruns) it carries the span and regions marked
// in the player, which the review forms start from.

/**
 * @typedef {{hash: string, t: number, delivered: boolean}} LastRest  the player's latest rest, kept on window
 * @typedef {{hash: string, listener: (ev: Event) => void, send: (name: string, value: unknown) => void, stop: () => void}} Bridge
 * @typedef {{data: {role: string, hash: string}, parentElement: Element & {__bridge?: Bridge},
 *   setTriggerValue: (name: string, value: unknown) => void}} Component
 */

/** @returns {LastRest | undefined} */
function lastRest() { return /** @type {any} */ (window).__traceReplayLast; }

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
      const last = lastRest();
      if (trigger === "pos" && last && last.hash === made.hash) last.delivered = true;
    };
    window.addEventListener(event, made.listener);
    made.stop = () => window.removeEventListener(event, made.listener);
    parentElement.__bridge = B = made;
  }
  B.hash = data.hash;
  B.send = setTriggerValue;
  const last = lastRest();  // the player came to rest before this bridge was listening
  if (data.role !== "mark" && last && !last.delivered && last.hash === data.hash) {
    last.delivered = true;  // once per rest, whichever bridge instance delivers it
    setTriggerValue("pos", { hash: last.hash, t: last.t });
  }
  const held = B;
  return () => { held.stop(); delete parentElement.__bridge; };
}
