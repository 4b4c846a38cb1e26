"""Sensitive-content suggestions: typed-text reconstruction, secret/PII detectors, window-title rules,
OCR on screenshots. No streamlit in here. Detected values never reach an output or a log."""

from .config import Config, ConfigError, default_config, load_config
from .findings import Finding
from .suggest import store_findings, suggest_session
from .typed import Segment, segments

__all__ = ["Config", "ConfigError", "Finding", "Segment", "default_config", "load_config", "segments",
           "store_findings", "suggest_session"]
