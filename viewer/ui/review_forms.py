"""The review panel's forms for a new task label and a new sensitive flag. Their span starts from the span
last marked in the player (I/O keys or Shift+drag on its timeline), else from the playhead; a flag takes
the regions drawn on the screen image with it."""

from __future__ import annotations

import streamlit as st

from viewer.review.errors import ReviewError
from viewer.review.fields import OUTCOMES
from viewer.sensitive import categories
from viewer.sensitive.config import ConfigError, load_config
from viewer.ui import review_bands, state

NO_OUTCOME = "—"
SCOPE_CHOICES = ("both", "events", "pixels")  # "both" first: the safe default
SHORTCUTS = {"label": "Alt+L", "flag": "Alt+F"}


FLASH = "rp_flash"


def say(message: str, kind: str = "success") -> None:
    """From a button's callback (it runs before the page is drawn, so the page already shows the write):
    the message for this run's panel."""
    st.session_state[FLASH] = (kind, message)


def flash() -> None:
    said = st.session_state.pop(FLASH, None)
    if said:
        {"success": st.success, "error": st.error}[said[0]](said[1])


def _span_keys(prefix: str, sid: str) -> tuple[str, str]:
    """The keys span_inputs gives its two inputs now (they change with each new mark)."""
    mark = review_bands.current_mark(sid)
    suffix = f"_m{review_bands.mark_number()}" if mark is not None and mark.has_span else ""
    return f"{prefix}_t0{suffix}", f"{prefix}_t1{suffix}"


def span_inputs(prefix: str, sid: str, t: float) -> tuple[float, float]:
    """Start and end of a new span: the last mark, else the playhead and ten seconds after it. A new mark
    gives the inputs new keys, so they start again from it (and a cleared form returns to it)."""
    mark = review_bands.current_mark(sid)
    if mark is not None and mark.has_span:
        t0, t1, suffix = mark.t0, mark.t1, f"_m{review_bands.mark_number()}"
    else:
        t0, t1, suffix = float(t), float(t) + 10.0, ""
    c = st.columns(2)
    a = c[0].number_input("start (s)", min_value=0.0, value=float(t0), step=1.0, key=f"{prefix}_t0{suffix}")
    b = c[1].number_input("end (s)", min_value=0.0, value=float(t1), step=1.0, key=f"{prefix}_t1{suffix}")
    return a, b


def _add_label(db, sid: str, chash: str, who: str, span_keys: tuple[str, str]) -> None:
    """The label form's callback: runs before the page is drawn, so the same run shows the label (list and
    band). Values are read from the form's widgets by key."""
    get = st.session_state.get
    outcome = get("rp_label_outcome")
    try:
        db.add_label(sid, chash, reviewer=who, t_start=float(get(span_keys[0])), t_end=float(get(span_keys[1])),
                     instruction=get("rp_label_instruction") or "",
                     outcome=None if outcome in (None, NO_OUTCOME) else outcome, quality=get("rp_label_quality"),
                     tags=[x.strip() for x in (get("rp_label_tags") or "").split(",") if x.strip()],
                     note=get("rp_label_note") or "")
    except ReviewError as exc:
        say(f"Not saved: {exc}", "error")
        return
    say("Label added.")


def label_form(db, sid: str, chash: str, who: str, t: float) -> None:
    with st.form(f"rp_label_{sid}", clear_on_submit=True):
        st.caption("Add a task label (from the marked span)")
        span_inputs("rp_label", sid, t)
        st.text_input("Instruction", key="rp_label_instruction")
        st.selectbox("Outcome", (*OUTCOMES, NO_OUTCOME), key="rp_label_outcome")
        st.select_slider("Quality", (1, 2, 3, 4, 5), value=3, key="rp_label_quality")
        st.text_input("Tags (comma separated)", key="rp_label_tags")
        st.text_area("Note", key="rp_label_note")
        st.form_submit_button("Add label", shortcut=SHORTCUTS["label"], on_click=_add_label,
                              args=(db, sid, chash, who, _span_keys("rp_label", sid)))


@st.cache_data(show_spinner=False)
def _category_names(path: str | None, stamp: float) -> tuple[list[str], str | None]:
    """The flag categories: built-in, then the config file's, then 'other'; and why the file was not used."""
    try:
        return categories.names(load_config(path) if path else None), None
    except ConfigError as exc:
        return categories.names(None), str(exc)


def category_choices(current: str | None = None) -> list[str]:
    """The fixed list the flag forms offer; a stored category that is not in it (an older free-text one)
    stays first, so editing a flag never changes its category unasked."""
    path = state.current_settings().config
    try:
        stamp = path.stat().st_mtime if path else 0.0
    except OSError:
        stamp = -1.0
    names, problem = _category_names(str(path) if path else None, stamp)
    if problem:
        st.warning(f"Flag categories: the config file is not used ({problem}); built-in categories only.")
    return ([current] if current and current not in names else []) + names


def _typed_region() -> None:
    """The inputs of one region typed in by hand (when nothing was drawn on the screen); _add_flag reads them."""
    r = st.columns(5)
    r[0].number_input("x", min_value=0, value=0, key="rp_flag_x")
    r[1].number_input("y", min_value=0, value=0, key="rp_flag_y")
    r[2].number_input("w", min_value=0, value=100, key="rp_flag_w")
    r[3].number_input("h", min_value=0, value=100, key="rp_flag_h")
    r[4].number_input("screen", min_value=0, value=0, key="rp_flag_screen")


def _add_flag(db, sid: str, chash: str, who: str, span_keys: tuple[str, str], drawn: list[dict]) -> None:
    """The flag form's callback (before the page is drawn, so the same run shows the flag): the regions drawn
    on the screen when the form was shown, else the hand-typed one when asked for."""
    get = st.session_state.get
    typed = [{"screen": int(get("rp_flag_screen") or 0), "x": int(get("rp_flag_x") or 0),
              "y": int(get("rp_flag_y") or 0), "w": int(get("rp_flag_w") or 0), "h": int(get("rp_flag_h") or 0)}]
    regions = drawn or (typed if get("rp_flag_use_region") else [])
    try:
        db.add_flag(sid, chash, reviewer=who, t_start=float(get(span_keys[0])), t_end=float(get(span_keys[1])),
                    regions=regions, scope=get("rp_flag_scope") or SCOPE_CHOICES[0],
                    category=get("rp_flag_category") or "other", status="accepted", source="human",
                    note=get("rp_flag_note") or "")
    except ReviewError as exc:
        say(f"Not saved: {exc}", "error")
        return
    say("Flag added.")


def flag_form(db, sid: str, chash: str, who: str, t: float) -> None:
    mark = review_bands.current_mark(sid)
    drawn = mark.store_regions() if mark is not None else []
    with st.form(f"rp_flag_{sid}", clear_on_submit=True):
        st.caption("Flag a sensitive span (from the marked span)")
        span_inputs("rp_flag", sid, t)
        choices = category_choices()
        st.selectbox("Category", choices, index=choices.index("other"), key="rp_flag_category",
                     help="; ".join(f"{c}: {categories.describe(c)}" for c in choices[:9]) + "; ...")
        st.selectbox("Scope", SCOPE_CHOICES, key="rp_flag_scope")
        if drawn:  # the drawn regions go with the flag: no hand-typed box to confuse them with
            st.text(f"{len(drawn)} region(s) drawn on the screen go with this flag.")
        else:
            st.checkbox("Region", key="rp_flag_use_region")
            _typed_region()
        st.text_area("Note", key="rp_flag_note")
        st.form_submit_button("Add flag", shortcut=SHORTCUTS["flag"], on_click=_add_flag,
                              args=(db, sid, chash, who, _span_keys("rp_flag", sid), drawn))
