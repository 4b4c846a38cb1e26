"""App templates kept out of all tuning: a password vault and a CRM. Only the held-out split renders them;
no detector, detector test or training script may import this module (a test checks it)."""

from __future__ import annotations

import random

from . import decoys as D
from .apps_tuning import avatar
from .markup import Screen, Title, s, t
from .values import Values

VAULT_CSS = """
.side { width: 210px; } .side .it { padding: 4px 6px; }
.items { width: 300px; flex: none; border-right: 1px solid var(--border); overflow: hidden; }
.items .i { padding: 9px 14px; border-bottom: 1px solid var(--border); } .items .i.on { background: var(--panel); }
.fld { margin-bottom: 12px; } .fld .k { color: var(--muted); font-size: 12px; }
"""

SITES = ["Okta", "Workday", "Payroll portal", "Expense tool", "VPN", "Wi-Fi (office)", "Staging DB", "Cloud console"]


def vault(v: Values, rng: random.Random, decoy: bool) -> Screen:
    side = "".join(f'<div class="it">{t(x)}</div>' for x in ["All items", "Favourites", "Logins", "Cards",
                                                               "Secure notes", "Trash"])
    if decoy:
        items = "".join(f'<div class="i">{t(x)}<div class="muted">{t(rng.choice(D.DATES))}</div></div>'
                        for x in ["Password generator", "Security report", "Import items", "Settings"])
        main = (f'<h1>Password generator</h1><div class="fld"><div class="k">Length</div><div>20</div></div>'
                f'<div class="fld"><div class="k">Character sets</div><div>A-Z a-z 0-9 !@#</div></div>'
                f'<div class="panel">{t(rng.choice(D.SENTENCES))}</div><p>{t(rng.choice(D.SENTENCES))}</p>')
        title = Title().add(rng.choice(["Vault — Generator", "Vault"]))
    else:
        owner = v.person()
        rows = []
        for site in D.pick(rng, SITES, 5):
            rows.append(f'<div class="i">{t(site)}<div class="muted">{s("email", v.person().email)}</div></div>')
        rows[0] = rows[0].replace('class="i"', 'class="i on"', 1)
        current = rng.choice(SITES)
        main = (f'<h1>{t(current)}</h1>'
                f'<div class="fld"><div class="k">Username</div><div>{s("email", owner.email)}</div></div>'
                f'<div class="fld"><div class="k">Password</div><div class="mono">{s("password", v.password())}</div></div>'
                f'<div class="fld"><div class="k">Website</div><div>{s("private_url", v.private_url(owner))}</div></div>'
                f'<div class="fld"><div class="k">Recovery key</div><div class="mono">{s("secret", v.secret())}</div></div>'
                f'<div class="fld"><div class="k">Owner</div><div>{s("person", v.name_form(owner))} '
                f'({s("account_id", v.employee_id())})</div></div>'
                f'<div class="fld"><div class="k">Shared with</div><div><span class="badge">'
                f'{s("organisation", v.employer.name)}</span>'
                f' · {s("handle", v.handle(v.person()))}</div></div>')
        title = (Title().add("Vault — ").add(owner.name, "person") if rng.random() < 0.5 else Title().add("Vault"))
        items = "".join(rows)
    body = f'<div class="side">{side}</div><div class="items">{items}</div><div class="main">{main}</div>'
    return Screen(title, body, VAULT_CSS)


CRM_CSS = """
.side { width: 70px; padding: 12px 6px; } .side .it { padding: 8px 2px; font-size: 11px; text-align: center; }
.card { display: flex; gap: 18px; } .card .col { flex: 1; min-width: 0; }
.kv { display: grid; grid-template-columns: 140px 1fr; row-gap: 6px; } .kv .k { color: var(--muted); }
.act { border-left: 3px solid var(--accent); padding: 4px 10px; margin: 8px 0; }
"""


def crm(v: Values, rng: random.Random, decoy: bool) -> Screen:
    side = "".join(f'<div class="it">{t(x)}</div>' for x in ["Home", "Leads", "Deals", "Reports", "Tasks"])
    if decoy:
        rows = "".join(f"<tr><td>{t(p)}</td><td>{rng.randint(12, 480)}</td><td>{rng.randint(1, 99)}%</td>"
                       f"<td>{t(rng.choice(D.DATES))}</td></tr>" for p in D.pick(rng, D.PRODUCTS, 6))
        main = (f'<h1>Pipeline report</h1><p class="muted">{t(rng.choice(D.SENTENCES))}</p><table><tr><th>Product</th>'
                f'<th>Deals</th><th>Win rate</th><th>Updated</th></tr>{rows}</table><p>{t(rng.choice(D.SENTENCES))}</p>')
        title = Title().add(rng.choice(["Reports — CRM", "Pipeline — CRM"]))
    else:
        contact = v.person()
        company = v.org()
        owner = v.person()
        street, city = v.address()
        kv = [("Company", s("organisation", company.name)), ("E-mail", s("email", v.personal_email(contact))),
              ("Mobile", s("phone", v.phone())), ("Date of birth", s("date_of_birth", v.date_of_birth())),
              ("Mailing address", f'{s("address", street)}<br>{s("address", city)}'),
              ("Account", s("account_id", v.account_id())), ("Account owner", s("person", v.name_form(owner))),
              ("Profile", s("private_url", v.private_url(contact))), ("Created", t(rng.choice(D.DATES)))]
        if rng.random() < 0.4:
            kv.append(("IBAN", s("iban", v.iban())))
        grid = "".join(f'<div class="k">{t(k)}</div><div>{val}</div>' for k, val in kv)
        deals = "".join(f"<tr><td>{s('organisation', v.org().name)}</td><td>{rng.randint(5, 400)}k</td>"
                        f"<td>{t(rng.choice(['Proposal', 'Won', 'Negotiation']))}</td></tr>" for _ in range(3))
        acts = "".join(f'<div class="act"><b>{s("person", v.name_form(owner))}</b> <span class="muted">'
                       f'{t(rng.choice(D.DATES))}</span><div>{t(rng.choice(["Call logged", "E-mail sent", "Meeting booked"]))}'
                       f' with {s("person", contact.first)}</div></div>' for _ in range(2))
        main = (f'<div class="row">{avatar(rng, v.initials(contact), True)}<h1>{s("person", contact.name)}</h1></div>'
                f'<div class="card"><div class="col"><div class="kv">{grid}</div></div><div class="col"><h2>Deals</h2>'
                f'<table><tr><th>Organisation</th><th>Value</th><th>Stage</th></tr>{deals}</table><h2>Activity</h2>'
                f'{acts}</div></div>')
        title = (Title().add(contact.name, "person").add(" — Contact — CRM") if rng.random() < 0.6
                 else Title().add("Contacts — CRM"))
    return Screen(title, f'<div class="side">{side}</div><div class="main">{main}</div>', CRM_CSS)


TEMPLATES = {"vault": vault, "crm": crm}
