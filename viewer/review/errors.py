"""What can go wrong in the annotation store: the project's database errors (defined in viewer.db.errors)."""

from viewer.db.errors import (Busy, Conflict, InvalidField, NotFound, ReviewError, StaleEdit,  # noqa: F401
                              StoreUnavailable)
