"""The detectors for what has no fixed pattern, on text: each category found where its evidence is, decoys (vendor
chrome, public URLs, sample code, ordinary dates, standards) left alone; window titles; config name lists."""

from __future__ import annotations

import pytest

from viewer.sensitive import categories, default_config, load_config, ConfigError
from viewer.sensitive.namelists import allowed_edits, match_lists
from viewer.sensitive.textscan import scan_text
from viewer.sensitive.titles import title_hits


def found(text: str, code_host: bool = False) -> list[tuple[str, str]]:
    return [(h.category, text[h.start:h.end]) for h in scan_text(text, default_config(), code_host)]


@pytest.mark.parametrize("text,category,value", [
    ("From: Oluwaseun Adeyemi <o.adeyemi@brightwater.io>", "person", "Oluwaseun Adeyemi"),  # not in the lists
    ("To: Keller, Jonas", "person", "Keller, Jonas"),
    ("Assignee: Nkechi Okonkwo", "person", "Nkechi Okonkwo"),
    ("Hi Daniel,", "person", "Daniel"),
    ("Pull request opened by Aisha Rahman yesterday", "person", "Aisha Rahman"),
    ("Lindqvist, Sofia", "person", "Lindqvist, Sofia"),
    ("José Álvarez Muñoz signed the form", "person", "José Álvarez Muñoz"),
    ("Invoice from Brightwater Logistics GmbH is due", "organisation", "Brightwater Logistics GmbH"),
    ("Customer: Harrowgate Analytics", "organisation", "Harrowgate Analytics"),
    ("cc @tkowalczyk on this", "handle", "@tkowalczyk"),
    ("ingrid.solberg@build-07:~$ ls", "handle", "ingrid.solberg"),
    ("moved to #deal-brightwater-renewal", "channel", "#deal-brightwater-renewal"),
    ("git clone git@github.com:northwind-ops/billing-gateway.git", "repository",
     "git@github.com:northwind-ops/billing-gateway.git"),
    ("see https://github.com/northwind-ops/billing-gateway/pull/231", "repository",
     "https://github.com/northwind-ops/billing-gateway"),
    ("https://northwind.atlassian.net/browse/PAY-2231", "private_url", "https://northwind.atlassian.net/browse/PAY-2231"),
    ("reset at https://app.example.io/reset?token=9f8e7d6c5b4a3f", "private_url",
     "https://app.example.io/reset?token=9f8e7d6c5b4a3f"),
    ("https://files.northwind.internal/exports/q3.csv", "private_url", "https://files.northwind.internal/exports/q3.csv"),
    ("Employee ID: EMP-004821", "account_id", "EMP-004821"),
    ("Invoice INV-2026-0142 total 1,299.00", "account_id", "INV-2026-0142"),
    ("Account number: 88120455", "account_id", "88120455"),
    ("DOB: 14/07/1988", "date_of_birth", "14/07/1988"),
    ("Date of birth March 3, 1979", "date_of_birth", "March 3, 1979"),
    ("date ofbirth June 21, 1962", "date_of_birth", "June 21, 1962"),  # a space OCR lost
    ("Ship to 1450 Mill Street, Springfield, IL 62704", "address", "1450 Mill Street, Springfield, IL 62704"),
    ("Hauptstraße 12, 10115 Berlin", "address", "Hauptstraße 12, 10115 Berlin"),
    ("12 rue de Rivoli, 75001 Paris", "address", "12 rue de Rivoli, 75001 Paris"),
])
def test_each_category_found_by_its_evidence(text, category, value):
    assert (category, value) in found(text), found(text)


def test_bare_owner_name_is_a_repository_on_a_code_host_or_when_named_as_repositories_are():
    assert found("northwind-ops/billing-gateway", code_host=True) == [("repository", "northwind-ops/billing-gateway")]
    assert found("Northwind/Billing") == []  # a plain owner/name only on a code host
    # a kebab-case name is a repository anywhere ("pushed to acme/billing-service, tests pass")
    assert found("Pushed the fix to northwind/billing-gateway, tests pass.") == [
        ("repository", "northwind/billing-gateway")]
    assert found("read/write and input/output in src/main.py", code_host=True) == []
    assert found("o/mobile-tools", code_host=True) == [("repository", "o/mobile-tools")]  # a one-letter owner
    assert found("I/O and a/b tests, n/a", code_host=True) == []
    assert found("see docs/getting-started and src/retry-logic, or ./internal/cache-warm") == []


@pytest.mark.parametrize("text", [
    "Slack", "Google Chrome, Microsoft Teams and Slack are trademarks of their owners.",
    "See https://docs.python.org/3/library/functools.html and https://www.python.org/",
    "@dataclass", "@functools.lru_cache(maxsize=128)", "import '@types/node'",
    "fixes #123 and colour #a1b2c3 (#alb2c3 as OCR reads it) in #general",
    "#include <stdio.h>", "Encoding UTF-8, dates in ISO-8601, hashes with SHA-256, RFC-3339, FY-2026",
    "Meeting on 2026-05-01 at 10:30; released March 3, 2026", "Start date 03/02/2021",
    "Mark as read", "Grace period ends", "Bill to", "The quick brown fox jumps over the lazy dog",
    "retry.py queue.py __init__.py", "commit 9fceb02 merged into main", "Python 3.13 on Linux, macOS and Windows",
    "git push origin main", "Open the Command Palette with Ctrl+Shift+P",
    # generic accounts at a shell prompt and generic channels, as the corpus's nothing-sensitive screens show them
    "dev@build-01:~/project$ make test", "runner@ci:~/project$ ls", "Ask in #help-desk or #til",
    "ev@build-01:~/project$ npm run build",  # "dev" with its first letter lost at the window's edge
])
def test_decoys_give_nothing(text):
    assert found(text) == []


def test_a_named_user_at_a_prompt_and_a_named_channel_are_still_found():
    assert [h[0] for h in found("maria.cruz@build-01:~/project$ ls")] == ["handle"]
    assert [h[0] for h in found("Ask in #help-acme-renewal")] == ["channel"]


@pytest.mark.parametrize("title,app,want", [
    ("DM: aiden@northwind.io", "Chat", {"email"}),
    ("Maria Cruz Lopez", "Messages", {"person"}),
    ("Chat with Priya Raman", "Teams", {"person"}),
    ("Aurelio Bianchi (DM) - Slack", "Slack", {"person"}),
    ("deal-brightwater - Northwind - Slack", "Slack", {"channel"}),
    ("Oluwaseun Adeyemi | LinkedIn", "Chrome", {"person"}),
    ("northwind-ops/billing-gateway: Payment service", "Firefox", {"repository"}),
    ("#proj-orion - Slack", "Slack", {"channel"}),
    ("Fix retry budget by tkowalczyk · Pull Request #231 · northwind-ops/billing-gateway", "Firefox",
     {"handle", "repository"}),
    ("Inbox (3) - maria.cruz@acme.com - Gmail", "Chrome", {"email"}),
    ("tkowalczyk@build-07: ~/src", "Terminal", {"handle"}),
])
def test_titles_with_values(title, app, want):
    assert {h.category for h in title_hits(title, app, default_config())} == want


@pytest.mark.parametrize("title,app", [
    ("Slack", "Slack"), ("functools — Python 3.13 documentation", "Firefox"), ("Zoom Meeting", "zoom.us"),
    ("README.md - billing-gateway - Visual Studio Code", "Code"), ("Q3 forecast.xlsx - Excel", "Excel"),
    ("Calendar - Week 23", "Calendar"), ("New Tab", "Firefox"), ("root@host: ~", "Terminal"),
    ("Order confirmed – Kestrel & Co", "Google Chrome"), ("general - Northwind - Slack", "Slack"),
    ("Activity | Microsoft Teams", "Teams"), ("Issues · pallets/flask", "Firefox"), ("Pull requests · GitHub", "Firefox"),  # a shop's own name as its page title's last part
])
def test_titles_without_values(title, app):
    assert title_hits(title, app, default_config()) == []


def test_work_chat_channel_is_not_private_messaging_but_a_dm_window_is():
    rules = default_config().title_rules
    hit = lambda title: [r.category for r in rules if r.regex.search(title)]  # noqa: E731
    assert hit("deploys - Northwind - Slack") == []
    assert hit("Aurelio Bianchi (DM) - Slack") == ["private_messaging"]
    assert hit("WhatsApp") == ["private_messaging"]
    assert hit("Service health dashboard - Grafana") == []


def _config(tmp_path, text: str, name: str = "viewer.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return load_config(p)


def test_config_name_lists_match_with_ocr_tolerance(tmp_path):
    (tmp_path / "customers.csv").write_text("id,name\n1,Zyxwell Fenwright Holdings\n2,Quorbit\n", encoding="utf-8")
    cfg = _config(tmp_path, '[[names]]\nname = "staff"\ncategory = "person"\nvalues = ["Marguerite Oyelaran"]\n'
                            '[[names]]\nname = "customers"\ncategory = "customer"\ncsv = "customers.csv"\n'
                            'column = "name"\n')
    assert allowed_edits("Marguerite Oyelaran") == 2 and allowed_edits("Quorbit") == 0
    text = "call Margverite 0yelaran about Zyxwell Fenwright Holdinqs and Quorbit; not Quorbat"
    hits = {(h.category, h.detector, text[h.start:h.end]) for h in match_lists(text, cfg.name_lists)}
    assert hits == {("person", "list:staff", "Margverite 0yelaran"),
                    ("customer", "list:customers", "Zyxwell Fenwright Holdinqs"),
                    ("customer", "list:customers", "Quorbit")}
    assert "customer" in categories.names(cfg) and categories.names(cfg)[-1] == "other"
    assert match_lists("Margarine Oyster", cfg.name_lists) == []


def test_a_title_adds_its_values_to_the_configured_lists_and_keeps_them(tmp_path):
    from viewer.sensitive.titles import chat_workspace, with_title

    cfg = _config(tmp_path, '[[names]]\nname = "customers"\ncategory = "customer"\nvalues = ["Quorbit"]\n'
                            '[export]\nkeep_fields = ["event.window_rect"]\n')
    both = with_title(cfg, "#deal-quorbit - Zyxwell Fenwright - Slack")
    assert both.export == cfg.export and both.patterns == cfg.patterns
    lists = {n.name: (n.category, n.values) for n in both.name_lists}
    assert lists["customers"] == ("customer", ("Quorbit",))  # the configured list stays
    assert lists["title-channel"] == ("channel", ("#deal-quorbit",))
    # the workspace (the employer): not flagged in the title, but looked for on the screen
    assert lists["title-organisation"] == ("organisation", ("Zyxwell Fenwright",))
    assert chat_workspace("#general - Slack", "") is None and chat_workspace("Inbox - Mail", "") is None
    assert chat_workspace("#deploys - Acme - Slack", "") == "Acme"


@pytest.mark.parametrize("body,message", [
    ('[[names]]\nname = "x"\ncategory = "person"\n', "no names"),
    ('[[names]]\nname = "x"\ncategory = "Person!"\nvalues = ["Ann Lee"]\n', "names[0].category"),
    ('[[names]]\nname = "x"\ncategory = "person"\ncsv = "missing.csv"\n', "missing.csv: cannot read"),
    ('[[names]]\nname = "x"\ncategory = "person"\ncsv = "c.csv"\ncolumn = "who"\n', "c.csv:1: no column 'who'"),
])
def test_bad_name_lists_name_the_file_and_field(tmp_path, body, message):
    (tmp_path / "c.csv").write_text("name\nSecret Person Value\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        _config(tmp_path, body)
    assert message in str(err.value) and "Secret Person Value" not in str(err.value)


def test_every_builtin_category_is_documented_once():
    names = [c.name for c in categories.CATEGORIES]
    assert len(names) == len(set(names))
    assert {"person", "organisation", "handle", "channel", "repository", "private_url", "account_id",
            "date_of_birth", "address", "secret", "email", "banking"} <= set(names)
    assert all(c.description for c in categories.CATEGORIES)


@pytest.mark.parametrize("line", ["Datadog  10:42 AM", "Release Bot  10:42 AM", "Jenkins 9:15", "Sentry  Tue 10:30"])
def test_a_bot_posting_in_chat_is_no_author(line):
    from viewer.sensitive.entities import author_line

    assert author_line(line) == []
    person = "Maria Cruz  10:42 AM"
    assert [person[h.start:h.end] for h in author_line(person)] == ["Maria Cruz"]


def test_a_number_is_a_phone_where_the_line_says_so():
    from viewer.sensitive.entities import phones_in_context

    def phones(text):
        return [text[h.start:h.end] for h in phones_in_context(text)]

    assert phones("Call Marta back on 6936 567885 before noon.") == ["6936 567885"]
    assert phones("Engineer marta.q@example.org 021 742-88-27") == ["021 742-88-27"]
    assert phones("Release 1.2.3 on 2024-05-01, 1,234,567 rows") == []
    assert phones("Ticket 4821 has 12 345 678 views") == []  # no e-mail before it, no call


def test_a_repository_url_in_quotes_is_found():
    text = 'REMOTE = "https://github.com/velmora/billing-web.git"'
    assert found(text) == [("repository", "https://github.com/velmora/billing-web.git")]


@pytest.mark.parametrize("text", ["Renewal for Velmora SNC", "Invoice from Brannock Oyj", "Renewal for Servicios SUS S.L.N.E",
                                  "Transportes Roig S.A.T.", "Talleres CNN S.Com.", "Industrias del Norte S.Com."])
def test_more_legal_forms_make_an_organisation(text):
    assert [c for c, _v in found(text)] == ["organisation"]


@pytest.mark.parametrize("text,value", [("Deal with Škugor d.o.o. closed", "Škugor d.o.o."),
                                        ("Καρακυρίου-Αμπατζιάνης Holding 256k Won", "Καρακυρίου-Αμπατζιάνης Holding")])
def test_a_company_named_in_another_alphabet_or_with_an_accented_capital_is_an_organisation(text, value):
    assert ("organisation", value) in found(text)


@pytest.mark.parametrize("label", ["Account owner", "Deal owner:", "Account manager", "Case owner"])
def test_who_a_record_belongs_to_is_a_person_label(label):
    from viewer.sensitive.entities import label_kind

    assert label_kind(label) == "person"
    assert found(f"{label.rstrip(':')}: Oana Pop") == [("person", "Oana Pop")]
    assert label_kind("Account") == "organisation" and label_kind("Account number") == "account_id"


def test_a_name_run_stops_at_a_chrome_word_and_before_an_email():
    assert found("Lucy Griffiths Admin lgriffiths@byrne.io") == [("person", "Lucy Griffiths"),
                                                                ("email", "lgriffiths@byrne.io")]
    # the e-mail's first letter read as a capital: the name still stops before it
    assert found("Lucy Griffiths Admin Igriffiths@byrne.io") == [("person", "Lucy Griffiths"),
                                                                ("email", "Igriffiths@byrne.io")]
    assert found("Joel Page") == [("person", "Joel Page")]  # a surname that is a word stays in
    assert found("Industrias del Norte S.Com.") == [("organisation", "Industrias del Norte S.Com.")]


def test_a_call_cue_goes_on_past_an_initial_and_a_password_cut_by_ocr_stays_whole():
    from viewer.sensitive.entities import labelled_value

    assert found("Call Dumitru M. back on 2107680544 before noon.") == [("phone", "2107680544")]
    assert found("Call me. Meet at 2107680544") == []  # a sentence's end stops the cue

    def password(text):
        return [text[h.start:h.end] for h in labelled_value(text, "password")]

    assert password("POBWTOSHIU8Z5A8j LReg") == ["POBWTOSHIU8Z5A8j LReg"]
    assert password("%ASTQNMGdj sb?") == ["%ASTQNMGdj sb?"]
    assert password("Garden673? Show") == []  # a button beside the value is no part of it


def test_the_user_of_an_ssh_login_is_a_handle_unless_generic():
    assert found("ssh marta.quillon@10.0.4.12") == [("handle", "marta.quillon")]
    assert found("ssh -p 2222 deploy@10.0.4.12") == []


@pytest.mark.parametrize("text,value", [
    ("Hayley Smith", "Hayley Smith"), ("Reply to Keith Smith today", "Keith Smith"), ("Donald May", "Donald May"),
    ("Smith, Liam", "Smith, Liam"), ("North, Helen", "North, Helen"), ("Rust, Drago", "Rust, Drago"),
    ("Mark Stevens", "Mark Stevens"), ("Stevens, Mark", "Stevens, Mark"),  # a first name that is also a word
    ("Süßebier, Mark", "Süßebier, Mark")])  # after a surname with letters no English word has
def test_a_surname_that_is_also_a_word_is_a_name_after_a_listed_first_name(text, value):
    assert ("person", value) in found(text), found(text)


@pytest.mark.parametrize("text", ["Mark Stone", "Grace Hill", "Updated May 14", "Sales North", "Jordan Brown",
                                  "Mark as read", "Close, Grace", "Chase Bank"])
def test_two_common_words_are_still_no_name(text):
    assert [c for c, _ in found(text) if c == "person"] == []


@pytest.mark.parametrize("text,value", [
    ("Harris, Miller and Adams signed", "Harris, Miller and Adams"), ("Brooks-Baker", "Brooks-Baker"),
    ("Stone and Sons", "Stone and Sons"), ("Wood Inc", "Wood Inc"), ("Morgan Group", "Morgan Group"),
    ("Denis S.A.S.", "Denis S.A.S."), ("Zirme Pergande GbR", "Zirme Pergande GbR"),
    ("Budai Holding", "Budai Holding"), ("Voinea 4.0.0.", "Voinea 4.0.0.")])  # d.o.o. as OCR reads it
def test_firms_named_for_their_partners_and_more_legal_forms(text, value):
    assert ("organisation", value) in found(text), found(text)


@pytest.mark.parametrize("text", ["Jean-Luc", "Anne-Marie", "Working Group", "Settings Ltd", "Red, Green and Blue",
                                  "Coca-Cola"])
def test_first_names_and_generic_words_are_no_firm(text):
    assert [c for c, _ in found(text) if c == "organisation"] == []


@pytest.mark.parametrize("text", ["225-574-0632x253", "781.456.7973x5967", "(915)329-2608", "04 77 82 51 14",
                                  "(07918) 95457", "04513 85056", "0115 4960713"])
def test_phone_shapes_of_more_countries(text):
    assert found(text) == [("phone", text)]


@pytest.mark.parametrize("text,value", [
    ("Rambla Tere Ribes 20 Apt. 56", "Rambla Tere Ribes 20 Apt. 56"),
    ("Glorieta de Feliciana Cabrera 16", "Glorieta de Feliciana Cabrera 16"),
    ("Kreszentia-Eberth-Platz 52-90", "Kreszentia-Eberth-Platz 52-90"),
    ("Wenke-Misicher-Weg 5/6, 12345 Berlin", "Wenke-Misicher-Weg 5/6, 12345 Berlin"),
    ("Ronda Rosenda Blasco 311 Piso 3", "Ronda Rosenda Blasco 311 Piso 3"),
    ("avenue de Durand", "avenue de Durand"),
    ("Aleea Ene Nr. 17 Bl. 39 Sc. 45 Ap. 693", "Aleea Ene Nr. 17 Bl. 39 Sc. 45 Ap. 693"),
    ("Strada Matilda Stancu", "Strada Matilda Stancu"), ("Ady Endre utca 230.", "Ady Endre utca 230."),
    ("Waseniuksen puistokatu 23", "Waseniuksen puistokatu 23"), ("Panuškova 2", "Panuškova 2"),
    ("Wickerhauserova 8b/8", "Wickerhauserova 8b/8"),
    ("пр. Омский, д. 342 к. 88", "пр. Омский, д. 342 к. 88"),
    ("бул. Комсомольский, д. 8/8", "бул. Комсомольский, д. 8/8")])
def test_street_forms_of_more_countries(text, value):
    assert ("address", value) in found(text), found(text)


@pytest.mark.parametrize("line,name", [("(=) Eftimie, Arian 14:05", "Eftimie, Arian"),
                                       ("θε] Arian Eftimie Tue 10:30", "Arian Eftimie"),
                                       ("Gytis A. 14:05", "Gytis A."), ("MC Maria Cruz  10:42 AM", "Maria Cruz")])
def test_a_chat_author_after_an_avatar_read_as_marks(line, name):
    from viewer.sensitive.entities import author_line

    assert ("person", name) in [(h.category, line[h.start:h.end]) for h in author_line(line)]


@pytest.mark.parametrize("text,value", [("Renewal for Senko", "Senko"), ("Contract with Kovex signed", "Kovex")])
def test_a_customer_named_by_its_deal(text, value):
    assert ("organisation", value) in found(text), found(text)


def test_a_deal_for_a_common_word_names_no_customer():
    assert found("Invoice for New Year") == [] and found("Order for Python") == []


@pytest.mark.parametrize("text,value", [("Blocked by FIN-2030 until Friday", "FIN-2030"), ("see (0P5-1737)", "0P5-1737"),
                                        ("HR-1972 is done", "HR-1972"), ("filed as 0P$-4396", "0P$-4396")])
def test_ticket_numbers_that_look_like_years_or_read_with_ocr_slips(text, value):
    assert ("account_id", value) in found(text), found(text)


@pytest.mark.parametrize("text", ["Release train JAN-2026", "Offsite SPRING-2027", "ISO-2001 and OS-2024"])
def test_a_month_or_season_and_its_year_is_no_ticket(text):
    assert found(text) == []


def test_a_value_set_for_a_variable_named_as_a_secret_is_one_however_it_reads():
    from viewer.sensitive.patterns import secrets

    def hits(text):
        return [(h.category, text[h.start:h.end]) for h in secrets(text)]

    # no digit left after OCR: the entropy rule alone would let it go
    assert hits("export GITHUB_TOKEN=J/HSFyglUeGW/udvaSFHFOYOwBwNPcFeaQaX+mPH") == [
        ("secret", "J/HSFyglUeGW/udvaSFHFOYOwBwNPcFeaQaX+mPH")]
    assert hits("DB_PASSWORD='Garden673?x'") == [("password", "Garden673?x")]
    for text in ("GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}", "API_KEY=<your-key-here>", "TOKEN_TTL=3600000000",
                 "PASSWORD=changeme123", "API_KEY=xxxxxxxxxxxx", "MAX_TOKENS=10000000", "PASSWORD=********"):
        assert hits(text) == [], text


def test_a_listed_first_name_greeted_or_alone_with_a_date_is_a_person():
    from viewer.sensitive.entities import author_line

    assert ("person", "Mark") in found("Hi Mark,")
    assert found("Hi all,") == [] and found("Hi Team,") == []
    for line, name in (("Margot 12/03/2024", "Margot"), ("Claire Mar 14", "Claire"), ("Peter Lang Mar 14", "Peter Lang")):
        assert [(h.category, line[h.start:h.end]) for h in author_line(line)] == [("person", name)]
    for line, name in (("[c| Elizabeth Tue 10:30", "Elizabeth"), ("Emmy van der Dussen yesterday", "Emmy van der Dussen")):
        assert [(h.category, line[h.start:h.end]) for h in author_line(line)] == [("person", name)]  # avatar, particles
    for line in ("Released 12/03/2024", "Sprint 48 12/03/2024", "Cl Tue 10:30", "Monday 12/03/2024",
                 "Onboarding Zora Sunjié"):  # ... and a surname that starts like a weekday is no time
        assert author_line(line) == [], line  # a status, a sprint, the CI bot (its I read as l), a day


def test_a_family_firm_and_a_double_barrelled_firm_whose_first_part_is_also_a_first_name():
    assert ("organisation", "Reyes and Sons") in found("Invoice from Reyes and Sons")
    assert ("organisation", "Hardy-Davis") in found("Contract with Hardy-Davis signed")
    assert found("Jean-Luc joined") == [] and found("Anna-Lena joined") == []  # first names


def test_an_iban_whose_check_digits_ocr_broke_is_still_an_iban_by_its_groups():
    from viewer.sensitive.patterns import scan

    for text in ("Wire it to BO67 QVIN 6102 2493 2644 7914 today", "UA17 7613 15QX XFFP ПОС XCWT XHHO Z",
                 "Refund to F144 8406 3695 3645 37 please"):  # FI44 with its I read as 1
        (hit,) = scan(text)
        assert hit.category == "iban" and text[hit.start:].startswith(("BO67", "UA17", "F144 8406 3695 3645 37"))
    for text in ("Call 0049 1234 5678 9012", "ISO 9001 2015 AB12 CD34", "v2 1234 5678 9012", "AB12 CDEF GHIJ KLMN"):
        assert [h for h in scan(text) if h.category == "iban"] == [], text


def test_a_password_written_in_a_sentence_is_found_and_a_sentence_about_passwords_is_not():
    from viewer.sensitive.patterns import scan

    for text, value in (("The temporary VPN password is Maple1398. until Friday.", "Maple1398"),
                        ("password: %ASIQnMGdjsb?lv%a1!", "%ASIQnMGdjsb?lv%a1!"), ("Password: Hunter22", "Hunter22"),
                        ("The password is i?yRLe! 6QhiUHNXk356 until Friday", "i?yRLe! 6QhiUHNXk356"),  # OCR cut
                        ("The password is Maple1398 and Room 42B is booked", "Maple1398")):
        assert [(h.category, text[h.start:h.end]) for h in scan(text)] == [("password", value)], text
    for text in ("The password is incorrect.", "Your password is required", "Password: ********",
                 "passwords are stored hashed", "password is ${DB_PASS}"):
        assert scan(text) == [], text


def test_a_password_under_its_label_is_whole_when_ocr_cut_it_after_a_mark():
    from viewer.sensitive.entities import labelled_value

    def value(text):
        return [text[h.start:h.end] for h in labelled_value(text, "password")]

    assert value("i?yRLe! 6QhiUHNXk356") == ["i?yRLe! 6QhiUHNXk356"] and value("Hunter22") == ["Hunter22"]
    assert value("Show password") == [] and value("Reset link sent") == [] and value("•••••• 12") == []


def test_a_value_ocr_spaced_apart_is_whole_when_its_assignment_is_the_line():
    from viewer.sensitive.patterns import secrets

    for text, value in (("DB_PASSWORD=Cof fee1076#", "Cof fee1076#"), ("DB_PASSWORD=8DDb7d6 ! 9&nJwe", "8DDb7d6 ! 9&nJwe")):
        assert [(h.category, text[h.start:h.end]) for h in secrets(text)] == [("password", value)]
    assert secrets("DB_PASSWORD=ab") == [] and secrets("DB_PASSWORD=$DB_PASS") == []


def test_a_commit_hash_whose_hex_letters_ocr_misread_is_no_key():
    from viewer.sensitive.patterns import secrets

    assert secrets("commit 4e1b2c9d0a8f7e6d5c4h3a29180706F5e4d3c2b1") == []
    assert [h.category for h in secrets("token 4e1b2c9d0a8f7e6d5c4h3a29180706F5e4d3c2bXq")] == ["secret"]


def test_a_browser_title_bar_name_stops_before_the_browser_and_an_ssh_remote_is_no_mailbox():
    assert found("Susi Trubin Profile Chromium") == [("person", "Susi Trubin")]
    assert found("Heide-Marie Trost Sponsor") == [("person", "Heide-Marie Trost")]  # a table's role column
    assert found("origin git@github.com: (fetch)") == []


def test_a_repository_whose_owner_ocr_or_a_sentence_capitalised_is_still_one():
    assert found("Pushed the fix to Ihenry/scheduler-tools, tests pass.") == [("repository", "Ihenry/scheduler-tools")]
    assert found("Josephine.blin/etl-tools is green") == [("repository", "Josephine.blin/etl-tools")]
    assert found("Read/Write-Access and See Docs/getting-started") == []


def test_a_street_glued_to_its_number_and_a_postcode_after_a_bare_comma():
    from viewer.sensitive.entities import addresses
    from viewer.sensitive.ocr import _address_parts

    text = "Wenke-Misicher-Weg5/6,18197 Finsterwalde"
    assert [[text[p.start:p.end] for p in _address_parts(h, text)] for h in addresses(text)] == [
        ["Wenke-Misicher-Weg5/6", "18197 Finsterwalde"]]
    assert addresses("Ring3 is the best") == []


def test_each_party_on_a_shared_with_line_is_found_but_a_group_or_a_count_is_not():
    from viewer.sensitive.entities import label_kind, labelled_value

    assert label_kind("Shared with") == "party" and label_kind("E-mail") == "email"
    text = "Vasquilo · Ragna Holt · @ragna.holt"
    assert [(h.category, text[h.start:h.end]) for h in labelled_value(text, "party")] == [
        ("organisation", "Vasquilo"), ("person", "Ragna Holt")]
    assert labelled_value("Everyone · 3 people", "party") == []
    assert label_kind("Shared with,") == "party"  # a mark OCR read after the label
    assert [h.category for h in labelled_value("Major Zrt. @zivile", "party")] == ["organisation"]  # a word, a firm
    assert [(h.category, h.start, h.end) for h in labelled_value("ПТК Березняк", "organisation")] == [
        ("organisation", 0, 12)]


def test_russian_and_ukrainian_streets_settlements_and_a_greek_postcode_as_ocr_reads_them():
    from viewer.sensitive.entities import addresses

    def found_addresses(text):
        return [text[h.start:h.end] for h in addresses(text)]

    assert found_addresses("Shipping to w. Трудовое, д. 487 к. 9/5 this week.") == ["w. Трудовое, д. 487 к. 9/5"]
    assert found_addresses("ул. Западная, д. 77 стр. 57, 451717 ст. Домодедово") == [
        "ул. Западная, д. 77 стр. 57", "451717 ст. Домодедово"]
    assert found_addresses("узвз Восьмого березня 3-Й, буд. 6, 13246 мсто Черкаси.") == [
        "узвз Восьмого березня 3-Й, буд. 6", "13246 мсто Черкаси"]
    assert found_addresses("TK 01172 Kapditoa") == ["TK 01172 Kapditoa"]
    assert found_addresses("Order 123456 с. 5") == [] and found_addresses("build 20250 г. 2025") == []


def test_a_prompt_user_ocr_read_with_a_capital_or_a_space_in_its_host_is_still_the_user():
    assert found("emoLnar@ws -12:~/pricing-core$ git status") == [("handle", "emoLnar")]
    assert found("#help-desk") == []  # a help desk's channel is public


def test_a_customer_after_a_deal_word_in_any_alphabet_and_legal_forms_as_ocr_reads_them():
    from viewer.sensitive.entities import organisations

    def orgs(text):
        return sorted({text[h.start:h.end] for h in organisations(text)})

    assert orgs("Quote for 000 Holding") == ["000 Holding"]  # ООО read as zeros
    assert orgs("Renewal for Группа PTK") == ["Группа PTK"]
    assert orgs("Renewal for Короленко, Терещук and Шеремета") == ["Короленко, Терещук and Шеремета"]
    assert orgs("Tuovinen ry signed, thanks") == ["Tuovinen ry"]
    assert orgs("Account Manager, Zivié 5.Γ.ο.") == ["Zivié 5.Γ.ο."]
    assert orgs("Order for ABC") == [] and orgs("quote for the team") == []


def test_a_birth_date_ocr_read_without_the_space_before_its_month():
    from viewer.sensitive.entities import labelled_value

    assert [(h.start, h.end) for h in labelled_value("16Jul 1990", "date_of_birth")] == [(0, 10)]


def test_a_street_with_no_type_before_a_postcode_a_csv_phone_a_two_letter_owner_and_a_split_prompt_user():
    from viewer.sensitive.entities import addresses
    from viewer.sensitive.ocr import _address_parts

    def parts(text):
        return [[text[p.start:p.end] for p in _address_parts(h, text)] for h in addresses(text)]

    assert parts("Office Voćarsko naselje 9c, 40231 Vis") == [["Voćarsko naselje 9c", "40231 Vis"]]
    assert parts("Office Šárovo Kolo 81, 180 27 Nové") == [["Šárovo Kolo 81", "180 27 Nové"]]
    assert parts("Sprint 48, 2025 Planning") == []  # a year is no postcode
    assert ("phone", "887 86 92") in found("Ilya Chernov,ichernov@lakatos.io,887 86 92")
    assert not any(c == "phone" for c, _v in found("total 1,234,567 rows a@b.co"))
    assert found("Pushed the fix to ao/billing-core, tests pass.") == [("repository", "ao/billing-core")]
    assert found("ui/read-only mode") == []
    assert found("yve Lichko@mbp:~/infra-web$") == [("handle", "yve Lichko")]


def test_a_two_digit_ticket_number_only_after_a_project_key_of_three_letters():
    assert found("still open, see OPS-91.") == [("account_id", "OPS-91")]
    assert found("COVID-19 rules") == [] and found("HR-12") == [] and found("UTF-16 text") == []


def test_a_labelled_name_in_cyrillic_or_greek_letters_is_the_person_but_a_company_in_them_is_not():
    from viewer.sensitive.entities import labelled_value

    def person(text):
        return [text[h.start:h.end] for h in labelled_value(text, "person")]

    assert person("Франц Бабʼюк") == ["Франц Бабʼюк"] and person("Λιτίνας, Ειρήνη") == ["Λιτίνας, Ειρήνη"]
    assert person("ООО Ромашка") == [] and person("Отдел продаж") == [] and person("Франц") == []
