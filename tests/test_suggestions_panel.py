"""The suggestions list on the Replay page under AppTest: list, jump, accept/reject one, a whole category after
a confirmation, stale refusal, read-only roles, and finding suggestions from the page."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tests.replay_apptest import SESSION, replay_app, sample_env
from viewer.review.store import Store
from viewer.sensitive.decide import find_in_session, suggestions


def _session(data: Path):
    from viewer.trace import load_session

    return load_session(data / SESSION)


@pytest.fixture
def env(monkeypatch, tmp_path):
    return sample_env(monkeypatch, tmp_path)


@pytest.fixture
def stored(env):
    url, data = env
    session = _session(data)
    with Store.open(url) as db:
        assert find_in_session(db, session).added >= 5
    return url, session


def _pending(url, session):
    with Store.open(url) as db:
        return suggestions(db, session.session_id, session.content_hash)


def _run(role="reviewer"):
    return replay_app(role)


def _texts(at) -> list[str]:
    return [t.value for t in at.text]


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _everything_shown(at) -> str:
    """Every value, label and option on the page as one string (tables as JSON)."""
    parts = []
    for node in _walk(at.main):
        for name in ("value", "label", "options", "body"):
            part = getattr(node, name, None)
            parts.append(part.to_json() if isinstance(part, pd.DataFrame) else str(part))
    return "\n".join(parts)


def _click(at, key):
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def test_lists_suggestions_with_masked_previews_only(stored):
    url, session = stored
    at = _run()
    pending = _pending(url, session)
    assert f"{len(pending)} pending suggestion(s)" in _texts(at)
    lines = [t for t in _texts(at) if " · " in t]
    assert len(lines) == len(pending)
    assert any("credit_card · presidio · 1.00 · events · •••• " in t for t in lines)
    truth = json.loads((Path(session.path) / "truth.json").read_text())["sensitive"]
    values = [r["value"] for r in truth if r.get("value")]
    shown = _everything_shown(at)
    assert "credit_card · presidio" in shown and "•••• " in shown  # the walk reaches the list
    assert values and not any(v in shown for v in values if len(v) >= 6)  # short ones (a CVC) hit hex ids


def test_go_seeks_the_player(stored):
    url, session = stored
    at = _run()
    pick = _pending(url, session)[2]
    _click(at, f"sg_go_{pick.id}")
    assert at.session_state["replay_seek"]["t"] == pytest.approx(pick.t_start)
    assert at.query_params["t"] == f"{pick.t_start:.1f}"


def test_accept_one(stored):
    url, session = stored
    at = _run()
    pick = next(s for s in _pending(url, session) if s.category == "credit_card")
    _click(at, f"sg_accepted_{pick.id}")
    assert [s.value for s in at.success] == ["Suggestion accepted."]
    with Store.open(url) as db:
        rec = db.get("flag", pick.id)
        assert (rec.status, rec.source, rec.updated_by) == ("accepted", pick.detector, "alice")
        assert db.audit(entity_id=pick.id)[-1].who == "alice"
    assert at.button(key=f"sg_accepted_{pick.id}").disabled  # stays in place, decided, until refreshed
    assert any("Decided suggestions (1)" in e.label for e in at.expander)


def test_reject_a_category_after_confirmation(stored):
    url, session = stored
    at = _run()
    cards = [s for s in _pending(url, session) if s.category == "credit_card"]
    assert len(cards) == 2
    at.selectbox(key="sg_category").set_value("credit_card").run()
    _click(at, "sg_all_rejected")
    assert any("Reject all 2 credit_card suggestion(s)?" in w.value for w in at.warning)
    assert {s.status for s in cards} == {"suggested"}
    _click(at, "sg_confirm_no")
    assert not at.warning
    with Store.open(url) as db:
        assert {db.get("flag", s.id).status for s in cards} == {"suggested"}
    _click(at, "sg_all_rejected")
    _click(at, "sg_confirm_yes")
    assert [s.value for s in at.success] == ["2 credit_card suggestion(s) rejected."]
    with Store.open(url) as db:
        assert {db.get("flag", s.id).status for s in cards} == {"rejected"}
    others = _pending(url, session)
    assert others and all(s.category != "credit_card" for s in others)


def test_stale_decision_shows_the_stores_message(stored):
    url, session = stored
    at = _run()
    pick = _pending(url, session)[0]
    with Store.open(url) as other:
        other.update("flag", pick.id, pick.version, reviewer="bob", status="rejected")
    _click(at, f"sg_accepted_{pick.id}")
    assert at.error and "bob" in at.error[0].value and "nothing was overwritten" in at.error[0].value
    with Store.open(url) as db:
        assert db.get("flag", pick.id).status == "rejected"


def test_stale_category_decision_decides_none(stored):
    url, session = stored
    at = _run()
    cards = [s for s in _pending(url, session) if s.category == "credit_card"]
    at.selectbox(key="sg_category").set_value("credit_card").run()
    _click(at, "sg_all_accepted")
    with Store.open(url) as other:
        other.update("flag", cards[0].id, cards[0].version, reviewer="bob", status="rejected")
    _click(at, "sg_confirm_yes")
    assert at.error and "bob" in at.error[0].value
    with Store.open(url) as db:
        assert [db.get("flag", s.id).status for s in cards] == ["rejected", "suggested"]


def test_researcher_sees_the_list_read_only(stored):
    url, session = stored
    at = _run(role="researcher")
    keys = {b.key for b in at.button if b.key}
    pending = _pending(url, session)
    assert {f"sg_go_{s.id}" for s in pending} <= keys
    assert not any(k.startswith(("sg_accepted", "sg_rejected", "sg_all", "sg_find")) for k in keys)
    assert any("Read-only" in i.value for i in at.info)


def test_find_suggestions_from_the_page_is_idempotent(env):
    url, data = env
    at = _run()
    assert "No pending suggestions for this session." in _texts(at)
    _click(at, "sg_find")
    first = at.success[0].value
    session = _session(data)
    n = len(_pending(url, session))
    found = int(first.split(" finding(s)")[0])  # two detectors may find the same stretch: stored once
    assert n >= 5 and found >= n and first == f"{found} finding(s), {n} new suggestion(s) stored."
    assert f"{n} pending suggestion(s)" in _texts(at)
    _click(at, "sg_find")
    assert at.success[0].value == f"{found} finding(s), 0 new suggestion(s) stored."
    assert len(_pending(url, session)) == n


def test_ocr_without_tesseract_says_so(env, monkeypatch, tmp_path):
    empty = tmp_path / "no-tesseract"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    at = _run()
    at.checkbox(key="sg_ocr").check()
    _click(at, "sg_find")
    assert at.error and "tesseract cannot run" in at.error[0].value
    assert "install Tesseract" in at.error[0].value


def test_each_row_names_its_suggestion_apart_without_the_value():
    from viewer.sensitive.decide import Suggestion
    from viewer.ui.suggestions_panel import row_names

    def s(sid, category, t0, t1, preview="•••• 3939"):
        return Suggestion(id=sid, version=1, t_start=t0, t_end=t1, category=category, detector="d", confidence=0.9,
                          scope="events", regions=0, preview=preview, status="suggested", decided_by=None)

    shown = [s("a", "email", 12.2, 14), s("b", "credit_card", 12.4, 15), s("c", "email", 40.9, 48),
             s("d", "email", 41.2, 50), s("e", "person", 61, 62), s("f", "person", 61.1, 62.2)]
    assert row_names(shown) == {"a": "email at 0:12", "b": "credit_card at 0:12", "c": "email at 0:41–0:48",
                                "d": "email at 0:41–0:50", "e": "person at 1:01–1:02 (1 of 2)",
                                "f": "person at 1:01–1:02 (2 of 2)"}

