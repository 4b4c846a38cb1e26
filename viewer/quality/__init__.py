"""Data quality: per-session metrics and dataset scans (local processes, or a Dask cluster when asked).

`scan_session(path, thresholds)` -> one report row (a dict); `scan_dataset(root, ...)` -> the report
(a pandas DataFrame, one row per session keyed by `session_id`). No streamlit here.
"""

from .config import Thresholds
from .metrics import session_row
from .scan import ScanResult, scan_dataset, scan_session

__all__ = ["Thresholds", "ScanResult", "scan_dataset", "scan_session", "session_row"]
