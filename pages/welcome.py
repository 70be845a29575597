"""The kiosk's welcome screen: three large choices, nothing personal, nothing remembered."""

from __future__ import annotations

import streamlit as st

import ui
from dossier.labels import t


def _go(page_name: str, then: str | None = None) -> None:
    pages = st.session_state.get(ui.PAGES, {})
    if then:
        st.session_state[ui.NEXT_PAGE] = then
    st.switch_page(pages[page_name])


def render() -> None:
    st.title(t("welcome.title"), anchor=False)
    ui.show_flash()
    st.write(t("welcome.intro"))
    if st.button(t("welcome.book"), key=ui.key("welcome_book"), type="primary", icon=":material/event:",
                 use_container_width=True):
        _go("sign_in", then="booking")
    if st.button(t("welcome.signin"), key=ui.key("welcome_signin"), icon=":material/login:",
                 use_container_width=True):
        _go("sign_in")
    if st.button(t("welcome.activate"), key=ui.key("welcome_activate"), icon=":material/key:",
                 use_container_width=True):
        _go("activate")
    st.caption(t("welcome.help"))
