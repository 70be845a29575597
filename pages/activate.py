"""Account activation: dossier number + activation code + birth date, then the personal code."""

from __future__ import annotations

import streamlit as st

import ui
from dossier.accounts import activate
from dossier.labels import t
from ui import session_scope

FORM = "activate"
FIELDS = ("identifier", "activation_code", "birth_date", "new_code", "confirm")


def _submit() -> None:
    values = {f: ui.value(FORM, f) for f in FIELDS}

    def attempt():
        with session_scope() as session:
            return activate(session, **values)

    actor = ui.submit(FORM, attempt,
                      clear_on_error=("new_code", "confirm"))
    if actor is None:
        return
    ui.clear_values(FORM, *FIELDS)
    ui.sign_in(actor)
    st.session_state[ui.FLASH] = "activate.done"


def render() -> None:
    st.title(t("activate.title"), anchor=False)
    st.write(t("activate.intro"))
    with st.form(key=ui.key("activate_form"), enter_to_submit=False):
        ui.error_summary(FORM)
        ui.text_field(FORM, "identifier", "activate.identifier", help_key="activate.identifier.help",
                      autocomplete="off")
        ui.text_field(FORM, "activation_code", "activate.code", help_key="activate.code.help",
                      autocomplete="one-time-code", max_chars=12)
        ui.text_field(FORM, "birth_date", "activate.birth_date", help_key="activate.birth_date.help",
                      autocomplete="bday", max_chars=10)
        ui.text_field(FORM, "new_code", "activate.new_code", help_key="activate.new_code.help",
                      type="password", autocomplete="new-password", max_chars=12)
        ui.text_field(FORM, "confirm", "activate.confirm", type="password", autocomplete="new-password",
                      max_chars=12)
        st.form_submit_button(t("activate.submit"), type="primary", on_click=_submit, use_container_width=True)
