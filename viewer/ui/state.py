"""Cached calls into the core, shared by the pages."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from viewer import jobs as job_runner
from viewer import settings
from viewer.trace import catalog


def current_settings() -> settings.Settings:
    return settings.load()


@st.cache_resource
def jobs() -> job_runner.Jobs:
    """This server process's background jobs (scans started from a page), shared by every browser session."""
    return job_runner.Jobs()


def signature(root: Path) -> tuple:
    """Changes when a session is added, removed or rewritten, so the cached scan is redone."""
    if not root.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in os.scandir(root) if p.is_dir()))


@st.cache_data(show_spinner="Reading sessions…", max_entries=8)
def _scan(root: str, cache: str, signature: tuple) -> catalog.Catalog:
    return catalog.scan(Path(root), Path(cache))


def dataset_catalog() -> catalog.Catalog:
    s = current_settings()
    return _scan(str(s.data), str(s.cache), signature(s.data))


def short_problem(problem) -> str:
    """`file:line: code: message` with the file relative to the dataset (the whole path adds nothing on a page)."""
    root = current_settings().data
    try:
        where = str(Path(problem.path).relative_to(root))
    except ValueError:
        where = str(problem.path)
    line = f":{problem.line}" if problem.line else ""
    return f"{where}{line}: {problem.code}: {problem.message}"
