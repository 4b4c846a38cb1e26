"""Applying accepted flags: a redacted copy of approved sessions, a hashed manifest, and its verification.

base (errors, keys, flags) · events (events redaction, JSONL/Parquet) · pixels (screenshots, video) ·
manifest (hashes, manifest.json, verify) · session (one session) · dataset (the driver) ·
known (only known manifest entries, event fields and types, files) · strip (image and video metadata, audio) ·
pending (undecided suggestions: refuse, apply or ignore) · reviewer_text (labels.jsonl, detected values masked) ·
selection (choosing sessions by status, labels, quality) · run (one export for the CLI and the page, with
progress snapshots) · job (the page's export as a background job) · commands (the CLI bodies)."""

from .base import KEY_ENV, ExportError
from .dataset import export_dataset
from .manifest import verify_export

__all__ = ["KEY_ENV", "ExportError", "export_dataset", "verify_export"]
