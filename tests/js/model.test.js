import assert from "node:assert/strict";
import { test } from "node:test";

import { bisectRight, cursorAt, eventLog, flagsAt, fmt, focusAt, heldAt, idleAt, readPayload, recentKeys, screenAt, typedAt }
  from "../../viewer/ui/player/model.js";
import { payload } from "./fixture.js";

test("a payload of another version is refused with a message saying to reload", () => {
  assert.throws(() => readPayload({ ...payload(), version: 1 }), /version 1 is not 2: reload/);
});

test("pointer steps add up to absolute positions and times", () => {
  const m = readPayload(payload());
  assert.deepEqual([...m.pointer.t], [1, 2, 40]);
  assert.deepEqual([...m.pointer.x], [10, 150, 20]);
  assert.equal(cursorAt(m, 0.5), null);
  assert.deepEqual(cursorAt(m, 1), [10, 10]);
  assert.deepEqual(cursorAt(m, 39.9), [150, 20]);
});

test("screenshots for every screen (-1) go to each screen; others to their own", () => {
  const m = readPayload(payload());
  assert.deepEqual(m.shotsBy[0], { t: [0.1, 5], index: [0, 1] });
  assert.deepEqual(m.shotsBy[1], { t: [0.1, 35], index: [0, 2] });
});

test("focus, idle gaps, held modifiers and flags at t", () => {
  const m = readPayload(payload());
  assert.deepEqual(focusAt(m, 0), ["", ""]);
  assert.deepEqual(focusAt(m, 31), ["Browser", "Inbox"]);
  assert.deepEqual(idleAt(m, 5), [5, 30]);
  assert.equal(idleAt(m, 30), null);
  assert.deepEqual(heldAt(m, 1.4), ["Control"]);
  assert.deepEqual(heldAt(m, 1.45), []);
  assert.deepEqual(flagsAt(m, 1.5).map((f) => f.id), ["f1"]);
  assert.equal(flagsAt(m, 2.5).length, 0);
});

test("typed text applies Backspace and Enter and leaves hotkeys out", () => {
  const m = readPayload(payload());
  assert.equal(typedAt(m, 1.15), "hi");
  assert.equal(typedAt(m, 1.55), "hopasted");
  assert.equal(typedAt(m, 2.0), "");
  assert.deepEqual(recentKeys(m, 1.55), ["h", "i", "Backspace", "o", "Ctrl+C", "“pasted”"]);
});

test("the event log lists every event but moves, in time order", () => {
  const log = eventLog(readPayload(payload()));
  assert.deepEqual(log.t, [...log.t].sort((a, b) => a - b));
  assert.deepEqual(log.rows.find((r) => r[1] === "double click"), [3, "double click", "right (150, 20)"]);
  assert.ok(log.rows.some((r) => r[1] === "text" && r[2] === "pasted"));
});

test("helpers: bisect, m:ss formatting, the screen under a point", () => {
  assert.equal(bisectRight([1, 2, 2, 3], 2), 3);
  assert.equal(fmt(75.25), "1:15.3");
  const m = readPayload(payload());
  assert.equal(screenAt(m, [150, 10]), 1);
  assert.equal(screenAt(m, [50, 10]), 0);
  assert.equal(screenAt(m, [250, 10]), null);
});
