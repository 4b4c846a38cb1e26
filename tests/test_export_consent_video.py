"""Consent at export on real screen video: a stretch in an app outside the consent is blacked out in the
video's frames (whole frames), while the frames of the consented app keep their picture."""

from __future__ import annotations

import cv2
import orjson
from click.testing import CliRunner

from viewer.cli import cli
from viewer.consent import check, records
from viewer.consent.scope import Grant
from viewer.review import Store
from viewer.sample import generate_dataset
from viewer.trace import load_session


def _frame(path, t: float):
    cap = cv2.VideoCapture(str(path))
    cap.set(cv2.CAP_PROP_POS_MSEC, t * 1000)
    ok, frame = cap.read()
    cap.release()
    assert ok, t
    return frame


def test_an_app_outside_the_consent_is_blacked_out_in_the_video(tmp_path):
    data = tmp_path / "data"
    (path,) = generate_dataset(data, 1, 0.5, 3)
    s = load_session(path)
    manifest = orjson.loads((path / "session.json").read_bytes())
    assert manifest.get("video"), "the generated session has a screen video"
    windows = [w for w in check.windows(s.events, s.duration) if w.app]
    allowed = windows[0].app  # the first app; the browser that follows is outside the consent
    outside = [w for w in windows if w.app != allowed and w.t_end - w.t_start >= 1.0]
    inside = [w for w in windows if w.app == allowed and w.t_end - w.t_start >= 1.0]
    assert outside and inside, [(w.app, w.t_start, w.t_end) for w in windows]
    url = f"sqlite:///{tmp_path / 'a.db'}"
    with Store.open(url) as store:
        store.set_review(s.session_id, s.content_hash, "approved", reviewer="r")
        records.grant(store, "adam", s.manifest.user, "agent-training", Grant("agent-training", apps=(allowed,)))
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["export", str(data), str(out), "--db", url], env={"VIEWER_EXPORT_KEY": "k"})
    assert r.exit_code == 0, r.output
    video = out / path.name / manifest["video"]["file"]
    t0 = float(manifest["video"].get("t0", 0.0))
    gone, kept = outside[0], inside[0]
    assert _frame(video, (gone.t_start + gone.t_end) / 2 - t0).max() <= 16  # the whole frame is black
    assert _frame(video, (kept.t_start + kept.t_end) / 2 - t0).max() > 100  # the consented app still shows
    body = orjson.loads((out / "manifest.json").read_bytes())
    assert body["consent"]["enforced"] and body["consent"]["out_of_scope_stretches"] >= 1
