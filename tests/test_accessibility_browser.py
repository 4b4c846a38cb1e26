"""Accessibility in a real Chromium at 1366x768, on one app server for the module (local, no login):

- axe-core (pinned in package.json, injected into the page) finds no WCAG 2.1 A/AA violation in our own
  markup on the Replay (player, controls, timeline, review, suggestions and follow panels), Queue, Sessions,
  Quality and Export pages. What Streamlit draws itself and we cannot change is listed in STREAMLIT_OWN with
  the rule, the elements and why; any other violation (a new rule, or one of those rules on our elements)
  fails.
- A reviewer's day with the keyboard alone (`page.keyboard`: Tab, Shift+Tab, Enter, Space, arrows and the
  documented shortcuts): open a session from the queue, play, pause and seek, mark a span, add a label, flag
  a region, accept a suggestion, approve, next session; what the page shows is asserted after each step."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.app_server import running_app
from viewer.review import Store
from viewer.sensitive.decide import find_in_session
from viewer.trace import load_session

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SMALL = {"width": 1366, "height": 768}
WAIT = 60_000
FIRST, SECOND = "sample-7-0", "sample-7-1"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Violations in markup Streamlit draws itself, which no option or label of ours changes: the rule id, then the
# Streamlit elements (the data-testid of the nearest element that has one) it is allowed on, and why. A
# violation of another rule, or of one of these on any other element, fails the test.
STREAMLIT_OWN: dict[str, tuple[frozenset[str], str]] = {
    "color-contrast": (frozenset({"stCaptionContainer", "disabled widget label"}),
                       "st.caption draws its text in the theme's text colour at 60% opacity (about 4.1:1 on "
                       "white, under AA's 4.5:1), and a disabled widget's label is greyed the same way (WCAG "
                       "exempts inactive controls); the theme has no option for either colour"),
}


def _deep_focus_js() -> str:
    """JS: what has the keyboard focus (through shadow roots), as a short description."""
    return """() => {
      let e = document.activeElement;
      while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
      if (!e) return {};
      const labelled = e.getAttribute('aria-labelledby');
      const byId = labelled ? document.getElementById(labelled.split(' ')[0]) : null;
      const name = e.getAttribute('aria-label') || (byId && byId.textContent)
        || (e.labels && e.labels[0] && e.labels[0].textContent) || e.innerText || e.value || '';
      return {tag: e.tagName, role: e.getAttribute('role') || '', name: name.trim().slice(0, 80),
              testid: e.dataset ? (e.dataset.testid || '') : '', disabled: !!e.disabled};
    }"""


@pytest.fixture(scope="module")
def app(tmp_path_factory, sample_data):
    """The shipped samples, with the first session's suggestions already found."""
    root = tmp_path_factory.mktemp("a11y")
    data, cache = root / "data", root / "cache"
    shutil.copytree(sample_data, data)
    url = f"sqlite:///{root / 'a11y.db'}"
    with Store.open(url) as store:
        find_in_session(store, load_session(data / FIRST, cache))
    env = {"VIEWER_DB_URL": url, "VIEWER_DATA": str(data), "VIEWER_USER": "kim", "VIEWER_CACHE": str(cache),
           "VIEWER_QA_REPORT": str(root / "qa.parquet"), "VIEWER_EXPORT_DIR": str(root / "exports")}
    with running_app(env) as served:
        yield served, url


def _settled(page) -> None:
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=WAIT)


def _player(page):
    player = page.get_by_test_id("replay-player")
    player.wait_for(timeout=WAIT)
    page.wait_for_selector('canvas.rp-screen:not([data-image="pending"])', timeout=WAIT)
    return player


def _violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations: per rule, its nodes as (selector, nearest data-testid)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async (tags) => {
      const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
      const where = (target) => {
        let root = document, el = null;
        for (const sel of target) {  // a selector per shadow root on the way down
          el = root.querySelector(Array.isArray(sel) ? sel.join(' ') : sel);
          if (!el) return '';
          root = el.shadowRoot || el;
        }
        const label = el && el.closest('[data-testid="stWidgetLabel"]');
        if (label && label.parentElement.querySelector('[disabled], [aria-disabled="true"]')) return 'disabled widget label';
        const owner = el && el.closest('[data-testid]');
        return owner ? owner.dataset.testid : '';
      };
      return r.violations.map(v => ({id: v.id, help: v.help,
        nodes: v.nodes.map(n => [n.target.map(t => Array.isArray(t) ? t.join(' ') : t).join(' >> '), where(n.target)])}));
    }""", TAGS)


def _ours(violations: list[dict]) -> list[dict]:
    """The violations not explained by STREAMLIT_OWN."""
    left = []
    for v in violations:
        allowed = STREAMLIT_OWN.get(v["id"], (frozenset(), ""))[0]
        nodes = [n for n in v["nodes"] if n[1] not in allowed]
        if nodes:
            left.append({**v, "nodes": nodes})
    return left


PAGES = {
    "replay": ("replay?session=sample-7-0&t=3", "Replay"),
    "queue": ("queue", "Review queue"),
    "sessions": ("sessions", "Sessions"),
    "quality": ("quality", "Quality"),
    "export": ("export", "Export"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_no_violation_of_our_own_markup(chromium, app, name):
    app, _ = app
    path, heading = PAGES[name]
    page = chromium.new_page(viewport=SMALL)
    page.goto(f"{app}/{path}")
    page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=WAIT)
    if name == "replay":
        _player(page)
        page.get_by_role("button", name="Add flag").wait_for(timeout=WAIT)  # the panels follow the first frame
        page.get_by_role("button", name=re.compile(r"^Accept [a-z_]+ at \d+:\d\d")).first.wait_for(timeout=WAIT)
    _settled(page)
    page.wait_for_timeout(300)  # late-drawn widgets (the data grids' accessible copies)
    found = _ours(_violations(page))
    page.close()
    assert found == [], "\n".join(f"{v['id']} ({v['help']}): {v['nodes'][:6]}" for v in found)


# --- the keyboard-only journey ---

def _focus(page) -> dict:
    return page.evaluate(_deep_focus_js())


def _tab_to(page, matches, what: str, back: bool = False, limit: int = 250) -> dict:
    """Tab (or Shift+Tab) until the focused element satisfies `matches(focus)`; fails listing where the
    focus went when it is not reached."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        now = _focus(page)
        if matches(now):
            return now
        seen.append(f"{now.get('tag')}:{now.get('name', '')[:30]}")
    raise AssertionError(f"{what} is not reachable with the keyboard; the focus went: {seen}")


def _named(name: str, tag: str | None = None, enabled: bool = True):
    pattern = re.compile(name)
    return lambda f: (bool(pattern.search(f.get("name") or "")) and (tag is None or f.get("tag") == tag)
                      and not (enabled and f.get("disabled")))


def test_a_review_with_the_keyboard_alone(chromium, app):
    app, db = app
    page = chromium.new_page(viewport=SMALL)
    page.goto(f"{app}/queue")
    page.get_by_role("heading", name="Review queue").wait_for(timeout=WAIT)
    _settled(page)

    # open a session: the queue's button, by Tab and Enter
    _tab_to(page, _named("^Next session to review$", "BUTTON"), "Next session to review")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"session={FIRST}"), timeout=WAIT)
    player = _player(page)
    page.get_by_role("button", name="Add flag").wait_for(timeout=WAIT)
    _settled(page)

    # the player: reached by Tab; Space plays and pauses, arrows seek, I and O mark
    _tab_to(page, lambda f: f.get("testid") == "replay-player", "the player")
    page.keyboard.press("Space")
    expect(player).to_have_attribute("data-playing", "1", timeout=WAIT)
    page.keyboard.press("Space")
    expect(player).to_have_attribute("data-playing", "0", timeout=WAIT)
    t0 = float(player.get_attribute("data-t"))
    page.keyboard.press("ArrowRight")
    expect(player).to_have_attribute("data-t", f"{min(t0 + 5, float(player.get_attribute('data-end'))):.3f}")
    page.keyboard.press("Shift+ArrowLeft")
    expect(player).to_have_attribute("data-t", f"{t0 + 4:.3f}")
    page.keyboard.press("i")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("o")
    start, end = (float(v) for v in player.get_attribute("data-mark").split(","))
    assert (start, end) == (pytest.approx(t0 + 4, abs=0.01), pytest.approx(t0 + 9, abs=0.01))
    page.wait_for_function(f"() => [...document.querySelectorAll('input')].some(i => i.value === '{end:.2f}')",
                           timeout=WAIT)  # the forms start from the mark
    # the timeline is a slider a screen reader reads, and it takes the arrow keys too
    timeline = _tab_to(page, lambda f: f.get("role") == "slider" and "Timeline" in f.get("name", ""), "the timeline")
    assert timeline["testid"] == "replay-timeline"
    page.keyboard.press("ArrowLeft")
    expect(player).to_have_attribute("data-t", f"{t0 + 4:.3f}")
    expect(page.get_by_test_id("replay-timeline")).to_have_attribute("aria-valuetext", re.compile(r"^\d+:\d\d\.\d of "))

    # a task label: type the instruction, Enter submits the form
    _tab_to(page, lambda f: f.get("tag") == "INPUT" and f.get("name") == "Instruction", "the label's Instruction")
    page.keyboard.type("find the invoice")
    page.keyboard.press("Enter")
    page.get_by_text("Label added.").wait_for(timeout=WAIT)
    line = page.locator(".st-key-rp_rows_label [data-testid=stText]").filter(has_text="find the invoice")
    expect(line).to_have_text(re.compile(r"^\d+:\d\d–\d+:\d\d · find the invoice · .*by kim · v1 · "),
                              timeout=WAIT)
    expect(player).to_have_attribute("data-bands", re.compile(r"label:1\b"), timeout=WAIT)
    _settled(page)

    # a flag with a region typed in (drawing one needs a pointer): Space ticks "Region", Tab to Add flag, Enter
    flags = int(re.search(r"flag:(\d+)", player.get_attribute("data-bands")).group(1))
    _tab_to(page, lambda f: f.get("tag") == "INPUT" and f.get("name") == "Region", "the flag's Region box")
    page.keyboard.press("Space")
    _tab_to(page, _named(r"^Add flag\b", "BUTTON"), "Add flag")
    page.keyboard.press("Enter")
    page.get_by_text("Flag added.").wait_for(timeout=WAIT)
    expect(player).to_have_attribute("data-bands", re.compile(f"flag:{flags + 1}\\b"), timeout=WAIT)
    _settled(page)

    # accept the first suggestion: its button says which one (category and m:ss), and stays there, decided
    accept = _tab_to(page, _named(r"^Accept\s+[a-z_]+ at \d+:\d\d", "BUTTON"), "a suggestion's Accept")
    page.keyboard.press("Enter")
    page.get_by_text("Suggestion accepted.").wait_for(timeout=WAIT)
    page.get_by_text(re.compile(r"\saccepted by kim$")).first.wait_for(timeout=WAIT)
    expect(page.get_by_role("button", name=" ".join(accept["name"].split()), exact=True)).to_be_disabled()
    _settled(page)

    # approve with its shortcut; the question about the undecided suggestions answered by Tab and Enter
    page.keyboard.press("Alt+a")
    anyway = page.get_by_role("button", name=re.compile(r"^Approve with \d+ undecided$"))
    anyway.wait_for(timeout=WAIT)
    _settled(page)
    _tab_to(page, _named(r"^Approve with \d+ undecided$", "BUTTON"), "Approve anyway")
    page.keyboard.press("Enter")
    page.get_by_text("Review status: approved").wait_for(timeout=WAIT)
    expect(page.get_by_role("combobox", name="Review status")).to_have_value("approved", timeout=WAIT)
    _settled(page)

    # next session: the Queue in the sidebar's menu (Shift+Tab goes back up to it), then its button
    _tab_to(page, lambda f: f.get("tag") == "A" and f.get("name") == "Queue", "the menu's Queue", back=True)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Review queue").wait_for(timeout=WAIT)
    page.get_by_text("You hold no session.").wait_for(timeout=WAIT)
    _settled(page)
    _tab_to(page, _named("^Next session to review$", "BUTTON"), "Next session to review")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"session={SECOND}"), timeout=WAIT)
    _player(page)
    assert "Traceback" not in page.content()
    page.close()
    with Store.open(db) as store:
        (mine,) = [f for f in store.flags(FIRST) if f.source == "human"]
        assert mine.regions == [{"screen": 0, "x": 0, "y": 0, "w": 100, "h": 100}]
        assert [r.instruction for r in store.labels(FIRST)] == ["find the invoice"]
        assert store.review(FIRST).status == "approved"
