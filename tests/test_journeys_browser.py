"""A day's work per role in a real Chromium at 1366x768, asserting what the screen shows after every step:
a reviewer (queue, replay, mark, label, flag with a region, accept a suggestion, approve, next session), a
researcher (quality, a problem link into the replay, export), an admin (first account, users, access log,
erase preview), the broken and the unknown session, and the layout at 1920x1080.

Two app servers for the whole module: one with login (reviewer, researcher), one local (the admin's first
account, the broken and unknown sessions, the layout). A failing step saves a screenshot and prints its path."""

from __future__ import annotations

import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.app_server import running_app
from tests.trace_factory import make_session
from viewer.review import Store
from viewer.team import accounts

pytestmark = pytest.mark.browser

SMALL, LARGE = {"width": 1366, "height": 768}, {"width": 1920, "height": 1080}
WAIT = 60_000
EXPORT_WAIT = 600_000  # OCR of every screenshot of the exported sessions, on a loaded 2-core machine
PW = {"rita": "reviewer-password", "remy": "researcher-password"}
ROLE = {"rita": "reviewer", "remy": "researcher"}
BROKEN = "broken-1"  # sorts before the samples: the queue must skip it
FIRST, SECOND = "sample-7-0", "sample-7-1"
SHOTS = Path(tempfile.mkdtemp(prefix="journey-shots-"))


@contextmanager
def step(page, name: str):
    """One step of a journey; if it fails, the screen as it was goes to a PNG whose path is printed."""
    try:
        yield
    except BaseException:
        shot = SHOTS / f"{re.sub(r'[^a-z0-9]+', '-', name.lower())}.png"
        try:
            page.screenshot(path=str(shot), full_page=True)
            print(f"\nscreenshot of the failed step {name!r}: {shot}")
            # the page scrolls inside its main area, which a screenshot cuts off: its text says the rest (in CI too)
            print(f"what the page said:\n{page.get_by_test_id('stMain').inner_text(timeout=5000)[:4000]}")
        except Exception as exc:  # noqa: BLE001 - the step's own failure is the one to report
            print(f"\nno screenshot of the failed step {name!r}: {exc}")
        raise


def _dataset(root: Path, sample_data: Path) -> Path:
    data = root / "data"
    shutil.copytree(sample_data, data)
    make_session(data, BROKEN, raw_lines=[b'{"t": 0, "type": "move", "x": 1}', b"{oops"])
    return data


@pytest.fixture(scope="module")
def team_app(tmp_path_factory, sample_data):
    """Login on, a reviewer and a researcher (and an admin, so the accounts are valid)."""
    root = tmp_path_factory.mktemp("team")
    data = _dataset(root, sample_data)
    db = f"sqlite:///{root / 'team.db'}"
    with Store.open(db) as store:
        accounts.add(store, "adam", "admin", "admin-password")
        for name, password in PW.items():
            accounts.add(store, name, ROLE[name], password)
    env = {"VIEWER_AUTH": "on", "VIEWER_DB_URL": db, "VIEWER_DATA": str(data), "VIEWER_DOUBLE_REVIEW": "0",
           "VIEWER_CACHE": str(root / "cache"), "VIEWER_EXPORT_KEY": "journey-export-key-0123456789",
           "VIEWER_EXPORT_DIR": str(root / "exports"), "VIEWER_QA_REPORT": str(root / "qa.parquet")}
    with running_app(env) as url:
        yield url, db, root


@pytest.fixture(scope="module")
def local_app(tmp_path_factory, sample_data):
    """No login: the local user is an admin; a fresh database without accounts."""
    root = tmp_path_factory.mktemp("local")
    data = _dataset(root, sample_data)
    env = {"VIEWER_DB_URL": f"sqlite:///{root / 'local.db'}", "VIEWER_DATA": str(data), "VIEWER_USER": "ops",
           "VIEWER_CACHE": str(root / "cache"), "VIEWER_QA_REPORT": str(root / "qa.parquet")}
    with running_app(env) as url:
        yield url


def _login(browser, url: str, path: str, user: str):
    """A fresh tab at `path`, signed in there (a login lives in its tab: move on with the menu, not goto)."""
    context = browser.new_context(viewport=SMALL)
    page = context.new_page()
    page.goto(f"{url}/{path}")
    _sign_in(page, user)
    return context, page


def _sign_in(page, user: str) -> None:
    page.get_by_label("Username", exact=True).fill(user)
    page.get_by_label("Password", exact=True).fill(PW[user])
    _click(page, "Log in")
    page.get_by_text(f"Signed in as {user} ({ROLE[user]})").wait_for(timeout=WAIT)


def _menu(page, name: str) -> None:
    _settled(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=name, exact=True).click()


def _player(page):
    player = page.get_by_test_id("replay-player")
    player.wait_for(timeout=WAIT)
    page.wait_for_selector('canvas.rp-screen:not([data-image="pending"])', timeout=WAIT)
    return player


def _settled(page) -> None:
    """The script run has ended: no stale copies of the page's elements are left beside the new ones."""
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=WAIT)


def _click(page, name: str) -> None:
    _settled(page)
    page.get_by_role("button", name=name, exact=False).first.click()


def _choose(page, box: str, option: str) -> None:
    """Pick `option` in the select box labelled `box` once the run has ended; a rerun that redraws the box right
    after the click closes its list again, so the click is repeated until the option shows."""
    select = page.get_by_test_id("stSelectbox").filter(has_text=box).first
    choice = page.get_by_role("option", name=option)
    for _ in range(3):
        _settled(page)
        select.click()
        try:
            choice.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            continue
    choice.click()


def _cell(page, text: str):
    """A table cell (the canvas grid keeps an accessible copy of its cells in the DOM)."""
    return page.locator("td[role=gridcell]").filter(has_text=text).first


def _line(page, kind: str, text: str):
    """A line of the Replay page's label or comment list (plain text, one per row)."""
    return page.locator(f".st-key-rp_rows_{kind} [data-testid=stText]").filter(has_text=text).first


def _button(page, key: str):
    return page.locator(f".st-key-{key} button").first


def _clean(page) -> None:
    assert "Traceback" not in page.content()


def _bands(player) -> dict[str, int]:
    return {k: int(v) for k, v in (kv.split(":") for kv in player.get_attribute("data-bands").split(","))}


def test_reviewer_day(chromium, team_app):
    url, db, _ = team_app
    context, page = _login(chromium, url, "queue", "rita")
    with step(page, "queue"):
        page.get_by_role("heading", name="Review queue").wait_for(timeout=WAIT)
        page.get_by_text("You hold no session.").wait_for(timeout=WAIT)
        _click(page, "Next session to review")
        page.get_by_role("heading", name="Replay").wait_for(timeout=WAIT)
        expect(page).to_have_url(re.compile(f"session={FIRST}"), timeout=WAIT)  # the broken one is skipped
        player = _player(page)

    with step(page, "mark a span"):
        player.focus()
        page.keyboard.press("i")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("o")
        start, end = (float(v) for v in player.get_attribute("data-mark").split(","))
        assert end - start == pytest.approx(5.0, abs=0.01)
        page.wait_for_function(f"() => [...document.querySelectorAll('input')].some(i => i.value === '{end:.2f}')",
                               timeout=WAIT)

    with step(page, "label"):
        page.get_by_label("Instruction", exact=True).first.fill("find the invoice")
        _click(page, "Add label")
        page.get_by_text("Label added.").wait_for(timeout=WAIT)
        expect(_line(page, "label", "find the invoice")).to_have_text(
            re.compile(r"^\d+:\d\d–\d+:\d\d · find the invoice · .*by rita · v1 · id \w{8}…$"), timeout=WAIT)
        expect(player).to_have_attribute("data-bands", re.compile(r"label:1\b"), timeout=WAIT)

    with step(page, "flag with a region"):
        page.get_by_test_id("replay-draw-region").click()
        canvas = page.locator("canvas.rp-screen").first
        canvas.scroll_into_view_if_needed()
        screen = canvas.bounding_box()
        page.mouse.move(screen["x"] + screen["width"] * 0.2, screen["y"] + screen["height"] * 0.2)
        page.mouse.down()
        page.mouse.move(screen["x"] + screen["width"] * 0.4, screen["y"] + screen["height"] * 0.3, steps=4)
        page.mouse.up()
        page.get_by_text("1 region(s) drawn on the screen go with this flag.").wait_for(timeout=WAIT)
        _click(page, "Add flag")
        page.get_by_text("Flag added.").wait_for(timeout=WAIT)
        _cell(page, " at ").wait_for(state="attached", timeout=WAIT)  # the region as text: "w×h at x,y"
        expect(player).to_have_attribute("data-bands", re.compile(r"flag:1\b"), timeout=WAIT)

    with step(page, "find suggestions: their bands appear at once"):
        _button(page, "sg_find").click()
        page.get_by_text(re.compile(r"new suggestion\(s\) stored")).wait_for(timeout=WAIT)
        expect(player).to_have_attribute("data-bands", re.compile(r"flag:([2-9]|\d\d)"), timeout=WAIT)
        pending = page.get_by_text(re.compile(r"^\d+ pending suggestion\(s\)$"))
        pending.wait_for(timeout=WAIT)
        listed = min(int(pending.inner_text().split()[0]), 50)  # the panel lists at most 50

    with step(page, "accept a suggestion: the row stays, every control shows it"):
        rows = page.locator("[class*='st-key-sg_accepted_']")
        expect(rows).to_have_count(listed, timeout=WAIT)  # every row drawn (the browser draws them in turn)
        first_key = page.locator("[class*='st-key-sg_accepted_']").first.get_attribute("class")
        flag_id = re.search(r"st-key-sg_accepted_(\w+)", first_key).group(1)
        count = rows.count()
        rows.first.click()
        page.get_by_text("Suggestion accepted.").wait_for(timeout=WAIT)
        expect(_button(page, f"sg_accepted_{flag_id}")).to_be_disabled(timeout=WAIT)  # in place, decided
        expect(rows).to_have_count(count)
        page.get_by_text(re.compile(r"\saccepted by rita$")).first.wait_for(timeout=WAIT)
        _cell(page, "accepted").wait_for(state="attached", timeout=WAIT)

    with step(page, "approve: asked first about the suggestions left undecided, then the status control shows it"):
        _click(page, "Approve")
        anyway = page.get_by_role("button", name=re.compile(r"^Approve with \d+ undecided$"))
        anyway.wait_for(timeout=WAIT)
        expect(page.get_by_text("nobody decided yet").first).to_be_visible()
        anyway.click()
        page.get_by_text("Review status: approved").wait_for(timeout=WAIT)
        expect(page.get_by_role("combobox", name="Review status")).to_have_value("approved", timeout=WAIT)
        _clean(page)

    with step(page, "next session"):
        _menu(page, "Queue")
        page.get_by_text("You hold no session.").wait_for(timeout=WAIT)  # approving ended the lease
        _click(page, "Next session to review")
        expect(page).to_have_url(re.compile(f"session={SECOND}"), timeout=WAIT)
        _player(page)
        _clean(page)
    with Store.open(db) as store:
        assert store.review(FIRST).status == "approved" and store.flags(FIRST)
    context.close()


def test_researcher_day(chromium, team_app):
    url, db, root = team_app
    with Store.open(db) as store:  # something approved to export (the reviewer's day may run after this)
        store.set_review(SECOND, "h", "approved", reviewer="rita")
        store.add_label(SECOND, "h", reviewer="rita", t_start=0.5, t_end=36.4,
                        instruction="Check the Visa card at Harbor Bank")
    context, page = _login(chromium, url, "quality", "remy")
    with step(page, "quality: scan"):
        page.get_by_role("heading", name="Quality").wait_for(timeout=WAIT)
        _click(page, "Scan now")
        page.get_by_text("Hours recorded").wait_for(timeout=WAIT)
        _cell(page, FIRST).wait_for(state="attached", timeout=WAIT)
        expect(page.locator("td[role=gridcell]").filter(has_text=re.compile(r"^None$"))).to_have_count(0)

    with step(page, "a problem link into the replay"):
        page.get_by_label("Session contains").fill(FIRST)
        page.get_by_label("Session contains").press("Enter")
        page.get_by_role("heading", name=re.compile(f"^Worst: {FIRST}$")).wait_for(timeout=WAIT)
        _settled(page)
        # the filtered session's link (a link of the session shown before the filter may linger for a moment)
        link = page.locator(f'a[href*="session={FIRST}"]').filter(has_text=re.compile(r"^(Replay at|Open replay)"))
        link = link.first
        link.wait_for(timeout=WAIT)
        href = link.get_attribute("href")
        with context.expect_page() as opened:  # a link button opens a new tab: the login there leads on to it
            link.click()
        replay = opened.value
        _sign_in(replay, "remy")
    with step(replay, "the problem's moment in the replay"):
        replay.get_by_role("heading", name="Replay").wait_for(timeout=WAIT)
        player = _player(replay)
        if "t=" in href:
            wanted = float(re.search(r"t=([\d.]+)", href).group(1))
            expect(player).to_have_attribute("data-t", f"{wanted:.3f}", timeout=WAIT)
        replay.get_by_text(re.compile(r"^Review status: \w+$")).wait_for(timeout=WAIT)
        expect(replay.get_by_role("button", name="Save status")).to_have_count(0)  # a researcher only reads
        replay.close()

    with step(page, "export"):
        _menu(page, "Export")
        page.get_by_role("heading", name="Export").wait_for(timeout=WAIT)
        page.get_by_role("button", name="Start export").first.wait_for(timeout=WAIT)
        # the browser draws radio buttons late the first time a tab shows one (their code loads on demand): the
        # format choice, drawn after the question about undecided suggestions, says the question is drawn too
        page.get_by_role("radio", name=re.compile(r"^trace")).wait_for(timeout=WAIT)
        _settled(page)
        # one session, chosen by its task's label: the reviewer's day (it may run before) approves the other one
        page.get_by_label("Task instruction contains").fill("Harbor Bank")
        page.get_by_label("Task instruction contains").press("Enter")
        expect(page.get_by_test_id("stMetric").filter(has_text="Sessions to export")).to_contain_text(
            re.compile(r"Sessions to export\s*1$"), timeout=WAIT)
        _cell(page, SECOND).wait_for(state="attached", timeout=WAIT)
        expect(_cell(page, FIRST)).to_have_count(0)
        _settled(page)
        if page.get_by_text("suggestion(s) nobody decided").count():  # the reviewer's day (run before) approved
            expect(page.get_by_role("button", name="Start export")).to_be_disabled()  # a session with some
            undecided = page.get_by_text("Redact them as if accepted")
            undecided.scroll_into_view_if_needed()
            undecided.click()
            expect(page.get_by_role("button", name="Start export")).to_be_enabled(timeout=WAIT)
        _click(page, "Start export")
        page.get_by_text(re.compile(r"Exporting")).first.wait_for(timeout=WAIT)  # the job's progress, first
        # the export follows the flagged values first: Tesseract reads each session's screens once
        page.get_by_text(re.compile(r"Exported 1 session\(s\) to")).wait_for(timeout=EXPORT_WAIT)
        page.get_by_role("button", name="Download manifest.json").wait_for(timeout=WAIT)
        _clean(page)
    assert any((root / "exports").iterdir())
    context.close()


def test_admin_first_account_users_log_and_erase_preview(chromium, local_app):
    page = chromium.new_page(viewport=SMALL)
    with step(page, "first account"):
        page.goto(f"{local_app}/admin")
        page.get_by_role("heading", name="Users").wait_for(timeout=WAIT)
        page.get_by_text("The first account must be an admin").wait_for(timeout=WAIT)
        page.get_by_label("New user name").fill("Ada")
        page.get_by_label("Password", exact=True).fill("ada-password-1")
        _click(page, "Add user")
        page.get_by_text("Added ada (admin).").wait_for(timeout=WAIT)

    with step(page, "users"):
        page.get_by_label("New user name").fill("rob")
        _choose(page, "Role", "reviewer")
        page.get_by_label("Password", exact=True).fill("rob-password-1")
        _click(page, "Add user")
        page.get_by_text("Added rob (reviewer).").wait_for(timeout=WAIT)
        _cell(page, "rob").wait_for(state="attached", timeout=WAIT)

    with step(page, "access log"):
        page.get_by_text(re.compile(r"^\d+ entr(y|ies); page 1 of 1")).wait_for(timeout=WAIT)
        _cell(page, "user_add").wait_for(state="attached", timeout=WAIT)

    with step(page, "erase preview"):
        page.get_by_text("a random erasure id").wait_for(timeout=WAIT)
        page.get_by_label("Subject (the sessions' user)").fill("u-0895")
        page.get_by_label("Subject (the sessions' user)").press("Enter")
        _click(page, "Preview")
        page.get_by_text("Would erase:").wait_for(timeout=WAIT)
        expect(page.get_by_role("button", name="Erase", exact=True)).to_be_disabled()
        _clean(page)
    page.close()


def test_broken_and_unknown_sessions_and_every_address(chromium, local_app):
    page = chromium.new_page(viewport=SMALL)
    with step(page, "sessions has its own address"):
        page.goto(f"{local_app}/sessions")
        page.get_by_role("heading", name="Sessions").wait_for(timeout=WAIT)
        _cell(page, FIRST).wait_for(state="attached", timeout=WAIT)
        page.get_by_text("1 session(s) could not be opened").wait_for(timeout=WAIT)

    with step(page, "open a session in this tab"):
        _choose(page, "Open a session", SECOND)
        _click(page, "Open in Replay")
        expect(page).to_have_url(re.compile(f"/replay\\?session={SECOND}"), timeout=WAIT)
        _player(page)

    with step(page, "broken session"):
        page.goto(f"{local_app}/replay?session={BROKEN}&t=3")
        page.get_by_text(f"Session {BROKEN} cannot be opened").wait_for(timeout=WAIT)

    with step(page, "unknown session keeps its address"):
        page.goto(f"{local_app}/replay?session=nope&t=12")
        page.get_by_text("No session nope in this dataset.").wait_for(timeout=WAIT)
        page.get_by_role("link", name=FIRST).wait_for(timeout=WAIT)
        page.wait_for_timeout(500)
        assert page.url.endswith("/replay?session=nope&t=12")
        page.get_by_role("link", name=FIRST).click()
        expect(page).to_have_url(re.compile(f"session={FIRST}"), timeout=WAIT)
        _player(page)

    for path, heading in (("", "Sessions"), ("quality", "Quality"), ("queue", "Review queue"), ("team", "Team"),
                          ("export", "Export"), ("admin", "Admin")):
        with step(page, f"address /{path}"):
            page.goto(f"{local_app}/{path}")
            page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=WAIT)
            expect(page.get_by_text("Page not found")).to_have_count(0)
            _clean(page)
    page.close()


def test_layout_at_1920x1080(chromium, local_app):
    page = chromium.new_page(viewport=LARGE)
    with step(page, "layout 1920x1080"):
        page.goto(f"{local_app}/replay?session={FIRST}&t=3")
        player = _player(page)
        page.get_by_role("button", name="Save status").wait_for(timeout=WAIT)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= LARGE["width"]
        box = player.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= LARGE["width"] and box["y"] < LARGE["height"]

    with step(page, "help overlay fits the window"):
        player.focus()
        page.keyboard.press("?")
        expect(player).to_have_attribute("data-help", "1", timeout=WAIT)
        help_box = page.locator(".rp-help").bounding_box()
        assert help_box["y"] >= 0 and help_box["y"] + help_box["height"] <= LARGE["height"]
        assert help_box["x"] >= 0 and help_box["x"] + help_box["width"] <= LARGE["width"]
        page.keyboard.press("Escape")
        expect(player).to_have_attribute("data-help", "0", timeout=WAIT)
    page.close()
