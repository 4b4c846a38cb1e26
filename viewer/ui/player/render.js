// The renderer: the screens (image, trail, clicks, scrolls, review marks, cursor), the timeline, and the text
// around them, from the model and the state. Draws only; changes nothing but the DOM it is given.

import { bisectRight, cursorAt, flagsAt, fmt, focusAt, heldAt, idleAt, recentKeys, typedAt } from "./model.js";
import { showsSkipping } from "./state.js";
import { showTheatre } from "./view.js";

/** @typedef {import("./types.js").Model} Model */
/** @typedef {import("./types.js").PlayerState} PlayerState */
/** @typedef {import("./types.js").Screen} Screen */
/** @typedef {import("./view.js").View} View */
/** @typedef {import("./view.js").ScreenView} ScreenView */
/** @typedef {import("./images.js").ImageLoader} ImageLoader */

export const TRAIL_S = 1.5, CLICK_S = 0.8, LOG_ROWS = 7;
const BUTTON_COLOURS = /** @type {Record<string, string>} */ ({ left: "#1e88ff", right: "#ff8c00", middle: "#00b050" });
const BAND = /** @type {Record<string, string>} */ ({ task: "rgba(76,175,80,0.55)", label: "rgba(0,137,123,0.85)",
  flag: "rgba(229,57,53,0.85)", suggested: "rgba(229,57,53,0.35)" });

/**
 * What the renderer keeps between frames (cached timeline layer, the log window drawn).
 * @typedef {{timeline: HTMLCanvasElement | null, logAt: number | null, logLo: number | null, drawing: number[] | null,
 *   onSeek: (t: number) => void}} Canvases
 */

/**
 * One frame. Returns the keys drawn per screen ("pending" while loading) so the controller knows when the
 * first frame is up.
 * @param {View} v @param {Model} m @param {PlayerState} s @param {ImageLoader} images @param {Canvases} c @param {number} now
 */
export function render(v, m, s, images, c, now) {
  const drawn = v.views.map((sv) => drawScreen(sv, m, s, images, c));
  drawTimeline(v.timeline, m, s, c);
  const t = s.t, [app, title] = focusAt(m, t);
  v.app.textContent = app; v.title.textContent = title;
  v.keys.textContent = recentKeys(m, t).join(" ");
  v.typed.textContent = typedAt(m, t);
  const held = heldAt(m, t);
  v.held.textContent = held.length ? `held: ${held.join("+")}` : "";
  v.time.textContent = `${fmt(t)} / ${fmt(m.end)}`;
  v.timeline.setAttribute("aria-valuenow", t.toFixed(1));
  v.timeline.setAttribute("aria-valuetext", `${fmt(t)} of ${fmt(m.end)}`);
  renderLog(v.log, m, t, c);
  v.play.textContent = s.playing ? "Pause" : "Play";
  const skipping = showsSkipping(s, now) && s.skipping;
  v.skip.hidden = !skipping;
  if (skipping) v.skip.textContent = `skipping idle ${fmt(skipping[0])} → ${fmt(skipping[1])}`;
  v.help.hidden = !s.help;
  v.region.classList.toggle("rp-on", s.regionMode); v.region.setAttribute("aria-pressed", String(s.regionMode));
  v.theatre.classList.toggle("rp-on", s.theatre); v.theatre.setAttribute("aria-pressed", String(s.theatre));
  if (v.box.classList.contains("rp-theatre") !== s.theatre) {
    v.box.classList.toggle("rp-theatre", s.theatre);
    showTheatre(v, s.theatre);
  }
  for (const sv of v.views) sv.canvas.classList.toggle("rp-drawing", s.regionMode);
  const cur = cursorAt(m, t), b = v.box.dataset;
  b.t = t.toFixed(3); b.playing = s.playing ? "1" : "0"; b.speed = String(s.speed); b.frames = String(s.frames);
  b.cursor = cur ? `${cur[0]},${cur[1]}` : ""; b.idle = idleAt(m, t) ? "1" : "0"; b.skipping = skipping ? "1" : "0";
  b.help = s.help ? "1" : "0"; b.regionMode = s.regionMode ? "1" : "0"; b.theatre = s.theatre ? "1" : "0";
  return drawn;
}

/** @param {ScreenView} sv @param {Model} m @param {PlayerState} s @param {ImageLoader} images @param {Canvases} c */
function drawScreen(sv, m, s, images, c) {
  const { ctx, canvas, screen } = sv, sx = canvas.width / screen.width, sy = canvas.height / screen.height, t = s.t;
  const [img, key] = images.imageFor(m, screen, t);
  ctx.fillStyle = "#3c3c3c"; ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (img) { ctx.drawImage(img, 0, 0, canvas.width, canvas.height); if (key !== "pending") images.shown[screen.id] = img; }
  canvas.dataset.image = key;
  if (!img) {
    ctx.fillStyle = "#aaa"; ctx.font = "20px sans-serif"; ctx.textAlign = "center";
    ctx.fillText(key === "missing" ? "screenshot missing" : key === "none" ? "no screenshot yet" : "loading…", canvas.width / 2, canvas.height / 2);
    ctx.textAlign = "left";
  }
  /** @param {number} x */ const X = (x) => (x - screen.x) * sx;
  /** @param {number} y */ const Y = (y) => (y - screen.y) * sy;
  /** @param {number} x @param {number} y */
  const on = (x, y) => x >= screen.x && x < screen.x + screen.width && y >= screen.y && y < screen.y + screen.height;
  const p = m.pointer, hi = bisectRight(p.t, t);
  let lo = hi;
  while (lo > 0 && p.t[lo - 1] > t - TRAIL_S) lo--;
  ctx.lineCap = "round";
  for (let i = Math.max(lo, 1); i < hi; i++) {
    if (!on(p.x[i], p.y[i]) || !on(p.x[i - 1], p.y[i - 1])) continue;
    const a = Math.max(0, 1 - (t - p.t[i]) / TRAIL_S);
    ctx.strokeStyle = `rgba(255,215,0,${a})`; ctx.lineWidth = 1 + 3 * a;
    ctx.beginPath(); ctx.moveTo(X(p.x[i - 1]), Y(p.y[i - 1])); ctx.lineTo(X(p.x[i]), Y(p.y[i])); ctx.stroke();
  }
  const ck = m.clicks, chi = bisectRight(ck.t, t);
  for (let i = chi - 1; i >= 0 && ck.t[i] > t - 60; i--) {
    const age = t - ck.t[i], te = ck.drag_end_t[i], col = BUTTON_COLOURS[ck.button[i]] || "#fff";
    if (te !== null && te > t - CLICK_S && on(ck.x[i], ck.y[i])) {
      const ex = ck.drag_end_x[i], ey = ck.drag_end_y[i];
      const end = te <= t && ex !== null && ey !== null ? [ex, ey] : cursorAt(m, t);
      const pi0 = bisectRight(p.t, ck.t[i]) - 1, pi1 = bisectRight(p.t, Math.min(t, te));
      ctx.strokeStyle = col; ctx.lineWidth = 3; ctx.setLineDash([8, 5]); ctx.beginPath(); ctx.moveTo(X(ck.x[i]), Y(ck.y[i]));
      for (let k = Math.max(pi0, 0); k < pi1; k++) ctx.lineTo(X(p.x[k]), Y(p.y[k]));
      if (end) ctx.lineTo(X(end[0]), Y(end[1]));
      ctx.stroke(); ctx.setLineDash([]);
    }
    if (age > CLICK_S || !on(ck.x[i], ck.y[i])) continue;
    const f = age / CLICK_S;
    ctx.strokeStyle = col; ctx.globalAlpha = 1 - f; ctx.lineWidth = 3;
    ctx.beginPath(); ctx.arc(X(ck.x[i]), Y(ck.y[i]), 10 + 20 * f, 0, 2 * Math.PI); ctx.stroke();
    if (ck.count[i] >= 2) { ctx.beginPath(); ctx.arc(X(ck.x[i]), Y(ck.y[i]), 4 + 10 * f, 0, 2 * Math.PI); ctx.stroke(); }
    ctx.globalAlpha = 1;
  }
  const sc = m.scrolls, shi = bisectRight(sc.t, t);
  for (let i = shi - 1; i >= 0 && sc.t[i] > t - CLICK_S; i--) {
    if (!on(sc.x[i], sc.y[i])) continue;
    const x = X(sc.x[i]) + 22, y = Y(sc.y[i]), dir = sc.dy[i] > 0 ? 1 : -1;
    ctx.strokeStyle = "#fff"; ctx.fillStyle = "#fff"; ctx.lineWidth = 3;
    ctx.beginPath(); ctx.moveTo(x, y - dir * 14); ctx.lineTo(x, y + dir * 14); ctx.stroke();
    ctx.beginPath(); ctx.moveTo(x - 7, y + dir * 8); ctx.lineTo(x, y + dir * 18); ctx.lineTo(x + 7, y + dir * 8); ctx.fill();
  }
  drawReview(sv, m, s, c, sx, sy);
  const cur = cursorAt(m, t);
  if (cur && on(cur[0], cur[1])) {
    // the cursor keeps its size on screen however small the screen is drawn (a thumbnail, a 4K screen)
    const k = Math.max(1, canvas.width / Math.max(1, canvas.clientWidth || canvas.width)), x = X(cur[0]), y = Y(cur[1]);
    ctx.fillStyle = "#fff"; ctx.strokeStyle = "#000"; ctx.lineWidth = 1.5 * k;
    ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x, y + 20 * k); ctx.lineTo(x + 5 * k, y + 15 * k); ctx.lineTo(x + 9 * k, y + 23 * k);
    ctx.lineTo(x + 12 * k, y + 21 * k); ctx.lineTo(x + 8 * k, y + 14 * k); ctx.lineTo(x + 14 * k, y + 14 * k); ctx.closePath(); ctx.fill(); ctx.stroke();
  }
  return key;
}

/**
 * While the playhead is in a flagged span: a red tint and frame, the flag's regions outlined; the regions
 * drawn for the mark in blue (dashed).
 * @param {ScreenView} sv @param {Model} m @param {PlayerState} s @param {Canvases} c @param {number} sx @param {number} sy
 */
function drawReview(sv, m, s, c, sx, sy) {
  const { ctx, canvas, screen } = sv, flags = flagsAt(m, s.t);
  let outlined = 0;
  if (flags.length) {
    const solid = flags.some((f) => f.status !== "suggested");
    ctx.fillStyle = "rgba(229,57,53,0.08)"; ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = "#e53935"; ctx.lineWidth = 4; ctx.setLineDash(solid ? [] : [10, 6]); ctx.strokeRect(2, 2, canvas.width - 4, canvas.height - 4);
    for (const f of flags) for (const [scr, x, y, w, h] of f.regions) {
      if (scr !== screen.id) continue;
      ctx.setLineDash(f.status === "suggested" ? [6, 4] : []); ctx.lineWidth = 3; ctx.strokeRect(x * sx, y * sy, w * sx, h * sy); outlined++;
    }
    ctx.setLineDash([]);
  }
  const drawn = s.mark.regions.filter((r) => r[0] === screen.id);
  if (c.drawing && c.drawing[0] === screen.id) drawn.push(c.drawing);
  ctx.strokeStyle = "#1e88e5"; ctx.lineWidth = 3; ctx.setLineDash([8, 4]);
  for (const [, x, y, w, h] of drawn) ctx.strokeRect(x * sx, y * sy, w * sx, h * sy);
  ctx.setLineDash([]);
  canvas.dataset.flagged = flags.length ? "1" : "0"; canvas.dataset.outlined = String(outlined);
}

/** @param {HTMLCanvasElement} tl @param {Model} m @param {PlayerState} s @param {Canvases} c */
function drawTimeline(tl, m, s, c) {
  const ctx = /** @type {CanvasRenderingContext2D} */ (tl.getContext("2d"));
  const w = tl.clientWidth || 800, h = 56, dpr = window.devicePixelRatio || 1;
  if (tl.width !== Math.round(w * dpr)) { tl.width = Math.round(w * dpr); tl.height = h * dpr; c.timeline = null; }
  if (!c.timeline) c.timeline = timelineLayer(m, tl.width, tl.height, dpr);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(c.timeline, 0, 0);
  drawMark(ctx, m, s, tl.width, tl.height, dpr);
  const x = ((s.t - m.start) / Math.max(1e-6, m.end - m.start)) * tl.width;
  ctx.fillStyle = "#e53935"; ctx.fillRect(x - dpr, 0, 2 * dpr, tl.height);
}

/** The parts of the timeline that do not move: idle gaps, bands, event ticks, app switches. @param {Model} m @param {number} W @param {number} H @param {number} dpr */
function timelineLayer(m, W, H, dpr) {
  const cv = document.createElement("canvas"); cv.width = W; cv.height = H;
  const ctx = /** @type {CanvasRenderingContext2D} */ (cv.getContext("2d")), span = Math.max(1e-6, m.end - m.start);
  /** @param {number} t */ const X = (t) => ((t - m.start) / span) * W;
  ctx.fillStyle = "#f2f3f5"; ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = "rgba(120,120,120,0.25)";
  for (const [a, b] of m.idle) ctx.fillRect(X(a), 0, Math.max(1, X(b) - X(a)), H);
  drawBands(ctx, m, X, H, dpr);
  /** @type {[number[], string, number][]} */
  const rows = [[m.clicks.t, "#1e88ff", 12], [m.keys.t, "#2e7d32", 24], [m.shots.t, "#9e9e9e", 36]];
  for (const [ts, col, y] of rows) { ctx.fillStyle = col; for (const t of ts) ctx.fillRect(X(t), y * dpr, Math.max(1, dpr), 9 * dpr); }
  ctx.fillStyle = "#8e24aa";
  for (const t of m.switches.t) ctx.fillRect(X(t) - dpr, 8 * dpr, 2 * dpr, H - 8 * dpr);
  return cv;
}

/**
 * Tasks and labels along the top, flags along the bottom (suggested ones paler, dashed), a faint tint under flags.
 * @param {CanvasRenderingContext2D} ctx @param {Model} m @param {(t: number) => number} X @param {number} H @param {number} dpr
 */
function drawBands(ctx, m, X, H, dpr) {
  for (const sp of m.spans) {
    const x0 = X(sp.t0), w = Math.max(2 * dpr, X(sp.t1) - x0), suggested = sp.kind === "flag" && sp.status === "suggested";
    if (sp.kind === "flag") {
      ctx.fillStyle = suggested ? "rgba(229,57,53,0.06)" : "rgba(229,57,53,0.12)"; ctx.fillRect(x0, 0, w, H);
      ctx.fillStyle = suggested ? BAND.suggested : BAND.flag; ctx.fillRect(x0, H - 8 * dpr, w, 8 * dpr);
      if (suggested) { ctx.strokeStyle = BAND.flag; ctx.lineWidth = dpr; ctx.setLineDash([4 * dpr, 3 * dpr]); ctx.strokeRect(x0, H - 8 * dpr, w, 8 * dpr); ctx.setLineDash([]); }
    } else {
      ctx.fillStyle = BAND[sp.kind] || "rgba(63,81,181,0.5)";
      ctx.fillRect(x0, sp.kind === "label" ? 5 * dpr : 0, w, sp.kind === "label" ? 5 * dpr : 4 * dpr);
    }
  }
}

/** @param {CanvasRenderingContext2D} ctx @param {Model} m @param {PlayerState} s @param {number} W @param {number} H @param {number} dpr */
function drawMark(ctx, m, s, W, H, dpr) {
  const k = s.mark;
  /** @param {number} t */ const X = (t) => ((t - m.start) / Math.max(1e-6, m.end - m.start)) * W;
  if (k.t0 === null) return;
  const x0 = X(k.t0), x1 = k.t1 === null ? x0 : X(k.t1);
  ctx.fillStyle = "rgba(30,136,229,0.22)"; ctx.fillRect(x0, 0, Math.max(dpr, x1 - x0), H);
  ctx.fillStyle = "#1e88e5"; ctx.fillRect(x0 - dpr, 0, 2 * dpr, H);
  if (k.t1 !== null) ctx.fillRect(x1 - dpr, 0, 2 * dpr, H);
}

/** The events around t (the one at t highlighted); a click on a row seeks. @param {HTMLDivElement} box @param {Model} m @param {number} t @param {Canvases} c */
function renderLog(box, m, t, c) {
  const lg = m.log, at = bisectRight(lg.t, t) - 1, lo = Math.max(0, Math.min(at - 2, lg.t.length - LOG_ROWS));
  if (c.logAt === at && c.logLo === lo) return;
  c.logAt = at; c.logLo = lo;
  const rows = [];
  for (let i = lo; i < Math.min(lg.t.length, lo + LOG_ROWS); i++) {
    const [rt, type, detail] = lg.rows[i], r = document.createElement("div");
    r.className = i === at ? "rp-log-row rp-now" : "rp-log-row";
    for (const [cls, text] of [["rp-log-t", rt.toFixed(2)], ["rp-log-type", type], ["rp-log-detail", detail]]) {
      const span = document.createElement("span"); span.className = cls; span.textContent = text; r.appendChild(span);
    }
    r.onclick = () => c.onSeek(rt);
    rows.push(r);
  }
  box.replaceChildren(...rows);
}

/** The timeline's tooltip at t: time, app, bands, idle gap. @param {Model} m @param {number} t */
export function tooltip(m, t) {
  const spans = m.spans.filter((sp) => sp.t0 <= t && t <= sp.t1).map((sp) => `${sp.kind}: ${sp.label}`);
  const gap = idleAt(m, t), [app] = focusAt(m, t);
  return [fmt(t), app, ...spans, gap ? `idle ${(gap[1] - gap[0]).toFixed(0)} s` : ""].filter(Boolean).join("\n");
}
