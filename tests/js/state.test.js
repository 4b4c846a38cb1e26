import assert from "node:assert/strict";
import { test } from "node:test";

import { advance, nextSpeed, SKIP_GAP_S, stepFrom } from "../../viewer/ui/player/clock.js";
import { readPayload } from "../../viewer/ui/player/model.js";
import * as machine from "../../viewer/ui/player/state.js";
import { payload } from "./fixture.js";

test("the clock crosses an idle gap in half a second when skipping, at speed otherwise", () => {
  const m = readPayload(payload());
  const skipped = advance(m, 6, SKIP_GAP_S / 2, 1, true);
  assert.equal(skipped.t, 6 + (25 / SKIP_GAP_S) * (SKIP_GAP_S / 2));
  assert.deepEqual(skipped.skipping, [5, 30]);
  const plain = advance(m, 6, 0.1, 2, false);
  assert.ok(Math.abs(plain.t - 6.2) < 1e-9);
  assert.equal(plain.skipping, null);
  assert.equal(advance(m, 59.9, 10, 1, false).t, 60);  // a long frame counts as at most 0.25 s ...
  assert.equal(advance(m, 59, 10, 1, false).t, 59.25);
  assert.ok(advance(m, 59.9, 0.2, 1, false).ended);  // ... and the end stops it
});

test("speeds move along the ladder and stop at its ends", () => {
  assert.equal(nextSpeed(1, 1), 2);
  assert.equal(nextSpeed(16, 1), 16);
  assert.equal(nextSpeed(0.25, -1), 0.25);
  assert.equal(nextSpeed(3, -1), 0.5);  // an unknown speed counts as 1x
});

test("previous and next event", () => {
  const steps = [1, 2, 3];
  assert.equal(stepFrom(steps, 2, 1), 3);
  assert.equal(stepFrom(steps, 2, -1), 1);
  assert.equal(stepFrom(steps, 3, 1), null);
  assert.equal(stepFrom(steps, 0.5, -1), null);
});

test("playing through a gap shows 'skipping idle' until a moment after it", () => {
  const m = readPayload(payload()), s = machine.initialState(m);
  machine.seek(s, m, 4.9);
  machine.togglePlay(s, m, true);
  machine.tick(s, m, 0.2, 984);  // to 5.1: the gap starts at 5
  assert.equal(s.skipping, null);
  machine.tick(s, m, 0.2, 1000);  // now inside the gap
  assert.deepEqual(s.skipping, [5, 30]);
  assert.ok(machine.showsSkipping(s, 1000));
  for (let now = 1016; s.t < 30; now += 16) machine.tick(s, m, 0.016, now);
  assert.ok(machine.showsSkipping(s, 1600));  // still up just after the gap, so it can be read
  machine.tick(s, m, 0.016, 1000 + machine.SKIP_NOTICE_MS + 600);
  assert.ok(!machine.showsSkipping(s, 1000 + machine.SKIP_NOTICE_MS + 600));
});

test("play from the end starts again; the end pauses", () => {
  const m = readPayload(payload()), s = machine.initialState(m);
  machine.seek(s, m, 100);
  assert.equal(s.t, 60);
  machine.togglePlay(s, m);
  assert.equal(s.t, 0);
  machine.seek(s, m, 59.9);
  machine.tick(s, m, 0.2, 0);
  assert.equal(s.playing, false);
  assert.equal(s.t, 60);
});

test("with two screens the large one follows the pointer unless one is chosen", () => {
  const m = readPayload(payload()), s = machine.initialState(m);
  machine.seek(s, m, 1.5);
  assert.equal(s.large, 0);
  machine.seek(s, m, 2.5);  // the pointer is on screen 1
  assert.equal(s.large, 1);
  machine.chooseScreen(s, m, 0);
  machine.seek(s, m, 2.6);
  assert.equal(s.large, 0);
  machine.chooseScreen(s, m, 0);  // choosing it again follows the pointer
  assert.equal(s.chosen, null);
  assert.equal(s.large, 1);
});

test("marks: in and out, a swapped span, regions of at least 4x4, Esc", () => {
  const m = readPayload(payload()), s = machine.initialState(m);
  machine.seek(s, m, 10); machine.markIn(s);
  machine.seek(s, m, 4); machine.markOut(s, m);
  assert.deepEqual([s.mark.t0, s.mark.t1], [4, 10]);
  assert.equal(machine.addRegion(s, [0, 1, 1, 3, 10]), false);
  assert.equal(machine.addRegion(s, [0, 1, 1, 4, 4]), true);
  assert.deepEqual(machine.markMessage(s, "h1"), { hash: "h1", t0: 4, t1: 10, regions: [[0, 1, 1, 4, 4]] });
  machine.toggleHelp(s); machine.toggleTheatre(s);
  assert.equal(machine.escape(s), "closed"); assert.equal(s.help, false);
  assert.equal(machine.escape(s), "closed"); assert.equal(s.theatre, false);
  assert.equal(machine.escape(s), "cleared"); assert.equal(s.mark.t0, null);
});
