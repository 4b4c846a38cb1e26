// The loader: which images to load around the playhead (pure), and loading them by URL from the image route
// (viewer/ui/media_route.py): the frames at the playhead first, then a prefetch window nearest first, a few
// at a time so a seek's frame never waits long.

import { bisectRight } from "./model.js";

/** @typedef {import("./types.js").Model} Model */
/** @typedef {import("./types.js").Screen} Screen */
/** @typedef {HTMLImageElement | null | "loading"} Slot  null: the route has no such image */

export const MAX_IMAGES = 400, MAX_PREFETCH = 4;

/** The video frame shown at t, rounded down to a multiple of `step`. @param {Model} m @param {number} t @param {number} step */
export function videoFrame(m, t, step) {
  const v = /** @type {import("./types.js").Video} */ (m.video);
  const f = Math.floor(Math.max(0, t - v.t0) * v.fps);
  return Math.min(Math.floor(f / step) * step, Math.max(0, v.frames - 1));
}

/** The image key ("s:INDEX" a screenshot, "v:FRAME" a video frame) on `screen` at t, or null before the first. @param {Model} m @param {Screen} screen @param {number} t */
export function keyAt(m, screen, t) {
  if (m.video && m.video.screen === screen.id) return `v:${videoFrame(m, t, 1)}`;
  const sb = m.shotsBy[screen.id], j = bisectRight(sb.t, t) - 1;
  return j >= 0 ? `s:${sb.index[j]}` : null;
}

/**
 * The keys worth having near t: ahead (more while playing fast), and a few behind when paused.
 * @param {Model} m @param {number} t @param {number} speed @param {boolean} playing @returns {string[]}
 */
export function wantedKeys(m, t, speed, playing) {
  const ahead = Math.max(8, 6 * speed), keys = [];
  for (const s of m.screens) {
    if (m.video && m.video.screen === s.id) {
      const step = Math.max(1, Math.round(m.video.fps * Math.max(0.2, speed / 8)));
      const f0 = videoFrame(m, t, step);
      for (let f = f0; f <= videoFrame(m, t + ahead / 2, step) && keys.length < 40; f += step) keys.push(`v:${f}`);
      if (!playing) for (let f = f0 - step; f >= Math.max(0, f0 - 5 * step); f -= step) keys.push(`v:${f}`);
      continue;
    }
    const sb = m.shotsBy[s.id], j = bisectRight(sb.t, t) - 1;
    for (let k = Math.max(0, j); k < sb.t.length && (k <= j + 1 || sb.t[k] <= t + ahead) && k <= j + 6; k++) keys.push(`s:${sb.index[k]}`);
    for (let k = j - 1; k >= Math.max(0, j - 2); k--) keys.push(`s:${sb.index[k]}`);  // stepping back is instant too
  }
  return keys;
}

/** Images by key, loaded from the route; `onLoad` runs when one arrives (or fails). */
export class ImageLoader {
  /** @param {number} maxWidth  the player's image width @param {() => void} onLoad */
  constructor(maxWidth, onLoad) {
    /** @type {Map<string, Slot>} */ this.images = new Map();
    /** @type {Map<string, HTMLImageElement>} */ this.pending = new Map();
    /** @type {Record<number, HTMLImageElement>} the last image drawn per screen, shown while the next loads */
    this.shown = {};
    this.media = "";
    this.maxWidth = maxWidth;
    /** @type {number} the width asked of the route: as wide as the large screen is shown */
    this.width = 0;
    this.onLoad = onLoad;
  }

  /** A new route URL (a fresh token): images it refused may load now. @param {string} media */
  setMedia(media) {
    if (this.media === media) return;
    this.media = media;
    for (const [key, img] of this.images) if (img === null) this.images.delete(key);
  }

  /**
   * As wide as the large screen is shown (device pixels, in steps of 160), at most the player's image width:
   * the server decodes and sends less. It only grows (theatre mode): images already loaded stay usable.
   * @param {number} shownPx
   */
  fitWidth(shownPx) {
    if (shownPx > 0) this.width = Math.max(this.width, Math.min(this.maxWidth, Math.ceil(shownPx / 160) * 160));
  }

  /** @param {string} key */
  url(key) { return `${this.media}/${encodeURIComponent(key)}?w=${this.width || this.maxWidth}`; }

  /** @param {string} key */
  load(key) {
    const img = new Image();
    this.images.set(key, "loading"); this.pending.set(key, img);
    /** @param {HTMLImageElement | null} value */
    const done = (value) => {
      if (this.pending.get(key) !== img) return;  // cancelled (or evicted) meanwhile
      this.pending.delete(key);
      if (this.images.get(key) === "loading") this.images.set(key, value);
      this.onLoad();
    };
    img.src = this.url(key);
    img.decode().then(() => done(img), () => done(null));  // decoded before it is drawn: no jank on the canvas
  }

  /** Drop the loads not in `keep` (frees the connection for what is wanted now). @param {Set<string>} keep */
  cancelStale(keep) {
    for (const [key, img] of this.pending) {
      if (keep.has(key)) continue;
      this.pending.delete(key); this.images.delete(key);
      img.src = "";
    }
  }

  /**
   * Ask for the images at the playhead (`urgent`) and then the prefetch window; after a seek the prefetch
   * waits for the frame at the playhead (it would share the server's CPU).
   * @param {string[]} urgent @param {string[]} wanted @param {boolean} playing
   */
  request(urgent, wanted, playing) {
    if (!this.media) return;
    this.cancelStale(new Set([...urgent, ...wanted]));
    for (const key of this.images.keys()) {
      if (this.images.size <= MAX_IMAGES) break;
      if (!this.pending.has(key)) this.images.delete(key);
    }
    for (const k of urgent) if (!this.images.has(k)) this.load(k);
    if (!playing && urgent.some((k) => this.pending.has(k))) return;
    for (const k of wanted) {
      if (this.pending.size >= MAX_PREFETCH) break;
      if (!this.images.has(k)) this.load(k);
    }
  }

  /**
   * What to draw for `screen` at t: [image or null, key drawn | "pending" | "missing" | "none"].
   * @param {Model} m @param {Screen} screen @param {number} t @returns {[HTMLImageElement | null, string]}
   */
  imageFor(m, screen, t) {
    if (m.video && m.video.screen === screen.id) {
      const f = videoFrame(m, t, 1);
      for (let k = 0; k < 400; k++) {
        const a = this.images.get(`v:${f - k}`);
        if (a && a !== "loading") return [a, `v:${f - k}`];
      }
      return [this.shown[screen.id] || null, "pending"];
    }
    const key = keyAt(m, screen, t);
    if (key === null) return [null, "none"];
    const img = this.images.get(key);
    if (img === null) return [null, "missing"];
    if (img && img !== "loading") return [img, key];
    return [this.shown[screen.id] || null, "pending"];
  }
}
