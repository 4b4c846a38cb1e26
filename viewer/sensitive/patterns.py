"""Pattern detectors on a string: secrets (detect-secrets plugins), personal data (presidio-analyzer's
pattern recognisers over a blank spaCy pipeline: nothing is downloaded), street addresses, and an
organisation's own patterns. Each returns character spans; no value is ever logged.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass

# presidio and detect-secrets log at INFO/DEBUG, sometimes with the text they saw: keep them quiet.
for _name in ("presidio-analyzer", "presidio_analyzer", "detect-secrets", "detect_secrets", "tldextract",
              "filelock"):
    logging.getLogger(_name).setLevel(logging.ERROR)


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    category: str
    detector: str
    confidence: float


# ---- secrets: detect-secrets plugins, used for their regexes and validation on plain strings ----

def _secret_plugins() -> list:
    from detect_secrets.plugins import (artifactory, aws, azure_storage_key, basic_auth, discord, github_token,
                                        gitlab_token, jwt, mailchimp, npm, openai, private_key, pypi_token,
                                        sendgrid, slack, square_oauth, stripe, telegram_token, twilio)
    classes = [aws.AWSKeyDetector, github_token.GitHubTokenDetector, gitlab_token.GitLabTokenDetector,
               private_key.PrivateKeyDetector, jwt.JwtTokenDetector, slack.SlackDetector, stripe.StripeDetector,
               openai.OpenAIDetector, sendgrid.SendGridDetector, twilio.TwilioKeyDetector,
               pypi_token.PypiTokenDetector, npm.NpmDetector, discord.DiscordBotTokenDetector,
               telegram_token.TelegramBotTokenDetector, mailchimp.MailchimpDetector,
               square_oauth.SquareOAuthDetector, azure_storage_key.AzureStorageKeyDetector,
               artifactory.ArtifactoryDetector, basic_auth.BasicAuthDetector]
    return [cls() for cls in classes]


@functools.lru_cache(maxsize=1)
def _secret_regexes() -> list[tuple[str, re.Pattern, object]]:
    out = []
    for plugin in _secret_plugins():
        for rx in plugin.denylist:
            out.append((type(plugin).__name__, rx, plugin))
    return out


TOKEN = re.compile(r"[A-Za-z0-9+/_\-]{20,}={0,2}")


# "GITHUB_TOKEN=J/HSFygl...", "DB_PASSWORD='...'": a value set for a variable named as a secret is one, however
# it reads (OCR may lose its digits); a reference to another variable, a placeholder or a setting about the
# secret (TOKEN_TTL=3600) is not
ENV_SECRET = re.compile(r"\b((?:[A-Z][A-Z0-9]*_)*(?:TOKEN|SECRET|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|PASSWORD|PASSWD|"
                        r"PASS))\s*=\s*['\"]?([^\s'\"]{8,})")
# a password written in a sentence: "the temporary VPN password is Maple1398. until Friday" (a word such as
# "incorrect" or "required" is no password: the value needs a digit, a mark or an inner capital)
PASSWORD_SAID = re.compile(r"(?i:\b(?:password|passcode|passphrase|pwd)(?:\s+(?:is|15|1s|was|will be)\s|\s*[:=])\s*)"
                           r"(\S{6,64}?)(?=[.,;)]?(?:\s|$))")
# the rest of a value OCR cut in two after a mark ("i?yRLe! 6QhiUHNXk356"): a run with a digit and a capital
CUT_REST = r"(?=\S*\d)(?=\S*[A-Z])"
SAID_REST = re.compile(rf" ({CUT_REST}[^\s.,;]\S{{5,63}}?)(?=[.,;)]?(?:\s|$))")
ENV_LINE = re.compile(ENV_SECRET.pattern.replace(r"([^\s'\"]{8,})", r"([^\s'\"]{1,}(?: [^\s'\"]+)*)", 1)
                      .replace(r"\b(", r"^\s*(?:export\s+)?(", 1) + r"['\"]?\s*$")
# a value that stands for a secret without being one: a template's ("${{ secrets.X }}", "<your-key>"), a mask, a
# default; where a variable's value, a reference to another variable too ("$DB_PASS", "%DB_PASS%")
SAID_PLACEHOLDER = re.compile(r"\$\{|<|\{\{|\*{3}|\.{3}|(?i:x{4}|changeme|your[_\-]|example|placeholder|redacted|"
                              r"secret$|none$|null$|true$|false$)")  # in a sentence "$Qkv..." is a password
PLACEHOLDER = re.compile(SAID_PLACEHOLDER.pattern + r"|\$[A-Za-z_]|%[A-Za-z_]+%")


COMMIT_BEFORE = re.compile(r"(?i)\b(?:commit|merge|revert|cherry-pick)\s+$")


def entropy(s: str) -> float:
    counts = Counter(s)
    return -sum(n / len(s) * math.log2(n / len(s)) for n in counts.values())


def random_token(tok: str) -> bool:
    """A long token mixing upper, lower and digits with high entropy: a key, not a word or a hash.
    Hex-only strings (commit hashes, UUIDs) and words joined by separators are not."""
    if re.fullmatch(r"[0-9a-fA-F\-]+", tok):
        return False
    if not (re.search(r"[A-Z]", tok) and re.search(r"[a-z]", tok) and re.search(r"[0-9]", tok)):
        return False
    if re.fullmatch(r"(?:[A-Za-z][a-z]+[_\-]?)+\d*", tok):  # CamelCase or snake words
        return False
    return entropy(tok) >= 3.7


def secrets(text: str) -> list[Hit]:
    hits = []
    for name, rx, plugin in _secret_regexes():
        for m in rx.finditer(text):
            start, end = m.span()
            if name == "BasicAuthDetector":  # ://user:password@ : only the password part
                start, end = m.span(1) if m.groups() else m.span()
                hits.append(Hit(start, end, "password", "detect-secrets", 0.8))
                continue
            if name == "JwtTokenDetector":
                end = _extend(text, end, JWT_CHARS)
                if not list(plugin.analyze_string(text[start:end])):
                    continue
            if name == "PrivateKeyDetector":
                end = _private_key_end(text, end)
            hits.append(Hit(start, end, "secret", "detect-secrets", 0.95))
    line = ENV_LINE.match(text)  # the whole line one assignment: its value's pieces that OCR spaced apart too
    for m in [line] if line and line.group(2).count(" ") <= 3 else ENV_SECRET.finditer(text):
        if len(m.group(2).replace(" ", "")) >= 6 and not PLACEHOLDER.match(m.group(2)) and \
                not any(h.start < m.end() and m.start(2) < h.end for h in hits):
            category = "password" if re.search(r"PASS", m.group(1)) else "secret"
            hits.append(Hit(m.start(2), m.end(2), category, "env-assignment", 0.8))
    for m in PASSWORD_SAID.finditer(text):
        value = m.group(1)
        if re.search(r"[\d\W_]|[a-z][A-Z]", value) and not SAID_PLACEHOLDER.match(value) and \
                not any(h.start < m.end(1) and m.start(1) < h.end for h in hits):
            rest = SAID_REST.match(text, m.end(1))  # "i?yRLe! 6QhiUHNXk356": OCR cut it after a mark
            hits.append(Hit(m.start(1), rest.end(1) if rest else m.end(1), "password", "password-said", 0.8))
    for m in TOKEN.finditer(text):
        if COMMIT_BEFORE.search(text, 0, m.start()):
            continue  # "commit 4e1b2c9d...": a commit hash, its hex letters misread by OCR ("4h3a", "F5e4")
        if random_token(m.group(0)) and not any(h.start < m.end() and m.start() < h.end for h in hits):
            hits.append(Hit(m.start(), m.end(), "secret", "entropy", 0.7))
    return hits


JWT_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+/=")


def _extend(text: str, end: int, chars: frozenset) -> int:
    while end < len(text) and text[end] in chars:
        end += 1
    return end


def _private_key_end(text: str, end: int) -> int:
    m = re.compile(r"-----END [A-Z ]*PRIVATE KEY[A-Z ]*-----").search(text, end)
    return m.end() if m else len(text)


# ---- personal data: presidio-analyzer's pattern recognisers ----

ENTITY_CATEGORY = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "CREDIT_CARD": "credit_card",
                   "IBAN_CODE": "iban", "US_SSN": "national_id", "UK_NINO": "national_id"}


@functools.lru_cache(maxsize=1)
def analyzer():
    """presidio's AnalyzerEngine over a blank spaCy pipeline, with pattern recognisers only."""
    import spacy
    import tldextract
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import (CreditCardRecognizer, EmailRecognizer, IbanRecognizer,
                                                          PhoneRecognizer, UkNinoRecognizer, UsSsnRecognizer)
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer

    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # the bundled suffix list
    email_recognizer.tldextract = type("OfflineTld", (), {"extract": staticmethod(offline)})

    class BlankSpacy(SpacyNlpEngine):
        def __init__(self) -> None:
            super().__init__(models=[{"lang_code": "en", "model_name": "blank"}])

        def load(self) -> None:
            self.nlp = {"en": spacy.blank("en")}

    engine = BlankSpacy()
    engine.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    for rec in (EmailRecognizer(), CreditCardRecognizer(), IbanRecognizer(), UsSsnRecognizer(), UkNinoRecognizer(),
                PhoneRecognizer(supported_regions=("US", "UK", "DE", "FR", "IT", "ES", "NL", "IN", "CA", "AU"))):
        registry.add_recognizer(rec)
    return AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["en"])


MIN_SCORE = {"PHONE_NUMBER": 0.4, "US_SSN": 0.3}
DATE_LIKE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")


PHONE_SHAPES = (re.compile(r"\+\d[\d ()./\-]{6,}\d"),  # international
                re.compile(r"\(?\d{3}\)?[ .\-]?\d{3}[ .\-]\d{4}"),  # North American
                re.compile(r"0\d{1,4}[ \-]?\d{3,4}[ \-]?\d{3,4}"))  # national trunk prefix


def _phone_like(value: str) -> bool:
    digits = len(re.sub(r"\D", "", value))
    if not 9 <= digits <= 15 or DATE_LIKE.fullmatch(value) or re.match(r"(19|20)\d\d[\-/.]", value):
        return False
    return any(rx.fullmatch(value) for rx in PHONE_SHAPES)


def personal(text: str) -> list[Hit]:
    if not re.search(r"[@\d]", text):
        return []
    hits = []
    for r in analyzer().analyze(text, language="en", entities=list(ENTITY_CATEGORY)):
        if r.score < MIN_SCORE.get(r.entity_type, 0.5):
            continue
        value = text[r.start:r.end]
        if r.entity_type == "PHONE_NUMBER" and not _phone_like(value.strip()):
            continue
        if r.entity_type == "EMAIL_ADDRESS" and value.lower().startswith("git@"):
            continue  # "git@github.com:owner/repo": an SSH remote's user, no one's mailbox
        hits.append(Hit(r.start, r.end, ENTITY_CATEGORY[r.entity_type], "presidio", round(min(1.0, r.score), 2)))
    return hits


# An IBAN as printed, in groups of four, whose check digits OCR may have broken (a letter misread, a Cyrillic
# look-alike; the check digits' 0 read as O, 5 as S; the code's I read as 1: `F144` for FI44): a country code, two
# digits, then three to seven groups of three or four capitals and digits.
IBAN_SHAPE = re.compile(r"(?<![\w\-])[A-Z][A-Z1](?:\d[\dOS]|[OS]\d)(?: [A-Z0-9\u0410-\u042f]{3,4}){3,7}"
                        r"(?: [A-Z0-9]{1,4})?(?![\w\-])")


def iban_shapes(text: str) -> list[Hit]:
    return [Hit(m.start(), m.end(), "iban", "iban-shape", 0.7) for m in IBAN_SHAPE.finditer(text)
            if sum(c.isdigit() for c in m.group(0)) >= 8]


# ---- street addresses (no presidio pattern for them) ----

STREET_TYPES = (r"Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Grove|"
                r"Terrace|Close|Crescent|Square|Sq|Parkway|Pkwy|Highway|Hwy|Row|Gardens|Hill|Walk|Strasse|Straße")
ADDRESS = re.compile(rf"\b\d{{1,5}}[A-Za-z]?\s+(?:[A-Z][A-Za-z'\-]*\.?\s+){{1,3}}(?:{STREET_TYPES})\b\.?")


def addresses(text: str) -> list[Hit]:
    return [Hit(m.start(), m.end(), "address", "address-pattern", 0.7) for m in ADDRESS.finditer(text)]


def scan(text: str, custom: list | tuple = ()) -> list[Hit]:
    """All pattern hits in `text`, overlapping ones of the same category merged (highest confidence)."""
    hits = secrets(text) + personal(text) + iban_shapes(text) + addresses(text)
    for pattern in custom:
        for m in pattern.regex.finditer(text):
            if m.end() > m.start():
                hits.append(Hit(m.start(), m.end(), pattern.category, f"config:{pattern.name}", pattern.confidence))
    return merge(hits)


def merge(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits: the union span, the most specific category (secrets beat entropy, a card
    beats a phone number, a category the config file made up beats the built-in entities), the highest
    confidence."""
    rank = {"secret": 0, "password": 1, "credit_card": 2, "iban": 3, "national_id": 4, "repository": 5,
            "email": 6, "private_url": 7, "date_of_birth": 8, "account_id": 9, "address": 10, "handle": 11,
            "channel": 12, "organisation": 13, "person": 14, "phone": 20}
    hits = sorted(hits, key=lambda h: (h.start, -h.end))
    out: list[Hit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            prev = out[-1]
            best = min((prev, h), key=lambda x: (rank.get(x.category, 5.5), -x.confidence))
            out[-1] = Hit(prev.start, max(prev.end, h.end), best.category, best.detector,
                          max(prev.confidence, h.confidence))
        else:
            out.append(h)
    return out
