"""Tables and record forms on real screens (rendered by Chromium, read by Tesseract): a column's header is the
label of every cell under it, a status or role cell in a table's body is no label, a form's labels beside their
values stay labels; a first letter the page read dropped is read again, and so is a name it read in another
script than the word beside it."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.screens_html import Screen, e, render_one, s
from viewer.sensitive import ner
from viewer.sensitive import tessdata
from viewer.sensitive.ocr import Word, _box_iou, _card_code_labels, _script_again, _lines, _lost_first_letters
from viewer.sensitive.screen import detect_screen

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")

CELL = "padding:7px 18px 7px 0; text-align:left; white-space:nowrap"
ROWS = [("Kunibert Hamann", "4471-2093-18", "Member", "Negotiation"),
        ("Jeffrey Lopez", "CUST-65999", "Viewer", "Qualified"),
        ("Maren Okafor", "8812-0057-64", "Member", "Lost"),
        ("Ilse Varga", "INV-2026-2646", "Viewer", "Won")]
TABLE = Screen("accounts-table", "Accounts - Admin", f"""
<div class="bar">Admin</div><div class="wrap"><div class="side">Accounts<br>Users<br>Billing</div>
<div class="main"><div class="row" style="font-size:22px">Accounts</div>
<div class="row"><span style="margin-right:22px">Filter</span><span style="margin-right:22px">Export CSV</span>
<span>214 rows</span></div>
<table style="border-collapse:collapse; width:100%"><tr>{''.join(f'<th style="{CELL}">{e(h)}</th>'
                                                   for h in ("Owner", "ID", "Role", "Stage"))}</tr>
{''.join(f'<tr><td style="{CELL}">{s("person", name)}</td><td style="{CELL}">{s("account_id", num)}</td>'
         f'<td style="{CELL}">{e(role)}</td><td style="{CELL}">{e(stage)}</td></tr>' for name, num, role, stage in ROWS)}
</table></div></div>""")

GRID = "display:grid; grid-template-columns:150px auto; gap:8px 14px"
RECORD = Screen("record", "People", f"""
<div class="bar">People</div><div class="wrap"><div class="side">
<div class="row">{s("person", "Agnes Pruitt")}</div><div class="row muted">Office Manager</div>
<div class="row">{s("person", "Brenda Cooper")}</div><div class="row muted">Recruiter</div></div>
<div class="main"><div class="row" style="font-size:22px">{s("person", "Matthew Tate")}</div>
<div style="{GRID}"><div class="muted">Job title</div><div>Data Analyst</div>
<div class="muted">Date of birth</div><div>{s("date_of_birth", "19 Nov 1975")}</div>
<div class="muted">Employee ID</div><div>{s("account_id", "EMP-076667")}</div>
<div class="muted">Location</div><div>Berlin office</div></div></div></div>""")


PROFILE = Screen("profile", "Directory", f"""
<div class="bar">Directory</div><div class="wrap"><div class="side">People<br>Teams</div>
<div class="main"><div style="display:grid; gap:8px"><div class="muted">Full name</div>
<div>{s("person", "Matthew Tate")}</div><div class="muted">Job title</div><div>Paralegal</div>
<div class="muted">Manager</div><div>{s("person", "Brenda Cooper")}</div><div class="muted">Location</div>
<div>Lisbon</div><div class="muted">Team</div><div>Bookkeeping</div></div></div></div>""")


def _found(screen: Screen, tmp_path):
    path, gold = render_one(screen, tmp_path)
    return detect_screen(path, title=screen.title), gold


@needs_tesseract
def test_every_cell_under_a_header_is_found_and_role_and_status_cells_are_not(tmp_path):
    found, gold = _found(TABLE, tmp_path)
    regions = [(f.category, f.regions[0][1:]) for f in found]
    for category, box in gold:  # digit-only ids too: "ID" heads its column, the toolbar above it is no table
        assert any(_box_iou(r, box) >= 0.3 for _c, r in regions), (category, box, regions)
    assert len(regions) == len(gold), regions  # "Member" is a role here, not the label of "Viewer" below it


@needs_tesseract
def test_a_forms_label_beside_its_value_stays_a_label_with_a_list_beside_the_form(tmp_path):
    found, gold = _found(RECORD, tmp_path)
    birth = next(box for category, box in gold if category == "date_of_birth")
    assert any(f.category == "date_of_birth" and _box_iou(f.regions[0][1:], birth) >= 0.3 for f in found), \
        [(f.category, f.regions) for f in found]


@needs_tesseract
def test_a_forms_values_under_their_labels_are_no_list_of_people(tmp_path):
    """Two people found by their labels in one column of a form do not make the column a list of people: the job
    title and the city between them (words a dictionary holds, as it holds some first names) are not found."""
    found, gold = _found(PROFILE, tmp_path)
    regions = [(f.category, f.regions[0][1:]) for f in found]
    for category, box in gold:
        assert any(_box_iou(r, box) >= 0.3 for _c, r in regions), (category, box, regions)
    assert len(regions) == len(gold), regions


@needs_tesseract
def test_a_first_letter_the_page_read_dropped_is_read_again():
    img = Image.new("RGB", (420, 60), (255, 255, 255))
    draw, font = ImageDraw.Draw(img), ImageFont.load_default(size=22)
    draw.text((20, 18), "Jeffrey Lopez", font=font, fill=(30, 30, 30))
    cut = 20 + round(draw.textlength("J", font=font))
    space = 20 + round(draw.textlength("Jeffrey ", font=font))
    words = [Word("effrey", cut, 18, space - cut - 6, 22, 92, (1, 1, 1)),
             Word("Lopez", space, 18, round(draw.textlength("Lopez", font=font)), 22, 95, (1, 1, 1))]
    _lost_first_letters(img, _lines(words))
    assert [w.text for w in words] == ["Jeffrey", "Lopez"] and words[0].x < cut
    # a word with plain background before it is left as it is read (no second read)
    plain = [Word("lopez", space, 18, 60, 22, 95, (1, 1, 1))]
    _lost_first_letters(Image.new("RGB", (420, 60), "white"), _lines(plain))
    assert plain[0].text == "lopez" and plain[0].x == space


@needs_tesseract
def test_a_latin_name_read_in_cyrillic_beside_a_latin_word_is_read_again_in_latin():
    if "Latin" not in tessdata.page_data().langs.split("+"):
        pytest.skip("the Latin-script model is not installed (tesseract-ocr-script-latn)")
    img = Image.new("RGB", (420, 60), (255, 255, 255))
    draw, font = ImageDraw.Draw(img), ImageFont.load_default(size=22)
    draw.text((20, 18), "Budai Holding", font=font, fill=(30, 30, 30))
    name = round(draw.textlength("Budai", font=font))
    rest = 20 + round(draw.textlength("Budai ", font=font))
    words = [Word("Вида!", 20, 18, name, 22, 69, (1, 1, 1)),  # as the page read of a held name can read it
             Word("Holding", rest, 18, round(draw.textlength("Holding", font=font)), 22, 95, (1, 1, 1))]
    _script_again(img, _lines(words))
    assert [w.text for w in words] == ["Budai", "Holding"]
    # a Cyrillic word read surely and five letters long, or with no Latin word beside it, stays as it was read
    # (a short one alone in its script is read again: see the next test)
    sure = [Word("Видаи", 20, 18, name, 22, 90, (1, 1, 1)), words[1]]
    alone = [Word("Вида!", 20, 18, name, 22, 69, (1, 1, 1))]
    _script_again(img, _lines(sure))
    _script_again(img, _lines(alone))
    assert (sure[0].text, alone[0].text) == ("Видаи", "Вида!")
    # read surely but mixed up (a "$" among its letters): read again all the same
    img = Image.new("RGB", (420, 60), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    first = round(draw.textlength("Hector", font=font))
    rest = 20 + first + 14  # two cells of a row
    draw.text((20, 18), "Hector", font=font, fill=(30, 30, 30))
    draw.text((rest, 18), "Canovas", font=font, fill=(30, 30, 30))
    mixed = [Word("Hector", 20, 18, first, 22, 95, (1, 1, 1)),
             Word("Сапоуа$", rest, 18, round(draw.textlength("Canovas", font=font)), 22, 90, (1, 1, 1))]
    _script_again(img, _lines(mixed))
    assert [w.text for w in mixed] == ["Hector", "Canovas"]


@needs_tesseract
def test_a_name_read_in_another_script_than_its_neighbour_is_read_again_in_the_neighbours_script():
    langs = tessdata.page_data().langs.split("+")
    if "Latin" not in langs or "rus" not in langs:
        pytest.skip("the Latin-script or Russian model is not installed")
    font = ImageFont.truetype("DejaVuSans.ttf", 22)

    def read_as(first: str, second: str, as_read: str, conf: float, which: int, cut: int = 0) -> list[str]:
        img = Image.new("RGB", (460, 60), (255, 255, 255))
        draw = ImageDraw.Draw(img)
        draw.text((20, 18), f"{first} {second}", font=font, fill=(30, 30, 30))
        one, two = round(draw.textlength(first, font=font)), round(draw.textlength(second, font=font))
        rest = 20 + round(draw.textlength(first + " ", font=font))
        words = [Word(first, 20, 18, one, 22, 95, (1, 1, 1)), Word(second, rest, 18, two, 22, 95, (1, 1, 1))]
        # `cut`: the box the page read gave the word leaves its first letters out
        words[which] = Word(as_read, words[which].x + cut, 18, words[which].w - cut, 22, conf, (1, 1, 1))
        _script_again(img, _lines(words))
        return [w.text for w in words]

    # a short Latin surname read in Cyrillic letters after a Latin first name; a handle read so after a Latin word
    assert read_as("József", "Tóth", "той", 70, 1) == ["József", "Tóth"]
    assert read_as("thanks", "@brenda", "@Бгепда", 70, 1) == ["thanks", "@brenda"]
    # a surname the page read spelled in Latin letters after a Cyrillic first name
    assert read_as("Назар", "Шевченко", "LUeBYeHko", 70, 1) == ["Назар", "Шевченко"]
    # a Latin word read surely beside a Cyrillic one stays as read
    assert read_as("Назар", "Group", "Group", 93, 1) == ["Назар", "Group"]
    # a short word alone in its script on the line is read again however sure; an English word is left alone
    assert read_as("József", "Tóth", "той", 92, 1) == ["József", "Tóth"]
    assert read_as("József", "Tóth", "той", 92, 1, cut=12) == ["József", "Tóth"]  # its box without the "T"
    assert read_as("Карпенко", "and", "and", 95, 1) == ["Карпенко", "and"]


def test_security_labels_a_card_code_only_as_security_code():
    def word(text, x, y=10):
        return Word(text, x, y, 9 * len(text), 14, 90, (1, 1, 1))

    training = [word("Security", 10), word("training", 90)]
    code = [word("Security", 10), word("code", 90), word("CVV", 300)]
    assert _card_code_labels(training) == []
    assert [w.text for w in _card_code_labels(code)] == ["Security", "CVV"]


def test_one_token_is_no_street_address():
    assert not ner._plausible("us-east-1", "address")
    assert ner._plausible("Rambla Griselda 99", "address")


def test_a_lone_first_name_in_a_list_slot_where_people_were_found_is_a_person():
    from viewer.sensitive.layout import list_people

    def word(text, x, y):
        return Word(text, x, y, 8 * len(text), 12, 92, (1, 1, 1))

    items = [("Córdoba, Nereida", "Re: Dark mode contrast fixes", "Tue 10:30"),
             ("Tamara", "Search index rebuild", "2024-11-05"), ("Carter, Samantha", "Invoice INV-2023-7349", "14:05"),
             ("Recruiter", "Quote for Pearson PLC", "Nov 3"), ("IBAN", "Onboarding", "Mar 14"),
             ("loana", "Renewal", "Mar 15"), ("look", "Sprint review", "Mar 16"),  # "Ioana" with its I read as l
             ("Dejan", "Quote", "Mar 17"), ("Andor B.", "Invoice", "Mar 18"), ("Remote", "Standup", "Mar 19")]
    lines, texts = [], []
    for n, item in enumerate(items):
        for k, text in enumerate(item):  # sender, subject, date: three lines an item, 74 px apart, a pixel astray
            lines.append([word(text, 202 + (n + k) % 2, 42 + 74 * n + 20 * k + (n % 3) - 1)])
            texts.append(text)
    named = {0, 6}  # the two senders found as people ("Last, First")
    found = {texts[k] for k, _hit in list_people(lines, texts, named)}
    # a first name an English dictionary holds too, a name with its surname's initial; not a subject, a date, a
    # job title, an acronym, a work place nor a common word in the slot
    assert found == {"Tamara", "loana", "Dejan", "Andor B."}
    assert list_people(lines, texts, {0}) == []  # one person is no list


def test_a_lone_surname_under_a_person_label_is_a_person_though_cut_after_its_comma():
    from viewer.sensitive.layout import structured_hits

    lines = [[Word("Assignee", 1635, 57, 60, 12, 96, (1, 1, 1))], [Word("Τριαντάφυλλη,", 1635, 74, 86, 14, 50, (2, 1, 1))],
             [Word("Reporter", 1636, 105, 58, 12, 96, (3, 1, 1))], [Word("Unassigned", 1635, 124, 80, 12, 96, (4, 1, 1))]]
    texts = [line[0].text for line in lines]
    found = [(texts[i][h.start:h.end], h.category) for i, h in structured_hits(lines, texts)]
    assert found == [("Τριαντάφυλλη", "person")]  # not the comma; "Unassigned" is no one


CONTACT = Screen("contact", "Contact", f"""
<div class="bar"><span style="margin-right:18px">{s("person", "Torvald Eikrem")}</span><span style="margin-right:18px">
Contact</span>CRM</div><div class="wrap"><div class="side">Home<br>Leads<br>Deals</div>
<div class="main" style="display:flex; gap:40px"><div style="{GRID}; align-content:start">
<div class="muted">Company</div><div>{s("organisation", "ПТК Березняк")}</div>
<div class="muted">E-mail</div><div>{s("email", "t.eikrem@berezniak.no")}</div>
<div class="muted">Shared with</div><div><span style="background:#ddf4ff; color:#0969da; padding:1px 7px;
border-radius:10px">{s("organisation", "Vasquilo")}</span> ·
{s("handle", "@ragna.holt")}</div></div>
<div><div class="row" style="font-size:18px">Deals</div><table style="border-collapse:collapse">
<tr><th style="{CELL}">Organisation</th><th style="{CELL}">Value</th><th style="{CELL}">Stage</th></tr>
<tr><td style="{CELL}">{s("organisation", "Ξανθοπούλου Α.Β.Ε.Ε.")}</td><td style="{CELL}">120k</td>
<td style="{CELL}">Won</td></tr>
<tr><td style="{CELL}">{s("organisation", "Strandvik-Oyelaran")}</td><td style="{CELL}">64k</td>
<td style="{CELL}">Proposal</td></tr></table></div></div></div>""")


@needs_tesseract
def test_a_record_page_finds_its_company_parties_and_deals_and_not_its_headers_labels_or_app_name(tmp_path):
    """A company in Cyrillic beside its label, a team-mate's company in a "Shared with" badge, a Greek company with
    its legal form and a hyphenated firm in a deals table; "Value Stage" (a header beside "Organisation"), the
    "E-mail" label and the app's name "CRM" beside "Contact" are no values."""
    found, gold = _found(CONTACT, tmp_path)
    regions = [(f.category, f.regions[0][1:]) for f in found]
    for category, box in gold:
        assert any(_box_iou(r, box) >= 0.3 for _c, r in regions), (category, box, regions)
    for category, box in regions:
        assert any(_box_iou(box, g) >= 0.3 for _c, g in gold), (category, box, gold)


def test_a_table_row_read_as_one_line_is_cut_at_the_next_column_and_a_heading_under_the_table_is_no_cell():
    from viewer.sensitive.layout import structured_hits

    def line(y, *cells):
        return [Word(text, x, y, 9 * len(text), 14, 92, (y, 1, 1)) for x, text in cells]

    lines = [line(265, (1530, "Organisation")), line(265, (1796, "Value"), (1850, "Stage")),
             line(301, (1530, "Stankevičius"), (1650, "UAB"), (1798, "363k"), (1908, "Won")),
             line(337, (1530, "Popescu"), (1605, "BA"), (1798, "171k"), (1908, "Won")),
             line(373, (1528, "Activity"))]
    texts = [" ".join(w.text for w in ln) for ln in lines]
    found = [texts[i][h.start:h.end] for i, h in structured_hits(lines, texts)]
    assert found == ["Stankevičius UAB", "Popescu BA"]  # not "Value Stage", the deal values nor the heading


def test_a_labelled_name_before_its_id_in_brackets_is_the_person():
    from viewer.sensitive.layout import structured_hits

    lines = [[Word("Owner", 529, 273, 39, 12, 96, (1, 1, 1))],
             [Word("Ingrida", 529, 289, 45, 14, 92, (2, 1, 1)), Word("(EMP-752173)", 578, 289, 80, 14, 92, (2, 1, 1))]]
    texts = ["Owner", "Ingrida (EMP-752173)"]
    assert [(texts[i][h.start:h.end], h.category) for i, h in structured_hits(lines, texts)] == [("Ingrida", "person")]


def test_a_header_row_read_as_one_line_still_heads_its_column():
    from viewer.sensitive.layout import structured_hits

    def line(y, *cells):
        return [Word(text, x, y, 9 * len(text), 14, 92, (y, 1, 1)) for x, text in cells]

    lines = [line(265, (1530, "Organisation"), (1662, "Value"), (1720, "Stage")),
             line(301, (1530, "Valach"), (1662, "376k"), (1720, "Won")), line(337, (1530, "Medić")),
             line(337, (1662, "278k"), (1720, "Negotiation")),
             line(400, (100, "Company"), (190, "Acme"), (240, "Ltd")), line(430, (100, "E-mail"))]
    texts = [" ".join(w.text for w in ln) for ln in lines]
    found = [texts[i][h.start:h.end] for i, h in structured_hits(lines, texts)]
    assert found == ["Valach", "Medić"]  # a form's label and value read as one line is no header


def test_a_street_and_number_above_a_postcode_and_city_is_the_address():
    import numpy as np

    from viewer.sensitive.ocr import _streets_above_postcodes

    def line(y, *texts):
        out, x = [], 539
        for text in texts:
            out.append(Word(text, x, y, 8 * len(text), 13, 92, (y, 1, 1)))
            x += 8 * len(text) + 5
        return out

    grey = np.full((500, 900), 250, np.uint8)
    lines = [line(396, "+358", "818538245"), line(415, "Strossmayerovo", "šetalište", "3b"),
             line(436, "63919", "Novi", "Vinodolski"), line(300, "Sprint", "48"), line(320, "2025", "Planning")]
    found_lines = sorted({box[1] for _hit, box, _preview in _streets_above_postcodes(lines, grey)})
    assert found_lines == [415, 436]  # not the phone above, not "Sprint 48" over a year


@needs_tesseract
def test_an_email_the_page_read_broke_is_read_again_whole_and_a_handle_is_left_alone():
    from viewer.sensitive.ocr import _emails_again

    img = Image.new("RGB", (700, 120), "white")
    draw, font = ImageDraw.Draw(img), ImageFont.truetype("DejaVuSans.ttf", 22)
    draw.text((20, 20), "seppop@szalai.io", fill=(90, 90, 90), font=font)
    draw.text((20, 70), "Acme · @henrich.klimko", fill=(90, 90, 90), font=font)
    draw.text((360, 20), "ana@laptop:~/web$", fill=(90, 90, 90), font=font)
    broken = [Word("seppopt", 20, 24, 88, 20, 80, (1, 1, 1)), Word("sZalai.io", 120, 24, 90, 20, 80, (1, 1, 1)),
              Word("Acme", 20, 74, 58, 20, 90, (2, 1, 1)), Word("@henrich.klimko", 100, 74, 190, 22, 90, (2, 1, 1)),
              Word("ana@laptop:~/web$", 360, 24, 200, 20, 90, (1, 1, 2))]
    texts = sorted(w.text for w in _emails_again(img, broken))
    assert texts == ["@henrich.klimko", "Acme", "ana@laptop:~/web$", "seppop@szalai.io"]  # a prompt is no e-mail


def test_a_header_pair_over_a_first_row_read_as_one_line_and_later_rows_read_cell_by_cell():
    from viewer.sensitive.layout import structured_hits

    def line(y, *cells):
        return [Word(text, x, y, 9 * len(text), 13, 92, (y, 1, 1)) for x, text in cells]

    lines = [line(133, (685, "Organisation")), line(133, (906, "Value"), (960, "Stage")),
             line(161, (685, "Καρακυρίου-Αμπατζιάνης"), (890, "Holding"), (960, "256k"), (1000, "Won")),
             line(192, (685, "Skugor"), (745, "d.o.o.")), line(192, (906, "211k"), (950, "Negotiation")),
             line(221, (685, "Rusnak")), line(221, (906, "68k"), (950, "Proposal")),
             line(245, (88, "Account")), line(245, (229, "INV-2024-1167"))]
    texts = [" ".join(w.text for w in ln) for ln in lines]
    found = [texts[i][h.start:h.end] for i, h in structured_hits(lines, texts)]
    assert found == ["Καρακυρίου-Αμπατζιάνης Holding", "Skugor d.o.o.", "Rusnak"]  # an id is no company
