"""Applying accepted flags: a redacted copy of approved sessions, a hashed manifest, and its verification."""

from .core import ExportError, export_dataset, verify_export

__all__ = ["ExportError", "export_dataset", "verify_export"]
