"""Recognising recordings from their files, for `import` without `--from` and for directories of many."""

from __future__ import annotations

from pathlib import Path

from viewer.trace.paths import contains

from . import browser_agent, ducktrack, openadapt, osworld, rrweb, screenagent, steps

FORMATS = ("ducktrack", "openadapt", "steps", "screenagent", "browser-agent", "osworld", "rrweb")
TRACE_MANIFEST = "session.json"  # a directory holding one is already a trace/1 session: not a source
# Formats whose recording is a directory, with the test that recognises one (the first that matches wins).
DIRECTORY_FORMATS = (("ducktrack", ducktrack.is_recording), ("screenagent", screenagent.is_session),
                     ("browser-agent", browser_agent.is_run), ("osworld", osworld.is_run))


def detect(path: Path) -> str | None:
    """The format of the single recording at `path` (a directory or a file), or None."""
    try:
        return _detect(Path(path))
    except (OSError, ValueError):  # unreadable or odd files are simply not recognised
        return None


def _detect(path: Path) -> str | None:
    if path.is_dir():
        return _directory_format(path)
    if openadapt.is_database(path):
        return "openadapt"
    if steps.is_trajectory(path):
        return "steps"
    if rrweb.is_recording(path):
        return "rrweb"
    return None


def _directory_format(path: Path) -> str | None:
    return next((name for name, test in DIRECTORY_FORMATS if test(path)), None)


def find_recordings(root: Path, source: str | None = None, exclude: Path | None = None,
                    skipped: list[tuple[Path, str]] | None = None) -> list[tuple[str, Path]]:
    """(format, path) of every recording at or under `root`, in path order; only `source` if given.

    With `source` given and `root` a file or a recording-like directory, `root` is returned as that
    format even when it does not look like one, so the importer reports what is wrong with it.
    Folders under `root` that hold no recording are added to `skipped` as (folder, why), the highest one
    only, and not the folders beside a recording file (a trajectory's images/); symbolic links to folders
    are followed when they lead to a place inside `root` (each place once), else skipped.
    """
    root = Path(root)
    kind = detect(root)
    if kind is not None and source in (None, kind):
        return [(kind, root)]
    if source is not None and _forced(root, source):
        return [(source, root)]
    if not root.is_dir():
        return []
    walk = _Walk(root, source, Path(exclude).resolve() if exclude else None)
    walk.visit(root)
    if skipped is not None:
        skipped.extend(walk.skipped)
    return walk.found


def _forced(root: Path, source: str) -> bool:
    if source == "ducktrack":
        return root.is_dir() and (root / ducktrack.EVENTS).exists()
    if source in dict(DIRECTORY_FORMATS):
        return root.is_dir()
    return root.is_file()


class _Walk:
    """One walk over a source folder: the recordings found, the folders skipped and why."""

    def __init__(self, root: Path, source: str | None, exclude: Path | None):
        self.root, self.real, self.source, self.exclude = root, root.resolve(), source, exclude
        self.found: list[tuple[str, Path]] = []
        self.skipped: list[tuple[Path, str]] = []
        self.seen = {self.real}

    def visit(self, here: Path) -> bool:
        """Whether a recording (or a trace/1 session) is at or under `here`; reports empty subfolders."""
        try:
            entries = sorted(here.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            self.skipped.append((here, f"cannot be read ({exc.strerror or exc}); skipped"))
            return True
        names = {p.name for p in entries}
        kind = None if TRACE_MANIFEST in names else _directory_format(here)
        if here != self.root and (TRACE_MANIFEST in names or kind is not None):
            if TRACE_MANIFEST in names:
                self.skipped.append((here, "already a trace/1 session (session.json); skipped"))
            elif self.source in (None, kind):
                self.found.append((kind, here))
            return True
        files = 0
        for path in entries:
            if path.is_file() and not path.name.startswith("."):
                kind = detect(path)
                if kind is not None and self.source in (None, kind):
                    self.found.append((kind, path))
                    files += 1
        folders = self._folders(entries)
        empty = [d for d in folders if not self.visit(d)]
        if files:  # folders beside a recording file are its own (a trajectory's images/)
            return True
        if len(empty) < len(folders) or here == self.root:
            self.skipped += [(d, "no recording found in this folder; skipped") for d in empty]
            return len(empty) < len(folders)
        return False  # nothing here at all: the folder above reports this one, not each of its folders

    def _folders(self, entries: list[Path]) -> list[Path]:
        out = []
        for path in entries:
            if path.name.startswith(".") or not path.is_dir():
                continue
            real = path.resolve()
            if real == self.exclude:
                continue
            if path.is_symlink() and real != self.real and not contains(self.real, real):
                self.skipped.append((path, "a symbolic link leading outside the source folder; not followed"))
                continue
            if real in self.seen:
                continue
            self.seen.add(real)
            out.append(path)
        return out
