"""Alembic scripts of the annotation store (run through viewer.review.migrate, never by alembic.ini)."""
