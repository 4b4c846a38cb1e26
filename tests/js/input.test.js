import assert from "node:assert/strict";
import { test } from "node:test";

import { wantedKeys, keyAt } from "../../viewer/ui/player/images.js";
import { keyAction } from "../../viewer/ui/player/input.js";
import { readPayload } from "../../viewer/ui/player/model.js";
import { payload } from "./fixture.js";

test("keys map to actions; chords with Ctrl, Alt or Cmd are not the player's", () => {
  assert.deepEqual(keyAction({ key: " " }), { name: "toggle" });
  assert.deepEqual(keyAction({ key: "ArrowLeft", shiftKey: true }), { name: "seekBy", arg: -1 });
  assert.deepEqual(keyAction({ key: "L" }), { name: "playOrFaster" });
  assert.deepEqual(keyAction({ key: "t" }), { name: "theatre" });
  assert.equal(keyAction({ key: "c", ctrlKey: true }), null);
  assert.equal(keyAction({ key: "x" }), null);
});

test("images: the key at t per screen, and a prefetch window ahead", () => {
  const m = readPayload(payload());
  assert.equal(keyAt(m, m.screens[0], 0), null);
  assert.equal(keyAt(m, m.screens[0], 6), "s:1");
  assert.equal(keyAt(m, m.screens[1], 6), "s:0");
  const keys = wantedKeys(m, 6, 1, false);
  assert.ok(keys.includes("s:1") && keys.includes("s:0"));
  assert.ok(wantedKeys(m, 0.2, 1, true).includes("s:1"));  // the next screenshot, 4.8 s ahead, is asked for early
});
