"""Train the named-entity model the screen detectors ship (viewer/sensitive/models/ner): PERSON, ORG and ADDRESS in
lines of screen text as OCR reads them.

Deterministic from SEED: the same data and, on the same machine, the same weights. A few minutes on 2 CPU cores.

Training text, all generated here:
- the lines of the corpus' tuning templates (`viewer.corpus.apps_tuning`: chat, mail, code review, wiki, terminal,
  browser tabs, tickets), rendered to HTML and cut into lines the way OCR groups words, with the gold spans as labels;
- lines of other work screens written here (chat lines, mail headers and signatures, CRM and contact rows, commit
  logs, calendar entries, ticket fields, invoices, plain UI chrome and product names with no entity at all).

Names come from Faker's person, company and address providers in LOCALES only: the tuning locales and the locales
the detectors' name lists are built from (scripts/build_name_lists.py). Every first and last name is kept only when
that name list or the tuning lists already hold it, so no name the held-out part of the corpus may draw (it redraws
any such name) is ever trained on. A fifth of the people, companies and addresses (OTHER_SCRIPT_SHARE) are written
in Cyrillic or Greek letters: those same held names spelled in those scripts ("Bauer, Anna" -> "Бауер, Анна"),
kept only when the spelling folds back to a held name, with the street types and legal forms of those countries.
Run: python scripts/train_ner.py [--out DIR] [--lines N] [--epochs N] (needs the dev requirements and Tesseract).
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from faker.providers.job.en_US import Provider as JobProvider  # noqa: E402
from faker.providers.lorem.en_US import Provider as LoremProvider  # noqa: E402

from viewer.corpus import apps_tuning  # noqa: E402  (the tuning templates only)
from viewer.corpus import decoys as D  # noqa: E402
from viewer.corpus.markup import page  # noqa: E402
from viewer.corpus.splits import SHARED_TEMPLATES  # noqa: E402
from viewer.corpus.sources import tuning_name_parts  # noqa: E402
from viewer.corpus.values import Source, Values, ascii_slug, faker_for  # noqa: E402

SEED = 20261130
OUT = ROOT / "viewer" / "sensitive" / "models" / "ner"
LOCALES = ("en_US", "en_GB", "en_IE", "en_IN", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR", "nl_NL", "pl_PL",
           "sv_SE", "da_DK", "tr_TR")
LABELS = {"person": "PERSON", "organisation": "ORG", "address": "ADDRESS"}
NAME_LISTS = ROOT / "viewer" / "sensitive" / "data"


# ---------------------------------------------------------------- names the held-out part never draws

@functools.lru_cache(maxsize=1)
def held_parts() -> frozenset:
    """Name parts the held-out corpus redraws: the tuning lists and the detectors' name lists (whole and by word)."""
    parts = set(tuning_name_parts())
    parts |= {ascii_slug(p, "") for p in parts}
    for kind in ("first_names", "last_names"):
        for line in (NAME_LISTS / f"{kind}.txt").read_text(encoding="utf-8").splitlines():
            if line.strip():
                parts.add(line.strip())
                parts |= set(re.findall(r"\w+", line))
    return frozenset(parts - {""})


def covered(value: str) -> bool:
    """Every word of `value` is a name part the held-out corpus never uses (as written or folded)."""
    words = re.findall(r"\w+", value)
    return bool(words) and all(w in held_parts() or ascii_slug(w, "") in held_parts() for w in words)


class TrainSource(Source):
    """Source over LOCALES whose person names are only covered ones."""

    def person(self) -> tuple[str, str]:
        fk = self.faker()
        for _ in range(200):
            first, last = fk.first_name(), fk.last_name()
            if covered(first) and covered(last):
                if self._rng.random() < OTHER_SCRIPT_SHARE:
                    other = other_script(f"{first} {last}", self._rng)
                    if other != f"{first} {last}":
                        return tuple(other.split(" ", 1))
                return first, last
        return "Anna", "Smith"

    def company(self) -> str:
        if self._rng.random() < OTHER_SCRIPT_SHARE:
            return self._other_company()
        for _ in range(50):
            name = self.faker().company()
            if not any(w[0].isupper() and w.isalpha() and len(w) > 3 and not covered(w) and w.lower() not in COMPANY_WORDS
                       for w in re.findall(r"\w+", name)):
                return name
        return "Smith Holdings"

    def other_last(self, greek: bool) -> str:
        """A covered last name spelled in Greek or Cyrillic letters."""
        for _ in range(100):
            last = self.faker().last_name()
            if covered(last):
                other = other_script(last, self._rng, greek)
                if other != last:
                    return other
        return "Σάντος" if greek else "Мартин"

    def _other_company(self) -> str:
        """A company named after covered names in Cyrillic or Greek letters: "Мартин Holding", "ООО «Бауер»",
        "Μαρτιν-Σαντος"."""
        rng = self._rng
        greek = rng.random() < 0.35
        names = [self.other_last(greek) for _ in range(2)]
        r = rng.random()
        if r < 0.4:
            return f"{names[0]} {rng.choice(ORG_FORMS + (GREEK_ORG_FORMS if greek else CYRILLIC_ORG_FORMS))}"
        if r < 0.65 and not greek:
            return f"{rng.choice(ORG_PREFIX_OTHER)} «{names[0]}»"
        if r < 0.85:
            return f"{names[0]}-{names[1]}"
        return f"{names[0]} & {names[1]}"

    def address(self) -> tuple[str, str]:
        if self._rng.random() < OTHER_SCRIPT_SHARE:
            greek = self._rng.random() < 0.35
            return other_address(self._rng, lambda: self.other_last(greek), greek)
        return super().address()


COMPANY_WORDS = frozenset("""group holdings holding partners associates consulting solutions systems services
industries international global technologies technology software labs logistics capital ventures media and sons
limited company corporation incorporated gmbh kgaa stiftung verwaltung sarl sas société societe gruppo grupo
hermanos hijos hnos compañía compania sociedad comercial industrial ltda comércio comercio serviços servicos
participações participacoes holding bedrijven groep handel industri aktiebolag""".split())

_TO_CYR = [("shch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("yu", "ю"), ("ya", "я"),
           ("a", "а"), ("b", "б"), ("v", "в"), ("w", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"),
           ("i", "и"), ("y", "й"), ("k", "к"), ("c", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"),
           ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("x", "кс"),
           ("j", "дж"), ("q", "к")]
_TO_GRK = [("th", "θ"), ("ch", "χ"), ("ps", "ψ"), ("a", "α"), ("v", "β"), ("b", "μπ"), ("g", "γ"), ("d", "δ"),
           ("e", "ε"), ("z", "ζ"), ("i", "ι"), ("k", "κ"), ("c", "κ"), ("l", "λ"), ("m", "μ"), ("n", "ν"),
           ("x", "ξ"), ("o", "ο"), ("p", "π"), ("r", "ρ"), ("s", "σ"), ("t", "τ"), ("y", "υ"), ("f", "φ"),
           ("u", "ου"), ("h", ""), ("j", "τζ"), ("w", "ου"), ("q", "κ")]


_TONOS = dict(zip("αεηιουω", "άέήίόύώ"))
# people, companies and addresses written in Cyrillic or Greek letters (0.3 trained worse on Latin names)
OTHER_SCRIPT_SHARE = 0.2


def _spell(word: str, table) -> str:
    low, out, i = ascii_slug(word, ""), "", 0
    while i < len(low):
        for lat, other in table:
            if low.startswith(lat, i):
                out, i = out + other, i + len(lat)
                break
        else:
            i += 1
    if table is _TO_GRK and out.endswith("σ"):
        out = out[:-1] + "ς"
    return out[:1].upper() + out[1:]


def _accented(word: str, rng: random.Random) -> str:
    """A Greek word with its stress mark on one of its last two vowels, as Greek is written ("Μαρτίνος")."""
    vowels = [i for i, c in enumerate(word) if c in _TONOS]
    if len(vowels) < 2:
        return word
    i = rng.choice(vowels[-2:])
    return word[:i] + _TONOS[word[i]] + word[i + 1:]


def other_script(name: str, rng: random.Random, greek: bool | None = None) -> str:
    """`name` in Cyrillic or Greek letters (`greek`; None: drawn) when every word (initials aside) spells a covered
    name back, so the held-out part never draws it; punctuation kept ("Bauer, Anna" -> "Бауер, Анна"); else
    `name`."""
    first = (_TO_GRK if rng.random() >= 0.65 else _TO_CYR) if greek is None else _TO_GRK if greek else _TO_CYR
    for table in (first,) if greek is not None else (first, _TO_GRK if first is _TO_CYR else _TO_CYR):
        spelled = re.sub(r"[^\W\d_]+", lambda m: _spell(m.group(0), table) if len(m.group(0)) > 1 else
                         _spell(m.group(0), table)[:1] or m.group(0), name)
        if table is _TO_GRK:
            spelled = re.sub(r"[^\W\d_]{3,}", lambda m: _accented(m.group(0), rng), spelled)
        words = re.findall(r"[^\W\d_]+", spelled)
        if words and all(len(w) == 1 or covered(w) for w in words) and len(words) == len(re.findall(r"[^\W\d_]+", name)):
            return spelled
    return name


# street and city forms of Cyrillic- and Greek-script countries (street types and their abbreviations only; the
# street and city names are covered names spelled in those letters)
CYRILLIC_STREETS = ("ул. {w} {n}", "ул. {w}, д. {n}", "пер. {w}, д. {n}", "пр-т {w}, д. {n}, кв. {m}",
                    "бул. {w} {n}", "вул. {w}, {n}", "просп. {w}, буд. {n}", "пл. {w} {n}", "{w} {n}")
CYRILLIC_CITIES = ("{p} {c}", "г. {c}, {p}", "м. {c}, {p}", "{p} {c}", "с. {c}", "{c} {p}")
GREEK_STREETS = ("Οδός {w} {n}", "Λεωφ. {w} {n}", "{w} {n}", "{w} {n}, {m}", "Πλατεία {w} {n}")
GREEK_CITIES = ("{p} {c}", "ΤΚ {p} {c}", "{c} {p}", "{c}")
CYRILLIC_ORG_FORMS = ("ООО", "АД", "ЕООД", "ТОВ", "ПП", "Групп", "Холдинг")
GREEK_ORG_FORMS = ("Α.Ε.", "Ε.Π.Ε.", "Ο.Ε.", "ΙΚΕ")


def other_address(rng: random.Random, last_name, greek: bool) -> tuple[str, str]:
    """(street line, city line) in Greek or Cyrillic letters; `last_name()` draws a covered name in those letters."""
    street = rng.choice(GREEK_STREETS if greek else CYRILLIC_STREETS).format(w=last_name(), n=rng.randint(1, 180),
                                                                             m=rng.randint(1, 300))
    city = rng.choice(GREEK_CITIES if greek else CYRILLIC_CITIES).format(c=last_name(), p=rng.randint(10000, 999999) if rng.random() < 0.7
                                           else rng.randint(100, 999))
    return street, city


# ---------------------------------------------------------------- lines of the tuning templates

class _Lines(HTMLParser):
    """HTML cut into text lines with the gold spans: blocks end a line, table cells do sometimes (OCR splits a
    row at wide gaps)."""

    BLOCKS = {"div", "p", "h1", "h2", "h3", "tr", "li", "br", "table", "pre", "hr", "b"}

    def __init__(self, rng: random.Random):
        super().__init__(convert_charrefs=True)
        self.rng = rng
        self.lines: list[tuple[str, list]] = []
        self.text, self.spans = "", []
        self.cat, self.start, self.skip = None, 0, 0

    def flush(self):
        text = self.text.rstrip()
        lead = len(text) - len(text.lstrip())
        if text.strip():
            spans = [(a - lead, b - lead, c) for a, b, c in self.spans if b <= len(text)]
            self.lines.append((text.strip(), spans))
        self.text, self.spans = "", []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("style", "head"):
            self.skip += 1
        elif tag in self.BLOCKS or (tag in ("td", "th") and self.rng.random() < 0.5):
            if not (tag == "b" and self.rng.random() < 0.5):
                self.flush()
        elif (tag in ("td", "th") or a.get("class") in ("muted", "badge", "tab", "tab on")) and \
                not self.text.endswith(" "):
            self.text += " "
        if tag == "span" and "data-cat" in a:
            self.cat, self.start = a["data-cat"], len(self.text)

    def handle_endtag(self, tag):
        if tag in ("style", "head"):
            self.skip -= 1
        elif tag == "span" and self.cat:
            self.spans.append((self.start, len(self.text), self.cat))
            self.cat = None
        elif tag in ("b",) and self.rng.random() < 0.5:
            self.flush()
        elif tag in ("b", "span", "td", "th", "a") and self.text and not self.text.endswith(" "):
            self.text += " "  # inline boxes sit apart on screen

    def handle_data(self, data):
        if self.skip:
            return
        parts = data.split("\n")
        for k, part in enumerate(parts):
            if k:
                self.flush()
            self.text += re.sub(r"\s+", " ", part) if not self.text.endswith(" ") else re.sub(r"\s+", " ", part).lstrip()


def _trim(text: str, ents: list) -> list:
    """Entity spans without the white space at their edges (Faker's street lines end in a space)."""
    out = []
    for a, b, label in ents:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a and b <= len(text.rstrip()):
            out.append((a, b, label))
    return out


def template_lines(rng: random.Random, source: Source, n_screens: int):
    """(text, [(start, end, label)]) for every line of n_screens tuning screens (a fifth of them decoys), of the
    seven templates both parts of the corpus show: trained on the two tuning-only ones too (a people record, a
    table of accounts), the model found less on the held-out part (screens fully caught 0.748 -> 0.695)."""
    names = list(SHARED_TEMPLATES)
    for i in range(n_screens):
        seed = rng.randrange(2**31)
        values = Values(source, seed)
        screen = apps_tuning.TEMPLATES[names[i % len(names)]](values, random.Random(seed ^ 0x5EED), rng.random() < 0.2)
        parser = _Lines(rng)
        parser.feed(page(screen, "light", "Inter", "JetBrains Mono", 13))
        parser.flush()
        for text, spans in parser.lines:
            ents = []
            for a, b, cat in spans:
                value = text[a:b]
                if cat not in LABELS or len(value.strip()) <= 3:
                    continue
                if cat == "person" and " " not in value and value.islower():
                    continue  # a login at a shell prompt: the handle detectors' job
                ents.append((a, b, LABELS[cat]))
            yield text, _trim(text, ents)


# ---------------------------------------------------------------- lines written here

STREET_FORMS = ("{n} {w} Street", "{n} {w} Road", "{w}str. {n}", "{w}straße {n}", "{n}, rue {w}", "Calle {w} {n}",
                "Via {w} {n}", "{w}weg {n}", "{w}gatan {n}", "ul. {w} {n}", "{w} {n}", "{n} {w} Ave",
                "{w} utca {n}", "{w}vej {n}", "Rua {w}, {n}")
ORG_FORMS = ("AG", "GmbH", "Ltd", "Ltd.", "Inc.", "LLC", "S.A.", "S.L.", "SARL", "B.V.", "N.V.", "AB", "A/S", "Oy",
             "AS", "s.r.o.", "a.s.", "Kft.", "Zrt.", "d.o.o.", "UAB", "SIA", "OÜ", "Sp. z o.o.", "S.R.L.", "S.p.A.",
             "Holding", "Group", "& Co.", "and Partners", "PLC", "Pty Ltd", "KG", "SE", "A.Ş.")
ORG_PREFIX_OTHER = ("ООО", "АО", "ЗАО", "ПАО", "ИП")
ROLES = ("Account Manager", "Head of Finance", "Engineer", "Sales Director", "HR Partner", "CTO", "Support Lead",
         "Product Owner", "Office Manager", "Legal Counsel")
CHROME = ("Inbox", "Sent", "Drafts", "Archive", "Settings", "Search", "New message", "Reply all", "Forward",
          "Pull requests", "Merge request", "Files changed", "Code review", "Release Notes", "Open in browser",
          "Mark as read", "Add reaction", "Start a thread", "Customer Success", "Billing Overview", "Sales Pipeline",
          "Quarterly Review", "Access Request", "Password Reset", "Vault Items", "Secure Notes", "Shared Folders",
          "Deal Stage", "Closed Won", "Lead Source", "Annual Revenue", "Next Step", "Follow Up", "Contact Details",
          "Company Profile", "Activity Log", "Audit Trail", "Web Login", "Credit Card", "Bank Account",
          "Weekly Sync", "Sprint Planning", "Team Standup", "Design Review", "All Hands", "Office Hours",
          "North America", "Western Europe", "Product Roadmap", "Google Workspace", "Microsoft Teams",
          "Visual Studio Code", "Amazon Web Services", "Red Hat", "Open Source", "Data Platform", "Machine Learning")


# common English words (Faker's en_US word list) and job titles: menu items, field names and roles, never entities
COMMON = sorted({w.lower() for w in LoremProvider.word_list if w.isalpha()})
JOBS = sorted({j for j in JobProvider.jobs if len(j) < 40})


def common_words() -> list[str]:
    """The common words shipped beside the model (viewer/sensitive/ner.py drops a lone one): Faker's en_US word
    list, company catch-phrase and business words, job-title words, spaCy's English stop words and the chrome and
    decoy words of the tuning screens; no word the name lists hold (a lone "Baker" may be a person)."""
    from faker.providers.company.en_US import Provider as CompanyProvider
    from spacy.lang.en.stop_words import STOP_WORDS

    phrases = [*COMMON, *JOBS, *CHROME, *STOP_WORDS, *D.TOPICS, *D.SENTENCES, *D.LABELS, *D.SHELL_OUT,
               *(w for group in CompanyProvider.catch_phrase_words for w in group),
               *(w for group in CompanyProvider.bsWords for w in group)]
    words = {w for p in phrases for w in re.findall(r"[a-z]+", p.lower()) if len(w) >= 3}
    return sorted(words - _name_list_words())


def _name_list_words() -> set[str]:
    names = set()
    for kind in ("first_names", "last_names"):
        names |= set((NAME_LISTS / f"{kind}.txt").read_text(encoding="utf-8").split())
    return names


def dictionary_words() -> list[str]:
    """The lower-case words (three letters or more) of Tesseract's English dictionary (the word list inside
    eng.traineddata, unpacked with Tesseract's own combine_tessdata and dawg2wordlist), less every word the name
    lists hold: viewer/sensitive/ner.py drops a lone word on its line that is one ("Length" under a password
    generator). Needs the tesseract-ocr package, as the app does."""
    import subprocess
    import tempfile

    listing = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=True).stdout
    tessdata = Path(re.search(r'"([^"]+)"', listing).group(1))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["combine_tessdata", "-u", str(tessdata / "eng.traineddata"), f"{tmp}/eng."],
                       capture_output=True, check=True)
        subprocess.run(["dawg2wordlist", f"{tmp}/eng.lstm-unicharset", f"{tmp}/eng.lstm-word-dawg", f"{tmp}/words"],
                       capture_output=True, check=True)
        words = Path(tmp, "words").read_text(encoding="utf-8").split()
    return sorted({w for w in words if w.isalpha() and w.islower() and len(w) >= 3} - _name_list_words())


def _org(v: Values, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.55:
        return v.org().name
    last = v.person().last
    if r < 0.85:
        return f"{last} {rng.choice(ORG_FORMS)}"
    if r < 0.93:
        return f"{rng.choice(ORG_PREFIX_OTHER)} «{other_script(last, random.Random(1))}»"
    return f"{last} & {v.person().last}"


def _street(v: Values, rng: random.Random) -> str:
    if rng.random() < 0.6:
        return v.address()[0]
    word = v.person().last
    return rng.choice(STREET_FORMS).format(n=rng.randint(1, 250), w=word)


def _name(v: Values, rng: random.Random, full: bool = False) -> str:
    p = v.person()
    name = p.name if full else v.name_form(p)
    return other_script(name, rng) if rng.random() < 0.15 and "," not in name and "." not in name else name


class Line:
    def __init__(self):
        self.text, self.ents = "", []

    def add(self, text: str, label: str | None = None) -> "Line":
        if label:
            self.ents.append((len(self.text), len(self.text) + len(text), label))
        self.text += text
        return self


def written_line(v: Values, rng: random.Random) -> tuple[str, list]:
    """One line of a work screen with zero to three entities."""
    L = Line()
    time_ = rng.choice(["10:42 AM", "9:05", "14:31", "yesterday", "Tue 10:30", "2 min ago", "Mar 14", "just now"])
    k = rng.randrange(34)
    if k == 0:
        L.add(_name(v, rng), "PERSON").add(f"  {time_}")
    elif k == 1:
        L.add(rng.choice(["From: ", "To: ", "Cc: ", "From ", "To "])).add(_name(v, rng, True), "PERSON")
        L.add(f" <{v.person().email}>" if rng.random() < 0.6 else "")
    elif k == 2:
        L.add(_name(v, rng, True), "PERSON").add(rng.choice([", ", " · ", " - "])).add(rng.choice(ROLES))
        if rng.random() < 0.5:
            L.add(", ").add(_org(v, rng), "ORG")
    elif k == 3:  # a CRM or contacts row
        L.add(_name(v, rng, True), "PERSON").add(" ").add(_org(v, rng), "ORG").add(f" {v.phone()}")
        if rng.random() < 0.4:
            L.add(" ").add(v.address()[1], "ADDRESS")
    elif k == 4:
        L.add(_org(v, rng), "ORG").add(rng.choice(["  Closed Won  ", "  Negotiation  ", "  Renewal  ", " "]))
        L.add(f"€{rng.randint(1, 900)},{rng.randint(100, 999)}" if rng.random() < 0.5 else rng.choice(D.DATES))
    elif k == 5:  # a commit log
        L.add(f"{''.join(rng.choices('0123456789abcdef', k=7))} {rng.choice(D.TOPICS)} (")
        L.add(_name(v, rng, True), "PERSON").add(")")
    elif k == 6:
        L.add("Author: ").add(_name(v, rng, True), "PERSON").add(f" <{v.person().email}>")
    elif k == 7:  # calendar
        L.add(f"{rng.randint(8, 17)}:{rng.choice(['00', '30'])} ").add(rng.choice(["Sync with ", "1:1 ", "Call with ",
                                                                                    "Lunch with ", "Interview: "]))
        L.add(_name(v, rng), "PERSON")
    elif k == 8:
        L.add(rng.choice(["Meeting with ", "Demo for ", "Kick-off: ", "QBR ", "Onsite at "])).add(_org(v, rng), "ORG")
    elif k == 9:
        L.add(rng.choice(["Assignee ", "Reporter ", "Owner ", "Reviewer ", "Account owner "])).add(_name(v, rng), "PERSON")
    elif k == 10:
        L.add(rng.choice(["Customer ", "Company ", "Vendor ", "Client: ", "Bill to: ", "Employer "])).add(_org(v, rng), "ORG")
    elif k == 11:
        L.add(_street(v, rng), "ADDRESS")
    elif k == 12:
        L.add(_street(v, rng), "ADDRESS").add(", ").add(v.address()[1], "ADDRESS")
    elif k == 13:
        L.add(rng.choice(["Ship to ", "Address: ", "Office: ", "Home address ", "Billing address "]))
        L.add(_street(v, rng), "ADDRESS")
    elif k == 14:
        L.add(rng.choice(["Hi ", "Hello ", "Thanks ", "Dear "])).add(v.person().first, "PERSON").add(rng.choice([",", "!", ""]))
    elif k == 15:
        L.add(v.address()[1], "ADDRESS") if rng.random() < 0.5 else L.add(rng.choice(["Best,", "Regards,", "Cheers,"]))
    elif k == 16:
        p = _name(v, rng)
        L.add(p, "PERSON").add(rng.choice([" joined the channel", " reacted with :+1:", " is typing...",
                                           " shared a file", " left a comment", " approved these changes"]))
    elif k == 17:
        L.add(rng.choice(["Invoice from ", "Quote for ", "Renewal for ", "Contract with ", "Order from "]))
        L.add(_org(v, rng), "ORG")
    elif k == 18:  # a table row with a name, role and mail
        L.add(_name(v, rng, True), "PERSON").add(f" {rng.choice(['Sponsor', 'Admin', 'Billing', 'Engineer'])} ")
        L.add(v.person().email)
    elif k == 19:
        L.add(_name(v, rng)[:40], "PERSON")
    elif k == 20:
        L.add(_org(v, rng), "ORG")
    elif k == 21:
        L.add(rng.choice(D.SENTENCES))
    elif k == 22:
        L.add(rng.choice(D.TOPICS))
    elif k == 23:
        L.add(rng.choice(CHROME))
        if rng.random() < 0.5:
            L.add(" " + rng.choice(CHROME))
    elif k == 24:
        L.add(rng.choice(D.VENDORS + D.PRODUCTS + D.BOTS))
        if rng.random() < 0.5:
            L.add(" " + rng.choice(D.DATES))
    elif k == 25:
        L.add(rng.choice(D.CODE + D.SHELL + D.SHELL_OUT))
    elif k == 26:
        L.add(f"Call ").add(_name(v, rng), "PERSON").add(f" back on {v.phone()}")
    elif k == 27:
        L.add(_name(v, rng, True), "PERSON").add(" (").add(_org(v, rng), "ORG").add(")")
    elif k == 28:
        L.add(rng.choice(["Signed in as ", "Shared by ", "Created by ", "Last edited by ", "Approved by "]))
        L.add(_name(v, rng), "PERSON").add(rng.choice(["", f" on {rng.choice(D.DATES)}"]))
    else:
        L.add(rng.choice(["Website login ", "Login for ", "Card ending 4242 ", "Note: "]))
        L.add(rng.choice(D.VENDORS))
    ents = _trim(L.text, L.ents)
    lead = len(L.text) - len(L.text.lstrip())
    return L.text.strip(), [(a - lead, b - lead, label) for a, b, label in ents]


def written_lines(rng: random.Random, source: Source, n: int):
    values = None
    for i in range(n):
        if i % 40 == 0:
            values = Values(source, rng.randrange(2**31))
        yield written_line(values, rng)


# ---------------------------------------------------------------- data and training

def training_data(n_screens: int, n_lines: int, seed: int = SEED) -> list[tuple[str, list]]:
    """The training lines (text, [(start, end, label)]), deterministic for a seed."""
    rng = random.Random(seed)
    source = TrainSource(LOCALES)
    for loc in LOCALES:
        faker_for(loc)
    data = list(template_lines(rng, source, n_screens)) + list(written_lines(rng, source, n_lines))
    rng.shuffle(data)
    return data


def build(data, epochs: int, seed: int = SEED):
    import warnings

    import spacy
    from spacy.training import Example, offsets_to_biluo_tags
    from spacy.util import fix_random_seed, minibatch

    warnings.filterwarnings("ignore", message=r"\[W030\]")  # a span off token edges is left out, as intended
    fix_random_seed(seed)
    nlp = spacy.blank("xx")
    nlp.add_pipe("ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
        "hidden_width": 64, "maxout_pieces": 2, "use_upper": True,
        "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": 96,
                    "depth": 4, "embed_size": 3000, "window_size": 1, "maxout_pieces": 3,
                    "subword_features": True}}})
    examples = []
    for text, ents in data:
        doc = nlp.make_doc(text)
        tags = offsets_to_biluo_tags(doc, ents)  # a span off token edges is '-': left out, not taught as O
        examples.append(Example.from_dict(doc, {"entities": tags}))
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict = {}
        t0 = time.time()
        for batch in minibatch(examples, size=64):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        print(f"epoch {epoch + 1}/{epochs}: loss {losses.get('ner', 0):.1f} ({time.time() - t0:.0f} s)", flush=True)
    return nlp


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--screens", type=int, default=300, help="tuning-template screens cut into lines")
    ap.add_argument("--lines", type=int, default=9000, help="lines written here")
    ap.add_argument("--epochs", type=int, default=6)
    args = ap.parse_args(argv)
    t0 = time.time()
    data = training_data(args.screens, args.lines)
    n_ents = sum(len(e) for _, e in data)
    print(f"{len(data)} lines, {n_ents} entities ({time.time() - t0:.0f} s)", flush=True)
    nlp = build(data, args.epochs)
    nlp.meta.update(name="screen_ner", version="1.0.0", description="PERSON, ORG, ADDRESS in OCR'd screen lines; "
                    "trained by scripts/train_ner.py", sources=[{"name": "generated screen text (Faker locales "
                                                                          + ", ".join(LOCALES) + ")"}])
    args.out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.out)
    (args.out / "common_words.txt").write_text("\n".join(common_words()) + "\n", encoding="utf-8")
    (args.out / "dictionary_words.txt").write_text("\n".join(dictionary_words()) + "\n", encoding="utf-8")
    (args.out / "training.json").write_text(json.dumps({"seed": SEED, "lines": len(data), "entities": n_ents,
                                                         "epochs": args.epochs, "locales": LOCALES}, indent=1) + "\n")
    print(f"written to {args.out} in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
