// The player's state machine: every control is a transition on a PlayerState. Pure (no DOM, no clock):
// the controller (main.js) draws and reports after each transition.

import { advance, clamp, nextSpeed, stepFrom } from "./clock.js";
import { cursorAt, screenAt } from "./model.js";

/** @typedef {import("./types.js").Model} Model */
/** @typedef {import("./types.js").PlayerState} PlayerState */

/** How long "skipping idle" stays up after a skip, so a short gap's notice can still be read (ms). */
export const SKIP_NOTICE_MS = 1200;

/** @param {Model} m @returns {PlayerState} */
export function initialState(m) {
  return { t: m.start, playing: false, speed: 1, skipIdle: true, skipping: null, skippedAt: -Infinity,
           mark: { t0: null, t1: null, regions: [] }, regionMode: false, help: false, theatre: false,
           chosen: null, large: m.screens[0].id, frames: 0 };
}

/** @param {PlayerState} s @param {Model} m @param {number} t */
export function seek(s, m, t) {
  s.t = clamp(m, t);
  s.skipping = null;
  followPointer(s, m);
}

/** Play, pause (play false) or toggle; playing from the end starts again. @param {PlayerState} s @param {Model} m @param {boolean} [play] */
export function togglePlay(s, m, play) {
  s.playing = play === undefined ? !s.playing : play;
  if (s.playing && s.t >= m.end) s.t = m.start;
  if (!s.playing) s.skipping = null;
}

/** @param {PlayerState} s @param {number} dir */
export function changeSpeed(s, dir) { s.speed = nextSpeed(s.speed, dir); }

/** @param {PlayerState} s @param {Model} m @param {number} dir */
export function step(s, m, dir) {
  const t = stepFrom(m.steps, s.t, dir);
  if (t !== null) seek(s, m, t);
}

/**
 * One animation frame while playing: the playhead moves, an idle gap is skipped (noted with `now`).
 * @param {PlayerState} s @param {Model} m @param {number} dt  wall seconds @param {number} now  ms
 */
export function tick(s, m, dt, now) {
  if (!s.playing) return;
  const r = advance(m, s.t, dt, s.speed, s.skipIdle);
  s.t = r.t;
  s.frames++;
  if (r.skipping) { s.skipping = r.skipping; s.skippedAt = now; }
  else if (now - s.skippedAt > SKIP_NOTICE_MS) s.skipping = null;
  if (r.ended) togglePlay(s, m, false);
  followPointer(s, m);
}

/** Whether "skipping idle" shows at `now` (ms). @param {PlayerState} s @param {number} now */
export function showsSkipping(s, now) {
  return s.skipping !== null && (s.playing || now - s.skippedAt <= SKIP_NOTICE_MS);
}

/** With several screens, the large one follows the pointer unless one was chosen. @param {PlayerState} s @param {Model} m */
export function followPointer(s, m) {
  if (s.chosen !== null) { s.large = s.chosen; return; }
  const at = screenAt(m, cursorAt(m, s.t));
  if (at !== null) s.large = at;
}

/** Choose the screen shown large; choosing the chosen one again follows the pointer. @param {PlayerState} s @param {Model} m @param {number} id */
export function chooseScreen(s, m, id) {
  s.chosen = s.chosen === id ? null : id;
  if (s.chosen !== null) s.large = id;
  followPointer(s, m);
}

/** @param {PlayerState} s */
export function markIn(s) {
  const k = s.mark;
  k.t0 = s.t;
  if (k.t1 !== null && k.t1 < k.t0) k.t1 = null;
}

/** @param {PlayerState} s @param {Model} m */
export function markOut(s, m) {
  const k = s.mark;
  k.t1 = s.t;
  if (k.t0 === null) k.t0 = m.start;
  if (k.t0 > k.t1) [k.t0, k.t1] = [k.t1, k.t0];
}

/** A span marked by dragging from `a` to `b`. @param {PlayerState} s @param {number} a @param {number} b */
export function markSpan(s, a, b) { s.mark.t0 = Math.min(a, b); s.mark.t1 = Math.max(a, b); }

/** @param {PlayerState} s */
export function clearMark(s) { s.mark = { t0: null, t1: null, regions: [] }; }

/** A region drawn on a screen, kept when it is at least 4x4 pixels. @param {PlayerState} s @param {number[]} r  [screen, x, y, w, h] */
export function addRegion(s, r) {
  if (r[3] >= 4 && r[4] >= 4) { s.mark.regions.push(r); return true; }
  return false;
}

/** @param {PlayerState} s @param {boolean} [on] */
export function toggleRegionMode(s, on) { s.regionMode = on === undefined ? !s.regionMode : on; }

/** @param {PlayerState} s @param {boolean} [on] */
export function toggleHelp(s, on) { s.help = on === undefined ? !s.help : on; }

/** @param {PlayerState} s @param {boolean} [on] */
export function toggleTheatre(s, on) { s.theatre = on === undefined ? !s.theatre : on; }

/** Esc: closes the help, else leaves theatre mode, else leaves region mode and clears the mark. @param {PlayerState} s */
export function escape(s) {
  if (s.help) s.help = false;
  else if (s.theatre) s.theatre = false;
  else { s.regionMode = false; clearMark(s); return "cleared"; }
  return "closed";
}

/** What the mark bridge sends to Python (t0 only once the span is closed). @param {PlayerState} s @param {string} hash */
export function markMessage(s, hash) {
  const k = s.mark;
  return { hash, t0: k.t1 === null ? null : k.t0, t1: k.t1, regions: k.regions };
}
