"""File checks of a session: screenshots (missing, undecodable, never referenced) and the screen video."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from viewer import settings
from viewer.trace.media import image_problem
from viewer.trace.paths import inside
from viewer.trace.schema import IMAGE_SUFFIXES, SCREENSHOT_DIR, VIDEO_SUFFIXES


@dataclass
class ShotCheck:
    bad: dict[str, str] = field(default_factory=dict)  # referenced file -> problem code
    unreferenced: list[str] = field(default_factory=list)


def _target(base: str, rel: str, parents: dict, seen: set) -> str | None:
    """The real path `rel` names under `base` (a real path), or None when it would leave it (the check is
    viewer.trace.paths.inside; `parents` is its memo, so directories are resolved once per pass).
    Adds the file's own path (a symlink not followed) to `seen`.
    """
    directory, name = os.path.split(os.path.join(base, rel))
    parent = parents.get(directory)
    if parent is None:
        parent = parents[directory] = os.path.realpath(directory)
    seen.add(os.path.join(parent, name))
    found = inside(Path(base), rel, parents)
    return None if found is None else os.fspath(found)


def check_screenshots(session_dir: Path, files: list[str], decode: bool = True) -> ShotCheck:
    """Each referenced file once; plus image files under screenshots/ that no event names."""
    out, parents, seen = ShotCheck(), {}, set()
    base = os.path.realpath(session_dir)
    for rel in files:
        target = _target(base, rel, parents, seen)
        if target is None:
            out.bad[rel] = "path-escape"
            continue
        if not target.lower().endswith(IMAGE_SUFFIXES):
            out.bad[rel] = "screenshot-format"
            continue
        try:
            is_file = stat.S_ISREG(os.stat(target).st_mode)
        except OSError:
            is_file = False
        if not is_file:
            out.bad[rel] = "screenshot-missing"
        elif decode and image_problem(Path(target)):
            out.bad[rel] = "screenshot-undecodable"
    shots = inside(Path(base), SCREENSHOT_DIR, parents)
    shots_dir = os.fspath(shots) if shots is not None else ""
    if shots_dir and os.path.isdir(shots_dir):
        for dirpath, _dirs, names in os.walk(shots_dir):
            for name in names:
                if name.lower().endswith(IMAGE_SUFFIXES):
                    full = os.path.join(dirpath, name)
                    if full not in seen:
                        out.unreferenced.append(os.path.relpath(full, base))
    out.unreferenced.sort()
    return out


@dataclass
class VideoCheck:
    code: str | None = None  # video-missing, video-undecodable, video-format, path-escape
    seconds: float | None = None


def check_video(session_dir: Path, relative: str) -> VideoCheck:
    """Decodes the first frame and measures the length (frame count / fps, else by counting frames)."""
    target = inside(session_dir, relative)
    if target is None:
        return VideoCheck("path-escape")
    if target.suffix.lower() not in VIDEO_SUFFIXES:
        return VideoCheck("video-format")
    if not target.is_file():
        return VideoCheck("video-missing")
    settings.set_in_process({"OPENCV_FFMPEG_LOGLEVEL": "-8"})  # a broken file is a finding, not console noise
    import cv2  # only sessions with a video pay for it

    cap = cv2.VideoCapture(str(target))
    try:
        if not (cap.isOpened() and cap.read()[0]):
            return VideoCheck("video-undecodable")
        fps = cap.get(cv2.CAP_PROP_FPS) or 0.0
        frames = cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0.0
        if fps <= 0:
            return VideoCheck("video-undecodable")
        if frames <= 0:  # containers without a frame count (some webm): count them
            frames = 1
            while cap.grab():
                frames += 1
        return VideoCheck(None, float(frames) / float(fps))
    finally:
        cap.release()


def stat_signature(session_dir: Path, only: tuple[str, ...] | None = None, skip: tuple[str, ...] = ()) -> str:
    """Cheap (stat only) fingerprint of files of a session: names, sizes and modification times.

    `only`: just these top-level files; else every file below the session directory except `skip`.
    """
    parts = []
    walk = [(str(session_dir), [], list(only))] if only is not None else os.walk(session_dir)
    for dirpath, dirs, names in walk:
        dirs.sort()
        for name in sorted(names):
            full = os.path.join(dirpath, name)
            if dirpath == str(session_dir) and name in skip:
                continue
            try:
                st = os.stat(full)
            except OSError:
                continue
            parts.append(f"{os.path.relpath(full, session_dir)}\0{st.st_size}\0{st.st_mtime_ns}")
    from viewer.trace.cache import content_hash

    return content_hash("\n".join(parts).encode("utf-8", "surrogateescape"))
