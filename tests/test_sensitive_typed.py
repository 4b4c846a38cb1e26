"""Typed-text reconstruction: characters, their times, segments, paste."""

from __future__ import annotations

from tests.sensitive_helpers import Typist, session_of
from viewer.sensitive.typed import segments


def test_plain_typing_shift_and_segments(tmp_path):
    k = Typist()
    k.focus("Firefox", "Search")
    k.click()
    k.type("Hello World!")
    k.press("Tab")
    k.type("second")
    k.press("Enter")
    k.type("third")
    segs = segments(session_of(tmp_path, k.events).events)
    assert [s.text for s in segs] == ["Hello World!", "second", "third"]
    assert [s.ended_by for s in segs] == ["tab", "enter", "end"]
    assert segs[1].started_by == "tab"


def test_base_key_recorder_with_shift_and_caps_lock(tmp_path):
    k = Typist()
    k.emit("key_down", key="Shift")
    k.press("a")
    k.press("1")
    k.emit("key_up", key="Shift")
    k.press("b")
    k.press("CapsLock")
    k.press("c")
    k.press("CapsLock")
    k.press("d")
    segs = segments(session_of(tmp_path, k.events).events)
    assert segs[0].text == "A!bCd"


def test_typos_and_backspace_span_is_exact(tmp_path):
    k = Typist()
    k.focus("Firefox", "Notes")
    k.type("hi ")
    t_first, _ = k.type("Sx")          # a typo at the start of the value...
    k.press("Backspace")               # ...taken back
    k.type("ecr3t")
    k.press("ArrowLeft")
    k.press("Delete")                  # deletes nothing after the cursor but the last char
    _, t_last = k.type("t")
    k.press("Enter")
    seg = segments(session_of(tmp_path, k.events).events)[0]
    assert seg.text == "hi Secr3t"
    t0, t1 = seg.span(3, 9)
    assert t0 == t_first and t1 == t_last


def test_paste_is_marked_and_spans_from_the_shortcut(tmp_path):
    k = Typist()
    k.focus("Terminal", "bash")
    k.type("export X=")
    t0, t1 = k.paste("abcDEF123")
    k.press("Enter")
    k.type("ok")
    k.paste("not after a shortcut")  # a text event without the shortcut right before: typed, not pasted
    k.events[-1]["t"] += 5
    segs = segments(session_of(tmp_path, k.events).events)
    seg = segs[0]
    assert seg.text == "export X=abcDEF123"
    assert [c.pasted for c in seg.chars] == [False] * 9 + [True] * 9
    assert seg.span(9) == (t0, t1)


def test_select_all_then_type_replaces(tmp_path):
    k = Typist()
    k.type("old")
    k.emit("key", key="a", mods=["Control"])
    k.wait(0.1)
    k.type("new")
    assert segments(session_of(tmp_path, k.events).events)[0].text == "new"


def test_focus_and_click_split_segments(tmp_path):
    k = Typist()
    k.focus("A", "one")
    k.type("abc")
    k.focus("B", "two")
    k.type("def")
    k.click()
    k.type("ghi")
    segs = segments(session_of(tmp_path, k.events).events)
    assert [(s.text, s.app, s.ended_by) for s in segs] == [("abc", "A", "focus"), ("def", "B", "click"),
                                                           ("ghi", "B", "end")]
    assert segs[1].window == segs[2].window != segs[0].window
