"""Orientation (coordinateur, référent): choose or change a person's structure référente and référent,
with the kind of pathway and a reason. The history is kept; the person sees it on their home page."""

from __future__ import annotations

import streamlit as st

import ui
from dossier import clock, formatting
from dossier.labels import t
from dossier.people import OrientationLine, choices, find_person, history, orient
from dossier.policy import Permission
from dossier.vocabulary import OrientationKind
from ui import session_scope

FORM = "orientation"
FOUND = "page:orientation_person"  # (person id, name) of the person found by number


def _find() -> None:
    number = ui.value(FORM, "number")
    if not number.strip():
        ui.set_errors(FORM, {"number": "error.required"})
        st.session_state.pop(FOUND, None)
        return
    person = ui.write(FORM, lambda s, a: find_person(s, a, number))
    st.session_state[FOUND] = (person.id, f"{person.last_name.upper()} {person.first_name}", person.dossier_number) \
        if person is not None else None


def _save(person_id: int) -> None:
    structure = st.session_state.get(ui.key(f"{FORM}_structure"))
    referent = st.session_state.get(ui.key(f"{FORM}_referent"))
    kind = st.session_state.get(ui.key(f"{FORM}_kind"))
    reason = ui.value(FORM, "reason")
    done = ui.write(FORM, lambda s, a: orient(s, a, person_id, organisation_id=structure, referent_id=referent,
                                                kind=kind or "", reason=reason))
    if done is not None:
        st.session_state[ui.FLASH] = "orientation.saved"
        st.session_state[ui.key(f"{FORM}_reason")] = ""


def history_lines(lines: list[OrientationLine]) -> None:
    """The orientation history in plain French (also shown to the person)."""
    if not lines:
        st.write(t("orientation.history.empty"))
    for line in lines:
        st.write(ui.plain(t("orientation.history.line", date=formatting.date(clock.as_paris(line.decided_at).date()),
                            structure=line.structure, kind=t(f"orientation.kind.{line.kind}"),
                            referent=line.referent or t("orientation.no_referent"))))
        st.caption(ui.plain(t("orientation.history.reason", reason=line.reason, who=line.decided_by)))


def render() -> None:
    actor = ui.guard(Permission.ORIENT)
    st.title(t("orientation.title"), anchor=False)
    ui.show_flash()
    ui.error_summary(FORM)
    ui.text_field(FORM, "number", "orientation.number", autocomplete="off")
    st.button(t("orientation.find"), key=ui.key("orientation_find"), on_click=_find, use_container_width=True)
    found = st.session_state.get(FOUND)
    if not found:
        return
    person_id, name, number = found
    with session_scope() as session:
        options = choices(session, actor)
        lines = history(session, actor, person_id)
    with st.container(border=True):
        st.subheader(ui.plain(f"{name} — {number}"), anchor=False)
        structure = st.selectbox(t("orientation.structure"), list(options.structures),
                                 format_func=options.structures.get, index=None,
                                 placeholder=t("choose.placeholder"), key=ui.key(f"{FORM}_structure"))
        ui.field_error(FORM, "structure")
        referents = options.referents.get(structure, {}) if structure else {}
        st.selectbox(t("orientation.referent"), list(referents), format_func=referents.get, index=None,
                     placeholder=t("orientation.referent.none"), key=ui.key(f"{FORM}_referent"))
        ui.field_error(FORM, "referent")
        st.radio(t("orientation.kind"), list(OrientationKind), format_func=lambda k: t(f"orientation.kind.{k}"),
                 index=None, key=ui.key(f"{FORM}_kind"))
        ui.field_error(FORM, "kind")
        st.text_area(t("orientation.reason"), key=ui.key(f"{FORM}_reason"))
        st.caption(t("orientation.reason.help"))
        ui.field_error(FORM, "reason")
        st.button(t("orientation.save"), key=ui.key("orientation_save"), type="primary", on_click=_save,
                  args=(person_id,), use_container_width=True)
    st.subheader(t("orientation.history"), anchor=False)
    history_lines(lines)
