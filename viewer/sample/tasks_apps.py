"""Desktop-app tasks: commands in a terminal (with an API key), a private chat, writing a note."""

from __future__ import annotations

import random
from dataclasses import replace

from . import actions, terminal, windows
from .context import Context
from .state import Chat, Notes, Terminal
from .texts import FOLLOW_UPS, NAMED_IN_CHAT, NOTES, OTHER_CONTACTS, TERMINAL_OUTPUT
from .timeline import Timeline

T = "terminal"
AWS_ASKS = ("AWS Access Key ID [None]: ", "AWS Secret Access Key [None]: ",
            "Default region name [None]: ", "Default output format [None]: ")


def _term(tl: Timeline) -> Terminal:
    return windows.view(tl, T)


def _type_term(tl: Timeline, rng: random.Random, ctx: Context, text: str, tag: str | None = None,
               pasted: bool = False) -> None:
    """Type (or paste) `text` at the end of the input line; a tagged value is marked where it shows."""
    base = _term(tl)
    line, col = len(base.lines), len(terminal.current_prompt(base)) + len(base.input)

    def show(s: str):
        marks = base.marks + (((tag, line, col, col + len(s)),) if tag and s else ())
        return windows.with_view(tl, T, replace(base, input=base.input + s, marks=marks))

    screen = windows.screen_of(tl, T)
    if pasted:
        actions.paste(tl, rng, text, show, screen, tag)
    else:
        actions.type_text(tl, rng, text, show, screen, ctx.who, tag)


def _enter(tl: Timeline, rng: random.Random, output: list[str], ask: str | None = None) -> None:
    """Enter: the input line scrolls into the history, output follows after the command ran."""
    t = actions.press(tl, rng, "Enter")
    view = _term(tl)
    done = replace(view, lines=view.lines + (terminal.current_prompt(view) + view.input,), input="", ask=None)
    tl.set(windows.with_view(tl, T, done), t)
    tl.wait(rng.uniform(150, 1200) if output else rng.uniform(20, 60))
    windows.commit(tl, rng, T, replace(done, lines=done.lines + tuple(output), ask=ask))


def run(tl: Timeline, rng: random.Random, ctx: Context, command: str) -> None:
    _type_term(tl, rng, ctx, command)
    _enter(tl, rng, TERMINAL_OUTPUT.get(command, []))
    tl.wait(rng.uniform(800, 2500))


def terminal_task(tl: Timeline, rng: random.Random, ctx: Context) -> None:
    """A few commands, then an API key: `aws configure` (key id typed, secret pasted) or a
    GitHub token pasted into an `export`."""
    windows.activate(tl, rng, T, Terminal(prompt=ctx.prompt))
    windows.click_in(tl, rng, T, "body")
    run(tl, rng, ctx, rng.choice(["git status", "ls"]))
    if ctx.terminal_variant == "aws":
        _aws_configure(tl, rng, ctx)
        run(tl, rng, ctx, "aws s3 ls")
    else:
        _type_term(tl, rng, ctx, "export GITHUB_TOKEN=")
        _type_term(tl, rng, ctx, ctx.github_token, tl.secret("api_key", ctx.github_token), pasted=True)
        _enter(tl, rng, [])
        run(tl, rng, ctx, "gh repo list --limit 3")


def _aws_configure(tl: Timeline, rng: random.Random, ctx: Context) -> None:
    run_line = "aws configure"
    _type_term(tl, rng, ctx, run_line)
    _enter(tl, rng, [], AWS_ASKS[0])
    _type_term(tl, rng, ctx, ctx.aws_key_id, tl.secret("api_key", ctx.aws_key_id))
    _enter(tl, rng, [], AWS_ASKS[1])
    _type_term(tl, rng, ctx, ctx.aws_secret, tl.secret("api_key", ctx.aws_secret), pasted=True)
    _enter(tl, rng, [], AWS_ASKS[2])
    _type_term(tl, rng, ctx, rng.choice(["eu-central-1", "us-east-1", "eu-west-2"]))
    _enter(tl, rng, [], AWS_ASKS[3])
    _type_term(tl, rng, ctx, "json")
    _enter(tl, rng, [])


def chat_task(tl: Timeline, rng: random.Random, ctx: Context) -> None:
    """Open the chat (a private conversation), a message arrives, read, type a reply, send."""
    contact, messages, reply = ctx.chat
    incoming = messages[-1]
    if "chat" in tl.desk.views:  # opened before (its view keeps its tag): a new message, a new reply
        text, reply = rng.choice(FOLLOW_UPS)
        incoming, initial = (False, text), None
    else:
        names = ((contact, tl.secret("person", contact)),
                 *((text, tl.secret(kind, text)) for text, kind in NAMED_IN_CHAT))
        initial = Chat(contact, tuple(messages[:-1]), tuple(OTHER_CONTACTS), tag=tl.secret("private_chat", None),
                       names=names)
    windows.activate(tl, rng, "chat", initial)
    view = windows.view(tl, "chat")
    tl.wait(rng.uniform(600, 2000))
    windows.commit(tl, rng, "chat", replace(view, messages=view.messages + (incoming,)))
    windows.fidget(tl, rng, "chat", rng.uniform(3, 7))
    windows.click_in(tl, rng, "chat", "composer")
    view = windows.view(tl, "chat")
    actions.type_text(tl, rng, reply, lambda s: windows.with_view(tl, "chat", replace(view, draft=s)),
                      windows.screen_of(tl, "chat"), ctx.who, view.tag)
    t = actions.press(tl, rng, "Enter")
    sent = replace(view, draft="", messages=view.messages + ((True, reply),))
    tl.set(windows.with_view(tl, "chat", sent), t)
    tl.wait(rng.uniform(40, 120))
    tl.shot(windows.screen_of(tl, "chat"))
    windows.fidget(tl, rng, "chat", rng.uniform(1.5, 3.5))


def _appender(tl: Timeline):
    """show(s) for typing at the end of the note as it is now."""
    view = windows.view(tl, "notes")
    return lambda s: windows.with_view(tl, "notes", replace(view, body=view.body + s))


def notes_task(tl: Timeline, rng: random.Random, ctx: Context, budget_s: float) -> None:
    """Add a few sentences to a note (about `budget_s` seconds of typing), paste the clipboard, save."""
    title, body = ctx.note
    first, rest = body.split(". ", 1)
    rest = (rest + " " + " ".join(b for _, b in NOTES if b != body))[ctx.note_typed:]
    chars = max(40, int(budget_s * 1000 / ctx.who.median_ms * 0.8))
    typed = rest[:chars].rsplit(" ", 1)[0] + " " if len(rest) > chars else rest
    ctx.note_typed += len(typed)
    windows.activate(tl, rng, "notes", Notes(title, first + ". ", ("Groceries", "Books to read")))
    windows.click_in(tl, rng, "notes", "body")
    screen = windows.screen_of(tl, "notes")
    actions.type_text(tl, rng, typed, _appender(tl), screen, ctx.who)
    if ctx.clipboard:
        actions.type_text(tl, rng, "\n", _appender(tl), screen, ctx.who)
        actions.paste(tl, rng, ctx.clipboard, _appender(tl), screen)
    if tl.env.style == "windows":
        actions.hotkey(tl, rng, "s", ["Control"])
