"""Browser tasks: sign in to the bank and look at a card, buy something, read an article."""

from __future__ import annotations

import random
from dataclasses import replace

from . import actions, apps, browser, web_article, windows
from .context import Context
from .state import (CHECKOUT_FIELDS, Article, Browser, Cards, Checkout, Confirmation, Dashboard,
                    Login, NewTab, Product, Site)
from .timeline import Timeline

B = "browser"


def _page(tl: Timeline):
    return windows.view(tl, B).page


def _show(tl: Timeline, page, edit_url: str | None = None):
    return windows.with_view(tl, B, Browser(page, edit_url))


def go_to(tl: Timeline, rng: random.Random, ctx: Context, page, address: str) -> None:
    """Open the browser, type `address` into the address bar, Enter, wait for `page` to load."""
    windows.activate(tl, rng, B, Browser(NewTab()))
    screen, current = windows.screen_of(tl, B), _page(tl)
    windows.click_in(tl, rng, B, "address")
    windows.commit(tl, rng, B, Browser(current, ""), shot=False)
    actions.type_text(tl, rng, address, lambda s: _show(tl, current, s), screen, ctx.who)
    actions.press(tl, rng, "Enter")
    tl.wait(rng.uniform(400, 1500))
    windows.commit(tl, rng, B, Browser(page))


def _type_into(tl: Timeline, rng: random.Random, ctx: Context, make, text: str, tag: str | None) -> None:
    """Type into a page field: `make(buffer)` is the page with the buffer in that field."""
    actions.type_text(tl, rng, text, lambda s: _show(tl, make(s)), windows.screen_of(tl, B), ctx.who, tag)


def bank(tl: Timeline, rng: random.Random, ctx: Context) -> None:
    """Sign in (e-mail, Tab, password), open Cards, reveal the card number, read it, hide it."""
    email_tag = tl.secret("email", tl.env.person.email)
    go_to(tl, rng, ctx, Login(ctx.bank, email_tag=email_tag), ctx.bank.domain)
    _sign_in(tl, rng, ctx, email_tag)
    windows.fidget(tl, rng, B, rng.uniform(1.5, 4))
    windows.click_in(tl, rng, B, "Cards")
    tl.wait(rng.uniform(400, 1100))
    page = Cards(ctx.bank, tl.env.person.name, ctx.cards, tag=tl.secret("card_on_screen", ctx.cards[0][1]))
    windows.commit(tl, rng, B, Browser(page))
    tl.wait(rng.uniform(800, 2000))
    for revealed, read in ((True, rng.uniform(3, 7)), (False, rng.uniform(1, 2.5))):
        windows.click_in(tl, rng, B, "toggle0")
        tl.wait(rng.uniform(150, 450))
        windows.commit(tl, rng, B, Browser(replace(page, revealed=revealed)))
        windows.fidget(tl, rng, B, read)


def _sign_in(tl: Timeline, rng: random.Random, ctx: Context, email_tag: str) -> None:
    page = _page(tl)
    windows.click_in(tl, rng, B, "email")
    windows.commit(tl, rng, B, Browser(replace(page, focus="email")), shot=False)
    _type_into(tl, rng, ctx, lambda s: replace(page, email=s, focus="email"), tl.env.person.email, email_tag)
    actions.press(tl, rng, "Tab")
    page = replace(_page(tl), focus="password")
    windows.commit(tl, rng, B, Browser(page), shot=False)
    pw_tag = tl.secret("password", ctx.password)
    _type_into(tl, rng, ctx, lambda s: replace(page, pw_len=len(s)), ctx.password, pw_tag)
    if rng.random() < 0.5:
        actions.press(tl, rng, "Enter")
    else:
        windows.click_in(tl, rng, B, "signin")
    tl.wait(rng.uniform(700, 1900))
    balances = (("Checking **" + ctx.cards[0][1][-4:], f"${rng.randint(800, 9000):,}.{rng.randint(0, 99):02d}"),
                ("Savings", f"${rng.randint(2000, 40000):,}.{rng.randint(0, 99):02d}"))
    windows.commit(tl, rng, B, Browser(Dashboard(ctx.bank, tl.env.person.first, balances)))


def checkout(tl: Timeline, rng: random.Random, ctx: Context) -> None:
    """Open a product, Buy now, fill the checkout form field by field with Tab, pay."""
    name, price = ctx.product
    go_to(tl, rng, ctx, Product(ctx.shop, name, price), ctx.shop.domain)
    windows.fidget(tl, rng, B, rng.uniform(1.5, 3.5))
    windows.click_in(tl, rng, B, "buy")
    tl.wait(rng.uniform(500, 1300))
    p = tl.env.person
    values = (p.email, p.name, p.street, p.city, p.zip, ctx.card_typed, ctx.expiry, ctx.cvc)
    kinds = ("email", None, "address", None, None, "card_number", None, "cvc")
    tags = tuple(tl.secret(k, v) if k else None for k, v in zip(kinds, values))
    windows.commit(tl, rng, B, Browser(Checkout(ctx.shop, name, price, tags=tags)))
    _fill_form(tl, rng, ctx, values)
    windows.click_in(tl, rng, B, "pay")
    tl.wait(rng.uniform(1500, 3200))
    order = f"#{ctx.shop.name[:2].upper()}-{rng.randint(10000, 99999)}"
    windows.commit(tl, rng, B, Browser(Confirmation(ctx.shop, name, p.email, order, email_tag=tags[0])))
    windows.fidget(tl, rng, B, rng.uniform(2, 4))


def _fill_form(tl: Timeline, rng: random.Random, ctx: Context, values: tuple[str, ...]) -> None:
    windows.click_in(tl, rng, B, CHECKOUT_FIELDS[0])
    for i, value in enumerate(values):
        if i:
            actions.press(tl, rng, "Tab")
        page = replace(_page(tl), focus=i)
        windows.commit(tl, rng, B, Browser(page), shot=False)
        _type_into(tl, rng, ctx, lambda s, i=i, page=page: page.with_value(i, s), value, page.tags[i])


def browse(tl: Timeline, rng: random.Random, ctx: Context) -> None:
    """Read an article: scroll down in bursts of wheel notches with reading pauses, copy a line."""
    art = ctx.article
    page = Article(Site(art["site"], art["domain"], art["color"]), art["title"], art["byline"],
                   tuple(art["paragraphs"]))
    go_to(tl, rng, ctx, page, art["domain"])
    windows.fidget(tl, rng, B, rng.uniform(2, 5))
    content = apps.content(tl.env, B)
    limit = web_article.max_scroll(page, browser.canvas(content))
    while _page(tl).scroll < limit:
        _scroll_burst(tl, rng, limit)
        windows.fidget(tl, rng, B, rng.uniform(1.5, 5))
        if rng.random() < 0.35:
            _copy_line(tl, rng, ctx)
    if ctx.clipboard is None:
        _copy_line(tl, rng, ctx)


def _scroll_burst(tl: Timeline, rng: random.Random, limit: int) -> None:
    screen = windows.screen_of(tl, B)
    area = browser.page_area(apps.content(tl.env, B))
    s = tl.env.screens[screen]
    if not area.inset(20).contains(tl.pointer[0] - s.x, tl.pointer[1] - s.y):  # wheel over the page
        actions.move_to(tl, rng, actions.aim_point(rng, tl, area.inset(area.w // 4, area.h // 4), screen), 200)
    start = _page(tl)

    def show(i: int):
        offset = min(limit, start.scroll + 100 * i)
        return _show(tl, replace(start, scroll=offset, selected=None)) if offset != _page(tl).scroll else None

    actions.scroll(tl, rng, rng.randint(2, 5), show)
    tl.wait(rng.uniform(60, 200))
    tl.shot(screen)


def _copy_line(tl: Timeline, rng: random.Random, ctx: Context) -> None:
    """Select one visible body line by dragging across it, then Ctrl/Cmd+C."""
    page, content = _page(tl), apps.content(tl.env, B)
    local = browser.canvas(content)
    visible = [i for i in web_article.body_lines(page, local)
               if 20 < web_article.line_box(page, local, i).y < local.h - 40]
    if not visible:
        return
    index = rng.choice(visible)
    box = browser.to_screen(content, web_article.line_box(page, local, index))
    screen = tl.env.screens[windows.screen_of(tl, B)]
    y = screen.y + box.center[1]
    actions.drag(tl, rng, (screen.x + box.x + 1, y), (screen.x + box.right - 1, y))
    windows.commit(tl, rng, B, Browser(replace(page, selected=index)))
    actions.hotkey(tl, rng, "c", [actions.command_key(tl)])
    ctx.clipboard = web_article.line_text(page, local, index)
