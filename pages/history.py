"""« Ce qui a changé »: the roadmap's, the diagnostic's and the pathway's history in plain French, newest
first (the end of the accompaniment, the return, the follow-up in employment)."""

from __future__ import annotations

import streamlit as st

import ui
from dossier import formatting
from dossier.errors import PermissionDenied
from dossier.labels import t
from dossier.pathway import full_history
from ui import session_scope


def render() -> None:
    actor = ui.guard()
    person_id = ui.person_page(actor, "history.title")
    if person_id is None:
        return
    try:
        with session_scope() as session:
            lines = full_history(session, actor, person_id)
    except PermissionDenied:
        st.error(t("denied.dossier"))
        return
    if not lines:
        st.write(t("history.empty"))
    for line in lines:
        with st.container(border=True):
            st.caption(formatting.datetime(line.at))
            st.markdown(f"**{ui.plain(line.who)}** {ui.plain(line.what)}")
            for detail in line.details:
                st.write(ui.plain(detail))
            if line.in_presence:
                st.caption(t("history.in_presence"))
