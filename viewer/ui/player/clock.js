// The playback clock: how far the playhead moves in a frame, at which speed, skipping idle gaps. Pure.

import { bisectRight } from "./model.js";

/** @typedef {import("./types.js").Model} Model */

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16];
/** An idle gap is crossed in this many seconds whatever its length. */
export const SKIP_GAP_S = 0.5;
/** The longest frame the clock believes: a tab in the background does not jump ahead on its return. */
export const MAX_FRAME_S = 0.25;

/**
 * Where the playhead is `dt` seconds of wall time later.
 * @param {Model} m
 * @param {number} t  the playhead now
 * @param {number} dt  wall seconds since the last frame
 * @param {number} speed
 * @param {boolean} skipIdle
 * @returns {{t: number, ended: boolean, skipping: [number, number] | null}}  skipping: the gap being crossed fast
 */
export function advance(m, t, dt, speed, skipIdle) {
  dt = Math.min(MAX_FRAME_S, Math.max(0, dt));
  let gap = null;
  if (skipIdle) for (const g of m.idle) if (t >= g[0] && t < g[1]) { gap = g; break; }
  const rate = gap ? Math.max(speed, (gap[1] - gap[0]) / SKIP_GAP_S) : speed;
  const next = Math.min(m.end, t + dt * rate);
  return { t: next, ended: next >= m.end, skipping: gap };
}

/** The next speed up (dir 1) or down (-1) the ladder; an unknown speed counts as 1x. @param {number} speed @param {number} dir */
export function nextSpeed(speed, dir) {
  const i = SPEEDS.indexOf(speed);
  return SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, (i < 0 ? 2 : i) + dir))];
}

/**
 * The time of the previous (dir -1) or next (dir 1) event from t, or null at either end.
 * @param {ArrayLike<number>} steps  sorted @param {number} t @param {number} dir
 */
export function stepFrom(steps, t, dir) {
  const i = dir > 0 ? bisectRight(steps, t + 1e-4) : bisectRight(steps, t - 1e-4) - 1;
  return i >= 0 && i < steps.length ? steps[i] : null;
}

/** The playhead kept inside the session. @param {Model} m @param {number} t */
export function clamp(m, t) {
  return Math.min(m.end, Math.max(m.start, Number.isFinite(t) ? t : m.start));
}
