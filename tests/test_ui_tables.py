"""The pages' cell formatting: short ids, m:ss times, lists and mappings as text, no None cells or empty rows."""

import math

import pandas as pd

from viewer.ui import tables


def test_short_ids_keep_short_ones_whole():
    assert tables.short_id("sample-7-0") == "sample-7-0"
    assert tables.short_id("0123456789abcdef0123456789abcdef") == "01234567…"
    assert tables.short_id(None) == ""


def test_times_as_minutes_and_seconds():
    assert [tables.mmss(v) for v in (0, 5.4, 59.6, 61, 3599, 3600, 3725.2)] == [
        "0:00", "0:05", "1:00", "1:01", "59:59", "1:00:00", "1:02:05"]
    assert tables.mmss(None) == "" and tables.mmss(math.nan) == "" and tables.mmss(-5) == "-0:05"


def test_lists_and_mappings_as_text():
    assert tables.as_text(["shopping", "checkout"]) == "shopping, checkout"
    assert tables.as_text({"a": 1, "b": [2, 3]}) == "a 1, b 2, 3"
    assert tables.as_text(None) == "" and tables.as_text(math.nan) == ""
    assert tables.region_text([{"screen": 1, "x": 10, "y": 20, "w": 300, "h": 40}]) == "300×40 at 10,20 (screen 1)"
    assert tables.region_text([]) == ""


def test_tidy_drops_empty_rows_and_none_cells():
    frame = pd.DataFrame({"session": ["a", None, "b"], "tags": [["x", "y"], None, None],
                          "note": [None, None, "n"]})
    tidy = tables.tidy(frame)
    assert tidy.to_dict("records") == [{"session": "a", "tags": "x, y", "note": ""},
                                       {"session": "b", "tags": "", "note": "n"}]


def test_height_fits_the_rows():
    assert tables.height(1) < tables.height(3) < tables.height(100) == 420


def _record(kind: str, **data):
    from datetime import datetime, timezone

    from viewer.review.records import Record

    now = datetime(2026, 11, 30, tzinfo=timezone.utc)
    return Record(kind=kind, id="0123456789abcdef0123456789abcdef", version=2, session_id="s", content_hash="h",
                  reviewer="kim", updated_by="kim", created_at=now, updated_at=now, deleted_at=None, data=data)


def test_label_and_comment_lines_read_as_text():
    from viewer.ui.review_edit import row_line

    label = _record("label", t_start=3.2, t_end=68, instruction="find the invoice", outcome="success", quality=4,
                    tags=["shopping", "checkout"], note=None)
    assert row_line(label) == ("0:03–1:08 · find the invoice · Outcome success · Quality 4 · "
                               "Tags shopping, checkout · by kim · v2 · id 01234567…")
    bare = _record("label", t_start=0, t_end=5, instruction=None, outcome=None, quality=None, tags=[], note="")
    assert row_line(bare) == "0:00–0:05 · by kim · v2 · id 01234567…"
    assert row_line(_record("comment", t=75.4, text="the cursor jumps here")) == (
        "1:15 · the cursor jumps here · by kim · v2 · id 01234567…")
