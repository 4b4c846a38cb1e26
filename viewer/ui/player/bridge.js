// A hidden bridge mounted inside a st.fragment so that its reruns are small: the player's playhead (after a
// pause or seek; never while playing) goes to Python, where the event log table and charts follow it.
// With role "mark" (mounted outside the fragment: the whole page reruns) it carries the span and regions marked
// in the player, which the review forms start from.
//
// The player keeps its latest message of each kind on window (see main.js `post`). A bridge that mounts late,
// or still holds the previous session's hash while the page is drawn again, would miss the event itself: it
// delivers that record when it catches up, once per message, whichever bridge instance gets there first.

/**
 * @typedef {{detail: {hash: string}, delivered: boolean}} Latest  the player's latest message of one kind
 * @typedef {{hash: string, listener: (ev: Event) => void, send: (name: string, value: unknown) => void, stop: () => void}} Bridge
 * @typedef {{data: {role: string, hash: string}, parentElement: Element & {__bridge?: Bridge},
 *   setTriggerValue: (name: string, value: unknown) => void}} Component
 */

/** role -> [window event, trigger name, key of the latest message on window] */
const ROLES = {
  mark: ["trace-replay:mark", "mark", "__traceReplayMark"],
  position: ["trace-replay:pos", "pos", "__traceReplayPos"],
};

/** @param {string} key @returns {Latest | undefined} */
function latest(key) { return /** @type {any} */ (window)[key]; }

/** @param {Component} component */
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data) return;
  const [event, trigger, key] = data.role === "mark" ? ROLES.mark : ROLES.position;
  /** Sends the latest message if it is for this bridge's session and no bridge has sent it yet. */
  const deliver = (/** @type {Bridge} */ bridge) => {
    const last = latest(key);
    if (!last || last.delivered || last.detail.hash !== bridge.hash) return;
    last.delivered = true;
    bridge.send(trigger, last.detail);
  };
  let B = parentElement.__bridge;
  if (!B) {
    /** @type {Bridge} */
    const made = { hash: data.hash, send: setTriggerValue, listener: () => {}, stop: () => {} };
    made.listener = () => deliver(made);
    window.addEventListener(event, made.listener);
    made.stop = () => window.removeEventListener(event, made.listener);
    parentElement.__bridge = B = made;
  }
  B.hash = data.hash;
  B.send = setTriggerValue;
  deliver(B);  // a message sent before this bridge was listening for this session
  const held = B;
  return () => { held.stop(); delete parentElement.__bridge; };
}
