"""What is on the synthetic desktop at one instant: immutable snapshots, changed with `replace`.

`Env` is fixed for a session (screens, look, person, where each app's window sits); `Desktop` is
the changing part (open apps, which window each screen shows, each app's view). Views carry
`tag`s naming the sensitive values they show, so the truth can be computed from the snapshots.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from .fakes import Person
from .geometry import Rect

Tag = str | None


@dataclass(frozen=True)
class Screen:
    id: int
    x: int
    y: int
    width: int
    height: int

    @property
    def rect(self) -> Rect:
        return Rect(self.x, self.y, self.width, self.height)


@dataclass(frozen=True)
class App:
    kind: str  # browser | terminal | chat | notes
    name: str  # what the focus event calls it, e.g. "Firefox"
    screen: int
    rect: Rect  # the window frame, in its screen's pixels
    color: tuple[int, int, int]


@dataclass(frozen=True)
class Env:
    style: str  # "windows" | "mac"
    os: str
    timezone: str
    started_at: datetime
    screens: tuple[Screen, ...]
    person: Person
    hostname: str
    apps: dict[str, App]
    wallpaper: int
    image_format: str
    seed: int


@dataclass(frozen=True)
class Site:
    name: str
    domain: str
    color: tuple[int, int, int]


@dataclass(frozen=True)
class Login:
    site: Site
    email: str = ""
    pw_len: int = 0
    focus: str | None = None  # "email" | "password"
    email_tag: Tag = None


@dataclass(frozen=True)
class Dashboard:
    site: Site
    first_name: str
    balances: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Cards:
    site: Site
    holder: str
    cards: tuple[tuple[str, str, str], ...]  # (brand, number, expiry)
    revealed: bool = False
    tag: Tag = None


@dataclass(frozen=True)
class Article:
    site: Site
    title: str
    byline: str
    paragraphs: tuple[str, ...]
    scroll: int = 0
    selected: int | None = None  # index of a highlighted text line


@dataclass(frozen=True)
class Product:
    site: Site
    name: str
    price: float


CHECKOUT_FIELDS = ("email", "name", "address", "city", "zip", "card", "expiry", "cvc")


@dataclass(frozen=True)
class Checkout:
    site: Site
    product: str
    price: float
    values: tuple[str, ...] = ("",) * len(CHECKOUT_FIELDS)
    focus: int | None = None
    tags: tuple[Tag, ...] = (None,) * len(CHECKOUT_FIELDS)

    def with_value(self, index: int, value: str) -> Checkout:
        values = list(self.values)
        values[index] = value
        return replace(self, values=tuple(values))


@dataclass(frozen=True)
class Confirmation:
    site: Site
    product: str
    email: str
    order_no: str
    email_tag: Tag = None


@dataclass(frozen=True)
class NewTab:
    pass


Page = Login | Dashboard | Cards | Article | Product | Checkout | Confirmation | NewTab


@dataclass(frozen=True)
class Browser:
    page: Page
    edit_url: str | None = None  # what is being typed into the address bar, if anything


@dataclass(frozen=True)
class Terminal:
    prompt: str
    lines: tuple[str, ...] = ()
    input: str = ""
    ask: str | None = None  # a program's own prompt ("AWS Access Key ID [None]: ") instead of the shell's
    marks: tuple[tuple[str, int, int, int], ...] = ()  # (tag, line index, first col, end col)


@dataclass(frozen=True)
class Chat:
    contact: str
    messages: tuple[tuple[bool, str], ...]  # (mine, text)
    others: tuple[tuple[str, str], ...]
    draft: str = ""
    tag: Tag = None
    names: tuple[tuple[str, str], ...] = ()  # (shown text, tag): a person or an organisation the chat shows


@dataclass(frozen=True)
class Notes:
    title: str
    body: str
    others: tuple[str, ...] = ()


View = Browser | Terminal | Chat | Notes


@dataclass(frozen=True)
class Desktop:
    views: dict[str, View] = field(default_factory=dict)  # open apps by kind
    shown: tuple[str | None, ...] = (None,)  # the window each screen shows
    focused: str | None = None

    def with_view(self, kind: str, view: View) -> Desktop:
        return replace(self, views={**self.views, kind: view})

    def show(self, kind: str, screen: int) -> Desktop:
        shown = list(self.shown)
        shown[screen] = kind
        return replace(self, shown=tuple(shown), focused=kind)
