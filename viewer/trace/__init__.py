"""The session format: schema, loading (with a cache), the screenshot index and validation."""

from .problems import Problem, TraceError
from .session import Session, load_session
from .validate import validate_paths, validate_session

__all__ = ["Problem", "TraceError", "Session", "load_session", "validate_paths", "validate_session"]
