"""The project's own named-entity model on lines of screen text: people, organisations and street addresses that no
label, prefix or name list announces.

The model (models/ner, a spaCy pipeline of a few MB) is trained by scripts/train_ner.py on generated screen text and
shipped in the package: it is loaded from there once per process, never downloaded. `entity_hits` takes many lines
at once (one OCR'd screen) and returns character spans per line (patterns.Hit, detector `ner`); spans that are
chrome or public names (entities.NOT_NAMES, entities.PUBLIC_ORGS) or do not look like the category are dropped.
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path

from .entities import (AVATAR_MARKS, DATE, MONTHS, WHEN, NOT_NAMES, PUBLIC_ORGS, TIME, first_names, fold, label_kind,
                       last_names)
from .patterns import Hit

MODEL = Path(__file__).resolve().parent / "models" / "ner"
CATEGORIES = {"PERSON": "person", "ORG": "organisation", "ADDRESS": "address"}
CONFIDENCE = {"person": 0.6, "organisation": 0.6, "address": 0.6}

_lock = threading.Lock()
_nlp = None


def model():
    """The shipped spaCy pipeline, loaded once per process (thread-safe; screens are read on a thread pool)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import spacy

                _nlp = spacy.load(MODEL)
    return _nlp


@functools.lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Common English words (shipped beside the model, from Faker's en_US word list): a menu item, not a name."""
    return frozenset((MODEL / "common_words.txt").read_text(encoding="utf-8").split())


@functools.lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """English words as Tesseract's English dictionary writes them in lower case (shipped beside the model): a
    lone one on its line is a label or a menu item, not a name."""
    path = MODEL / "dictionary_words.txt"
    return frozenset(path.read_text(encoding="utf-8").split()) if path.exists() else frozenset()


def dictionary_word(word: str) -> bool:
    """The word (case, accents and edge punctuation aside) is in Tesseract's English dictionary."""
    return fold(word.strip(".,:;!?'’-")) in dictionary_words()



def common_word(word: str) -> bool:
    """A common English word or a screen's chrome word, not a name."""
    return _common(word)


def _common(word: str) -> bool:
    w = fold(word.strip(".,:;!?'’-"))
    words = common_words()
    return w in words or w in NOT_NAMES or w.rstrip("s") in words or w.removesuffix("es") in words or \
        w.removesuffix("ing") in words or w.removesuffix("ed") in words


# the word before a lone name that says it is one: "Hi Ilona", "call with Petri", "quote for Kovex"
CUES = frozenset("""hi hello hey dear thanks thank cheers regards ping cc with by from to for at and via of
invited asked told met called emailed employer customer client vendor company""".split())
LEGAL_FORMS = re.compile(r"^(?:AG|SE|AB|AS|BV|NV|KG|SA|SL|LLC|LLP|LP|PLC|GMBH|OY|UAB|SIA|OÜ|ApS|KK|SAS|SRL|SPA|"
                         r"INC|LTD|CO|ZRT|NYRT|KFT|OOO|ООО|АО|ЗАО|ПАО|ИП|ТОВ|ЕООД|АД|ПП|ΑΕ|ΙΚΕ|ΕΠΕ|ΟΕ)\.?$", re.I)


def _trimmed(value: str, start: int, trailing: bool = True) -> tuple[int, int] | None:
    """The entity without leading (and `trailing`) common words ("Mailing address Kovex" -> "Kovex"); a company's
    last word stays ("Kovex Group")."""
    words = list(re.finditer(r"\S+", value))
    while words and _common(words[0].group(0)):
        words.pop(0)
    while trailing and words and _common(words[-1].group(0)) and not LEGAL_FORMS.match(words[-1].group(0)):
        words.pop()
    if not words:
        return None
    return start + words[0].start(), start + words[-1].end()


# Cyrillic letters that look like Latin ones in a screen's fonts ("т" in italics or small sizes reads as "m")
_LATIN_LOOKS = str.maketrans("АВСЕНКМОРТХасеорхукШшьпитгІі", "ABCEHKMOPTXaceopxykWwbnumrIi")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
AMOUNT = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?\s?[kKmM€$£%](?![\w])")
# a menu item whose two words OCR read as one ("Allitems", "Myfiles", "Sharedwithme")
GLUED_CHROME = re.compile(r"^(?:all|my|new|add|view|show|open|recent|shared|saved|starred)(?:items?|files?|notes?|"
                          r"tasks?|pages?|docs?|apps?|chats?|messages?|settings|people|contacts?|teams?|projects?|"
                          r"channels?|logins?|cards?|folders?|drives?|vaults?|withme)$")


def _plausible(value: str, category: str, before: str = "", after: str = "") -> bool:
    """`before`/`after`: the line's text around the value. A lone word is a person or a company only after a
    word that says so ("with Petri", "Hi Ilona") or alone on its line and not a common word (a sidebar's name);
    "Deals", "Payroll portal" and "Staging DB" are chrome."""
    words = re.findall(r"[^\W\d_][\w'’.\-]*", value)
    if not words or len(value.strip()) < 3 or "+" in value:
        return False
    if re.match(r"[\w/\\@+]|\.\w", after) or re.search(r"[\w/\\@]$", before):
        return False  # part of a longer token: a path ("Lib/functools.py"), a key chord, a word cut by OCR
    folded = [fold(w.strip(".-'’")) for w in words]
    if fold(value.strip()) in PUBLIC_ORGS or all(w in PUBLIC_ORGS or w in NOT_NAMES for w in folded):
        return False
    if category != "address" and len(value.split()) == 1:
        prev = re.findall(r"[\w@']+", before.lower())
        cued = bool(prev) and (prev[-1] in CUES or before.rstrip().endswith((":", "@")))
        alone = not before.strip() and not after.strip()
        if _common(value) or not (cued or alone) or alone and not cued and dictionary_word(value):
            return False
    if re.search(r"\b(?:the|a|an|this|that|your|our|my|their|its)\s+$", before, re.I):
        return False  # "Open the Command Palette": a thing, not a person or a company
    if category == "organisation" and any(re.search(r"[a-z][A-Z]", w) for w in words):
        return False  # "GitLens", "PayPal": a product's camel case (in a name it is OCR misreading other letters)
    if category == "person" and GLUED_CHROME.match(fold(value.strip())):
        return False  # "Allitems": a menu's "All items" read as one word
    if category != "address" and _CYRILLIC.search(value) and \
            all(dictionary_word(w) or _common(w) or label_kind(w) is not None
                for w in (w.translate(_LATIN_LOOKS) for w in words)):
        return False  # "Сотрапу", "Ноте": the menu's "Company" and "Home" read in Cyrillic look-alikes
    if category == "person":
        # a name: capitalised words, no digits, no e-mail or path characters, no acronym
        # ... and no file name or host ("README.md": a dot inside a word before lower case; "J.R." is initials)
        return not re.search(r"[\d@/\\:=<>#$%{}\[\]|]|\w\.[a-z]", value) and all(w[:1].isupper() for w in words) and \
            not any(w in PUBLIC_ORGS for w in folded) and not any(len(w.strip(".")) >= 2 and w.isupper() for w in words)
    if category == "organisation":
        acronyms = [w for w in value.split() if 2 <= len(w) <= 4 and w.isupper() and w.isalpha()]
        if any(not LEGAL_FORMS.match(w) for w in acronyms) and not LEGAL_FORMS.match(value.split()[-1].replace(".", "")):
            return False  # "Staging DB", "Contacts CRM"
        return not re.search(r"[@/\\=<>{}\[\]|$]", value) and words[0][:1].isupper()
    # an address holds a house number and a word; two words that are both English words are a status line's
    # ("Running 9"), not a street
    if len(value.split()) <= 2 and all(dictionary_word(w) for w in words) or " " not in value.strip():
        return False  # one token is no street ("us-east-1": a cloud region)
    if AMOUNT.search(value):
        return False  # "100k Proposal": a deal's value and its stage, no house number
    return bool(re.search(r"\d", value)) and len(value) <= 80 and not re.search(r"[@/\\=<>{}\[\]|$]|\w\(", value)
    # "пр.11пзрасе(0, 1," is code ("np.linspace(0, 1,") read in Cyrillic: a call's parenthesis, no street


def entity_hits(texts: list[str]) -> list[list[Hit]]:
    """For each text, the model's entities as hits (same order as `texts`)."""
    out: list[list[Hit]] = []
    for doc in model().pipe(texts, batch_size=128):
        hits = []
        if label_kind(doc.text) is not None:
            out.append(hits)  # a field's label ("Username", "Owner"): layout.py reads its value
            continue
        for ent in doc.ents:
            category = CATEGORIES.get(ent.label_)
            span = (ent.start_char, ent.end_char) if category == "address" else \
                _trimmed(ent.text, ent.start_char, category == "person") if category else None
            if span and category == "person":
                span = _with_surname_before(doc.text, span)
            if span and _plausible(doc.text[span[0]:span[1]], category, doc.text[:span[0]], doc.text[span[1]:]):
                hits.append(Hit(*span, category, "ner", CONFIDENCE[category]))
        m = FIRST_AND_INITIAL.match(doc.text)
        if m and not hits and not dictionary_word(m.group(1)) and not _common(m.group(1)):
            hits.append(Hit(m.start(), m.end(), "person", "ner", CONFIDENCE["person"]))
        m = ORG_SIGNED.match(doc.text)
        if m and all(lone_name(w) and fold(w) not in first_names() or LEGAL_FORMS.match(w)
                     for w in re.split(r"[\s\-]+", m.group(1))):  # "Maria signed the NDA": a person
            hits = [h for h in hits if not (h.start < m.end(1) and m.start(1) < h.end)]
            hits.append(Hit(m.start(1), m.end(1), "organisation", "ner", CONFIDENCE["organisation"]))
        m = SURNAME_FIRST_LINE.match(doc.text)
        if m and not hits and lone_name(m.group(2)) and not _common(m.group(1)) and \
                fold(m.group(1)) not in PUBLIC_ORGS:
            hits.append(Hit(m.start(), m.end(), "person", "ner", CONFIDENCE["person"]))
        m = LISTED_PAIR.match(doc.text)
        if m and not hits and fold(m.group(1)) in first_names() and fold(m.group(2)) in last_names() and \
                fold(m.group(1)) not in PUBLIC_ORGS and fold(m.group(2)) not in PUBLIC_ORGS:
            hits.append(Hit(m.start(), m.end(), "person", "ner", CONFIDENCE["person"]))
        for m in PARTNERS_FIRM.finditer(doc.text):
            if all(lone_name(n) for n in m.groups()):
                hits = [h for h in hits if not (h.start < m.end() and m.start() < h.end)]
                hits.append(Hit(m.start(), m.end(), "organisation", "ner", CONFIDENCE["organisation"]))
        for m in HYPHEN_PAIR.finditer(doc.text):
            if all(lone_name(n) for n in m.groups()) and not any(h.start < m.end() and m.start() < h.end for h in hits):
                first = fold(m.group(1))
                category = "person" if first in first_names() and first not in last_names() else "organisation"
                hits.append(Hit(m.start(), m.end(), category, "ner", CONFIDENCE[category]))
        verbs = list(NAME_AFTER_VERB.finditer(doc.text))
        for m in [*verbs, GREETED.match(doc.text), AUTHOR_WHEN.match(doc.text), *PERSON_AFTER_CUE.finditer(doc.text)]:
            # a capitalised word a verb addresses mid-sentence is a name though an English word ("copy Ari.")
            if m and all(lone_name(w) or m in verbs and not _common(w) for w in m.group(1).replace(",", " ").split()):
                hits = [h for h in hits if not (h.start < m.end(1) and m.start(1) < h.end)]  # the whole name
                hits.append(Hit(m.start(1), m.end(1), "person", "ner", CONFIDENCE["person"]))
        out.append(hits)
    return out


# a first name and an initial alone on their line, as a mail list or a sidebar shows a person ("Codrina A.";
# OCR reads an S there as "$")
FIRST_AND_INITIAL = re.compile(r"^\s*['‘`]?([A-ZÀ-Þ\u0391-\u03a9\u0386-\u038f\u0400-\u042f][a-zß-ÿ\u0100-\u017f\u03ac-\u03ce"
                               r"\u0430-\u045f]{2,})\s+(?:[A-Z$\u0391-\u03a9\u0400-\u042f]\.(?=\s|$)|[a-z]\.(?=\s*$))")
# a lone first name the sentence says is someone: "Call Jasminka back on ...", "ask Roko about the quote"
NAME_AFTER_VERB = re.compile(r"(?i:\b(?:call|ask|ping|tell|remind|thank|email|message|text|copy|cc)\s+)"
                             r"([A-ZÀ-Þ][a-zß-ÿ\u0100-\u017f]{2,}(?:,\s+[A-ZÀ-Þ][a-zß-ÿ\u0100-\u017f]{2,})?)(?=\s+(?i:back|about|to|for|if|when|on|at|before|after|"
                             r"tomorrow|today)\b|\s*[,.!?]|\s*$)")
# one capitalised word, in Latin, Greek or Cyrillic letters: a name when no English or chrome word
LONE_WORD = (r"[A-ZÀ-Þ\u0391-\u03a9\u0386-\u038f\u0400-\u042f][a-zß-ÿ\u0100-\u017f\u03ac-\u03ce\u0430-\u045f'’]{2,}")
# a customer that signed, opening its line: "Голик-Абрамчук signed, thanks @octaviane!", "Dušek signed"
ORG_SIGNED = re.compile(rf"^\s*({LONE_WORD}(?:[ \-]{LONE_WORD}){{0,2}}(?: [A-Za-z.]{{2,8}})?)\s+signed\b")
# a person a work item names: "Onboarding Zora Šunjić", "1:1 with Ilmari Vaskelainen"
PERSON_AFTER_CUE = re.compile(rf"(?i:\b(?:onboarding|offboarding|welcome|1:1 with|one-on-one with|lunch with|"
                              rf"call with|meeting with|interview with)\s+)({LONE_WORD}(?:\s+{LONE_WORD}){{0,2}})"
                              rf"(?![\w@.\-]|\.\w)")
# a line that is only a surname, a comma and a first name no dictionary holds: a reviewer or a sender in a list
# ("Gronskis, Vakris", "Major, Erzsébet")
SURNAME_FIRST_LINE = re.compile(rf"^\s*({LONE_WORD}),\s+({LONE_WORD})\s*$")
# a line that is only a listed first name and a listed surname, both also words ("Jordan Brown" in a mail list)
LISTED_PAIR = re.compile(r"^\s*([A-Z][a-z]{2,})\s+([A-Z][a-z]{2,})\s*$")
# three partners named as a firm names them, in any script, none an English word: "Stankevičius, Pocius and
# Ambrasas", "Козак, Карпенко and Деркач" (not "Read, Write and Execute")
PARTNERS_FIRM = re.compile(rf"(?<![\w@#/.\-])({LONE_WORD}), ({LONE_WORD}),? (?:and|&|und|y|et|и|і|και) ({LONE_WORD})"
                           rf"(?![\w\-@]|\.\w)")
# two capitalised words joined by a hyphen, in any script, neither an English word: a firm named for two partners
# or a double surname ("Gronskis-Gailius", "Γιατράκου-Κομκούδης"), sensitive either way (not "Wi-Fi", "Sign-In")
HYPHEN_PAIR = re.compile(rf"(?<![\w@#/.\-])({LONE_WORD})-({LONE_WORD})(?![\w\-@]|\.\w)")
# a lone name greeted ("Hi Roko,") or a comment's author alone with its time or date ("Josefiina 2025-06-12"), after
# its avatar read as initials or marks ("E Ζήνων Κουτσουλής yesterday")
GREETED = re.compile(rf"^\s*(?i:hi|hello|hey|dear|thanks|thank you)[ ,]+({LONE_WORD})(?=\s*[,!.:]?\s*$)")
AUTHOR_WHEN = re.compile(rf"^\s*(?:[A-Z\u0391-\u03a9\u0410-\u042f]{{1,3}}[)\]|.]?\s+|[^\w\s]{{1,4}}\s+|{AVATAR_MARKS}\s+)?"
                         rf"({LONE_WORD}(?:\s+{LONE_WORD})??)\s+(?:(?i:{TIME})|{WHEN})\s*$")


def lone_name(word: str) -> bool:
    """One capitalised word that is no English word, no chrome word and no public product or bot: a name where
    the line says it is one."""
    return re.fullmatch(LONE_WORD, word) is not None and not dictionary_word(word) and not _common(word) and \
        fold(word) not in PUBLIC_ORGS  # a bot posting ("Dependabot", "Jenkins")


# "Ihalainen, Tuomas" with only the first name found: the surname and its comma before it belong to the name
SURNAME_COMMA = re.compile(r"(?:^|(?<=\s))([A-ZÀ-Þ][a-zß-ÿ\u0100-\u017f'’\-]+),\s*$")


def _with_surname_before(text: str, span: tuple[int, int]) -> tuple[int, int]:
    m = SURNAME_COMMA.search(text[:span[0]])
    if m and " " not in text[span[0]:span[1]].strip() and not _common(m.group(1)):
        return m.start(1), span[1]
    return span


def without_overlap(extra: list[Hit], hits: list[Hit]) -> list[Hit]:
    """The `extra` hits that overlap none of `hits` (the model never widens a value another detector found)."""
    return [e for e in extra if not any(e.start < h.end and h.start < e.end for h in hits)]
