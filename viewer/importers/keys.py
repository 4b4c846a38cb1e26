"""Key and button names from recorders (pynput, pyautogui, OpenAdapt, AgentNet VK tables) -> W3C names.

`w3c_key(name)` returns the W3C `KeyboardEvent.key` value: a printable character as itself
("a", "A", "é", " "), a named key as its W3C name ("Enter", "Shift", "ArrowLeft", "F1"), and
"Unidentified" when the name is not known. Left/right variants collapse to one name ("Key.shift_r"
-> "Shift"); importers keep the source's own name in a `src_key` field, so the side is never lost.
"""

from __future__ import annotations

import re

UNIDENTIFIED = "Unidentified"

# W3C name -> the recorders' spellings, compared lower-case with "_", "-", " " removed.
_NAMES: dict[str, tuple[str, ...]] = {
    # modifiers
    "Shift": ("shift", "shiftl", "shiftr", "shiftleft", "shiftright", "lshift", "rshift"),
    "Control": ("ctrl", "ctrll", "ctrlr", "ctrlleft", "ctrlright", "control", "controlleft",
                "controlright", "lctrl", "rctrl", "lcontrol", "rcontrol"),
    "Alt": ("alt", "altl", "altr", "altleft", "altright", "option", "optionleft", "optionright",
            "opt", "lalt", "ralt", "lmenu", "rmenu"),
    "AltGraph": ("altgr", "altgraph"),
    "Meta": ("cmd", "cmdl", "cmdr", "cmdleft", "cmdright", "command", "commandleft", "commandright",
             "win", "winleft", "winright", "lwin", "rwin", "windows", "super", "superl", "superr",
             "superleft", "superright", "meta", "metaleft", "metaright"),
    "Fn": ("fn", "function"),
    "CapsLock": ("capslock", "capital", "caps"),
    "NumLock": ("numlock",),
    "ScrollLock": ("scrolllock", "scroll"),
    # whitespace and editing
    "Enter": ("enter", "return", "kpenter", "numpadenter"),
    "Tab": ("tab",),
    " ": ("space", "spacebar"),
    "Backspace": ("backspace", "back"),
    "Delete": ("delete", "del", "forwarddelete"),
    "Insert": ("insert", "ins"),
    "Escape": ("esc", "escape"),
    "Clear": ("clear",),
    # navigation
    "ArrowUp": ("up", "arrowup", "uparrow"),
    "ArrowDown": ("down", "arrowdown", "downarrow"),
    "ArrowLeft": ("left", "arrowleft", "leftarrow"),
    "ArrowRight": ("right", "arrowright", "rightarrow"),
    "Home": ("home",),
    "End": ("end",),
    "PageUp": ("pageup", "pgup", "prior"),
    "PageDown": ("pagedown", "pgdn", "pagedn", "next"),
    # system
    "PrintScreen": ("printscreen", "print", "prtsc", "prtscr", "prntscrn", "printscrn", "snapshot"),
    "Pause": ("pause", "break"),
    "ContextMenu": ("menu", "apps", "contextmenu", "application"),
    "Help": ("help",),
    "Select": ("select",),
    "Execute": ("execute",),
    "Standby": ("sleep", "standby"),
    "Eject": ("eject",),
    # media and browser
    "MediaPlayPause": ("mediaplaypause", "playpause"),
    "MediaStop": ("mediastop",),
    "MediaTrackNext": ("medianext", "nexttrack", "mediatracknext"),
    "MediaTrackPrevious": ("mediaprevious", "prevtrack", "mediatrackprevious"),
    "AudioVolumeMute": ("mediavolumemute", "volumemute", "mute", "audiovolumemute"),
    "AudioVolumeUp": ("mediavolumeup", "volumeup", "audiovolumeup"),
    "AudioVolumeDown": ("mediavolumedown", "volumedown", "audiovolumedown"),
    "BrowserBack": ("browserback",),
    "BrowserForward": ("browserforward",),
    "BrowserRefresh": ("browserrefresh",),
    "BrowserStop": ("browserstop", "stop"),
    "BrowserSearch": ("browsersearch",),
    "BrowserFavorites": ("browserfavorites",),
    "BrowserHome": ("browserhome",),
    "LaunchMail": ("launchmail",),
    "LaunchMediaPlayer": ("launchmediaselect", "launchmediaplayer"),
    "LaunchApplication1": ("launchapp1", "launchapplication1"),
    "LaunchApplication2": ("launchapp2", "launchapplication2"),
    # input methods
    "KanaMode": ("kana",),
    "HangulMode": ("hangul", "hanguel"),
    "HanjaMode": ("hanja",),
    "KanjiMode": ("kanji",),
    "JunjaMode": ("junja",),
    "FinalMode": ("final",),
    "Convert": ("convert",),
    "NonConvert": ("nonconvert",),
    "Accept": ("accept",),
    "ModeChange": ("modechange",),
    # numeric keypad names (pyautogui) -> the character they type
    "+": ("add",),
    "-": ("subtract",),
    "*": ("multiply",),
    "/": ("divide",),
    ".": ("decimal",),
    ",": ("separator",),
    "¥": ("yen",),
}
_NAMES.update({f"F{n}": (f"f{n}",) for n in range(1, 25)})
_NAMES.update({str(n): (f"num{n}", f"numpad{n}", f"kp{n}") for n in range(10)})

TABLE: dict[str, str] = {alias: w3c for w3c, aliases in _NAMES.items() for alias in aliases}
# W3C names map to themselves too (a source may already use them).
TABLE.update({w3c.lower(): w3c for w3c in _NAMES if len(w3c) > 1})

_CONTROL_CHARS = {"\n": "Enter", "\r": "Enter", "\t": "Tab", "\b": "Backspace", "\x7f": "Backspace",
                  "\x1b": "Escape", "\x00": UNIDENTIFIED}
_VK_ONLY = re.compile(r"^<-?\d+>$")


def _compact(name: str) -> str:
    return re.sub(r"[\s_\-]", "", name.lower())


def _char(c: str) -> str:
    if c in _CONTROL_CHARS:
        return _CONTROL_CHARS[c]
    if ord(c) < 32:  # Ctrl+letter as a control character: Ctrl+A gives "\x01"
        return chr(ord(c) + 96)
    return c


def w3c_key(name) -> str:
    """The W3C `KeyboardEvent.key` value for a recorder's key name, or "Unidentified"."""
    if name is None:
        return UNIDENTIFIED
    s = str(name)
    if len(s) >= 3 and s[0] == s[-1] and s[0] in "'\"":  # pynput's str(KeyCode): "'a'"
        s = s[1:-1]
    if len(s) == 1:
        return _char(s)
    if not s or _VK_ONLY.match(s):  # pynput KeyCode with only a virtual-key code: "<65>"
        return UNIDENTIFIED
    if s.lower().startswith("key."):
        s = s[4:]
    return TABLE.get(_compact(s), UNIDENTIFIED)


_BUTTONS = {"left": "left", "right": "right", "middle": "middle", "button1": "left",
            "button2": "middle", "button3": "right", "primary": "left", "secondary": "right"}


def w3c_button(name) -> str | None:
    """"left"/"Button.left"/"right"/"middle" -> left/right/middle; None for others (x1, x2, unknown)."""
    if name is None:
        return None
    s = str(name).lower()
    if s.startswith("button."):
        s = s[7:]
    return _BUTTONS.get(s)
