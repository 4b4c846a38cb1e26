"""The Admin page's data-subject deletion (role delete): preview what would go, then erase after a
confirmation. The same viewer.team.erase the `erase-user` command uses."""

from __future__ import annotations

import streamlit as st

from viewer.team import erase
from viewer.ui import state

PREVIEW_KEY = "admin_erase_preview"


def section(db, me: str) -> None:
    st.subheader("Erase a data subject")
    s = state.current_settings()
    st.caption(f"Removes every session in {s.data} whose manifest user is this name, and every annotation, "
               "flag, comment, review, audit and access-log row and cache entry about those sessions. "
               "The audit log keeps only who erased how much, when, and a random erasure id (shown after "
               "erasing: keep it with the request); never the name or the session ids.")
    subject = st.text_input("Subject (the sessions' user)", key="admin_erase_subject").strip()
    if st.button("Preview", key="admin_erase_preview_button", disabled=not subject):
        try:
            todo = erase.plan(s.data, subject, db, s.cache)
        except erase.EraseError as exc:
            st.error(str(exc))
            return
        st.session_state[PREVIEW_KEY] = (subject, todo.lines(), todo.problems)
    shown = st.session_state.get(PREVIEW_KEY)
    if not shown or shown[0] != subject:
        return
    for problem in shown[2]:
        st.warning(problem)
    st.markdown("**Would erase:**")
    st.text("\n".join(shown[1]))
    sure = st.checkbox("I understand this cannot be undone", key="admin_erase_sure")
    if st.button("Erase", type="primary", disabled=not sure, key="admin_erase_button"):
        try:
            done = erase.erase(s.data, subject, db, s.cache, me)
        except erase.EraseError as exc:
            st.error(str(exc))
            return
        st.session_state.pop(PREVIEW_KEY, None)
        st.cache_resource.clear()  # loaded sessions held in memory by the Replay page
        st.cache_data.clear()
        st.success(f"Erased {done.sessions} session(s), {done.rows} database row(s), "
                   f"{done.cache_files} cache file(s). Erasure id {done.erasure_id}: keep it with the request.")
