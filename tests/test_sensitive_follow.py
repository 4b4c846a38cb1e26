"""Following a flagged value: tolerant matching, the value read back from the trace, its other places on real
rendered screenshots (real Tesseract), titles, markers, tasks and video frames; derived flags in the store."""

from __future__ import annotations

import logging

import cv2
import numpy as np
import pytest

from tests.follow_helpers import CARD_TYPED, EMAIL, SIZE, build, screen
from tests.sensitive_helpers import Typist
from tests.trace_factory import make_session
from viewer.review import Store
from viewer.sensitive import follow, match
from viewer.sensitive.derived import SOURCE, places_of, sync_session
from viewer.sensitive.ocr import Word
from viewer.sensitive.ocr_cache import OcrCache, erase, session_folder
from viewer.sensitive.pages import Page, session_pages
from viewer.trace import load_session


# -- matching -----------------------------------------------------------------------------------------
def test_card_number_found_with_other_grouping_and_case_and_spacing():
    assert match.find("4111111111111111", "paid with 4111 1111 1111 1111 today") == [(10, 29)]
    assert match.find("4111-1111-1111-1111", "card 4111111111111111") == [(5, 21)]
    assert match.find("Aisha.Costa91@Gmail.com", "to aisha.costa91 @ gmail.com.") == [(3, 28)]


def test_long_token_misread_by_ocr_is_found_but_two_misreads_in_eight_are_not():
    token = "ghp_y8plBct8uFkWqfPpVEDWp5CeTXxj5tc"
    misread = token.replace("l", "1", 1).replace("O", "0").replace("W", "VV", 1)  # what OCR does to it
    assert match.find(token, f"export GITHUB_TOKEN={misread}")
    short = "k3ys3cret"  # 9 folded characters: one error allowed, not two
    assert match.find(short, "x k3ys3crel y")
    assert not match.find(short, "x k3yz3crel y")


def test_short_values_are_not_followed_and_replace_names_the_category():
    assert not match.followable("4321") and not match.find("abc12", "abc12 abc12")
    text, n = match.replace(f"Inbox - {EMAIL} - Mail", [("email", EMAIL)])
    assert (text, n) == ("Inbox - [email] - Mail", 1)


# -- a rendered session -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("follow")
    d, info = build(tmp / "data")
    session = load_session(d, tmp / "cache")
    cache = OcrCache(tmp / "cache", session.session_id)
    pages = session_pages(session, cache)
    return {"tmp": tmp, "session": session, "pages": pages, "info": info, "cache_dir": tmp / "cache"}


def _flag(span, category, scope="events", regions=()):
    return {"t_start": span[0], "t_end": span[1], "scope": scope, "category": category, "regions": list(regions)}


def test_typed_value_is_found_on_later_screens_in_a_title_a_task_but_not_elsewhere(world):
    session, info = world["session"], world["info"]
    flag = _flag(world["info"]["email_span"], "email")
    values = follow.flag_values(session, flag, OcrCache(world["cache_dir"], session.session_id))
    assert [v.text for v in values] == [EMAIL] and EMAIL not in repr(values)
    places = follow.find_places(session, flag, values, world["pages"])
    shots = info["shots"]
    pixel = [p for p in places if p.place == "screen"]
    seen = {min(shots, key=lambda f: abs(shots[f] - p.t_start)) for p in pixel}
    assert seen == {"02-email.png", "03-confirm.png"}
    field = next(p for p in pixel if abs(p.t_start - shots["02-email.png"]) < 0.01)
    _, x, y, w, h = field.regions[0]
    assert 55 <= x <= 75 and 95 <= y <= 110 and w >= 300 and h <= 50  # the input field, not the whole screen
    receipt = next(p for p in pixel if abs(p.t_start - shots["03-confirm.png"]) < 0.01)
    _, x, y, w, h = receipt.regions[0]
    assert 190 <= x <= 205 and 118 <= y <= 130 and 200 <= w < 260 and h < 40  # the value's words only
    assert sorted(p.place for p in places if p.scope == "events") == ["task", "title"]


def test_card_number_typed_without_spaces_is_found_shown_grouped(world):
    session = world["session"]
    flag = _flag(world["info"]["card_span"], "credit_card")
    values = follow.flag_values(session, flag, OcrCache(world["cache_dir"], session.session_id))
    assert [v.text for v in values] == [CARD_TYPED]
    places = follow.find_places(session, flag, values, world["pages"])
    confirm = world["info"]["shots"]["03-confirm.png"]
    assert any(p.place == "screen" and abs(p.t_start - confirm) < 0.01 for p in places)


def test_misread_token_on_a_page_gets_a_region_at_its_words():
    token = "ghp_y8plBct8uFkWqfPpVEDWp5CeTXxj5tc"
    misread = "ghp_y8p1Bct8uFkWqfPpVEDWp5CeTXxj5tc"
    words = [Word("export", 10, 100, 60, 14, 90, (1, 1, 1)), Word(f"TOKEN={misread[:20]}", 80, 100, 200, 14, 90,
                                                                 (1, 1, 1)),
             Word(misread[20:], 284, 100, 150, 14, 90, (1, 1, 1))]
    page = Page("screen", 0, 1.0, 2.0, words)
    page.index()
    (place,) = follow.pixel_places([page], [follow.Value("secret", token)], typing=[])
    _, x, y, w, h = place.regions[0]
    assert 115 <= x <= 140 and y == 100 and 290 <= x + w <= 440  # starts after "TOKEN=", ends with the token


def test_region_value_is_read_back_from_the_screenshot(world):
    session, shots = world["session"], world["info"]["shots"]
    t = shots["03-confirm.png"]
    flag = _flag((t, t + 0.5), "email", "pixels", [{"screen": 0, "x": 50, "y": 110, "w": 600, "h": 40}])
    values = follow.flag_values(session, flag, OcrCache(world["cache_dir"], session.session_id))
    assert len(values) == 1 and EMAIL.replace(".", "").replace("@", "") in values[0].folded


def test_video_frames_show_the_value(tmp_path):
    k = Typist(0.0)
    k.focus("Browser", "Sign up")
    span = k.type(EMAIL)
    k.wait(3.0)
    k.emit("move", x=1, y=1)
    d = make_session(tmp_path, "video-1", events=k.events, images=False,
                     manifest={"video": {"file": "screen.mp4", "t0": 0.0},
                               "screens": [{"id": 0, "x": 0, "y": 0, "width": SIZE[0], "height": SIZE[1]}]})
    blank = np.asarray(screen([(60, 40, "Sign up")], [(60, 100, 480, "")]))[:, :, ::-1]
    full = np.asarray(screen([(60, 40, "Sign up")], [(60, 100, 480, EMAIL)]))[:, :, ::-1]
    fps, end = 5, k.t
    writer = cv2.VideoWriter(str(d / "screen.mp4"), cv2.VideoWriter_fourcc(*"mp4v"), fps, SIZE)
    for i in range(int(end * fps)):
        writer.write(np.ascontiguousarray(full if i / fps > span[1] else blank))
    writer.release()
    session = load_session(d, tmp_path / "cache")
    cache = OcrCache(tmp_path / "cache", session.session_id)
    pages = session_pages(session, cache)
    assert pages and all(p.place == "video" for p in pages)
    flag = _flag(span, "email")
    places = follow.find_places(session, flag, follow.flag_values(session, flag, cache), pages)
    video = [p for p in places if p.place == "video"]
    assert video and video[0].t_start >= span[1] - 1.0
    _, x, y, w, h = video[0].regions[0]
    assert 60 <= x <= 120 and 100 <= y <= 130 and w < 400


# -- the cache ----------------------------------------------------------------------------------------
def test_ocr_cache_reads_each_image_once_and_is_erased_with_its_session(world):
    session = world["session"]
    cache = OcrCache(world["cache_dir"], session.session_id)
    session_pages(session, cache)
    assert cache.reads == 0  # the fixture read them all
    folder = session_folder(world["cache_dir"], session.session_id)
    assert session.session_id not in folder.name and any(folder.iterdir())
    assert all((p.stat().st_mode & 0o077) == 0 for p in folder.glob("*.json") if not p.name.startswith("runs"))


# -- derived flags in the store -----------------------------------------------------------------------
@pytest.fixture
def store(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'a.db'}") as s:
        yield s


def test_derived_flags_follow_their_source_rejection_stays_deletion_removes(world, store, caplog):
    caplog.set_level(logging.DEBUG)
    session = world["session"]
    sid, h = session.session_id, session.content_hash
    a, b = world["info"]["email_span"]
    src = store.add_flag(sid, h, reviewer="ann", t_start=a, t_end=b, scope="events", category="email")
    first = sync_session(store, session, world["cache_dir"])
    derived = places_of(store.flags(sid), src.id)
    assert first.added == len(derived) >= 4 and first.ocr_reads == 0
    assert {f.place for f in derived} == {"screen", "title", "task"}
    assert all(f.status == "accepted" and f.source == SOURCE and f.category == "email" for f in derived)
    dump = repr([f.data for f in store.flags(sid)]) + repr([e.after for e in store.audit(session_id=sid)])
    assert EMAIL not in dump and "costa" not in dump and EMAIL not in caplog.text  # the value is never stored
    assert sync_session(store, session, world["cache_dir"]).followed == 0  # nothing changed: nothing to do

    title = next(f for f in derived if f.place == "title")
    store.update("flag", title.id, title.version, reviewer="bob", status="rejected")
    src = store.update("flag", src.id, src.version, reviewer="ann", note="checked")  # the source changes
    again = sync_session(store, session, world["cache_dir"])
    assert again.followed == 1 and again.added == 0 and again.kept == len(derived)
    assert store.get("flag", title.id).status == "rejected"  # a rejected place stays out
    assert [a.action for a in store.audit(entity_id=title.id)] == ["create", "update"]

    store.delete("flag", src.id, src.version, reviewer="ann")
    gone = sync_session(store, session, world["cache_dir"])
    assert gone.removed == len(derived) and places_of(store.flags(sid), src.id) == []


def test_a_suggested_source_has_suggested_places_that_follow_its_decision(world, store):
    session = world["session"]
    sid, h = session.session_id, session.content_hash
    a, b = world["info"]["card_span"]
    src = store.add_flag(sid, h, reviewer="sensitive-suggest", t_start=a, t_end=b, scope="events",
                         category="credit_card", source="card", status="suggested")
    sync_session(store, session, world["cache_dir"])
    assert {f.status for f in places_of(store.flags(sid), src.id)} == {"suggested"}
    src = store.update("flag", src.id, src.version, reviewer="ann", status="accepted")
    sync_session(store, session, world["cache_dir"])
    assert {f.status for f in places_of(store.flags(sid), src.id)} == {"accepted"}
    store.update("flag", src.id, src.version, reviewer="ann", status="rejected")
    sync_session(store, session, world["cache_dir"])
    assert places_of(store.flags(sid), src.id) == []


def test_erase_removes_the_ocr_text(tmp_path):
    cache = OcrCache(tmp_path, "s-9")
    cache.words_of_image(screen([(60, 40, "Hello there world")]))
    assert session_folder(tmp_path, "s-9").exists()
    assert erase(tmp_path, "s-9") and not session_folder(tmp_path, "s-9").exists()


def test_erasing_a_person_removes_their_sessions_ocr_text(tmp_path):
    from viewer.team import erase as team_erase

    data, cache = tmp_path / "data", tmp_path / "cache"
    make_session(data, "s1", manifest={"user": "u-subject"})
    make_session(data, "s2", manifest={"user": "u-other"})
    for sid in ("s1", "s2"):
        OcrCache(cache, sid).words_of_image(screen([(60, 40, "Account number 12345678")]))
    with Store.open(f"sqlite:///{tmp_path / 'a.db'}") as store:
        team_erase.erase(data, "u-subject", store, cache, who="adam")
    assert not any(session_folder(cache, "s1").glob("*")) and any(session_folder(cache, "s2").glob("*"))


def test_suggest_follows_the_values_of_its_own_findings_as_suggestions(world, tmp_path):
    from click.testing import CliRunner

    from viewer.cli import cli

    url = f"sqlite:///{tmp_path / 'a.db'}"
    r = CliRunner().invoke(cli, ["suggest", str(world["session"].path), "--ocr", "--db", url],
                           env={"VIEWER_CACHE": str(world["cache_dir"])})
    assert r.exit_code == 0, r.output
    assert EMAIL not in r.output and "other place(s) of their values suggested" in r.output
    with Store.open(url) as store:
        flags = store.flags(world["session"].session_id)
    typed = [f for f in flags if f.category == "email" and f.scope == "events" and not f.derived_from]
    # the typed value's flag (a title's own finding may be an email flag too: it is then found there itself)
    places = [p for f in typed for p in places_of(flags, f.id)]
    assert places and {f.status for f in places} == {"suggested"}
    assert "title" in {f.place for f in places} or any(f.source.startswith("title") for f in typed)


def test_a_blind_second_reviewer_sees_no_places_of_the_first_reviewers_flags(world, store, monkeypatch):
    from viewer.team import blind, queue

    monkeypatch.setenv("VIEWER_DOUBLE_REVIEW", "1")  # every session is double-reviewed
    session = world["session"]
    sid, h = session.session_id, session.content_hash
    a, b = world["info"]["email_span"]
    assert queue.next_session(store, "ann", [sid], 30, double_share=1.0).round == 1
    ann = blind.view(store, sid, "ann")
    ann.add_flag(sid, h, reviewer="ann", t_start=a, t_end=b, scope="events", category="email")
    sync_session(store, session, world["cache_dir"])
    ann.set_review(sid, h, "approved", reviewer="ann")
    assert queue.next_session(store, "bob", [sid], 30, double_share=1.0).round == 2
    bob = blind.view(store, sid, "bob")
    assert any(f.derived_from for f in store.flags(sid)) and bob.flags(sid) == []
