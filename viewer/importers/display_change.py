"""A display whose resolution changed mid-recording: found from the pointer, mapped back onto the stated screen.

A recorder states one screen size (DuckTrack/AgentNet's metadata) but the person may change the display's
resolution while recording (the AgentNet tool's users switched 1366x768 to a portrait 1050x1680): from then on
pointer positions are on the new display and many fall past the stated screen's edge. `display_change` finds
the first of them (the change is taken to happen there: the positions before it fit either display);
`map_stretch` scales the positions from then on from the new display into the area of the stated screen where
the video shows it: the area `shown_area` measures in the video's frames when the video shows the display
smaller than its frame (black bars: the recorder fitted or placed it), the whole frame when the video's
frames are filled, and without a video the display fitted into the screen with its aspect kept and centred (as
a recorder fitting its source into its canvas shows it). The new display's size is the smallest common display
size holding the pointer's extent (else the extent): the pointer need not reach the display's edges.
"""

from __future__ import annotations

from pathlib import Path

MIN_OUTSIDE = 3  # fewer positions past the screen's edge are a glitch, not a new resolution
# Display sizes people switch to (landscape and portrait).
COMMON_SIZES = [(1024, 768), (1280, 720), (1280, 800), (1280, 1024), (1360, 768), (1366, 768), (1440, 900),
                (1536, 864), (1600, 900), (1600, 1200), (1680, 1050), (1920, 1080), (1920, 1200), (2048, 1152),
                (2560, 1080), (2560, 1440), (2560, 1600), (3440, 1440), (3840, 2160)]
COMMON_SIZES += [(h, w) for w, h in COMMON_SIZES]
BLACK = 16  # a pixel no brighter than this in every channel is a bar, not the display
SAMPLES = 5  # frames measured across the stretch
ASPECT_TOLERANCE = 0.04  # a measured area is the display's when their aspects agree this closely
FILLED = 0.97  # an area this close to the frame in both directions is the whole frame


def display_change(events: list[dict], screen: dict) -> dict | None:
    """When pointer positions go past the right or bottom edge of the screen the metadata states (the user
    changed the display's resolution mid-recording): the first and last such times (`t`, `t_last_outside`),
    how many, and the extent of the positions from the first on."""
    width, height = screen.get("width"), screen.get("height")
    if screen.get("size_inferred") or not (_is_number(width) and _is_number(height)):
        return None
    outside = [e for e in events if "x" in e and "y" in e and (e["x"] >= width + 1 or e["y"] >= height + 1)]
    if len(outside) < MIN_OUTSIDE:
        return None
    first = min(e["t"] for e in outside)
    later = [e for e in events if "x" in e and "y" in e and e["t"] >= first]
    extent = [max(e["x"] for e in later) + 1, max(e["y"] for e in later) + 1]
    return {"t": round(first, 3), "t_last_outside": round(max(e["t"] for e in outside), 3),
            "positions_outside": len(outside), "pointer_extent": extent}


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def stretch_screen(extent: list[int]) -> tuple[int, int]:
    """The display size of a stretch whose pointer reached `extent` (max x + 1, max y + 1): the smallest common
    display size holding it, else the extent itself."""
    holding = [s for s in COMMON_SIZES if s[0] >= extent[0] and s[1] >= extent[1]]
    return min(holding, key=lambda s: (s[0] * s[1], s)) if holding else (extent[0], extent[1])


def fit_box(size: tuple[int, int], into: tuple[int, int]) -> tuple[int, int, int, int]:
    """(x, y, w, h) of `size` scaled into `into` with its aspect kept, centred."""
    scale = min(into[0] / size[0], into[1] / size[1])
    w, h = max(1, round(size[0] * scale)), max(1, round(size[1] * scale))
    return (into[0] - w) // 2, (into[1] - h) // 2, w, h


def map_stretch(events: list[dict], change: dict, into: tuple[int, int],
                shown: tuple[int, int, int, int] | None = None) -> None:
    """Pointer positions from the change on, mapped in place from the stretch's display into the stated screen
    (`into`): into `shown` (x, y, w, h in screen pixels, measured in the video) when it is the display's area or
    the whole screen, else into the display fitted with its aspect kept. `change` gets `screen` (the assumed
    display), `mapped_into` (the area) and `mapped_by` (how it was chosen)."""
    size = stretch_screen(change["pointer_extent"])
    box, how = fit_box(size, into), "fitted, aspect kept (no video to measure)"
    if shown is not None:
        filled = shown[2] >= into[0] * FILLED and shown[3] >= into[1] * FILLED
        if filled:
            box, how = (0, 0, into[0], into[1]), "the video's frames show it filling the screen"
        elif abs(shown[2] / shown[3] - size[0] / size[1]) <= ASPECT_TOLERANCE * size[0] / size[1]:
            box, how = shown, "measured in the video's frames"
        else:
            how = "fitted, aspect kept (the video's picture did not tell)"
    x0, y0, w, h = box
    sx, sy = w / size[0], h / size[1]
    for event in events:
        if event["t"] >= change["t"] and "x" in event and "y" in event:
            event["x"] = min(x0 + w - 1, max(x0, x0 + int(event["x"] * sx)))
            event["y"] = min(y0 + h - 1, max(y0, y0 + int(event["y"] * sy)))
    change.update(screen=list(size), mapped_into=list(box), mapped_by=how)


def shown_area(video: Path, t_from: float, t_to: float) -> tuple[int, int, int, int] | None:
    """(x, y, w, h) in frame pixels of what is not black in SAMPLES frames of `video` between two times
    (seconds of video): where the video shows the display then. None when no frame there can be read."""
    import cv2
    import numpy as np

    cap = cv2.VideoCapture(str(video))
    try:
        fps, count = cap.get(cv2.CAP_PROP_FPS) or 0.0, int(cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        if fps <= 0 or count <= 0:
            return None
        lit = None
        for i in range(SAMPLES):
            t = t_from + (t_to - t_from) * (i + 0.5) / SAMPLES
            cap.set(cv2.CAP_PROP_POS_FRAMES, min(count - 1, max(0, int(t * fps))))
            ok, frame = cap.read()
            if ok and frame is not None:
                mask = frame.max(axis=2) > BLACK
                lit = mask if lit is None else lit | mask
    finally:
        cap.release()
    if lit is None or not lit.any():
        return None
    ys, xs = np.nonzero(lit.any(axis=1))[0], np.nonzero(lit.any(axis=0))[0]
    return int(xs[0]), int(ys[0]), int(xs[-1] - xs[0] + 1), int(ys[-1] - ys[0] + 1)
