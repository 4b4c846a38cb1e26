"""Typed text inside flagged spans is masked in the player's payload and the event log; bands and marks."""

import json

import pytest

from viewer.replay import charts, payload
from viewer.replay.timeline import Timeline
from viewer.review import bands, marks, masking
from viewer.review.store import Store
from viewer.trace import load_session

SESSION = "sample-7-0"
EMAIL = "aisha.costa91@gmail.com"  # typed as key presses between 16.4 s and 21.4 s
TOKEN = "ghp_y8plBct8uFkWqfPpVEDWp5CeTXxj5tclWKs7"  # pasted as one text event at 55.371 s


@pytest.fixture(scope="module")
def sample(sample_data, tmp_path_factory):
    session = load_session(sample_data / SESSION, tmp_path_factory.mktemp("cache"))
    tl = Timeline(session.events)
    return session, tl, payload.build(session, tl, 5.0, payload.task_spans(session))


@pytest.fixture
def db(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'ann.db'}") as store:
        yield store


def _flag(db, sample, t0, t1, **fields):
    return db.add_flag(SESSION, sample[0].content_hash, reviewer="alice", t_start=t0, t_end=t1, **fields)


def _typed_keys(p, t0, t1):
    return [k for t, k in zip(p["keys"]["t"], p["keys"]["label"]) if t0 <= t <= t1]


def test_the_unmasked_payload_holds_the_typed_text(sample):
    """The check below can fail: without a flag the characters are there."""
    _, _, base = sample
    assert "".join(k for k in _typed_keys(base, 16.4, 21.5) if len(k) == 1) == EMAIL
    assert TOKEN in json.dumps(base)


def test_no_masked_character_reaches_the_payload(sample, db):
    _flag(db, sample, 16.4, 22.0, scope="events", category="email")
    _flag(db, sample, 55.0, 55.5, scope="both", category="secret", status="suggested", source="entropy")
    flags = db.flags(SESSION)
    masked = payload.with_review(sample[2], bands.review_spans([], flags), masking.masking_spans(flags))
    # what was typed; the window titles are not typed text (the confirmation page's title names the e-mail:
    # following the flag's value covers that place, see test_sensitive_follow)
    assert any(EMAIL in title for title in masked["focus"]["title"])
    text = json.dumps({k: v for k, v in masked.items() if k != "focus"})
    assert EMAIL not in text and TOKEN not in text
    for piece in ("costa91", "gmail", "ghp_", "y8plB"):
        assert piece not in text
    inside = _typed_keys(masked, 16.4, 22.0)
    assert inside and all(k in (masking.MASK_CHAR, "Tab") or not masking.types_a_character(k) for k in inside)
    assert masking.MASK_TEXT in _typed_keys(masked, 55.0, 55.5)
    # outside the flags the typed text is untouched, and the shared cached payload was not changed
    assert "".join(k for k in _typed_keys(masked, 5.0, 9.0) if len(k) == 1) == "northpeak.shop"
    assert "".join(k for k in _typed_keys(sample[2], 16.4, 21.5) if len(k) == 1) == EMAIL


def test_pixels_only_rejected_and_revealed_flags_do_not_mask(sample, db):
    pixels = _flag(db, sample, 16.0, 22.0, scope="pixels")
    rejected = _flag(db, sample, 16.0, 22.0, scope="events", status="rejected", source="presidio")
    revealed = _flag(db, sample, 16.0, 22.0, scope="both")
    flags = db.flags(SESSION)
    assert masking.masking_spans(flags, revealed={revealed.id}) == []
    assert masking.masking_spans(flags) == [(16.0, 22.0)]
    shown = payload.with_review(sample[2], [], masking.masking_spans(flags, {revealed.id}))
    assert EMAIL[:10] in "".join(_typed_keys(shown, 16.4, 21.5))
    assert {pixels.id, rejected.id, revealed.id} == {f.id for f in flags}


def test_event_log_rows_are_masked_inside_the_span_only(sample):
    rows = charts.event_rows(sample[0].events)
    masked = masking.mask_rows(rows, [(16.4, 22.0), (55.0, 55.5)])
    typed = masked[masked["type"].isin(masking.KEY_TYPES)]
    assert not typed["detail"].str.contains("costa|ghp_", regex=True).any()
    assert masked[masked["type"] == "focus"]["detail"].str.contains("costa").any()  # a title: not typed text
    assert rows["detail"].str.contains("ghp_").any()  # the original rows are not changed
    keys_inside = masked[(masked["t"] >= 16.4) & (masked["t"] <= 22.0) & masked["type"].isin(masking.KEY_TYPES)]
    assert len(keys_inside) > 20 and (keys_inside["detail"] == masking.MASKED_DETAIL).all()
    outside = masked[(masked["t"] < 10) & (masked["type"] == "key_down")]
    assert "n" in set(outside["detail"])


@pytest.mark.parametrize("label, types", [("a", True), ("Space", True), ("Shift+A", True), ("+", True),
                                          ("AltGraph+Q", True), ("Ctrl+V", False), ("Cmd+Shift+Z", False),
                                          ("Enter", False), ("Backspace", False), ("F5", False)])
def test_which_keys_type_a_character(label, types):
    assert masking.types_a_character(label) is types


def test_bands_leave_out_rejected_flags_and_keep_regions(sample, db):
    label = db.add_label(SESSION, sample[0].content_hash, reviewer="alice", t_start=1.0, t_end=5.0,
                         instruction="open the shop")
    kept = _flag(db, sample, 16.0, 22.0, regions=[{"screen": 0, "x": 10, "y": 20, "w": 30, "h": 40}])
    _flag(db, sample, 30.0, 31.0, status="rejected", source="presidio")
    spans = bands.review_spans(db.labels(SESSION), db.flags(SESSION))
    assert [(s.kind, s.id) for s in spans] == [("label", label.id), ("flag", kept.id)]
    assert spans[0].label == "open the shop"
    assert spans[1].to_json()["regions"] == [[0, 10.0, 20.0, 30.0, 40.0]] and spans[1].status == "accepted"


def test_review_rev_changes_with_bands_and_masking(sample, db):
    base = sample[2]
    flag = _flag(db, sample, 16.0, 22.0)
    plain = payload.with_review(base, [], [])
    banded = payload.with_review(base, bands.review_spans([], db.flags(SESSION)), [])
    masked = payload.with_review(base, bands.review_spans([], db.flags(SESSION)), [(16.0, 22.0)])
    assert len({plain["review_rev"], banded["review_rev"], masked["review_rev"]}) == 3
    assert banded["spans"][-1]["id"] == flag.id and len(banded["spans"]) == len(base["spans"]) + 1


SCREENS = {0: (1280, 800)}


def test_a_mark_is_ordered_clamped_and_regions_checked():
    mark = marks.parse({"t0": 30.0, "t1": -5, "regions": [[0, 1200, 10, 500, 50], [3, 1, 1, 5, 5], [0, 1, 2],
                                                         [0, "x", 1, 2, 3], [0, 5, 5, 0, 10]]}, 0.0, 100.0, SCREENS)
    assert (mark.t0, mark.t1) == (0.0, 30.0)
    assert mark.regions == ((0, 1200, 10, 80, 50),)
    assert mark.store_regions() == [{"screen": 0, "x": 1200, "y": 10, "w": 80, "h": 50}]


@pytest.mark.parametrize("value", [None, "x", {}, {"t0": None, "t1": None, "regions": []},
                                   {"t0": float("nan"), "t1": 3}, {"t0": True, "t1": 2}])
def test_nothing_usable_is_no_mark(value):
    assert marks.parse(value, 0.0, 100.0, SCREENS) is None


def test_regions_without_a_span_are_a_mark():
    mark = marks.parse({"t0": None, "t1": None, "regions": [[0, 1, 2, 30, 40]]}, 0.0, 100.0, SCREENS)
    assert not mark.has_span and mark.regions == ((0, 1, 2, 30, 40),)
