"""Images for the browser player, asked for by key near the playhead: "s:<i>" (the i-th screenshot by time)
or "v:<frame>" (a frame of the screen video). Answers are data URLs of downscaled JPEGs, None when unreadable."""

from __future__ import annotations

from viewer.trace import Session

from . import media

MAX_KEYS = 24  # per request: a window around the playhead, not the whole session


def image(session: Session, key: str, max_width: int) -> str | None:
    kind, _, num = key.partition(":")
    if not num.isdigit():
        return None
    i = int(num)
    data = None
    if kind == "s" and i < len(session.screenshots):
        data = media.screenshot_jpeg(session.path, str(session.screenshots.files[i]), max_width)
    elif kind == "v" and session.manifest.video is not None:
        reader = media.open_video(session.path, session.manifest.video.file)
        data = media.video_jpeg(reader, i, max_width) if reader is not None else None
    return media.data_url(data) if data else None


def images(session: Session, keys: list, max_width: int = 1280) -> dict[str, str | None]:
    """The images for up to MAX_KEYS keys (others are ignored: the player asks again)."""
    keys = [k for k in keys if isinstance(k, str)][:MAX_KEYS]
    return {k: image(session, k, max_width) for k in keys}
