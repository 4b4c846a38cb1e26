// A hidden bridge between the player and Python, mounted inside a st.fragment so that its reruns are small:
// role "images": the player's requests for images near the playhead go to Python, the answers come back;
// role "position": the playhead after a pause or seek goes to Python (event log and charts follow it).

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data) return;
  let B = parentElement.__bridge;
  if (!B) {
    B = { seq: null };
    parentElement.__bridge = B;
    const event = data.role === "images" ? "trace-replay:need" : "trace-replay:pos";
    const trigger = data.role === "images" ? "need" : "pos";
    B.listener = (ev) => { if (ev.detail && ev.detail.hash === B.hash) B.send(trigger, ev.detail); };
    window.addEventListener(event, B.listener);
    B.stop = () => window.removeEventListener(event, B.listener);
  }
  B.hash = data.hash;
  B.send = setTriggerValue;
  if (data.role === "images" && data.images && data.seq !== B.seq) {
    B.seq = data.seq;
    const detail = { hash: data.hash, images: data.images };
    window.__traceReplayImages = detail;
    window.dispatchEvent(new CustomEvent("trace-replay:images", { detail }));
  }
  return () => B.stop();
}
