"""The screen's structure as evidence: OCR lines with their boxes, a label and its value beside or below it
("Assignee" over "Priya Raman", "DOB" left of a date), a chat author line ("Maria Cruz" then "10:42 AM"), a
code host's screen (then a bare owner/name is a repository).

Works on lines of OCR words (anything with text, x, y, w, h) and returns (line index, Hit) pairs whose character
spans index that line's text as ocr._text joins it.
"""

from __future__ import annotations

import re

from .entities import (ANY_CAPITAL, CODE_HOST_WORDS, DATE_ONLY, PUBLIC_ORGS, TIME_ONLY, author_line, fold,
                       label_kind, labelled_value, people)
from .ner import common_word, dictionary_word, lone_name
from .patterns import Hit

CODE_HOST_SCREEN = re.compile(r"(?i)\b(github|gitlab|bitbucket|gitea|codeberg|pull requests?|merge requests?|"
                              r"repositor(?:y|ies))\b")


def _box(line) -> tuple[int, int, int, int]:
    x0 = min(w.x for w in line)
    y0 = min(w.y for w in line)
    return x0, y0, max(w.x + w.w for w in line), max(w.y + w.h for w in line)


def code_host(texts: list[str]) -> bool:
    """True when the screen shows a code host (its name, pull/merge requests, repositories)."""
    return sum(1 for t in texts if CODE_HOST_SCREEN.search(t)) >= 1 and \
        sum(1 for t in texts if CODE_HOST_WORDS.search(t)) >= 2


def structured_hits(lines: list[list], texts: list[str]) -> list[tuple[int, Hit]]:
    """Values announced by a label on the same row (to the right) or just below, and chat authors."""
    n = len(lines)
    lines, texts = list(lines), list(texts)
    merged: dict[int, int] = {}  # a header cell OCR read into one line with the next: where the next starts
    for i in range(n):
        head = _merged_header(lines[i])
        if head:
            lines.append(head[0])
            texts.append(" ".join(w.text for w in head[0]))
            merged[len(lines) - 1] = head[1]
    boxes = [_box(line) for line in lines]
    out: list[tuple[int, Hit]] = []
    for i, text in enumerate(texts):
        if i < n:
            out += [(i, h) for h in author_line(text)]
            out += [(i, h) for h in signature_org(text) + crumb_org(text)]
            if INITIALS.match(text):
                out += [(i, h) for h in _initials(i, boxes, texts)]
        kind = label_kind(text)
        if kind == "person" and re.fullmatch(r"\s*[^\W\d_]+\s*", text) and _table_body_cell(i, boxes, texts):
            kind = None  # "Member" in a table's role column: a role under its header, not a label
        if kind is None:
            if TIME_ONLY.match(text):
                j = _left_neighbour(i, boxes)
                if j is not None:
                    out += [(j, h) for h in labelled_value(texts[j], "person") if h.detector == "person-field"
                            and " " in texts[j][h.start:h.end].strip()]
            continue
        right = None if i in merged else _right_of(i, boxes)
        paired = i in merged or right is not None and _header_pair(i, right, boxes, texts)
        # a row OCR read as one line is cut where the next column starts
        next_column = merged[i] if i in merged else boxes[right][0] if paired else None
        for j in _values_for(i, boxes, texts, right, paired):
            if label_kind(texts[j]) is not None:
                continue  # another label ("Login" in a menu beside "Username")
            value = _cell_text(j, next_column, lines, texts)
            if kind in ("person", "organisation"):
                value = ASIDE.sub("", value)  # "Ingrida (EMP-752173)": the id is the id detector's
            hits = labelled_value(value, kind) or (_lone_person(value) if kind == "person" else [])
            out += [(j, h) for h in hits]
            if hits and _is_below(i, j, boxes) and (_header_row(i, boxes) or paired):  # a column: the rows below
                for k in _column(j, boxes, texts):
                    cell = _cell_text(k, next_column, lines, texts)
                    out += [(k, h) for h in labelled_value(cell, kind)
                            if " " in cell[h.start:h.end].strip() or not common_word(cell[h.start:h.end])]
                    # (a heading under the table, "Activity", is no cell of it)
            if hits and kind == "address":
                out += [(k, Hit(0, len(texts[k].rstrip()), "address", "address-field", 0.65))
                        for k in _block_below(j, boxes) if _address_tail(texts[k]) and
                        _left_neighbour(k, boxes) is None]
            if hits:
                break
    return [(i, h) for i, h in out if i < n]


def _merged_header(line: list) -> tuple[list, int] | None:
    """(the label's words, where the next cell starts) when a table's header row was read as one line that opens
    with a person or organisation label ("Organisation   Value Stage"): a wide gap after the label and only
    common words after it (not a form's label and its value read together: "Company   Acme Ltd")."""
    words = sorted(line, key=lambda w: w.x)
    for n in (1, 2):
        if len(words) <= n:
            return None
        head, rest = words[:n], words[n:]
        gap = rest[0].x - (head[-1].x + head[-1].w)
        if label_kind(" ".join(w.text for w in head)) in ("person", "organisation") and \
                gap > 0.8 * max(w.h for w in head) and \
                all(dictionary_word(w.text) or common_word(w.text) for w in rest):
            return head, rest[0].x
    return None


# a signature's role line: "Head of Finance, Trbović", "Account Manager, Kuba" (the role, then the employer)
ROLE_THEN_ORG = re.compile(r"^\s*(?:(?:[A-Z][\w&]*|of|and|&)\s+){0,4}(?:Manager|Director|Engineer|Lead|Counsel|"
                           r"Partner|Officer|Finance|Owner|Architect|Consultant|Analyst|Designer|Developer|Administrator|"
                           r"Specialist|Coordinator|Assistant|President|Accountant|Recruiter|CTO|CEO|CFO|COO|CIO)"
                           r"\s*,\s*(?P<org>[^\W\d_][^,]{1,60}?)\s*$")


# a breadcrumb around a list of organisations: "Acme Corp / Customers" (the workspace that owns the list),
# "Customers / Velmora" (one of them)
COLLECTIONS = r"(?:Customers|Clients|Accounts|Vendors|Partners|Suppliers)"
ACCOUNT_PAGES = r"(?:Billing|Invoices|Subscription|Contracts?|Renewals?)"
CRUMB_ORG = re.compile(rf"^\s*(?P<org>[^\W\d_][^/|]{{1,60}}?)\s*/\s*{COLLECTIONS}\s*$"
                       rf"|^\s*{COLLECTIONS}\s*/\s*(?P<org2>[^\W\d_][^/|]{{1,60}}?)\s*$"
                       # a customer's page in an admin console's tab or title: "Velmora | Billing"
                       rf"|^\s*(?P<org3>[^\W\d_][^/|]{{1,60}}?)\s*\|\s*{ACCOUNT_PAGES}\s*$")


def crumb_org(text: str) -> list[Hit]:
    """The organisation in a breadcrumb beside a list of organisations, or before its account page in a tab; not a
    public name."""
    m = CRUMB_ORG.match(text)
    if not m:
        return []
    key = next(k for k in ("org", "org2", "org3") if m.group(k))
    if fold(m.group(key)) in PUBLIC_ORGS or key == "org3" and all(common_word(w) for w in m.group(key).split()):
        return []  # a public name; "Settings | Billing": a page, not a customer
    return [Hit(m.start(key), m.end(key), "organisation", "org-crumb", 0.6)]


def signature_org(text: str) -> list[Hit]:
    """The organisation after a role in a signature line; every word of it capitalised (a name, not a sentence)."""
    m = ROLE_THEN_ORG.match(text)
    org = m.group("org") if m else ""
    if not m or re.search(r"\d", org) or fold(org) in PUBLIC_ORGS or \
            not all(w[:1].isupper() or not w[:1].isalpha() for w in org.split()):
        return []  # "Engineer, Python 3.13": a product, not an employer
    return [Hit(m.start("org"), m.end("org"), "organisation", "org-signature", 0.6)]


ADDRESS_TAIL = re.compile(r"\b\d{4,6}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|^[A-Z][\w .'\-]+,\s*[A-Z]")


def _address_tail(text: str) -> bool:
    """A city / postcode / country line continuing an address block (not the next field's label)."""
    t = text.strip()
    return bool(t) and len(t) <= 60 and label_kind(t) is None and not t.endswith(":") and \
        not DATE_ONLY.search(t) and \
        bool(ADDRESS_TAIL.search(t))


INITIALS = re.compile(r"^\s*[A-Z]{2,3}\s*$")


def _initials(i: int, boxes, texts: list[str]) -> list[Hit]:
    """An avatar's initials ("MC") just left of a name that starts with the same letters."""
    x0, y0, x1, y1 = boxes[i]
    h = _row_height(boxes[i])
    mid = (y0 + y1) / 2
    letters = texts[i].strip()
    for j, b in enumerate(boxes):
        if j == i or not (0 <= b[0] - x1 <= 5 * h and abs((b[1] + b[3]) / 2 - mid) <= 1.5 * h):
            continue
        names = [texts[j][hit.start:hit.end] for hit in author_line(texts[j]) + labelled_value(texts[j], "person")
                 + people(texts[j]) if hit.category == "person"]
        for name in names:
            heads = "".join(w[0] for w in name.replace(",", " ").split() if w[:1].isupper())
            if heads.startswith(letters[0]) and letters[-1] in heads:
                start = len(texts[i]) - len(texts[i].lstrip())
                return [Hit(start, start + len(letters), "person", "person-initials", 0.6)]
    return []


def _row_height(box) -> int:
    return max(8, box[3] - box[1])


def _values_for(i: int, boxes, texts: list[str], right: int | None, paired: bool) -> list[int]:
    """Candidate value lines for label line i: the nearest to its right on the same row, then the one just
    below it (left edges close, or the value's box overlapping the label's horizontally). `right`: the line to
    its right (`_right_of`); `paired`: the label and that line head two columns of a table (`_header_pair`)."""
    x0, y0, x1, y1 = boxes[i]
    h = _row_height(boxes[i])
    reach = (3.0 if paired or _header_row(i, boxes) else 1.6) * h + 6  # table cells have padding, form fields less
    below = [j for j, b in enumerate(boxes) if j != i and 0 <= b[1] - y1 <= reach and
             (abs(b[0] - x0) <= 2 * h or (b[0] < x1 and x0 < b[2]))]
    below.sort(key=lambda j: (boxes[j][1], abs(boxes[j][0] - x0)))
    if below and (paired or _table_header(i, boxes, texts)):
        return below[:1]  # a table header's value is in its column; the cell to its right is the next header
    return ([] if right is None else [right]) + below[:1]


# what follows a name in brackets: an id, a handle or an address ("Ingrida (EMP-752173)", "Ana <ana@x.io>")
ASIDE = re.compile(r"\s+[(<\[][^()<>\[\]]{1,60}[)>\]]?\s*$")


def _right_of(i: int, boxes) -> int | None:
    """The nearest line to the right of line i on its row."""
    x0, y0, x1, y1 = boxes[i]
    h = _row_height(boxes[i])
    mid = (y0 + y1) / 2
    right = [j for j, b in enumerate(boxes) if j != i and b[0] >= x1 - 2 and b[0] - x1 < 30 * h and
             abs((b[1] + b[3]) / 2 - mid) <= 0.6 * h]
    return min(right, key=lambda j: boxes[j][0]) if right else None


def _cell_text(k: int, next_column: int | None, lines: list[list], texts: list[str]) -> str:
    """Line k's text up to the word that starts at or past `next_column` (a table row OCR read as one line holds
    the next columns' cells too); the whole text when no column follows or its words do not map one to one."""
    text = texts[k]
    tokens = list(re.finditer(r"\S+", text))
    if next_column is None or len(tokens) != len(lines[k]):
        return text
    kept = [t for t, w in zip(tokens, sorted(lines[k], key=lambda w: w.x)) if w.x < next_column - 2]
    return text[:kept[-1].end()] if kept else text


def _header_pair(i: int, j: int, boxes, texts: list[str]) -> bool:
    """Label line i and line j beside it each head a column ("Organisation | Value Stage" over a deals table):
    the cells just below their left edges share a row, and the one under i is a value of its kind, not the
    next label of a form."""
    below_i, below_j = _below_in_column(i, boxes), _below_in_column(j, boxes)
    if below_i is None or label_kind(texts[below_i]) is not None:
        return False
    a = boxes[below_i]
    same_row = a[2] > boxes[j][0] + 2  # the row under them read as one line reaching under j
    if below_j is not None and not same_row:
        b = boxes[below_j]
        same_row = abs((a[1] + a[3]) / 2 - (b[1] + b[3]) / 2) <= 0.5 * _row_height(a)
    return same_row and bool(labelled_value(texts[below_i], label_kind(texts[i])))


def _below_in_column(i: int, boxes) -> int | None:
    """The nearest line below line i that starts where it starts (the cell under it in its column)."""
    x0, _y0, _x1, y1 = boxes[i]
    h = _row_height(boxes[i])
    below = [k for k, b in enumerate(boxes) if abs(b[0] - x0) <= max(6, h // 2) and 0 <= b[1] - y1 <= 3 * h + 6]
    return min(below, key=lambda k: boxes[k][1]) if below else None


def _row_of(i: int, boxes) -> list[int]:
    """The lines on line i's row (their middles within half its height of its middle), line i among them."""
    _x0, y0, _x1, y1 = boxes[i]
    mid, h = (y0 + y1) / 2, _row_height(boxes[i])
    return [k for k, b in enumerate(boxes) if abs((b[1] + b[3]) / 2 - mid) <= 0.5 * h]


def _header_row(i: int, boxes) -> bool:
    """Line i is one of three or more lines on one row (a table's header), not a form's lone label."""
    return len(_row_of(i, boxes)) >= 3


def _table_header(i: int, boxes, texts: list[str]) -> bool:
    """Line i is on a table's header row: three or more lines on its row, two or more of them labels (a form's
    label with its value and a list beside it is no header)."""
    row = _row_of(i, boxes)
    return len(row) >= 3 and sum(1 for k in row if label_kind(texts[k]) is not None) >= 2


def _above_in_column(i: int, boxes) -> int | None:
    """The nearest line above line i that starts where it starts (the cell above in its column)."""
    x0, y0, _x1, _y1 = boxes[i]
    h = _row_height(boxes[i])
    above = [k for k, b in enumerate(boxes) if abs(b[0] - x0) <= max(6, h // 2) and 0 <= y0 - b[3] <= 3 * h + 6]
    return max(above, key=lambda k: boxes[k][3]) if above else None


def _table_body_cell(i: int, boxes, texts: list[str]) -> bool:
    """Line i is a cell of a table's body ("Member" in a role column): a row of three or more lines, two of its
    cells starting where cells of the row above start (not a toolbar above a table's header, which shares one
    edge by chance), and its column heading up to a cell that is no label (a form's labels, drawn as a column
    beside their values, head up to a label). Only asked of a one-word role: a form beside a list can look
    like a table."""
    row = _row_of(i, boxes)
    k = _above_in_column(i, boxes)
    if len(row) < 3 or k is None:
        return False
    up = _row_of(k, boxes)
    reach = max(6, _row_height(boxes[i]) // 2)
    if len(up) < 3 or sum(1 for r in row if any(abs(boxes[r][0] - boxes[u][0]) <= reach for u in up)) < 2:
        return False
    top, seen = k, {i, k}
    while (nxt := _above_in_column(top, boxes)) is not None and nxt not in seen:
        seen.add(nxt)
        top = nxt
    return label_kind(texts[top]) is None


def _is_below(i: int, j: int, boxes) -> bool:
    return boxes[j][1] >= boxes[i][3] - 2


def _column(j: int, boxes, texts: list[str], most: int = 60) -> list[int]:
    """The lines continuing a column below its first value: left edges aligned, evenly spaced rows, up to the
    next label (a form's next field) or the first gap wider than twice the first row step."""
    out: list[int] = []
    cur, step = j, None
    for _ in range(most):
        x0, _y0, _x1, y1 = boxes[cur]
        h = _row_height(boxes[cur])
        nxt = [k for k, b in enumerate(boxes) if k != cur and abs(b[0] - x0) <= max(6, h // 2) and
               0 <= b[1] - y1 <= (2 * step if step else 2.5 * h + 6)]
        if not nxt:
            break
        k = min(nxt, key=lambda k: boxes[k][1])
        text = texts[k].strip()
        if label_kind(text) is not None or text.endswith(":"):
            break
        step = step or max(4, boxes[k][1] - y1)
        out.append(k)
        cur = k
    return out


def _left_neighbour(i: int, boxes) -> int | None:
    """The line just left of line i on the same row (a chat author before the message time)."""
    x0, y0, x1, y1 = boxes[i]
    h = _row_height(boxes[i])
    mid = (y0 + y1) / 2
    left = [j for j, b in enumerate(boxes) if j != i and b[2] <= x0 + 2 and x0 - b[2] < 12 * h and
            abs((b[1] + b[3]) / 2 - mid) <= 0.6 * h]
    return max(left, key=lambda j: boxes[j][2]) if left else None


def _block_below(j: int, boxes, most: int = 2) -> list[int]:
    """Up to `most` lines continuing a block below line j (same left edge, next rows): an address's city line."""
    out = []
    cur = j
    for _ in range(most):
        x0, _y0, _x1, y1 = boxes[cur]
        h = _row_height(boxes[cur])
        nxt = [k for k, b in enumerate(boxes) if k not in out and k != j and 0 <= b[1] - y1 <= 0.9 * h + 4 and
               abs(b[0] - x0) <= h]
        if not nxt:
            break
        cur = min(nxt, key=lambda k: boxes[k][1])
        out.append(cur)
    return out


def _lone_person(text: str) -> list[Hit]:
    """A labelled person's value that is one capitalised word in no name list ("Assignee" above "Oto", "Tea"): a
    name unless a common or chrome word ("Unassigned", "Nobody")."""
    m = re.match(r"^\s*([A-ZÀ-Þ\u0391-\u03a9\u0400-\u042f][^\W\d_]{1,})[,.]?\s*$", text)  # "Τριαντάφυλλη," cut
    return [Hit(m.start(1), m.end(1), "person", "person-field", 0.7)] if m and not common_word(m.group(1)) and \
        fold(m.group(1)) not in PUBLIC_ORGS and not m.group(1).isupper() else []  # "CRM" is no one's name


def list_people(lines: list[list], texts: list[str], named: set[int]) -> list[tuple[int, Hit]]:
    """A list's rows name people in the same slot (a mail list's sender line, a contacts column): where two or
    more lines found to be a person start at one left edge, evenly spaced, a line at that edge and at a whole
    number of steps from them is a person too when it reads as a name of one or two capitalised words in any
    alphabet ("Tamara", "Мар'яна" among "Córdoba, Nereida" and "Carter, Samantha"), not a common or dictionary
    word nor an acronym ("Recruiter", "E-mail", "IBAN")."""
    boxes = [_box(line) for line in lines]
    out: list[tuple[int, Hit]] = []
    columns: list[list[int]] = []
    for i in sorted(named, key=lambda i: boxes[i][1]):
        column = next((c for c in columns if abs(boxes[c[0]][0] - boxes[i][0]) <= 3), None)
        if column is None:
            columns.append([i])
        else:
            column.append(i)
    for column in (c for c in columns if len(c) >= 2):
        tops = [boxes[i][1] for i in column]
        step = min(b - a for a, b in zip(tops, tops[1:]))
        if step > 0:  # the mean pitch over the whole column: a line's top shifts a pixel or two with its letters
            step = (tops[-1] - tops[0]) / max(1, round((tops[-1] - tops[0]) / step))
        h = max(_row_height(boxes[i]) for i in column)
        if step < 2 * h or any(abs((t - tops[0]) / step - round((t - tops[0]) / step)) > 0.15 for t in tops):
            continue  # not one row per item at a steady pitch
        # two people found two or three items apart: the pitch may be a half or a third of their distance
        pitches = [step / n for n in (1, 2, 3) if step / n >= 2.5 * h] if len(column) == 2 else [step]
        for k, b in enumerate(boxes):
            if k in named or abs(b[0] - boxes[column[0]][0]) > 3:
                continue
            offsets = [(b[1] - tops[0]) / p for p in pitches]
            if not any(abs(o - round(o)) <= 0.15 and -2 <= round(o) <= round((tops[-1] - tops[0]) / p) + 8
                       for o, p in zip(offsets, pitches)):
                continue
            text = texts[k]
            if re.fullmatch(r"\s*l[a-z]{2,}\s*", text) and not common_word(text):
                text = text.replace("l", "I", 1)  # a capital I read as l: "loana" in a sender's slot is "Ioana"
            m = LIST_NAME.match(text)
            # a dictionary may hold a first name ("Dejan", "Ela"): in a slot that holds people only a common word
            # or a product's name is no one
            if m and not any(w.isupper() or common_word(w) or fold(w) in PUBLIC_ORGS
                             for w in re.findall(r"[^\W\d_]{2,}", m.group(1))):
                out.append((k, Hit(m.start(1), m.end(1), "person", "person-list", 0.6)))
    return out


# a name as a list shows it: one or two capitalised words of letters, in any alphabet ("Tamara", "Мар’яна")
_LIST_WORD = rf"{ANY_CAPITAL}[^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*"
LIST_NAME = re.compile(rf"^\s*({_LIST_WORD}(?: {_LIST_WORD}|,? {ANY_CAPITAL}\.|, {_LIST_WORD})?)\s*$")
