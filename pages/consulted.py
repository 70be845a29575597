"""« Qui a consulté mon dossier » : every professional's visit (one line per sitting, not per read),
newest first, with who, which parts and why; refused attempts apart; exceptional ones in red."""

from __future__ import annotations

import streamlit as st

import ui
from dossier.errors import PermissionDenied
from dossier.labels import t
from dossier.sharing import consultation_heading, consultation_parts, consultations
from ui import session_scope

SHOWN = "page:consulted_limit"


def _more() -> None:
    st.session_state[SHOWN] = st.session_state.get(SHOWN, 50) + 50


def render() -> None:
    actor = ui.guard()
    st.title(t("consulted.title"), anchor=False)
    if not actor.is_beneficiary:
        st.error(t("denied"))
        return
    limit = st.session_state.get(SHOWN, 50)
    try:
        with session_scope() as session:
            seen = consultations(session, actor, limit=limit + 1)
    except PermissionDenied:
        st.error(t("denied.dossier"))
        return
    st.write(t("consulted.intro"))
    if not seen:
        st.write(t("consulted.empty"))
    for c in seen[:limit]:
        with st.container(border=True):
            st.markdown(f"**{ui.plain(consultation_heading(c))}**")
            st.write(consultation_parts(c))
            st.write(t("consulted.purpose", purpose=c.purpose))
            st.write(t("consulted.allowed") if c.allowed else t("consulted.denied"))
            if c.exceptional_reason is not None:
                st.error(t("consulted.exceptional", reason=ui.plain(c.exceptional_reason)), icon=":material/warning:")
    if len(seen) > limit:
        st.button(t("consulted.more"), key=ui.key("consulted_more"), on_click=_more, use_container_width=True)
