// Reads {payload, times} as JSON on stdin and prints what the player's model shows at each time (the
// parity test in tests/test_player_js.py compares it with viewer/replay/timeline.py).
import { cursorAt, focusAt, heldAt, readPayload, recentKeys, typedAt } from "../../viewer/ui/player/model.js";

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { payload, times } = JSON.parse(input);
  const m = readPayload(payload);
  const out = times.map((/** @type {number} */ t) => ({
    cursor: cursorAt(m, t), focus: focusAt(m, t), held: heldAt(m, t), typed: typedAt(m, t), keys: recentKeys(m, t),
  }));
  process.stdout.write(JSON.stringify(out));
});
