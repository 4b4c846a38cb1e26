// The player's DOM: built once per session; the renderer fills it, input.js listens on it. Trace text
// (titles, keys, typed text) only ever goes through textContent / canvas fillText, never innerHTML.

import { SPEEDS } from "./clock.js";
import { HELP, KEYS } from "./input.js";

/** @typedef {import("./types.js").Model} Model */
/**
 * @typedef {{screen: import("./types.js").Screen, canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D}} ScreenView
 * @typedef {Object} View
 * @property {HTMLDivElement} box
 * @property {HTMLElement} app
 * @property {HTMLElement} title
 * @property {HTMLDivElement} screens
 * @property {HTMLDivElement} main  holds the large screen
 * @property {HTMLDivElement} thumbs  holds the other screens, small
 * @property {ScreenView[]} views
 * @property {HTMLDivElement} skip  "skipping idle"
 * @property {HTMLElement} keys
 * @property {HTMLElement} typed
 * @property {HTMLElement} held
 * @property {HTMLButtonElement} play
 * @property {HTMLSelectElement} speed
 * @property {HTMLInputElement} idleBox
 * @property {Text} idleLabel
 * @property {HTMLButtonElement} region
 * @property {HTMLButtonElement} theatre
 * @property {HTMLElement} mark
 * @property {HTMLElement} time
 * @property {HTMLCanvasElement} timeline
 * @property {HTMLDivElement} log
 * @property {HTMLDivElement} help
 */

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {string} cls @param {Element} [parent] @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, cls, parent) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (parent) parent.appendChild(e);
  return e;
}

/**
 * Build the player inside `root` (keeping Streamlit's <style> child). `on` gets the controls' clicks.
 * @param {Element} root @param {Model} m @param {number} imgWidth
 * @param {{button: (name: string) => void, speed: (v: number) => void, skipIdle: (on: boolean) => void}} on
 * @returns {View}
 */
export function build(root, m, imgWidth, on) {
  for (const old of root.querySelectorAll(":scope > .rp")) old.remove();
  const box = el("div", "rp", root);
  box.tabIndex = 0;
  box.dataset.testid = "replay-player";
  // what a screen reader says on reaching the player: its name and the keys it answers to
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", "Replay player. Space plays or pauses, arrow keys seek, I and O mark a span, question mark lists the shortcuts");
  box.setAttribute("aria-keyshortcuts", KEYS);
  box.dataset.start = String(m.start); box.dataset.end = String(m.end); box.dataset.session = m.session;
  box.dataset.screens = String(m.screens.length);
  const head = el("div", "rp-head", box);
  const app = el("span", "rp-app", head), title = el("span", "rp-title", head);
  const body = el("div", "rp-body", box);
  const stage = el("div", "rp-stage", body);
  const screens = el("div", m.screens.length > 1 ? "rp-screens rp-multi" : "rp-screens", stage);
  const main = el("div", "rp-main", screens), thumbs = el("div", "rp-thumbs", screens);
  const views = m.screens.map((screen) => {
    const canvas = el("canvas", "rp-screen", main);
    const scale = Math.min(1, imgWidth / screen.width);
    canvas.width = Math.round(screen.width * scale); canvas.height = Math.round(screen.height * scale);
    canvas.dataset.screen = String(screen.id);
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", `Screen ${screen.id} of the recording, with the cursor and the marks`);
    return { screen, canvas, ctx: /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d")) };
  });
  const skip = el("div", "rp-skip", stage);
  skip.dataset.testid = "replay-skipping"; skip.hidden = true; skip.setAttribute("role", "status");
  const over = el("div", "rp-keys", stage);
  const keys = el("div", "rp-keys-recent", over), typed = el("div", "rp-keys-typed", over), held = el("div", "rp-keys-held", over);
  const log = el("div", "rp-log", body);
  log.dataset.testid = "replay-log";
  const bar = el("div", "rp-controls", box);
  /** @param {string} label @param {string} hint @param {string} name */
  const btn = (label, hint, name) => {
    const b = el("button", "rp-btn", bar);
    b.type = "button"; b.textContent = label; b.title = hint;
    // a pointer click hands the keys back to the player; Enter or Space on the button leaves the focus there
    b.onclick = (ev) => { on.button(name); if (ev.detail) box.focus({ preventScroll: true }); };
    return b;
  };
  btn("Prev", "previous event ([)", "prev");
  const play = btn("Play", "play / pause (space)", "toggle");
  btn("Next", "next event (])", "next");
  const speed = el("select", "rp-speed", bar);
  speed.setAttribute("aria-label", "speed");
  for (const v of SPEEDS) { const o = el("option", "", speed); o.value = String(v); o.textContent = `${v}×`; }
  speed.value = "1";
  speed.onchange = () => { on.speed(Number(speed.value)); box.focus({ preventScroll: true }); };
  const idl = el("label", "rp-idle", bar), idleBox = el("input", "", idl);
  idleBox.type = "checkbox"; idleBox.checked = true;
  const idleLabel = idl.appendChild(document.createTextNode(` skip idle > ${m.idleThreshold}s`));
  idleBox.onchange = () => { on.skipIdle(idleBox.checked); box.focus({ preventScroll: true }); };
  const region = btn("Draw region", "draw regions on the screen for a flag (D)", "region");
  region.dataset.testid = "replay-draw-region";
  btn("Clear mark", "clear the marked span and regions (Esc)", "clear");
  const mark = el("span", "rp-mark", bar);
  const time = el("span", "rp-time", bar);
  const theatre = btn("Theatre", "theatre mode: the player fills the window (T)", "theatre");
  theatre.dataset.testid = "replay-theatre";
  btn("?", "keyboard shortcuts (?)", "help").setAttribute("aria-label", "Keyboard shortcuts");
  const timeline = el("canvas", "rp-timeline", box);
  timeline.dataset.testid = "replay-timeline";
  // a slider to assistive technology: focusable, its value the playhead (render.js keeps it current);
  // the arrow keys seek while it (or anything in the player) has the focus
  timeline.tabIndex = 0;
  timeline.setAttribute("role", "slider");
  timeline.setAttribute("aria-label", "Timeline: arrow keys seek, I and O mark a span");
  timeline.setAttribute("aria-valuemin", String(m.start)); timeline.setAttribute("aria-valuemax", String(m.end));
  const help = el("div", "rp-help", box); help.hidden = true;
  help.setAttribute("role", "dialog"); help.setAttribute("aria-label", "Keyboard shortcuts");
  el("div", "rp-help-title", help).textContent = "Keyboard shortcuts";
  for (const [k, v] of HELP) { const r = el("div", "rp-help-row", help); el("kbd", "", r).textContent = k; el("span", "", r).textContent = v; }
  return { box, app, title, screens, main, thumbs, views, skip, keys, typed, held, play, speed, idleBox, idleLabel,
           region, theatre, mark, time, timeline, log, help };
}

/**
 * With several screens: `large` in the main area, the others as thumbnails beside it.
 * @param {View} v @param {number} large
 */
export function placeScreens(v, large) {
  if (v.views.length < 2 || v.box.dataset.large === String(large)) return;
  for (const sv of v.views) {
    const isLarge = sv.screen.id === large;
    sv.canvas.dataset.role = isLarge ? "large" : "thumb";
    sv.canvas.classList.toggle("rp-thumb", !isLarge);
    const parent = isLarge ? v.main : v.thumbs;
    if (sv.canvas.parentElement !== parent) parent.appendChild(sv.canvas);
  }
  v.box.dataset.large = String(large);
}

/**
 * Theatre mode: the player in the browser's top layer (a manual popover), above Streamlit's sidebar and
 * header whatever their stacking, filling the window; CSS (.rp-theatre) lays it out.
 * @param {View} v @param {boolean} on
 */
export function showTheatre(v, on) {
  const box = v.box;
  if (on) {
    if (!box.hasAttribute("popover")) box.setAttribute("popover", "manual");
    if (!box.matches(":popover-open")) box.showPopover();
  } else if (box.hasAttribute("popover")) {
    if (box.matches(":popover-open")) box.hidePopover();
    box.removeAttribute("popover");
  }
}

/**
 * Caps the screens' height so that the player, its controls and the timeline fit in the window without
 * scrolling (at least `min` px tall). Measured as if the page were scrolled to the top. True when it changed.
 * @param {View} v @param {boolean} theatre @param {number} [min] @returns {boolean}
 */
export function fitToWindow(v, theatre, min = 200) {
  const screensTop = v.screens.getBoundingClientRect().top + (theatre ? 0 : scrolledBy(v.box));
  const below = v.timeline.getBoundingClientRect().bottom - v.screens.getBoundingClientRect().bottom;
  const cap = Math.max(min, Math.floor(window.innerHeight - screensTop - below - 12));
  const was = parseFloat(v.box.style.getPropertyValue("--rp-screen-max"));
  if (Math.abs(was - cap) < 2) return false;
  v.box.style.setProperty("--rp-screen-max", `${cap}px`);
  return true;
}

/** How far the scrolling containers above `node` are scrolled (across Streamlit's shadow roots). @param {Node} node */
function scrolledBy(node) {
  let y = window.scrollY;
  /** @type {Node | null} */
  let n = node.parentNode;
  while (n) {
    if (n instanceof Element) y += n.scrollTop;
    n = n instanceof ShadowRoot ? n.host : n.parentNode;
  }
  return y;
}
