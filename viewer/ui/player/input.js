// Input: the keyboard map (pure), and the pointer on the timeline and on the screens, turned into actions.

/** @typedef {import("./types.js").Model} Model */
/**
 * @typedef {{name: string, arg?: number}} Action
 * @typedef {{key: string, shiftKey?: boolean, ctrlKey?: boolean, metaKey?: boolean, altKey?: boolean}} KeyLike
 */

export const HELP = [
  ["Space / K", "play / pause"], ["L", "play; again: faster"], ["J", "back 5 s"],
  ["← / →", "seek 5 s (Shift: 1 s)"], ["[ / ]", "previous / next event"],
  ["- / +", "slower / faster"], ["I / O", "mark in / out at the playhead"], ["Shift+drag", "mark a span on the timeline"],
  ["D", "draw regions on the screen (drag)"], ["T", "theatre mode (the player fills the window)"],
  ["?", "this help"], ["Esc", "close help or theatre, else clear the mark"],
];

/** The player's keys, as aria-keyshortcuts names them. */
export const KEYS = "Space K L J ArrowLeft ArrowRight Shift+ArrowLeft Shift+ArrowRight [ ] - + I O D T ? Escape";

/**
 * The action a key stands for, or null (the key is not the player's). Modifier chords are never the player's.
 * @param {KeyLike} ev @returns {Action | null}
 */
export function keyAction(ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return null;
  const k = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
  /** @type {Record<string, Action>} */
  const map = {
    " ": { name: "toggle" }, "k": { name: "pause" }, "l": { name: "playOrFaster" }, "j": { name: "seekBy", arg: -5 },
    "ArrowLeft": { name: "seekBy", arg: ev.shiftKey ? -1 : -5 }, "ArrowRight": { name: "seekBy", arg: ev.shiftKey ? 1 : 5 },
    "[": { name: "step", arg: -1 }, "]": { name: "step", arg: 1 }, "-": { name: "speed", arg: -1 }, "_": { name: "speed", arg: -1 },
    "+": { name: "speed", arg: 1 }, "=": { name: "speed", arg: 1 }, "i": { name: "markIn" }, "o": { name: "markOut" },
    "d": { name: "regionMode" }, "t": { name: "theatre" }, "?": { name: "help" }, "Escape": { name: "escape" },
  };
  return map[k] || null;
}

const TYPING_ROLES = /^(slider|combobox|textbox|spinbutton|listbox|option|grid|gridcell|menu|menuitem|button)$/;

/**
 * Whether a key pressed on `target` belongs to another widget (a text box, a slider, the data grid) and not to
 * the player in `box`. Inside the player, its speed menu and skip-idle box keep arrows and space.
 * @param {Element | null} target @param {Element} box @param {string} key
 */
export function keyBelongsElsewhere(target, box, key) {
  if (!target || target.nodeType !== 1) return false;
  if (!box.contains(target)) {
    return /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName) || /** @type {HTMLElement} */ (target).isContentEditable ||
      TYPING_ROLES.test(target.getAttribute("role") || "");
  }
  return /^(INPUT|SELECT)$/.test(target.tagName) && key !== "?" && (key.startsWith("Arrow") || key === " ");
}

/**
 * Pointer on the timeline: click or drag seeks (reported when released), Shift+drag marks a span, hovering
 * shows a tooltip.
 * @param {HTMLCanvasElement} tl
 * @param {{model: () => Model, seek: (t: number, report: boolean) => void, markSpan: (a: number, b: number, done: boolean) => void,
 *   tooltip: (t: number) => string}} on
 */
export function timelineInput(tl, on) {
  /** @param {PointerEvent} ev */
  const timeAt = (ev) => {
    const r = tl.getBoundingClientRect(), m = on.model();
    return m.start + Math.min(1, Math.max(0, (ev.clientX - r.left) / r.width)) * (m.end - m.start);
  };
  /** @type {number | null} */
  let marking = null;
  let dragging = false;
  tl.onpointerdown = (ev) => {
    tl.setPointerCapture?.(ev.pointerId);
    if (ev.shiftKey) { marking = timeAt(ev); on.markSpan(marking, marking, false); return; }
    dragging = true; on.seek(timeAt(ev), false);
  };
  tl.onpointermove = (ev) => {
    if (marking !== null) { on.markSpan(marking, timeAt(ev), false); return; }
    if (dragging) { on.seek(timeAt(ev), false); return; }
    tl.title = on.tooltip(timeAt(ev));
  };
  tl.onpointerup = (ev) => {
    if (marking !== null) { const a = marking; marking = null; on.markSpan(a, timeAt(ev), true); return; }
    dragging = false; on.seek(timeAt(ev), true);
  };
}

/**
 * Pointer on a screen: in region mode a drag draws a rectangle in that screen's pixels; otherwise a click on a
 * thumbnail chooses the screen shown large.
 * @param {HTMLCanvasElement} canvas
 * @param {import("./types.js").Screen} screen
 * @param {{regionMode: () => boolean, drawing: (rect: number[] | null, done: boolean) => void, choose: () => void}} on
 */
export function screenInput(canvas, screen, on) {
  /** @param {PointerEvent} ev @returns {[number, number]} */
  const at = (ev) => {
    const r = canvas.getBoundingClientRect();
    return [Math.min(screen.width, Math.max(0, ((ev.clientX - r.left) / r.width) * screen.width)),
            Math.min(screen.height, Math.max(0, ((ev.clientY - r.top) / r.height) * screen.height))];
  };
  /** @param {[number, number]} a @param {[number, number]} b */
  const rect = (a, b) => [screen.id, Math.round(Math.min(a[0], b[0])), Math.round(Math.min(a[1], b[1])),
    Math.round(Math.abs(b[0] - a[0])), Math.round(Math.abs(b[1] - a[1]))];
  /** @type {[number, number] | null} */
  let from = null;
  canvas.onpointerdown = (ev) => {
    if (!on.regionMode()) { on.choose(); return; }
    ev.preventDefault(); canvas.setPointerCapture?.(ev.pointerId);
    from = at(ev); on.drawing(rect(from, from), false);
  };
  canvas.onpointermove = (ev) => { if (from) on.drawing(rect(from, at(ev)), false); };
  canvas.onpointerup = (ev) => {
    if (!from) return;
    const r = rect(from, at(ev)); from = null;
    on.drawing(r, true);
  };
}
