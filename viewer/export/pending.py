"""Undecided suggestions at export time. A chosen session that still has suggestions nobody accepted or
rejected is refused (the default), unless the caller says how to treat them: "apply" redacts them as if
accepted, "ignore" exports without them. Either choice, with the counts per session and category, is written
into the export's manifest (and by the callers into the access log)."""

from __future__ import annotations

from collections.abc import Collection

from viewer.sensitive.pending import PENDING, describe_counts, pending_counts

from .base import ExportError

REFUSE, APPLY, IGNORE = "refuse", "apply", "ignore"
CHOICES = (REFUSE, APPLY, IGNORE)


class PendingSuggestions(ExportError):
    """Chosen sessions have undecided suggestions and no choice was made; `counts` says which and how many."""

    def __init__(self, counts: dict[str, dict[str, int]]):
        self.counts = counts
        total = sum(sum(c.values()) for c in counts.values())
        listed = "; ".join(f"{sid} ({describe_counts(c)})" for sid, c in sorted(counts.items()))
        super().__init__(f"{len(counts)} chosen session(s) have {total} suggestion(s) nobody decided: {listed}. "
                         "Accept or reject them on the Replay page, or export with --apply-pending (redact them "
                         "as if accepted) or --ignore-pending (export without them; recorded in the manifest)")


def check_choice(choice: str) -> None:
    if choice not in CHOICES:
        raise ValueError(f"pending choice must be one of {', '.join(CHOICES)}, not {choice!r}")


def plan(store, session_ids: Collection[str], choice: str) -> tuple[dict[str, dict[str, int]], dict[str, list]]:
    """(undecided suggestions per chosen session and category, the suggestion records to apply per session).
    Raises PendingSuggestions when there are some and `choice` is "refuse"."""
    check_choice(choice)
    counts = pending_counts(store, session_ids)
    if counts and choice == REFUSE:
        raise PendingSuggestions(counts)
    apply: dict[str, list] = {}
    if counts and choice == APPLY:
        for sid in counts:
            apply[sid] = [f for f in store.flags(sid) if f.data.get("status") == PENDING]
    return counts, apply


def record(choice: str, counts: dict[str, dict[str, int]]) -> dict:
    """What the export's manifest says about undecided suggestions overall (each session's entry has its
    counts by category): the caller's choice and how many there were."""
    treated = {APPLY: "applied as if accepted", IGNORE: "left out"}.get(choice, "none") if counts else "none"
    return {"choice": choice, "treated": treated, "count": sum(sum(c.values()) for c in counts.values()),
            "sessions": len(counts)}


def access_detail(choice: str, counts: dict[str, dict[str, int]]) -> str:
    """A short phrase for the access log (fixed words and numbers only)."""
    total = sum(sum(c.values()) for c in counts.values())
    if not total:
        return "no undecided suggestions"
    verb = {APPLY: "applied as if accepted", IGNORE: "ignored"}.get(choice, "refused")
    return f"{total} undecided suggestion(s) in {len(counts)} session(s) {verb}"
