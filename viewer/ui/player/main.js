// The controller and the component's entry: wires the state machine (state.js), the clock, the loader
// (images.js), the renderer and input to Streamlit. Called again with new data on every Streamlit rerun.

import { eventLog, readPayload } from "./model.js";
import { ImageLoader, keyAt, wantedKeys } from "./images.js";
import { keyAction, keyBelongsElsewhere, screenInput, timelineInput } from "./input.js";
import { render, tooltip } from "./render.js";
import * as machine from "./state.js";
import { build, fitToWindow, placeScreens } from "./view.js";

/** @typedef {import("./types.js").Model} Model */
/** @typedef {import("./types.js").Payload} Payload */
/** @typedef {import("./types.js").PlayerState} PlayerState */
/**
 * @typedef {{payload: Payload, seek: {t: number, n: number}, show?: number, image_width?: number, media?: string}} Data
 * @typedef {Object} Player
 * @property {Model} m
 * @property {PlayerState} s
 * @property {import("./view.js").View} v
 * @property {ImageLoader} images
 * @property {import("./render.js").Canvases} canvases
 * @property {boolean} dirty
 * @property {boolean} alive
 * @property {boolean} announced
 * @property {number | null} seekN
 * @property {number} showN
 * @property {number} raf
 * @property {number} last
 * @property {number} lastAsk
 * @property {ReturnType<typeof setTimeout> | undefined} reportTimer
 * @property {ReturnType<typeof setTimeout> | undefined} markTimer
 * @property {ReturnType<typeof setTimeout> | undefined} verifyTimer
 * @property {number} verifyTries
 * @property {() => void} stop
 */

/** Python's side panel follows once the playhead rests this long; nothing is posted while playing (no rerun
 * then, so nothing on the page goes stale). ANNOUNCE_BY_MS: an image route that never answers holds nothing back. */
export const REPORT_AFTER_MS = 1000, ANNOUNCE_BY_MS = 3000;
/**
 * After a post the URL must hold the rest's t; else it is posted again, at most VERIFY_TRIES times a rest (20 s:
 * on a loaded machine the rerun from opening can land that late and write its t back).
 */
export const VERIFY_AFTER_MS = 2500, VERIFY_TRIES = 8;

/** @param {Player} P */
function requestImages(P) {
  const { m, s } = P;
  if (!P.images.width) fitImages(P);
  const urgent = /** @type {string[]} */ (m.screens.map((sc) => keyAt(m, sc, s.t)).filter((k) => k));
  P.images.request(urgent, wantedKeys(m, s.t, s.speed, s.playing), s.playing);
}

/** Images are asked for as wide as the large screen is shown. @param {Player} P */
function fitImages(P) {
  P.images.fitWidth(Math.max(0, ...P.v.views.map((sv) => sv.canvas.clientWidth)) * (window.devicePixelRatio || 1));
}

/** After every change: drawn on the next frame, images asked for. @param {Player} P */
function changed(P) { P.dirty = true; requestImages(P); }

/**
 * A paused or seeked playhead goes into the URL (a link to this moment) and, once it rests, to Python.
 * @param {Player} P @param {boolean} [again] a repeat by verifyUrl (keeps its count of tries)
 */
function report(P, again = false) {
  if (!again) P.verifyTries = 0;
  const url = new URL(window.location.href);
  url.searchParams.set("session", P.m.session);
  url.searchParams.set("t", P.s.t.toFixed(1));
  window.history.replaceState(window.history.state, "", url.toString());
  clearTimeout(P.reportTimer);
  P.reportTimer = setTimeout(() => postPosition(P), REPORT_AFTER_MS);
}

/**
 * A message for a bridge (bridge.js). It is also kept on window as the latest of its kind, for a bridge that
 * mounts after this moment or still holds the previous session: that one delivers the latest, never an older
 * one (a first frame's t delivered after a seek would move the URL back).
 * @param {string} event @param {string} key @param {{hash: string, [k: string]: unknown}} detail
 */
function post(event, key, detail) {
  /** @type {any} */ (window)[key] = { detail, delivered: false };
  window.dispatchEvent(new CustomEvent(event, { detail }));
}

/** @param {Player} P */
function postPosition(P) {
  if (!P.announced || P.s.playing) return;  // the first report waits for the first frame
  post("trace-replay:pos", "__traceReplayPos", { hash: P.m.hash, t: Number(P.s.t.toFixed(3)) });
  clearTimeout(P.verifyTimer);
  P.verifyTimer = setTimeout(() => verifyUrl(P), VERIFY_AFTER_MS);
}

/**
 * The URL can lose a rest's t: a rerun still in flight from opening writes its own t after the player's, or
 * the post went out while the page was being drawn again and Streamlit folded it away. A paused player then
 * reports again; a few tries at most, so a seek made in Python (which moves the player too) always wins.
 * @param {Player} P
 */
function verifyUrl(P) {
  if (!P.alive || P.s.playing) return;
  if (new URL(window.location.href).searchParams.get("t") === P.s.t.toFixed(1)) return;
  if (P.verifyTries >= VERIFY_TRIES) return;
  P.verifyTries += 1;
  report(P, true);
}

/** The first frame is up (or known missing): Python draws the rest of the page. @param {Player} P */
function announce(P) {
  if (P.announced || !P.alive) return;
  P.announced = true;
  setTimeout(() => postPosition(P), 0);  // out of the frame that drew it
}

/** The mark goes to Python (the review forms start from it) and into data-mark for tests. @param {Player} P */
function sendMark(P) {
  const k = P.s.mark, b = P.v.box.dataset, n = k.regions.length;
  b.mark = k.t0 === null ? "" : `${k.t0.toFixed(3)},${k.t1 === null ? "" : k.t1.toFixed(3)}`;
  b.regions = String(n);
  const fmtT = (/** @type {number} */ t) => `${Math.floor(t / 60)}:${(t % 60).toFixed(1).padStart(4, "0")}`;
  P.v.mark.textContent = k.t0 === null ? (n ? `${n} region(s)` : "")
    : `mark ${fmtT(k.t0)}–${k.t1 === null ? "…" : fmtT(k.t1)}${n ? ` · ${n} region(s)` : ""}`;
  P.dirty = true;
  clearTimeout(P.markTimer);
  const detail = machine.markMessage(P.s, P.m.hash);
  P.markTimer = setTimeout(() => post("trace-replay:mark", "__traceReplayMark", detail), 250);
}

/**
 * Run one action (a key, a button) through the state machine, then draw and report.
 * @param {Player} P @param {string} name @param {number} [arg]
 */
function act(P, name, arg = 0) {
  const { m, s } = P;
  const wasPlaying = s.playing;
  switch (name) {
    case "toggle": machine.togglePlay(s, m); break;
    case "pause": machine.togglePlay(s, m, false); break;
    case "playOrFaster": if (s.playing) machine.changeSpeed(s, 1); else machine.togglePlay(s, m, true); break;
    case "seekBy": machine.seek(s, m, s.t + arg); report(P); break;
    case "step": machine.step(s, m, arg); report(P); break;
    case "prev": machine.step(s, m, -1); report(P); break;
    case "next": machine.step(s, m, 1); report(P); break;
    case "speed": machine.changeSpeed(s, arg); P.v.speed.value = String(s.speed); break;
    case "markIn": machine.markIn(s); sendMark(P); break;
    case "markOut": machine.markOut(s, m); sendMark(P); break;
    case "clear": machine.clearMark(s); sendMark(P); break;
    case "region": case "regionMode": machine.toggleRegionMode(s); break;
    case "theatre": machine.toggleTheatre(s); requestAnimationFrame(() => fit(P)); break;
    case "help": machine.toggleHelp(s); break;
    case "escape": {
      const wasTheatre = s.theatre;
      if (machine.escape(s) === "cleared") sendMark(P);
      if (wasTheatre !== s.theatre) requestAnimationFrame(() => fit(P));
      break;
    }
    default: return false;
  }
  if (wasPlaying && !s.playing) report(P);
  changed(P);
  draw(P, performance.now());  // at once: what a key did shows before the next animation frame
  return true;
}

/** @param {Player} P @param {number} now */
function draw(P, now) {
  P.dirty = false;
  placeScreens(P.v, P.s.large);
  const drawn = render(P.v, P.m, P.s, P.images, P.canvases, now);
  if (drawn.some((k) => k !== "pending")) announce(P);
}

/** @param {Player} P */
function fit(P) { if (fitToWindow(P.v, P.s.theatre)) { fitImages(P); P.dirty = true; } }

/** @param {Player} P @param {KeyboardEvent} ev */
function onKey(P, ev) {
  if (!P.v.box.isConnected) return;
  const target = /** @type {Element | null} */ (ev.composedPath()[0] || null);
  if (keyBelongsElsewhere(target, P.v.box, ev.key)) return;
  const a = keyAction(ev);
  if (!a || !act(P, a.name, a.arg)) return;
  ev.preventDefault(); ev.stopPropagation();
}

/** @param {Player} P @param {number} now */
function frame(P, now) {
  if (!P.alive) return;
  P.raf = requestAnimationFrame((n) => frame(P, n));
  const dt = (now - (P.last || now)) / 1000;
  P.last = now;
  if (P.s.playing) {
    machine.tick(P.s, P.m, dt, now);
    if (!P.s.playing) report(P);  // it reached the end
    if (now - P.lastAsk > 200) { P.lastAsk = now; requestImages(P); }
  } else if (!P.dirty && !P.s.skipping) return;
  draw(P, now);
}

/** New labels, flags or reveals come with a rerun: take their bands and (un)masked keys, keep the playhead. @param {Player} P @param {Payload} p */
function applyReview(P, p) {
  const m = P.m;
  m.spans = p.spans; m.keys = p.keys; m.reviewRev = p.review_rev || "";
  m.log = eventLog(m); P.canvases.logAt = null; P.canvases.timeline = null; P.dirty = true;
  const count = (/** @type {string} */ k) => m.spans.filter((sp) => sp.kind === k).length;
  P.v.box.dataset.bands = `task:${count("task")},label:${count("label")},flag:${count("flag")}`;
}

/** @param {Element} root @param {Data} data @returns {Player} */
function mount(root, data) {
  const m = readPayload(data.payload), s = machine.initialState(m);
  /** @type {Player} */
  const P = /** @type {any} */ ({ m, s, dirty: true, alive: true, announced: false, seekN: null, showN: data.show || 0, raf: 0, last: 0, lastAsk: 0, verifyTries: 0 });
  P.images = new ImageLoader(data.image_width || 1280, () => { P.dirty = true; requestImages(P); });
  P.canvases = { timeline: null, logAt: null, logLo: null, drawing: null, onSeek: (t) => { machine.seek(s, m, t); report(P); changed(P); } };
  P.v = build(root, m, P.images.maxWidth, {
    button: (name) => act(P, name),
    speed: (v) => { s.speed = v; P.dirty = true; },
    skipIdle: (on) => { s.skipIdle = on; P.dirty = true; },
  });
  timelineInput(P.v.timeline, {
    model: () => P.m,
    seek: (t, done) => { machine.seek(s, P.m, t); if (done) report(P); changed(P); },
    markSpan: (a, b, done) => { machine.markSpan(s, a, b); if (done) sendMark(P); P.dirty = true; },
    tooltip: (t) => tooltip(P.m, t),
  });
  for (const sv of P.v.views) {
    screenInput(sv.canvas, sv.screen, {
      regionMode: () => s.regionMode,
      drawing: (rect, done) => {
        P.canvases.drawing = done ? null : rect;
        if (done && machine.addRegion(s, /** @type {number[]} */ (rect))) sendMark(P);
        if (done) P.v.box.focus({ preventScroll: true });
        P.dirty = true;
      },
      choose: () => {
        if (m.screens.length < 2 || (sv.screen.id === s.large && s.chosen === null)) return;
        machine.chooseScreen(s, m, sv.screen.id); changed(P);
      },
    });
  }
  placeScreens(P.v, s.large);
  const onKeyDown = (/** @type {KeyboardEvent} */ ev) => onKey(P, ev);
  document.addEventListener("keydown", onKeyDown, true);
  const onResize = () => fit(P);
  window.addEventListener("resize", onResize);
  const refit = setInterval(onResize, 1000);  // what Streamlit draws above the player can change its place
  P.stop = () => {
    P.alive = false; cancelAnimationFrame(P.raf); clearTimeout(P.verifyTimer);
    P.images.cancelStale(new Set());
    document.removeEventListener("keydown", onKeyDown, true);
    window.removeEventListener("resize", onResize);
    clearInterval(refit);
  };
  requestAnimationFrame(() => fit(P));
  setTimeout(() => announce(P), ANNOUNCE_BY_MS);
  P.raf = requestAnimationFrame((n) => frame(P, n));
  return P;
}

/** @param {{data: Data, parentElement: Element & {__replay?: Player}}} component */
export default function (component) {
  const { data, parentElement } = component;
  if (!data || !data.payload) return;
  let P = parentElement.__replay;
  const fresh = !P || P.m.hash !== data.payload.hash;
  if (!P || fresh) {
    if (P) P.stop();
    P = mount(parentElement, data);
    parentElement.__replay = P;
  }
  const p = data.payload;
  P.images.setMedia(data.media || "");
  if (P.m.idleThreshold !== p.idle_threshold) {
    P.m.idle = p.idle.t_start.map((a, i) => /** @type {[number, number]} */ ([a, p.idle.t_end[i]]));
    P.m.idleThreshold = p.idle_threshold;
    P.v.idleLabel.textContent = ` skip idle > ${p.idle_threshold}s`; P.canvases.timeline = null; P.dirty = true;
  }
  if (P.m.reviewRev !== (p.review_rev || "") || !P.v.box.dataset.bands) applyReview(P, p);
  const sk = data.seek;
  let show = (data.show || 0) !== P.showN;
  P.showN = data.show || 0;
  if (sk && sk.n !== P.seekN) {
    show = show || (P.seekN !== null && !fresh);
    P.seekN = sk.n;
    clearTimeout(P.verifyTimer);  // Python wrote this seek's t into the URL itself
    machine.seek(P.s, P.m, Number(sk.t) || 0);
    P.dirty = true;
  }
  // a seek asked for on the page (a suggestion's "Go", an event row) or a reveal brings the player into view
  if (show && !fresh) P.v.box.scrollIntoView({ block: "start", behavior: "instant" });
  requestImages(P);
  const held = P;
  return () => held.stop();
}
