"""Invitation desk (accueil, référent, admin): find a person by dossier number, issue an activation
code, hand over the letter text and a QR code to the activation page (no personal data in it)."""

from __future__ import annotations

import streamlit as st

from dossier import clock
from dossier.accounts import issue_activation_code
from dossier.errors import NotFound, PermissionDenied
from dossier.labels import t
from dossier.letters import activation_url, invitation_letters
from dossier.people import desk_search_errors, search_for_desk
from dossier.policy import Permission
from dossier.qr import qr_png
from dossier.settings import get_settings
from pages import _shell as ui
from storage.engine import session_scope

FORM = "invite"
TARGET = "page:invite_target"  # page-scoped: dropped when the user leaves the page
MATCHES = "page:invite_matches"  # several people with that name and birth date: the agent picks one
ISSUED = "page:invite_issued"
LETTER = "page:invite_letter"  # the printable letter holds the code: page-scoped, dropped on leaving


def _search() -> None:
    """By dossier number, or by last name and birth date (first name to narrow): what people are asked."""
    number, last_name = ui.value(FORM, "number"), ui.value(FORM, "last_name")
    first_name, born = ui.value(FORM, "first_name"), ui.value(FORM, "birth_date")
    for name in (ISSUED, TARGET, MATCHES):
        st.session_state.pop(name, None)
    errors, birth_date = desk_search_errors(number, last_name, first_name, born)
    if errors:
        ui.set_errors(FORM, errors)
        return
    with session_scope() as session:
        actor = ui.acting_actor(session)
        found = search_for_desk(session, actor, number=number, last_name=last_name, first_name=first_name,
                                birth_date=birth_date) if actor else []
    if not found:
        missing = {"number": "invite.not_found"} if number.strip() else {"last_name": "invite.not_found.name"}
        ui.set_errors(FORM, missing)
        return
    ui.set_errors(FORM, {})
    if len(found) == 1:
        st.session_state[TARGET] = found[0]
    else:
        st.session_state[MATCHES] = found


def _choose(target) -> None:
    st.session_state[TARGET] = target
    st.session_state.pop(MATCHES, None)


def _issue() -> None:
    target = st.session_state.get(TARGET)
    if target is None:
        return
    try:
        with session_scope() as session:
            actor = ui.acting_actor(session)
            if actor is None:
                return
            issued = issue_activation_code(session, actor, target.person_id)
            st.session_state[ISSUED] = issued
            st.session_state[LETTER] = invitation_letters(session, [issued], ui.served_at())
    except (NotFound, PermissionDenied):
        ui.set_errors(FORM, {"number": "invite.not_found"})


def activation_qr_png() -> bytes:
    return qr_png(activation_url(ui.served_at()))


def render() -> None:
    ui.guard(Permission.ISSUE_ACTIVATION)
    st.title(t("invite.title"), anchor=False)
    st.write(t("invite.intro", days=get_settings().activation_days))
    with st.form(key=ui.key("invite_form"), enter_to_submit=False):
        ui.error_summary(FORM)
        ui.text_field(FORM, "number", "invite.search", autocomplete="off")
        st.markdown(f"**{t('invite.or_name')}**")
        ui.text_field(FORM, "last_name", "invite.last_name", autocomplete="off")
        ui.text_field(FORM, "first_name", "invite.first_name", autocomplete="off")
        ui.text_field(FORM, "birth_date", "invite.birth_date", autocomplete="off", placeholder="JJ/MM/AAAA")
        st.form_submit_button(t("invite.search.submit"), on_click=_search, use_container_width=True)
    for match in st.session_state.get(MATCHES, []):
        st.button(t("invite.choose", first_name=match.first_name, last_name=match.last_name,
                    number=match.dossier_number), key=ui.key(f"invite_choose_{match.person_id}"), on_click=_choose,
                  args=(match,), use_container_width=True)
    target = st.session_state.get(TARGET)
    if target is None:
        return
    with st.container(border=True):
        st.write(ui.plain(t("invite.person", first_name=target.first_name, last_name=target.last_name,
                            birth_date=clock.french_date(target.birth_date))))
        st.button(t("invite.issue"), type="primary", key=ui.key("invite_issue"), on_click=_issue,
                  use_container_width=True)
        issued = st.session_state.get(ISSUED)
        if issued is not None:
            st.success(t("invite.code", code=issued.code))
            st.write(t("invite.expires", date=clock.french_date(clock.as_paris(issued.expires_at).date())))
            st.write(t("invite.letter", url=get_settings().public_base(ui.served_at()), number=issued.dossier_number))
            st.image(activation_qr_png(), caption=t("invite.qr"), width=200, alt=t("invite.qr"))
            st.download_button(t("invite.letter.pdf"), data=st.session_state.get(LETTER, b""),
                               file_name="lettre-invitation.pdf", mime="application/pdf",
                               key=ui.key("invite_letter"), use_container_width=True, on_click="ignore")
