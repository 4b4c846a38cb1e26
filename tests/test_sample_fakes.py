"""Fake sensitive values look real: Luhn-valid cards, key formats, e-mail addresses."""

from __future__ import annotations

import random
import re

from hypothesis import given
from hypothesis import strategies as st

from viewer.sample import fakes

seeds = st.integers(0, 2**32 - 1)


@given(seeds)
def test_card_numbers_pass_luhn_and_look_like_visa_or_mastercard(seed):
    brand, number = fakes.card(random.Random(seed))
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", number) and fakes.luhn_ok(number)
    assert number.startswith("4") if brand == "Visa" else 51 <= int(number[:2]) <= 55


def test_luhn_rejects_a_changed_digit():
    assert fakes.luhn_ok("4539 1488 0343 6467")
    assert not fakes.luhn_ok("4539 1488 0343 6468")


@given(seeds)
def test_keys_follow_the_public_formats(seed):
    rng = random.Random(seed)
    assert re.fullmatch(r"AKIA[A-Z2-7]{16}", fakes.aws_access_key_id(rng))
    assert re.fullmatch(r"[A-Za-z0-9+/]{40}", fakes.aws_secret_key(rng))
    assert re.fullmatch(r"ghp_[A-Za-z0-9]{36}", fakes.github_token(rng))


@given(seeds)
def test_people_have_plausible_emails_and_passwords(seed):
    rng = random.Random(seed)
    p = fakes.person(rng)
    assert re.fullmatch(r"[a-z0-9._]+@[a-z]+\.[a-z]+", p.email) and p.first.lower()[0] in p.email
    pw = fakes.password(rng)
    assert 8 <= len(pw) <= 16 and pw.isascii() and any(c.isdigit() for c in pw) and not pw.isalnum()
