// The model: the payload read (its version checked) and "what is on screen at t", as pure functions.
// The same rules as viewer/replay/timeline.py (the clip renderer's); tests/js and a pytest parity test hold
// the two to the same answers.

/** @typedef {import("./types.js").Payload} Payload */
/** @typedef {import("./types.js").Model} Model */
/** @typedef {import("./types.js").LogRow} LogRow */
/** @typedef {import("./types.js").Span} Span */

export const PAYLOAD_VERSION = 2;
export const KEY_S = 3.0, TYPED_S = 10.0;

/** Index of the first element of the sorted `a` greater than `x`. @param {ArrayLike<number>} a @param {number} x */
export function bisectRight(a, x) {
  let lo = 0, hi = a.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (a[m] <= x) lo = m + 1; else hi = m; }
  return lo;
}

/** m:ss.s @param {number} t */
export function fmt(t) {
  t = Math.max(0, t);
  const m = Math.floor(t / 60), s = t - m * 60;
  return `${m}:${s < 10 ? "0" : ""}${s.toFixed(1)}`;
}

/** Running sums of `steps`, divided by `scale`. @param {number[]} steps @param {number} scale */
function cumulative(steps, scale) {
  let acc = 0;
  return Float64Array.from(steps, (v) => (acc += v) / scale);
}

/**
 * The payload made ready to draw. Throws on a payload of another version (a stale page after an upgrade).
 * @param {Payload} p
 * @returns {Model}
 */
export function readPayload(p) {
  if (!p || p.version !== PAYLOAD_VERSION) {
    throw new Error(`replay payload version ${p && p.version} is not ${PAYLOAD_VERSION}: reload the page`);
  }
  /** @type {Record<number, {t: number[], index: number[]}>} */
  const shotsBy = {};
  for (const s of p.screens) shotsBy[s.id] = { t: [], index: [] };
  const fallback = p.screens[0].id;
  p.screenshots.t.forEach((t, i) => {
    const sc = p.screenshots.screen[i];
    const targets = sc < 0 ? p.screens.map((s) => s.id) : [sc in shotsBy ? sc : fallback];
    for (const id of targets) { shotsBy[id].t.push(t); shotsBy[id].index.push(i); }
  });
  /** @type {Model} */
  const m = {
    session: p.session, hash: p.hash, start: p.start, end: Math.max(p.duration, p.start), screens: p.screens,
    pointer: { t: cumulative(p.pointer.t_ms_steps, 1000), x: cumulative(p.pointer.x_steps, 1),
               y: cumulative(p.pointer.y_steps, 1) },
    clicks: p.clicks, scrolls: p.scrolls, keys: p.keys, focus: p.focus, switches: p.app_switches,
    shots: p.screenshots, shotsBy, video: p.video, steps: p.steps,
    idle: p.idle.t_start.map((a, i) => /** @type {[number, number]} */ ([a, p.idle.t_end[i]])),
    idleThreshold: p.idle_threshold, spans: p.spans, reviewRev: p.review_rev || "", log: { t: [], rows: [] },
  };
  m.log = eventLog(m);
  return m;
}

/**
 * Every event but pointer moves, as [t, type, detail] sorted by time: the live log inside the player.
 * @param {Model} m
 * @returns {{t: number[], rows: LogRow[]}}
 */
export function eventLog(m) {
  /** @type {LogRow[]} */
  const rows = [];
  const c = m.clicks;
  c.t.forEach((t, i) => rows.push([t, c.drag_end_t[i] !== null ? "drag" : c.count[i] > 1 ? "double click" : "click",
    `${c.button[i]} (${c.x[i]}, ${c.y[i]})`]));
  const s = m.scrolls;
  s.t.forEach((t, i) => rows.push([t, "scroll", `${s.dy[i] > 0 ? "down" : "up"} (${s.x[i]}, ${s.y[i]})`]));
  m.keys.t.forEach((t, i) => rows.push([t, m.keys.kind[i] === "text" ? "text" : "key", m.keys.label[i]]));
  m.focus.t.forEach((t, i) => rows.push([t, "focus", `${m.focus.app[i]} — ${m.focus.title[i]}`]));
  m.shots.t.forEach((t, i) => rows.push([t, "screenshot", m.shots.screen[i] >= 0 ? `screen ${m.shots.screen[i]}` : ""]));
  rows.sort((a, b) => a[0] - b[0]);
  return { t: rows.map((r) => r[0]), rows };
}

/** The pointer's last position at or before t. @param {Model} m @param {number} t @returns {[number, number] | null} */
export function cursorAt(m, t) {
  const i = bisectRight(m.pointer.t, t) - 1;
  return i >= 0 ? [m.pointer.x[i], m.pointer.y[i]] : null;
}

/** [app, title] focused at t. @param {Model} m @param {number} t @returns {[string, string]} */
export function focusAt(m, t) {
  const i = bisectRight(m.focus.t, t) - 1;
  return i >= 0 ? [m.focus.app[i], m.focus.title[i]] : ["", ""];
}

/** The idle gap t is in (start included, end excluded). @param {Model} m @param {number} t */
export function idleAt(m, t) {
  for (const gap of m.idle) if (t >= gap[0] && t < gap[1]) return gap;
  return null;
}

/** Modifiers held at t (t_end null: never released). @param {Model} m @param {number} t @returns {string[]} */
export function heldAt(m, t) {
  return m.keys.held.filter((h) => h.t_start <= t && (h.t_end === null || t < h.t_end)).map((h) => h.key);
}

/** The last few key labels in the KEY_S seconds up to t (text chunks quoted). @param {Model} m @param {number} t */
export function recentKeys(m, t) {
  const k = m.keys, hi = bisectRight(k.t, t), out = [];
  for (let i = hi - 1; i >= 0 && k.t[i] > t - KEY_S && out.length < 10; i--) {
    out.unshift(k.kind[i] === "text" ? `“${k.label[i].slice(0, 24)}”` : k.label[i]);
  }
  return out;
}

/**
 * What a key press adds to the typed line: a string, "\b" (Backspace) or "\n" (Enter clears the line).
 * Hotkeys type nothing. The same rule as viewer/replay/timeline.py's `typed_edit`.
 * @param {string} label @param {import("./types.js").KeyKind} kind
 */
export function typedEdit(label, kind) {
  if (kind === "text") return label;
  if (kind !== "press") return "";
  if (label === "Backspace") return "\b";
  if (label === "Enter") return "\n";
  if (label === "Tab") return " ⇥ ";
  if (label === "Space") return " ";
  return [...label].length === 1 ? label : "";
}

/** Text typed in the TYPED_S seconds up to t, Backspace and Enter applied, its last 60 characters. @param {Model} m @param {number} t */
export function typedAt(m, t) {
  const k = m.keys, hi = bisectRight(k.t, t);
  let lo = hi;
  while (lo > 0 && k.t[lo - 1] > t - TYPED_S) lo--;
  let buf = "";
  for (let i = lo; i < hi; i++) {
    const e = typedEdit(k.label[i], k.kind[i]);
    if (e === "\b") buf = [...buf].slice(0, -1).join("");
    else if (e === "\n") buf = "";
    else buf += e;
  }
  return [...buf].slice(-60).join("");
}

/** The flags whose span holds t. @param {Model} m @param {number} t @returns {Span[]} */
export function flagsAt(m, t) {
  return m.spans.filter((sp) => sp.kind === "flag" && sp.t0 <= t && t <= sp.t1);
}

/** The screen whose rectangle holds the point, or null. @param {Model} m @param {[number, number] | null} p */
export function screenAt(m, p) {
  if (!p) return null;
  const s = m.screens.find((s) => p[0] >= s.x && p[0] < s.x + s.width && p[1] >= s.y && p[1] < s.y + s.height);
  return s ? s.id : null;
}
