"""Trace viewer: replay, review and redact recorded computer-use sessions."""

__version__ = "0.1.0"
