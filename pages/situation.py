"""Ma situation / diagnostic: the person declares their situations per thématique and sees what
professionals recorded; the référent records them for the person they follow."""

from __future__ import annotations

import streamlit as st

import ui
from dossier import clock, formatting
from dossier.access import can_edit
from dossier.errors import PermissionDenied
from dossier.labels import t
from dossier.policy import Category
from dossier.roadmap import declare, load_diagnostic, reference_choices, remove, theme_choices
from dossier.vocabulary import ReferenceKind, SituationSource
from ui import session_scope

FORM = "situation"


def _declare(person_id: int) -> None:
    ref = st.session_state.get(ui.key(f"{FORM}_situation"))
    if ui.write(FORM, lambda s, a: declare(s, a, person_id, ref)):
        st.session_state.pop(ui.key(f"{FORM}_situation"), None)
        st.session_state[ui.FLASH] = "diagnostic.added"


def _remove(situation_id: int) -> None:
    ui.write(f"remove:{situation_id}", lambda s, a: remove(s, a, situation_id))


def render() -> None:
    actor = ui.guard()
    person_side = actor.is_beneficiary
    wording = ui.person_wording(actor)
    person_id = ui.person_page(actor, "diagnostic.title")
    if person_id is None:
        return
    try:
        with session_scope() as session:
            themes = load_diagnostic(session, actor, person_id)
            editable = can_edit(session, actor, person_id, Category.SITUATION)
            all_themes = {c.code: c.label for c in theme_choices(session)}
            theme = st.session_state.get(ui.key(f"{FORM}_theme"))
            situations = ({c.code: c.label for c in reference_choices(session, ReferenceKind.SITUATION, theme)}
                          if theme else {})
    except PermissionDenied:
        st.error(t("denied.dossier"))
        return
    st.write(t("diagnostic.intro" if wording else "diagnostic.intro.pro"))
    ui.show_flash()
    if not themes:
        st.write(t("diagnostic.empty"))
    for group in themes:
        with st.container(border=True):
            st.subheader(ui.plain(group.label), anchor=False)
            for item in group.situations:
                st.markdown(f"**{ui.plain(item.label)}**")
                source = "you" if person_side and item.source == SituationSource.PERSON else item.source
                day = formatting.date(clock.as_paris(item.recorded_at).date())
                st.caption(t(f"diagnostic.source.{source}", date=day))
                if editable:
                    ui.error_summary(f"remove:{item.id}")
                    st.button(t("diagnostic.remove"), key=ui.key(f"remove_{item.id}"), on_click=_remove,
                              args=(item.id,))
    if not editable:
        return
    with st.container(border=True):
        st.subheader(t("diagnostic.add"), anchor=False)
        ui.error_summary(FORM)
        st.selectbox(t("diagnostic.theme"), options=list(all_themes), format_func=all_themes.get, index=None,
                     placeholder=t("choose.placeholder"), key=ui.key(f"{FORM}_theme"))
        if theme:
            st.selectbox(t("diagnostic.situation"), options=list(situations), format_func=situations.get, index=None,
                         placeholder=t("roadmap.search.placeholder"), key=ui.key(f"{FORM}_situation"))
        ui.field_error(FORM, "situation")
        st.button(t("diagnostic.submit"), key=ui.key(f"{FORM}_send"), type="primary", on_click=_declare,
                  args=(person_id,), use_container_width=True)
