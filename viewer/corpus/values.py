"""Generated values for one screen: people, organisations and the things that name them, from a seeded source.

A `Source` gives raw name parts (Faker in some locales); `Values` turns them into what work apps show:
display names, "Last, First", handles, channels, repositories, private URLs, ids, dates of birth, e-mails,
phones, addresses and secrets. Everything is drawn from one seeded `random.Random` and a seeded Faker, so a
seed gives the same screen every time (for a pinned Faker version).
"""

from __future__ import annotations

import datetime
import functools
import random
import re
import string
import unicodedata
from dataclasses import dataclass, field

ALNUM = string.ascii_letters + string.digits


@functools.lru_cache(maxsize=None)
def faker_for(locale: str):
    """One Faker per locale (building one takes a while); callers reseed it per screen.

    A few Faker data lists are built from sets (it_IT's cities), so their order, and what a seed draws from
    them, changes with Python's hash seed: such lists are put in sorted order once, per provider class."""
    from faker import Faker

    fk = Faker(locale)
    for provider in fk.get_providers():
        for name, value in vars(type(provider)).items():
            if isinstance(value, list) and value and all(isinstance(x, str) for x in value):
                setattr(type(provider), name, sorted(value))
    return fk


_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
                     "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya i yi ye g".split()))
_GREEK = dict(zip("αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς",
                  "a v g d e z i th i k l m n x o p r s t y f ch ps o a e i i o y o i y i y s".split()))
_LATIN = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
_TRANSLIT = str.maketrans({k: ("" if v == "-" else v) for k, v in {**_CYRILLIC, **_GREEK, **_LATIN}.items()})


def ascii_slug(text: str, sep: str = "-") -> str:
    """'Gonçalves & Filhos' -> 'goncalves-filhos', 'Родионова' -> 'rodionova' (as logins and domains are)."""
    flat = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLIT)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", sep, flat.lower()).strip(sep)


@dataclass
class Source:
    """Name parts from Faker locales; a part in `exclude` is drawn again (held-out names avoid tuning lists and the
    detectors' name lists)."""

    locales: tuple[str, ...]
    exclude: frozenset = frozenset()
    company_suffixes: tuple[str, ...] = ()
    _rng: random.Random = field(default_factory=random.Random)

    def seed(self, seed: int) -> None:
        self._rng = random.Random(seed)
        for n, loc in enumerate(self.locales):
            faker_for(loc).seed_instance(seed * 31 + n)

    def faker(self):
        return faker_for(self._rng.choice(self.locales))

    def _part(self, draw) -> str:
        """A drawn value none of whose words is in `exclude`, as written or folded to lower-case ASCII
        ('Šťastný' is also looked up as 'stastny', 'Иван' as 'ivan')."""
        for _ in range(200):
            value = draw()
            words = re.findall(r"\w+", value)
            if not (set(words) | {ascii_slug(w, "") for w in words}) & self.exclude:
                return value
        raise RuntimeError("no name part outside the excluded lists")  # a bug in the split's sources

    def person(self) -> tuple[str, str]:
        fk = self.faker()
        first = self._part(fk.first_name)
        last = self._part(fk.last_name)
        return first, last

    def company(self) -> str:
        fk = self.faker()
        name = self._part(lambda: fk.company())
        if self.company_suffixes and self._rng.random() < 0.3:
            name = f"{name.split(',')[0].split(' ')[0]} {self._rng.choice(self.company_suffixes)}"
        return name

    def address(self) -> tuple[str, str]:
        """(street line, city line)."""
        fk = self.faker()
        return fk.street_address().replace("\n", ", "), f"{fk.postcode()} {fk.city()}"

    def phone(self) -> str:
        return self.faker().phone_number()

    def birth_date(self):
        """Between 1958 and 2006: fixed bounds (Faker's date_of_birth counts from today, so would drift)."""
        return self.faker().date_between_dates(datetime.date(1958, 1, 1), datetime.date(2006, 12, 31))


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    login: str  # an ASCII user name made from the name
    email: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class Org:
    name: str
    slug: str
    domain: str


CODENAMES = ["atlas", "borealis", "copper", "delta", "ember", "fjord", "granite", "harbor", "ivy", "juniper",
             "kestrel", "lumen", "meridian", "nimbus", "orchid", "pylon", "quartz", "ridge", "summit", "tundra"]
REPO_WORDS = ["billing", "payments", "onboarding", "ledger", "portal", "infra", "etl", "api", "mobile", "search",
              "pricing", "reports", "sync", "auth", "inventory", "claims", "scheduler", "warehouse"]
MAIL_HOSTS = ["gmail.com", "outlook.com", "proton.me", "yahoo.com", "icloud.com", "gmx.net"]


class Values:
    """The values of one screen. Call `seed` once; then each method draws the next value."""

    def __init__(self, source: Source, seed: int):
        self.source = source
        source.seed(seed)
        self.rng = random.Random(seed)
        self.people: list[Person] = []
        self.orgs: list[Org] = []
        self.employer = self.org()

    # ---- people and organisations ----
    def person(self) -> Person:
        first, last = self.source.person()
        fn, ln = ascii_slug(first, ""), ascii_slug(last, "")
        if not fn or not ln:  # a script with no transliteration here: a made-up login
            fn = fn or "user" + "".join(self.rng.choices(string.digits, k=3))
            ln = ln or "".join(self.rng.choices(string.ascii_lowercase, k=5))
        login = self.rng.choice([f"{fn}.{ln}", f"{fn[0]}{ln}", f"{fn}{ln[0]}", f"{fn}_{ln}"])
        host = self.employer.domain if self.orgs and self.rng.random() < 0.7 else self.rng.choice(MAIL_HOSTS)
        p = Person(first, last, login, f"{login}@{host}")
        self.people.append(p)
        return p

    def org(self) -> Org:
        name = self.source.company()
        slug = ascii_slug(name) or "org" + "".join(self.rng.choices(string.digits, k=4))
        tld = self.rng.choice(["com", "io", "net", "co"])
        o = Org(name, slug, f"{slug.split('-')[0]}.{tld}")
        self.orgs.append(o)
        return o

    def name_form(self, p: Person) -> str:
        """How apps show a person: full name, 'Last, First', 'First L.', or the first name alone."""
        r = self.rng.random()
        if r < 0.55:
            return p.name
        if r < 0.75:
            return f"{p.last}, {p.first}"
        if r < 0.9:
            return f"{p.first} {p.last[0]}."
        return p.first

    @staticmethod
    def initials(p: Person) -> str:
        return (p.first[:1] + p.last[:1]).upper()

    def handle(self, p: Person) -> str:
        return "@" + self.rng.choice([p.login, p.login.replace("_", "."), ascii_slug(p.first, "") or p.login])

    def codename(self) -> str:
        return self.rng.choice(CODENAMES)

    def channel(self) -> str:
        o = self.rng.choice(self.orgs)
        short = o.slug.split("-")[0]
        p = self.people[-1] if self.people else self.person()
        return "#" + self.rng.choice([f"deal-{short}-renewal", f"cust-{short}", f"{short}-escalations",
                                      f"proj-{self.codename()}-{short}", f"{ascii_slug(p.first) or 'team'}-onboarding",
                                      f"acct-{short}-{self.rng.randint(2024, 2027)}"])

    def repository(self) -> str:
        owner = self.employer.slug.split("-")[0] if self.rng.random() < 0.7 else self.people[-1].login
        return f"{owner}/{self.rng.choice(REPO_WORDS)}-{self.rng.choice(['service', 'web', 'core', 'tools', 'app'])}"

    def git_remote(self, repo: str) -> str:
        host = self.rng.choice(["github.com", "gitlab.com", f"git.{self.employer.domain}"])
        return self.rng.choice([f"git@{host}:{repo}.git", f"https://{host}/{repo}.git"])

    def token(self, n: int = 24) -> str:
        return "".join(self.rng.choices(ALNUM, k=n))

    def private_url(self, p: Person | None = None) -> str:
        p = p or self.rng.choice(self.people)
        o = self.employer
        short = o.slug.split("-")[0]
        return self.rng.choice([
            f"https://{o.domain}/u/{p.login}",
            f"https://app.{o.domain}/reset?token={self.token(28)}",
            f"https://drive.google.com/file/d/{self.token(33)}/view?usp=sharing",
            f"https://{short}.atlassian.net/browse/{short[:4].upper()}-{self.rng.randint(10, 9999)}",
            f"https://{short}.slack.com/archives/C0{self.token(9).upper()}",
            f"https://docs.{o.domain}/share/{self.token(12)}?key={self.token(20)}",
            f"https://calendly.com/{p.login.replace('.', '-')}/30min",
            f"https://{o.domain}/invoices/{self.rng.randint(100000, 999999)}?sig={self.token(16)}",
        ])

    # ---- ids, dates, contact data, secrets ----
    def employee_id(self) -> str:
        return f"EMP-{self.rng.randint(0, 999999):06d}"

    def invoice_id(self) -> str:
        return f"INV-{self.rng.randint(2023, 2027)}-{self.rng.randint(1, 9999):04d}"

    def account_id(self) -> str:
        r = self.rng.randint
        return self.rng.choice([f"ACC-{r(10**7, 10**8 - 1)}", f"CUST-{r(10000, 99999)}",
                                f"{r(1000, 9999)}-{r(1000, 9999)}-{r(10, 99)}", self.employee_id(), self.invoice_id()])

    def ticket_id(self) -> str:
        prefix = self.rng.choice(["OPS", "SEC", "HR", "FIN", "SUP", self.employer.slug[:3].upper() or "TKT"])
        return f"{prefix}-{self.rng.randint(10, 9999)}"

    def date_of_birth(self) -> str:
        d = self.source.birth_date()
        return self.rng.choice([d.isoformat(), d.strftime("%d/%m/%Y"), d.strftime("%m/%d/%Y"),
                                d.strftime("%d %b %Y"), d.strftime("%B %d, %Y").replace(" 0", " ")])

    def address(self) -> tuple[str, str]:
        return self.source.address()

    def phone(self) -> str:
        return self.source.phone()

    def personal_email(self, p: Person) -> str:
        return f"{p.login}@{self.rng.choice(MAIL_HOSTS)}"

    def secret(self) -> str:
        """A key in a public token format (GitHub, AWS, Stripe, Slack) with a random body."""
        r = self.rng.random()
        if r < 0.3:
            return "ghp_" + self.token(36)
        if r < 0.5:
            return "AKIA" + "".join(self.rng.choices(string.ascii_uppercase + "234567", k=16))
        if r < 0.7:
            return "sk_live_" + self.token(24)
        if r < 0.85:
            return "xoxb-" + "-".join(["".join(self.rng.choices(string.digits, k=n)) for n in (11, 13)]) + \
                   "-" + self.token(24)
        return "".join(self.rng.choices(ALNUM + "+/", k=40))

    def password(self) -> str:
        """A human-made password or a password-manager one."""
        if self.rng.random() < 0.5:
            word = self.rng.choice(["Sunny", "River", "Tiger", "Maple", "Coffee", "Winter", "Falcon", "Garden"])
            return f"{word}{self.rng.randint(10, 2024)}{self.rng.choice('!#$?.*')}"
        return "".join(self.rng.choices(ALNUM + "!#$%&*?", k=self.rng.randint(14, 20)))

    def card(self) -> str:
        raw = self.source.faker().credit_card_number(card_type=self.rng.choice(["visa16", "mastercard"]))
        return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))

    def iban(self) -> str:
        raw = self.source.faker().iban()
        return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))
