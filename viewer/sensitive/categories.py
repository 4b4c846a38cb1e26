"""The sensitive-content categories: stable names a flag, a suggestion and an export speak of.

Built-in categories are listed here once, with what counts and what does not; a config file may add its own
(a `[[pattern]]` or `[[title_rule]]` category, a `[[names]]` list's category). The flag form offers exactly
`names(config)`: these plus the configured ones, then `other`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    name: str
    description: str
    where: str  # "value": a span of text or pixels; "screen": a whole window (title rules)


CATEGORIES: tuple[Category, ...] = (
    # values with a pattern
    Category("secret", "API keys, tokens, private keys (detect-secrets plugins, key prefixes, high-entropy tokens)",
             "value"),
    Category("password", "a password typed at a prompt or into a sign-in form, or shown after 'password:'", "value"),
    Category("email", "an e-mail address", "value"),
    Category("phone", "a telephone number (not a date, not an id)", "value"),
    Category("credit_card", "a payment card number (Luhn-checked) or its security code", "value"),
    Category("iban", "an IBAN bank account number", "value"),
    Category("national_id", "a national identity number (US SSN, UK NINO)", "value"),
    # values found by context and name lists
    Category("person", "a person's name: 'First Last', 'Last, First', display names, names in mail headers, chat "
                       "authors, assignee/reviewer fields, an organisation's employee list; not a product or vendor",
             "value"),
    Category("organisation", "an organisation named in a private context: a customer, employer or contracted vendor "
                             "('Acme Corp', 'Customer: Globex'); not the app's own vendor or a public product name",
             "value"),
    Category("handle", "a user handle: '@name' in chat, mentions, code review (not an e-mail address)", "value"),
    Category("channel", "a chat channel that names a project, customer or person ('#deal-acme-renewal'); "
                        "not '#general' or '#random', not a colour or an issue number", "value"),
    Category("repository", "a code repository: 'owner/name' on a code host, a git remote URL", "value"),
    Category("private_url", "a URL that identifies a person, an account or a private resource, or carries a token "
                            "('.../u/name', '...?token=...', an internal host); not a public home page", "value"),
    Category("account_id", "account, customer, employee and ticket ids ('EMP-004821', 'INV-2026-0142', 'Acct 4417'); "
                           "not standards such as ISO-8601 or UTF-8", "value"),
    Category("date_of_birth", "a date next to 'DOB', 'Date of birth', 'Born', 'Birthday'; not an ordinary date",
             "value"),
    Category("address", "a street address (number and street, or street and number)", "value"),
    # whole windows, from title rules
    Category("banking", "a banking or brokerage window (whole screen while it has focus)", "screen"),
    Category("password_manager", "a password manager window (whole screen while it has focus)", "screen"),
    Category("private_messaging", "a direct-message or personal messenger window (whole screen); a work chat "
                                  "channel is not", "screen"),
    Category("health", "a health, patient or insurance-claim window (whole screen)", "screen"),
)
OTHER = Category("other", "anything else a reviewer flags", "value")

BY_NAME = {c.name: c for c in CATEGORIES}


def names(config=None) -> list[str]:
    """The categories a flag may take: built-in, then those the config adds (in file order), then 'other'."""
    out = [c.name for c in CATEGORIES]
    for name in configured(config):
        if name not in out:
            out.append(name)
    return out + [OTHER.name]


def configured(config) -> list[str]:
    """Categories a config file introduces (patterns, title rules, name lists), in file order, no built-ins."""
    if config is None:
        return []
    seen: list[str] = []
    for item in [*getattr(config, "patterns", []), *getattr(config, "title_rules", []),
                 *getattr(config, "name_lists", [])]:
        if item.category not in BY_NAME and item.category != OTHER.name and item.category not in seen:
            seen.append(item.category)
    return seen


def describe(name: str) -> str:
    """A category's description; a configured one is described as such."""
    cat = BY_NAME.get(name)
    return cat.description if cat else ("anything else a reviewer flags" if name == OTHER.name
                                        else "a category from the organisation's config file")
