"""Detectors on known content, and what they must leave alone."""

from __future__ import annotations

import pytest

from tests.sensitive_helpers import Typist, session_of
from viewer.sensitive import default_config, load_config, ConfigError
from viewer.sensitive.detect import session_findings
from viewer.sensitive.patterns import scan

AWS_ID = "AKIAQ3EGRT5PLMKZ7WXN"
AWS_SECRET = "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"
GH = "ghp_McgDA7680TZE9PMfBiBX55cPO9ss67lhWceP"
JWT = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ."
       "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")


def cats(text: str) -> list[tuple[str, str]]:
    return [(h.category, text[h.start:h.end]) for h in scan(text)]


@pytest.mark.parametrize("text,category,value", [
    (f"key {AWS_ID} here", "secret", AWS_ID),
    (f"export GITHUB_TOKEN={GH}", "secret", GH),
    (f"aws secret {AWS_SECRET}", "secret", AWS_SECRET),
    (f"Authorization: Bearer {JWT}", "secret", JWT),
    ("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----", "secret", None),
    ("write to sofia.costa85@icloud.com today", "email", "sofia.costa85@icloud.com"),
    ("card 5384 9039 3116 6839 exp", "credit_card", "5384 9039 3116 6839"),
    ("4233886087359231", "credit_card", "4233886087359231"),
    ("IBAN DE89 3704 0044 0532 0130 00 thanks", "iban", "DE89 3704 0044 0532 0130 00"),
    ("call me on +1 415-555-0132", "phone", "+1 415-555-0132"),
    ("my ssn is 536-22-1234", "national_id", "536-22-1234"),
    ("ship to 1450 Mill Street, Springfield", "address", "1450 Mill Street"),
])
def test_detector_finds_known_content(text, category, value):
    found = cats(text)
    assert any(c == category and (value is None or v == value) for c, v in found), found


@pytest.mark.parametrize("text", [
    "git checkout 3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39",
    "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 merged",
    "order 4233886087359232 shipped",          # fails Luhn
    "ref 1234567890123456",                     # fails Luhn
    "meeting on 2024-05-01 at 10:30, or 05/01/2024",
    "upgrade to v2.3.14 or 10.0.19045.3803",
    "The quick brown fox jumps over the lazy dog, then reads a long article about the weather.",
    "uuid 123e4567-e89b-12d3-a456-426614174000",
    "ThisIsAVeryLongCamelCaseIdentifierName",
    "invoice INV-2024-000123 total 1,299.00",
])
def test_negatives_are_left_alone(text):
    assert cats(text) == []


def _login(k: Typist, title="Sign in – Acme Bank", email="ana.silva@example.org", password="Sunny1257*"):
    k.focus("Firefox", title)
    k.click()
    k.type(email)
    k.press("Tab")
    span = k.type(password)
    k.press("Enter")
    return span


def test_password_after_email_and_tab_in_sign_in_window(tmp_path):
    k = Typist()
    span = _login(k)
    found = session_findings(session_of(tmp_path, k.events), default_config())
    pw = [f for f in found if f.category == "password"]
    assert len(pw) == 1 and (pw[0].t_start, pw[0].t_end) == span
    assert any(f.category == "email" for f in found)
    assert any(f.category == "banking" and f.scope == "both" and f.regions == [[0, 0, 0, 800, 600]] for f in found)


def test_password_at_sudo_prompt(tmp_path):
    k = Typist()
    k.focus("Terminal", "ana@host: ~")
    k.type("sudo apt update")
    k.press("Enter")
    span = k.type("hunter2hunter")
    k.press("Enter")
    k.type("ls -la")
    k.press("Enter")
    found = session_findings(session_of(tmp_path, k.events), default_config())
    assert [(f.category, f.t_start, f.t_end) for f in found if not f.detector.startswith("title:")] == \
        [("password", *span)]
    # the prompt's user in the title is the person's user name: a handle in the title, no region
    assert [(f.category, f.detector, f.regions) for f in found if f.detector.startswith("title:")] == \
        [("handle", "title:prompt-user", [])]


def test_card_code_after_card_and_expiry(tmp_path):
    k = Typist()
    k.focus("Firefox", "Checkout – Shop")
    k.click()
    k.type("5384 9039 3116 6839")
    k.press("Tab")
    k.type("08/27")
    k.press("Tab")
    span = k.type("119")
    k.click()
    found = session_findings(session_of(tmp_path, k.events), default_config())
    assert ("credit_card", *span) in [(f.category, f.t_start, f.t_end) for f in found]
    assert len([f for f in found if f.category == "credit_card"]) == 2


def test_pasted_secret_detector_says_paste(tmp_path):
    k = Typist()
    k.focus("Terminal", "bash")
    k.type("export GITHUB_TOKEN=")
    span = k.paste(GH)
    k.press("Enter")
    found = session_findings(session_of(tmp_path, k.events), default_config())
    assert [(f.category, f.detector, f.t_start, f.t_end) for f in found] == \
        [("secret", "detect-secrets+paste", *span)]


def test_prose_search_and_commands_give_nothing(tmp_path):
    k = Typist()
    k.focus("Firefox", "New Tab")
    k.click()
    k.type("weather in lisbon tomorrow")
    k.press("Enter")
    k.focus("Terminal", "ana@host: ~/src")
    for cmd in ("git status", "git log --oneline -3", "git show 9fceb02d0ae598e95dc970b74767f19372d61af8",
                "python -m pip install pandas==2.2.1"):
        k.type(cmd)
        k.press("Enter")
    found = session_findings(session_of(tmp_path, k.events), default_config())
    assert [(f.category, f.detector) for f in found] == [("handle", "title:prompt-user")]  # "ana@host" only


def test_config_patterns_and_title_rules(tmp_path):
    cfg = tmp_path / "org.toml"
    cfg.write_text('[[pattern]]\nname = "emp"\nregex = "EMP-\\\\d{6}"\ncategory = "employee_id"\n'
                   '[[title_rule]]\nname = "hr"\nregex = "(?i)workday"\ncategory = "hr"\n')
    config = load_config(cfg)
    k = Typist()
    k.focus("Firefox", "Workday – Home")
    k.click()
    k.type("id EMP-123456 ok")
    found = session_findings(session_of(tmp_path, k.events), config)
    assert {(f.category, f.detector) for f in found} == {("employee_id", "config:emp"), ("hr", "title:hr")}
    js = tmp_path / "org.json"
    js.write_text('{"pattern": [{"name": "emp", "regex": "EMP-\\\\d{6}", "category": "employee_id"}]}')
    assert load_config(js).patterns[0].name == "emp"


@pytest.mark.parametrize("body", ['[[pattern]]\nname = "x"\n', '[[pattern]]\nname="x"\nregex="("\ncategory="c"\n',
                                  "not = toml = at all"])
def test_bad_config_is_refused_clearly(tmp_path, body):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(body)
    with pytest.raises(ConfigError, match="bad.toml"):
        load_config(cfg)
