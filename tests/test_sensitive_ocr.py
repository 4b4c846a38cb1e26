"""OCR on rendered screens: boxes of the values, light and dark theme, small text, JPEG; changed frames only."""

from __future__ import annotations

import functools
import io
import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.sensitive_helpers import session_of
from viewer.sensitive import default_config
from viewer.sensitive.ocr import _iou, changed, signature, image_hits
from viewer.sensitive.shots import changed_shots, screen_findings

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")

EMAIL = "marta.quillon77@example.org"
CARD = "4233 8860 8735 9231"
TEXT = [("Contact details", None), (f"Email  {EMAIL}", ("email", EMAIL)),
        ("Shipping to 1450 Mill Street", ("address", "1450 Mill Street")),
        (f"Card number  {CARD}", ("credit_card", CARD)), ("Release v2.3.14 on 2024-05-01", None)]


def render(size: int = 18, dark: bool = False, w: int = 1280, h: int = 800):
    bg, fg = ((30, 32, 36), (220, 222, 226)) if dark else ((250, 250, 252), (25, 25, 30))
    img = Image.new("RGB", (w, h), bg)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=size)
    boxes = {}
    y = 60
    for line, want in TEXT:
        x = 80
        draw.text((x, y), line, font=font, fill=fg)
        if want:
            prefix = line[: line.index(want[1])]
            x0 = x + draw.textlength(prefix, font=font)
            l, t, r, b = draw.textbbox((x0, y), want[1], font=font)
            boxes[want[0]] = [0, int(l), int(t), int(r - l), int(b - t)]
        y += int(size * 2.2)
    return img, boxes


def _jpeg(img):
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=70)
    buf.seek(0)
    return Image.open(buf)


@pytest.mark.parametrize("variant", ["light", "dark", "small", "jpeg"])
def test_values_on_screen_get_one_box_each(variant):
    img, boxes = render(size=12 if variant == "small" else 18, dark=variant == "dark")
    if variant == "jpeg":
        img = _jpeg(img)
    hits = image_hits(img, default_config())
    by_cat = {}
    for hit, box, preview in hits:
        by_cat.setdefault(hit.category, []).append([0, *box])
        assert EMAIL not in preview and CARD not in preview
    for cat, want in boxes.items():
        assert len(by_cat.get(cat, [])) == 1, (variant, cat, by_cat)
        assert _iou(by_cat[cat][0], want) >= 0.5, (variant, cat, by_cat[cat], want)
    assert set(by_cat) == set(boxes)  # nothing from the version/date line


def test_signature_ignores_jpeg_noise_but_not_a_new_character():
    img, _ = render()
    assert not changed(signature(img), signature(_jpeg(img)))
    other = img.copy()
    ImageDraw.Draw(other).text((700, 300), "1", font=ImageFont.load_default(size=12), fill=(0, 0, 0))
    assert changed(signature(img), signature(other))
    assert changed(signature(_jpeg(img)), signature(_jpeg(other)))


def test_only_changed_screenshots_are_read_and_spans_follow_them(tmp_path):
    same, _ = render()
    blank = Image.new("RGB", (1280, 800), (250, 250, 252))
    d = tmp_path / "data" / "s1" / "screenshots"
    d.mkdir(parents=True)
    shots = [(1.0, blank), (2.0, same), (3.0, same), (4.0, blank)]
    events = [{"t": 0.0, "type": "focus", "app": "Firefox", "title": "Shop"}]
    for i, (t, img) in enumerate(shots):
        img.save(d / f"{i}.png")
        events.append({"t": t, "type": "screenshot", "file": f"screenshots/{i}.png", "screen": 0})
    events.append({"t": 5.0, "type": "marker", "label": "end"})
    from tests.trace_factory import make_session
    from viewer.trace import load_session

    root = tmp_path / "data"
    (root / "s1" / "session.json").unlink(missing_ok=True)
    import orjson
    from tests.trace_factory import MANIFEST

    (root / "s1" / "session.json").write_bytes(orjson.dumps({**MANIFEST, "session_id": "s1",
                                                             "screens": [{"id": 0, "x": 0, "y": 0, "width": 1280,
                                                                          "height": 800, "scale": 1.0}]}))
    (root / "s1" / "events.jsonl").write_bytes(b"\n".join(orjson.dumps(e) for e in events) + b"\n")
    session = load_session(root / "s1", tmp_path / "cache")
    runs = changed_shots(session)
    assert [(r[1], r[2]) for r in runs] == [(1.0, 1.999), (2.0, 3.999), (4.0, 5.0)]
    found = screen_findings(session, default_config(), workers=2)
    email = [f for f in found if f.category == "email"]
    assert len(email) == 1 and (email[0].t_start, email[0].t_end) == (2.0, 3.999) and email[0].scope == "pixels"
    assert email[0].detector == "ocr:presidio"


def test_suggest_with_ocr_prints_no_value(tmp_path, capsys, caplog):
    import logging

    import orjson

    from tests.trace_factory import MANIFEST
    from viewer.sensitive.commands import suggest

    caplog.set_level(logging.DEBUG)
    d = tmp_path / "data" / "s1"
    (d / "screenshots").mkdir(parents=True)
    img, _ = render(dark=True)
    img.save(d / "screenshots" / "0.jpg", quality=80)
    events = [{"t": 0.0, "type": "focus", "app": "Firefox", "title": "Shop"},
              {"t": 0.5, "type": "screenshot", "file": "screenshots/0.jpg", "screen": 0},
              {"t": 3.0, "type": "marker", "label": "end"}]
    (d / "session.json").write_bytes(orjson.dumps({**MANIFEST, "session_id": "s1", "screens": [
        {"id": 0, "x": 0, "y": 0, "width": 1280, "height": 800, "scale": 1.0}]}))
    (d / "events.jsonl").write_bytes(b"\n".join(orjson.dumps(e) for e in events) + b"\n")
    assert suggest([d], True, True, f"sqlite:///{tmp_path}/o.db", None) == 0
    out = capsys.readouterr()
    lines = [orjson.loads(x) for x in out.out.splitlines()]
    assert {x["detector"] for x in lines} >= {"ocr:presidio", "ocr:address-pattern"}
    assert all(x["scope"] == "pixels" and len(x["regions"]) == 1 for x in lines)
    for value in (EMAIL, CARD, CARD.replace(" ", ""), "1450 Mill Street"):
        assert value not in out.out + out.err + caplog.text


def test_ocr_text_rules_for_prompts_and_split_keys():
    from viewer.sensitive.ocr import _loose_secrets, _prompt_values

    line = "AWS Secret Access Key [None] GtK4CQKDbTEKVL |EYOTLUr 4YYLar728DN"
    (hit,) = _prompt_values(line)
    assert hit.category == "secret" and line[hit.start:].startswith("GtK4")
    assert _prompt_values("Default region name [None] eu-central-1") == []
    line = "% export GITHUB_TOKEN=ghp_ |DovdDyOBEGGXOmHe OvgwZDBVD IWF"
    (hit,) = _loose_secrets(line)
    assert line[hit.start:hit.end].startswith("ghp_")
    assert _loose_secrets("the ghp repo is fine") == []


def test_value_in_an_input_field_gets_the_field_box():
    img = Image.new("RGB", (800, 300), (250, 250, 252))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((100, 100, 580, 134), radius=5, outline=(200, 200, 205), fill=(255, 255, 255))
    draw.text((112, 109), EMAIL, font=ImageFont.load_default(size=15), fill=(20, 20, 20))
    hits = image_hits(img, default_config())
    assert [(h.category, box) for h, box, _ in hits] == [("email", [100, 100, 481, 35])]


def test_look_alike_letters_in_latin_tokens_are_folded_and_words_of_other_scripts_kept():
    from viewer.sensitive.ocr import Word, _latin_lines, latin_lookalikes

    assert latin_lookalikes("ЕМР-350489") == "EMP-350489"  # an id read with the Cyrillic model at hand
    assert latin_lookalikes("ivan@tk.сo") == "ivan@tk.co" and latin_lookalikes("Mаrtin") == "Martin"
    assert latin_lookalikes("Анастас!я") == "Анастасія"  # Ukrainian і as the Russian model reads it
    assert [latin_lookalikes(w) for w in ("Вера", "Ρόδος", "ООО", "Hello")] == ["Вера", "Ρόδος", "ООО", "Hello"]
    row = [Word("Kafka", 10, 10, 40, 12, 95, (1, 1, 1)), Word("Маг", 300, 10, 30, 12, 95, (1, 1, 2)),
           Word("14", 335, 10, 14, 12, 95, (1, 1, 3)), Word("Вера", 10, 40, 40, 12, 95, (1, 2, 1))]
    _latin_lines(row)
    assert [w.text for w in row] == ["Kafka", "Mar", "14", "Вера"]  # "Mar 14" on a Latin row; a Cyrillic row kept


def test_the_page_is_read_in_latin_cyrillic_and_greek_when_installed():
    from viewer.sensitive.ocr import page_langs
    from viewer.sensitive.tessdata import PAGE_LANGS, installed_folder

    _, have = installed_folder()  # Tesseract's own list ("Latin" is a script model: pytesseract leaves it out)
    assert page_langs().split("+") == [lang for lang in PAGE_LANGS if lang in have]
    assert page_langs().startswith("eng")


def test_a_url_that_ocr_cut_at_its_punctuation_is_joined_again():
    from viewer.sensitive.ocr import Word, _text

    words = [Word("https:", 0, 0, 40, 12, 90, (0,)), Word("//files.example.", 46, 0, 90, 12, 90, (0,)),
             Word("net/s/8KfQ?token=ab12", 141, 0, 130, 12, 90, (0,)), Word("shared", 290, 0, 40, 12, 90, (0,))]
    assert _text(words)[0] == "https://files.example.net/s/8KfQ?token=ab12 shared"


def test_an_address_gets_one_region_per_line_and_its_postcode_line_too():
    from viewer.sensitive.ocr import Word, _address_parts
    from viewer.sensitive.patterns import Hit

    text = "Hauptstrasse 14, D-10115 Berlin"
    parts = _address_parts(Hit(0, 16, "address", "address-pattern", 0.7), text)
    assert [text[h.start:h.end] for h in parts] == ["Hauptstrasse 14", "D-10115 Berlin"]
    words = [Word("Ship", 100, 100, 40, 14, 95, (1, 1, 1)), Word("to", 146, 100, 16, 14, 95, (1, 1, 2)),
             Word("1450", 168, 100, 40, 14, 95, (1, 1, 3)), Word("Mill", 214, 100, 30, 14, 95, (1, 1, 4)),
             Word("Street", 250, 100, 50, 14, 95, (1, 1, 5)),
             Word("D-10115", 168, 120, 60, 14, 95, (1, 2, 1)), Word("Berlin", 234, 120, 50, 14, 95, (1, 2, 2))]
    img = Image.new("RGB", (600, 300), "white")
    boxes = sorted(box for hit, box, _ in image_hits(img, default_config(), words) if hit.category == "address")
    assert len(boxes) == 2 and boxes[0][1] == 100 and boxes[1][1] == 120 and boxes[1][0] == 168


def test_a_git_remote_that_ocr_cut_is_joined_again():
    from viewer.sensitive.ocr import Word, _text

    words = [Word('"git@git', 0, 0, 50, 12, 90, (0,)), Word(".example.co:velmora/billing.git\"", 56, 0, 200, 12, 90, (0,))]
    assert _text(words)[0] == '"git@git.example.co:velmora/billing.git"'


def test_a_tall_avatar_word_does_not_merge_two_text_lines():
    from viewer.sensitive.ocr import Word, _lines

    words = [Word("(aw)", 10, 100, 30, 34, 40, (1, 1, 1)),  # an avatar read as text, as tall as both lines
             Word("Marta", 50, 100, 40, 12, 95, (2, 1, 1)), Word("Quillon", 96, 100, 50, 12, 95, (2, 1, 2)),
             Word("10:42", 152, 100, 36, 12, 95, (2, 1, 3)),
             Word("New", 50, 116, 30, 12, 95, (3, 1, 1)), Word("hire", 86, 116, 30, 12, 95, (3, 1, 2))]
    texts = [" ".join(w.text for w in line) for line in _lines(words)]
    assert "New hire" in texts and any(t.endswith("Marta Quillon 10:42") for t in texts)


def test_a_cyrillic_word_read_as_latin_look_alikes_is_spelled_in_cyrillic_on_a_cyrillic_row():
    from viewer.sensitive.ocr import Word, _cyrillic_rows

    row = [Word("Мартин", 0, 0, 50, 12, 95, (0,)), Word("CaHToc", 60, 0, 60, 12, 60, (0,)),
           Word("Hello", 130, 0, 40, 12, 95, (0,)), Word("Martin", 180, 40, 40, 12, 95, (0,)),
           Word("IrHaT", 260, 0, 40, 12, 60, (0,))]  # Ukrainian І too
    _cyrillic_rows(row)
    assert [w.text for w in row] == ["Мартин", "Сантос", "Hello", "Martin", "Ігнат"]


def test_letters_ocr_misreads_in_names_are_put_back():
    from viewer.sensitive.ocr import misread_letters

    assert [misread_letters(w) for w in ("Filipci¢", "llinca", "1ванна", "6вгенія", "|саєвич", "@втушок",
                                         "!ващенко.")] == [
        "Filipcić", "Ilinca", "Іванна", "Євгенія", "Ісаєвич", "Євтушок", "Іващенко."]
    assert [misread_letters(w) for w in ("Carri6n", "Gast6n,")] == ["Carrión", "Gastón,"]  # an accented o as 6
    # a Ukrainian letter read as a capital inside a Cyrillic name; a legal form in capitals stays
    assert [misread_letters(w) for w in ("АндрИшина", "ПрАТ", "Андрій")] == ["Андришина", "ПрАТ", "Андрій"]
    assert [misread_letters(w) for w in ("PetruSka?", "MaSekova", "DuSek", "NikSa", "BaruSić,")] == [
        "Petruška?", "Mašekova", "Dušek", "Nikša", "Barušić,"]  # camel case has no ć
    assert [misread_letters(w) for w in ("MikulaS", "Gerg6")] == ["Mikulaš", "Gergó"]  # at a name's end
    # an š read as "&" or "8" between a name's small letters; a company's "&" between capitals stays
    assert [misread_letters(w) for w in ("Arno&t", "So8tarić,", "R&D", "AT&T", "B2B")] == [
        "Arnošt", "Soštarić,", "R&D", "AT&T", "B2B"]
    assert [misread_letters(w) for w in ("iOS", "macOS", "Route66")] == ["iOS", "macOS", "Route66"]
    camel = ("JavaScript", "PowerShell", "WebSocket", "ChangeSet", "McSorley", "LibreSSL")
    assert [misread_letters(w) for w in camel] == list(camel)
    assert [misread_letters(w) for w in ("ll", "1024", "$5¢", "hello", "EMP-6", "abc6d", "Se6")] == [
        "ll", "1024", "$5¢", "hello", "EMP-6", "abc6d", "Se6"]
    assert misread_letters("|.") == "I."  # an initial read as a bar ("Jure |.")
    # a host's ".net/" read as ".nev"
    assert [misread_letters(w) for w in ("https://acme.atlassian.nevbrowse/ACME-599", "https://never.com/x",
                                         "nevermind")] == ["https://acme.atlassian.net/browse/ACME-599",
                                                           "https://never.com/x", "nevermind"]


def test_a_long_token_read_unsure_is_kept_and_noise_is_not():
    from viewer.sensitive.ocr import _kept

    # Tesseract reads a URL with a token or an access key whole but scores it low (no dictionary word)
    assert _kept("https://app.byrne.io/reset?token=lYrZZJult3kC1VNWDdAjmiWrSWnU", 12)
    assert _kept('"ghp_ZC5X3LSOMZKOEGfUa5SFyupo3Aht14cn3ZjIg"', 26)
    assert _kept("https://app.koch.net/reset?token=ARmp77ESwQc2WOGan|PeV1eQBfec", 1)
    assert _kept("‘https://carlier.co/u/sandrad'", 20) and _kept("https:", 0)
    assert _kept("//newman.atlassian.net/browse/NEWM-139", 3)
    assert _kept("@lmbeki", 29) and _kept("Invoice", 30) and _kept("bmachacek@Lapto)", 19)  # a prompt read unsure
    assert _kept("Vuékovié,", 20) and not _kept("~~~,", 20) and not _kept("Ab,", 20)  # "Last," read unsure
    assert _kept("Pedrosa,", 0) and not _kept("Pedrosa", 0) and not _kept("Pedrosa,", -1)
    # a Cyrillic or Greek surname after its first name, which the English model, read first, leaves unsure
    assert _kept("Αραµπατζής", 26) and _kept("Іващенко.", 26) and not _kept("Іващенко.", 8)
    assert not _kept("Тест", 20) and not _kept("іващенко", 20)
    assert not _kept("||||||||||||||||||||", 12) and not _kept("~~~~~~~~", 20)
    assert not _kept("abcdefghijklmnopqrstu", 8)  # letters only: a garbled word, not a token
    assert not _kept("a1-|-|-|-|-|-|-|-|-|-|", 3) and not _kept("Inv", 12)
    assert not _kept("https://app.byrne.io/reset?token=lYrZZJult3kC1VNWDdAjmiWrSWnU", -1)


def test_an_address_a_title_prompt_an_id_in_brackets_and_a_double_surname_read_unsure_are_kept():
    from viewer.sensitive.ocr import _kept

    assert _kept("pflorea@kligl.net", 3) and _kept("<petronelaa@icloud.", 26)
    assert _kept("laskaris_perdikis@Ilaptop:", 8) and _kept("[SUP-4341]", 15)
    assert _kept("Сірченко-Лубенець", 0) and _kept("Narušis-Petrauskas", 0)
    assert not _kept("Ab-Cd", 0) and not _kept("a@b", 3) and not _kept("[SUP", 15) and not _kept("x@y:", 0)


def _row(*texts: str, gap: int) -> list:
    """OCR words on one line, 8 px per letter, `gap` px apart."""
    from viewer.sensitive.ocr import Word

    out, x = [], 0
    for t in texts:
        out.append(Word(t, x, 0, 8 * len(t), 12, 90, (0,)))
        x += 8 * len(t) + gap
    return out


def test_a_capital_i_read_as_l_at_a_names_start_is_put_back():
    from viewer.sensitive.ocr import _initial_i

    for texts, want in [(("lonel", "Nistor"), ["Ionel", "Nistor"]), (("Liviu", "lonescu"), ["Liviu", "Ionescu"]),
                        (("look", "Here"), ["look", "Here"]), (("Click", "login"), ["Click", "login"]),
                        (("lonel",), ["lonel"]), (("lida", "Salonen"), ["Iida", "Salonen"]),  # "lida": a rare word
                        (("Hi", "lon,"), ["Hi", "Ion,"]), (("lida", "$."), ["Iida", "$."]), (("lida",), ["lida"]),
                        (("lens", "Cap"), ["lens", "Cap"]), (("lab", "Results"), ["lab", "Results"]),
                        (("lonita", "UAB"), ["Ionita", "UAB"]), (("lens", "AG"), ["lens", "AG"])]:  # a legal form
        words = _row(*texts, gap=6)
        _initial_i(words)
        assert [w.text for w in words] == want


def test_a_square_around_a_value_is_an_avatar_not_a_field_and_the_value_keeps_its_own_box():
    import numpy as np

    from viewer.sensitive.ocr import Word, _placed, field_box
    from viewer.sensitive.patterns import Hit

    grey = np.full((200, 400), 250, np.uint8)
    grey[40:102, 40:102] = 120  # a 62 px avatar square, the initials inside it
    grey[20:60, 200:380] = 120  # an input field, wide
    grey[22:58, 202:378] = 255
    initials = [Word("JL", 57, 61, 28, 22, 90, (0,))]
    assert field_box(grey, [57, 61, 28, 22]) == [39, 39, 64, 64]  # the square reads as a field's edges
    value = [Word("Kovex", 210, 32, 60, 14, 90, (0,))]
    assert _placed(Hit(0, 2, "person", "person-initials", 0.6), initials, "JL", [(0, 2)], grey)[0][1] == \
        [57, 61, 28, 22]
    field = _placed(Hit(0, 5, "organisation", "org-label", 0.7), value, "Kovex", [(0, 5)], grey)[0][1]
    assert field[2] > 150 and field[3] >= 30  # the field's box


def test_a_prompt_user_name_cut_at_its_dot_is_joined_again():
    from viewer.sensitive.ocr import _text

    row = functools.partial(_row, gap=5)
    assert _text(row("jeffrey.", "lopez@ws-12:~/app$"))[0] == "jeffrey.lopez@ws-12:~/app$"
    assert _text(row("amber", ".hayden@laptop:~/app"))[0] == "amber.hayden@laptop:~/app"
    assert _text(row("see", "lopez@ws-12"))[0] == "see lopez@ws-12"  # two words, as written


def _tsv(*words, line=1):
    """Tesseract's image_to_data columns for words given as (text, conf, left, width) on one line, 20 px high."""
    data = {k: [] for k in ("text", "conf", "left", "top", "width", "height", "block_num", "par_num", "line_num")}
    for text, conf, left, width in words:
        for k, v in (("text", text), ("conf", conf), ("left", left), ("top", 40), ("width", width), ("height", 20),
                     ("block_num", 1), ("par_num", 1), ("line_num", line)):
            data[k].append(v)
    return data


def test_the_pieces_tesseract_cuts_a_token_into_are_one_word_again():
    from viewer.sensitive.ocr import _join_token_pieces

    # as read from a terminal: "export GITHUB_TOKEN=xoxb-69101673837-9519676191698-Hg29cEVgXxLTyruCCLS0d2DB"
    data = _tsv(("export", 93, 384, 51), ("GITHUB_TOKEN=xoxb-", 0, 447, 150), ("69101673837", 0, 608, 95),
                ("-", 0, 708, 9), ("9519676191698", 0, 719, 111), ("-", 83, 835, 8), ("Hg29cEVgXx", 68, 847, 82),
                ("LTyruCCLS0d2DB", 50, 937, 123))
    _join_token_pieces(data)
    assert [t for t in data["text"] if t] == ["export",
                                             "GITHUB_TOKEN=xoxb-69101673837-9519676191698-Hg29cEVgXxLTyruCCLS0d2DB"]
    assert (data["left"][1], data["width"][1], data["conf"][1]) == (447, 1060 - 447, 0)
    # words of a sentence, a label and its value, a run cut by a wide gap or a new line stay apart
    for words in ([("Maria", 91, 10, 50), ("Cruz", 90, 65, 40), ("42", 88, 110, 20)],
                  [("Password:", 95, 10, 90), ("Xk29slQpz7WmA4ce", 20, 106, 160)],
                  [("xoxb-6910167", 20, 10, 120), ("3837-95196761", 20, 200, 130)]):
        data = _tsv(*words)
        _join_token_pieces(data)
        assert data["text"] == [w[0] for w in words]
    data = _tsv(("xoxb-6910167", 20, 10, 120))
    data2 = _tsv(("3837-95196761", 20, 132, 130), line=2)
    for k in data:
        data[k] += data2[k]
    _join_token_pieces(data)
    assert data["text"] == ["xoxb-6910167", "3837-95196761"]


def test_a_shell_prompt_read_unsure_and_cut_at_its_dot_is_kept_whole():
    from viewer.sensitive.ocr import _join_token_pieces, _kept

    # green on black, as read on a terminal: both pieces at confidence 0
    data = _tsv(("theres.", 0, 15, 58), ("vanderdussen@laptop:~/infra-core$", 0, 78, 295), ("curl", 93, 384, 34))
    _join_token_pieces(data)
    assert [t for t in data["text"] if t] == ["theres.vanderdussen@laptop:~/infra-core$", "curl"]
    assert _kept(data["text"][0], 0) and not _kept("theres.", 0) and not _kept("laptop:~/infra", 0)


def test_a_name_glued_to_its_neighbour_is_split_again():
    from viewer.sensitive.ocr import Word, _text, split_glued

    def split(text):
        return [(w.text, w.x, w.w) for w in split_glued([Word(text, 100, 0, 10 * len(text), 12, 90, (0,))])]

    assert split("HiElise,") == [("Hi", 100, 20), ("Elise,", 124, 56)]  # a space's width between them
    assert _text(split_glued([Word("LuisAngel", 100, 0, 90, 12, 90, (0,))]))[0] == "Luis Angel"
    assert [t for t, _x, _w in split("OnboardingJake")] == ["Onboarding", "Jake"]
    assert [t for t, _x, _w in split("PeterJ.back")] == ["Peter", "J.", "back"]
    assert [t for t, _x, _w in split("ElianaC.")] == ["Eliana", "C."]
    assert [t for t, _x, _w in split("LudvikJ.")] == ["Ludvik", "J."]  # a name in no list: no English word
    assert [t for t, _x, _w in split("WebJ.")] == ["WebJ."]
    assert [t for t, _x, _w in split("1NLJudithtown")] == ["1NL", "Judithtown"]  # a postcode and its town
    assert [t for t, _x, _w in split("10115Berlin,")] == ["10115", "Berlin,"]
    assert split("1NL") == [("1NL", 100, 30)] and split("365Days") == [("365Days", 100, 70)]
    for word in ("JavaScript", "McDonald", "MacKenzie", "PowerShell", "GitHub", "DataFrame", "iPhone", "LinkedIn"):
        assert split(word) == [(word, 100, 10 * len(word))]


def test_two_english_words_read_close_stay_two_words():
    from viewer.sensitive.ocr import _text

    assert _text(_row("Coding", "style", gap=2))[0] == "Coding style"
    assert _text(_row("Gytis", "A.", gap=-4))[0] == "Gytis A."  # a name and its initial, the boxes overlapping
    assert _text(_row("bmachacek", "@Laptop", gap=2))[0] == "bmachacek@Laptop"  # not both English words
    # a subject word or a greeting before a name, the boxes overlapping
    assert _text(_row("Onboarding", "Jake", gap=-3))[0] == "Onboarding Jake"
    assert _text(_row("Hi", "Josué,", gap=1))[0] == "Hi Josué,"
    assert _text(_row("Hi", "there", gap=1))[0] == "Hithere"  # no capital: one word Tesseract split


def test_a_host_whose_dot_was_read_as_a_space_is_joined_with_its_dot():
    from viewer.sensitive.ocr import _text

    assert _text(_row("https://git", "figueras.co/gregorio_boada/sync-tools.git", gap=9))[0] == \
        "https://git.figueras.co/gregorio_boada/sync-tools.git"
    assert _text(_row('"git@git', 'Lab.com:teixeira/claims-web.git"', gap=6))[0] == \
        '"git@git.Lab.com:teixeira/claims-web.git"'
    assert _text(_row("see", "example.com/docs", gap=6))[0] == "see example.com/docs"  # no scheme nor user before
    assert _text(_row("https://git", "figueras.co/x", gap=30))[0] == "https://git figueras.co/x"  # too far apart


def test_a_password_column_cell_is_found_in_a_row_read_as_one_line():
    from viewer.sensitive.ocr import Word, _column_cells, _lines

    def word(text, x, y):
        return Word(text, x, y, 9 * len(text), 14, 90, (0,))

    # cells 16 px apart: each row is read as one line
    header = [word("System", 100, 100), word("Login", 180, 100), word("Password", 295, 100)]
    rows = [[word("Billing", 100, 130), word("ops@acme.io", 180, 130), word("Maple783*", 295, 130)],
            [word("Support", 100, 160), word("dev@acme.io", 180, 160),
             word("xK29!q", 295, 160), word("Lm#4", 353, 160)]]  # a value OCR cut at a mark
    lines = _lines([w for line in [header] + rows for w in line])
    assert len(lines[-1]) == 4  # the row is one line
    cells = _column_cells(lines)
    assert [([w.text for w in cell], kind) for cell, kind, _spans in cells] == [
        (["Maple783*"], "password"), (["xK29!q", "Lm#4"], "password")]
    # no column without its header, and a table ends at a wide gap
    assert _column_cells(_lines([w for line in rows for w in line])) == []
    far = [word("Foo", 100, 400), word("bar@acme.io", 180, 400), word("Sunny1641?", 295, 400)]
    assert len(_column_cells(_lines([w for line in [header] + rows + [far] for w in line]))) == 2
    # "password" in a sentence heads no column
    sentence = [word("The", 100, 100), word("VPN", 136, 100), word("Password", 172, 100), word("is", 247, 100),
                word("Maple783*", 268, 100)]
    assert _column_cells(_lines([w for line in [sentence] + rows for w in line])) == []


def test_a_name_found_once_is_not_found_again_inside_a_url_a_repository_or_an_e_mail():
    from viewer.sensitive.ocr import Word

    def line(y, *texts):
        out, x = [], 40
        for t in texts:
            out.append(Word(t, x, y, 8 * len(t), 12, 92, (y,)))
            x += 8 * len(t) + 8
        return out

    words = (line(40, "From:", "Mirta", "Sanmiguel") + line(80, "Book", "at", "https://calendly.com/mirta-sanmiguel/30min") +
             line(120, "or", "write", "to", "mirta.sanmiguel@acme.io") + line(160, "Thanks", "Mirta", "Sanmiguel") +
             line(200, "Pushed", "the", "fix", "to", "sanmiguel/claims-tools,", "tests", "pass."))
    found = image_hits(Image.new("RGB", (900, 240), "white"), default_config(), words=words)
    by_row = sorted((box[1], hit.category) for hit, box, _preview in found)
    assert by_row == [(40, "person"), (80, "private_url"), (120, "email"), (160, "person"), (200, "repository")], \
        by_row


def test_a_line_the_row_grouping_cut_apart_is_joined_again():
    from viewer.sensitive.ocr import Word, _lines, _text

    def word(text, x, y, w=None, h=11):
        return Word(text, x, y, w or 8 * len(text), h, 90, (0,))

    # as read from a mail list: a sidebar item and a title a few pixels above pull most of the line into their row
    words = [word("Inbox", 17, 47, 31), word("Renewal", 539, 51, 69, 13), word("for", 615, 51, 25, 13),
             word("Wood", 645, 51, 46, 13), word("Inc", 698, 51, 23, 13), word("Quote", 203, 58, 35),
             word("for", 242, 57, 17), word("Reyes", 263, 58, 35, 12), word("and", 303, 57, 21),
             word("Sons", 329, 58, 28, 9), word("Starred", 17, 70, 43, 10)]
    texts = [_text(line)[0] for line in _lines(words)]
    assert "Quote for Reyes and Sons" in texts, texts
    # lines a row apart, or far apart on one row, stay apart
    texts = [_text(line)[0] for line in _lines([word("14892", 539, 437), word("Labin", 588, 452),
                                                word("Send", 900, 437)])]
    assert sorted(texts) == ["14892", "Labin", "Send"]


def test_a_number_under_a_signatures_name_or_company_is_a_phone():
    from viewer.sensitive.ocr import Word

    def line(y, *texts, x=40):
        out = []
        for t in texts:
            out.append(Word(t, x, y, 8 * len(t), 12, 92, (y,)))
            x += 8 * len(t) + 8
        return out

    words = (line(40, "Best,") + line(58, "Engineer,", "Velmorix", "Nyrt.") + line(76, "076", "424-40-82") +
             line(120, "Order", "total") + line(138, "076", "424-40-83"))
    found = image_hits(Image.new("RGB", (700, 200), "white"), default_config(), words=words)
    assert sorted((box[1], hit.category) for hit, box, _ in found) == [(58, "organisation"), (76, "phone")]


def test_the_author_beside_an_avatar_is_a_person_whatever_ocr_made_of_the_name():
    import numpy as np

    from viewer.sensitive.ocr import Word, _authors_beside_avatars, _lines

    def line(x, y, *texts):
        out = []
        for t in texts:
            out.append(Word(t, x, y, 8 * len(t), 14, 90, (y,)))
            x += 8 * len(t) + 6
        return out

    squares = [([100, 100, 32, 32], [108, 108, 16, 16]), ([100, 200, 32, 32], [108, 208, 16, 16]),
               ([100, 300, 32, 32], [108, 308, 16, 16])]
    words = (line(140, 104, "Уепе!$.", "Tue", "10:30") + line(140, 204, "Datadog", "Tue", "10:30") +
             line(140, 304, "Deploy", "finished") + line(140, 140, "Shipping", "to", "Mill", "Street"))
    grey = np.full((400, 600), 255, dtype=np.uint8)
    found = _authors_beside_avatars(squares, _lines(words), [], grey)
    assert [(hit.category, box[1]) for hit, box, _ in found] == [("person", 104)]  # not the bot, not a sentence
    assert found[0][2] != "Уепе!$."  # masked


def test_a_name_whose_halves_two_detectors_found_apart_is_one_region():
    from viewer.sensitive.ocr import Word, _join_name_halves
    from viewer.sensitive.patterns import Hit

    words = [Word("Call", 560, 513, 40, 22, 95, (0,)), Word("Nemes,", 625, 513, 67, 22, 95, (0,)),
             Word("Petre", 716, 513, 56, 17, 95, (0,)), Word("back", 790, 513, 40, 17, 95, (0,)),
             Word("Ana", 100, 600, 40, 17, 95, (0,)), Word("and", 150, 600, 30, 17, 95, (0,)),
             Word("Ion", 190, 600, 30, 17, 95, (0,))]
    found = [(Hit(5, 11, "person", "ner", 0.7), [625, 513, 67, 22], "p"),
             (Hit(13, 18, "person", "same-value", 0.7), [716, 513, 56, 17], "p"),
             (Hit(0, 3, "person", "ner", 0.7), [100, 600, 40, 17], "p"),  # a word between: two people
             (Hit(8, 11, "person", "ner", 0.7), [190, 600, 30, 17], "p")]
    out = sorted(_join_name_halves(found, words), key=lambda f: f[1])
    assert [box for _, box, _ in out] == [[100, 600, 40, 17], [190, 600, 30, 17], [625, 513, 147, 22]]
    assert out[2][0].category == "person" and "Nemes" not in out[2][2]


def test_a_password_said_in_a_sentence_that_the_page_read_dropped_is_read_again():
    from viewer.sensitive.ocr import Word

    img = Image.new("RGB", (900, 60), (250, 250, 252))
    draw, font = ImageDraw.Draw(img), ImageFont.load_default(size=18)
    said, value, rest = "The temporary Wi-Fi password is ", "h%Sq21g8FlqgE7G", " until Friday."
    draw.text((10, 20), said + value + rest, font=font, fill=(30, 30, 30))
    x_value, x_rest = 10 + draw.textlength(said, font=font), 10 + draw.textlength(said + value, font=font)
    words, x = [], 10.0  # the page read as Tesseract returned it: the value dropped, its sentence cut in two
    for k, part in enumerate((said + value + rest).split(" ")):
        width = draw.textlength(part, font=font)
        if part != value:
            words.append(Word(part, round(x), 22, round(width), 16, 95, (1, 1 if x < x_value else 2, k)))
        x += width + draw.textlength(" ", font=font)
    found = [(hit.category, box) for hit, box, _ in image_hits(img, default_config(), words)]
    assert len(found) == 1 and found[0][0] == "password", found
    box = found[0][1]
    assert _iou([0, *box], [0, round(x_value), 22, round(x_rest - x_value), 16]) >= 0.5, (box, x_value, x_rest)


def test_a_value_whose_last_piece_ocr_drew_inside_the_word_before_gets_the_whole_box():
    from viewer.sensitive.ocr import Word

    words = [Word("DB_PASSWORD=zgTY5qC", 30, 532, 484, 29, 56, (15, 1, 1)),
             Word("fWEj", 355, 528, 58, 38, 56, (15, 1, 1))]
    found = [box for hit, box, _ in image_hits(Image.new("RGB", (800, 700), "white"), default_config(), words)
             if hit.category == "password"]
    assert len(found) == 1 and found[0][0] > 300 and found[0][0] + found[0][2] == 514, found


@pytest.mark.parametrize("size", [12, 13])
def test_an_address_ocr_cut_at_its_dot_is_read_again_whole(size):
    from viewer.sensitive.ocr import Word

    img = Image.new("RGB", (520, 40), (18, 18, 20))
    draw, font = ImageDraw.Draw(img), ImageFont.load_default(size=size)
    head, address = "Author: Petronela Aanei ", "<petronelaa@icloud.com>"
    draw.text((10, 12), head + address, font=font, fill=(210, 210, 210))
    x = 10 + round(draw.textlength(head, font=font))
    width = round(draw.textlength(address, font=font))
    words = [Word("Author:", 10, 12, 48, size, 90, (1, 1, 1)), Word("Petronela", 62, 12, 60, size, 90, (1, 1, 2)),
             Word("Аапе1", 126, 12, 36, size, 40, (1, 1, 3)),
             Word("<petronelaa@icloud.", x, 12, width, size, 26, (1, 1, 4))]  # "com>" lost, its box whole
    emails = [box for hit, box, _ in image_hits(img, default_config(), words) if hit.category == "email"]
    assert len(emails) == 1 and _iou([0, *emails[0]], [0, x, 12, width, size]) >= 0.5, (emails, x, width)


def test_a_postcode_and_city_line_may_name_its_district_in_brackets():
    from viewer.sensitive.ocr import POSTCODE_CITY

    for line in ("111 39 Jesenice (okres Rakovník).", "10115 Berlin (Mitte)", "H-4653 Tamásihalas", "SW1A 1AA London"):
        assert POSTCODE_CITY.match(line), line
    for line in ("12 (x)", "10115 Berlin (see 2 more)", "10115 Berlin (Mitte"):
        assert not POSTCODE_CITY.match(line), line


def test_a_mention_pill_among_text_lines_is_no_field():
    import numpy as np

    from viewer.sensitive.ocr import field_box

    grey = np.full((220, 420), 255, np.uint8)
    grey[146:178, 253:275] = 95  # an avatar beside the message
    grey[149, 276:360:3] = 28  # the author line above and the next message below: letter strokes, no border
    grey[190, 276:360:3] = 28
    grey[155:173, 288:342] = 238  # the mention's pale pill (17 levels from the page: no edge to walk to)
    grey[159:169, 292:338:2] = 40  # "@zoltan"
    grey[159:169, 348:400:2] = 40  # "can you check", the message going on
    assert field_box(grey, [291, 159, 46, 10]) == [291, 159, 46, 10]


def test_a_url_token_is_no_prompt_asking_for_a_secret():
    from viewer.sensitive.ocr import _prompt_values

    line = "Profile https://app.szabo.io/reset?token=DWSDvqAhYNNIAHoxoAsjsTHQ21If | Meeting booked"
    assert _prompt_values(line) == []
    prompt = "Enter token: ghp_abcdefabcdef1234567890"
    assert [prompt[h.start:h.end] for h in _prompt_values(prompt)] == ["ghp_abcdefabcdef1234567890"]


def test_small_words_between_names_stay_words_however_tight_the_font():
    from viewer.sensitive.ocr import _text

    row = functools.partial(_row, gap=2)  # closer than a space of a 12 px word: one word Tesseract split
    assert _text(row("Richards,", "Cooper", "and", "Mason"))[0] == "Richards, Cooper and Mason"
    assert _text(row("record", "of", "Joshua", "Jones:"))[0] == "record of Joshua Jones:"
    assert _text(row("edited", "by", "Juliette", "R."))[0] == "edited by Juliette R."
    assert _text(row("marta.quillon77", "@example.org"))[0] == "marta.quillon77@example.org"  # still one word


def test_a_cyrillic_name_read_with_3_for_z_and_6_for_b_is_spelled_back_on_a_screen_with_cyrillic():
    from viewer.sensitive.ocr import _cyrillic_rows

    for texts, want in [(("Федр", "3apy6a"), ["Федр", "Заруба"]), (("owner", "3axap,", "Иван"), ["owner", "Захар,", "Иван"]),
                        (("3aba6e", "Иван"), ["3aba6e", "Иван"]),  # a hex run stays
                        (("3rd", "6pm", "Иван"), ["3rd", "6pm", "Иван"]), (("3axap",), ["3axap"])]:  # no Cyrillic
        words = _row(*texts, gap=6)
        _cyrillic_rows(words)
        assert [w.text for w in words] == want


def test_a_csv_row_read_as_one_word_is_cut_into_its_fields_and_a_cyrillic_surname_in_it_spelled_back():
    from viewer.sensitive.ocr import Word, _cyrillic_rows, _text, split_csv

    row = [Word("Арсен", 14, 85, 40, 12, 96, (1, 1, 1)),
           Word("WmopryH,arsen_shmorgun@theocharis.net,+7", 60, 85, 320, 12, 80, (1, 1, 1))]
    words = split_csv(row)
    assert [w.text for w in words] == ["Арсен", "WmopryH,", "arsen_shmorgun@theocharis.net,", "+7"]
    _cyrillic_rows(words)
    import re
    assert re.fullmatch(r"Ш[\u0430-\u045f]{6},", words[1].text)  # spelled in Cyrillic, its comma kept
    assert _text(words)[0] == f"Арсен {words[1].text} arsen_shmorgun@theocharis.net, +7"
    for text in ("1,234,567", "name,email,phone", "Smith,"):  # no e-mail among the fields: one word
        assert [w.text for w in split_csv([Word(text, 0, 0, 90, 12, 90, (1, 1, 1))])] == [text]
    glued = [Word("Лазарева,", 65, 147, 62, 11, 90, (1, 1, 1)), Word("Lazarl@psyrri.net", 129, 147, 120, 11, 90, (1, 1, 1))]
    assert _text(glued)[0] == "Лазарева, Lazarl@psyrri.net"  # a word's comma ends it, however close the next
