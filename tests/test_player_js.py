"""The browser player's JavaScript: type-checked (JSDoc, TypeScript's checker pinned in package.json), its pure
modules unit-tested under node, its modules joined into one script, and its model held to the same answers
as the clip renderer's timeline (viewer/replay/timeline.py)."""

import json
import subprocess

import numpy as np
import pytest

from tests.conftest import ROOT
from tests.trace_factory import make_session
from viewer.replay import payload
from viewer.replay.timeline import Timeline
from viewer.trace import load_session
from viewer.ui.player.bundle import BundleError, bundle

TSC = ROOT / "node_modules" / "typescript" / "bin" / "tsc"


def _node(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["node", *args], cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120)


def test_the_player_type_checks():
    if not TSC.is_file():
        pytest.fail("TypeScript is not installed: run `make node` (npm ci)")
    run = _node(str(TSC), "-p", "tsconfig.json")
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_players_pure_modules_pass_their_unit_tests():
    run = _node("--test", "tests/js/")
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout and "# pass 0" not in run.stdout


def test_the_modules_join_into_one_script_that_node_loads(tmp_path):
    script = tmp_path / "player.mjs"
    script.write_text(bundle())
    run = _node("--input-type=module", "-e",
                f"import(process.argv[1]).then((m) => console.log(typeof m.default))", "--", str(script))
    assert run.returncode == 0 and run.stdout.strip() == "function", run.stderr
    assert "import " not in "\n".join(l for l in bundle().splitlines() if not l.lstrip().startswith(("//", "/*", "*")))


@pytest.mark.parametrize("source, error", [
    ('import {a,\n  b} from "./x.js";\n', "main.js:1: bad-import"),
    ('export let x = 1;\n', "main.js:1: bad-export"),
    ('import {x} from "./other.js";\n', "main.js:1: missing-module"),
    ('import {y} from "./cycle.js";\nexport const x = 1;\n', "import-cycle: main -> cycle -> main"),
])
def test_a_module_that_breaks_the_bundle_rules_is_named(tmp_path, source, error):
    (tmp_path / "main.js").write_text(source)
    (tmp_path / "cycle.js").write_text('import {x} from "./main.js";\nexport const y = 2;\n')
    with pytest.raises(BundleError, match=error):
        bundle("main", tmp_path)


KEYS = [
    {"t": 0.0, "type": "focus", "app": "Editor", "title": "a.txt"},
    {"t": 0.2, "type": "move", "x": 5, "y": 6},
    {"t": 0.5, "type": "key_down", "key": "Shift"}, {"t": 0.6, "type": "key_down", "key": "H"},
    {"t": 0.7, "type": "key_up", "key": "Shift"}, {"t": 0.8, "type": "key_down", "key": "i"},
    {"t": 0.9, "type": "key_down", "key": " "}, {"t": 1.0, "type": "key_down", "key": "x"},
    {"t": 1.1, "type": "key_down", "key": "Backspace"}, {"t": 1.2, "type": "key_down", "key": "Tab"},
    {"t": 1.3, "type": "key_down", "key": "Control"}, {"t": 1.4, "type": "key_down", "key": "c"},
    {"t": 1.5, "type": "key_up", "key": "Control"}, {"t": 1.6, "type": "key", "key": "v", "mods": ["Control"]},
    {"t": 1.7, "type": "text", "text": "pasted ✓"}, {"t": 2.5, "type": "key", "key": "Enter"},
    {"t": 2.6, "type": "key", "key": "é"}, {"t": 3.0, "type": "focus", "app": "Mail", "title": "Inbox"},
    {"t": 3.2, "type": "move", "x": 700, "y": 500}, {"t": 9.0, "type": "key_down", "key": "Alt"},
    {"t": 14.0, "type": "move", "x": 1, "y": 2},
]


def test_the_players_model_shows_what_the_clip_renderer_draws(tmp_path):
    """The player (JavaScript) and the clip renderer (Python) each say what is on screen at t: the same
    answers for the cursor, the window, held modifiers, the recent keys and the typed text."""
    session = load_session(make_session(tmp_path, events=KEYS))
    tl = Timeline(session.events)
    times = [round(float(t), 3) for t in np.arange(0.0, 15.0, 0.05)]
    run = _node("tests/js/answer.js", stdin=json.dumps({"payload": payload.build(session, tl), "times": times}))
    assert run.returncode == 0, run.stderr
    for t, js in zip(times, json.loads(run.stdout)):
        cursor = tl.cursor_at(t)
        assert js["cursor"] == (list(cursor) if cursor else None), t
        assert js["focus"] == list(tl.focus_at(t)), t
        assert js["held"] == [m for m in tl.held_at(t)], t
        assert js["typed"] == tl.typed(t), t
        assert js["keys"] == [k for _, k in tl.recent_keys(t)], t
    assert tl.typed(1.25) == "Hi  ⇥ " and tl.typed(2.0) == "Hi  ⇥ pasted ✓" and tl.typed(2.7) == "é"
