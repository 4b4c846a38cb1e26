"""The annotation store: task labels, sensitive flags, review status, comments and their audit log.

Open one with `Store.open(url)`; nothing touches a database at import time. No streamlit here.
"""

from viewer.review.errors import InvalidField, NotFound, ReviewError, StaleEdit, StoreUnavailable
from viewer.review.records import AuditRecord, Record
from viewer.review.store import Store

__all__ = ["AuditRecord", "InvalidField", "NotFound", "Record", "ReviewError", "StaleEdit", "Store",
           "StoreUnavailable"]
