"""Everything a session's tasks share, drawn once from its RNG: who types, their data and secrets,
which sites, article, chat and note appear, and what is on the clipboard."""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import fakes, keystrokes, texts
from .state import Env, Site


@dataclass
class Context:
    who: keystrokes.Typist
    password: str
    bank: Site
    cards: tuple[tuple[str, str, str], ...]  # (brand, number, expiry)
    shop: Site
    product: tuple[str, float]
    card_typed: str  # the card number as typed at checkout (spaced or not)
    expiry: str
    cvc: str
    article: dict
    chat: tuple
    note: tuple[str, str]
    terminal_variant: str  # "aws" | "github"
    aws_key_id: str
    aws_secret: str
    github_token: str
    prompt: str
    clipboard: str | None = None
    note_typed: int = 0  # how much of the note's remaining text earlier note tasks typed


def make_context(rng: random.Random, env: Env) -> Context:
    cards = tuple((*fakes.card(rng), fakes.expiry(rng)) for _ in range(2))
    number = cards[0][1]
    return Context(
        who=keystrokes.typist(rng), password=fakes.password(rng), bank=Site(*rng.choice(texts.BANKS)),
        cards=cards, shop=Site(*rng.choice(texts.SHOPS)), product=rng.choice(texts.PRODUCTS),
        card_typed=number if rng.random() < 0.5 else number.replace(" ", ""), expiry=cards[0][2],
        cvc=fakes.cvc(rng), article=rng.choice(texts.ARTICLES), chat=rng.choice(texts.CHATS),
        note=rng.choice(texts.NOTES), terminal_variant=rng.choice(["aws", "github"]),
        aws_key_id=fakes.aws_access_key_id(rng), aws_secret=fakes.aws_secret_key(rng),
        github_token=fakes.github_token(rng), prompt=shell_prompt(env))


def shell_prompt(env: Env) -> str:
    user = env.person.username
    if env.style == "mac":
        return f"{user}@{env.hostname} invoice-api % "
    return f"{user}@{env.hostname.lower()}:~/projects/invoice-api$ "
