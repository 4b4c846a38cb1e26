"""App templates that detectors may be tuned on: chat, mail, code review, wiki, terminal, browser tabs, tickets
(both parts of the corpus), and a people record and a table of accounts (the tuning part only).

Each template is `fn(values, rng, decoy) -> Screen`. With `decoy=True` it shows the same app with nothing
sensitive (bots, public channels, vendors, public URLs, sample code, dates that are not birthdays).
"""

from __future__ import annotations

import random

from . import decoys as D
from .markup import AVATAR_COLOURS, Screen, Title, s, t
from .values import Values


def avatar(rng: random.Random, text: str, sensitive: bool) -> str:
    colour = rng.choice(AVATAR_COLOURS)
    inner = s("person", text) if sensitive else t(text)
    return f'<span class="avatar" style="background:{colour}">{inner}</span>'


def mention(handle: str) -> str:
    """A handle drawn as chat apps draw a mention: coloured text on a tinted background."""
    return f'<span class="mention">{s("handle", handle)}</span>'


def _mixed_sentence(v: Values, rng: random.Random) -> str:
    """One line of work talk with one or two sensitive values in it."""
    p = rng.choice(v.people)
    o = rng.choice(v.orgs)
    forms = [
        lambda: f"{mention(v.handle(p))} can you check the renewal quote for {s('organisation', o.name)}?",
        lambda: f"Call {s('person', v.name_form(p))} back on {s('phone', v.phone())} before noon.",
        lambda: f"The contract draft is at {s('private_url', v.private_url(p))}",
        lambda: f"Invoice {s('account_id', v.invoice_id())} is still open, see {s('account_id', v.ticket_id())}.",
        lambda: f"New hire {s('person', p.name)} ({s('account_id', v.employee_id())}) starts Monday.",
        lambda: f"Shipping to {s('address', v.address()[0])} this week.",
        lambda: f"Send the deck to {s('email', p.email)} and copy {s('person', v.name_form(rng.choice(v.people)))}.",
        lambda: f"Moved the discussion to {s('channel', v.channel())}.",
        lambda: f"Pushed the fix to {s('repository', v.repository())}, tests pass.",
        lambda: f"{s('organisation', o.name)} signed, thanks {mention(v.handle(p))}!",
        lambda: f"The temporary {t(rng.choice(['VPN', 'portal', 'Wi-Fi', 'admin']))} password is "
                f"{s('password', v.password())} until Friday.",
        lambda: f"Please wire the refund to {s('iban', v.iban())} this week.",
    ]
    return rng.choice(forms)() + (" " + t(rng.choice(D.SENTENCES)) if rng.random() < 0.3 else "")


def _people(v: Values, n: int) -> list:
    return [v.person() for _ in range(n)]


# ---------------------------------------------------------------- chat
CHAT_CSS = """
.side { width: 230px; } .side .ws { font-weight: 700; font-size: 15px; margin-bottom: 12px; color: #fff; }
.side .sec { margin: 12px 0 4px; opacity: .7; font-size: 12px; } .side .it { padding: 2px 6px; }
.msg { display: flex; gap: 10px; margin: 0 0 14px; } .msg .who { font-weight: 700; margin-right: 8px; }
.chhead { font-weight: 700; font-size: 16px; padding-bottom: 8px; border-bottom: 1px solid var(--border); margin-bottom: 12px; }
"""


def chat(v: Values, rng: random.Random, decoy: bool) -> Screen:
    people = _people(v, 5)
    if decoy:
        channels = D.pick(rng, D.PUBLIC_CHANNELS, 6)
        current = channels[0]
        side = (f'<div class="ws">{t(rng.choice(["Workspace", "Community", "Open Source Guild"]))}</div>'
                '<div class="sec">Channels</div>' + "".join(f'<div class="it">{t(c)}</div>' for c in channels) +
                '<div class="sec">Apps</div>' + "".join(f'<div class="it">{t(b)}</div>' for b in D.pick(rng, D.BOTS, 3)))
        msgs = ""
        for bot in D.pick(rng, D.BOTS, 5):
            msgs += (f'<div class="msg">{avatar(rng, bot[:2].upper(), False)}<div><span class="who">{t(bot)}</span>'
                     f'<span class="muted">{t(rng.choice(D.DATES))}</span><div>{t(rng.choice(D.SENTENCES))}</div></div></div>')
        title = Title().add(f"{current} - Slack") if rng.random() < 0.5 else Title().add("Slack")
        head = t(current)
    else:
        sens_channels = [v.channel() for _ in range(3)]
        channels = [(c, None) for c in D.pick(rng, D.PUBLIC_CHANNELS, 3)] + [(c, "channel") for c in sens_channels]
        rng.shuffle(channels)
        current = sens_channels[0]
        side = (f'<div class="ws">{s("organisation", v.employer.name)}</div><div class="sec">Channels</div>' +
                "".join(f'<div class="it">{s(cat, c) if cat else t(c)}</div>' for c, cat in channels) +
                '<div class="sec">Direct messages</div>' +
                "".join(f'<div class="it">{s("person", v.name_form(p))}</div>' for p in people[:3]))
        msgs = ""
        for _ in range(rng.randint(4, 6)):
            p = rng.choice(people)
            msgs += (f'<div class="msg">{avatar(rng, v.initials(p), True)}<div>'
                     f'<span class="who">{s("person", v.name_form(p))}</span>'
                     f'<span class="muted">{t(rng.choice(D.DATES[2:5]))}</span><div>{_mixed_sentence(v, rng)}</div></div></div>')
        r = rng.random()
        if r < 0.4:
            title = Title().add(current, "channel").add(" - ").add(v.employer.name, "organisation").add(" - Slack")
        elif r < 0.55:
            title = Title().add("Slack | DM: ").add(people[0].email, "email")
        elif r < 0.7:
            title = Title().add("Slack | DM: ").add(people[0].name, "person")
        else:
            title = Title().add("Slack")
        head = s("channel", current)
    body = f'<div class="side">{side}</div><div class="main"><div class="chhead">{head}</div>{msgs}</div>'
    return Screen(title, body, CHAT_CSS)


# ---------------------------------------------------------------- mail
MAIL_CSS = """
.side { width: 190px; background: var(--panel); color: var(--fg); } .side .it { padding: 3px 6px; }
.list { width: 330px; flex: none; border-right: 1px solid var(--border); overflow: hidden; }
.list .m { padding: 8px 12px; border-bottom: 1px solid var(--border); } .list .m b { display: block; }
.hdr td { border: none; padding: 1px 10px 1px 0; }
"""


def mail(v: Values, rng: random.Random, decoy: bool) -> Screen:
    folders = "".join(f'<div class="it">{t(f)}</div>' for f in ["Inbox", "Starred", "Sent", "Drafts", "Archive", "Spam"])
    if decoy:
        items = "".join(f'<div class="m"><b>{t(rng.choice(D.VENDORS))}</b><span>{t(rng.choice(D.TOPICS))}</span>'
                        f'<div class="muted">{t(rng.choice(D.DATES))}</div></div>' for _ in range(7))
        vendor = rng.choice(D.VENDORS)
        body_text = "".join(f"<p>{t(x)}</p>" for x in D.pick(rng, D.SENTENCES, 4))
        reading = (f'<h2>{t(rng.choice(D.TOPICS))}</h2><table class="hdr"><tr><td class="muted">From</td>'
                   f'<td>{t(vendor)} Updates</td></tr><tr><td class="muted">Date</td><td>{t(rng.choice(D.DATES))}</td></tr>'
                   f'</table><hr>{body_text}<p><a>{t(rng.choice(D.PUBLIC_URLS))}</a></p>')
        title = Title().add(rng.choice(["Inbox - Mail", "Mail", f"{vendor} newsletter - Mail"]))
    else:
        people = _people(v, 6)
        items = ""
        for p in people:
            subj = rng.choice([f"Re: {rng.choice(D.TOPICS)}", f"Quote for {s('organisation', rng.choice(v.orgs).name)}",
                               f"Invoice {s('account_id', v.invoice_id())}", f"Onboarding {s('person', v.person().name)}",
                               t(rng.choice(D.TOPICS))])
            items += (f'<div class="m"><b>{s("person", v.name_form(p))}</b><span>{subj}</span>'
                      f'<div class="muted">{t(rng.choice(D.DATES))}</div></div>')
        sender, to = people[0], people[1]
        cc = people[2]
        street, city = v.address()
        org = v.orgs[-1] if len(v.orgs) > 1 else v.org()
        reading = (f'<h2>Renewal for {s("organisation", org.name)}</h2><table class="hdr">'
                   f'<tr><td class="muted">From</td><td>{s("person", sender.name)} &lt;{s("email", sender.email)}&gt;</td></tr>'
                   f'<tr><td class="muted">To</td><td>{s("person", to.name)} &lt;{s("email", to.email)}&gt;</td></tr>'
                   f'<tr><td class="muted">Cc</td><td>{s("email", cc.email)}</td></tr>'
                   f'<tr><td class="muted">Date</td><td>{t(rng.choice(D.DATES))}</td></tr></table><hr>'
                   f'<p>Hi {s("person", to.first)},</p><p>{_mixed_sentence(v, rng)}</p><p>{_mixed_sentence(v, rng)}</p>'
                   f'<p>{t(rng.choice(D.SENTENCES))}</p><p>Best,<br>{s("person", sender.name)}<br>'
                   f'{t(rng.choice(["Account Manager", "Head of Finance", "Engineer"]))}, {s("organisation", v.employer.name)}<br>'
                   f'{s("phone", v.phone())}<br>{s("address", street)}<br>{s("address", city)}</p>')
        r = rng.random()
        if r < 0.35:
            title = Title().add("Inbox (3) - ").add(to.email, "email").add(" - Mail")
        elif r < 0.65:
            title = Title().add("Renewal for ").add(org.name, "organisation").add(" - Mail")
        else:
            title = Title().add("Inbox - Mail")
    body = f'<div class="side">{folders}</div><div class="list">{items}</div><div class="main">{reading}</div>'
    return Screen(title, body, MAIL_CSS)


# ---------------------------------------------------------------- code review
CR_CSS = """
.main { padding: 14px 26px; } .diff { border: 1px solid var(--border); border-radius: 6px; margin: 10px 0; }
.diff .fn { background: var(--panel); padding: 6px 10px; border-bottom: 1px solid var(--border); }
.diff .l { padding: 0 10px; white-space: pre; } .diff .a { background: var(--add); } .diff .r { background: var(--rm); }
.cm { border: 1px solid var(--border); border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.side2 { width: 260px; flex: none; padding: 14px; border-left: 1px solid var(--border); }
"""


def code_review(v: Values, rng: random.Random, decoy: bool) -> Screen:
    code = D.pick(rng, D.CODE, 7)
    if decoy:
        repo, author = rng.choice(D.PUBLIC_REPOS), rng.choice(["dependabot", "github-actions", "renovate"])
        head = (f'<div class="muted">{t(repo)}</div><h1>{t(rng.choice(D.TOPICS))} <span class="muted">'
                f'#{rng.randint(100, 9999)}</span></h1><div><span class="badge">Open</span> {t(author)} wants to merge '
                f'into <span class="mono">main</span></div>')
        lines = "".join(f'<div class="l {rng.choice(["a", "r", ""])}">{t(c)}</div>' for c in code)
        comments = "".join(f'<div class="cm"><b>{t(rng.choice(D.BOTS))}</b> <span class="muted">'
                           f'{t(rng.choice(D.DATES))}</span><div>{t(rng.choice(D.SENTENCES))}</div></div>' for _ in range(2))
        side = "<b>Labels</b><div>" + "".join(f'<span class="badge">{t(x)}</span>' for x in D.pick(rng, D.LABELS, 3))
        side += "</div>"
        title = Title().add(f"{rng.choice(D.TOPICS)} · Pull Request · {repo}")
        fname = rng.choice(["src/retry.py", "lib/cache.go", "web/src/table.ts"])
    else:
        people = _people(v, 4)
        repo = v.repository()
        ticket = v.ticket_id()
        head = (f'<div>{s("repository", repo)}</div><h1>{t(rng.choice(D.TOPICS))} ({s("account_id", ticket)})'
                f' <span class="muted">#{rng.randint(100, 9999)}</span></h1><div><span class="badge">Open</span> '
                f'{s("handle", v.handle(people[0]))} wants to merge into <span class="mono">main</span></div>')
        extra = rng.choice([f'<div class="l a">AWS_KEY = "{s("secret", v.secret())}"</div>',
                            f'<div class="l a">* {s("email", people[1].email)}</div>',
                            f'<div class="l a">REMOTE = "{s("repository", v.git_remote(repo))}"</div>',
                            f'<div class="l a"># owner: {s("person", people[2].name)}</div>'])
        lines = "".join(f'<div class="l {rng.choice(["a", "r", ""])}">{t(c)}</div>' for c in code[:5]) + extra
        lines += "".join(f'<div class="l">{t(c)}</div>' for c in code[5:])
        comments = ""
        for p in people[1:3]:
            comments += (f'<div class="cm"><b>{s("handle", v.handle(p))}</b> <span class="muted">'
                         f'{t(rng.choice(D.DATES))}</span><div>{_mixed_sentence(v, rng)}</div></div>')
        side = ("<b>Reviewers</b>" + "".join(f'<div>{s("person", v.name_form(p))}</div>' for p in people[1:4]) +
                "<br><b>Assignee</b><div>" + s("handle", v.handle(people[0])) + "</div><br><b>Labels</b><div>" +
                "".join(f'<span class="badge">{t(x)}</span>' for x in D.pick(rng, D.LABELS, 2)) + "</div>")
        title = (Title().add(f"{rng.choice(D.TOPICS)} · Pull Request · ").add(repo, "repository")
                 if rng.random() < 0.6 else Title().add("Pull requests · GitHub"))
        fname = rng.choice(["config/settings.py", "deploy/env.sh", "CODEOWNERS", "src/client.py"])
    body = (f'<div class="main">{head}<div class="diff"><div class="fn mono">{t(fname)}</div><div class="mono">'
            f'{lines}</div></div>{comments}</div><div class="side2">{side}</div>')
    return Screen(title, body, CR_CSS)


# ---------------------------------------------------------------- wiki
WIKI_CSS = """
.side { width: 220px; background: var(--panel); color: var(--fg); } .side .it { padding: 3px 4px; }
.main { padding: 18px 36px; } .crumb { font-size: 12px; margin-bottom: 6px; }
"""


def wiki(v: Values, rng: random.Random, decoy: bool) -> Screen:
    if decoy:
        pages = ["Getting started", "Release checklist", "Coding style", "On-call runbook", "Architecture", "FAQ"]
        side = "".join(f'<div class="it">{t(p)}</div>' for p in pages)
        name = rng.choice(pages)
        rows = "".join(f"<tr><td>{t(p)}</td><td>{t(rng.choice(D.DATES))}</td><td>{t(rng.choice(D.SENTENCES))}</td></tr>"
                       for p in D.pick(rng, D.PRODUCTS, 4))
        content = (f'<div class="crumb muted">Engineering / {t(name)}</div><h1>{t(name)}</h1>'
                   f'<p>{t(rng.choice(D.SENTENCES))} {t(rng.choice(D.SENTENCES))}</p><table><tr><th>Component</th>'
                   f'<th>Updated</th><th>Notes</th></tr>{rows}</table><h2>Links</h2>' +
                   "".join(f'<div><a>{t(u)}</a></div>' for u in D.pick(rng, D.PUBLIC_URLS, 3)) +
                   f'<pre class="mono panel">{t(chr(10).join(D.pick(rng, D.CODE, 3)))}</pre>')
        title = Title().add(f"{name} - Wiki")
    else:
        people = _people(v, 5)
        customer = v.org()
        side = "".join(f'<div class="it">{x}</div>' for x in
                       [t("Home"), f"Customer: {s('organisation', customer.name)}", t("Runbooks"),
                        f"Onboarding {s('person', people[4].name)}", t("Meeting notes")])
        rows = ""
        for p in people[:4]:
            rows += (f"<tr><td>{s('person', p.name)}</td><td>{t(rng.choice(['Sponsor', 'Admin', 'Billing', 'Engineer']))}"
                     f"</td><td>{s('email', p.email)}</td><td>{s('phone', v.phone())}</td></tr>")
        content = (f'<div class="crumb muted">{s("organisation", v.employer.name)} / Customers</div>'
                   f'<h1>Customer: {s("organisation", customer.name)}</h1>'
                   f'<p class="muted">Last edited by {s("person", v.name_form(people[4]))} on {t(rng.choice(D.DATES))}</p>'
                   f'<table><tr><th>Contact</th><th>Role</th><th>E-mail</th><th>Phone</th></tr>{rows}</table>'
                   f'<h2>Notes</h2><p>{_mixed_sentence(v, rng)}</p><p>{_mixed_sentence(v, rng)}</p>'
                   f'<p>Account {s("account_id", v.account_id())} · shared folder {s("private_url", v.private_url())}</p>')
        if rng.random() < 0.4:  # a shared login written down, as wikis too often hold one
            content += (f'<h2>Access</h2><table><tr><th>System</th><th>Login</th><th>Password</th></tr>'
                        f'<tr><td>{t(rng.choice(["Billing portal", "Support inbox", "Staging admin"]))}</td>'
                        f'<td>{s("email", people[0].email)}</td><td class="mono">{s("password", v.password())}</td>'
                        f'</tr></table>')
        title = (Title().add("Customer: ").add(customer.name, "organisation").add(" - Wiki") if rng.random() < 0.6
                 else Title().add("Customers - Wiki"))
    return Screen(title, f'<div class="side">{side}</div><div class="main">{content}</div>', WIKI_CSS)


# ---------------------------------------------------------------- terminal
TERM_CSS = """
.main { background: var(--term); color: var(--termfg); font-family: var(--mono); padding: 10px 14px; white-space: pre; }
.p { color: #3fb950; }
"""


def terminal(v: Values, rng: random.Random, decoy: bool) -> Screen:
    lines = []
    if decoy:
        prompt = t(rng.choice(["dev@build-01", "runner@ci", "ubuntu@ip-10-0-0-12"])) + ":~/project$ "
        for cmd in D.pick(rng, D.SHELL, 6):
            lines.append(f'<span class="p">{prompt}</span>{t(cmd)}')
            lines += [t(x) for x in D.pick(rng, D.SHELL_OUT, rng.randint(1, 2))]
        title = Title().add(rng.choice(["Terminal", "bash — 120×40", "dev@build-01: ~/project"]))
    else:
        p = v.person()
        other = v.person()
        repo = v.repository()
        host = rng.choice(["laptop", "mbp", "ws-12"])
        prompt = f'<span class="p">{s("person", p.login)}@{t(host)}:~/{t(repo.split("/")[1])}$ </span>'
        blocks = [
            ["git remote -v", f"origin  {s('repository', v.git_remote(repo))} (fetch)"],
            ["git log -1", "commit 4e1b2c9d0a8f7e6d5c4b3a29180706f5e4d3c2b1",
             f"Author: {s('person', other.name)} &lt;{s('email', other.email)}&gt;", "Date:   Tue Mar 4 10:12:01 2025",
             "", f"    {t(rng.choice(D.TOPICS))} ({s('account_id', v.ticket_id())})"],
            [f"export GITHUB_TOKEN={s('secret', v.secret())}"],
            [f"ssh {s('person', p.login)}@{t('10.0.4.12')}"],
            [f"curl -s '{s('private_url', v.private_url(p))}'", '{"status": "ok"}'],
            ["cat contacts.csv | head -2", "name,email,phone",
             f"{s('person', other.name)},{s('email', other.email)},{s('phone', v.phone())}"],
            ["cat .env", "DB_HOST=db.internal", "DB_USER=app", f"DB_PASSWORD={s('password', v.password())}"],
        ]
        rng.shuffle(blocks)
        for block in blocks[:4]:
            cmd, *out = block
            lines.append(prompt + (cmd if "<span" in cmd else t(cmd)))
            lines += [o if "<span" in o else t(o) for o in out]
        for cmd in D.pick(rng, D.SHELL, 2):
            lines.append(prompt + t(cmd))
            lines.append(t(rng.choice(D.SHELL_OUT)))
        title = (Title().add(p.login, "person").add(f"@{host}: ~/{repo.split('/')[1]}") if rng.random() < 0.6
                 else Title().add("Terminal"))
    return Screen(title, '<div class="main">' + "\n".join(lines) + "</div>", TERM_CSS)


# ---------------------------------------------------------------- browser tabs
TABS_CSS = """
.app { flex-direction: column; } .tabs { display: flex; background: var(--bar); padding: 6px 6px 0; gap: 2px; flex: none; }
.tab { padding: 6px 12px; border-radius: 8px 8px 0 0; background: var(--panel); max-width: 230px; white-space: nowrap;
  overflow: hidden; font-size: 12.5px; } .tab.on { background: var(--bg); font-weight: 600; }
.url { margin: 6px 10px; padding: 5px 14px; border-radius: 14px; background: var(--panel); flex: none; white-space: nowrap;
  overflow: hidden; } .page { padding: 16px 40px; flex: 1; overflow: hidden; }
.res { margin-bottom: 14px; }
"""


def browser_tabs(v: Values, rng: random.Random, decoy: bool) -> Screen:
    if decoy:
        tabs = [t(x) for x in ["Python docs", "PostgreSQL 17 docs", "MDN: CSS grid", "Semantic Versioning", "Status"]]
        url = t(rng.choice(D.PUBLIC_URLS))
        page_html = "".join(f'<div class="res"><a>{t(u)}</a><div>{t(rng.choice(D.SENTENCES))}</div></div>'
                            for u in D.pick(rng, D.PUBLIC_URLS, 5))
        active = "Python docs"
        title = Title().add(f"{active} - Chromium")
    else:
        people = _people(v, 3)
        cust = v.org()
        tabs = [f"{s('person', people[0].name)} - Profile", f"{s('organisation', cust.name)} | Billing",
                f"{s('account_id', v.ticket_id())} Login fails", t("Python docs"), t("Status")]
        purl = v.private_url(people[0])
        url = s("private_url", purl)
        street, city = v.address()
        page_html = (f'<h1>{s("person", people[0].name)}</h1><table>'
                     f'<tr><th>Handle</th><td>{s("handle", v.handle(people[0]))}</td></tr>'
                     f'<tr><th>E-mail</th><td>{s("email", people[0].email)}</td></tr>'
                     f'<tr><th>Employer</th><td>{s("organisation", cust.name)}</td></tr>'
                     f'<tr><th>Manager</th><td>{s("person", v.name_form(people[1]))}</td></tr>'
                     f'<tr><th>Office</th><td>{s("address", street)}, {s("address", city)}</td></tr>'
                     f'<tr><th>Employee ID</th><td>{s("account_id", v.employee_id())}</td></tr></table>'
                     f'<p>{_mixed_sentence(v, rng)}</p><div class="res"><a>{t(rng.choice(D.PUBLIC_URLS))}</a></div>')
        title = (Title().add(people[0].name, "person").add(" - Profile - Chromium") if rng.random() < 0.6
                 else Title().add("Python docs - Chromium"))
    tab_html = "".join(f'<div class="tab{" on" if i == 0 else ""}">{x}</div>' for i, x in enumerate(tabs))
    body = f'<div class="tabs">{tab_html}</div><div class="url mono">{url}</div><div class="page">{page_html}</div>'
    return Screen(title, body, TABS_CSS)


# ---------------------------------------------------------------- tickets
TICKET_CSS = """
.side { width: 200px; background: var(--panel); color: var(--fg); } .side .it { padding: 3px 4px; }
.fields { width: 300px; flex: none; padding: 14px; border-left: 1px solid var(--border); }
.fields .k { color: var(--muted); font-size: 12px; margin-top: 10px; }
.cm { border-top: 1px solid var(--border); padding: 8px 0; }
"""


def tickets(v: Values, rng: random.Random, decoy: bool) -> Screen:
    side = "".join(f'<div class="it">{t(x)}</div>' for x in ["Board", "Backlog", "Reports", "Releases", "Settings"])
    if decoy:
        # an issue number, not a project key: the labelling rules count a key such as "CORE-974" as a ticket id
        # (account_id), so a screen with nothing sensitive cannot show one
        key = f"#{rng.randint(100, 9999)}"
        fields = "".join(f'<div class="k">{t(k)}</div><div>{t(val)}</div>' for k, val in
                         [("Status", "In progress"), ("Priority", "Medium"), ("Component", rng.choice(D.PRODUCTS)),
                          ("Fix version", "v4.2.0"), ("Due", rng.choice(D.DATES)), ("Sprint", "Sprint 48")])
        desc = "".join(f"<p>{t(x)}</p>" for x in D.pick(rng, D.SENTENCES, 3))
        comments = "".join(f'<div class="cm"><b>{t(b)}</b> <span class="muted">{t(rng.choice(D.DATES))}</span>'
                           f'<div>{t(rng.choice(D.SENTENCES))}</div></div>' for b in D.pick(rng, D.BOTS, 2))
        main = f'<div class="muted">{t(key)}</div><h1>{t(rng.choice(D.TOPICS))}</h1>{desc}<h2>Activity</h2>{comments}'
        title = Title().add(f"[{key}] {rng.choice(D.TOPICS)} - Jira")
    else:
        people = _people(v, 4)
        key = v.ticket_id()
        street, city = v.address()
        kind = rng.choice(["hr", "customer", "access"])
        fields = (f'<div class="k">Assignee</div><div>{s("person", v.name_form(people[0]))}</div>'
                  f'<div class="k">Reporter</div><div>{s("person", v.name_form(people[1]))}</div>'
                  f'<div class="k">Customer</div><div><span class="badge">{s("organisation", rng.choice(v.orgs).name)}'
                  '</span></div>'
                  f'<div class="k">Employee ID</div><div>{s("account_id", v.employee_id())}</div>'
                  f'<div class="k">Labels</div><div>' +
                  "".join(f'<span class="badge">{t(x)}</span>' for x in D.pick(rng, D.LABELS, 2)) + "</div>"
                  f'<div class="k">Due</div><div>{t(rng.choice(D.DATES))}</div>')
        if kind == "hr":
            desc = (f"<p>Update the record of {s('person', people[2].name)}: date of birth "
                    f"{s('date_of_birth', v.date_of_birth())}, new home address {s('address', street)}, "
                    f"{s('address', city)}.</p>")
        elif kind == "customer":
            desc = f"<p>{_mixed_sentence(v, rng)}</p><p>Invoice {s('account_id', v.invoice_id())} disputed.</p>"
        else:
            desc = (f"<p>Grant {s('handle', v.handle(people[2]))} access to {s('repository', v.repository())}.</p>"
                    f"<p>{t(rng.choice(D.SENTENCES))}</p>")
        comments = "".join(f'<div class="cm"><b>{s("person", v.name_form(p))}</b> <span class="muted">'
                           f'{t(rng.choice(D.DATES))}</span><div>{_mixed_sentence(v, rng)}</div></div>' for p in people[2:])
        main = (f'<div>{s("account_id", key)}</div><h1>{t(rng.choice(D.TOPICS))}</h1>{desc}'
                f'<h2>Activity</h2>{comments}')
        title = (Title().add("[").add(key, "account_id").add(f"] {rng.choice(D.TOPICS)} - Jira") if rng.random() < 0.6
                 else Title().add("Board - Jira"))
    body = f'<div class="side">{side}</div><div class="main">{main}</div><div class="fields">{fields}</div>'
    return Screen(title, body, TICKET_CSS)


# ---------------------------------------------------------------- people (list and record, tuning only)
PEOPLE_CSS = """
.side { width: 180px; } .side .it { padding: 3px 6px; }
.plist { width: 300px; flex: none; border-right: 1px solid var(--border); overflow: hidden; }
.plist .p { padding: 8px 14px; border-bottom: 1px solid var(--border); } .plist .sel { background: var(--panel); }
.rec { padding: 16px 24px; } .rec .f { margin: 0 0 12px; } .rec .k { color: var(--muted); font-size: 12px; }
.rec .grid { display: grid; grid-template-columns: 150px auto; gap: 6px 14px; } .rec .grid .k { font-size: inherit; }
"""
JOBS = ["Account Manager", "Payroll Specialist", "Site Reliability Engineer", "Office Manager", "Data Analyst",
        "Head of Finance", "Support Lead", "Recruiter", "Product Designer", "Sales Engineer"]
TEAMS = ["Finance", "Platform", "People Ops", "Sales", "Support", "Design", "Security", "Marketing"]
PLACES = ["Remote", "Berlin office", "London office", "Madrid office", "Paris office", "Head office"]


def _fields(rows: list[tuple[str, str]], rng: random.Random) -> str:
    """Record fields drawn as forms draw them: the label above its value, or the label left of it."""
    if rng.random() < 0.6:
        return "".join(f'<div class="f"><div class="k">{t(k)}</div><div>{val}</div></div>' for k, val in rows)
    return '<div class="grid">' + "".join(f'<div class="k">{t(k)}</div><div>{val}</div>' for k, val in rows) + "</div>"


def people(v: Values, rng: random.Random, decoy: bool) -> Screen:
    """An HR or contacts app: a list of records (name over a muted line) and the open record's fields."""
    nav = "".join(f'<div class="it">{t(x)}</div>' for x in ["Directory", "Time off", "Payroll", "Documents",
                                                               "Reports", "Settings"])
    if decoy:
        items = "".join(f'<div class="p"><div>{t(x)}</div><div class="muted">{t(rng.choice(D.DATES))}</div></div>'
                        for x in D.pick(rng, ["Holiday calendar", "Expense policy", "Onboarding checklist",
                                              "Benefits overview", "Security training", "Travel policy",
                                              "Office hours"], 6))
        rows = [("Document", t(rng.choice(["Expense policy", "Travel policy", "Holiday calendar"]))),
                ("Owner", t(rng.choice(TEAMS) + " team")), ("Last updated", t(rng.choice(D.DATES))),
                ("Applies to", t("All employees")), ("Version", t(f"v{rng.randint(1, 9)}.{rng.randint(0, 9)}")),
                ("More", f'<span class="link">{t(rng.choice(D.PUBLIC_URLS))}</span>')]
        record = f'<h1>{t(rows[0][1])}</h1>' + _fields(rows, rng)
        title = Title().add(rng.choice(["Documents - People", "People", "Directory - People"]))
    else:
        folk = _people(v, rng.randint(5, 7))
        items = ""
        for n, p in enumerate(folk):
            line = rng.choice([s("email", p.email), t(rng.choice(JOBS)), s("handle", v.handle(p))])
            items += (f'<div class="p{" sel" if n == 0 else ""}"><div>{s("person", v.name_form(p))}</div>'
                      f'<div class="muted">{line}</div></div>')
        p, manager = folk[0], folk[1]
        street, city = v.address()
        rows = [("Full name", s("person", p.name)), ("Job title", t(rng.choice(JOBS))),
                ("Team", t(rng.choice(TEAMS))), ("Work email", s("email", p.email)),
                ("Mobile", s("phone", v.phone())), ("Date of birth", s("date_of_birth", v.date_of_birth())),
                ("Employee ID", s("account_id", v.employee_id())), ("Manager", s("person", v.name_form(manager))),
                ("Home address", f'{s("address", street)}, {s("address", city)}'),
                ("Location", t(rng.choice(PLACES))), ("Start date", t(rng.choice(D.DATES[:3])))]
        if rng.random() < 0.5:
            rows.append(("Employer", s("organisation", v.employer.name)))
        if rng.random() < 0.4:
            rows.append((rng.choice(["Temporary password", "Password"]),
                         f'<span class="mono">{s("password", v.password())}</span>'))
        if rng.random() < 0.3:
            rows.append(("Private email", s("email", v.personal_email(p))))
        if rng.random() < 0.3:
            rows.append(("IBAN", s("iban", v.iban())))
        keep = rows[:2] + rng.sample(rows[2:], k=min(len(rows) - 2, rng.randint(6, 9)))
        record = f'<h1>{s("person", p.name)}</h1>' + _fields(keep, rng)
        r = rng.random()
        title = (Title().add(p.name, "person").add(" - People") if r < 0.4 else
                 Title().add("Directory - ").add(v.employer.name, "organisation").add(" - People") if r < 0.6 else
                 Title().add("People"))
    body = (f'<div class="side">{nav}</div><div class="plist">{items}</div>'
            f'<div class="main rec">{record}</div>')
    return Screen(title, body, PEOPLE_CSS)


# ---------------------------------------------------------------- accounts table (tuning only)
TABLE_CSS = """
.side { width: 170px; } .side .it { padding: 3px 6px; }
.main table { width: 100%; } .main td, .main th { padding: 6px 14px 6px 0; white-space: nowrap; }
.toolbar { display: flex; gap: 12px; margin-bottom: 10px; } .toolbar span { border: 1px solid var(--border);
  border-radius: 4px; padding: 2px 8px; }
"""
STAGES = ["Lead", "Qualified", "Proposal", "Negotiation", "Won", "Lost", "Renewal"]


def accounts(v: Values, rng: random.Random, decoy: bool) -> Screen:
    """A table of customer accounts or users, one row each, as admin consoles and sales tools list them."""
    nav = "".join(f'<div class="it">{t(x)}</div>' for x in ["Accounts", "Contacts", "Deals", "Users", "Billing",
                                                               "Audit log"])
    tools = "".join(f"<span>{t(x)}</span>" for x in ["Filter", "Export CSV", "Columns", f"{rng.randint(20, 400)} rows"])
    if decoy:
        head = ["Plan", "Seats", "Region", "Status", "Renews"]
        rows = [[t(rng.choice(["Free", "Team", "Business", "Enterprise"])), t(str(rng.randint(1, 500))),
                 t(rng.choice(["eu-west-1", "us-east-1", "ap-south-1"])), t(rng.choice(["Active", "Trial", "Paused"])),
                 t(rng.choice(D.DATES))] for _ in range(rng.randint(6, 10))]
        heading = "Plans"
        title = Title().add(rng.choice(["Plans - Admin", "Admin console", "Billing - Admin"]))
    else:
        kind = rng.choice(["accounts", "users"])
        rows = []
        if kind == "accounts":
            head = ["Account", "ID", "Owner", "Stage", "Contact", "Phone"]
            for _ in range(rng.randint(6, 10)):
                o, p = v.org(), v.person()
                rows.append([s("organisation", o.name), s("account_id", v.account_id()), s("person", v.name_form(p)),
                             t(rng.choice(STAGES)), s("email", p.email), s("phone", v.phone())])
        else:
            head = ["Name", "User name", "Email", "Role", "Last sign-in"]
            for _ in range(rng.randint(6, 10)):
                p = v.person()
                rows.append([s("person", v.name_form(p)), s("handle", v.handle(p)), s("email", p.email),
                             t(rng.choice(["Admin", "Member", "Billing", "Viewer"])), t(rng.choice(D.DATES))])
        heading = kind.capitalize()
        title = (Title().add(f"{heading} - ").add(v.employer.name, "organisation").add(" - Admin")
                 if rng.random() < 0.4 else Title().add(f"{heading} - Admin"))
    table = ("<table><tr>" + "".join(f"<th>{t(h)}</th>" for h in head) + "</tr>" +
             "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows) + "</table>")
    body = (f'<div class="side">{nav}</div><div class="main"><h1>{t(heading)}</h1>'
            f'<div class="toolbar">{tools}</div>{table}</div>')
    return Screen(title, body, TABLE_CSS)


TEMPLATES = {"chat": chat, "mail": mail, "code_review": code_review, "wiki": wiki, "terminal": terminal,
             "browser_tabs": browser_tabs, "tickets": tickets, "people": people, "accounts": accounts}
