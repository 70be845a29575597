"""Exceptional access for a référent of another structure: a dossier number, a written reason, 3 hours."""

from __future__ import annotations

import streamlit as st

import ui
from dossier import formatting
from dossier.labels import t
from dossier.people import open_exceptional, running_accesses
from dossier.vocabulary import Role
from ui import session_scope

FORM = "exceptional"


def _open() -> None:
    opened = ui.write(FORM, lambda s, a: open_exceptional(s, a, ui.value(FORM, "number"), ui.value(FORM, "reason")))
    if opened is not None:
        ui.clear_values(FORM, "number", "reason")
        st.session_state[ui.CHOSEN_PERSON] = opened.person_id
        st.session_state[ui.FLASH] = ("exceptional.opened",
                                      {"time": formatting.time(opened.ends_at)})


def render() -> None:
    actor = ui.guard()
    st.title(t("exceptional.title"), anchor=False)
    if not actor.has_role(Role.REFERENT):
        st.error(t("denied"))
        return
    ui.show_flash()
    st.write(t("exceptional.intro"))
    with session_scope() as session:
        running = running_accesses(session, actor)
    if running:
        st.subheader(t("exceptional.running"), anchor=False)
        for access in running:
            st.write(t("exceptional.running.line", name=ui.plain(f"{access.name} — {access.dossier_number}"),
                       time=formatting.time(access.ends_at)))
    with st.container(border=True):
        ui.error_summary(FORM)
        ui.text_field(FORM, "number", "exceptional.number", autocomplete="off", max_chars=30)
        st.text_area(t("exceptional.reason"), key=ui.key(f"{FORM}_reason"), height=100)
        st.caption(t("exceptional.reason.help"))
        ui.field_error(FORM, "reason")
        st.button(t("exceptional.submit"), key=ui.key(f"{FORM}_send"), type="primary", on_click=_open,
                  use_container_width=True)
