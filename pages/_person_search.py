"""The desk's search for a person, shared by the invitation desk and the agenda: by dossier number, or
by last name and birth date together (first name to narrow), as an accueil agent is asked at a desk.
Who may be found is the service's answer (`dossier.people.search_for_desk`); the page only draws."""

from __future__ import annotations

import streamlit as st

import ui
from dossier import formatting
from dossier.labels import t
from dossier.people import InvitationTarget, desk_search_errors, search_for_desk
from dossier.policy import Permission
from ui import session_scope


def _target_key(form: str) -> str:
    return f"page:{form}_target"  # page-scoped: dropped when the user leaves the page


def _matches_key(form: str) -> str:
    return f"page:{form}_matches"  # several people with that name and birth date: the agent picks one


def chosen(form: str) -> InvitationTarget | None:
    return st.session_state.get(_target_key(form))


def forget(form: str) -> None:
    st.session_state.pop(_target_key(form), None)
    st.session_state.pop(_matches_key(form), None)


def _search(form: str, permission: Permission, forget_also: tuple[str, ...]) -> None:
    number, last_name = ui.value(form, "number"), ui.value(form, "last_name")
    first_name, born = ui.value(form, "first_name"), ui.value(form, "birth_date")
    forget(form)
    for name in forget_also:
        st.session_state.pop(name, None)
    errors, birth_date = desk_search_errors(number, last_name, first_name, born)
    if errors:
        ui.set_errors(form, errors)
        return
    with session_scope() as session:
        actor = ui.acting_actor(session)
        found = search_for_desk(session, actor, permission, number=number, last_name=last_name,
                                first_name=first_name, birth_date=birth_date) if actor else []
    if not found:
        missing = {"number": "invite.not_found"} if number.strip() else {"last_name": "invite.not_found.name"}
        ui.set_errors(form, missing)
        return
    ui.set_errors(form, {})
    if len(found) == 1:
        st.session_state[_target_key(form)] = found[0]
    else:
        st.session_state[_matches_key(form)] = found


def _choose(form: str, target: InvitationTarget) -> None:
    st.session_state[_target_key(form)] = target
    st.session_state.pop(_matches_key(form), None)


def search_form(form: str, permission: Permission, *, forget_also: tuple[str, ...] = ()) -> InvitationTarget | None:
    """The form, the people it found to pick from, and the person chosen (name and birth date in plain
    sight before anything is done for them)."""
    with st.form(key=ui.key(f"{form}_form"), enter_to_submit=False):
        ui.error_summary(form)
        ui.text_field(form, "number", "invite.search", autocomplete="off")
        st.markdown(f"**{t('invite.or_name')}**")
        ui.text_field(form, "last_name", "invite.last_name", autocomplete="off")
        ui.text_field(form, "first_name", "invite.first_name", autocomplete="off")
        ui.text_field(form, "birth_date", "invite.birth_date", autocomplete="off", placeholder="JJ/MM/AAAA")
        st.form_submit_button(t("invite.search.submit"), on_click=_search, args=(form, permission, forget_also),
                              use_container_width=True)
    for match in st.session_state.get(_matches_key(form), []):
        st.button(t("invite.choose", first_name=match.first_name, last_name=match.last_name,
                    number=match.dossier_number), key=ui.key(f"{form}_choose_{match.person_id}"), on_click=_choose,
                  args=(form, match), use_container_width=True)
    target = chosen(form)
    if target is not None:
        st.write(ui.plain(t("invite.person", first_name=target.first_name, last_name=target.last_name,
                            birth_date=formatting.date(target.birth_date))))
    return target
