"""Fake but realistic personal data and secrets, all drawn from a seeded `random.Random`.

Nothing here is real: names are common names, card numbers are random but pass the Luhn check,
keys follow the public token formats (AWS access key ids, GitHub tokens) with random bodies.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

FIRST = ["Maria", "Jonas", "Aisha", "Daniel", "Sofia", "Lukas", "Priya", "Mateo", "Emma", "Noah",
         "Hannah", "Omar", "Chloe", "Ethan", "Lena", "Samuel", "Yuki", "Grace", "Felix", "Amara"]
LAST = ["Keller", "Novak", "Rahman", "Fischer", "Costa", "Lindqvist", "Okafor", "Brennan", "Moreau",
        "Tanaka", "Schmidt", "Patel", "Haddad", "Walsh", "Jansen", "Rossi", "Kowalski", "Nguyen"]
MAIL_DOMAINS = ["gmail.com", "outlook.com", "proton.me", "yahoo.com", "fastmail.com", "icloud.com"]
STREETS = ["Maple Avenue", "Harbor Street", "Linden Road", "Oak Lane", "Station Road", "Mill Street",
           "Cedar Court", "Park Terrace", "Riverside Drive", "Elm Grove"]
CITIES = [("Portland", "97205"), ("Austin", "78704"), ("Madison", "53703"), ("Denver", "80206"),
          ("Raleigh", "27601"), ("Boise", "83702"), ("Tucson", "85719"), ("Columbus", "43215")]
WORDS = ["sunny", "river", "tiger", "maple", "coffee", "winter", "falcon", "pepper", "garden", "rocket"]
BASE32 = string.ascii_uppercase + "234567"
ALNUM = string.ascii_letters + string.digits


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    email: str
    username: str
    street: str
    city: str
    zip: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def person(rng: random.Random) -> Person:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    city, zip_code = rng.choice(CITIES)
    street = f"{rng.randint(3, 2400)} {rng.choice(STREETS)}"
    return Person(first, last, email(rng, first, last), first.lower(), street, city, zip_code)


def email(rng: random.Random, first: str, last: str) -> str:
    f, l = first.lower(), last.lower()
    local = rng.choice([f"{f}.{l}", f"{f}{l[0]}", f"{f[0]}{l}", f"{f}.{l}{rng.randint(70, 99)}",
                        f"{f}_{l}{rng.randint(1, 9)}"])
    return f"{local}@{rng.choice(MAIL_DOMAINS)}"


def password(rng: random.Random) -> str:
    """Either a human-made password or a password-manager one."""
    if rng.random() < 0.5:
        word = rng.choice(WORDS).capitalize()
        return f"{word}{rng.randint(10, 2024)}{rng.choice('!#$?.*')}"
    chars = [rng.choice(ALNUM + "!#$%") for _ in range(rng.randint(12, 16))]
    i, j = rng.sample(range(len(chars)), 2)
    chars[i], chars[j] = rng.choice(string.digits), rng.choice("!#$%")  # managers require both
    return "".join(chars)


def luhn_check_digit(digits: str) -> str:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2 == 0:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    digits = "".join(c for c in number if c.isdigit())
    return len(digits) > 1 and luhn_check_digit(digits[:-1]) == digits[-1]


def card(rng: random.Random) -> tuple[str, str]:
    """(brand, number grouped by four) for a Visa or Mastercard number that passes Luhn."""
    brand = rng.choice(["Visa", "Mastercard"])
    prefix = "4" if brand == "Visa" else str(rng.randint(51, 55))
    body = prefix + "".join(rng.choice(string.digits) for _ in range(15 - len(prefix)))
    digits = body + luhn_check_digit(body)
    return brand, " ".join(digits[i:i + 4] for i in range(0, 16, 4))


def expiry(rng: random.Random) -> str:
    return f"{rng.randint(1, 12):02d}/{rng.randint(26, 31)}"


def cvc(rng: random.Random) -> str:
    return f"{rng.randint(100, 999)}"


def aws_access_key_id(rng: random.Random) -> str:
    return "AKIA" + "".join(rng.choice(BASE32) for _ in range(16))


def aws_secret_key(rng: random.Random) -> str:
    return "".join(rng.choice(ALNUM + "+/") for _ in range(40))


def github_token(rng: random.Random) -> str:
    return "ghp_" + "".join(rng.choice(ALNUM) for _ in range(36))


def pseudonym(rng: random.Random) -> str:
    return "u-" + "".join(rng.choice("0123456789abcdef") for _ in range(4))
