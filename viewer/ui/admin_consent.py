"""The Admin page's consent section: open erasure requests, people who withdrew a consent while their sessions
are still held (both to erase through the erase section), and what the next retention run would remove."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from viewer.consent import erasures, records
from viewer.consent.subjects import held_people
from viewer.review.errors import ReviewError
from viewer.team import erase, retention


def _requests(store) -> None:
    asked = erasures.open_requests(store)
    if asked:
        st.dataframe(pd.DataFrame([{"person": e.subject, "asked on": f"{e.requested_at:%Y-%m-%d %H:%M}",
                                    "asked by": e.requested_by} for e in asked]),
                     hide_index=True, width="stretch", key="admin_erasure_requests")
    else:
        st.caption("No erasure request is waiting.")


def _withdrawn(store, s) -> None:
    held = held_people(s.data)
    last = {(r.subject, r.purpose): r.action for r in records.history(store)}
    gone = Counter()
    for (person, purpose), action in last.items():
        if action == "withdraw" and held.get(person):
            gone[(person, purpose)] = held[person]
    if gone:
        st.dataframe(pd.DataFrame([{"person": p, "purpose": purpose, "sessions held": n}
                                   for (p, purpose), n in sorted(gone.items())]),
                     hide_index=True, width="stretch", key="admin_withdrawn")
    else:
        st.caption("Nobody who withdrew a consent has sessions left here.")


def _retention(store, s) -> None:
    days = s.retention_for(s.purpose)
    if not days:
        st.caption(f"No retention period is set for {s.purpose} (VIEWER_RETENTION_DAYS): nothing expires.")
        return
    try:
        todo = retention.plan(s.data, days, store, s.cache)
    except erase.EraseError as exc:
        st.warning(f"The next retention run cannot be previewed: {exc}")
        return
    st.write(f"Sessions recorded more than {days} day(s) ago go at the next `retention apply` run:")
    for line in todo.lines():
        st.text(line)


def render_section(store, s) -> None:
    st.subheader("Consent, erasure requests and retention")
    try:
        st.markdown("**Erasure requests**")
        _requests(store)
        st.markdown("**Consent withdrawn, sessions still held** (erase them below: preview first)")
        _withdrawn(store, s)
        st.markdown("**Retention**")
        _retention(store, s)
    except (ReviewError, OSError) as exc:
        st.error(f"Consent records cannot be read: {exc}")
