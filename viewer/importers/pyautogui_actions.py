"""pyautogui action code -> pointer and key events, parsed with `ast` (never executed).

`parse(code)` accepts only calls like `pyautogui.click(x=0.3, y=0.6)` or `computer.terminate(status='ok')`
whose arguments are literals; anything else is an error message, not code that runs.
`Expander` turns the calls into trace/1 events without times (the caller spaces them).

Coordinates: a pair of numbers both within [0, 1] is a fraction of the screenshot (AgentNet), otherwise
absolute pixels (OSWorld-style logs); the pointer position carries over between calls and steps.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from .keys import UNIDENTIFIED, w3c_key

CLICKS = {"click": ("left", 1), "leftClick": ("left", 1), "doubleClick": ("left", 2),
          "tripleClick": ("left", 3), "rightClick": ("right", 1), "middleClick": ("middle", 1)}


@dataclass
class Call:
    module: str  # "pyautogui" | "computer" | ...
    name: str
    args: list
    kwargs: dict
    code: str  # the call's source text: may hold typed text, so never put in a message

    @property
    def label(self) -> str:
        return f"{self.module}.{self.name}()" if self.module else f"{self.name}()"


def parse(code: str) -> tuple[list[Call], list[str]]:
    """The calls in `code` and an error message for every statement that is not a literal call."""
    try:
        tree = ast.parse(code, mode="exec")
    except SyntaxError as exc:
        return [], [f"action is not valid Python ({exc.msg}, line {exc.lineno})"]
    calls, errors = [], []
    for stmt in tree.body:
        try:
            calls.append(_call(stmt, code))
        except ValueError as exc:
            errors.append(str(exc))
    return calls, errors


def _call(stmt: ast.stmt, code: str) -> Call:
    text = ast.get_source_segment(code, stmt) or ""
    if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
        raise ValueError(f"statement {stmt.lineno} is not a function call ({type(stmt).__name__})")
    call = stmt.value
    dotted = _dotted(call.func)
    if dotted is None:
        raise ValueError(f"statement {stmt.lineno} does not call a plain function name")
    try:
        args = [ast.literal_eval(a) for a in call.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise ValueError(f"the arguments of {dotted}() are not literals") from None
    module, _, name = dotted.rpartition(".")
    return Call(module, name, args, kwargs, text)


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


@dataclass
class Expander:
    """Expands calls into events (dicts without `t`); keeps the pointer position between calls."""

    width: int
    height: int
    pos: tuple[int, int] | None = None
    notes: list[str] = field(default_factory=list)  # "terminate: success" and similar

    def expand(self, call: Call) -> list[dict]:
        """The events of one call; raises ValueError for an action it does not know."""
        if call.module == "computer":
            return self._computer(call)
        if call.module not in ("pyautogui", ""):
            raise ValueError(f"unknown module in {call.label}")
        handler = _HANDLERS.get(call.name) or (Expander._click if call.name in CLICKS else None)
        if handler is None:
            raise ValueError(f"unknown action {call.label}")
        return handler(self, call)

    # -- coordinates --
    def _xy(self, call: Call, required: bool = False) -> tuple[int, int] | None:
        x, y = call.kwargs.get("x"), call.kwargs.get("y")
        if x is None and call.args:
            first = call.args[0]
            x, y = (first[0], first[1]) if isinstance(first, (tuple, list)) else (first, _at(call.args, 1))
        if not _num(x) or not _num(y):
            if required:
                raise ValueError(f"no x, y in {call.label}")
            return None
        if 0 <= x <= 1 and 0 <= y <= 1:
            return round(x * self.width), round(y * self.height)
        return round(x), round(y)

    def _here(self, call: Call) -> list[dict]:
        """Move to the call's x, y if it has them; the events of that move (none if it stays)."""
        xy = self._xy(call)
        if xy is None:
            return self._ensure_pos()
        self.pos = xy
        return [{"type": "move", "x": xy[0], "y": xy[1]}]

    def _ensure_pos(self) -> list[dict]:
        """Nothing if the pointer position is known; else a move to the screen centre, marked assumed."""
        if self.pos is not None:
            return []
        self.pos = (self.width // 2, self.height // 2)
        return [{"type": "move", "x": self.pos[0], "y": self.pos[1], "position_assumed": True}]

    def _button_event(self, kind: str, button: str) -> dict:
        return {"type": kind, "x": self.pos[0], "y": self.pos[1], "button": button}

    # -- pointer --
    def _click(self, call: Call) -> list[dict]:
        button, count = CLICKS.get(call.name, ("left", 1))
        button = _button(call.kwargs.get("button", button))
        count = int(call.kwargs.get("clicks", count))
        out = self._here(call)
        for _ in range(max(count, 0)):
            out += [self._button_event("down", button), self._button_event("up", button)]
        return out

    def _move(self, call: Call) -> list[dict]:
        self._xy(call, required=True)
        return self._here(call)

    def _mouse(self, call: Call, kind: str) -> list[dict]:
        return self._here(call) + [self._button_event(kind, _button(call.kwargs.get("button", "left")))]

    def _drag(self, call: Call) -> list[dict]:
        target = self._xy(call, required=True)
        button = _button(call.kwargs.get("button", "left"))
        out = self._ensure_pos()
        out.append(self._button_event("down", button))
        self.pos = target
        return out + [{"type": "move", "x": target[0], "y": target[1]}, self._button_event("up", button)]

    def _scroll(self, call: Call, axis: str) -> list[dict]:
        amount = call.kwargs.get("clicks", _at(call.args, 0))
        if not _num(amount):
            raise ValueError(f"no scroll amount in {call.label}")
        pos_call = Call(call.module, call.name, call.args[1:], call.kwargs, call.code)
        out = self._here(pos_call)
        dx, dy = (amount, 0) if axis == "x" else (0, amount)
        return out + [{"type": "scroll", "x": self.pos[0], "y": self.pos[1], "dx": dx, "dy": dy}]

    # -- keyboard --
    def _write(self, call: Call) -> list[dict]:
        text = next((call.kwargs[k] for k in ("message", "text", "content") if k in call.kwargs),
                    _at(call.args, 0))
        if isinstance(text, str):
            return [e for ch in text for e in _tap(ch)]
        if isinstance(text, (list, tuple)):
            return [e for name in text for e in _tap(name)]
        raise ValueError(f"no text in {call.label}")

    def _press(self, call: Call) -> list[dict]:
        keys = _keys(call)
        presses = int(call.kwargs.get("presses", 1))
        return [e for _ in range(max(presses, 0)) for k in keys for e in _tap(k)]

    def _hotkey(self, call: Call) -> list[dict]:
        keys = _keys(call)
        downs = [_key_event("key_down", k) for k in keys]
        return downs + [_key_event("key_up", k) for k in reversed(keys)]

    def _key_only(self, call: Call, kind: str) -> list[dict]:
        return [_key_event(kind, k) for k in _keys(call)]

    # -- computer.* --
    def _computer(self, call: Call) -> list[dict]:
        if call.name == "terminate":
            status = call.kwargs.get("status", _at(call.args, 0))
            self.notes.append(f"terminate: {status}")
            return [{"type": "marker", "label": f"terminate: {status}", "status": status}]
        if call.name == "wait":
            return [{"type": "marker", "label": "wait", **{k: v for k, v in call.kwargs.items()}}]
        raise ValueError(f"unknown computer action {call.label}")


_HANDLERS = {
    "moveTo": Expander._move, "dragTo": Expander._drag,
    "mouseDown": lambda self, c: self._mouse(c, "down"), "mouseUp": lambda self, c: self._mouse(c, "up"),
    "scroll": lambda self, c: self._scroll(c, "y"), "vscroll": lambda self, c: self._scroll(c, "y"),
    "hscroll": lambda self, c: self._scroll(c, "x"),
    "write": Expander._write, "typewrite": Expander._write,
    "press": Expander._press, "hotkey": Expander._hotkey,
    "keyDown": lambda self, c: self._key_only(c, "key_down"),
    "keyUp": lambda self, c: self._key_only(c, "key_up"),
}


KEYBOARD = ("write", "typewrite", "press", "hotkey", "keyDown", "keyUp")


def needs_screen(call: Call) -> bool:
    """Whether the call places the pointer (needs the screen size); key and computer.* calls do not."""
    return not (call.module == "computer" or (call.module in ("pyautogui", "") and call.name in KEYBOARD))


def _num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _at(seq, i):
    return seq[i] if len(seq) > i else None


def _button(name) -> str:
    b = str(name).lower()
    if b in ("primary",):
        return "left"
    if b in ("secondary",):
        return "right"
    if b not in ("left", "right", "middle"):
        raise ValueError("unknown mouse button")
    return b


def _keys(call: Call) -> list[str]:
    keys = call.kwargs.get("keys", call.kwargs.get("key"))
    if keys is None:
        keys = call.args[0] if len(call.args) == 1 else list(call.args)
    keys = [keys] if isinstance(keys, str) else list(keys or [])
    if not keys or not all(isinstance(k, str) for k in keys):
        raise ValueError(f"no key names in {call.label}")
    return keys


def _key_event(kind: str, name: str) -> dict:
    key = w3c_key(name)
    event = {"type": kind, "key": key}
    if key == UNIDENTIFIED or (len(name) > 1 and name != key):
        event["src_key"] = name
    return event


def _tap(name: str) -> list[dict]:
    return [_key_event("key_down", name), _key_event("key_up", name)]
