"""Deterministic synthetic trace/1 sessions with realistic screens, human-like pointer motion and
typing, sensitive moments, and a truth.json per session naming them. No streamlit in here."""

from .dataset import generate_dataset

__all__ = ["generate_dataset"]
