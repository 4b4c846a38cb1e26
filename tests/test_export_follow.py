"""The export follows flagged values: a reviewer flags only the keystrokes of a typed e-mail and a card
number; the later screens, the window title and the task instruction that show them are redacted too (text
fields value by value, "[email]"), a rejected place stays as it was, screenshots that never showed a value are
byte-identical, OCR reads nothing of the values in the export, and verify-export catches a planted leak."""

from __future__ import annotations

import shutil

import orjson
import pytest
import pytesseract
from click.testing import CliRunner
from PIL import Image

from tests.follow_helpers import CARD_TYPED, EMAIL, build, events_of
from viewer.cli import cli
from viewer.review import Store
from viewer.sensitive import match
from viewer.trace import load_session

KEY = "k" * 32


def _export(world, out):
    env = {"VIEWER_EXPORT_KEY": KEY, "VIEWER_CACHE": str(world["cache"])}
    r = CliRunner().invoke(cli, ["export", str(world["data"]), str(out), "--db", world["url"]], env=env)
    assert r.exit_code == 0, r.output
    assert EMAIL not in r.output and CARD_TYPED not in r.output
    return out / world["sid"]


def _verify(world, out):
    env = {"VIEWER_CACHE": str(world["cache"])}
    return CliRunner().invoke(cli, ["verify-export", str(out), "--db", world["url"], "--data", str(world["data"])],
                              env=env)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xfollow")
    d, info = build(tmp / "data")
    session = load_session(d)
    url = f"sqlite:///{tmp / 'ann.db'}"
    with Store.open(url) as store:
        for span, category in ((info["email_span"], "email"), (info["card_span"], "credit_card")):
            store.add_flag(session.session_id, session.content_hash, reviewer="ann", t_start=span[0],
                           t_end=span[1], scope="events", category=category)
        store.set_review(session.session_id, session.content_hash, "approved", reviewer="ann")
    world = {"tmp": tmp, "data": tmp / "data", "url": url, "cache": tmp / "cache", "sid": session.session_id,
             "src": d, "info": info}
    world["out"] = _export(world, tmp / "out")
    return world


def _readable(path) -> str:
    return match.fold(pytesseract.image_to_string(Image.open(path).convert("L").resize((2000, 1280)))).text


def test_later_screens_title_and_task_are_redacted_the_rest_kept(world):
    out, src = world["out"], world["src"]
    for name in ("02-email.png", "03-confirm.png"):
        text = _readable(out / "screenshots" / name)
        assert match.folded_value(EMAIL) not in text and CARD_TYPED not in text
        assert "costa91" not in text
    assert "checkout" in _readable(out / "screenshots" / "02-email.png")  # only the value's field went
    for name in ("01-empty.png", "04-other.png"):  # never showed a value: byte for byte
        assert (out / "screenshots" / name).read_bytes() == (src / "screenshots" / name).read_bytes()
    titles = [e["title"] for e in events_of(out / "events.jsonl") if e["type"] == "focus"]
    assert "Inbox - [email] - Mail" in titles and "Checkout - Shop" in titles
    manifest = orjson.loads((out / "session.json").read_bytes())
    assert manifest["tasks"][0]["instruction"] == "Buy the sweater and mail [email] the receipt"
    assert not [e for e in events_of(out / "events.jsonl") if e["type"] in ("key_down", "key_up")
                and world["info"]["email_span"][0] <= e["t"] <= world["info"]["email_span"][1]]
    r = _verify(world, world["tmp"] / "out")
    assert r.exit_code == 0, r.output


def test_verify_export_catches_a_planted_leak_naming_file_and_flag(world, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(world["tmp"] / "out", bad)
    events = bad / world["sid"] / "events.jsonl"
    lines = events.read_bytes().splitlines()
    planted = [orjson.dumps({**e, "title": f"Re: {EMAIL}"}) if e.get("type") == "focus" else line
               for line, e in ((x, orjson.loads(x)) for x in lines if x.strip())]
    events.write_bytes(b"\n".join(planted) + b"\n")
    shot = bad / world["sid"] / "screenshots" / "03-confirm.png"
    shutil.copyfile(world["src"] / "screenshots" / "03-confirm.png", shot)  # the unredacted screen
    r = _verify(world, bad)
    assert r.exit_code == 1
    with Store.open(world["url"]) as store:
        email_flag = next(f for f in store.flags(world["sid"]) if f.category == "email" and f.source == "human")
    leak = [line for line in r.output.splitlines() if "window title" in line]
    assert leak and f"{world['sid']}/events.jsonl" in leak[0] and email_flag.id in leak[0]
    assert any(f"{world['sid']}/screenshots/03-confirm.png" in line and email_flag.id in line and "OCR" in line
               for line in r.output.splitlines())
    assert EMAIL not in r.output and "costa" not in r.output


def test_a_rejected_place_stays_out_of_the_redaction(world, tmp_path):
    with Store.open(world["url"]) as store:
        title = next(f for f in store.flags(world["sid"]) if f.place == "title")
        store.update("flag", title.id, title.version, reviewer="bob", status="rejected")
    try:
        out = _export(world, tmp_path / "out2")
        titles = [e["title"] for e in events_of(out / "events.jsonl") if e["type"] == "focus"]
        assert f"Inbox - {EMAIL} - Mail" in titles  # the reviewer said this place is fine
        r = _verify(world, tmp_path / "out2")
        assert r.exit_code == 0, r.output  # a rejected place is not a leak
    finally:
        with Store.open(world["url"]) as store:
            cur = store.get("flag", title.id)
            store.update("flag", cur.id, cur.version, reviewer="bob", status="accepted")


def test_parquet_text_columns_are_redacted_value_by_value_with_their_own_types():
    import pyarrow as pa

    from viewer.export.text_redact import Target, redact_table_text

    table = pa.table({"t": [1.0, 2.0, 3.0, 4.0], "type": ["focus", "text", "marker", "focus"],
                      "title": pa.array([f"Inbox - {EMAIL}", None, None, f"Re: {EMAIL}"]).dictionary_encode(),
                      "text": [None, f"mail {EMAIL} now", None, None],
                      "label": [None, None, f"sent to {EMAIL}", None]})
    targets = [Target(0.0, 3.5, None, (("email", EMAIL),), "f1")]  # the last title is outside the span
    out, n = redact_table_text(table, targets)
    assert n == 3 and out.schema == table.schema
    assert out["title"].to_pylist() == ["Inbox - [email]", None, None, f"Re: {EMAIL}"]
    assert out["text"].to_pylist()[1] == "mail [email] now" and out["label"].to_pylist()[2] == "sent to [email]"
