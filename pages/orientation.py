"""Orientation (coordinateur, référent): choose or change a person's structure référente and référent,
with the kind of pathway and a reason. The history is kept; the person sees it on their home page.
For the person found, « Fin d'accompagnement » (pages/_pathway.py): the exit, its correction, the return.
Below, « En attente d'orientation »: the people entered in RSA with no decision yet, the longest wait
first (the whole territory for a coordinator, their own structure for a référent)."""

from __future__ import annotations

import streamlit as st

import ui
from dossier import clock, formatting
from dossier.actor import Actor
from dossier.labels import t
from dossier.people import (
    WAITING_LISTED,
    OrientationLine,
    WaitingForOrientation,
    choices,
    find_person,
    history,
    orient,
    waiting_for_orientation,
)
from dossier.policy import Permission
from dossier.vocabulary import OrientationKind, Role
from pages._pathway import exit_section
from ui import session_scope

FORM = "orientation"
FOUND = "page:orientation_person"  # (person id, name) of the person found by number
FIND_ON_ARRIVAL = "orientation_find_on_arrival"  # a dossier number another page (« Ma file active ») opens here


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


def waiting_table(people: list[WaitingForOrientation], territory: bool) -> None:
    """« En attente d'orientation »: who entered RSA longest ago without a decision, or the empty state."""
    st.subheader(t("orientation.waiting"), anchor=False)
    st.caption(t("orientation.waiting.help.territory" if territory else "orientation.waiting.help.structure",
                 limit=WAITING_LISTED))
    if not people:
        st.write(t("orientation.waiting.none"))
        return
    rows = [[w.name, w.dossier_number, formatting.date(w.rsa_entry_date), formatting.integer(w.days_waiting),
             w.structure or t("orientation.col.no_structure")] for w in people]
    st.html(ui.html_table([t(f"orientation.col.{c}") for c in ("name", "number", "entry", "days", "structure")],
                          rows))


def render() -> None:
    actor = ui.guard(Permission.ORIENT)
    st.title(t("orientation.title"), anchor=False)
    ui.show_flash()
    arriving = st.session_state.pop(FIND_ON_ARRIVAL, None)
    if arriving:
        st.session_state[ui.key(f"{FORM}_number")] = arriving
        _find()
    ui.error_summary(FORM)
    ui.text_field(FORM, "number", "orientation.number", autocomplete="off")
    st.button(t("orientation.find"), key=ui.key("orientation_find"), on_click=_find, use_container_width=True)
    found = st.session_state.get(FOUND)
    if found:
        _decision(actor, found)
    with session_scope() as session:
        waiting = waiting_for_orientation(session, actor)
    waiting_table(waiting, territory=actor.has_role(Role.COORDINATOR))


def _decision(actor: Actor, found: tuple[int, str, str]) -> None:
    """The form for the person found by number, then their history."""
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
    exit_section(actor, person_id)
