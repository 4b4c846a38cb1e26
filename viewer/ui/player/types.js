// The shapes shared by the player's modules (JSDoc only: nothing here runs). The payload is what
// viewer/replay/payload.py sends (version PAYLOAD_VERSION in model.js); everything else is built in the browser.

/**
 * @typedef {{id: number, x: number, y: number, width: number, height: number}} Screen
 * @typedef {{t0: number, t1: number, kind: string, label: string, id: string, status: string, scope: string,
 *   regions: number[][]}} Span
 * @typedef {"press" | "hotkey" | "text"} KeyKind
 * @typedef {{t: number[], label: string[], kind: KeyKind[], held: {t_start: number, t_end: number | null, key: string}[]}} Keys
 * @typedef {{t: number[], x: number[], y: number[], button: string[], count: number[],
 *   drag_end_t: (number | null)[], drag_end_x: (number | null)[], drag_end_y: (number | null)[]}} Clicks
 * @typedef {{t0: number, fps: number, frames: number, screen: number}} Video
 *
 * @typedef {Object} Payload
 * @property {number} version
 * @property {string} session
 * @property {string} hash
 * @property {number} start
 * @property {number} duration
 * @property {Screen[]} screens
 * @property {{t_ms_steps: number[], x_steps: number[], y_steps: number[]}} pointer  sent as steps from 0
 * @property {Clicks} clicks
 * @property {{t: number[], x: number[], y: number[], dy: number[]}} scrolls
 * @property {Keys} keys
 * @property {{t: number[], app: string[], title: string[]}} focus
 * @property {{t: number[], app: string[]}} app_switches
 * @property {{t: number[], screen: number[]}} screenshots  screen -1: the shot covers every screen
 * @property {Video | null} video
 * @property {number[]} steps  the times "previous / next event" stops at
 * @property {{t_start: number[], t_end: number[]}} idle
 * @property {number} idle_threshold
 * @property {Span[]} spans
 * @property {string} [review_rev]
 *
 * @typedef {[number, string, string]} LogRow  [t, type, detail]
 *
 * @typedef {Object} Model  the payload made ready to draw: absolute pointer positions, shots per screen, the log
 * @property {string} session
 * @property {string} hash
 * @property {number} start
 * @property {number} end
 * @property {Screen[]} screens
 * @property {{t: Float64Array, x: Float64Array, y: Float64Array}} pointer
 * @property {Clicks} clicks
 * @property {Payload["scrolls"]} scrolls
 * @property {Keys} keys
 * @property {Payload["focus"]} focus
 * @property {Payload["app_switches"]} switches
 * @property {Payload["screenshots"]} shots
 * @property {Record<number, {t: number[], index: number[]}>} shotsBy  per screen id: times and shot indices
 * @property {Video | null} video
 * @property {number[]} steps
 * @property {[number, number][]} idle
 * @property {number} idleThreshold
 * @property {Span[]} spans
 * @property {string} reviewRev
 * @property {{t: number[], rows: LogRow[]}} log
 *
 * @typedef {{t0: number | null, t1: number | null, regions: number[][]}} Mark  regions: [screen, x, y, w, h]
 *
 * @typedef {Object} PlayerState  everything the controls change; the state machine in state.js owns it
 * @property {number} t  the playhead
 * @property {boolean} playing
 * @property {number} speed
 * @property {boolean} skipIdle
 * @property {[number, number] | null} skipping  the idle gap being skipped now
 * @property {number} skippedAt  performance.now() of the last skip (the notice stays up a moment)
 * @property {Mark} mark
 * @property {boolean} regionMode
 * @property {boolean} help
 * @property {boolean} theatre
 * @property {number | null} chosen  the screen picked to show large; null: the one under the pointer
 * @property {number} large  the screen shown large now
 * @property {number} frames  frames drawn while playing
 */

export {};
