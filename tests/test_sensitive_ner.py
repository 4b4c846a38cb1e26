"""The shipped named-entity model: loaded from the package, and on a screen rendered by the real Chromium and read
by the real Tesseract it finds a person and an organisation that no label, list or pattern announces, as regions
at the words' boxes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.screens_html import Screen, render_one, s
from viewer.sensitive import ner
from viewer.sensitive.ocr import _box_iou
from viewer.sensitive.screen import detect_screen

ROOT = Path(__file__).resolve().parents[1]

# made-up names in none of the shipped name lists, in sentences no label or pattern reads
SCREEN = Screen("ner", "Notes", f"""
<div class="bar">Notes</div><div class="wrap"><div class="side">Today<br>This week</div><div class="main">
<div class="row" style="font-size:20px">Weekly notes</div>
<div class="row">Call with {s("person", "Ilmari Vaskelainen")} about the renewal</div>
<div class="row">Payment from {s("organisation", "Brannock & Velmora")} is still open</div>
<div class="row">The nightly build passed on all platforms.</div>
</div></div>""")


def test_the_model_is_shipped_in_the_package_and_loads_from_there():
    assert ner.MODEL.is_relative_to(ROOT / "viewer" / "sensitive")
    assert (ner.MODEL / "config.cfg").is_file() and (ner.MODEL / "ner" / "model").is_file()
    nlp = ner.model()
    assert nlp is ner.model()  # once per process
    assert set(nlp.get_pipe("ner").labels) == {"PERSON", "ORG", "ADDRESS"}
    assert Path(nlp.path).resolve() == ner.MODEL.resolve()
    size = sum(p.stat().st_size for p in ner.MODEL.rglob("*") if p.is_file())
    assert size < 10 * 2**20


def test_lines_of_text_get_people_organisations_and_addresses_and_chrome_is_left_alone():
    lines = ["Call with Ilmari Vaskelainen about the renewal", "Invoice from Brannock & Velmora",
             "Mannerheimintie 14 B 7", "Deals", "Pull requests", "Staging DB", "Settings"]
    found = [[(t[h.start:h.end], h.category, h.detector) for h in hits]
             for t, hits in zip(lines, ner.entity_hits(lines))]
    assert found[0] == [("Ilmari Vaskelainen", "person", "ner")]
    assert found[1] == [("Brannock & Velmora", "organisation", "ner")]
    assert found[2] == [("Mannerheimintie 14 B 7", "address", "ner")]
    assert found[3:] == [[], [], [], []]


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_a_rendered_screen_gets_the_person_and_the_organisation_at_their_boxes(tmp_path):
    path, gold = render_one(SCREEN, tmp_path)
    found = detect_screen(path, title="Notes")
    for category in ("person", "organisation"):
        box = next(b for c, b in gold if c == category)
        hits = [f for f in found if f.category == category and _box_iou(f.regions[0][1:], box) >= 0.5]
        assert [f.detector for f in hits] == ["ocr:ner"], (category, box, [(f.category, f.regions) for f in found])
        assert "Vaskelainen" not in hits[0].preview and "Velmora" not in hits[0].preview  # masked
    right = sum(any(_box_iou(f.regions[0][1:], b) >= 0.3 for _c, b in gold) for f in found)
    assert right == len(found)  # nothing else on the screen is flagged


# names written in Cyrillic and Greek letters (held names spelled in those scripts, none a held-out source draws)
OTHER_SCRIPTS = Screen("ner-scripts", "Notes", f"""
<div class="bar">Notes</div><div class="wrap"><div class="side">Today<br>This week</div><div class="main">
<div class="row" style="font-size:20px">Weekly notes</div>
<div class="row">Call with {s("person", "Ричард Геисслер")} about the renewal</div>
<div class="row">Meeting booked with {s("person", "Ανδρέας Νορδστρομ")}</div>
<div class="row">The nightly build passed on all platforms.</div>
</div></div>""")


def test_lines_in_cyrillic_and_greek_letters_get_their_people_organisations_and_addresses():
    lines = ["Call with Ричард Геисслер about the renewal", "Invoice from Мартин Холдинг is still open",
             "ул. Бауер, д. 14", "Meeting booked with Ανδρέας Νορδστρομ"]
    found = [[(t[h.start:h.end], h.category) for h in hits] for t, hits in zip(lines, ner.entity_hits(lines))]
    assert found == [[("Ричард Геисслер", "person")], [("Мартин Холдинг", "organisation")],
                     [("ул. Бауер, д. 14", "address")], [("Ανδρέας Νορδστρομ", "person")]]


def test_a_lone_dictionary_word_or_file_name_is_no_name():
    lines = ["Length", "Generator", "README.md"]
    found = [[t[h.start:h.end] for h in hits] for t, hits in zip(lines, ner.entity_hits(lines))]
    assert found == [[], [], []]
    assert ner.dictionary_words() and "length" in ner.dictionary_words()


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_names_in_cyrillic_and_greek_letters_are_read_and_found_at_their_boxes(tmp_path):
    path, gold = render_one(OTHER_SCRIPTS, tmp_path)
    found = detect_screen(path, title="Notes")
    for _category, box in gold:
        hits = [f for f in found if f.category == "person" and _box_iou(f.regions[0][1:], box) >= 0.5]
        assert hits, (box, [(f.category, f.regions) for f in found])
        assert "Геисслер" not in hits[0].preview and "Νορδστρομ" not in hits[0].preview  # masked


def test_an_employer_after_a_signature_role_a_label_word_or_with_a_legal_form_is_an_organisation():
    from viewer.sensitive.layout import signature_org

    def org(text):
        return [text[h.start:h.end] for h in signature_org(text)]

    assert org("Head of Finance, Brannock") == ["Brannock"] and org("Account Manager, Velmora Tide") == ["Velmora Tide"]
    assert org("Engineer, Python 3.13") == [] and org("Sales Director, the team is here") == []
    lines = ["Employer Velmora", "Renewal for ГВСУ S.R.L.", "Staging DB"]
    found = [[(t[h.start:h.end], h.category) for h in hits] for t, hits in zip(lines, ner.entity_hits(lines))]
    assert found == [[("Velmora", "organisation")], [("ГВСУ S.R.L.", "organisation")], []]


def test_a_breadcrumb_beside_a_list_of_customers_names_an_organisation():
    from viewer.sensitive.layout import crumb_org

    def org(text):
        return [text[h.start:h.end] for h in crumb_org(text)]

    assert org("Velmora Tide / Customers") == ["Velmora Tide"] and org("Clients / Brannock") == ["Brannock"]
    assert org("Slack / Customers") == [] and org("Docs / Home") == []


def test_a_first_name_and_an_initial_alone_and_a_surname_before_a_comma_are_the_person():
    lines = ["Codrina A.", "Karoly $.", "Ihalainen, Tuomas", "Figure A.", "Plan B.", "Running 9"]
    found = [[(h.category, t[h.start:h.end]) for h in hits] for t, hits in zip(lines, ner.entity_hits(lines))]
    assert found == [[("person", "Codrina A.")], [("person", "Karoly $.")], [("person", "Ihalainen, Tuomas")],
                     [], [], []]  # "Running 9" is a status line, not an address


def test_a_lone_first_name_after_a_verb_that_names_someone():
    lines = ["Call Jasminka back on 0259 919 815 before noon.", "Ask Roko about the quote", "Call Support back",
             "Email Marketing today", "Text Editor on Linux"]
    found = [[(h.category, t[h.start:h.end]) for h in hits] for t, hits in zip(lines, ner.entity_hits(lines))]
    assert found == [[("person", "Jasminka")], [("person", "Roko")], [], [], []]


def test_a_lone_name_in_no_list_is_found_where_the_line_says_it_is_someone():
    lines = ["Hi Rokavel,", "Jessamika 2025-06-12", "Наумир Tue 10:30", "Send the deck to ops@acme.io and copy Leontrin.",
             "E Ζήνωνας Κουτσουλάκης yesterday", "(=) Ζήνωνας 10:30",  # after an avatar read as a letter or marks
             # a bot, a greeting to a group, a status and a word are no one
             "Dependabot 2025-06-12", "Hi team,", "Deploy 2025-06-12", "Standup 10:30", "Hi there"]
    found = [[t[h.start:h.end] for h in hits if h.category == "person"] for t, hits in zip(lines, ner.entity_hits(lines))]
    assert found == [["Rokavel"], ["Jessamika"], ["Наумир"], ["Leontrin"], ["Ζήνωνας Κουτσουλάκης"], ["Ζήνωνας"],
                     [], [], [], [], []]


# a ticket with a lone assignee under its label and a comment's author alone with its date; made-up names in
# none of the shipped lists
TICKET = Screen("ticket-lone-names", "OPS-4121 - Jira", f"""
<div class="bar">Jira</div><div class="wrap"><div class="side">Board<br>Backlog</div><div class="main">
<div class="row" style="font-size:20px">Login fails after password reset</div>
<div class="row" style="margin-top:18px"><b>Assignee</b></div><div class="row">{s("person", "Ovidor")}</div>
<div class="row" style="margin-top:18px"><b>{s("person", "Jessamika")}</b> <span>2025-06-12</span></div>
<div class="row">Hi {s("person", "Rokavel")}, the fix is on staging now.</div>
<div class="row" style="margin-top:18px"><b>Dependabot</b> <span>2025-06-12</span></div>
<div class="row">Bumps the parser to 2.4.1.</div>
</div></div>""")


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_lone_names_under_a_label_beside_a_date_and_greeted_are_found_at_their_boxes(tmp_path):
    path, gold = render_one(TICKET, tmp_path)
    found = detect_screen(path, title="OPS-4121 - Jira")
    for _category, box in gold:
        assert any(f.category == "person" and _box_iou(f.regions[0][1:], box) >= 0.5 for f in found), \
            (box, [(f.category, f.regions) for f in found])
    people = [f for f in found if f.category == "person"]
    assert len(people) == 3  # not the bot


def test_three_partners_in_any_script_are_a_firm_and_three_english_words_are_not():
    lines = ["Quote for Stankevičius, Pocius and Ambrasas", "Козак, Карпенко and Деркач", "Read, Write and Execute",
             "Red, Green and Blue"]
    found = [[(t[h.start:h.end], h.category) for h in hits] for t, hits in zip(lines, ner.entity_hits(lines))]
    assert found == [[("Stankevičius, Pocius and Ambrasas", "organisation")],
                     [("Козак, Карпенко and Деркач", "organisation")], [], []]


def test_a_line_that_is_only_a_listed_first_name_and_surname_is_a_person_though_both_are_words():
    lines = ["Jordan Brown", "Release Notes", "Pull Requests", "Mark Stevens Sponsor"]
    found = [[t[h.start:h.end] for h in hits] for t, hits in zip(lines, ner.entity_hits(lines))]
    assert found[:3] == [["Jordan Brown"], [], []] and "Mark Stevens Sponsor" not in found[3]


def test_a_customer_that_signed_or_whose_billing_page_is_open_is_an_organisation():
    from viewer.sensitive.layout import crumb_org

    lines = ["Голик-Абрамчук signed, thanks @octaviane!", "Velmorix GmbH signed, thanks", "Maria signed the NDA",
             "Contract signed today"]
    found = [[(t[h.start:h.end], h.category) for h in hits] for t, hits in zip(lines, ner.entity_hits(lines))]
    assert found == [[("Голик-Абрамчук", "organisation")], [("Velmorix GmbH", "organisation")], [], []]
    assert [(t, [t[h.start:h.end] for h in crumb_org(t)]) for t in ("Ban| Billing", "Settings | Billing",
                                                                     "Google | Billing")] == [
        ("Ban| Billing", ["Ban"]), ("Settings | Billing", []), ("Google | Billing", [])]


def test_a_person_a_work_item_names_is_found():
    lines = ["Onboarding Zorabel Sunjevic", "1:1 with Vaskelainen", "Onboarding Guide", "Call with Support"]
    found = [[t[h.start:h.end] for h in hits] for t, hits in zip(lines, ner.entity_hits(lines))]
    assert found == [["Zorabel Sunjevic"], ["Vaskelainen"], [], []]


def test_a_first_name_and_an_initial_before_another_column_or_read_in_lower_case():
    from viewer.sensitive.entities import author_line

    lines = ["Jessica $. Sprint 48", "Aldo v.", "Release V. 2", "Total $. 45"]
    found = [[t[h.start:h.end] for h in hits] for t, hits in zip(lines, ner.entity_hits(lines))]
    assert found == [["Jessica $."], ["Aldo v."], [], []]
    line = "o Lucy L. yesterday"  # the avatar read as a lower-case letter
    assert [line[h.start:h.end] for h in author_line(line)] == ["Lucy L."]


def test_a_name_a_verb_addresses_is_one_though_an_english_word_and_a_department_is_not():
    lines = ["Send the deck to ops@acme.io and copy Ari.", "Call Support back on 555", "copy Finance."]
    found = [[t[h.start:h.end] for h in hits] for t, hits in zip(lines, ner.entity_hits(lines))]
    assert found == [["Ari"], [], []]


def test_a_person_labels_one_word_value_is_a_name_though_an_english_word_unless_a_status():
    from viewer.sensitive.layout import _lone_person

    assert [(w, bool(_lone_person(w))) for w in ("Tea", "Oto", "Unassigned", "Nobody", "Dependabot", "me", "42")] == [
        ("Tea", True), ("Oto", True), ("Unassigned", False), ("Nobody", False), ("Dependabot", False), ("me", False),
        ("42", False)]


def test_two_capitalised_words_no_dictionary_holds_joined_by_a_hyphen_are_a_firm_or_a_double_surname():
    lines = ["Hallström-Okonjo @mira.fen", "Ξανθοπούλου-Ρηγάκη", "Sign-In now", "Wi-Fi (office)", "Coca-Cola"]
    found = [[(h.category, text[h.start:h.end]) for h in hits] for text, hits in zip(lines, ner.entity_hits(lines))]
    assert found == [[("organisation", "Hallström-Okonjo")], [("organisation", "Ξανθοπούλου-Ρηγάκη")], [], [], []]


def test_last_first_after_a_verb_or_alone_on_its_line_is_the_whole_name_and_glued_chrome_is_no_one():
    lines = ["and copy Lukacs, Nikolett.", "Call Gailius, Adomas back on 06-03/996", "Gronskis, Vakris",
             "Settings, Profile", "Allitems", "пр.11пзрасе(0, 1,"]
    found = [[text[h.start:h.end] for h in hits] for text, hits in zip(lines, ner.entity_hits(lines))]
    assert found == [["Lukacs, Nikolett"], ["Gailius, Adomas"], ["Gronskis, Vakris"], [], [], []]


def test_menu_words_read_in_cyrillic_look_alikes_and_a_deals_value_are_no_one_and_no_address():
    assert not ner._plausible("Сотрапу", "person") and not ner._plausible("Ноте", "person")  # Company, Home
    assert ner._plausible("Олег", "person")
    assert not ner._plausible("100k Proposal", "address") and ner._plausible("Rambla Griselda 99", "address")


def test_a_name_before_when_an_activity_happened_is_the_person():
    lines = ["Силантий ОЗ 2025", "Lubos Labuda Q3 2025", "Release Q3 2025", "Sprint 48"]
    found = [[text[h.start:h.end] for h in hits] for text, hits in zip(lines, ner.entity_hits(lines))]
    assert found == [["Силантий"], ["Lubos Labuda"], [], []]
