"""Detectors for what has no fixed pattern, on one string (a line of OCR text, a title, typed text, a marker):
people, organisations, handles, channels, repositories, private URLs, account ids, dates of birth, addresses.

Each looks for evidence around the value, not the value alone: a label before it ("From:", "Assignee",
"Customer:", "DOB"), a prefix ("@", "#"), a code host or a token in a URL, a legal-form suffix ("GmbH"), a first
name from the shipped name lists followed by a surname. Vendor chrome and public names ("Slack", "GitHub",
"#general", "ISO-8601", a home page) are left alone. Returns character spans (patterns.Hit); never logs a value.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from .patterns import CUT_REST, Hit

DATA = Path(__file__).resolve().parent / "data"

# a capitalised name word: letters (any script's upper case), inner apostrophes and hyphens ("O'Neil", "Jean-Luc")
CAP = r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-žA-ZÀ-ÖØ-Þ'’\-]*[a-zß-öø-ÿā-ž]"
PARTICLE = r"(?:van|von|der|den|de|da|del|della|di|du|la|le|dos|das|bin|al|ter|ten|zu|y)"
NAME = rf"{CAP}(?:\.)?(?:\s+(?:{PARTICLE}\s+){{0,2}}(?:{CAP}|[A-Z]\.)){{0,3}}"
INITIAL_NAME = rf"[A-Z]\.\s*{CAP}"


@functools.lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    return frozenset((DATA / "first_names.txt").read_text(encoding="utf-8").split())


@functools.lru_cache(maxsize=1)
def last_names() -> frozenset[str]:
    return frozenset((DATA / "last_names.txt").read_text(encoding="utf-8").split())


def fold(word: str) -> str:
    """Lower case with accents removed: how the name lists are keyed."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()


# Words that start with a capital on screens but are not names (UI chrome, months, days, common words that are
# also first names or surnames in the lists).
NOT_NAMES = frozenset("""
a an the and or of for in on at to by with from new open save edit view file files help home settings search
inbox sent drafts archive spam trash reply forward send delete cancel close ok yes no next back done share
today yesterday tomorrow mon tue wed thu fri sat sun channels apps
monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
my del server key field fields personal details profile overview mr mrs ms dr prof sir team all everyone channel here hello hi hey thanks thank regards cheers dear best
project projects customer customers account accounts invoice invoices order orders ticket tickets issue issues
pull request requests merge branch branches commit commits code review reviews reviewer reviewers assignee
status priority labels label milestone due date name names email phone address city state country zip
description summary details notes note comment comments message messages chat call meeting calendar event
will mark grace page chase bill max rose june april art hope faith sky lane hunter mason taylor jordan morgan
bay bell brown black white green gray grey king young long short little small big major minor rich price
cook baker miller smith hill wood stone street avenue road lane drive court park north south east west
explorer theme active inactive archived pending draft enabled disabled online offline away busy
general random support sales marketing engineering finance legal design product platform security data
public private internal external admin user users guest member members owner owners group groups
apple google microsoft amazon slack github gitlab zoom teams outlook gmail chrome firefox safari edge
linux windows mac macos ubuntu android ios python java rust go node docker kubernetes
onboarding offboarding renewal quote contract proposal deal welcome intro introduction handover
chromium brave opera vivaldi browser window tab tabs
sponsor billing engineer manager director developer designer analyst consultant intern stakeholder approver
recruiter contractor freelancer remote hybrid onsite
unassigned unknown automation triage backlog me nobody someone tbd n/a more directory
filter filters export import sort columns refresh download upload print
""".split())

# Common words that are also common surnames ("Hayley Smith", "Brown, Randy"): a name after a listed first name or
# before a comma and one, never alone
WORD_SURNAMES = frozenset("""
brown black white green gray grey king young long little rich price cook baker miller smith hill wood stone
north south west bell hunter mason taylor jordan morgan may rose rust page field fields lane park short small chase
hope grace branch best
""".split())

# Vendors and public products shown as chrome or in ordinary text: never an organisation finding.
PUBLIC_ORGS = frozenset(fold(w) for w in """
google microsoft apple amazon aws slack github gitlab bitbucket atlassian jira confluence notion figma zoom
salesforce oracle ibm intel nvidia meta facebook twitter linkedin mozilla firefox openai anthropic stripe paypal
dropbox adobe cisco dell hp samsung sony netflix spotify uber airbnb shopify twilio cloudflare heroku vercel
docker kubernetes python linux debian ubuntu red hat redhat canonical jetbrains visual studio code
jenkins dependabot renovate sentry pagerduty datadog circleci bot
okta onelogin auth0 workday bamboohr zendesk hubspot intercom asana trello miro lastpass bitwarden 1password
keepass coca-cola mercedes-benz rolls-royce hewlett-packard
""".split())  # bots and the apps that post are no one (LABELLING: GitHub, Dependabot, Jenkins)

ORG_SUFFIX = (r"Inc\.?|Incorporated|LLC|L\.L\.C\.|Ltd\.?|Limited|GmbH|gGmbH|AG|SE|S\.A\.|SA|S\.L\.|S\.p\.A\.|SpA|"
              r"S\.A\.S\.|S\.r\.l\.|SRL|GbR|KGaA|e\.K\.|S\.Coop\.?|S\.C\.P\.?|S\.A\.T\.?|S\.L\.N\.E\.?|S\.Com\.?|S\.L\.L\.?|"
              r"S\.A\.U\.?|S\.C\.|C\.B\.|B\.V\.|BV|N\.V\.|NV|Pty\.?(?:\s+Ltd\.?)?|PLC|plc|Corp\.?|Corporation|Co\.|LLP|LP|"
              r"KG|OHG|Oy|ry|r\.y\.|AB|ASA|A/S|ApS|KK|S\.?A\.?R\.?L\.?|SAS|Sp\.\s*z\s*o\.o\.|S\.R\.L\.|"
              r"[s5$]\.[rгΓ]\.[oо0ο]\.|a\.s\.|"  # s.r.o. as OCR reads it at times: "5.Γ.ο.", "$.r.o."
              r"[d49]\.[o0]\.[o0]\.|Kft\.|Zrt\.|Nyrt\.|UAB|SIA|OÜ|A\.E\.|SNC|SCS|SCA|Oyj|ТОВ|ЕООД|"
              # Greek forms, as OCR reads them in Greek, Latin or Cyrillic capitals: Α.Ε., Α.Β.Ε.Ε., Ε.Π.Ε., Ι.Κ.Ε.
              r"[ΑAА]\.[ΒBВ]\.[ΕEЕ]\.(?:[ΕEЕ]\.?)?|[ΑAА]\.[ΕEЕ]\.?|[ΕEЕ]\.[ΠП]\.[ΕEЕ]\.?|[ΙI]\.[ΚKК]\.[ΕEЕ]\.?|ΙΚΕ|"
              r"[ΟOО]\.[ΕEЕ]\.|"
              r"Holdings?|Group|Partners|Associates|Consulting|Labs|(?:&|and)\s+Sons|& Co\.?")
# "Group", "Labs"... are company names only after a name: not after a common word ("Working Group", "User Labs")
GENERIC_SUFFIX = re.compile(r"(?i)(?:Holdings?|Group|Partners|Associates|Consulting|Labs)$")
GENERIC_HEADS = frozenset("""working user users research study support interest focus design data security product
platform engineering advisory reading discussion test beta early open community core steering review
""".split())
# a capital letter in any of the screens' alphabets: Latin with its accents, Greek, Cyrillic
ANY_CAPITAL = r"[A-ZÀ-ÖØ-Þ\u0100-\u017f\u0386-\u03ab\u0400-\u042f]"
# a word of a company's name: capitalised in any of those alphabets ("Škugor", "Καρακυρίου-Αμπατζιάνης")
# the small words inside a company's name ("Industrias del Norte", "Banco de la Plata", "Smith & Sons")
ORG_JOINERS = ("&", "of", "and", "und", "et", "y", "de", "del", "la", "los", "las", "von", "van", "der", "di", "da",
               "du", "des", "le")
ORG_WORD = rf"(?:{ANY_CAPITAL}[\w&'’.\-]*|{'|'.join(ORG_JOINERS)})"
ORGANISATION = re.compile(rf"\b({ORG_WORD}(?:[ \t]+{ORG_WORD}){{0,4}}),?[ \t]+(?:{ORG_SUFFIX})(?![\w])")

# a customer named by the deal it is in: "Renewal for Senko", "quote for Budai Holding", "contract with Kovex"
# (in any alphabet, and after a Russian legal form OCR read as digits: "Quote for 000 Holding", "Renewal for Группа PTK")
DEAL_WORD = rf"(?:{CAP}|{ANY_CAPITAL}[^\W\d_]*[a-zß-ÿ\u0100-\u017f\u03ac-\u03ce\u0430-\u045f][^\W\d_]*)"
ORG_AFTER_DEAL = re.compile(rf"(?i:\b(?:renewal|quote|invoice|contract|proposal|deal|order|purchase order|sow|msa|"
                            rf"nda|pricing|offer|tender|rfp|po)\s+(?:for|with|from))\s+"
                            rf"((?:(?:ООО|OOO|000|АО|ПАО|НПО)\s+)?{DEAL_WORD}(?:(?:,?\s+(?:&|and|und|et|y)\s+|,\s+|\s+)(?:{DEAL_WORD}|[A-Z\u0410-\u042f]{{2,5}}\b)){{0,3}})"
                            rf"(?![\w@.\-]|\.\w)")
# a firm named for its partners: "Harris, Miller and Adams", "Brooks-Baker" (most of its words listed surnames)
SURNAME_FIRM = re.compile(rf"(?<![\w@#/.\-])(?:{CAP}, {CAP},? (?:and|&|und|y|et) {CAP}|[A-Z][a-z]{{2,}}-[A-Z][a-z]{{2,}})"
                          rf"(?![\w\-@.]|\.\w)")
# "Reyes and Sons"
SONS_FIRM = re.compile(rf"(?<![\w@#/.\-]){CAP} (?:and|&) (?:Sons|Son|Daughters|Brothers|Partners)\b")
# a label naming what the value after it is: "From:", "Assignee", "Customer:", "DOB"
PERSON_LABEL = (r"from|to|cc|bcc|sender|recipient|recipients|assignee|assignees|assigned to|reviewer|reviewers|"
                r"reviewed by|requested by|approved by|created by|opened by|closed by|merged by|reported by|author|"
                r"authors|owner|reporter|contact|contact person|name|full name|manager|approver|attendees?|"
                r"organi[sz]er|host|participants?|signed-off-by|co-authored-by|lead|on behalf of|employee|"
                r"patient|candidate|applicant|account holder|cardholder|beneficiary|driver|member|"
                # who a record belongs to or who looks after it: "Account owner", "Deal owner", "Account manager"
                r"(?:account|deal|record|case|ticket|task|project|opportunity|lead|contact|customer|client|"
                r"relationship|sales|item|document|file)\s+(?:owner|manager|rep|representative|lead|contact)")
GREETING = r"dear|hi|hello|hey|thanks|thank you|regards|cheers|best|sincerely|ping|cc'?ing"
# who a greeting may address that is no one's name
GROUP_WORDS = frozenset("""all team everyone everybody folks guys there both again friends colleagues
sir madam you y'all people crew gang""".split())
ORG_LABEL = (r"customer|client|company|organi[sz]ation|org|vendor|supplier|employer|partner|account|tenant|"
             r"workspace|agency|firm|bill to|billed to|sold to|ship to|insurer|carrier|contractor|subsidiary")
PERSON_AFTER_LABEL = re.compile(rf"(?i:\b(?:{PERSON_LABEL})\b)\s*:\s*((?:{NAME})(?:\s*,\s*{CAP})?)")
BY_VERBS = (r"created|updated|edited|opened|closed|merged|reported|assigned|approved|reviewed|written|posted|"
            r"shared|sent|requested|signed|submitted|authored|modified|uploaded|invited|added|owned|managed|led")
PERSON_AFTER_BY = re.compile(rf"(?i:\b(?:{BY_VERBS})\s+by)\s+((?:{NAME}))")
PERSON_AFTER_GREETING = re.compile(rf"(?i:^\s*(?:{GREETING}))[ ,]+({NAME})(?=\s*[,!.:]|\s*$)")
ORG_AFTER_LABEL = re.compile(rf"(?i:\b(?:{ORG_LABEL})\b)\s*(?:name\s*)?:\s*({ORG_WORD}(?:[ \t]+{ORG_WORD}){{0,4}})")
NAME_RUN = re.compile(rf"(?<![\w@#/.])({NAME})")
LAST_FIRST = re.compile(rf"(?<![\w@#/.])({CAP}),\s+({CAP})(?:\s+[A-Z]\.)?(?![\w])")
DISPLAY_NAME = re.compile(rf"(?<![\w@#/.])({NAME})\s*<[^<>@\s]+@")


def _is_name_word(word: str) -> bool:
    return fold(word.rstrip(".")) not in NOT_NAMES or re.fullmatch(r"[A-Z]\.", word) is not None  # "Gytis A."


def _lexicon_person(words: list[str]) -> bool:
    """A first name from the lists followed by a surname-looking word (in the lists, or not a common word)."""
    if len(words) < 2:
        return False
    first, rest = fold(words[0]), [fold(w.rstrip(".")) for w in words[1:]]
    last = rest[-1]
    if first in NOT_NAMES and first in first_names() and len(words) == 2 and last in last_names() and \
            last not in NOT_NAMES and last not in first_names():
        return True  # "Mark Stevens": a first name that is also a word, before a surname that is only a surname
    if first not in first_names() or first in NOT_NAMES:
        return False
    if last in WORD_SURNAMES and len(words) == 2 and words[-1][:1].isupper():
        return True
    if last in NOT_NAMES or len(last) < 2:
        return False
    return last in last_names() or last in first_names() or len(words) >= 3 or not last.isascii() or \
        bool(re.search(r"[’'\-]", words[-1]))


def _word_surname_after_first(words: list[re.Match]) -> bool:
    """The run ends in a common-word surname right after a listed first name ("Hayley Smith")."""
    if len(words) < 2 or fold(words[-1].group(0).rstrip(".")) not in WORD_SURNAMES:
        return False
    first = fold(words[-2].group(0))
    return first in first_names() and first not in NOT_NAMES


def _word_first_name_before_surname(words: list[re.Match]) -> bool:
    """The run starts with a first name that is also a word, then a surname that is only a surname ("Mark
    Stevens"; not "Mark Stone", nor "Mark as read")."""
    if len(words) < 2:
        return False
    first, last = fold(words[0].group(0)), fold(words[1].group(0).rstrip(".,"))
    return first in first_names() and last in last_names() and last not in NOT_NAMES and last not in first_names()


def trim_name(span: tuple[int, int], text: str) -> tuple[int, int] | None:
    """Drop leading/trailing chrome words from a name run ("Reply Maria Cruz" -> "Maria Cruz")."""
    start, end = span
    words = list(re.finditer(r"\S+", text[start:end]))
    while words and not _is_name_word(words[0].group(0)) and not _word_first_name_before_surname(words):
        words.pop(0)
    while words and not _is_name_word(words[-1].group(0)) and not _word_surname_after_first(words):
        words.pop()
    if not words:
        return None
    return start + words[0].start(), start + words[-1].end()


def people(text: str) -> list[Hit]:
    """Names after a label or greeting, display names before an address, 'Last, First', and First Last runs
    whose first word is a known first name."""
    hits = []
    for rx, conf, detector in ((PERSON_AFTER_LABEL, 0.85, "person-label"), (DISPLAY_NAME, 0.85, "person-display"),
                               (PERSON_AFTER_BY, 0.75, "person-by"),
                               (PERSON_AFTER_GREETING, 0.7, "person-greeting")):
        for m in rx.finditer(text):
            span = trim_name(m.span(1), text)
            if span and _plausible_name(text[span[0]:span[1]], single_ok=detector != "person-display"):
                hits.append(Hit(*span, "person", detector, conf))
            elif detector == "person-greeting" and fold(m.group(1)) in first_names() and \
                    fold(m.group(1)) not in GROUP_WORDS:
                hits.append(Hit(*m.span(1), "person", detector, conf))  # "Hi Mark,": greeted, a name though a word
    for m in LAST_FIRST.finditer(text):
        last, first = fold(m.group(1)), fold(m.group(2))
        listed_surname = last in last_names() and last not in NOT_NAMES and last not in first_names()
        # "Süßebier, Mark": a first name that is also a word, after a surname with letters no English word has
        foreign_surname = not m.group(1).isascii() and last not in NOT_NAMES
        if first in first_names() and (first not in NOT_NAMES or listed_surname or foreign_surname) and \
                (last in WORD_SURNAMES or last not in NOT_NAMES):
            hits.append(Hit(m.start(), m.end(), "person", "person-lastfirst", 0.75))
    for m in NAME_RUN.finditer(text):
        span = trim_name(m.span(1), text)
        if span is None:
            continue
        for part in _name_parts_of_run(text, *span):
            words = [w.group(0) for w in part]
            # a run may hold chrome and a name ("Maria Cruz Open"): try each start word
            for i in range(len(words) - 1):
                if _lexicon_person(words[i:]):
                    hits.append(Hit(part[i].start(), part[-1].end(), "person", "person-names", 0.7))
                    break
    return hits


def _name_parts_of_run(text: str, start: int, end: int) -> list[list[re.Match]]:
    """A run of capitalised words cut where no name goes on: at a chrome word inside it that is neither a surname
    nor a first name ("Lucy Griffiths Admin ...", not "Hayley Smith") and before a word that starts an e-mail
    address ("... Igriffiths@byrne.io")."""
    parts: list[list[re.Match]] = [[]]
    for w in re.finditer(r"\S+", text[:end]):
        if w.start() < start:
            continue
        word = fold(w.group(0).rstrip("."))
        chrome = not _is_name_word(w.group(0)) and word not in WORD_SURNAMES and word not in first_names()
        if chrome or text[w.end():w.end() + 1] == "@":
            parts.append([])
        else:
            parts[-1].append(w)
    return [p for p in parts if p]


def _plausible_name(value: str, single_ok: bool) -> bool:
    words = value.replace(",", " ").split()
    if not words or any(fold(w.rstrip(".")) in NOT_NAMES for w in words):
        return False
    if fold(value) in PUBLIC_ORGS or any(fold(w) in PUBLIC_ORGS for w in words):
        return False
    return len(words) >= 2 or (single_ok and len(words[0]) >= 3 and fold(words[0]) in first_names())


# a Russian or Ukrainian company: its legal form before the name in guillemets (ООО «...»), also as OCR reads the
# Cyrillic letters with Latin look-alikes (OOO, OAO, 3AO)
QUOTED_ORG = re.compile(r"(?<!\w)(?:ООО|ОАО|ЗАО|ПАО|АО|НПО|ТОВ|ПрАТ|OOO|OAO|3AO|ZAO|PAO|AO|HПO|HMO|TOB)\s*«[^«»]{2,60}»?")


def organisations(text: str) -> list[Hit]:
    hits = [Hit(m.start(), m.end(), "organisation", "org-quoted", 0.75) for m in QUOTED_ORG.finditer(text)]
    for m in ORGANISATION.finditer(text):
        words = [w for w in m.group(1).split() if w not in ORG_JOINERS]
        # "Re Acme GmbH": the name is the tail; a surname that is also a word is a name ("Wood Inc", "Stone and Sons")
        while words and fold(words[0]) in NOT_NAMES and (len(words) > 1 or fold(words[0]) not in WORD_SURNAMES):
            words.pop(0)
        if not words or all(fold(w.strip(".,")) in PUBLIC_ORGS for w in words):
            continue
        head = fold(words[-1])
        if GENERIC_SUFFIX.search(m.group(0)) and (head in GENERIC_HEADS or head in NOT_NAMES and head not in WORD_SURNAMES):
            continue
        start = text.index(words[0], m.start())
        hits.append(Hit(start, m.end(), "organisation", "org-suffix", 0.8))
    for m in ORG_AFTER_DEAL.finditer(text):
        words = m.group(1).split()
        if fold(words[0]) not in NOT_NAMES and not all(fold(w) in PUBLIC_ORGS for w in words):
            hits.append(Hit(m.start(1), m.end(1), "organisation", "org-deal", 0.65))
    for m in SURNAME_FIRM.finditer(text):
        names = [fold(n) for n in re.split(r",\s*|\s+(?:and|&|und|y|et)\s+|-", m.group(0))]
        if sum(n in last_names() for n in names) >= 2 and not any(n in first_names() and n not in last_names()
                                                                   for n in names) \
                and not ("-" in m.group(0) and names[0] in first_names() and
                         (names[0] not in last_names() or names[1] in first_names())):  # "Jean-Luc" is a first name
            hits.append(Hit(m.start(), m.end(), "organisation", "org-surnames", 0.7))
    hits += [Hit(m.start(), m.end(), "organisation", "org-surnames", 0.7) for m in SONS_FIRM.finditer(text)
             if fold(m.group(0).split()[0]) not in NOT_NAMES]
    for m in ORG_AFTER_LABEL.finditer(text):
        value = m.group(1).strip()
        words = value.split()
        if not words or fold(words[0]) in NOT_NAMES or all(fold(w) in PUBLIC_ORGS for w in words):
            continue
        if re.search(r"\d", value) and len(words) == 1:
            continue  # "Account: 4417..." is an id, not a name
        hits.append(Hit(m.start(1), m.start(1) + len(value), "organisation", "org-label", 0.75))
    return hits


SPLIT_EMAIL_DOMAIN = re.compile(r"(?i)^[\w\-]+(?:\.[\w\-]+)*\.(?:com|org|net|io|co|dev|app|ai|edu|gov|me|uk|de|fr|es|"
                                r"it|nl|info|biz|us|ca|au|ch|se|no|pl|eu)$")
HANDLE = re.compile(r"(?<![\w@.+\-/])@([A-Za-z0-9_][A-Za-z0-9_.\-]{1,38}[A-Za-z0-9_])(?![\w@(/]|\.\w)")
NOT_HANDLES = frozenset("""here channel everyone all team property staticmethod classmethod dataclass override
param return returns throws deprecated author version since see link todo media import tailwind apply types
app router pytest fixture functools cache lru_cache abstractmethod test before after component input output
""".split())


# (OCR may read an l in the user as "L" and a space into the host: "emoLnar@ws -12:~/pricing-core$")
PROMPT_USER = re.compile(r"(?<![\w.@])([a-z_][a-z0-9_.\-]{0,31}[A-Z]?[a-z0-9_.\-]{0,31})@[A-Za-z0-9][\w\-]*"
                         r"(?=:|\s*[~$#\]]|\s*$|\s-\w+:)")
# Generic and service accounts name no one (LABELLING: `dev@build-01`, `runner`): not a person's user name.
NOT_PROMPT_USERS = frozenset("""root admin user ubuntu debian pi git www-data postgres nobody ec2-user dev runner ci
build builder deploy jenkins gitlab-runner vagrant docker centos fedora alpine node app service""".split())


PROMPT_USER_SPLIT = re.compile(r"^\s*([a-z]{1,8} [A-Z][a-z0-9_.\-]{1,31})@[A-Za-z0-9][\w\-]*(?=:)")  # "yve Lichko@mbp:~$"
SSH_USER = re.compile(r"\bssh\s+(?:-\S+\s+(?:\d+\s+)?)*([a-z_][a-z0-9_.\-]{1,31})@[\w.\-]+")


def generic_prompt_user(user: str) -> bool:
    """A generic or service account, also with its first letter lost (OCR drops a letter at a window's edge:
    "ev@build-01" is "dev@build-01")."""
    return user in NOT_PROMPT_USERS or any(len(g) >= 3 and g[1:] == user for g in NOT_PROMPT_USERS)


def handles(text: str) -> list[Hit]:
    out = []
    for m in PROMPT_USER.finditer(text):  # a shell prompt "user@host:~$": the user is the person
        if not generic_prompt_user(m.group(1)):
            out.append(Hit(m.start(1), m.end(1), "handle", "prompt-user", 0.7))
    m = PROMPT_USER_SPLIT.match(text)  # the prompt's user cut in two by OCR, its second part capitalised
    if m and not any(h.start < m.end(1) and m.start(1) < h.end for h in out):
        out.append(Hit(m.start(1), m.end(1), "handle", "prompt-user", 0.65))
    for m in SSH_USER.finditer(text):  # "ssh maria.cruz@10.0.4.12": the user logs in as themself
        if not generic_prompt_user(m.group(1)):
            out.append(Hit(m.start(1), m.end(1), "handle", "ssh-user", 0.7))
    for m in HANDLE.finditer(text):
        name = m.group(1)
        if name.lower() in NOT_HANDLES or name.isdigit() or re.fullmatch(r"\d[\d.]*", name) or \
                SPLIT_EMAIL_DOMAIN.match(name):
            continue  # "@example.org" is an e-mail's domain that OCR split off
        out.append(Hit(m.start(), m.end(), "handle", "handle-prefix", 0.85))
    return out


CHANNEL = re.compile(r"(?<![\w&#/=:])#([a-z0-9][a-z0-9_\-.]{1,79})(?![\w])")
PUBLIC_CHANNELS = frozenset("""general random announcements announce help helpdesk help-desk service-desk
servicedesk it-support ask-it support it-help off-topic
offtopic social watercooler introductions intros news dev devs engineering design marketing sales ops oncall
incidents alerts releases deploys builds ci questions feedback kudos thanks lunch events team all-hands til
include define pragma ifdef ifndef endif undef region endregion if else elif error warning import
""".split())


OCR_DIGITS = str.maketrans("lioOsS", "110055")


def channels(text: str) -> list[Hit]:
    out = []
    for m in CHANNEL.finditer(text):
        name = m.group(1).rstrip(".")
        hexish = name.translate(OCR_DIGITS)  # OCR reads a colour's 1 as l, its 0 as o
        if not re.search(r"[a-z]", name) or re.fullmatch(r"[0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8}", hexish):
            continue  # an issue number or a colour
        if name in PUBLIC_CHANNELS or re.sub(r"[-_.]", "", name) in PUBLIC_CHANNELS:
            continue  # "#help-desk" is "#helpdesk"
        out.append(Hit(m.start(), m.start() + 1 + len(name), "channel", "channel-prefix", 0.8))
    return out


CODE_HOSTS = r"github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|sr\.ht|dev\.azure\.com|gitea\.\w+|git\.[\w.\-]+"
SEG = r"[A-Za-z0-9][\w.\-]*"
REPO_URL = re.compile(rf"(?:https?://|ssh://(?:git@)?)?(?:www\.)?(?:{CODE_HOSTS})[/:]({SEG})/({SEG}?)(?:\.git)?"
                      rf"(?=[/\s#?),;:\"'”’>\]]|$)")
GIT_REMOTE = re.compile(rf"\bgit@[\w.\-]+:({SEG})/({SEG})(?:\.git)?\b")
OWNER_REPO = re.compile(r"(?<![\w/.:@\-])([A-Za-z0-9][\w\-]{0,38})/([A-Za-z0-9][\w.\-]{1,99})(?![\w/])")
# a repository's name as repositories are named: kebab- or snake-case ("billing-service", "sync_tools")
KEBAB_NAME = r"[a-z][a-z0-9]*(?:[\-_][a-z0-9]+)+"
CODE_HOST_WORDS = re.compile(r"(?i)\b(github|gitlab|bitbucket|gitea|codeberg|pull requests?|merge requests?|"
                             r"repositor(?:y|ies)|forks?|stars?|watch|clone|commits?|branches|issues|code review|"
                             r"PR|MR|remote|origin|upstream|git)\b")
NOT_REPO_PARTS = frozenset("""and or input output read write yes no true false on off client server km h tcp ip
i o a b n s us eu en de fr usr bin etc var tmp home opt src lib dev docs test tests app api v1 v2 v3 main master
""".split())
PUBLIC_OWNERS = frozenset("""python pypa numpy pandas-dev microsoft google facebook torvalds rust-lang golang nodejs
apache mozilla kubernetes docker psf django pallets tiangolo streamlit plotly opencv sqlalchemy
""".split())
FILE_EXT = re.compile(r"\.(py|js|ts|tsx|jsx|md|txt|json|ya?ml|toml|html?|css|png|jpe?g|gif|svg|pdf|csv|go|rs|"
                      r"java|c|h|cpp|rb|sh|lock|cfg|ini|xml|sql|log)$", re.I)


def repositories(text: str, code_host: bool = False) -> list[Hit]:
    """Repository URLs and git remotes anywhere; a bare `owner/name` only on a code-host screen or line."""
    out = []
    for rx in (REPO_URL, GIT_REMOTE):
        for m in rx.finditer(text):
            owner, name = m.group(1), m.group(2)
            if not name or owner.lower() in PUBLIC_OWNERS or owner.lower() in ("orgs", "settings", "features",
                                                                                 "about", "pricing", "login"):
                continue
            out.append(Hit(m.start(), m.end(), "repository", "repo-url", 0.9))
    if code_host or CODE_HOST_WORDS.search(text):
        for m in OWNER_REPO.finditer(text):
            owner, name = m.group(1), m.group(2).rstrip(".")
            if any(h.start <= m.start() < h.end for h in out):
                continue
            if len(owner) == 1:  # "o/mobile-tools", not "i/o" or "a/b"
                if not (owner.islower() and re.fullmatch(KEBAB_NAME, name)):
                    continue
            elif owner.lower() in NOT_REPO_PARTS:
                continue
            if name.lower() in NOT_REPO_PARTS or owner.isdigit() or name.isdigit() or FILE_EXT.search(name) or \
                    owner.lower() in PUBLIC_OWNERS:
                continue
            if not re.search(r"[a-z]", owner + name):
                continue  # "TCP/IP", "N/A"
            out.append(Hit(m.start(), m.start() + len(owner) + 1 + len(name), "repository", "repo-owner-name", 0.75))
    for m in KEBAB_REPO.finditer(text):  # anywhere: "pushed to acme/billing-service"
        owner, name = m.group(1), m.group(2).rstrip(".")
        if any(h.start <= m.start() < h.end for h in out) or owner in NOT_REPO_PARTS or owner in PUBLIC_OWNERS or \
                FILE_EXT.search(name) or owner in KEBAB_NOT_OWNERS:
            continue
        out.append(Hit(m.start(), m.start() + len(owner) + 1 + len(name), "repository", "repo-shape", 0.65))
    return out


# a bare lower-case owner/name whose name is kebab- or snake-case, as repositories are named: a repository on any
# screen (a path has a file extension or more slashes; "read-only/..." and the like are not owners); its first
# letter as OCR or a sentence's start may give it: "Ihenry/..." for "lhenry", "Josephine.blin/..."
KEBAB_REPO = re.compile(r"(?<![\w/.:@\-~$])((?:[a-z]|I(?=[a-z])|[A-Z](?=[a-z0-9]*[._\-]))[a-z0-9_.\-]{0,38}[a-z0-9])/"
                        rf"({KEBAB_NAME}(?:\.[a-z0-9]+)?)(?![\w/]|\.\w)")
KEBAB_NOT_OWNERS = frozenset("""and or src lib bin etc usr var tmp opt home docs doc test tests spec specs config
configs scripts script build dist out node_modules vendor packages pkg cmd internal api app apps web static assets
public private refs heads remotes origin upstream feature features fix bugfix hotfix release releases branch
read write read-only e-mail
io ui ux ci cd db js ts os vm qa ml ai pr id fs rc vs""".split())  # two letters: a user's initials, or these


URL_BODY = r"[^\s<>\"'`)\]]*[^\s<>\"'`)\].,;:!?]"
URL = re.compile(rf"(?:\b(?:https?|ftp)://|\bwww\.){URL_BODY}(?:\.\s(?=[a-z]{{2,12}}[/:.]){URL_BODY})*|"
                 r"\b(?:[a-z0-9\-]+\.)+(?:com|org|net|io|dev|app|co|ai|cloud|internal|corp|local|lan)"
                 rf"(?::\d+)?/{URL_BODY}", re.I)
TOKEN_PARAM = re.compile(r"(?i)[?&#;](?:[\w\-]*token|access_token|id_token|key|api_?key|sig|signature|auth|"
                         r"session(?:id)?|sid|code|password|pwd|pass|secret|invite|otp|reset|x-amz-[\w\-]+|"
                         r"email|user(?:name|_?id)?|uid|account(?:_?id)?|customer(?:_?id)?|tenant(?:_?id)?|"
                         r"org(?:_?id)?|workspace|team(?:_?id)?|member(?:_?id)?)=[^&\s]{1,}")
PRIVATE_PATH = re.compile(r"(?i)/(?:u|user|users|profile|profiles|people|person|in|member|members|account|accounts|"
                          r"customer|customers|client|clients|invoice|invoices|billing|d|drive|file|files|folders|"
                          r"share|shared|s|invite|invitations|reset|dm|direct|messages|admin|employees?|hr|"
                          r"patients?|orders?|tickets?|browse|spreadsheets|document|presentation|@[\w.\-]+)"
                          r"/[^/\s?#]{2,}")
PRIVATE_HOST = re.compile(r"(?i)^(?:[a-z]+://)?(?:[^/@\s]+@)?(?:[\w\-]+\.)*(?:[\w\-]+\.(?:internal|corp|local|lan|"
                          r"intra|intranet|private|home\.arpa)|(?:intranet|wiki|jira|confluence|git|gitlab|grafana|"
                          r"kibana|vault|jenkins|admin|hr|payroll|crm|erp|portal|vpn|sso|okta|internal|corp|"
                          r"staging)\.[\w.\-]+|[\w\-]+\.(?:atlassian\.net|"
                          r"slack\.com|sharepoint\.com|zendesk\.com|salesforce\.com|myshopify\.com|okta\.com|"
                          r"service-now\.com|notion\.site)|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|"
                          r"172\.(?:1[6-9]|2\d|3[01])\.\d+\.\d+)(?=[:/]|$)")
# a booking page names its person: calendly.com/<name>/30min
PERSON_PAGE = re.compile(r"(?i)(?:^|//|\.)(?:calendly\.com|cal\.com|savvycal\.com|tidycal\.com|zcal\.co)/[^/\s?#]{2,}")
RANDOM_SEGMENT = re.compile(r"/(?=[\w\-]*\d)(?=[\w\-]*[A-Za-z])[\w\-]{16,}")
PUBLIC_HOSTS = re.compile(r"(?i)^(?:[a-z]+://)?(?:www\.)?(?:[\w\-]+\.)*(?:python\.org|wikipedia\.org|"
                          r"mozilla\.org|w3\.org|ietf\.org|readthedocs\.io|pypi\.org|npmjs\.com|stackoverflow\.com|"
                          r"docs\.github\.com|developer\.\w+\.com|learn\.microsoft\.com|example\.(?:com|org|net)|"
                          r"status\.[\w\-]+\.(?:com|io|net|org))"
                          r"(?=[:/]|$)")


def urls(text: str) -> list[Hit]:
    """URLs that carry a token or an id, name a person or an account, or live on an internal host."""
    out = []
    for m in URL.finditer(text):
        shown = m.group(0).rstrip(".,;:!?")
        url = shown.replace(". ", ".")  # OCR puts a space after the dots of a monospace URL
        if REPO_URL.match(url):
            continue  # a repository: repositories() reports it
        if PUBLIC_HOSTS.match(url) and not TOKEN_PARAM.search(url):
            continue
        if TOKEN_PARAM.search(url) or PRIVATE_PATH.search(url) or PRIVATE_HOST.match(url) or \
                RANDOM_SEGMENT.search(url) or PERSON_PAGE.search(url):
            out.append(Hit(m.start(), m.start() + len(shown), "private_url", "url-shape", 0.8))
    return out


NOT_ID_PREFIX = frozenset("""ISO UTF SHA MD RFC CVE CWE PEP TLS SSL HTTP HTTPS AES RSA DES ECMA IEEE IEC ANSI DIN EN
ES COVID SARS GPT BERT IPV IP TCP UDP USB HDMI PCI DDR LTE ARM X P H MP AVC HEVC MPEG JPEG PNG ASCII UTF8 WCAG
GDPR SOC PCIDSS FIPS NIST OWASP AD BC CE FY Q KB MB GB TB PS ROM RAM CPU GPU WIN OS API V VER REV SDK""".split())
# A ticket or account number may look like a year ("FIN-2030", "HR-1972"); only a month or a season before it
# makes it a date
YEAR_PREFIX = frozenset("JAN FEB MAR APR MAY JUN JUL AUG SEP SEPT OCT NOV DEC SPRING SUMMER AUTUMN FALL WINTER".split())
# the prefix as OCR may read it: a leading O as 0, an S as 5 or $ ("0P5-1737" for OPS-1737); folded before the
# checks below
ACCOUNT_ID = re.compile(r"(?<![\w\-/.$])((?:[A-Z]|0(?=[A-Z$5]*[A-Z$]))[A-Z0-9$]{1,7})-(\d{2,12})((?:-\d{2,12})*)"
                        r"(?![\w\-])")
_OCR_PREFIX = str.maketrans("0$5", "OSS")
ID_LABEL = re.compile(r"(?i)\b(?:account|acct|a/c|customer|client|member|membership|employee|emp|staff|badge|"
                      r"ticket|case|order|invoice|policy|contract|reference|ref|routing|sort code|tax|vat|"
                      r"passport|licen[cs]e|patient|mrn|claim|loan|iban|bic|swift)\b\.?\s*"
                      r"(?:no\.?|nr\.?|number|num|#|id|code)?\s*[:#]?\s*([A-Z0-9][A-Z0-9\-/]{3,24})(?![\w\-])")


def account_ids(text: str) -> list[Hit]:
    out = []
    for m in ACCOUNT_ID.finditer(text):
        prefix = m.group(1)
        if prefix[0] == "0" or "$" in prefix:
            prefix = prefix.translate(_OCR_PREFIX)
        if prefix in NOT_ID_PREFIX or re.fullmatch(r"[A-Z]+\d+", prefix) and prefix.rstrip("0123456789") in \
                NOT_ID_PREFIX:
            continue
        if len(m.group(2)) == 2 and not m.group(3) and not (prefix.isalpha() and len(prefix) >= 3):
            continue  # a short ticket number only after a project key of three letters or more ("OPS-91")
        if not m.group(3) and re.fullmatch(r"(19|20)\d\d", m.group(2)) and prefix in YEAR_PREFIX:
            continue  # "JAN-2026", "SPRING-2026": a month or a season and its year
        out.append(Hit(m.start(), m.end(), "account_id", "id-shape", 0.8))
    for m in ID_LABEL.finditer(text):
        value = m.group(1)
        if sum(c.isdigit() for c in value) < 4 or any(h.start <= m.start(1) < h.end for h in out):
            continue
        if re.fullmatch(r"(19|20)\d\d[\-/]\d\d[\-/]\d\d", value):
            continue  # a date
        out.append(Hit(m.start(1), m.end(1), "account_id", "id-label", 0.75))
    return out


MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?|Jul(?:y)?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DATE = (rf"(?:\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}|"
        rf"\d{{1,2}}(?:st|nd|rd|th)?\s*{MONTHS},?\s+\d{{4}}|{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})")
# (OCR may drop the space between a day and its month: "16Jul 1990")
DOB_LABEL = (r"d\.?\s?o\.?\s?b\.?|date\s*of\s*birth|birth\s*date|birthday|born(?:\s+on)?|geburtsdatum|geb\.|"
             r"fecha\s+de\s+nacimiento|date\s+de\s+naissance|data\s+di\s+nascita|n[ée]e?\s+le")
DOB = re.compile(rf"(?i:\b(?:{DOB_LABEL}))\s*[:\-–]?\s*({DATE})")
DATE_ONLY = re.compile(DATE)
DOB_LABEL_ONLY = re.compile(rf"(?i)\b(?:{DOB_LABEL})\s*[:\-–]?\s*$")


def dates_of_birth(text: str) -> list[Hit]:
    return [Hit(m.start(1), m.end(1), "date_of_birth", "dob-label", 0.85) for m in DOB.finditer(text)]


STREET_TYPES = (r"Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Grove|"
                r"Terrace|Close|Crescent|Square|Sq|Parkway|Pkwy|Highway|Hwy|Row|Gardens|Hill|Walk|Circle|Cir|"
                r"Trail|Mews|Parade|Quay")
STREET_SUFFIX_WORD = (r"[A-ZÀ-Þ][\wß-ÿ\-]*(?i:stra(?:ss|ß)e|str\.|weg|gasse|platz|allee|ring|damm|straat|laan|gracht|plein|"
                      r"vej|gatan|gata|väg|vägen)")
STREET_PREFIX_WORD = (r"(?:Calle|Avenida|Av\.|Avda\.|Paseo|Plaza|Carrer|Rua|Travessa|Via|Viale|Piazza|Corso|Rue|"
                      r"Boulevard|Bd|Av\.|Place|Chemin|Ulica|ul\.|Rambla|Ronda|Cuesta|Acceso|Callej[oóé]n|Glorieta|Camino|"
                      r"Ca[ñn]ada|Alameda|Pasaje|Pasadizo|Carretera|Urbanizaci[oóé]n|V[ií]a|Traves[ií]a|Plazuela|"
                      r"Strada|Str\.|Aleea|Drumul|Bulevardul|Calea|Splaiul|Intrarea|[ȘŞS]oseaua|Pia[țţt]a|Na)")
TAIL = (r"(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|Floor|Fl|Piso|Puerta)\.?\s*#?\s*\w+)?"
        r"(?:\s+(?:Bl|B[Il1]|Sc|Ap|Et)\.\s*\w+){0,4}"  # Romanian block, staircase, flat: "Bl. 39 Sc. 45 Ap. 693"
        r"(?:,\s*[A-ZÀ-Þ][\wß-ÿ'.\-]*(?:\s+[A-ZÀ-Þ][\wß-ÿ'.\-]*){0,2}){0,2}"
        r"(?:(?:,\s*|\s+)(?:[A-Z]{2}\s+\d{5}(?:-\d{4})?|\d{4,6}\b(?:\s+[A-ZÀ-Þ][\wß-ÿ\-]+)?|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}))?")
ADDRESS_FORMS = (
    re.compile(rf"\b\d{{1,5}}[A-Za-z]?\s+(?:[A-ZÀ-Þ][\wß-ÿ'\-]*\.?\s+){{1,3}}(?:{STREET_TYPES})\b\.?{TAIL}"),
    re.compile(rf"\b{STREET_SUFFIX_WORD}\s*\d{{1,4}}[a-z]?(?:[-/]\d{{1,4}})?\b{TAIL}"),  # "Weg5/6": OCR lost the space
    # a street type after its name, as Hungarian, Finnish and Czech write them: "Ady Endre utca 230.",
    # "Waseniuksen puistokatu 23", "Panuškova 2" (a Czech street named for someone: -ova, -ská, -ého + number)
    re.compile(rf"\b[A-ZÀ-Þ][\wß-ÿ\-]*(?:\s+[\wß-ÿ\-]+)?\s+(?:utca|út|[uU]t|tér|körút|köz|sor|u\.|katu|tie|kuja|polku|"
               rf"puistokatu|väylä)\s+\d{{1,4}}[a-z]?\.?(?:[-/]\d{{1,4}})?{TAIL}"),
    re.compile(rf"\b[A-ZČŘŠŽ][\wß-ÿ\u0100-\u017f]*(?:ova|ská|ého|ého náměstí)\s+\d{{1,4}}[a-z]?(?:/\d{{1,4}}[a-z]?)?\b{TAIL}"),
    # a street written as Russian and Ukrainian addresses do: "пр. Омский, д. 342 к. 88" (OCR: "np."),
    # "бул. Комсомольский, д. 8/8", "проспект Героїв оборони Одеси, буд. 030"
    # (the type as OCR reads it at times: "w." for "ш.", "ann." for "алл.", "узвз" without its "і")
    re.compile(r"(?:\b(?:ул|пр|np|бул|пер|ш|w|наб|пл|вул|просп|алл|ann|туп|пр-д|мкр)\.|(?<!\w)(?:улица|проспект|"
               r"бульвар|переулок|шосе|шоссе|вулиця|площа|провулок|набережная|аллея|узв[іi]?з|тупик|проезд))"
               r"\s*[\w\u0400-\u04ff\-]+(?:\s+[\w\u0400-\u04ff\-]+){0,3},\s*"
               r"(?:д|буд)\.\s*\d{1,4}[а-я]?(?:/\d{1,4})?(?:\s*(?:к|кв|стр)\.\s*\d{1,4}(?:/\d{1,4})?){0,2}"),
    # a Russian or Ukrainian postcode and the settlement after its type: "451717 ст. Домодедово", "98233 селище
    # Боково-Хрустальне", "13246 місто Черкаси" (OCR drops the "і": "мсто"); a Greek postcode: "ΤΚ 01172 Καρδίτσα"
    re.compile(r"(?<![\w\-])\d{5,6},?\s+(?:(?:г|с|ст|пос|пгт|д|дер|х|рп|м|смт)\.|село|селище|м[іi]?сто|станица|деревня|"
               r"поселок|посёлок)\s*[\u0400-\u04ff][\u0400-\u04ff\-]+(?:\s+\([^()]{1,24}\))?"),
    re.compile(r"(?<!\w)[TΤ][KΚ]\s*\d{3}\s?\d{2}\s+[^\W\d_]{3,}"),
    # a street and its number before a comma, a postcode and its city, as many European addresses are written
    # with no street type: "Voćarsko naselje 9c, 40231 Vis", "Šárovo Kolo 81, 180 27 Nové" (not "Sprint 48, 2025
    # Q3": no year is a postcode here)
    re.compile(rf"(?<![\w\-/])(?!(?:Office|Address|Home|Shipping|Billing|Location|HQ|Visit|Ship|Bill)\b)"
               rf"{ANY_CAPITAL}[^\W\d_]*(?:[ \-][^\W\d_]+){{0,3}}\s+\d{{1,4}}[a-zA-Z]?(?:[/\-]\d{{1,4}}[a-z]?)?"
               rf"(?=,\s*(?:(?:[A-Z]{{1,2}}-)?(?!(?:19|20)\d\d\b)\d{{4,6}}|\d{{3}} \d{{2}})\s+{ANY_CAPITAL})"),
    # a French street named without its number, written in lower case as addresses are: "avenue de Durand"
    re.compile(r"(?<![\w\-])(?:rue|avenue|boulevard|chemin|impasse|all[ée]e|quai)\s+(?:(?:de|du|des|la|le)\s+|[dl]')*"
               r"[A-ZÀ-Þ][\wß-ÿ'\-]+"),
    re.compile(rf"\b\d{{1,4}}(?:\s*(?:bis|ter))?,?\s+(?:rue|avenue|boulevard|chemin|place|all[ée]e|impasse|quai)\s+"
               rf"(?:(?:de|du|des|la|le|l'|d')\s*)*[A-ZÀ-Þ][\wß-ÿ'\-]*(?:\s+[A-ZÀ-Þ][\wß-ÿ'\-]*){{0,2}}{TAIL}", re.I),
    re.compile(rf"\b{STREET_PREFIX_WORD}\s+(?:(?:de|del|la|las|los|da|do|dos|di|della)\s+)*[A-ZÀ-Þ][\wß-ÿ'\-]*"
               rf"(?:\s+[A-ZÀ-Þ][\wß-ÿ'\-]*){{0,2}},?\s+(?:Nr\.?\s*)?\d{{1,4}}[a-z]?\b{TAIL}"),
    # a Romanian street type names a street even without its number: "Strada Matilda Stancu"
    re.compile(r"\b(?:Strada|Aleea|Drumul|Bulevardul|Calea|Splaiul|Intrarea|[ȘŞS]oseaua)\s+[A-ZÀ-Þ][\wß-ÿ\u0100-\u017f'\-]*"
               r"(?:\s+(?!Nr\b)[A-ZÀ-Þ][\wß-ÿ\u0100-\u017f'\-]*){0,2}"),
)


def addresses(text: str) -> list[Hit]:
    out = []
    for rx in ADDRESS_FORMS:
        for m in rx.finditer(text):
            out.append(Hit(m.start(), m.end(), "address", "address-pattern", 0.75))
    return out


# Telephone numbers in the shapes of many countries that presidio's regions miss: an international prefix
# (+, 00, (+NN)), a trunk "8 (9xx)" or "06-30/...", digits grouped by spaces, dashes, dots or slashes.
PHONE_FORMS = re.compile(r"(?<![\w+/\-.])(?:(?:\+|00)\(?\d{1,4}\)?|\(\+?\d{1,4}\))[ .\-/]?\(?\d[\d ()./\-]{5,}\d"
                         r"|(?<![\w+/\-.])8 ?\(\d{3,5}\) ?\d{1,3}[ \-]\d{2}[ \-]\d{2}"
                         r"|(?<![\w+/\-.])\(?0\d{1,2}\)?[ \-]?\d{1,2}/\d{3}[ \-]?\d{3,4}(?![\w/\-])"
                         # North American with an extension or a bracketed area code: "225-574-0632x253",
                         # "(915)329-2608"; a French number in pairs: "04 77 82 51 14"; a trunk-0 area code
                         # and a number: "(07918) 95457", "04513 85056", "0115 4960713"
                         r"|(?<![\w+/\-.])(?:\(\d{3}\) ?\d{3}[.\-]\d{4}(?:x\d{1,5})?|\d{3}([.\-])\d{3}\1\d{4}x\d{1,5})"
                         r"(?![\w/\-]|\.\d)"
                         r"|(?<![\w+/\-.])0[1-9](?: \d\d){4}(?![\w/\-]|[ .]\d)"
                         r"|(?<![\w+/\-.])(?:\(0\d{3,4}\)|0\d{3,4}) \d{5,8}(?![\w/\-]|[ .]\d)")
PHONE_DIGITS = (8, 15)


def phones(text: str) -> list[Hit]:
    out = []
    for m in PHONE_FORMS.finditer(text):
        value = m.group(0).rstrip(" .-/")
        digits = sum(c.isdigit() for c in value)
        if PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1] and not DATE_ONLY.fullmatch(value):
            out.append(Hit(m.start(), m.start() + len(value), "phone", "phone-shape", 0.7))
    return out


# a number of a phone's length in any grouping, taken only where the line says it is one (phones_in_context)
# (a comma before it only as a CSV row puts one after the e-mail, "anna@acme.fi,887 86 92"; not "1,234")
PHONE_LOOSE = re.compile(r"(?:(?<![\w+/\-.,])|(?<=[^\W\d_],))[+(]?\d[\d ()./\-]{5,}\d(?![\w/\-]|[.,]\d)")
# "Call Dumitru M. back on": a sentence's end stops the cue, an initial's dot does not
PHONE_CUE = re.compile(r"\b(?i:call|ring|text|phone|tel|mobile|reach|dial)\b(?:[^.!?]|\b[A-Z]\.){0,40}?\b(?i:on|at)\s*:?\s*$")
EMAIL_BEFORE = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


def phone_number(value: str) -> bool:
    """7 to 15 digits, not a date, an amount or a version."""
    return 7 <= sum(c.isdigit() for c in value) <= 15 and not DATE_ONLY.fullmatch(value) and \
        not re.fullmatch(r"\d+(?:\.\d+)+", value)


def phones_in_context(text: str) -> list[Hit]:
    """A number of a phone's length where the line says it is a phone: after "call ... on" ("Call Viivi back on
    6936 567885"), or after an e-mail address on a contact row ("... viivi@acme.fi 021 742-88-27")."""
    out = []
    for m in PHONE_LOOSE.finditer(text):
        value = m.group(0).rstrip(" ./-")
        if phone_number(value) and (PHONE_CUE.search(text[:m.start()]) or EMAIL_BEFORE.search(text[:m.start()])):
            out.append(Hit(m.start(), m.start() + len(value), "phone", "phone-context", 0.65))
    return out


def scan_entities(text: str, code_host: bool = False) -> list[Hit]:
    """Every entity hit in `text` (overlaps are resolved by the caller's merge)."""
    if not text.strip():
        return []
    return (people(text) + organisations(text) + handles(text) + channels(text) + repositories(text, code_host) +
            urls(text) + account_ids(text) + dates_of_birth(text) + addresses(text) + usernames(text) + phones(text) +
            phones_in_context(text))


# ---- a value whose kind is known from a label beside or above it (screen structure: see layout.py) ----

LABEL_KINDS = (
    ("person", re.compile(rf"(?i)^(?:{PERSON_LABEL})\s*[:\-–]?$")),
    ("organisation", re.compile(rf"(?i)^(?:{ORG_LABEL})(?:\s+name)?\s*[:\-–]?$")),
    ("date_of_birth", re.compile(rf"(?i)^(?:{DOB_LABEL})\s*[:\-–]?$")),
    ("account_id", re.compile(r"(?i)^(?:(?:account|acct|customer|client|member|employee|emp|staff|badge|ticket|"
                              r"case|order|invoice|policy|contract|reference|ref|patient|claim|loan)\s*"
                              r"(?:no\.?|nr\.?|number|num|#|id|code)|employee|ticket|invoice|id)\s*[:\-–#]?$")),
    ("handle", re.compile(r"(?i)^(?:user\s*name|user\s*id|login|log-in|handle|screen\s*name|nickname|"
                          r"sign-in name)\s*[:\-–]?$")),
    ("phone", re.compile(r"(?i)^(?:(?:work|home|mobile|office|direct|private)\s+)?(?:phone|mobile|cell|tel\.?|"
                         r"telephone|fax|phone\s+number|mobile\s+number)\s*[:\-–]?$")),
    ("password", re.compile(r"(?i)^(?:(?:current|new|old|temporary|one-time|wi-?fi|account|login|master)\s+)?"
                            r"(?:password|passphrase|passcode|pass\s*word|pwd)\s*[:\-–]?$")),
    ("secret", re.compile(r"(?i)^(?:recovery\s+(?:key|code)s?|backup\s+codes?|api\s+key|secret(?:\s+key)?|"
                          r"client\s+secret|access\s+token|private\s+key|license\s+key|seed\s+phrase)\s*[:\-–]?$")),
    ("address", re.compile(r"(?i)^(?:(?:home|billing|shipping|mailing|postal|street|delivery|work|office)\s+)?"
                           r"address(?:\s+line\s*1)?\s*[:\-–]?$|^ship\s+to\s*:?$|^bill\s+to\s*:?$")),
    # who else may see a record: people, teams or companies, one after another ("Acme · @mia")
    ("party", re.compile(r"(?i)^(?:shared\s+with|visible\s+to|collaborators|guests|external\s+parties)\s*[:\-–]?$")),
    # an e-mail field: its value is the e-mail detector's; the label is no value of another field's label
    ("email", re.compile(r"(?i)^(?:(?:work|personal|private|home|contact)\s+)?e-?mail(?:\s+address)?\s*[:\-–]?$")),
)
NAME_ONLY = re.compile(rf"^\s*((?:{NAME})(?:\s*,\s*{CAP})?)\s*$")
USERNAME = re.compile(r"^\s*@?([a-z][a-z0-9_.\-]{2,30})\s*$")
TIME = (r"(?:\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?\s?[Mm]\.?)?|yesterday|today|just now|now|\d+\s*(?:min|mins|m|h|hr|d)"
        r"\s*ago|(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|"
        r"sun(?:day)?)\b(?:\s+\d{1,2}[:.]\d{2})?)")  # a weekday, not "Sunjić" read as "Sunjié"
# the avatar before the name: its initials ("MC"), or its picture read as a mark or two ("(=)", "θε]", "Θ"), or as
# a letter between bars ("[c|")
AVATAR_MARKS = r"(?:[\[(|{]\S{0,2}[\])|}]|[a-z])"  # or as a lower-case letter ("o Lucy L. yesterday")
AUTHOR_LINE = re.compile(rf"^\s*(?:([A-Z]{{1,3}})[)\]|.]?\s+|[^\sA-Za-z]{{1,4}}\s+|{AVATAR_MARKS}\s+)?((?:{NAME}|{CAP},\s+{CAP}))(?:\s+\(?(?:you|bot|app|guest|admin|owner)\)?)?\s+(?i:{TIME})\b")
# a comment's author and its date alone on a line ("Margot 12/03/2024", "Peter Lang Mar 14")
# when an activity feed says it happened: a date with its time, a month and day, a quarter ("Q3 2025"; OCR: "ОЗ 2025")
WHEN = rf"(?:{DATE}(?:\s+\d{{1,2}}:\d{{2}})?|{MONTHS}\s+\d{{1,2}}|[QО]\s?[1-4З]\s+\d{{4}})"
AUTHOR_DATE_LINE = re.compile(rf"^\s*({NAME})\s+{WHEN}\s*$")
TIME_ONLY = re.compile(rf"^\s*(?i:{TIME})\s*$")
ID_VALUE = re.compile(r"^\s*#?([A-Z0-9][A-Z0-9\-/]{3,24})\s*$")


def label_kind(text: str) -> str | None:
    """The kind of value a label announces ("Assignee" -> person), or None when `text` is not a label."""
    text = text.strip().rstrip(",.")  # OCR reads a mark after a label at times ("Shared with,")
    if len(text) > 40:
        return None
    return next((kind for kind, rx in LABEL_KINDS if rx.match(text)), None)


# the parties on a "Shared with" line: runs between separators, a handle or an e-mail ending one (theirs to find)
PARTY = re.compile(r"[^·•,;|@\s][^·•,;|@]*?(?=\s*(?:[·•,;|]|-?@|$))")


def _parties(text: str) -> list[Hit]:
    """Each named party on a "Shared with" line: a person when every word is a listed name, else an
    organisation or team; not a group word ("Everyone") nor a count ("3 people")."""
    hits = []
    for m in PARTY.finditer(text):
        value = m.group(0).strip(" -")
        words = value.split()
        legal = ORGANISATION.fullmatch(value) is not None  # "Major Zrt.": a company though its name is a word
        if not words or not re.match(ANY_CAPITAL, value) or len(words) > 5 or re.search(r"\d", value) or \
                (fold(words[0]) in NOT_NAMES or fold(words[0]) in GROUP_WORDS) and not legal or \
                all(fold(w) in PUBLIC_ORGS for w in words):
            continue
        start = text.index(value, m.start())
        named = all(fold(w.strip(",.")) in first_names() or fold(w.strip(",.")) in last_names() for w in words)
        hits.append(Hit(start, start + len(value), "person" if named else "organisation", "party-field", 0.7))
    return hits


# a random run OCR cut before its end: eight or more characters with a digit or a mark and both cases, then a
# short rest that is no plain word ("LReg", "sb?"; not "Show" nor "Copy" beside the value)
RANDOM_HEAD = r"(?=\S*(?:\d|[^\w\s]))(?=\S*[a-z])(?=\S*[A-Z])\S{8,128}"
RANDOM_TAIL = r"(?![A-Z]?[a-z]+\s*$)\S{1,12}"


# a name of two to four capitalised words in Cyrillic or Greek letters (or with some), as a label's value
# ("Франц Бабʼюк", "Λιτίνας, Ειρήνη"); a Latin name is NAME_ONLY's to judge
_SCRIPT_WORD = rf"{ANY_CAPITAL}[^\W\d_]+(?:['’ʼ‘\-][^\W\d_]+)*"
OTHER_SCRIPT_NAME = re.compile(rf"^\s*({_SCRIPT_WORD}(?:,?\s+{_SCRIPT_WORD}){{1,3}})\s*$")


def labelled_value(text: str, kind: str) -> list[Hit]:
    """The value in `text` when a label said it is a `kind` (the whole line, trimmed, when it fits)."""
    if kind == "person":
        m = NAME_ONLY.match(text)
        if m:
            span = trim_name(m.span(1), text)
            words = text[span[0]:span[1]].replace(",", " ").split() if span else []
            if words and all(fold(w) not in PUBLIC_ORGS for w in words) and \
                    (len(words) >= 2 or fold(words[0]) in first_names() or fold(words[0]) in last_names()):
                return [Hit(*span, "person", "person-field", 0.8)]
        m = OTHER_SCRIPT_NAME.match(text)
        if m and re.search(r"[\u0370-\u03ff\u0400-\u04ff]", m.group(1)) and \
                not ORGANISATION.fullmatch(m.group(1)) and not re.match(r"[^\W\d_a-zа-яα-ω]{2,4}\s", m.group(1)):
            # (a legal form's capitals first, "ООО Ромашка", is a company)
            return [Hit(*m.span(1), "person", "person-field", 0.75)]
        m = USERNAME.match(text)
        if m and m.group(1) not in NOT_NAMES:
            return [Hit(m.start(), m.end(), "person", "person-field", 0.6)]
        return []
    if kind == "handle":
        m = re.match(r"^\s*(@?[A-Za-z0-9][\w.\-]{1,60}(?:@[\w.\-]+)?)\s*$", text)
        if m and fold(m.group(1)) not in NOT_NAMES and not re.fullmatch(r"[A-Z][a-z]+", m.group(1)):
            return [Hit(m.start(1), m.end(1), "email" if "@" in m.group(1)[1:] else "handle", "handle-field", 0.75)]
        return []
    if kind == "organisation":
        m = re.match(rf"^\s*((?:{ANY_CAPITAL}|[0-9])[^\s:]*(?:[ \t]+[^\s:]+){{0,5}})\s*$", text)  # "ПТК Уголь"
        if m and fold(m.group(1).split()[0]) not in NOT_NAMES and not re.fullmatch(r"[\d\s.,/\-]+", m.group(1)) and \
                not ACCOUNT_ID.fullmatch(m.group(1)) and \
                not all(fold(w) in PUBLIC_ORGS for w in m.group(1).split()):
            return [Hit(m.start(1), len(text.rstrip()), "organisation", "org-field", 0.75)]
        return []
    if kind == "party":
        return _parties(text)
    if kind == "date_of_birth":
        return [Hit(m.start(), m.end(), "date_of_birth", "dob-field", 0.8) for m in DATE_ONLY.finditer(text)][:1]
    if kind == "account_id":
        m = ID_VALUE.match(text)
        if m and sum(c.isdigit() for c in m.group(1)) >= 3:
            return [Hit(m.start(1), m.end(1), "account_id", "id-field", 0.75)]
        return []
    if kind == "phone":
        m = re.match(r"^\s*([+(]?\d[\d ()./\-]{5,}\d)\s*$", text)
        if m and 7 <= sum(c.isdigit() for c in m.group(1)) <= 15 and not DATE_ONLY.fullmatch(m.group(1)):
            return [Hit(m.start(1), m.end(1), "phone", "phone-field", 0.75)]
        return []
    if kind in ("password", "secret"):
        # a value shown in clear: one run of printable characters (or two, when OCR cut it after a mark and
        # the rest has a digit and a capital: "i?yRLe! 6QhiUHNXk356", or cut a random run's last letters off:
        # "POBWTOSHIU8Z5A8j LReg"), not masked dots, not a button or a hint
        m = re.match(rf"^\s*(\S{{1,128}}(?: {CUT_REST}\S{{4,128}})?)\s*$", text) or \
            re.match(rf"^\s*({RANDOM_HEAD} {RANDOM_TAIL})\s*$", text)
        shortest = 6 if kind == "password" else 12
        if m and len(m.group(1).replace(" ", "")) >= shortest and not re.fullmatch(r"[•*●·.\-_]+", m.group(1)) and \
                (re.search(r"\d", m.group(1)) or re.search(r"[^\w]", m.group(1)) or
                 re.search(r"[a-z][A-Z]|[A-Z]{2}[a-z]", m.group(1))) and fold(m.group(1)) not in NOT_NAMES:
            return [Hit(m.start(1), m.end(1), kind, f"{kind}-field", 0.75)]
        return []
    if kind == "address":
        if re.search(r"\d", text) and re.search(r"[A-Za-zÀ-ÿ]{3}", text) and len(text.strip()) <= 80:
            start = len(text) - len(text.lstrip())
            return [Hit(start, len(text.rstrip()), "address", "address-field", 0.7)]
        return []
    return []


def author_line(text: str) -> list[Hit]:
    """A chat message's author: a name followed by the message's time ("Maria Cruz  10:42 AM")."""
    m = AUTHOR_LINE.match(text)
    if not m:
        d = AUTHOR_DATE_LINE.match(text)
        span = trim_name(d.span(1), text) if d else None
        if span and _plausible_name(text[span[0]:span[1]], single_ok=True):
            return [Hit(*span, "person", "person-author", 0.7)]
        return []
    span = trim_name(m.span(2), text)
    if span is None or any(fold(w) in PUBLIC_ORGS for w in text[span[0]:span[1]].split()):
        return []
    if len(text[span[0]:span[1]]) < 3 and fold(text[span[0]:span[1]]) not in first_names():
        return []  # "Cl 10:30": the CI bot, its I read as l
    out = [Hit(*span, "person", "person-author", 0.75)]
    heads = "".join(w[0] for w in text[span[0]:span[1]].split())
    if m.group(1) and heads.startswith(m.group(1)[0]) and m.group(1)[-1] in heads:  # the avatar's initials
        out.append(Hit(m.start(1), m.end(1), "person", "person-initials", 0.6))
    return out


# ---- user names that are names: "tkowalczyk", "maria.cruz", "jonas_keller2" ----

USERNAME_TOKEN = re.compile(r"(?<![\w@./\\\-])([a-z][a-z0-9._\-]{3,30}[a-z0-9])(?![\w@]|\.\w|/)")


# how English words start: "cluster" is not c + Luster, "tkowalczyk" is t + Kowalczyk
ENGLISH_ONSETS = frozenset("""bl br ch cl cr dr dw fl fr gh gl gr kn ph pl pr qu sc sh sk sl sm sn sp st sw th tr
tw wh wr""".split())


def username_like(token: str) -> bool:
    """A user name built from a person's name: first.last, first_last, flast (initial and surname), firstlast."""
    t = re.sub(r"\d+$", "", token.lower())
    parts = [p for p in re.split(r"[._\-]", t) if p]
    firsts, lasts = first_names(), last_names()
    if len(parts) >= 2:
        a, b = parts[0], parts[-1]
        return a in firsts and (b in lasts or b in firsts) and len(b) >= 2 and a not in NOT_NAMES and \
            b not in NOT_NAMES
    if len(t) < 6 or not t.isalpha():
        return False
    if t[1:] in lasts and len(t) >= 7 and t not in NOT_NAMES and t[:2] not in ENGLISH_ONSETS:
        return True
    return any(t[:i] in firsts and t[i:] in lasts for i in range(4, len(t) - 3))


def usernames(text: str) -> list[Hit]:
    out = []
    for m in USERNAME_TOKEN.finditer(text):
        if username_like(m.group(1)):
            out.append(Hit(m.start(1), m.end(1), "handle", "username-shape", 0.6))
    return out
