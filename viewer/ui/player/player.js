// The replay player: animates a session in the browser (canvas), loads images near the playhead by URL.
// Trace text (titles, keys, typed text) only ever goes through textContent / canvas fillText, never innerHTML.

const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16];
const TRAIL_S = 1.5, CLICK_S = 0.8, KEY_S = 3.0, TYPED_S = 10.0;
const BUTTON_COLOURS = ["#1e88ff", "#ff8c00", "#00b050"];
const MAX_IMAGES = 400;
const HELP = [
  ["Space / K", "play / pause"], ["L", "play; again: faster"], ["J", "back 5 s"],
  ["← / →", "seek 5 s (Shift: 1 s)"], ["[ / ]", "previous / next event"],
  ["- / +", "slower / faster"], ["I / O", "mark in / out at the playhead"], ["Shift+drag", "mark a span on the timeline"],
  ["D", "draw regions on the screen (drag)"], ["?", "this help"], ["Esc", "close help, else clear the mark"],
];

// ---------- small helpers ----------
function el(tag, cls, parent) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (parent) parent.appendChild(e);
  return e;
}
function bisectRight(a, x) { let lo = 0, hi = a.length; while (lo < hi) { const m = (lo + hi) >> 1; if (a[m] <= x) lo = m + 1; else hi = m; } return lo; }
function fmt(t) { t = Math.max(0, t); const m = Math.floor(t / 60), s = t - m * 60; return `${m}:${s < 10 ? "0" : ""}${s.toFixed(1)}`; }

// ---------- the model: what is on screen at t (mirrors viewer/replay/timeline.py) ----------
function prepare(d) {
  const sum = (a, scale) => { let acc = 0; return Float64Array.from(a, (v) => (acc += v) / scale); };
  d.ptr = { t: sum(d.ptr.dt, 1000), x: sum(d.ptr.dx, 1), y: sum(d.ptr.dy, 1) };  // sent as steps
  const shotsBy = {};
  d.screens.forEach((s) => { shotsBy[s.id] = { t: [], i: [] }; });
  const fallback = d.screens[0].id;
  d.shots.t.forEach((t, i) => {
    const sc = d.shots.screen[i];
    const targets = sc < 0 ? d.screens.map((s) => s.id) : [sc in shotsBy ? sc : fallback];
    targets.forEach((id) => { shotsBy[id].t.push(t); shotsBy[id].i.push(i); });
  });
  d.shotsBy = shotsBy;
  d.log = eventLog(d);
  d.end = Math.max(d.duration, d.start);
  return d;
}
// Every event but pointer moves, as [t, type, detail] sorted by time: the live log beside the canvas.
function eventLog(d) {
  const rows = [], B = ["left", "right", "middle"];
  d.clicks.t.forEach((t, i) => rows.push([t, d.clicks.te[i] !== null ? "drag" : d.clicks.n[i] > 1 ? "double click" : "click",
    `${B[d.clicks.b[i]]} (${d.clicks.x[i]}, ${d.clicks.y[i]})`]));
  d.scrolls.t.forEach((t, i) => rows.push([t, "scroll", `${d.scrolls.dy[i] > 0 ? "down" : "up"} (${d.scrolls.x[i]}, ${d.scrolls.y[i]})`]));
  d.keys.t.forEach((t, i) => rows.push([t, d.keys.kind[i] === 2 ? "text" : "key", d.keys.k[i]]));
  d.focus.t.forEach((t, i) => rows.push([t, "focus", `${d.focus.app[i]} — ${d.focus.title[i]}`]));
  d.shots.t.forEach((t, i) => rows.push([t, "screenshot", d.shots.screen[i] >= 0 ? `screen ${d.shots.screen[i]}` : ""]));
  rows.sort((a, b) => a[0] - b[0]);
  return { t: rows.map((r) => r[0]), rows };
}
function cursorAt(d, t) { const i = bisectRight(d.ptr.t, t) - 1; return i >= 0 ? [d.ptr.x[i], d.ptr.y[i]] : null; }
function focusAt(d, t) { const i = bisectRight(d.focus.t, t) - 1; return i >= 0 ? [d.focus.app[i], d.focus.title[i]] : ["", ""]; }
function idleAt(d, t) { for (const [a, b] of d.idle) { if (t >= a && t < b) return [a, b]; } return null; }
function heldAt(d, t) { return d.keys.held.filter(([a, b]) => a <= t && t < b).map((h) => h[2]); }
function recentKeys(d, t) {
  const k = d.keys, hi = bisectRight(k.t, t), out = [];
  for (let i = hi - 1; i >= 0 && k.t[i] > t - KEY_S && out.length < 10; i--) out.unshift(k.kind[i] === 2 ? `“${k.k[i].slice(0, 24)}”` : k.k[i]);
  return out;
}
function typedAt(d, t) {
  const k = d.keys, hi = bisectRight(k.t, t);
  let lo = hi; while (lo > 0 && k.t[lo - 1] > t - TYPED_S) lo--;
  let buf = "";
  for (let i = lo; i < hi; i++) {
    const s = k.k[i];
    if (k.kind[i] === 2) buf += s;
    else if (k.kind[i] === 0 && s === "Backspace") buf = buf.slice(0, -1);
    else if (k.kind[i] === 0 && s === "Enter") buf = "";
    else if (k.kind[i] === 0 && s === "Tab") buf += " ⇥ ";
    else if (k.kind[i] === 0 && s === "Space") buf += " ";
    else if (k.kind[i] === 0 && [...s].length === 1) buf += s;
  }
  return buf.slice(-60);
}

// ---------- images: which keys to load around the playhead (prefetching ahead while playing) ----------
function wantedKeys(S) {
  const d = S.d, t = S.t, ahead = Math.max(8, 6 * S.speed), keys = [];
  for (const s of d.screens) {
    if (d.video && d.video.screen === s.id) {
      const step = Math.max(1, Math.round(d.video.fps * Math.max(0.2, S.speed / 8)));
      const f0 = videoFrame(d, t, step);
      for (let f = f0; f <= videoFrame(d, t + ahead / 2, step) && keys.length < 40; f += step) keys.push(`v:${f}`);
      if (!S.playing) for (let f = f0 - step; f >= Math.max(0, f0 - 5 * step); f -= step) keys.push(`v:${f}`);
      continue;
    }
    const sb = d.shotsBy[s.id], j = bisectRight(sb.t, t) - 1;
    for (let k = Math.max(0, j); k < sb.t.length && (k <= j + 1 || sb.t[k] <= t + ahead) && k <= j + 6; k++) keys.push(`s:${sb.i[k]}`);
    for (let k = j - 1; k >= Math.max(0, j - 2); k--) keys.push(`s:${sb.i[k]}`);  // stepping back is instant too
  }
  return keys;
}
function videoFrame(d, t, step) {
  const v = d.video, f = Math.floor(Math.max(0, t - v.t0) * v.fps);
  const q = Math.floor(f / step) * step;
  return Math.min(q, Math.max(0, v.frames - 1));
}
// Images come by URL from the image route (`S.media`: the route plus a token): the frames at the playhead
// at once, then the prefetch window nearest first, a few at a time so a seek's frame never waits long.
const MAX_PREFETCH = 4;
function imageUrl(S, key) { return `${S.media}/${encodeURIComponent(key)}?w=${requestWidth(S)}`; }
// As wide as the canvas is shown (device pixels, in steps of 160), at most the player's image width:
// the server decodes and sends less.
function requestWidth(S) {
  if (!S.reqWidth) {
    const shown = Math.max(0, ...S.views.map((v) => v.canvas.clientWidth)) * (window.devicePixelRatio || 1);
    if (shown > 0) S.reqWidth = Math.min(S.imgWidth, Math.ceil(shown / 160) * 160);
  }
  return S.reqWidth || S.imgWidth;
}
function loadImage(S, key) {
  const img = new Image();
  S.images.set(key, "loading"); S.pending.set(key, img);
  const done = (value) => {
    if (S.pending.get(key) !== img) return;  // cancelled (or evicted) meanwhile
    S.pending.delete(key);
    if (S.images.get(key) === "loading") S.images.set(key, value);
    S.dirty = true;
    requestImages(S);
  };
  img.src = imageUrl(S, key);
  img.decode().then(() => done(img), () => done(null));  // decoded before it is drawn: no jank on the canvas
}
function cancelStale(S, keep) {
  for (const [key, img] of S.pending) {
    if (keep.has(key)) continue;
    S.pending.delete(key); S.images.delete(key);
    img.src = "";  // frees the connection for what is wanted now
  }
}
function requestImages(S) {
  if (!S.media) return;
  const urgent = S.d.screens.map((s) => currentKey(S, s)).filter((k) => k);
  const wanted = wantedKeys(S);
  cancelStale(S, new Set([...urgent, ...wanted]));
  for (const key of S.images.keys()) {
    if (S.images.size <= MAX_IMAGES) break;
    if (!S.pending.has(key)) S.images.delete(key);
  }
  for (const k of urgent) if (!S.images.has(k)) loadImage(S, k);
  // After a seek the prefetch waits for the frame at the playhead: it would share the server's CPU.
  if (!S.playing && urgent.some((k) => S.pending.has(k))) return;
  for (const k of wanted) {
    if (S.pending.size >= MAX_PREFETCH) break;
    if (!S.images.has(k)) loadImage(S, k);
  }
}
function currentKey(S, s) {
  const d = S.d;
  if (d.video && d.video.screen === s.id) return `v:${videoFrame(d, S.t, 1)}`;
  const sb = d.shotsBy[s.id], j = bisectRight(sb.t, S.t) - 1;
  return j >= 0 ? `s:${sb.i[j]}` : null;
}
function imageFor(S, s) {
  const d = S.d;
  if (d.video && d.video.screen === s.id) {
    const f = videoFrame(d, S.t, 1);
    for (let k = 0; k < 400; k++) {
      const a = S.images.get(`v:${f - k}`);
      if (a && a !== "loading") return [a, `v:${f - k}`];
    }
    return [S.shown[s.id] || null, "pending"];
  }
  const sb = d.shotsBy[s.id], j = bisectRight(sb.t, S.t) - 1;
  if (j < 0) return [null, "none"];
  const key = `s:${sb.i[j]}`, img = S.images.get(key);
  if (img === null) return [null, "missing"];
  if (img && img !== "loading") return [img, key];
  return [S.shown[s.id] || null, "pending"];
}

// ---------- drawing ----------
function drawScreen(S, s, view) {
  const ctx = view.ctx, c = view.canvas, sx = c.width / s.w, sy = c.height / s.h, d = S.d, t = S.t;
  const [img, key] = imageFor(S, s);
  ctx.fillStyle = "#3c3c3c"; ctx.fillRect(0, 0, c.width, c.height);
  if (img) { ctx.drawImage(img, 0, 0, c.width, c.height); if (key !== "pending") S.shown[s.id] = img; }
  view.canvas.dataset.image = key;
  if (key !== "pending") announce(S);  // the first frame is up (or known missing): Python draws the rest
  if (!img) {
    ctx.fillStyle = "#aaa"; ctx.font = "20px sans-serif"; ctx.textAlign = "center";
    ctx.fillText(key === "missing" ? "screenshot missing" : key === "none" ? "no screenshot yet" : "loading…", c.width / 2, c.height / 2);
    ctx.textAlign = "left";
  }
  const X = (x) => (x - s.x) * sx, Y = (y) => (y - s.y) * sy;
  const on = (x, y) => x >= s.x && x < s.x + s.w && y >= s.y && y < s.y + s.h;
  // trail
  const p = d.ptr, hi = bisectRight(p.t, t);
  let lo = hi; while (lo > 0 && p.t[lo - 1] > t - TRAIL_S) lo--;
  ctx.lineCap = "round";
  for (let i = Math.max(lo, 1); i < hi; i++) {
    if (!on(p.x[i], p.y[i]) || !on(p.x[i - 1], p.y[i - 1])) continue;
    const a = Math.max(0, 1 - (t - p.t[i]) / TRAIL_S);
    ctx.strokeStyle = `rgba(255,215,0,${a})`; ctx.lineWidth = 1 + 3 * a;
    ctx.beginPath(); ctx.moveTo(X(p.x[i - 1]), Y(p.y[i - 1])); ctx.lineTo(X(p.x[i]), Y(p.y[i])); ctx.stroke();
  }
  // clicks, double clicks, drags
  const ck = d.clicks, chi = bisectRight(ck.t, t);
  for (let i = chi - 1; i >= 0 && ck.t[i] > t - 60; i--) {
    const age = t - ck.t[i], te = ck.te[i], col = BUTTON_COLOURS[ck.b[i]] || "#fff";
    if (te !== null && (te > t - CLICK_S) && on(ck.x[i], ck.y[i])) {
      const end = te <= t ? [ck.x2[i], ck.y2[i]] : cursorAt(d, t);
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
    if (ck.n[i] >= 2) { ctx.beginPath(); ctx.arc(X(ck.x[i]), Y(ck.y[i]), 4 + 10 * f, 0, 2 * Math.PI); ctx.stroke(); }
    ctx.globalAlpha = 1;
  }
  // scrolls
  const sc = d.scrolls, shi = bisectRight(sc.t, t);
  for (let i = shi - 1; i >= 0 && sc.t[i] > t - CLICK_S; i--) {
    if (!on(sc.x[i], sc.y[i])) continue;
    const x = X(sc.x[i]) + 22, y = Y(sc.y[i]), dir = sc.dy[i] > 0 ? 1 : -1;
    ctx.strokeStyle = "#fff"; ctx.fillStyle = "#fff"; ctx.lineWidth = 3;
    ctx.beginPath(); ctx.moveTo(x, y - dir * 14); ctx.lineTo(x, y + dir * 14); ctx.stroke();
    ctx.beginPath(); ctx.moveTo(x - 7, y + dir * 8); ctx.lineTo(x, y + dir * 18); ctx.lineTo(x + 7, y + dir * 8); ctx.fill();
  }
  drawReview(S, s, view, sx, sy);
  // cursor
  const cur = cursorAt(d, t);
  if (cur && on(cur[0], cur[1])) {
    const x = X(cur[0]), y = Y(cur[1]);
    ctx.fillStyle = "#fff"; ctx.strokeStyle = "#000"; ctx.lineWidth = 1.5;
    ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x, y + 20); ctx.lineTo(x + 5, y + 15); ctx.lineTo(x + 9, y + 23);
    ctx.lineTo(x + 12, y + 21); ctx.lineTo(x + 8, y + 14); ctx.lineTo(x + 14, y + 14); ctx.closePath(); ctx.fill(); ctx.stroke();
  }
}

function drawTimeline(S) {
  const c = S.tl, ctx = c.getContext("2d"), d = S.d;
  const w = c.clientWidth || 800, h = 56, dpr = window.devicePixelRatio || 1;
  if (c.width !== Math.round(w * dpr)) { c.width = Math.round(w * dpr); c.height = h * dpr; S.tlStatic = null; }
  if (!S.tlStatic) S.tlStatic = timelineLayer(S, c.width, c.height, dpr);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(S.tlStatic, 0, 0);
  drawMark(S, ctx, c.width, c.height, dpr);
  const x = ((S.t - d.start) / Math.max(1e-6, d.end - d.start)) * c.width;
  ctx.fillStyle = "#e53935"; ctx.fillRect(x - dpr, 0, 2 * dpr, c.height);
}
function timelineLayer(S, W, H, dpr) {
  const d = S.d, cv = document.createElement("canvas"); cv.width = W; cv.height = H;
  const ctx = cv.getContext("2d"), span = Math.max(1e-6, d.end - d.start), X = (t) => ((t - d.start) / span) * W;
  ctx.fillStyle = "#f2f3f5"; ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = "rgba(120,120,120,0.25)";
  for (const [a, b] of d.idle) ctx.fillRect(X(a), 0, Math.max(1, X(b) - X(a)), H);
  drawBands(ctx, d, X, H, dpr);
  const rows = [[d.clicks.t, "#1e88ff", 12], [d.keys.t, "#2e7d32", 24], [d.shots.t, "#9e9e9e", 36]];
  for (const [ts, col, y] of rows) { ctx.fillStyle = col; for (const t of ts) ctx.fillRect(X(t), y * dpr, Math.max(1, dpr), 9 * dpr); }
  ctx.fillStyle = "#8e24aa";
  for (const [t] of d.switches) ctx.fillRect(X(t) - dpr, 8 * dpr, 2 * dpr, H - 8 * dpr);
  return cv;
}

// ---------- the DOM ----------
function build(root, S) {
  for (const old of root.querySelectorAll(":scope > .rp")) old.remove();  // keep Streamlit's <style> child
  const box = el("div", "rp", root);
  box.tabIndex = 0;
  box.dataset.testid = "replay-player";
  box.dataset.start = String(S.d.start); box.dataset.end = String(S.d.end); box.dataset.session = S.d.session;
  const head = el("div", "rp-head", box);
  S.appEl = el("span", "rp-app", head); S.titleEl = el("span", "rp-title", head);
  const screens = el("div", "rp-screens", box);
  S.views = S.d.screens.map((s) => {
    const canvas = el("canvas", "rp-screen", screens);
    const scale = Math.min(1, S.imgWidth / s.w);
    canvas.width = Math.round(s.w * scale); canvas.height = Math.round(s.h * scale);
    canvas.dataset.screen = s.id;
    regionInput(S, s, canvas);
    return { canvas, ctx: canvas.getContext("2d") };
  });
  const over = el("div", "rp-keys", box);
  S.keysEl = el("div", "rp-keys-recent", over); S.typedEl = el("div", "rp-keys-typed", over); S.heldEl = el("div", "rp-keys-held", over);
  const bar = el("div", "rp-controls", box);
  const btn = (label, title, fn) => { const b = el("button", "rp-btn", bar); b.type = "button"; b.textContent = label; b.title = title; b.onclick = () => { fn(); box.focus({ preventScroll: true }); }; return b; };
  btn("Prev", "previous event ([)", () => step(S, -1));
  S.playBtn = btn("Play", "play / pause (space)", () => toggle(S));
  btn("Next", "next event (])", () => step(S, 1));
  S.speedSel = el("select", "rp-speed", bar);
  SPEEDS.forEach((v) => { const o = el("option", "", S.speedSel); o.value = v; o.textContent = `${v}×`; });
  S.speedSel.value = String(S.speed);
  S.speedSel.onchange = () => { S.speed = Number(S.speedSel.value); S.dirty = true; box.focus({ preventScroll: true }); };
  const idl = el("label", "rp-idle", bar); S.idleBox = el("input", "", idl); S.idleBox.type = "checkbox"; S.idleBox.checked = S.skipIdle;
  S.idleLabel = idl.appendChild(document.createTextNode(` skip idle > ${S.d.idle_threshold}s`));
  S.idleBox.onchange = () => { S.skipIdle = S.idleBox.checked; box.focus({ preventScroll: true }); };
  S.regionBtn = btn("Draw region", "draw regions on the screen for a flag (D)", () => regionMode(S));
  S.regionBtn.dataset.testid = "replay-draw-region";
  btn("Clear mark", "clear the marked span and regions (Esc)", () => clearMark(S));
  S.markEl = el("span", "rp-mark", bar);
  S.timeEl = el("span", "rp-time", bar);
  btn("?", "keyboard shortcuts (?)", () => help(S));
  S.tl = el("canvas", "rp-timeline", box);
  S.tl.dataset.testid = "replay-timeline";
  timelineInput(S);
  S.logEl = el("div", "rp-log", box);
  S.logEl.dataset.testid = "replay-log";
  S.helpEl = el("div", "rp-help", box); S.helpEl.hidden = true;
  const ht = el("div", "rp-help-title", S.helpEl); ht.textContent = "Keyboard shortcuts";
  for (const [k, v] of HELP) { const r = el("div", "rp-help-row", S.helpEl); el("kbd", "", r).textContent = k; el("span", "", r).textContent = v; }
  S.box = box;
}
function timelineInput(S) {
  const seekTo = (ev) => {
    const r = S.tl.getBoundingClientRect(), f = Math.min(1, Math.max(0, (ev.clientX - r.left) / r.width));
    seek(S, S.d.start + f * (S.d.end - S.d.start), false);
  };
  // Shift+drag marks a span instead of seeking
  const timeAt = (ev) => { const r = S.tl.getBoundingClientRect(); return S.d.start + Math.min(1, Math.max(0, (ev.clientX - r.left) / r.width)) * (S.d.end - S.d.start); };
  const markTo = (ev) => { const a = S.marking, b = timeAt(ev); S.mark.t0 = Math.min(a, b); S.mark.t1 = Math.max(a, b); S.dirty = true; };
  S.tl.onpointerdown = (ev) => {
    S.tl.setPointerCapture?.(ev.pointerId);
    if (ev.shiftKey) { S.marking = timeAt(ev); markTo(ev); return; }
    S.dragging = true; seekTo(ev);
  };
  S.tl.onpointermove = (ev) => {
    if (S.marking !== null && S.marking !== undefined) { markTo(ev); return; }
    if (S.dragging) { seekTo(ev); return; }
    const r = S.tl.getBoundingClientRect(), t = S.d.start + ((ev.clientX - r.left) / r.width) * (S.d.end - S.d.start);
    const spans = S.d.spans.filter((sp) => sp.t0 <= t && t <= sp.t1).map((sp) => `${sp.kind}: ${sp.label}`);
    const gap = idleAt(S.d, t), [app] = focusAt(S.d, t);
    S.tl.title = [fmt(t), app, ...spans, gap ? `idle ${(gap[1] - gap[0]).toFixed(0)} s` : ""].filter(Boolean).join("\n");
  };
  S.tl.onpointerup = (ev) => {
    if (S.marking !== null && S.marking !== undefined) { markTo(ev); S.marking = null; sendMark(S); return; }
    S.dragging = false; seekTo(ev); report(S);
  };
}

// ---------- playback ----------
function seek(S, t, doReport = true) {
  S.t = Math.min(S.d.end, Math.max(S.d.start, t));
  S.dirty = true;
  requestImages(S);
  if (doReport) report(S);
}
function step(S, dir) {
  const st = S.d.steps, t = S.t;
  const i = dir > 0 ? bisectRight(st, t + 1e-4) : bisectRight(st, t - 1e-4) - 1;
  if (i >= 0 && i < st.length) seek(S, st[i]);
}
function toggle(S, play) {
  S.playing = play === undefined ? !S.playing : play;
  if (S.playing && S.t >= S.d.end) S.t = S.d.start;
  S.last = performance.now();
  if (!S.playing) report(S);
  S.dirty = true;
}
function setSpeed(S, dir) {
  const i = SPEEDS.indexOf(S.speed), j = Math.min(SPEEDS.length - 1, Math.max(0, (i < 0 ? 2 : i) + dir));
  S.speed = SPEEDS[j]; S.speedSel.value = String(S.speed); S.dirty = true;
}
function help(S, show) { S.helpEl.hidden = show === undefined ? !S.helpEl.hidden : !show; S.box.dataset.help = S.helpEl.hidden ? "0" : "1"; }
// A paused or seeked playhead goes into the URL (a link to this moment) and to Python (log, charts).
function report(S) {
  const url = new URL(window.location.href);
  url.searchParams.set("session", S.d.session);
  url.searchParams.set("t", S.t.toFixed(1));
  window.history.replaceState(window.history.state, "", url.toString());
  clearTimeout(S.reportTimer);
  S.reportTimer = setTimeout(() => postPosition(S), REPORT_AFTER_MS);
}
// Python's side panel follows once the playhead rests this long: redrawing its chart while the user is
// still seeking would hold up the frames of the next seeks. While playing, it follows about once a second.
const REPORT_AFTER_MS = 1000, POST_EVERY_MS = 1000, ANNOUNCE_BY_MS = 3000;
function announce(S) {
  if (S.announced || !S.alive) return;
  S.announced = true;
  // kept for a position bridge that mounts after this moment (it would miss the event)
  window.__traceReplayFirst = { hash: S.d.hash, t: Number(S.t.toFixed(3)), delivered: false };
  setTimeout(() => postPosition(S), 0);
}
function postPosition(S) {
  if (!S.announced) return;  // the first report waits for the first frame (drawScreen sends it)
  window.dispatchEvent(new CustomEvent("trace-replay:pos", { detail: { hash: S.d.hash, t: Number(S.t.toFixed(3)) } }));
}
function onKey(S, ev) {
  if (!S.box || !S.box.isConnected) return;
  const target = ev.composedPath()[0];
  // Keys typed into another widget (a text box, a slider, a button, the data grid) stay with that widget.
  const outside = target && target.nodeType === 1 && !S.box.contains(target);
  if (outside && (/^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName) || target.isContentEditable ||
      /^(slider|combobox|textbox|spinbutton|listbox|option|grid|gridcell|menu|menuitem|button)$/.test(target.getAttribute("role") || ""))) return;
  if (target && target.nodeType === 1 && S.box.contains(target) && /^(INPUT|SELECT)$/.test(target.tagName) && ev.key !== "?") {
    if (ev.key.startsWith("Arrow") || ev.key === " ") return;  // the speed menu and the skip-idle box take their own keys
  }
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const k = ev.key, handled = true;
  if (k === " " || k === "k" || k === "K") toggle(S, k === " " ? undefined : false);
  else if (k === "l" || k === "L") { if (S.playing) setSpeed(S, 1); else toggle(S, true); }
  else if (k === "j" || k === "J") seek(S, S.t - 5);
  else if (k === "ArrowLeft") seek(S, S.t - (ev.shiftKey ? 1 : 5));
  else if (k === "ArrowRight") seek(S, S.t + (ev.shiftKey ? 1 : 5));
  else if (k === "[") step(S, -1);
  else if (k === "]") step(S, 1);
  else if (k === "-" || k === "_") setSpeed(S, -1);
  else if (k === "+" || k === "=") setSpeed(S, 1);
  else if (k === "i" || k === "I") markIn(S);
  else if (k === "o" || k === "O") markOut(S);
  else if (k === "d" || k === "D") regionMode(S);
  else if (k === "?") help(S);
  else if (k === "Escape") { if (!S.helpEl.hidden) help(S, false); else { regionMode(S, false); clearMark(S); } }
  else return;
  if (handled) { ev.preventDefault(); ev.stopPropagation(); }
}
function tick(S, now) {
  if (!S.alive) return;
  S.raf = requestAnimationFrame((n) => tick(S, n));
  const dt = Math.min(0.25, (now - (S.last || now)) / 1000);
  S.last = now;
  if (S.playing) {
    S.frames++;
    const gap = S.skipIdle ? idleAt(S.d, S.t) : null;
    const speed = gap ? Math.max(S.speed, (gap[1] - gap[0]) / 0.5) : S.speed;
    S.t = Math.min(S.d.end, S.t + dt * speed);
    if (S.t >= S.d.end) toggle(S, false);
    if (now - (S.lastAsk || 0) > 200) { S.lastAsk = now; requestImages(S); }
    if (S.playing && now - (S.lastPost || 0) > POST_EVERY_MS) { S.lastPost = now; postPosition(S); }
  } else if (!S.dirty) return;
  S.dirty = false;
  render(S);
}
function render(S) {
  const d = S.d, t = S.t;
  d.screens.forEach((s, i) => drawScreen(S, s, S.views[i]));
  drawTimeline(S);
  const [app, title] = focusAt(d, t);
  S.appEl.textContent = app; S.titleEl.textContent = title;
  S.keysEl.textContent = recentKeys(d, t).join(" ");
  S.typedEl.textContent = typedAt(d, t);
  const held = heldAt(d, t); S.heldEl.textContent = held.length ? `held: ${held.join("+")}` : "";
  S.timeEl.textContent = `${fmt(t)} / ${fmt(d.end)}`;
  renderLog(S);
  S.playBtn.textContent = S.playing ? "Pause" : "Play";
  const cur = cursorAt(d, t), b = S.box.dataset;
  b.t = t.toFixed(3); b.playing = S.playing ? "1" : "0"; b.speed = String(S.speed); b.frames = String(S.frames);
  b.cursor = cur ? `${cur[0]},${cur[1]}` : ""; b.idle = idleAt(d, t) ? "1" : "0";
}

const LOG_ROWS = 7;
function renderLog(S) {
  const lg = S.d.log, at = bisectRight(lg.t, S.t) - 1, lo = Math.max(0, Math.min(at - 2, lg.t.length - LOG_ROWS));
  if (S.logAt === at && S.logLo === lo) return;
  S.logAt = at; S.logLo = lo;
  const rows = [];
  for (let i = lo; i < Math.min(lg.t.length, lo + LOG_ROWS); i++) {
    const [t, type, detail] = lg.rows[i], r = document.createElement("div");
    r.className = i === at ? "rp-log-row rp-now" : "rp-log-row";
    for (const [cls, text] of [["rp-log-t", t.toFixed(2)], ["rp-log-type", type], ["rp-log-detail", detail]]) el("span", cls, r).textContent = text;
    r.onclick = () => seek(S, t);
    rows.push(r);
  }
  S.logEl.replaceChildren(...rows);
}

// ---------- review: label and flag bands, the marked span, regions drawn on the screen ----------
const BAND = { task: "rgba(76,175,80,0.55)", label: "rgba(0,137,123,0.85)", flag: "rgba(229,57,53,0.85)", suggested: "rgba(229,57,53,0.35)" };
function flagsAt(d, t) { return d.spans.filter((sp) => sp.kind === "flag" && sp.t0 <= t && t <= sp.t1); }
// Tasks and labels along the top, flags along the bottom (suggested ones paler, dashed), a faint tint under flags.
function drawBands(ctx, d, X, H, dpr) {
  for (const sp of d.spans) {
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
function drawMark(S, ctx, W, H, dpr) {
  const m = S.mark, d = S.d, X = (t) => ((t - d.start) / Math.max(1e-6, d.end - d.start)) * W;
  if (m.t0 === null) return;
  const x0 = X(m.t0), x1 = m.t1 === null ? x0 : X(m.t1);
  ctx.fillStyle = "rgba(30,136,229,0.22)"; ctx.fillRect(x0, 0, Math.max(dpr, x1 - x0), H);
  ctx.fillStyle = "#1e88e5"; ctx.fillRect(x0 - dpr, 0, 2 * dpr, H);
  if (m.t1 !== null) ctx.fillRect(x1 - dpr, 0, 2 * dpr, H);
}
// While the playhead is in a flagged span: a red tint and frame, the flag's regions outlined; the regions
// drawn for the mark in blue (dashed).
function drawReview(S, s, view, sx, sy) {
  const ctx = view.ctx, c = view.canvas, flags = flagsAt(S.d, S.t);
  let outlined = 0;
  if (flags.length) {
    const solid = flags.some((f) => f.status !== "suggested");
    ctx.fillStyle = "rgba(229,57,53,0.08)"; ctx.fillRect(0, 0, c.width, c.height);
    ctx.strokeStyle = "#e53935"; ctx.lineWidth = 4; ctx.setLineDash(solid ? [] : [10, 6]); ctx.strokeRect(2, 2, c.width - 4, c.height - 4);
    for (const f of flags) for (const [scr, x, y, w, h] of f.regions) {
      if (scr !== s.id) continue;
      ctx.setLineDash(f.status === "suggested" ? [6, 4] : []); ctx.lineWidth = 3; ctx.strokeRect(x * sx, y * sy, w * sx, h * sy); outlined++;
    }
    ctx.setLineDash([]);
  }
  const drawn = S.mark.regions.filter((r) => r[0] === s.id);
  if (S.drawing && S.drawing.screen === s.id) drawn.push(S.drawing.rect);
  ctx.strokeStyle = "#1e88e5"; ctx.lineWidth = 3; ctx.setLineDash([8, 4]);
  for (const [, x, y, w, h] of drawn) ctx.strokeRect(x * sx, y * sy, w * sx, h * sy);
  ctx.setLineDash([]);
  c.dataset.flagged = flags.length ? "1" : "0"; c.dataset.outlined = String(outlined);
}
// The mark goes to Python (the review forms start from it) and into data-mark for tests.
function sendMark(S) {
  const m = S.mark, b = S.box.dataset;
  b.mark = m.t0 === null ? "" : `${m.t0.toFixed(3)},${m.t1 === null ? "" : m.t1.toFixed(3)}`;
  b.regions = String(m.regions.length);
  S.markEl.textContent = m.t0 === null ? (m.regions.length ? `${m.regions.length} region(s)` : "")
    : `mark ${fmt(m.t0)}–${m.t1 === null ? "…" : fmt(m.t1)}${m.regions.length ? ` · ${m.regions.length} region(s)` : ""}`;
  S.dirty = true;
  clearTimeout(S.markTimer);
  const detail = { hash: S.d.hash, t0: m.t1 === null ? null : m.t0, t1: m.t1, regions: m.regions };
  S.markTimer = setTimeout(() => window.dispatchEvent(new CustomEvent("trace-replay:mark", { detail })), 250);
}
function markIn(S) { const m = S.mark; m.t0 = S.t; if (m.t1 !== null && m.t1 < m.t0) m.t1 = null; sendMark(S); }
function markOut(S) {
  const m = S.mark; m.t1 = S.t;
  if (m.t0 === null) m.t0 = S.d.start;
  if (m.t0 > m.t1) [m.t0, m.t1] = [m.t1, m.t0];
  sendMark(S);
}
function clearMark(S) { S.mark = { t0: null, t1: null, regions: [] }; sendMark(S); }
function regionMode(S, on) {
  S.regionMode = on === undefined ? !S.regionMode : on;
  S.regionBtn.classList.toggle("rp-on", S.regionMode); S.regionBtn.setAttribute("aria-pressed", String(S.regionMode));
  S.box.dataset.regionMode = S.regionMode ? "1" : "0";
  S.views.forEach((v) => v.canvas.classList.toggle("rp-drawing", S.regionMode));
}
// In region mode a drag on a screen draws a rectangle, kept in that screen's pixels.
function regionInput(S, s, canvas) {
  const at = (ev) => {
    const r = canvas.getBoundingClientRect();
    return [Math.min(s.w, Math.max(0, ((ev.clientX - r.left) / r.width) * s.w)), Math.min(s.h, Math.max(0, ((ev.clientY - r.top) / r.height) * s.h))];
  };
  const rect = (a, b) => [s.id, Math.round(Math.min(a[0], b[0])), Math.round(Math.min(a[1], b[1])), Math.round(Math.abs(b[0] - a[0])), Math.round(Math.abs(b[1] - a[1]))];
  canvas.onpointerdown = (ev) => {
    if (!S.regionMode) return;
    ev.preventDefault(); canvas.setPointerCapture?.(ev.pointerId);
    const p = at(ev); S.drawing = { screen: s.id, from: p, rect: rect(p, p) };
  };
  canvas.onpointermove = (ev) => { if (S.drawing && S.drawing.screen === s.id) { S.drawing.rect = rect(S.drawing.from, at(ev)); S.dirty = true; } };
  canvas.onpointerup = (ev) => {
    if (!S.drawing || S.drawing.screen !== s.id) return;
    const r = rect(S.drawing.from, at(ev)); S.drawing = null;
    if (r[3] >= 4 && r[4] >= 4) { S.mark.regions.push(r); sendMark(S); }
    S.dirty = true; S.box.focus({ preventScroll: true });
  };
}
// New labels, flags or reveals come with a rerun: take their bands and (un)masked keys, keep the playhead.
function applyReview(S, p) {
  const d = S.d;
  d.spans = p.spans; d.keys = p.keys; d.review_rev = p.review_rev;
  d.log = eventLog(d); S.logAt = null; S.tlStatic = null; S.dirty = true;
  const count = (k) => d.spans.filter((sp) => sp.kind === k).length;
  S.box.dataset.bands = `task:${count("task")},label:${count("label")},flag:${count("flag")}`;
}

// ---------- mounting: called again with new data on every Streamlit rerun ----------
export default function (component) {
  const { data, parentElement } = component;
  if (!data || !data.payload) return;
  let S = parentElement.__replay;
  if (!S || S.d.hash !== data.payload.hash) {
    if (S) S.stop();
    S = { d: prepare(data.payload), t: 0, playing: false, speed: 1, skipIdle: true, frames: 0, images: new Map(),
          shown: {}, pending: new Map(), media: "", dirty: true, alive: true, imgWidth: data.image_width || 1280,
          seekN: null, mark: { t0: null, t1: null, regions: [] }, regionMode: false, marking: null };
    S.t = S.d.start;
    parentElement.__replay = S;
    build(parentElement, S);
    setTimeout(() => announce(S), ANNOUNCE_BY_MS);  // an image route that never answers holds nothing back
    const onKeyDown = (ev) => onKey(S, ev);
    document.addEventListener("keydown", onKeyDown, true);
    S.stop = () => {
      S.alive = false; cancelAnimationFrame(S.raf);
      cancelStale(S, new Set());
      document.removeEventListener("keydown", onKeyDown, true);
    };
    S.raf = requestAnimationFrame((n) => tick(S, n));
  }
  if (S.media !== (data.media || "")) {  // a new token: images it refused may load now
    S.media = data.media || "";
    for (const [key, img] of S.images) if (img === null) S.images.delete(key);
  }
  if (S.d.idle_threshold !== data.payload.idle_threshold) {
    S.d.idle = data.payload.idle; S.d.idle_threshold = data.payload.idle_threshold;
    S.idleLabel.textContent = ` skip idle > ${S.d.idle_threshold}s`; S.tlStatic = null; S.dirty = true;
  }
  if (S.d.review_rev !== data.payload.review_rev || !S.box.dataset.bands) applyReview(S, data.payload);
  const sk = data.seek;
  if (sk && sk.n !== S.seekN) { S.seekN = sk.n; seek(S, Number(sk.t) || 0, false); }
  requestImages(S);
  return () => S.stop();
}
