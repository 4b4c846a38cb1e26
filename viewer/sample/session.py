"""Composing one session: a seeded setting, then tasks (with markers) and an idle stretch until
about `minutes` have passed."""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import fakes, tasks_apps, tasks_web, windows
from .context import Context, make_context
from .envs import make_env
from .state import Desktop, Env
from .timeline import Timeline

TASKS = {  # name -> (rough seconds it takes, instruction)
    "bank": (40, lambda c: f"Sign in to {c.bank.name} and check the details of your {c.cards[0][0]} card"),
    "checkout": (75, lambda c: f"Buy the {c.product[0]} from {c.shop.name}"),
    "browse": (40, lambda c: f"Read the article \"{c.article['title']}\" on {c.article['site']}"),
    "terminal": (45, lambda c: "Configure the AWS CLI for the invoice-api project" if c.terminal_variant == "aws"
                 else "Set a GitHub token in the terminal and list the team's repositories"),
    "chat": (35, lambda c: f"Reply to {c.chat[0]}'s message"),
    "notes": (40, lambda c: f"Add to the note \"{c.note[0]}\""),
}
FIRST = ("bank", "checkout")  # both hold at least two sensitive values


@dataclass
class Built:
    session_id: str
    user: str
    env: Env
    timeline: Timeline
    end: int  # ms of the last event


def session_id(seed: int, index: int) -> str:
    return f"sample-{seed}-{index}"


def session_rng(seed: int, index: int) -> random.Random:
    return random.Random(f"trace-viewer-sample/{seed}/{index}")


def compose(seed: int, index: int, minutes: float, two_screens: bool, image_format: str) -> Built:
    rng = session_rng(seed, index)
    env = make_env(rng, seed, index, two_screens, image_format)
    user, ctx = fakes.pseudonym(rng), make_context(rng, env)
    s = env.screens[0]
    tl = Timeline(env, Desktop(shown=(None,) * len(env.screens)), (s.x + s.width // 2, s.y + s.height // 2))
    _start(tl, rng)
    _run_tasks(tl, rng, ctx, _order(rng, seed, index), minutes * 60_000)
    _wind_down(tl, rng, minutes * 60_000)
    return Built(session_id(seed, index), user, env, tl, tl.last_t)


def _wind_down(tl: Timeline, rng: random.Random, budget: float) -> None:
    """Linger (reading, the pointer drifting) until about `budget` ms, then a last screenshot."""
    tl.catch_up()
    left = (budget - tl.now) / 1000 - rng.uniform(0, 3)
    if tl.desk.focused is not None and 1 < left < 60:
        windows.fidget(tl, rng, tl.desk.focused, left)
    tl.catch_up()
    tl.wait(rng.uniform(400, 1500))
    tl.shot(0)


def _start(tl: Timeline, rng: random.Random) -> None:
    tl.wait(rng.uniform(80, 400))
    windows.focus_event(tl, None)
    for screen in range(len(tl.env.screens)):
        tl.shot(screen)


def _order(rng: random.Random, seed: int, index: int) -> list[str]:
    """Sign-in and checkout alternate first, the terminal and the chat second, so even a dataset
    of two short sessions shows every kind of sensitive moment; then the rest, shuffled."""
    first, second = FIRST[(seed + index) % 2], ("terminal", "chat")[index % 2]
    rest = [name for name in TASKS if name not in (first, second)]
    rng.shuffle(rest)
    return [first, second, *rest]


def _run_tasks(tl: Timeline, rng: random.Random, ctx: Context, order: list[str], budget: float) -> None:
    idled, done = budget < 90_000, 0
    while True:
        name = order[done % len(order)]
        if done and tl.now + 500 * TASKS[name][0] > budget:
            return
        _run_task(tl, rng, ctx, name, budget)
        done += 1
        left = budget - tl.now
        if not idled and left > 45_000 and rng.random() < 0.6:
            tl.wait(max(20_000, min(rng.uniform(20_000, 90_000), 0.45 * left)))  # away from the desk
            idled = True


def _run_task(tl: Timeline, rng: random.Random, ctx: Context, name: str, budget: float) -> None:
    instruction = TASKS[name][1](ctx)
    tl.catch_up()
    tl.wait(rng.uniform(300, 1500))
    t0 = tl.emit("marker", label=f"task start: {instruction}")
    if name == "notes":
        tasks_apps.notes_task(tl, rng, ctx, min(30.0, max(8.0, (budget - tl.now) / 3000)))
    else:
        {"bank": tasks_web.bank, "checkout": tasks_web.checkout, "browse": tasks_web.browse,
         "terminal": tasks_apps.terminal_task, "chat": tasks_apps.chat_task}[name](tl, rng, ctx)
    tl.catch_up()
    tl.tasks.append({"t_start": t0 / 1000, "t_end": tl.last_t / 1000, "instruction": instruction})
