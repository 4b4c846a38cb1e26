"""Checking that screenshots and screen videos named by a trace exist and decode."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .paths import inside
from .schema import IMAGE_SUFFIXES, VIDEO_SUFFIXES


def image_problem(path: Path) -> tuple[str, str] | None:
    """(code, message) when the image cannot be decoded, else None. Cheap: header, CRCs, JPEG end."""
    try:
        with Image.open(path) as img:
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return "screenshot-undecodable", "screenshot cannot be decoded as an image"
    if path.suffix.lower() in (".jpg", ".jpeg") and not _jpeg_complete(path):
        return "screenshot-undecodable", "screenshot is a truncated JPEG"
    return None


def _jpeg_complete(path: Path) -> bool:
    with open(path, "rb") as f:
        f.seek(max(0, path.stat().st_size - 64))
        return b"\xff\xd9" in f.read()


def screenshot_problem(session_dir: Path, relative: str, memo: dict | None = None) -> tuple[str, str] | None:
    target = inside(session_dir, relative, memo)
    if target is None:
        return "path-escape", "screenshot path leaves the session directory"
    if target.suffix.lower() not in IMAGE_SUFFIXES:
        return "screenshot-format", "screenshot must be a PNG, JPEG or WebP file"
    if not target.is_file():
        return "screenshot-missing", "screenshot file is missing"
    return image_problem(target)


def video_problem(session_dir: Path, relative: str) -> tuple[str, str] | None:
    target = inside(session_dir, relative)
    if target is None:
        return "path-escape", "video path leaves the session directory"
    if target.suffix.lower() not in VIDEO_SUFFIXES:
        return "video-format", "screen video must be an .mp4 or .webm file"
    if not target.is_file():
        return "video-missing", "screen video file is missing"
    import cv2  # imported here: only sessions with a video pay for it

    capture = cv2.VideoCapture(str(target))
    try:
        ok = capture.isOpened() and capture.read()[0]
    finally:
        capture.release()
    return None if ok else ("video-undecodable", "screen video cannot be decoded")
