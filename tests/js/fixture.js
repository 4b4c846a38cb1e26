// A small payload (version 2) for the player's unit tests: two screens side by side, a gap of idle time.

/** @returns {import("../../viewer/ui/player/types.js").Payload} */
export function payload() {
  return {
    version: 2, session: "s1", hash: "h1", start: 0, duration: 60,
    screens: [{ id: 0, x: 0, y: 0, width: 100, height: 50 }, { id: 1, x: 100, y: 0, width: 100, height: 50 }],
    // pointer at (10, 10) at 1 s, (150, 20) at 2 s, (20, 30) at 40 s
    pointer: { t_ms_steps: [1000, 1000, 38000], x_steps: [10, 140, -130], y_steps: [10, 10, 10] },
    clicks: { t: [1.5, 3], x: [10, 150], y: [10, 20], button: ["left", "right"], count: [1, 2],
              drag_end_t: [null, null], drag_end_x: [null, null], drag_end_y: [null, null] },
    scrolls: { t: [4], x: [10], y: [10], dy: [3] },
    keys: { t: [1, 1.1, 1.2, 1.3, 1.4, 1.5, 2.0], label: ["h", "i", "Backspace", "o", "Ctrl+C", "pasted", "Enter"],
            kind: ["press", "press", "press", "press", "hotkey", "text", "press"],
            held: [{ t_start: 1.35, t_end: 1.45, key: "Control" }] },
    focus: { t: [0.5, 30], app: ["Editor", "Browser"], title: ["notes.txt", "Inbox"] },
    app_switches: { t: [0.5, 30], app: ["Editor", "Browser"] },
    screenshots: { t: [0.1, 5, 35], screen: [-1, 0, 1] },
    video: null,
    steps: [0.1, 1, 1.5, 3, 4, 5, 30, 35],
    idle: { t_start: [5], t_end: [30] }, idle_threshold: 5,
    spans: [{ t0: 1, t1: 2, kind: "flag", label: "password", id: "f1", status: "accepted", scope: "both", regions: [[0, 1, 2, 3, 4]] }],
  };
}
