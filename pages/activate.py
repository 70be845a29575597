"""Account activation: dossier number + activation code + birth date, then the personal code. Opened
from an invitation's personal link (`?invitation=…`), the link stands in for the activation code and
the dossier number is filled in; the link stays in the address until it has served, so a reload or a
tab the phone discarded comes back to the same form."""

from __future__ import annotations

import streamlit as st

import ui
from dossier.accounts import INVITATION_QUERY_KEY, activate, activate_with_invitation, open_invitation
from dossier.labels import t
from ui import session_scope

FORM = "activate"
FIELDS = ("identifier", "activation_code", "birth_date", "new_code", "confirm")


def _link_token() -> str | None:
    return st.query_params.get(INVITATION_QUERY_KEY)


def _submit() -> None:
    values = {f: ui.value(FORM, f) for f in FIELDS}
    token = _link_token()

    def attempt():
        with session_scope() as session:
            if token:
                del values["activation_code"]
                return activate_with_invitation(session, token, **values)
            return activate(session, **values)

    actor = ui.submit(FORM, attempt,
                      clear_on_error=("new_code", "confirm"))
    if actor is None:
        return
    ui.clear_values(FORM, *FIELDS)
    st.query_params.clear()  # the link has served
    ui.sign_in(actor)
    st.session_state[ui.NEXT_PAGE] = "home"  # not this address, which now says « déjà activé »
    st.session_state[ui.FLASH] = "activate.done"


def render() -> None:
    st.title(t("activate.title"), anchor=False)
    token = _link_token()
    number = None
    if token:
        with session_scope() as session:
            number = open_invitation(session, token)
        if number is None:
            st.query_params.clear()
            st.warning(t("activate.link.refused"))
        elif not ui.value(FORM, "identifier"):
            st.session_state[ui.key(f"{FORM}_identifier")] = number
    st.write(t("activate.link.intro") if number else t("activate.intro"))
    with st.form(key=ui.key("activate_form"), enter_to_submit=False):
        ui.error_summary(FORM)
        ui.text_field(FORM, "identifier", "activate.identifier", help_key="activate.identifier.help",
                      autocomplete="off")
        if number is None:
            ui.text_field(FORM, "activation_code", "activate.code", help_key="activate.code.help",
                          autocomplete="one-time-code", max_chars=12)
        ui.text_field(FORM, "birth_date", "activate.birth_date", help_key="activate.birth_date.help",
                      autocomplete="bday", max_chars=10)
        ui.text_field(FORM, "new_code", "activate.new_code", help_key="activate.new_code.help",
                      type="password", autocomplete="new-password", max_chars=12)
        ui.text_field(FORM, "confirm", "activate.confirm", type="password", autocomplete="new-password",
                      max_chars=12)
        st.form_submit_button(t("activate.submit"), type="primary", on_click=_submit, use_container_width=True)
