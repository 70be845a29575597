"""Invitation desk (accueil, référent, admin): find a person (dossier number, or name and birth date),
issue an activation code, hand over the letter text and a QR code to the activation page (no personal data in it)."""

from __future__ import annotations

import streamlit as st

import ui
from dossier import clock, formatting
from dossier.accounts import issue_activation_code
from dossier.appointments import activation_url, invitation_letters
from dossier.documents import qr_png
from dossier.errors import NotFound, PermissionDenied
from dossier.labels import t
from dossier.policy import Permission
from dossier.settings import get_settings
from pages import _person_search as desk
from ui import session_scope

FORM = "invite"
ISSUED = "page:invite_issued"
LETTER = "page:invite_letter"  # the printable letter holds the code: page-scoped, dropped on leaving


def _issue() -> None:
    target = desk.chosen(FORM)
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
    target = desk.search_form(FORM, Permission.ISSUE_ACTIVATION, forget_also=(ISSUED,))
    if target is None:
        return
    with st.container(border=True):
        st.button(t("invite.issue"), type="primary", key=ui.key("invite_issue"), on_click=_issue,
                  use_container_width=True)
        issued = st.session_state.get(ISSUED)
        if issued is not None:
            st.success(t("invite.code", code=issued.code))
            st.write(t("invite.expires", date=formatting.date(clock.as_paris(issued.expires_at).date())))
            st.write(t("invite.letter", url=get_settings().public_base(ui.served_at()), number=issued.dossier_number))
            st.image(activation_qr_png(), caption=t("invite.qr"), width=200, alt=t("invite.qr"))
            st.download_button(t("invite.letter.pdf"), data=st.session_state.get(LETTER, b""),
                               file_name="lettre-invitation.pdf", mime="application/pdf",
                               key=ui.key("invite_letter"), use_container_width=True, on_click="ignore")
