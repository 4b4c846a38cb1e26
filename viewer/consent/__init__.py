"""Consent, purpose and retention: records, what they cover, and what a person can see about themselves."""
