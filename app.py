"""Dossier unique d'insertion — Streamlit entry point.

Each run: page set-up, the idle-timeout check, then `st.navigation` with only the pages this actor may
use (signed out: sign-in and activation). Pages are functions from `pages/`, registered here under
their own URL; each one checks its user again.
"""

from __future__ import annotations

import logging

import streamlit as st

from dossier.accounts import refresh_actor
from dossier.bootstrap import prepare_database
from dossier.labels import t
from dossier.policy import Permission, may
from pages import _shell as ui
from pages import (
    activate,
    agenda,
    booking,
    consulted,
    exceptional,
    history,
    home,
    invite,
    my_data,
    roadmap,
    sharing,
    sign_in,
    situation,
    slots,
    welcome,
)
from storage.engine import session_scope

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
st.set_page_config(page_title=t("app.title"), page_icon=":material/folder_shared:", layout="centered",
                   initial_sidebar_state="collapsed")


@st.cache_resource(show_spinner=False)
def _database_ready() -> bool:
    """Migrations to head and reference lists, once per process."""
    prepare_database()
    return True


def _signed_out_pages() -> dict[str, st.Page]:
    """Signed out: sign-in and activation; a kiosk opens on its welcome screen."""
    kiosk = ui.on_kiosk()
    pages = {}
    if kiosk:
        pages["welcome"] = st.Page(welcome.render, title=t("nav.welcome"), url_path="bienvenue", default=True,
                                   icon=":material/waving_hand:")
    pages["sign_in"] = st.Page(sign_in.render, title=t("nav.signin"), url_path="connexion", default=not kiosk,
                               icon=":material/login:")
    pages["activate"] = st.Page(activate.render, title=t("nav.activate"), url_path="activation",
                                icon=":material/key:")
    return pages


def _pages_for(actor) -> dict[str, st.Page]:
    if actor is None:
        return _signed_out_pages()
    pages = {"home": st.Page(home.render, title=t("nav.home"), url_path="accueil", default=True,
                             icon=":material/home:")}
    if actor.is_beneficiary or may(actor, Permission.VIEW_CASELOAD):
        pro = "" if ui.person_wording(actor) else ".pro"
        pages["roadmap"] = st.Page(roadmap.render, title=t("nav.roadmap" + pro), url_path="feuille-de-route",
                                   icon=":material/flag:")
        pages["situation"] = st.Page(situation.render, title=t("nav.situation" + pro), url_path="diagnostic",
                                     icon=":material/checklist:")
        pages["history"] = st.Page(history.render, title=t("nav.history" + pro), url_path="historique",
                                   icon=":material/history:")
        pages["booking"] = st.Page(booking.render, title=t("nav.booking" + pro), url_path="rendez-vous",
                                   icon=":material/event:")
    if actor.is_beneficiary or (ui.with_person() and may(actor, Permission.RECORD_CONSENT)):
        pages["sharing"] = st.Page(sharing.render, title=t("nav.sharing"), url_path="partages",
                                   icon=":material/share:")
    if actor.is_beneficiary:
        pages["consulted"] = st.Page(consulted.render, title=t("nav.consulted"), url_path="consultations",
                                     icon=":material/visibility:")
        pages["my_data"] = st.Page(my_data.render, title=t("nav.export"), url_path="mes-donnees",
                                   icon=":material/download:")
    if may(actor, Permission.VIEW_CASELOAD):
        pages["exceptional"] = st.Page(exceptional.render, title=t("nav.exceptional"), url_path="acces-exceptionnel",
                                       icon=":material/emergency:")
    if may(actor, Permission.PUBLISH_SLOTS):
        pages["agenda"] = st.Page(agenda.render, title=t("nav.agenda"), url_path="planning",
                                  icon=":material/calendar_month:")
        pages["slots"] = st.Page(slots.render, title=t("nav.slots"), url_path="creneaux",
                                 icon=":material/edit_calendar:")
    if may(actor, Permission.ISSUE_ACTIVATION):
        pages["invite"] = st.Page(invite.render, title=t("nav.invite"), url_path="inviter",
                                  icon=":material/person_add:")
    return pages


def _header(actor, pages: dict[str, st.Page]) -> None:
    """Navigation in the page body (the sidebar hides behind a button on phones): one "Menu" button
    that opens the list of pages, and sign-out, on a single line at 390 px."""
    st.caption(t("app.title"))
    if actor is None:
        return
    bar = st.container(horizontal=True, gap="small", key="nav_bar")
    with bar.popover(t("nav.menu"), icon=":material/menu:"):
        for page in pages.values():
            st.page_link(page, label=page.title, icon=page.icon, use_container_width=True)
    bar.button(t("nav.signout"), key=ui.key("signout"), on_click=ui.sign_out, icon=":material/logout:")
    if may(actor, Permission.WITH_PERSON):
        st.toggle(t("with_person.toggle"), key=ui.WITH_PERSON)
        st.caption(t("with_person.help"))
        if ui.with_person():
            st.info(t("with_person.banner"), icon=":material/group:")


def main() -> None:
    ui.setup_page()
    _database_ready()
    ui.receive_handoff()
    ui.enforce_idle_timeout()
    actor = ui.current_actor()
    if actor is not None:
        with session_scope() as session:
            actor = refresh_actor(session, actor)
        if actor is None:
            ui.sign_out()
        else:
            st.session_state[ui.ACTOR] = actor
    pages = _pages_for(actor)
    st.session_state[ui.PAGES] = pages
    navigation = st.navigation(list(pages.values()), position="hidden")
    ui.forget_other_pages(navigation.url_path)
    ui.go_next(pages)
    _header(actor, pages)
    ui.idle_watch()
    navigation.run()


main()
