"""X11 keysym names (VNC and xdotool agents: `Return`, `Super_L`, `Page_Up`, `exclam`) -> W3C key names.

`x11_key(name)` returns the W3C `KeyboardEvent.key` value, like keys.w3c_key does for other recorders:
a printable keysym as the character it types ("exclam" -> "!", "a" -> "a"), a function keysym as its W3C
name ("Return" -> "Enter", "Super_L" -> "Meta", "ISO_Left_Tab" -> "Tab"), "Unidentified" when unknown.
Left/right variants collapse to one name; importers keep the source's name in `src_key`.
"""

from __future__ import annotations

from .keys import UNIDENTIFIED, w3c_key

# Latin-1 keysyms named after the character they type (X11 keysymdef.h, 0x20-0x7e).
_CHARS = {
    "space": " ", "exclam": "!", "quotedbl": '"', "numbersign": "#", "dollar": "$", "percent": "%",
    "ampersand": "&", "apostrophe": "'", "quoteright": "'", "parenleft": "(", "parenright": ")",
    "asterisk": "*", "plus": "+", "comma": ",", "minus": "-", "period": ".", "slash": "/", "colon": ":",
    "semicolon": ";", "less": "<", "equal": "=", "greater": ">", "question": "?", "at": "@",
    "bracketleft": "[", "backslash": "\\", "bracketright": "]", "asciicircum": "^", "underscore": "_",
    "grave": "`", "quoteleft": "`", "braceleft": "{", "bar": "|", "braceright": "}", "asciitilde": "~",
}

# Function keysyms whose W3C name keys.w3c_key does not already find from the spelling.
_NAMED = {
    "Control_L": "Control", "Control_R": "Control", "Meta_L": "Meta", "Meta_R": "Meta",
    "Hyper_L": "Hyper", "Hyper_R": "Hyper", "ISO_Left_Tab": "Tab", "ISO_Level3_Shift": "AltGraph",
    "Mode_switch": "ModeChange", "Multi_key": "Compose", "Sys_Req": "PrintScreen",
    "3270_PrintScreen": "PrintScreen", "Prior": "PageUp", "Next": "PageDown", "Begin": "Clear",
    "KP_Add": "+", "KP_Subtract": "-", "KP_Multiply": "*", "KP_Divide": "/", "KP_Decimal": ".",
    "KP_Separator": ",", "KP_Equal": "=", "KP_Space": " ", "KP_Tab": "Tab", "KP_Home": "Home",
    "KP_End": "End", "KP_Left": "ArrowLeft", "KP_Right": "ArrowRight", "KP_Up": "ArrowUp",
    "KP_Down": "ArrowDown", "KP_Prior": "PageUp", "KP_Page_Up": "PageUp", "KP_Next": "PageDown",
    "KP_Page_Down": "PageDown", "KP_Insert": "Insert", "KP_Delete": "Delete", "KP_Begin": "Clear",
    "XF86AudioPlay": "MediaPlayPause", "XF86AudioPause": "MediaPlayPause", "XF86AudioStop": "MediaStop",
    "XF86AudioNext": "MediaTrackNext", "XF86AudioPrev": "MediaTrackPrevious",
    "XF86AudioMute": "AudioVolumeMute", "XF86AudioRaiseVolume": "AudioVolumeUp",
    "XF86AudioLowerVolume": "AudioVolumeDown", "XF86Back": "BrowserBack", "XF86Forward": "BrowserForward",
    "XF86Reload": "BrowserRefresh", "XF86Refresh": "BrowserRefresh", "XF86HomePage": "BrowserHome",
    "XF86Search": "BrowserSearch", "XF86Mail": "LaunchMail",
}


def x11_key(name) -> str:
    """The W3C `KeyboardEvent.key` value for an X11 keysym name, or "Unidentified"."""
    if not isinstance(name, str) or not name:
        return UNIDENTIFIED
    if name in _CHARS:
        return _CHARS[name]
    if name in _NAMED:
        return _NAMED[name]
    if name.startswith("KP_") and len(name) == 4 and name[3].isdigit():
        return name[3]
    if name.startswith("F") and name[1:].isdigit() and 1 <= int(name[1:]) <= 24:
        return name
    return w3c_key(name)  # Return, BackSpace, Super_L, Page_Up, Caps_Lock, Left, single characters...
