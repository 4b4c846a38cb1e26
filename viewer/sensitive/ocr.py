"""Tesseract OCR of one image and the detectors on what it reads: words with boxes, grouped into lines, every
text detector on each line plus the screen's structure (layout.py), one region per value (the union of its word
boxes; an input field's box for a value typed in a field; one box per line of an address block, as the corpus's
labelling rules box them).

The perceptual signature used to skip unchanged screenshots (shots.py) is here too: the grey image box-averaged
to 320x200, compared block by block, so JPEG noise stays under the threshold and a typed character does not.
"""

from __future__ import annotations

import logging
import re
import statistics
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from viewer import settings

from . import avatars, layout, ner, tessdata, unread
from .config import Config, NameList
from .entities import ANY_CAPITAL, ORG_SUFFIX, PHONE_LOOSE, PUBLIC_ORGS, SPLIT_EMAIL_DOMAIN, TIME, first_names, fold, phone_number
from .findings import mask
from .namelists import match_lists
from .patterns import TOKEN, Hit, merge, random_token, secrets
from .textscan import scan_text

log = logging.getLogger(__name__)
ONE_THREAD = {"OMP_THREAD_LIMIT": "1"}  # one thread per Tesseract: the pool gives the parallelism

SIG_SIZE = (320, 200)
MIN_WORD_CONF = 30
# Tesseract is unsure of user names and handles ("@lmbeki" at 29): a word-shaped token is kept from this
# confidence on; icon noise is short or punctuation and stays out.
LOW_WORD_CONF = 10
MIN_WORD_HEIGHT = 5  # pixels: text on a screen is taller
# "Vuékovié," at 20, "Pedrosa," at 0: a surname before the comma of "Last, First" or of a sentence
LOW_CONF_SURNAME = re.compile(r"[A-ZÀ-Þ\u0400-\u042f\u0391-\u03a9][^\W\d_]{2,},")
# a capitalised Cyrillic or Greek word ("Іващенко." at 26, "Αραµπατζής" at 26: a surname after its first name):
# the English model, read first, leaves other scripts' words unsure
LOW_CONF_OTHER_SCRIPT = re.compile(r"[\u0400-\u042f\u0391-\u03a9\u0386-\u038f][\u0400-\u04ff\u0370-\u03ffµ]{4,}[,.]?")
# "bmachacek@Lapto)": a prompt read unsure; "[SUP-4341]", "<petronelaa@icloud.": an id or an address in brackets
LOW_CONF_WORD = re.compile(r"[@#<(\[\"'‘]?[A-Za-z][\w.\-@]{3,}[)\]:$>~/\"'’]{0,2}")
# A URL or a long token (an access key, a generated password) is no dictionary word, so Tesseract reads it whole
# yet scores it low (0-29 on the corpus's URLs and keys): kept at any confidence when it has a URL's or a token's
# shape; icon noise is never a long run of letters and digits, nor a "//host.tld" path.
URL_SHAPED = re.compile(r"[\"'`‘’(\[<]?(?:https?:(?://\S*)?|//[\w\-]+\.[\w.\-]+\S*)")
# a shell prompt ("theres.vanderdussen@laptop:~/infra-core$"), often green on black and read at confidence 0
PROMPT_SHAPED = re.compile(r"[a-z_][\w.\-]{0,31}@[\w\-]+:~?[\w/.\-~]*[$#]")
# ...and the same three shapes wherever they are: a terminal's title ("laskaris_perdikis@laptop:", read at 8), an
# e-mail address ("pflorea@kligl.net" at 3), a double surname ("С!рченко-Лубенець" at 0); noise has none of them
ANY_CONF_SHAPES = re.compile(r"[a-z_][\w.\-]{1,31}@[\w\-]{2,}:|"
                             r"[<(\[\"'‘]?[\w.+\-]{2,}@[\w\-]{2,}\.[\w\-.]{2,}[>)\]\"'’,.;:]*|"
                             r"[A-ZÀ-Þ\u0400-\u042f\u0391-\u03a9][^\W\d_]*[!|]?[^\W\d_]{2,}-"
                             r"[A-ZÀ-Þ\u0400-\u042f\u0391-\u03a9][^\W\d_]{2,}[,.]?")
UPSCALE_BELOW = 1000  # images narrower than this are read at 2x (small text)
# a 1x desktop screen (up to 2200 px wide) is read at 1.5x: 13 px UI text then reads (74 gold values on 11 small-
# serif screens: 54 found at 1x, 66 at 1.5x and at 2x) for about a fifth more time; HiDPI screens are read as they are
UPSCALE_1X_BELOW, UPSCALE_1X = 2200, 1.5
# The page is read in Latin, Cyrillic and Greek at once (tessdata.py): read as English only, a Russian,
# Ukrainian or Greek name comes out as Latin look-alikes ("Foctombicn PycakoB"), a Czech or Croatian one as Greek
# ("ζονίέ" for "Čović"). A language whose data is not installed is left out (scripts/install-system.sh installs
# them). Costs and gains: BENCHMARKS.md.
# Cyrillic and Greek letters that look like Latin ones: an id, an e-mail or a path read with the other
# scripts' models at hand may come out partly in them ("ЕМР-350489")
_LOOKALIKES = str.maketrans("АВЕКМНОРСТХУаеорсухіјѕІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιρχνκ",
                            "ABEKMHOPCTXYaeopcyxijsIJSABEZHIKMNOPTYXoipxvk")
_TO_CYRILLIC = str.maketrans("ABEKMHOPCTXaeopcyxiI", "АВЕКМНОРСТХаеорсухіІ")
_NON_LATIN = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
_TOKEN_MARKS = re.compile(r"[\d@/_=#:\\]")


class OcrUnavailable(RuntimeError):
    """Tesseract is not installed or cannot run."""


@dataclass
class Word:
    text: str
    x: int
    y: int
    w: int
    h: int
    conf: float
    line: tuple


def signature(img: Image.Image) -> np.ndarray:
    """A perceptual signature: the grey image box-averaged to 320x200 (a 4x downscale of a laptop screen)."""
    return np.asarray(img.convert("L").resize(SIG_SIZE, Image.Resampling.BOX), dtype=np.int16)


def changed(a: np.ndarray | None, b: np.ndarray, threshold: float = 4.0) -> bool:
    """True when some 4x4 block of the signatures differs by more than `threshold` grey levels on average:
    JPEG noise stays under it (about 2), one new character of small text goes over (8 and more)."""
    if a is None or a.shape != b.shape:
        return True
    d = np.abs(a - b)
    h, w = (d.shape[0] // 4) * 4, (d.shape[1] // 4) * 4
    blocks = d[:h, :w].reshape(h // 4, 4, w // 4, 4).mean(axis=(1, 3))
    return bool(blocks.max() > threshold)


def _prepare(img: Image.Image) -> tuple[Image.Image, float]:
    g = img.convert("L")
    if np.asarray(g.resize((64, 40))).mean() < 110:  # dark theme: dark text on light reads better
        g = ImageOps.invert(g)
    scale = 2.0 if g.width < UPSCALE_BELOW else UPSCALE_1X if g.width <= UPSCALE_1X_BELOW else 1.0
    if scale != 1.0:
        g = g.resize((round(g.width * scale), round(g.height * scale)), Image.Resampling.LANCZOS)
    return g, scale


def page_langs() -> str:
    """The `-l` argument of a page read (tessdata.page_data): part of the OCR cache's key."""
    return tessdata.page_data().langs


# Ukrainian і as the Russian model reads it: "!" or "|" between Cyrillic letters ("Анастас!я")
_UKRAINIAN_I = re.compile(r"(?<=[\u0400-\u04ff])[!|](?=[\u0400-\u04ff])")
# a short word of look-alikes in a Latin line is Latin read with the other scripts' models ("Маг 14": "Mar 14");
# г and п pass for r and n in these
_SHORT_LOOKALIKES = str.maketrans("гп", "rn")


# letters OCR reads as other marks in names: "¢" for "ć" after a letter, "ll" for "Il" at a word's start
# ("llinca"), "1", "|" or "l" for "І" and "6", "€" or "@" for "Є" before Cyrillic letters (the Russian model has
# neither)
_MISREAD = [(re.compile(r"(?<=[^\W\d_])¢"), "ć"), (re.compile(r"^ll(?=[a-z]{2})"), "Il"),
            (re.compile(r"^[1|l!](?=[\u0430-\u044f]{2})"), "І"), (re.compile(r"^[6€@](?=[\u0430-\u044f]{2})"), "Є"),
            # "Carri6n", "R6hricht": an accented o read as 6 inside a capitalised word of letters
            (re.compile(r"^([A-ZÀ-Þ][a-zß-ÿ]{0,12})6(?=[a-zß-ÿ]+[,.]?$)"), r"\1ó"),
            (re.compile(r"^([A-ZÀ-Þ][a-zß-ÿ]{2,12})6(?=[,.]?$)"), r"\1ó"),  # "Gerg6": ő at the end
            (re.compile(r"^([A-ZÀ-Þ][a-zß-ÿ]{2,12})S(?=[,.]?$)"), r"\1š"),  # "MikulaS": š at the end
            # "Arno&t", "So8tarić": an š read as "&" or "8" between a name's small letters
            (re.compile(r"^([A-ZÀ-Þ][a-zß-ÿ\u0100-\u017f]{1,12})[&8](?=[a-zß-ÿ\u0100-\u017f]{1,12}[,.]?$)"), r"\1š"),
            # an opening quote read from an avatar's or a field's edge before a name: "‘Simas"
            (re.compile(r"^['‘`](?=[A-ZÀ-Þ\u0400-\u042f][a-zß-ÿ\u0100-\u017f\u0430-\u045f]+,?$)"), ""),
            (re.compile(r"^\|\.$"), "I."),  # an initial after a name read as a bar: "Jure |."
            # "АндрИшина": a Cyrillic letter the Russian model lacks (ї) read as a capital inside a word; no Cyrillic
            # name is written in camel case (a legal form such as ПрАТ ends in capitals and stays)
            (re.compile(r"^([\u0410-\u042f\u0404\u0406\u0407][\u0430-\u045f']{2,})([\u0410-\u042f\u0406])"
                        r"(?=[\u0430-\u045f']{2,}[,.]?$)"), lambda m: m.group(1) + m.group(2).lower()),
            # "https://acme.atlassian.nevbrowse/ACME-1": a host's ".net/" read as ".nev"
            (re.compile(r"^((?:https?:)?//[\w.\-]+)\.nev(?=[a-z])"), r"\1.net/")]


# "PetruSka", "MaSekova", "NikSa": an š read as a capital S inside a capitalised word (not "JavaScript" nor
# "McSorley": a word of four letters or more from the S on, or a word of three or more before it with more than
# one letter after the S, is camel case)
_INNER_S = re.compile(r"^([A-ZÀ-Þ][a-zß-ÿ\u0100-\u017f]+)S([a-zß-ÿ\u0100-\u017f]+)([,.?!]?)$")


def misread_letters(text: str) -> str:
    """`text` with the letters OCR misreads in names put back (_MISREAD, _INNER_S)."""
    for rx, letter in _MISREAD:
        text = rx.sub(letter, text)
    m = _INNER_S.match(text)
    # (camel case is ASCII: "BaruSić" with its ć is a name)
    camel = m.group(0).isascii() and (len(m.group(2)) >= 3 and ner.dictionary_word("s" + m.group(2)) or
                                      len(m.group(1)) >= 3 and len(m.group(2)) >= 2 and ner.dictionary_word(m.group(1))) \
        if m else True
    if m and m.group(1) not in ("Mc", "Mac") and not camel:
        text = f"{m.group(1)}š{m.group(2)}{m.group(3)}"
    return text


def latin_lookalikes(text: str) -> str:
    """A word in Latin letters where it holds Cyrillic or Greek look-alikes and is not a word of those scripts:
    a token with digits or marks ("ЕМР-350489" -> "EMP-350489", an e-mail, a path) or a word mixing Latin with
    look-alikes ("Mаrtin"); "Вера" and "Ρόδος" stay as they are."""
    if not _NON_LATIN.search(text):
        return text
    text = _UKRAINIAN_I.sub("і", text)
    folded = text.translate(_LOOKALIKES)
    if _NON_LATIN.search(folded):  # letters only those scripts have: a word of theirs ("Анастасiя": Cyrillic і)
        return text.translate(_TO_CYRILLIC) if re.search(r"[\u0400-\u04ff]", text) else text
    if _TOKEN_MARKS.search(text) or re.search(r"[A-Za-z]", text):
        return folded
    return text


def _latin_lines(words: list[Word]) -> None:
    """Short look-alike words (three letters at most) on a row whose other words are Latin, folded to Latin in
    place."""
    for line in _rows(words):
        if not any(re.search(r"[A-Za-z]{2}", w.text) and not _NON_LATIN.search(w.text) for w in line):
            continue
        for w in line:
            letters = re.sub(r"[\W\d_]", "", w.text)
            if _NON_LATIN.search(w.text) and len(letters) <= 3:
                folded = w.text.translate(_LOOKALIKES).translate(_SHORT_LOOKALIKES)
                if not _NON_LATIN.search(folded):
                    w.text = folded


_LOWER_L_NAME = re.compile(r"^l[a-z]{2,}[,.]?$")
_CAPITALISED = re.compile(r"^[A-ZÀ-Þ][a-zß-ÿ]+[,.]?$")
_INITIAL_AFTER = re.compile(r"^[A-Z$]\.$")  # "Iida S." with the S read as "$"
LEGAL_FORM = re.compile(ORG_SUFFIX)  # "lonita UAB": a company named for its owner


def _initial_i(words: list[Word]) -> None:
    """A capital I read as a lower-case l at a name's start ("lonel Nistor", "Liviu lonescu", "Hi lon,"): a word
    "l..." that is no common word, right beside a capitalised word on its row, after a greeting or before an
    initial, spelled with I in place. A rarer dictionary word ("lida", "lon") only beside a word no dictionary
    holds (a surname), unless its I-spelling is a listed first name ("lan" is a word, "Ian" a name)."""
    for row in _rows(words):
        row = sorted(row, key=lambda w: w.x)
        for i, w in enumerate(row):
            if not _LOWER_L_NAME.match(w.text) or ner.common_word(w.text):
                continue
            rare_word = ner.dictionary_word(w.text) and fold("I" + w.text[1:].rstrip(",.")) not in first_names()
            before, after = (row[i - 1] if i else None), (row[i + 1] if i + 1 < len(row) else None)
            near = [v for v in (before, after) if v is not None and abs(v.x - w.x) < 40 * max(v.h, w.h) and
                    min(abs(v.x - (w.x + w.w)), abs(w.x - (v.x + v.w))) <= 1.2 * max(v.h, w.h)]
            name_beside = any(_CAPITALISED.match(v.text) and not (rare_word and ner.dictionary_word(v.text))
                              for v in near)
            greeted = before in near and before.text.rstrip(",") in GREETINGS
            initial = after in near and (_INITIAL_AFTER.match(after.text) or
                                         LEGAL_FORM.fullmatch(after.text) and not ner.dictionary_word(w.text))
            if name_beside or greeted or initial:
                w.text = "I" + w.text[1:]


GREETINGS = ("Hi", "Hey", "Hello", "Dear", "Thanks")
GLUED_GREETING = re.compile(rf"({'|'.join(GREETINGS)})([A-ZÀ-Þ][^\W\d_]+[,!.:]?)")
GLUED_NAME = re.compile(r"([A-Z][a-z]{2,})([A-ZÀ-Þ][^\W\d_A-Z]+[,.:]?)")
GLUED_INITIAL = re.compile(r"([A-ZÀ-Þ][^\W\d_A-Z]{2,})([A-Z]\.)([^\W\d_]+[,.]?)?")
# a postcode's end and its town: "1NLJudithtown" (NP93 1NL), "10115Berlin"
GLUED_POSTCODE = re.compile(r"(\d[A-Z]{2}|\d{4,6})([A-ZÀ-Þ][^\W\d_A-Z]{2,}[,.]?)")


def split_csv(words: list[Word]) -> list[Word]:
    """Words with a CSV row's fields apart where the page read took the row for one word ("Арсен
    WmopryH,arsen_shmorgun@theocharis.net,+7"): a word whose commas part two or more fields, one of them an
    e-mail, is cut after each comma; each field gets its share of the box by its letters and keeps its comma."""
    out = []
    for w in words:
        fields = re.findall(r"[^,]+,?", w.text)
        if len(fields) < 2 or not any(WHOLE_EMAIL.match(f.rstrip(",")) or "@" in f[1:] for f in fields) or \
                any(len(f.rstrip(",")) < 2 for f in fields):
            out.append(w)
            continue
        out += _cut(w, fields)
    return out


def _cut(w: Word, parts: list[str]) -> list[Word]:
    """Word w cut into `parts`, each with its share of the box by its letters and a space's width before it
    (the line's text keeps the space)."""
    out, x, space = [], w.x, max(1, round(0.3 * w.h))
    for i, part in enumerate(parts):
        width = round(w.w * len(part) / len(w.text))
        start = x + (space if i else 0)
        out.append(Word(part, start, w.y, max(1, width - (start - x)), w.h, w.conf, w.line))
        x += width
    return out


def split_glued(words: list[Word]) -> list[Word]:
    """Words with the space between a name and its neighbour restored where OCR lost it: a greeting and a name
    ("HiElise,"), an English word and a listed first name ("OnboardingJake"), a listed first name and an initial
    ("ElianaC.", "PeterJ.back"), a postcode and its town ("1NLJudithtown"). Each part gets its share of the box
    by its letters."""
    out = []
    for w in words:
        parts = _glued_parts(w.text)
        if len(parts) < 2:
            out.append(w)
            continue
        out += _cut(w, parts)
    return out


def _glued_parts(text: str) -> list[str]:
    if m := GLUED_GREETING.fullmatch(text):
        return list(m.groups())
    if (m := GLUED_NAME.fullmatch(text)) and fold(m.group(2).rstrip(",.:")) in first_names() and \
            m.group(1) not in ("Mac", "Mc") and (ner.dictionary_word(m.group(1)) or len(m.group(1)) >= 6 or
                                                 fold(m.group(1)) in first_names()):
        return list(m.groups())
    if m := GLUED_POSTCODE.fullmatch(text):
        return list(m.groups())
    if (m := GLUED_INITIAL.fullmatch(text)) and (fold(m.group(1)) in first_names() or ner.lone_name(m.group(1))):
        return [g for g in m.groups() if g]
    return [text]


# Latin letters a Cyrillic word comes out as when the English model wins it ("EBTyWeHKO" for "Евтушенко")
_CYRILLIC_LOOKS = str.maketrans("ABCEHKMOPTXaceopxykWwbnumrIi", "АВСЕНКМОРТХасеорхукШшьпитгІі")  # "IrHaT": Ігнат
_ODD_CASE = re.compile(r"[a-z][A-Z]|^[A-Z]{2,}[a-z]")  # upper case after lower: not how a Latin word is written


_DIGIT_LOOKS = str.maketrans("36", "зб")  # "3axap": Захар, "3apy6a": Заруба
_DIGIT_IN_WORD = re.compile(r"(?=(?:[A-Za-z]*[36]){1,2}[A-Za-z]*$)(?=(?:[^A-Za-z]*[A-Za-z]){4})(?=.*[g-zG-Z])[A-Za-z36]+")


def _cyrillic_rows(words: list[Word]) -> None:
    """A Latin word of odd case whose every letter passes for a Cyrillic one, on a row with a Cyrillic word, spelled
    in Cyrillic in place (first letter upper case, the rest lower case); so is a word of such letters with a 3 or a
    6 among them (З and б as OCR reads them: "3axap") on a screen with Cyrillic words, when it is no hex run."""
    cyrillic_screen = any(re.search(r"[\u0400-\u04ff]{3}", w.text) for w in words)
    for row in _rows(words):
        cyrillic_row = any(re.search(r"[\u0400-\u04ff]{2}", w.text) for w in row)
        for w in row:
            word = w.text.rstrip(",.")
            if cyrillic_row and re.fullmatch(r"[A-Za-z]{4,}", word) and _ODD_CASE.search(word) or \
                    cyrillic_screen and _DIGIT_IN_WORD.fullmatch(word):
                spelled = word.translate(_DIGIT_LOOKS).translate(_CYRILLIC_LOOKS)
                if not re.search(r"[A-Za-z\d]", spelled):
                    w.text = spelled[:1].upper() + spelled[1:].lower() + w.text[len(word):]


def _kept(text: str, conf: float) -> bool:
    """A word read at this confidence is kept: sure enough, or unsure but shaped like a handle, a surname before
    its comma or a token."""
    return conf >= MIN_WORD_CONF or conf >= LOW_WORD_CONF and (LOW_CONF_WORD.fullmatch(text) is not None or
                                                               LOW_CONF_OTHER_SCRIPT.fullmatch(text) is not None) or \
        conf >= 0 and (LOW_CONF_SURNAME.fullmatch(text) is not None or URL_SHAPED.fullmatch(text) is not None or
                       _token_shaped(text) or
                       PROMPT_SHAPED.fullmatch(text) is not None or ANY_CONF_SHAPES.fullmatch(text) is not None)


def _token_shaped(text: str) -> bool:
    """16 characters or more without a space, letters and digits, mostly alphanumeric: a key or a password."""
    alnum = sum(c.isascii() and c.isalnum() for c in text)
    return len(text) >= 16 and " " not in text and alnum >= 0.7 * len(text) and \
        any(c.isdigit() for c in text) and any(c.isascii() and c.isalpha() for c in text)


PLAIN_WORD = re.compile(r"[^\W\d_]+[:=,.]?")
PLAIN_WORD_CONF = 80


def _join_token_pieces(data: dict) -> None:
    """Join, in place, the pieces Tesseract cuts one long token into ("xoxb-", "69101673837", "-", ...: each read
    unsure, some dropped): a run of pieces on one of its lines, each within 0.6 heights of the last, is one word
    when the run joined holds a key's random run, is a shell prompt, or is a URL cut after its host's first part.
    A word read surely and made of letters only ("export", "Password:") is never a piece, so a label stays apart
    from its value. The run's first entry holds the joined text, the union box and the lowest confidence; the others are
    emptied."""
    n = len(data["text"])
    i = 0
    while i < n:
        j = i
        while j + 1 < n and _piece(data, j) and _piece(data, j + 1) and _abut(data, j, j + 1):
            j += 1
        if j > i:
            joined = "".join(data["text"][k].strip() for k in range(i, j + 1))
            if _random_run(joined) or _cut_url(data["text"][i].strip(), data["text"][i + 1].strip()) or \
                    PROMPT_SHAPED.fullmatch(joined):  # "theres." "vanderdussen@laptop:~/infra-core$"
                left = min(data["left"][k] for k in range(i, j + 1))
                top = min(data["top"][k] for k in range(i, j + 1))
                right = max(data["left"][k] + data["width"][k] for k in range(i, j + 1))
                bottom = max(data["top"][k] + data["height"][k] for k in range(i, j + 1))
                data["text"][i], data["conf"][i] = joined, min(float(data["conf"][k]) for k in range(i, j + 1))
                data["left"][i], data["top"][i], data["width"][i], data["height"][i] = \
                    left, top, right - left, bottom - top
                for k in range(i + 1, j + 1):
                    data["text"][k] = ""
        i = j + 1


def _random_run(text: str) -> bool:
    """`text` holds a key's random run: 20 characters or more mixing upper, lower and digits (a handle and a date
    or a street and its number, read without the space between them, do not)."""
    return any(random_token(m.group(0)) for m in TOKEN.finditer(text))


def _cut_url(first: str, second: str) -> bool:
    """A URL cut after its host's first part, or at a dot or a slash: "https://git" "figueras.co/..."."""
    return bool(re.fullmatch(r"[\"'`‘’(\[<]?(?:https?:)?//[\w\-]+", first) or
                URL_SHAPED.fullmatch(first) and (first[-1] in "./" or second[:1] in "./"))


def _piece(data: dict, i: int) -> bool:
    text = (data["text"][i] or "").strip()
    return bool(text) and not (float(data["conf"][i]) >= PLAIN_WORD_CONF and PLAIN_WORD.fullmatch(text))


def _abut(data: dict, a: int, b: int) -> bool:
    same_line = all(data[k][a] == data[k][b] for k in ("block_num", "par_num", "line_num"))
    gap = data["left"][b] - (data["left"][a] + data["width"][a])
    return same_line and gap <= 0.6 * max(data["height"][a], data["height"][b])


def read_words(img: Image.Image) -> list[Word]:
    """Words with boxes (in the image's pixels) via `tesseract ... tsv`, in Latin, Cyrillic and Greek letters
    (`page_langs`); look-alike letters in Latin tokens folded to Latin (`latin_lookalikes`)."""
    import pytesseract

    settings.set_in_process(ONE_THREAD)  # Tesseract inherits it; set on first use, never at import
    prepared, scale = _prepare(img)
    try:
        page = tessdata.page_data()
        data = pytesseract.image_to_data(prepared, lang=page.langs, config=f"--psm 11 --oem 1 {page.config()}",
                                         output_type=pytesseract.Output.DICT)
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError) as exc:
        raise OcrUnavailable(f"tesseract cannot run: {type(exc).__name__}") from None
    _join_token_pieces(data)
    words = []
    for i, text in enumerate(data["text"]):
        text = misread_letters(latin_lookalikes((text or "").strip()))
        conf = float(data["conf"][i])
        if not text or not _kept(text, conf):
            continue
        if data["height"][i] / scale < MIN_WORD_HEIGHT:
            continue  # a link's underline or a rule read as text
        words.append(Word(text, round(data["left"][i] / scale), round(data["top"][i] / scale),
                          round(data["width"][i] / scale), round(data["height"][i] / scale), conf,
                          (data["block_num"][i], data["par_num"][i], data["line_num"][i])))
    words = split_csv(words)
    _latin_lines(words)
    _cyrillic_rows(words)
    _initial_i(words)
    lines = _lines(words)  # both passes mend words in place: the lines stay the same lines
    _lost_first_letters(img, lines)
    _script_again(img, lines)
    return _emails_again(img, _unread_again(img, split_glued(words)))


# a word that ends an e-mail's domain, or holds an "@", with no whole e-mail on its line: the page read broke the
# address ("danai dolah.io", "ssilina( Ko istinen.io", "antanasg@pr оп.те")
_DOMAIN_END = re.compile(r"(?i)^@?[\w(\-]*\.(?:com|org|net|io|co|dev|app|me|info|biz|eu|de|fr|es|it|nl|uk|ch|se|no|"
                         r"pl|fi|cz|sk|hu|ro|hr|lt|lv|ee|gr|ru|ua)[>),.;]?$")


# an "@" inside a word with a host after it that is no shell prompt's ("antanasg@pr", not "ana@laptop:~$")
_BROKEN_AT = re.compile(r"^[^@:$#]*\w@[^\W\d_][^:$#~/]*$")


def _emails_again(img: Image.Image, words: list[Word]) -> list[Word]:
    """The words with each e-mail address the page read broke read again: the words from a broken piece back to
    the start of its run (up to three words, gaps under 2.5 heights) as one strip; when that reads a whole e-mail,
    its words take the place of the run's."""
    for line in _lines(words):
        text = _text(line)[0]
        if WHOLE_EMAIL.search(text):
            continue
        for i, w in enumerate(line):
            if not (_DOMAIN_END.match(w.text) or _BROKEN_AT.search(w.text)):  # ("@mia" is a handle)
                continue
            if i + 1 < len(line) and line[i + 1].text[:1] in "-:~":
                continue  # a prompt OCR cut after its host's first letters ("pirjot@ws -12:~$")
            start = i
            while "@" not in w.text[1:] and start > 0 and i - start < 3 and \
                    line[start].x - (line[start - 1].x + line[start - 1].w) < 2.5 * w.h:
                start -= 1  # the address's first pieces: the dropped "@" leaves a gap wider than a space
            run = line[start:i + 1]
            again = _reread_run(img, run)
            if again and any(WHOLE_EMAIL.search(a.text) for a in again):
                gone = {id(r) for r in run}
                words = [v for v in words if id(v) not in gone] + again
            break  # one broken address a line
    return words


def _reread_run(img: Image.Image, run: list[Word]) -> list[Word] | None:
    x0, y0 = min(w.x for w in run), min(w.y for w in run)
    x1, y1 = max(w.x + w.w for w in run), max(w.y + w.h for w in run)
    h = y1 - y0
    again = _read_strip(img, x0 - 6, y0 - 4, x1 + h, y1 + 4)
    return [Word(latin_lookalikes(a.text), a.x, a.y, a.w, a.h, a.conf, (0, 0, 0)) for a in again or []
            if x0 <= a.x + a.w / 2 <= x1] or None  # (a word beside the run is the page read's already)


def _unread_again(img: Image.Image, words: list[Word]) -> list[Word]:
    """The words with the ink the page read left unread beside a line (`unread.unread_ink`) read again: the line's
    strip with that ink is read as one line, in the line's script; when it reads more letters, surely (mean
    confidence 60), and has words over every such ink, those words take the place of the words they overlap.
    Ink on another background than the line's (an avatar's initials) or more than 0.8 heights away is not the
    line's; ink between two lines of a row joins them (the page read cut one word in two around it)."""
    grey = np.asarray(img.convert("L"))
    bg = unread.background(grey)
    found = unread.unread_ink(grey, [(w.x, w.y, w.w, w.h) for w in words], bg)
    if not found:
        return words
    lines = _lines(words)
    groups: list[tuple[set[int], list]] = []  # lines one run of ink joins (the middle of an e-mail), with the ink
    for ink in found:
        joined = (set(_lines_beside(ink, lines, bg)), [ink])
        if not joined[0]:
            continue
        for group in [g for g in groups if g[0] & joined[0]]:
            groups.remove(group)
            joined = (joined[0] | group[0], joined[1] + group[1])
        groups.append(joined)
    for ks, inks in groups:
        line = sorted((w for k in ks for w in lines[k]), key=lambda w: w.x)
        # only the words near the ink are read again (a long chat line's other words cost time, not letters)
        reach = 6 * statistics.median(w.h for w in line)
        line = [w for w in line if any(w.x - reach <= x + iw and x - reach <= w.x + w.w for x, _, iw, *_ in inks)]
        boxes = [(w.x, w.y, w.w, w.h) for w in line] + [ink[:4] for ink in inks]
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
        again = _read_strip(img, x0 - 6, y0 - 5, x1 + 6, y1 + 5, _script_model(" ".join(w.text for w in line))) or []
        letters = sum(c.isalnum() for w in line for c in w.text)
        if not again or sum(c.isalnum() for w in again for c in w.text) <= letters or \
                statistics.mean(w.conf for w in again) < 60:
            continue
        over = [w for w in again if any(w.x < x + iw and x < w.x + w.w for x, _, iw, *_ in inks)]
        if not all(any(w.x < x + iw and x < w.x + w.w for w in over) for x, _, iw, *_ in inks):
            continue
        gone: set[int] = set()
        while True:  # the read words over the ink, the old words they overlap, the read words over those...
            gone = {id(o) for o in line if any(_overlap_x(o, w) for w in over)}
            more = [w for w in again if w not in over and any(_overlap_x(o, w) for o in line if id(o) in gone)]
            if not more:
                break
            over += more
        words = [w for w in words if id(w) not in gone] + \
            [Word(misread_letters(latin_lookalikes(w.text)), w.x, w.y, w.w, w.h, w.conf, (0, 0, 0)) for w in over]
    return words


def _overlap_x(a: Word, b: Word) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w


def _lines_beside(ink: tuple[int, int, int, int, int], lines: list[list[Word]], bg: np.ndarray) -> list[int]:
    """The lines the unread ink continues: on its row, of its height, at most 0.8 heights away, on the same
    background (within 40 grey levels); the nearest such line on either side of it (one line when it lies
    inside a line)."""
    x, y, w, h, level = ink
    mid = y + h / 2
    nearest: dict[str, tuple[float, int]] = {}
    for k, line in enumerate(lines):
        top, bottom = min(v.y for v in line), max(v.y + v.h for v in line)
        height = max(8.0, statistics.median(v.h for v in line))
        if not top - 0.3 * height <= mid <= bottom + 0.3 * height or not 0.5 * height <= h <= 1.8 * height:
            continue
        before, after = line[0].x - (x + w), x - (line[-1].x + line[-1].w)
        centre = x + w / 2  # which side of the line the ink is on (it may touch the line's end)
        side = "before" if centre < line[0].x else "after" if centre > line[-1].x + line[-1].w else "over"
        gap = max(before, after, 0)
        if gap > 0.8 * height or side in nearest and gap >= nearest[side][0]:
            continue
        line_level = statistics.median(float(np.median(bg[v.y:v.y + v.h, v.x:v.x + v.w])) for v in line)
        if abs(line_level - level) <= 40:
            nearest[side] = (gap, k)
    if "over" in nearest:
        return [nearest["over"][1]]
    return [k for _, k in nearest.values()]


def _script_again(img: Image.Image, lines: list[list[Word]]) -> None:
    """A word read in another script than the word beside it, unsure, mixed up, or short and alone in its script
    on the line: the page read took a name in one alphabet for another ("Вида! Holding" for "Budai Holding",
    "той" after "József" for "Tóth", "@Бгепда" for "@brenda"; "Назар lBaųeHko" for "Назар Іващенко"). Read again
    with the model of the neighbour's script alone (Latin, or Russian for Cyrillic), and spelled as that read when
    it reads as a word of that script and is surer by ten points (a mixed-up read: at 40; a short lone one: at
    80)."""
    langs = tessdata.page_data().langs.split("+")
    for line in lines:
        for k, w in enumerate(line):
            script = _script_model(w.text)
            # a short word alone in its script on the line ("József той", "пай Hautamaki"), no English word ("and"
            # in a Cyrillic line), however sure the read
            lone = sum(c.isalpha() for c in w.text) <= 4 and not ner.dictionary_word(w.text) and \
                not any(_script_model(v.text) == script for v in line if v is not w)
            if w.conf >= 85 and not _MIXED_UP.search(w.text) and not lone:
                continue
            beside = [line[j] for j in (k - 1, k + 1) if 0 <= j < len(line)]
            if _NON_LATIN.search(w.text) and any(LATIN_LETTERS.search(v.text) and not _NON_LATIN.search(v.text)
                                                 for v in beside):
                model, word = "Latin", LATIN_WORD
            elif not _CYRILLIC.search(w.text) and any(CYRILLIC_LETTERS.search(v.text) for v in beside) and \
                    re.search(r"[^\W\d_]{3}", w.text):
                model, word = "rus", CYRILLIC_WORD
            else:
                continue
            if model not in langs:
                continue
            pad = max(3, round(0.3 * w.h))
            # from the word before it: the page read may have left the first letter out of the word's box
            prev = line[k - 1] if k else None
            x0 = prev.x + prev.w + 2 if prev is not None and w.x - (prev.x + prev.w) <= 1.5 * w.h else w.x - pad
            again = _read_strip(img, x0, w.y - pad, w.x + w.w + pad, w.y + w.h + pad, model) or []
            surer = again and (again[0].conf >= w.conf + 10 or _MIXED_UP.search(w.text) and again[0].conf >= 40 or
                               lone and again[0].conf >= 80)
            text = misread_letters(again[0].text) if again else ""
            if len(again) == 1 and surer and word.fullmatch(text):
                right = max(w.x + w.w, again[0].x + again[0].w)
                w.text, w.x = text, min(w.x, again[0].x)
                w.w = right - w.x


# what no word of one script holds: a capital inside it after a small letter, a "$" or "!" among its letters
# ("СотраМа" for "Compañía", "Сапоуа$" for "Cánovas", however sure the read); read again, a word of the other
# script is taken at confidence 40 (anything is surer than such a read)
_MIXED_UP = re.compile(r"[^\W\d_][$!]|[^\W\d_A-ZÀ-Þ\u0391-\u03a9\u0410-\u042f][A-ZÀ-Þ\u0391-\u03a9\u0410-\u042f]|"
                       r"[\u1f00-\u1fff]")  # polytonic Greek: no modern name is written so ("Ηἰκοπιοκ")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN_LETTERS = re.compile(r"[A-Za-z]{3}")
CYRILLIC_LETTERS = re.compile(r"[\u0400-\u04ff]{3}")
# a word as names and words are written in Latin letters: five letters or more, or four capitalised, in lower case
# or capitalised, a handle's "@" before it ("Andrašíková,", "Budai", "Tóth", "@brenda"; not "ABryCTNH" nor
# "TIOC", which the Latin model makes of Cyrillic words)
LATIN_WORD = re.compile(r"@?(?:[A-ZÀ-Þ\u0100-\u017f]?[a-zß-ÿ\u0100-\u017f]{4,}|[A-ZÀ-Þ\u0100-\u017f][a-zß-ÿ\u0100-\u017f]{3})"
                        r"[,.?!]?")
# the same in Cyrillic letters, with the Ukrainian ones and an apostrophe ("Іващенко", "Мар'яна")
CYRILLIC_WORD = re.compile(r"[\u0400-\u042f]?[\u0430-\u045f'’]{3,}[,.?!]?")


def _script_model(word: str) -> str | None:
    """The page read's model to read a word's strip again with: `rus` for Cyrillic letters, `ell` for Greek ones,
    else `eng`; None when the page read has no such model."""
    lang = "rus" if _CYRILLIC.search(word) else "ell" if re.search(r"[\u0370-\u03ff]", word) else "eng"
    return lang if lang in tessdata.page_data().langs.split("+") else None


def _lost_first_letters(img: Image.Image, lines: list[list[Word]]) -> None:
    """A line's first word that starts in lower case with ink right before it ("effrey L." for "Jeffrey L.",
    "indah@outlook.com", "гнат" for "Ігнат"): the page read dropped its first letter or two. Its strip is read
    again as one line, in the word's script; a word there that is the same word with one to three letters before
    it takes its place."""
    grey = None
    for line in lines:
        first = line[0]
        if len(first.text) < 2 or not first.text[0].islower() or not first.text[0].isalpha():
            continue
        grey = np.asarray(img.convert("L")) if grey is None else grey
        x0 = max(0, first.x - max(3, round(0.6 * first.h)))
        before = grey[first.y:first.y + first.h, x0:max(x0 + 1, first.x - 1)]
        if before.size == 0 or int(before.max()) - int(before.min()) <= 80:
            continue  # plain background before it: the word starts there
        top, bottom = min(w.y for w in line), max(w.y + w.h for w in line)
        script = _script_model(first.text)
        if script is None:
            continue
        again = _read_strip(img, first.x - round(1.5 * first.h), top - 6, max(w.x + w.w for w in line) + 8,
                            bottom + 6, script) or []
        for w in again:
            text = misread_letters(latin_lookalikes(w.text))  # "|гнат": the Ukrainian І the Russian model lacks
            lost = text[:len(text) - len(first.text)]
            if text.endswith(first.text) and 1 <= len(lost) <= 3 and lost.isalpha() and w.x < first.x:
                first.w += first.x - w.x
                first.x, first.text = w.x, text
                break


def _rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped by baseline band (a screen's row, however far apart its words are)."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.y + w.h / 2):
        mid = w.y + w.h / 2
        row = rows[-1] if rows else None
        if row is not None:
            # medians, not the mean and the tallest: an avatar or an icon read as a tall "word" between two text
            # lines would otherwise pull the next line's words into this row
            ref = statistics.median(v.y + v.h / 2 for v in row)
            if abs(ref - mid) <= max(4.0, 0.5 * max(statistics.median(v.h for v in row), w.h)):
                row.append(w)
                continue
        rows.append([w])
    return rows


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into text lines: same baseline band, left to right, split at wide gaps
    (with --psm 11 every sparse word may be its own block, so Tesseract's line numbers are not enough)."""
    lines: list[list[Word]] = []
    for row in _rows(words):
        row.sort(key=lambda w: w.x)
        line = [row[0]]
        for w in row[1:]:
            last = line[-1]
            if w.x - (last.x + last.w) > 2.0 * max(last.h, w.h, 8):
                lines.append(line)
                line = [w]
            else:
                line.append(w)
        lines.append(line)
    return _join_split_rows(lines)


def _continues(left: Word, right: Word) -> bool:
    """`right` goes on the text line `left` ends: within two heights to its right, the middles within a third of a
    height."""
    h = max(left.h, right.h, 8)
    gap = right.x - (left.x + left.w)
    return -2 <= gap <= 2.0 * h and abs((left.y + left.h / 2) - (right.y + right.h / 2)) <= h / 3


def _join_split_rows(lines: list[list[Word]]) -> list[list[Word]]:
    """Lines that are one line of text the row grouping cut apart ("14892" and "Labin" a pixel higher, the two
    columns' rows having drifted): side by side within two heights, the facing words' middles within a third of
    their height, joined left to right."""
    out: list[list[Word]] = []
    for line in sorted(lines, key=lambda line: line[0].x):  # a line's continuation starts right of it
        before = next((o for o in out if _continues(o[-1], line[0])), None)
        if before is None:
            out.append(list(line))
        else:
            before += line
    return sorted(out, key=lambda line: (min(w.y for w in line), line[0].x))


def field_box(grey: np.ndarray, box: list[int]) -> list[int]:
    """The input field around a text box: the nearest edges (a pixel unlike the field's background) left,
    right, above and below, within reach; the text box itself when it is not inside a field."""
    x, y, w, h = box
    H, W = grey.shape
    mid = min(H - 1, y + h // 2)
    x_in = max(0, x - 3)
    bg = float(grey[mid, x_in])

    def walk(line: np.ndarray, limit: int) -> int | None:
        hit = np.flatnonzero(np.abs(line[:limit].astype(np.int16) - bg) > 24)
        return int(hit[0]) if len(hit) else None

    left = walk(grey[mid, x_in::-1], 48)
    right = walk(grey[mid, min(W - 1, x + w + 2):], 900)
    up = walk(grey[mid::-1, x_in], h // 2 + 24)
    down = walk(grey[mid:, x_in], h // 2 + 24)
    if None in (left, right, up, down):
        return box
    x0, x1 = x_in - left, x + w + 2 + right
    y0, y1 = mid - up, mid + down
    if x1 - x0 > 6 * max(w, 40) or y1 - y0 > 3 * h + 16 or y1 - y0 < h or x1 - x0 < w:  # not a field
        return box
    c = 8  # rounded corners
    edges = [grey[y0, x0 + c:x1 - c], grey[y1, x0 + c:x1 - c], grey[y0 + c:y1 - c, x0], grey[y0 + c:y1 - c, x1]]
    if any(e.size and (np.mean(np.abs(e.astype(np.int16) - bg) > 12) < 0.8 or
                       np.mean(np.abs(e.astype(np.int16) - int(np.median(e))) <= 16) < 0.8) for e in edges):
        return box  # not a border: a border is one colour all along, unlike the background (not a text line)
    return [x0, y0, x1 - x0 + 1, y1 - y0 + 1]


# a terminal or form prompt asking for a secret, the rest of the line being the answer (not a URL's "?token=":
# the URL is the finding there)
PROMPT_VALUE = re.compile(r"(?i)(?<![?&/=.\-_])\b(secret access key|access key id|secret key|api key|token|password|passphrase)"
                          r"[^:=\[]{0,14}(?:\[[^\]]{0,12}\]\s*[:=]?|[:=])\s*(\S.*)$")


def _prompt_values(text: str) -> list[Hit]:
    m = PROMPT_VALUE.search(text)
    if not m or len(m.group(2).replace(" ", "")) < 12:
        return []
    cat = "password" if m.group(1).lower() in ("password", "passphrase") else "secret"
    return [Hit(m.start(2), len(text.rstrip()), cat, "prompt-context", 0.6)]


URL_CUT = re.compile(r"(?:https?:(?://)?|git@)[\w.\-/?=&%:]*$")  # the line so far ends inside a URL or a remote


INITIAL = re.compile(r"[A-Z\u0391-\u03a9\u0410-\u042f$]\.")


# a scheme or a user, then the host's first label
HOST_START = re.compile(r"[\"'(<]?(?:https?://|[a-z][\w.\-]*@)[a-z][\w\-]*")
HOST_REST = re.compile(r"[A-Za-z][\w\-]*\.[a-z]{2,}(?:\.[a-z]{2,})?[/:]")  # the rest of the host, then a path


# the small words that join names in a sentence, which a tight font sets close to them ("edited by Juliette")
SMALL_WORDS = frozenset("of by for and or to with from at in on the".split())


def _text(line: list[Word]) -> tuple[str, list[tuple[int, int]]]:
    text, spans = "", []
    prev = None
    for w in line:
        gap = w.x - (prev.x + prev.w) if prev is not None else 0
        # "marta.quillon77 @example.org": an e-mail split at its "@" (not "ask @tkowalczyk", a handle)
        at_sign = prev is not None and re.match(r"[\w.+\-]+$", prev.text) is not None and \
            w.text.startswith("@") and SPLIT_EMAIL_DOMAIN.match(w.text[1:]) is not None
        # "https: //host. net/path" : a URL that OCR cut at its punctuation
        in_url = prev is not None and URL_CUT.search(text) is not None and \
            (prev.text.endswith((":", ".", "/", "?", "=", "&", "-")) or w.text.startswith(("//", ".", "/", "?", "&")))
        # "jeffrey. lopez@ws-12:~$", "amber .hayden@laptop": a prompt's user name that OCR cut at its dot
        user_dot = prev is not None and (re.fullmatch(r"[a-z][\w\-]*\.", prev.text) is not None and
                                         re.match(r"[a-z][\w.\-]*@", w.text) is not None or
                                         re.fullmatch(r"[a-z][\w\-]*", prev.text) is not None and
                                         re.match(r"\.[a-z][\w.\-]*@", w.text) is not None)
        # "https://git" "figueras.co/gregorio/sync.git", "git@git" "Lab.com:teixeira/claims.git": a host's dot read
        # as a space; put back
        host_dot = prev is not None and HOST_START.fullmatch(prev.text) is not None and \
            HOST_REST.match(w.text) is not None and gap <= 0.8 * max(prev.h, w.h)
        # "Coding" "style": two English words Tesseract read apart are two words, however close; a word's comma
        # ends it ("Лазарева," "Lazarl@psyrri.net": a CSV row's fields)
        words = prev is not None and prev.text.isalpha() and (
            w.text.isalpha() and ner.dictionary_word(prev.text) and ner.dictionary_word(w.text) or
            len(prev.text) >= 2 and INITIAL.fullmatch(w.text) is not None or  # "Gytis" "A.": a name and its initial
            # "Onboarding" "Jake": a word, then a capitalised one (a subject before the sender's name); one
            # word in camel case cut in two ("Java" "Script") reads as two words, which no detector minds
            (len(prev.text) >= 4 and prev.text[1:].islower() or prev.text in GREETINGS or prev.text in SMALL_WORDS) and
            w.text[:1].isupper() and w.text.istitle() and len(w.text) >= 2 or
            # "Cooper" "and" "Mason", "record" "of" "Joshua": a small word between names is a word of its own
            w.text in SMALL_WORDS) or \
            prev is not None and prev.text.endswith(",") and prev.text[:-1].isalpha() and \
            (w.text.istitle() or w.text[:1].isalpha()) or \
            prev is not None and GLUED_POSTCODE.fullmatch(prev.text + w.text) is not None  # "1NL" "Judithtown"
        if host_dot:
            text += "."
        elif prev is not None and (words or gap > (0.6 if at_sign or in_url or user_dot else 0.2) * max(prev.h, w.h)):
            text += " "  # words closer than that are one word Tesseract split (an e-mail around "@")
        prev = w
        spans.append((len(text), len(text) + len(w.text)))
        text += w.text
    return text, spans


def _reread(img: Image.Image, line: list[Word]) -> list[Word] | None:
    """The line's strip read again at 3x as a single line; word boxes mapped back."""
    return _read_strip(img, min(w.x for w in line) - 8, min(w.y for w in line) - 6,
                       max(w.x + w.w for w in line) + 120, max(w.y + w.h for w in line) + 6)


def _read_strip(img: Image.Image, x0: int, y0: int, x1: int, y1: int, lang: str | None = None) -> list[Word] | None:
    """A strip of the image read at 3x as a single line (--psm 7); word boxes in the image's pixels. `lang`: a
    model of the page read's (`Latin` for the letters of every Latin alphabet, `rus`, `ell`), else English."""
    import pytesseract

    settings.set_in_process(ONE_THREAD)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(img.width, x1), min(img.height, y1)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    crop = img.crop((x0, y0, x1, y1)).convert("L")
    if np.asarray(crop).mean() < 110:
        crop = ImageOps.invert(crop)
    scale = 3
    crop = crop.resize((crop.width * scale, crop.height * scale), Image.Resampling.LANCZOS)
    try:
        model = {"lang": lang, "config": f"--psm 7 --oem 1 {tessdata.page_data().config()}"} if lang else \
            {"config": "--psm 7 --oem 1"}
        data = pytesseract.image_to_data(crop, output_type=pytesseract.Output.DICT, **model)
    except (pytesseract.TesseractError, OSError):
        return None
    words = [Word(t.strip(), x0 + round(data["left"][i] / scale), y0 + round(data["top"][i] / scale),
                  round(data["width"][i] / scale), round(data["height"][i] / scale), float(data["conf"][i]), (0, 0, 0))
             for i, t in enumerate(data["text"]) if (t or "").strip() and _kept(t.strip(), float(data["conf"][i]))]
    return sorted(words, key=lambda w: w.x) or None


WHOLE_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+\.[a-z]{2,}")
CUT_EMAIL = re.compile(r"[<(\[\"']?[\w.+\-]+@[a-z0-9\-]*[a-z](\.[a-z]*)?")  # user@host: prompts end in ':' or digits
CARD_CODE_LABEL = re.compile(r"(?i)^(cv[cve]2?|cid|csc|security)\b")  # OCR reads CVC as "cve" at times


def _card_code_labels(words: list[Word]) -> list[Word]:
    """The words that label a card code: CVC, CVV, CID, CSC, or "Security" before "code" on its line (not
    "Security training" over a date)."""
    out = []
    for w in words:
        if not CARD_CODE_LABEL.match(w.text):
            continue
        if w.text[:8].lower() != "security" or any(
                n.line == w.line and 0 <= n.x - (w.x + w.w) <= 2 * max(w.h, 8) and n.text.lower().startswith("code")
                for n in words):
            out.append(w)
    return out


def _card_codes(line: list[Word], spans: list[tuple[int, int]], words: list[Word]) -> list[Hit]:
    """3-4 digits in a field under a CVC/CVV/security code label."""
    out = []
    labels = _card_code_labels(words)
    for w, (a, b) in zip(line, spans):
        if re.fullmatch(r"\d{3,4}", w.text) and any(0 < w.y - lab.y < 60 and abs(w.x - lab.x) < 40
                                                    for lab in labels):
            out.append(Hit(a, b, "credit_card", "card-context", 0.75))
    return out


def _card_code_fields(img: Image.Image, words: list[Word]) -> list[tuple[Word, Word]]:
    """(label, value) for card codes the page read missed: the strip under each label read again larger."""
    found = []
    for lab in _card_code_labels(words):
        if any(re.fullmatch(r"\d{3,4}", w.text) and 0 < w.y - lab.y < 60 and abs(w.x - lab.x) < 40 for w in words):
            continue
        strip = _read_strip(img, lab.x - 6, lab.y + lab.h + 2, lab.x + 200, lab.y + lab.h + 44) or []
        found += [(lab, Word(w.text.rstrip("|"), w.x, w.y, w.w, w.h, w.conf, w.line)) for w in strip
                  if re.fullmatch(r"\d{3,4}\|?", w.text)]  # a caret after the digits reads as "|"
    return found


def _column_cells(lines: list[list[Word]]) -> list[tuple[list[Word], str, list[tuple[int, int]]]]:
    """(words, kind, value spans) for the cells of a table column headed by a password or secret word ("System
    Login Password"): in each row below that OCR read as one line with the other cells, the words starting under
    the header word (a cell read as a line of its own is layout's to read)."""
    out = []
    for line in lines:
        for head in line if len(line) <= 3 else []:  # a column header, not a word in a sentence
            kind = layout.label_kind(head.text.rstrip(":")) if head.text[:1].isupper() else None
            if kind not in ("password", "secret"):
                continue
            h = max(head.h, 8)
            bottom = head.y + head.h
            for row in sorted((r for r in lines if min(w.y for w in r) > head.y + head.h / 2),
                              key=lambda r: min(w.y for w in r)):
                top = min(w.y for w in row)
                if top - bottom > 3 * h:
                    break  # the table has ended
                starts = [k for k, w in enumerate(row) if abs(w.x - head.x) <= 0.8 * h]
                if not starts:
                    continue
                cell = [row[starts[0]]]
                for w in row[starts[0] + 1:]:  # a value OCR cut at a mark: its pieces close together
                    if w.x - (cell[-1].x + cell[-1].w) > 0.8 * h:
                        break
                    cell.append(w)
                if len(cell) == len(row):
                    continue  # the row is the cell alone: layout reads it under its label
                if layout.labelled_value("".join(w.text for w in cell), kind):
                    out.append((cell, kind, [(0, len(_text(cell)[0]))]))
                bottom = max(w.y + w.h for w in row)
    return out


# a sentence whose line ends where its password should follow: the page read dropped the value (a run of marks
# and mixed case reads at a low confidence) and cut the sentence's rest into a line of its own
SAID_BEFORE_VALUE = re.compile(r"(?i)\b(?:password|passcode|passphrase|pwd)(?:\s+(?:is|was|will be)|\s*[:=])\s*$")


def _said_values(img: Image.Image, lines: list[list[Word]], texts: list[str]
                 ) -> list[tuple[list[Word], str, list[tuple[int, int]]]]:
    """(words, "password", value spans) for a password said in a sentence that the page read dropped: the strip
    between "...password is" and the rest of its row read again larger."""
    out = []
    for i, text in enumerate(texts):
        if not SAID_BEFORE_VALUE.search(text):
            continue
        line = lines[i]
        x_end = max(w.x + w.w for w in line)
        y0, y1 = min(w.y for w in line), max(w.y + w.h for w in line)
        h = y1 - y0
        after = [min(w.x for w in other) for other in lines if other is not line and min(w.x for w in other) > x_end
                 and min(min(w.y + w.h for w in other), y1) - max(min(w.y for w in other), y0) > h / 2]
        x1 = min(after, default=x_end + 30 * h)
        if x1 - x_end < 3 * h:
            continue  # no room for a value: nothing was dropped
        strip = _read_strip(img, x_end + 2, y0 - 3, x1 - 2, y1 + 3)
        if not strip:
            continue
        value, _ = _text(strip)
        said = text.rstrip() + " "
        out += [(strip, "password", [(h.start - len(said), h.end - len(said))]) for h in secrets(said + value)
                if h.category == "password" and h.start >= len(said)]
    return out


def _secret_fields(img: Image.Image, lines: list[list[Word]], texts: list[str], found: dict[int, list[Hit]]
                   ) -> list[tuple[list[Word], str, list[tuple[int, int]]]]:
    """(words, kind, value spans) for a password or secret shown under its label that the page read missed
    (monospace symbols read badly at page scale): the strip under each such label read again larger."""
    out = []
    taken = {i for i, hits in found.items() if any(h.category in ("password", "secret") for h in hits)}
    for i, text in enumerate(texts):
        kind = layout.label_kind(text)
        if kind not in ("password", "secret"):
            continue
        x0, y0 = min(w.x for w in lines[i]), min(w.y for w in lines[i])
        h = max(w.y + w.h for w in lines[i]) - y0
        below = [j for j in taken if 0 <= min(w.y for w in lines[j]) - (y0 + h) <= 3 * h and
                 abs(min(w.x for w in lines[j]) - x0) <= 2 * h]
        if below:
            continue
        strip = _read_strip(img, x0 - 6, y0 + h + 1, x0 + 40 * h, y0 + 3 * h + 8)
        if not strip:
            continue
        value, spans = _text(strip)
        hits = layout.labelled_value(value, kind)
        if hits:
            out.append((strip, kind, [(hit.start, hit.end) for hit in hits]))
    return out


def image_hits(img: Image.Image, config: Config, words: list[Word] | None = None
               ) -> list[tuple[Hit, list[int], str]]:
    """(hit, [x, y, w, h], masked preview) for each value found on the image; a value in an input field
    gets the field's box; an address over several lines one box per line (its street, its postcode and city)."""
    out = []
    grey = np.asarray(img.convert("L"))
    words = read_words(img) if words is None else words
    lines = _lines(words)
    texts = [_text(line)[0] for line in lines]
    squares = None
    if any(AUTHOR_TIME.search(t) for t in texts):
        # a chat's message headers: the avatars' initials read as a word ("Ls", "©") are no part of the author's
        # name beside them (the avatar pass gives them their own region)
        squares = avatars.avatar_boxes(img)
        inside = [w for w in words if any(_centre_in(w, square) for square, _glyphs in squares)]
        if inside:
            words = [w for w in words if w not in inside]
            lines = _lines(words)
            texts = [_text(line)[0] for line in lines]
    host = layout.code_host(texts)
    structured: dict[int, list[Hit]] = {}
    for i, h in layout.structured_hits(lines, texts):
        structured.setdefault(i, []).append(h)
    entities = ner.entity_hits(texts) if lines else []
    todo = [(line, None, structured.get(i, []), entities[i]) for i, line in enumerate(lines)]
    todo += [([value], "credit_card", [], []) for _label, value in _card_code_fields(img, words)]
    todo += [(strip, kind, [Hit(*span, kind, f"{kind}-field", 0.7) for span in spans], [])
             for strip, kind, spans in _secret_fields(img, lines, texts, structured) + _column_cells(lines) +
             _said_values(img, lines, texts)]
    values: dict[str, set[str]] = {}
    person_lines: set[int] = set()  # lines that are a person's name and nothing else (a list's sender line)
    for n, (line, only, extra, named) in enumerate(todo):
        text, spans = _text(line)
        hits = merge(scan_text(text, config, host) + extra + _loose_secrets(text) + _prompt_values(text) +
                     _card_codes(line, spans, words + [w for x, *_ in todo for w in x]))
        hits = sorted(hits + ner.without_overlap(named, hits), key=lambda h: h.start)  # the model fills gaps only
        if only is None and any(CUT_EMAIL.fullmatch(w.text) for w in line) and \
                not any(h.category == "email" for h in hits):
            # an e-mail that did not read whole (small text): its line read larger, else the word alone (a line
            # read whole can drop the address it ends with)
            again = _reread(img, line)
            if not again or not WHOLE_EMAIL.search(_text(again)[0]):
                again = [piece for w in line if CUT_EMAIL.fullmatch(w.text)
                         for piece in _read_strip(img, w.x - 6, w.y - 4, w.x + w.w + 6 * w.h, w.y + w.h + 4) or []]
            if again:
                todo.append((again, "email", [], []))
        for h in (part for hit in hits for part in _address_parts(hit, text)):
            if n < len(lines) and h.category == "person" and not text[:h.start].strip() and \
                    not text[h.end:].strip(" ,") and not h.detector.endswith("-field") and "title-" not in h.detector:
                person_lines.add(n)  # (a value its label or the title names is a form's, not a list's)
            if only is None or h.category == only:
                out += _placed(h, line, text, spans, grey)
                if h.category in REPEATED and h.end - h.start >= 5:
                    value = text[h.start:h.end].strip()
                    values.setdefault(h.category, set()).add(value)
                    if h.category == "person":  # "Θρασύβουλος Αβραμιώτης" once, "Θρασύβουλος 14:05" elsewhere
                        values["person"] |= _name_parts(value)
    for k, h in layout.list_people(lines, texts, person_lines):
        out += _placed(h, lines[k], *_text(lines[k]), grey)
    # a value found once (by its label, its author line, the title) is found wherever else the screen shows it
    # (a sidebar, a second message), read with OCR tolerance
    lists = [NameList(f"same-{cat}", cat, tuple(sorted(v))) for cat, v in values.items()]
    for line in lines if lists else []:
        text, spans = _text(line)
        for h in match_lists(text, lists):
            if h.category in ("person", "organisation", "handle") and \
                    any(a < h.end and h.start < b and (a < h.start or h.end < b) and URL_OR_EMAIL.search(text[a:b])
                        for a, b in spans):
                continue  # part of a URL, a path, a repository or an e-mail ("calendly.com/mirta-sanmiguel")
            out += _placed(Hit(h.start, h.end, h.category, "same-value", 0.7), line, text, spans, grey)
    out += _postcode_lines(lines, out, grey)
    out += _streets_above_postcodes(lines, grey)
    out += _phone_column(lines, out, grey)
    out += _signature_phones(lines, out, grey)
    # the avatar scan is a pass over the whole image: only where an avatar can matter (a person beside it, or a
    # message header that ends in its time)
    wanted = any(hit.category == "person" for hit, _box, _ in out)
    squares = squares if squares is not None else avatars.avatar_boxes(img) if wanted else []
    out += _authors_beside_avatars(squares, lines, out, grey)
    return _dedupe(_join_name_halves(out + _avatar_initials(squares, out), words))


URL_OR_EMAIL = re.compile(r"//|^[<(\[\"']?[\w.+\-]+@[\w\-]+\.[\w.]+[>)\]\"',.]*$"
                          r"|^[<(\[\"']?[A-Za-z0-9_.\-]{2,}/[A-Za-z0-9_.\-]+[>)\]\"',.:]*$")  # "korpi/claims-tools,"


# "Érdi utca 249., H-3845 Tótvár": the street and the postcode with its city are two values (LABELLING.md)
ADDRESS_SPLIT = re.compile(r",\s*(?=(?:[A-Z]{1,2}-)?\d{3,6}\b)")
# a postcode and a city alone on their line: "H-4653 Tamásihalas", "03777 місто Лутугине", "SW1A 1AA London",
# with its district or county after it in brackets ("111 39 Jesenice (okres Rakovník)")
POSTCODE_CITY = re.compile(r"^\s*(?:(?:[A-Z]{1,2}-)?\d{4,6}|\d{3} \d{2}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\s+[^\W\d_][^\W\d_.\-' ]*(?:[ \-][^\W\d_]+){0,3}"
                           r"(?:\s*\((?:[^\W\d_]+[ .\-]*){1,5}\))?\.?\s*$")


# the postcode and city that end an address's line, after a space: where the street's comma was
POSTCODE_TAIL = re.compile(r"\s+(?=" + POSTCODE_CITY.pattern[4:] + ")")


def _address_parts(hit: Hit, text: str) -> list[Hit]:
    """An address hit cut where a comma comes before a postcode, or before a postcode and city ending it; any
    other hit as it is."""
    if hit.category != "address":
        return [hit]
    rest = text[hit.end:]
    if (text[:hit.end].rstrip().endswith(",") or rest.lstrip().startswith(",")) and \
            POSTCODE_CITY.match(rest.lstrip(" ,")):  # the postcode and city the hit stopped before
        hit = Hit(hit.start, len(text.rstrip()), hit.category, hit.detector, hit.confidence)
    cuts = [(m.start(), m.end()) for m in ADDRESS_SPLIT.finditer(text, hit.start, hit.end)]
    last = cuts[-1][1] if cuts else hit.start
    tail = POSTCODE_TAIL.search(text, last, hit.end)
    if tail and re.search(r"[^\W\d_]{3}", text[last:tail.start()]):  # a street before it: its comma lost to OCR
        cuts.append(tail.span())
    if not cuts:
        return [hit]
    bounds = [hit.start] + [b for cut in cuts for b in cut] + [hit.end]
    return [Hit(a, b, hit.category, hit.detector, hit.confidence) for a, b in zip(bounds[::2], bounds[1::2]) if b > a]


def _phone_column(lines: list[list[Word]], found: list, grey: np.ndarray) -> list:
    """A number of a phone's length alone on its line, starting where a phone found on another row starts (a table's
    phone column: its other cells wrapped or read apart from their row)."""
    starts = [box[0] for hit, box, _ in found if hit.category == "phone"]
    out = []
    for line in lines if starts else []:
        text, spans = _text(line)
        m = PHONE_LOOSE.fullmatch(text.strip())
        if m and phone_number(m.group(0)) and any(abs(line[0].x - x) <= 4 for x in starts) and \
                not any(hit.category == "phone" and abs(box[1] - line[0].y) <= 4 for hit, box, _ in found):
            out += _placed(Hit(0, len(text.rstrip()), "phone", "phone-column", 0.6), line, text, spans, grey)
    return out


def _signature_phones(lines: list[list[Word]], found: list, grey: np.ndarray) -> list:
    """A number of a phone's length alone on its line right under a line where a person or an organisation was
    found, starting where it starts (a signature: name, role and company, then the phone), as a phone."""
    people = [box for hit, box, _ in found if hit.category in ("person", "organisation")]
    boxes = [(min(w.x for w in line), min(w.y for w in line), max(w.x + w.w for w in line),
              max(w.y + w.h for w in line)) for line in lines]
    out = []
    for line, (x0, y0, _x1, y1) in zip(lines, boxes) if people else []:
        text, spans = _text(line)
        m = PHONE_LOOSE.fullmatch(text.strip())
        if not m or not phone_number(m.group(0)) or any(h.category == "phone" and abs(b[1] - y0) <= 4
                                                        for h, b, _ in found):
            continue
        h = y1 - y0
        above = [b for b in boxes if abs(b[0] - x0) <= 4 and 0 <= y0 - b[3] <= 1.5 * h]
        if any(px < ax1 and ax0 < px + pw and py < ay1 and ay0 < py + ph
               for ax0, ay0, ax1, ay1 in above for px, py, pw, ph in people):
            out += _placed(Hit(0, len(text.rstrip()), "phone", "phone-signature", 0.6), line, text, spans, grey)
    return out


def _postcode_lines(lines: list[list[Word]], found: list, grey: np.ndarray) -> list:
    """A postcode-and-city line right under an address found (the address's last line), as an address too."""
    addresses = [box for hit, box, _ in found if hit.category == "address"]
    out = []
    for line in lines if addresses else []:
        text, spans = _text(line)
        if not POSTCODE_CITY.match(text):
            continue
        x, y = min(w.x for w in line), min(w.y for w in line)
        h = max(w.y + w.h for w in line) - y
        if any(0 <= y - (ay + ah) <= 1.5 * h and abs(x - ax) <= 2 * h for ax, ay, _aw, ah in addresses):
            out += _placed(Hit(0, len(text.rstrip()), "address", "address-block", 0.6), line, text, spans, grey)
    return out


# a street and its number alone on a line, with no street type ("Strossmayerovo šetalište 3b", "Gradec 2b/5")
STREET_NUMBER_LINE = re.compile(rf"^\s*{ANY_CAPITAL}[^\W\d_]*(?:[ \-][^\W\d_]+){{0,3}}\s+\d{{1,4}}[a-zA-Z]?"
                                r"(?:[/\-]\d{1,4}[a-z]?)?[.,]?\s*$")


def _streets_above_postcodes(lines: list[list[Word]], grey: np.ndarray) -> list:
    """A street-and-number line right above a postcode-and-city line at its left edge (a signature's or a
    letter's address block): both lines are the address."""
    boxes = [(min(w.x for w in ln), min(w.y for w in ln), max(w.y + w.h for w in ln)) for ln in lines]
    texts = [_text(ln) for ln in lines]
    out = []
    for k, (text, spans) in enumerate(texts):
        if not POSTCODE_CITY.match(text) or re.match(r"\s*(?:19|20)\d\d\s", text):
            continue
        x, y, bottom = boxes[k]
        h = bottom - y
        for j, (street, street_spans) in enumerate(texts):
            sx, _sy, sbottom = boxes[j]
            if j != k and 0 <= y - sbottom <= 1.5 * h and abs(sx - x) <= 2 * h and STREET_NUMBER_LINE.match(street) \
                    and not all(ner.dictionary_word(w) for w in re.findall(r"[^\W\d_]+", street)):
                out += _placed(Hit(0, len(street.rstrip()), "address", "address-block", 0.6), lines[j], street,
                               street_spans, grey)
                out += _placed(Hit(0, len(text.rstrip()), "address", "address-block", 0.6), lines[k], text, spans, grey)
    return out


def _centre_in(w: Word, box: list[int]) -> bool:
    return box[0] <= w.x + w.w / 2 <= box[0] + box[2] and box[1] <= w.y + w.h / 2 <= box[1] + box[3]


def _avatar_initials(squares: list, found: list) -> list:
    """A region for the white initials of each avatar (`avatars.avatar_boxes`) right beside a name found as a
    person."""
    people = [box for hit, box, _ in found if hit.category == "person"]
    if not people:
        return []
    return [(Hit(0, 2, "person", "avatar", 0.6), glyphs, mask("••", "person"))
            for square, glyphs in squares if avatars.beside_a_person(square, people)]


AUTHOR_TIME = re.compile(rf"\s+(?i:{TIME})\s*$")


def _authors_beside_avatars(squares: list, lines: list[list[Word]], found: list, grey: np.ndarray) -> list:
    """A chat message's header: an avatar, then a line that ends in the message's time. What comes before the time
    is the author, whatever OCR made of the name (`Уепе!$.` for "Jenel S."), unless a bot or an app posted
    (a public name, a common word) or a person was already found there."""
    people = [box for hit, box, _ in found if hit.category == "person"]
    out = []
    for (sx, sy, sw, sh), _glyphs in squares:
        for line in lines:
            x0, y0 = min(w.x for w in line), min(w.y for w in line)
            y1 = max(w.y + w.h for w in line)
            if not (0 <= x0 - (sx + sw) <= 1.5 * sw and sy - 2 <= y0 and y1 <= sy + sh + 2):
                continue
            text, spans = _text(line)
            m = AUTHOR_TIME.search(text)
            name = text[:m.start()].strip() if m else ""
            words = re.findall(r"[^\W\d_]+", name)
            if sum(len(w) for w in words) < 3 or len(name.split()) > 4 or \
                    any(fold(w) in PUBLIC_ORGS or ner.common_word(w) for w in words):
                continue
            lx1 = max(w.x + w.w for w, (a, _b) in zip(line, spans) if a < m.start())
            if any(px < lx1 and x0 < px + pw and py < y1 and y0 < py + ph for px, py, pw, ph in people):
                continue
            out += _placed(Hit(0, len(name), "person", "person-author", 0.6), line, text, spans, grey)
    return out


REPEATED = {"person", "organisation", "handle", "channel", "account_id", "repository"}


def _name_parts(name: str) -> set[str]:
    """The words of a person's name that can stand for the person alone on the same screen (a first name in a
    chat's author line): capitalised, five letters or more, not a common word."""
    return {w for w in re.findall(r"[^\W\d_][^\W\d_'’\-]+", name)
            if len(w) >= 5 and w[0].isupper() and not w.isupper() and not ner.common_word(w)}


def _placed(h: Hit, line: list[Word], text: str, spans: list[tuple[int, int]], grey: np.ndarray) -> list:
    """[(hit, box, masked preview)] for a hit on a line: the union of its words' boxes, cut by character share
    where a word is only partly in the value (GITHUB_TOKEN=ghp_...); an input field's box around it."""
    picked = [(w, a, b) for w, (a, b) in zip(line, spans) if a < h.end and h.start < b]
    if not picked:
        return []
    boxes = [w for w, _, _ in picked]
    first, a0, b0 = picked[0]
    last, a1, b1 = picked[-1]
    x0 = first.x + round(first.w * max(0, h.start - a0) / max(1, b0 - a0))
    x1 = last.x + last.w - round(last.w * max(0, b1 - h.end) / max(1, b1 - a1))
    x1 = max([x1] + [b.x + b.w for b in boxes[:-1]])  # OCR can draw the last piece inside the word before it
    y0, y1 = min(b.y for b in boxes), max(b.y + b.h for b in boxes)
    conf = h.confidence * (0.5 + 0.5 * min(1.0, sum(b.conf for b in boxes) / len(boxes) / 90))
    region = field_box(grey, [x0, y0, x1 - x0, y1 - y0])
    if region[2] < 1.5 * region[3]:  # a square around it is an avatar or a badge, not an input field
        region = [x0, y0, x1 - x0, y1 - y0]
    return [(Hit(h.start, h.end, h.category, h.detector, round(conf, 2)), region, mask(text[h.start:h.end],
                                                                                    h.category))]


def _dedupe(found: list) -> list:
    """One region per value: boxes of the same category that overlap much are one (the larger kept)."""
    out: list = []
    for item in sorted(found, key=lambda f: -(f[1][2] * f[1][3])):
        hit, box, _ = item
        if any(o[0].category == hit.category and _box_iou(o[1], box) > 0.5 or _inside_box(box, o[1])
               and o[0].category == hit.category for o in out):
            continue
        out.append(item)
    return out


def _join_name_halves(found: list, words: list[Word]) -> list:
    """A name whose halves two detectors found apart ("Nemes," by the model, "Petre" as a name seen elsewhere on
    the screen) is one value: two one-word regions of a person, side by side on a row with no word between,
    become one region."""
    people = sorted((f for f in found if f[0].category == "person" and _words_in(f[1], words) == 1),
                    key=lambda f: f[1][0])
    joined, taken = [], set()
    for (a, ab, _), (b, bb, _) in zip(people, people[1:]):
        box = _side_by_side(ab, bb, words) if id(ab) not in taken else None
        if box is None:
            continue
        taken |= {id(ab), id(bb)}
        size = (a.end - a.start) + 1 + (b.end - b.start)  # the two halves and the space between
        joined.append((Hit(a.start, a.start + size, "person", a.detector, max(a.confidence, b.confidence)), box,
                       mask(" " * size, "person")))
    return [f for f in found if id(f[1]) not in taken] + joined


def _words_in(box: list[int], words: list[Word]) -> int:
    """How many words have their centre inside `box`."""
    return sum(box[0] <= w.x + w.w / 2 <= box[0] + box[2] and box[1] <= w.y + w.h / 2 <= box[1] + box[3]
               for w in words)


def _side_by_side(left: list[int], right: list[int], words: list[Word]) -> list[int] | None:
    """The union of two boxes on one row, of about one height, a space apart with no word between; else None."""
    tall, low = max(left[3], right[3]), min(left[3], right[3])
    top, bottom = min(left[1], right[1]), max(left[1] + left[3], right[1] + right[3])
    overlap = min(left[1] + left[3], right[1] + right[3]) - max(left[1], right[1])
    gap = right[0] - (left[0] + left[2])
    if overlap < 0.6 * low or tall > 1.5 * low or not -2 <= gap <= 1.2 * tall or \
            _words_in([left[0] + left[2], top, max(0, gap), bottom - top], words):
        return None
    return [left[0], top, right[0] + right[2] - left[0], bottom - top]


def _box_iou(a: list[int], b: list[int]) -> float:
    return _iou([0, *a], [0, *b])


def _inside_box(a: list[int], b: list[int]) -> bool:
    return a[0] >= b[0] and a[1] >= b[1] and a[0] + a[2] <= b[0] + b[2] and a[1] + a[3] <= b[1] + b[3]


# OCR splits monospace tokens and misreads a character or two, so exact secret patterns fail on screen;
# a known key prefix followed by a long run of token characters (spaces allowed) is enough there.
LOOSE_SECRET = re.compile(r"\b(?:ghp|gho|ghs|ghu|github_pat|glpat|xox[abpors]|sk_live|rk_live|AKIA|ASIA)[_\-]? ?"
                          r"[A-Za-z0-9_|/+\-]{2,}(?: ?[A-Za-z0-9_|/+\-]+){1,}")


def _loose_secrets(text: str) -> list[Hit]:
    out = []
    for m in LOOSE_SECRET.finditer(text):
        if len(m.group(0).replace(" ", "")) >= 16:
            out.append(Hit(m.start(), m.end(), "secret", "key-prefix", 0.7))
    return out




def _iou(a: list[int], b: list[int]) -> float:
    if a[0] != b[0]:
        return 0.0
    ax, ay, aw, ah = a[1:]
    bx, by, bw, bh = b[1:]
    ix = max(0, min(ax + aw, bx + bw) - max(ax, bx))
    iy = max(0, min(ay + ah, by + bh) - max(ay, by))
    inter = ix * iy
    union = aw * ah + bw * bh - inter
    return inter / union if union else 0.0
