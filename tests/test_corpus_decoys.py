"""Decoy screens agree with the labelling rules (viewer/corpus/LABELLING.md): a screen with nothing sensitive shows
no value the rules count as sensitive on the other screens, such as a ticket key."""

from __future__ import annotations

import html
import re

import pytest

from viewer.corpus.generate import build, specs

# the shapes LABELLING.md lists as account, employee, invoice and ticket ids: `EMP-004821`, `INV-2026-0142`,
# `OPS-1423`, `CORE-974` (letters, a hyphen, digits)
ID_SHAPE = re.compile(r"\b[A-Z]{2,6}-\d{2,}\b")
E_MAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[a-z]{2,}\b")


def _text(page: str) -> str:
    body = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.mark.parametrize("split", ["tuning", "heldout"])
def test_decoy_screens_show_no_id_the_labelling_rules_count(split):
    decoys = [spec for spec in specs(split, 3, 240) if spec.decoy]
    assert len({spec.template for spec in decoys}) == len({spec.template for spec in specs(split, 3, 240)})
    for spec in decoys:
        page, title = build(spec)
        assert 'data-cat="' not in page and not title.categories
        for text in (_text(page), title.text):
            assert not ID_SHAPE.search(text), f"{spec.id} ({spec.template}): an id-shaped value on a decoy"
            assert not E_MAIL.search(text), f"{spec.id} ({spec.template}): an e-mail address on a decoy"


def test_the_id_shape_is_what_sensitive_tickets_show():
    tickets = [spec for spec in specs("tuning", 3, 240) if spec.template == "tickets" and not spec.decoy]
    page, _title = build(tickets[0])
    ids = re.findall(r'data-cat="account_id">([^<]*)<', page)
    assert ids and all(ID_SHAPE.search(v) for v in ids)  # the decoys are searched for it the same way
