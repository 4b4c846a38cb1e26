import assert from "node:assert/strict";
import { test } from "node:test";

import mountBridge from "../../viewer/ui/player/bridge.js";

/** The page: a window that carries events and the player's latest messages. */
const page = /** @type {any} */ (globalThis);
page.window = new EventTarget();

/** What the player's `post` (main.js) does: keep the latest, then dispatch. */
function post(event, key, detail) {
  page.window[key] = { detail, delivered: false };
  page.window.dispatchEvent(new CustomEvent(event, { detail }));
}

function bridgeOn(element, role, hash) {
  const sent = [];
  const cleanup = mountBridge({ data: { role, hash }, parentElement: element,
                                setTriggerValue: (name, value) => sent.push([name, value]) });
  return { sent, cleanup };
}

test("a mark sent before the bridge listens is delivered once it mounts, once", () => {
  post("trace-replay:mark", "__traceReplayMark", { hash: "A", t0: 1, t1: 6, regions: [] });
  const first = bridgeOn({}, "mark", "A");
  assert.deepEqual(first.sent, [["mark", { hash: "A", t0: 1, t1: 6, regions: [] }]]);
  const second = bridgeOn({}, "mark", "A");  // another instance of the bridge: the message went already
  assert.deepEqual(second.sent, []);
  first.cleanup(); second.cleanup();
});

test("a bridge still on the previous session holds the mark until the page gives it this session", () => {
  const element = {};
  const stale = bridgeOn(element, "mark", "A");
  post("trace-replay:mark", "__traceReplayMark", { hash: "B", t0: 2, t1: 7, regions: [] });
  assert.deepEqual(stale.sent, []);
  const rerun = bridgeOn(element, "mark", "B");  // the same element, drawn again with session B
  assert.deepEqual(rerun.sent, [["mark", { hash: "B", t0: 2, t1: 7, regions: [] }]]);
  post("trace-replay:mark", "__traceReplayMark", { hash: "B", t0: null, t1: null, regions: [] });
  assert.equal(rerun.sent.length, 2);  // a listening bridge sends each new mark as it comes
  rerun.cleanup();
});

test("the position bridge delivers the latest rest only, and never a mark", () => {
  post("trace-replay:pos", "__traceReplayPos", { hash: "A", t: 0.3 });
  post("trace-replay:pos", "__traceReplayPos", { hash: "A", t: 61.2 });
  post("trace-replay:mark", "__traceReplayMark", { hash: "A", t0: 0, t1: 1, regions: [] });
  const position = bridgeOn({}, "position", "A");
  assert.deepEqual(position.sent, [["pos", { hash: "A", t: 61.2 }]]);
  position.cleanup();
  post("trace-replay:pos", "__traceReplayPos", { hash: "A", t: 5 });  // after cleanup: nobody listens
  assert.equal(position.sent.length, 1);
});
