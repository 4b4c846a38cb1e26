"""Small realistic work screens for the detector tests: HTML pages (mail, chat, code review, HR record, ticket,
terminal, and screens with nothing sensitive) rendered by the real Chromium; every sensitive span is wrapped in
`<span data-s="category">`, and its box, read from the DOM, is the gold box (in screen pixels, device scale
applied). All names, companies and ids here are made up.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass

CSS = """
body { margin: 0; font-family: %(font)s; font-size: %(size)spx; background: %(bg)s; color: %(fg)s; }
.bar { height: 34px; background: %(bar)s; display: flex; align-items: center; padding: 0 14px; font-size: 13px; }
.wrap { display: flex; } .side { width: 240px; padding: 14px; background: %(side)s; min-height: 900px; }
.main { flex: 1; padding: 18px 26px; } .row { margin: 8px 0; } .muted { color: %(muted)s; }
.lab { display: inline-block; width: 150px; color: %(muted)s; } .time { color: %(muted)s; font-size: 12px; margin-left: 10px; }
.msg { margin: 16px 0; } .author { font-weight: 600; } pre { font-family: monospace; font-size: 14px; }
.badge { background: #2f6feb; color: white; padding: 1px 7px; border-radius: 9px; font-size: 12px; }
.field { margin: 10px 0 18px 0; } .field .k { color: %(muted)s; font-size: 12px; } .field .v { margin-top: 3px; }
"""
THEMES = {"light": dict(bg="#ffffff", fg="#1d1f23", bar="#e8e9ec", side="#f4f5f7", muted="#5f6570"),
          "dark": dict(bg="#1b1d21", fg="#e3e5e8", bar="#2b2e33", side="#222428", muted="#9aa0aa")}


@dataclass
class Screen:
    name: str
    title: str
    body: str  # HTML with <span data-s="category"> around each sensitive value
    sensitive: bool = True


def s(cat: str, value: str) -> str:
    return f'<span data-s="{cat}">{html.escape(value)}</span>'


def e(text: str) -> str:
    return html.escape(text)


MAIL = Screen("mail", "Inbox - Mail", f"""
<div class="bar">Mail</div><div class="wrap"><div class="side">Inbox<br>Sent<br>Drafts<br>Archive</div>
<div class="main">
<div class="row" style="font-size:20px">Renewal quote for Q3</div>
<div class="row"><span class="lab">From:</span>{s("person", "Oluwaseun Adeyemi")} &lt;{s("email", "o.adeyemi@brightwater-logistics.com")}&gt;</div>
<div class="row"><span class="lab">To:</span>{s("person", "Keller, Jonas")}</div>
<div class="row"><span class="lab">Date:</span>Tue, 12 May 2026 09:14</div>
<div class="row" style="margin-top:22px">Hi {s("person", "Jonas")},</div>
<div class="row">attached is the renewal for {s("organisation", "Brightwater Logistics GmbH")}. Ticket {s("account_id", "INV-2026-0142")} has the numbers.</div>
<div class="row">Please send the signed copy to our office at {s("address", "1450 Mill Street, Springfield, IL 62704")}.</div>
<div class="row">Best regards,</div>
</div></div>""")

CHAT = Screen("chat", "deal-brightwater - Northwind - Slack", f"""
<div class="bar">Slack</div><div class="wrap"><div class="side">Channels<br># general<br>
{s("channel", "#deal-brightwater")}<br>{s("channel", "#proj-orion-migration")}<br># random</div>
<div class="main">
<div class="msg"><span class="author">{s("person", "Ingrid Solberg")}</span><span class="time">10:42 AM</span>
<div>can you ask {s("handle", "@tkowalczyk")} to review the contract before Friday?</div></div>
<div class="msg"><span class="author">{s("person", "Tomasz Kowalczyk")}</span><span class="time">10:47 AM</span>
<div>sure, the draft is at {s("private_url", "https://northwind.atlassian.net/wiki/spaces/SALES/pages/88412")}</div></div>
<div class="msg"><span class="author">{s("person", "Ingrid Solberg")}</span><span class="time">10:51 AM</span>
<div>thanks! posting it in {s("channel", "#deal-brightwater")} too</div></div>
</div></div>""")

REVIEW = Screen("review", "Fix retry budget by tkowalczyk - Pull Request #231 - GitHub", f"""
<div class="bar">GitHub</div><div class="wrap"><div class="main">
<div class="row" style="font-size:20px">{s("repository", "northwind-ops/billing-gateway")}</div>
<div class="row muted">Code &nbsp; Issues 14 &nbsp; Pull requests 3 &nbsp; Actions &nbsp; Settings</div>
<div class="row" style="font-size:19px">Fix retry budget in payment worker <span class="muted">#231</span></div>
<div class="row"><span class="badge">Open</span> &nbsp;{s("handle", "@tkowalczyk")} wants to merge 3 commits into main</div>
<div class="row muted">commit 9fceb02 &nbsp; src/worker/retry.py &nbsp; +42 -7</div>
</div><div class="side" style="width:300px">
<div class="field"><div class="k">Reviewers</div><div class="v">{s("person", "Aurelio Bianchi")}</div></div>
<div class="field"><div class="k">Assignee</div><div class="v">{s("person", "Nkechi Okonkwo")}</div></div>
<div class="field"><div class="k">Labels</div><div class="v">bug, payments</div></div>
</div></div>""")

HR = Screen("hr", "Employee record - People Portal", f"""
<div class="bar">People Portal</div><div class="wrap"><div class="main">
<div class="row" style="font-size:20px">Employee record</div>
<div class="row"><span class="lab">Full name</span>{s("person", "Siobhan Mulcahy")}</div>
<div class="row"><span class="lab">Employee ID</span>{s("account_id", "EMP-004821")}</div>
<div class="row"><span class="lab">Date of birth</span>{s("date_of_birth", "14/07/1988")}</div>
<div class="row"><span class="lab">Employer</span>{s("organisation", "Harrowgate Analytics")}</div>
<div class="row"><span class="lab">Manager</span>{s("person", "Dmitri Volkov")}</div>
<div class="row"><span class="lab">Home address</span>{s("address", "27 Larkfield Grove")}</div>
<div class="row"><span class="lab">Start date</span>03/02/2021</div>
</div></div>""")

TERMINAL = Screen("terminal", "tkowalczyk@build-07: ~/src", f"""
<div class="main" style="background:#101214;color:#d6d6d6;min-height:900px"><pre>
$ git clone {s("repository", "git@github.com:northwind-ops/billing-gateway.git")}
Cloning into 'billing-gateway'...
$ git log --oneline -2
9fceb02 Fix retry budget in payment worker
3a4c9b1 Bump version to 2.3.14
$ curl -s {s("private_url", "https://files.northwind.internal/exports/q3-customers.csv")}
$ ls src/worker
retry.py  queue.py  __init__.py
</pre></div>""")

DOCS = Screen("docs", "functools - Python documentation - Firefox", """
<div class="bar">Firefox</div><div class="main">
<div class="row" style="font-size:22px">functools — Higher-order functions</div>
<div class="row">Source code: Lib/functools.py. See https://docs.python.org/3/library/functools.html and
https://www.python.org/ for the release notes of Python 3.13 (released 2024-10-07).</div>
<pre>
@dataclass
class Point:
    x: int
    y: int

@functools.lru_cache(maxsize=128)
def fib(n):  # see issue #123, colour #a1b2c3
    return n if n &lt; 2 else fib(n - 1) + fib(n - 2)
</pre>
<div class="row">Encoding UTF-8, dates in ISO-8601, hashes with SHA-256. Works on Linux, macOS and Windows.</div>
<div class="row">Microsoft Teams, Google Chrome and Slack are trademarks of their owners. Meeting on Monday at 10:30.</div>
</div>""", sensitive=False)

SHOP = Screen("store", "Settings - Visual Studio Code", """
<div class="bar">Visual Studio Code</div><div class="wrap"><div class="side">Explorer<br>src<br>tests<br>README.md</div>
<div class="main">
<div class="row" style="font-size:20px">Settings</div>
<div class="row"><span class="lab">Theme</span>Dark Modern</div>
<div class="row"><span class="lab">Font size</span>14</div>
<div class="row"><span class="lab">Auto save</span>afterDelay (1000 ms)</div>
<div class="row"><span class="lab">Updated</span>March 3, 2026</div>
<div class="row">Extensions: Python, Pylance, GitLens, Docker. Open the Command Palette with Ctrl+Shift+P.</div>
</div></div>""", sensitive=False)

SCREENS = [MAIL, CHAT, REVIEW, HR, TERMINAL, DOCS, SHOP]

BOXES_JS = """() => Array.from(document.querySelectorAll('[data-s]')).map(el => {
  const r = el.getBoundingClientRect();
  return [el.dataset.s, r.x, r.y, r.width, r.height]; })"""


def page_html(screen: Screen, theme: str, font: str = "'DejaVu Sans', sans-serif", size: int = 15) -> str:
    css = CSS % dict(THEMES[theme], font=font, size=size)
    return f"<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head><body>{screen.body}</body></html>"


def render(browser, screens, out_dir, theme: str = "light", scale: int = 1, width: int = 1280, height: int = 800,
           font: str = "'DejaVu Sans', sans-serif", size: int = 15):
    """Each screen as a PNG in out_dir; returns [(screen, path, [(category, [x, y, w, h]), ...])]."""
    ctx = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)
    page = ctx.new_page()
    out = []
    try:
        for sc in screens:
            page.set_content(page_html(sc, theme, font, size))
            path = os.path.join(str(out_dir), f"{sc.name}-{theme}-{scale}x.png")
            page.screenshot(path=path)
            gold = [(cat, [round(x * scale), round(y * scale), round(w * scale), round(h * scale)])
                    for cat, x, y, w, h in page.evaluate(BOXES_JS)]
            out.append((sc, path, gold))
    finally:
        ctx.close()
    return out


def launch(playwright):
    """Debian's Chromium as the tests launch it."""
    return playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"])


def render_one(screen: Screen, out_dir):
    """One screen rendered in a Chromium of its own: (its PNG's path, its gold boxes)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        try:
            (_sc, path, gold), = render(browser, [screen], out_dir)
        finally:
            browser.close()
    return path, gold


# ---- denser screens, for the benchmark (bench/bench_detect_screen.py --more) ----

def _crm_rows() -> str:
    rows = [("Halvard Mørk", "Fjordline Shipping AS", "h.mork@fjordline.no", "ACC-118204"),
            ("Beatriz Quintanilla", "Solano Foods S.L.", "bquintanilla@solanofoods.es", "ACC-118377"),
            ("Kwame Mensah-Bonsu", "Accra Digital Ltd", "kwame@accradigital.com", "ACC-120015"),
            ("Ewa Grabowska", "Wisła Motors Sp. z o.o.", "e.grabowska@wislamotors.pl", "ACC-120421")]
    return "".join(f"<tr><td>{s('person', n)}</td><td>{s('organisation', o)}</td><td>{s('email', m)}</td>"
                   f"<td>{s('account_id', a)}</td><td>Active</td></tr>" for n, o, m, a in rows)


CRM = Screen("crm", "Accounts - Salesforce", f"""
<div class="bar">Salesforce &nbsp; Home &nbsp; Accounts &nbsp; Contacts &nbsp; Reports</div><div class="main">
<div class="row" style="font-size:20px">Accounts (4)</div>
<table style="border-collapse:collapse;width:1100px" cellpadding="8">
<tr style="text-align:left"><th>Contact</th><th>Account name</th><th>Email</th><th>Account no.</th><th>Status</th></tr>
{_crm_rows()}
</table></div>""")

TICKET = Screen("ticket", "PAY-2231 Refund not applied - Jira", f"""
<div class="bar">Jira &nbsp; Projects &nbsp; Filters &nbsp; Dashboards</div><div class="wrap"><div class="main">
<div class="row muted">Payments / {s("account_id", "PAY-2231")}</div>
<div class="row" style="font-size:21px">Refund not applied for {s("organisation", "Kestrel Outdoor Supply Inc.")}</div>
<div class="row">Customer reported on the call that order {s("account_id", "ORD-55810432")} was charged twice.</div>
<div class="row">Ping {s("handle", "@lmbeki")} for the ledger export; logs at {s("private_url", "https://grafana.internal.kestrel.io/d/aX9kPq2/payments?orgId=1")}</div>
<div class="row">Card ending 4417 — do not paste card numbers here.</div>
</div><div class="side" style="width:320px">
<div class="field"><div class="k">Assignee</div><div class="v">{s("person", "Lindiwe Mbeki")}</div></div>
<div class="field"><div class="k">Reporter</div><div class="v">{s("person", "Gareth Pryce-Jones")}</div></div>
<div class="field"><div class="k">Priority</div><div class="v">High</div></div>
<div class="field"><div class="k">Created</div><div class="v">June 2, 2026 at 4:12 PM</div></div>
</div></div>""")

VAULT = Screen("vault", "Bitwarden", f"""
<div class="bar">Bitwarden</div><div class="wrap"><div class="side">All items<br>Favourites<br>Login<br>Card<br>Identity</div>
<div class="main">
<div class="row" style="font-size:20px">Northwind VPN</div>
<div class="field"><div class="k">Username</div><div class="v">{s("handle", "rkaur.admin")}</div></div>
<div class="field"><div class="k">Website</div><div class="v">{s("private_url", "https://vpn.northwind-corp.com/login?tenant=nw-prod-2291")}</div></div>
<div class="field"><div class="k">Name</div><div class="v">{s("person", "Rajinder Kaur")}</div></div>
<div class="field"><div class="k">Address</div><div class="v">{s("address", "88 Wellington Road")}</div></div>
<div class="field"><div class="k">Notes</div><div class="v">rotated after the offboarding of {s("person", "Callum Ferguson")}</div></div>
</div></div>""")

WIKI = Screen("wiki", "Q3 onboarding plan - Confluence", f"""
<div class="bar">Confluence &nbsp; Spaces &nbsp; People</div><div class="main">
<div class="row" style="font-size:22px">Q3 onboarding plan</div>
<div class="row muted">Created by {s("person", "Margit Halvorsen")}, last updated 3 days ago</div>
<div class="row">Owner: {s("person", "Teodor Vasile")} &nbsp; Team: Platform &nbsp; Status: In progress</div>
<div class="row">Kick-off with {s("organisation", "Pinecrest Dental Group")} on Monday; contract in {s("channel", "#acct-pinecrest")}.</div>
<div class="row">Repo: {s("repository", "https://gitlab.com/pinecrest/onboarding-scripts")}</div>
<div class="row">Background reading: https://en.wikipedia.org/wiki/Onboarding and https://martinfowler.com/articles/</div>
</div>""")

BROWSER = Screen("browser", "My Account - Personal details - Chromium", f"""
<div class="bar">Gmail &nbsp;|&nbsp; Personal details &nbsp;|&nbsp; New Tab</div>
<div class="bar" style="background:transparent">{s("private_url", "https://account.shopwise.com/u/ffarouk/details?session=7Hq2LmX9")}</div>
<div class="main"><div class="row" style="font-size:20px">Personal details</div>
<div class="field"><div class="k">Full name</div><div class="v">{s("person", "Farida Farouk")}</div></div>
<div class="field"><div class="k">Date of birth</div><div class="v">{s("date_of_birth", "2 February 1991")}</div></div>
<div class="field"><div class="k">Customer number</div><div class="v">{s("account_id", "CU-77120934")}</div></div>
<div class="field"><div class="k">Delivery address</div><div class="v">{s("address", "Flat 4, 19 Kingsmead Close")}</div></div>
</div>""")

def _avatar(initials: str, colour: str) -> str:
    return (f'<span style="display:inline-block;width:34px;height:34px;border-radius:17px;background:{colour};'
            f'color:white;text-align:center;line-height:34px;font-size:13px;margin-right:10px">'
            f'{s("person", initials)}</span>')


TEAMS = Screen("teams", "Chat | Renata Oyelowo | Microsoft Teams", f"""
<div class="bar">Microsoft Teams</div><div class="wrap"><div class="side">Chat<br>Recent<br>
{s("person", "Renata Oyelowo")}<br>{s("person", "Paavo Lindholm")}<br>Design sync</div><div class="main">
<div class="msg">{_avatar("RO", "#8a4baf")}<span class="author">{s("person", "Renata Oyelowo")}</span><span class="time">Yesterday 16:05</span>
<div style="margin-left:44px">Did {s("organisation", "Tallis & Rowe Partners")} sign the NDA? Their counsel is {s("person", "Ines Cardoso")}.</div></div>
<div class="msg">{_avatar("PL", "#1f7a4d")}<span class="author">{s("person", "Paavo Lindholm")}</span><span class="time">Yesterday 16:09</span>
<div style="margin-left:44px">Yes, filed under {s("account_id", "CTR-2026-0381")}. Her number is on the sheet.</div></div>
</div></div>""")

MORE_SCREENS = [CRM, TICKET, VAULT, WIKI, BROWSER, TEAMS]
