"""Dossier unique d'insertion — Streamlit entry point.

Each run: page set-up, the idle-timeout check, then `st.navigation` with only the pages this actor may
use (signed out: sign-in and activation). Pages are functions from `pages/`, registered here under
their own URL; each one checks its user again.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

import ui
from dossier.accounts import PROCONNECT_END_ROUTE
from dossier.actor import Actor
from dossier.labels import t
from dossier.policy import Permission, may
from dossier.tools import prepare_database
from pages import (
    accessibility,
    activate,
    admin,
    agenda,
    booking,
    campaigns,
    caseload,
    consulted,
    devices,
    exceptional,
    history,
    home,
    invite,
    my_data,
    orientation,
    pilotage,
    roadmap,
    services,
    sharing,
    sign_in,
    situation,
    slots,
    welcome,
)
from ui import session_scope

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
st.set_page_config(page_title=t("app.title"), page_icon="📂", initial_sidebar_state="collapsed")


@st.cache_resource(show_spinner=False)
def _process_ready() -> bool:
    """Once per process: migrations to head and reference lists; then the objects made at start-up
    (modules, metadata, reference lists) are moved out of the collector's sight, so that its full
    collections only walk what the sessions made since (docs/performance.md)."""
    prepare_database()
    gc.freeze()
    return True


ADDRESS = "@address"  # the suffix of the name under which a default page is registered again at its address


def _at_the_root_and_at_its_address(name: str, render: Callable[[], None], title: str, url_path: str,
                                    icon: str) -> dict[str, st.Page]:
    """The default page, served at /, and the same page again at its own address. Streamlit serves its
    default page at / only: its own url_path (/connexion, /accueil, /bienvenue — what letters, SMS, QR
    codes and bookmarks say) would answer with its English « Page not found » toast."""
    return {name: st.Page(render, title=title, url_path="", default=True, icon=icon),
            name + ADDRESS: st.Page(render, title=title, url_path=url_path, icon=icon)}


def _signed_out_pages() -> dict[str, st.Page]:
    """Signed out: sign-in and activation; a kiosk opens on its welcome screen. The signed-in pages'
    addresses lead to the sign-in form, then to the page."""
    kiosk = ui.on_kiosk()
    pages = {}
    if kiosk:
        pages.update(_at_the_root_and_at_its_address("welcome", welcome.render, t("nav.welcome"), "bienvenue",
                                                     ":material/waving_hand:"))
        pages["sign_in"] = st.Page(sign_in.render, title=t("nav.signin"), url_path="connexion",
                                   icon=":material/login:")
    else:
        pages.update(_at_the_root_and_at_its_address("sign_in", sign_in.render, t("nav.signin"), "connexion",
                                                     ":material/login:"))
    pages["activate"] = st.Page(activate.render, title=t("nav.activate"), url_path="activation",
                                icon=":material/key:")
    pages["accessibility"] = st.Page(ACCESSIBILITY.render, title=t(ACCESSIBILITY.title_key),
                                     url_path=ACCESSIBILITY.url_path, icon=ACCESSIBILITY.icon)
    # Every signed-in page's address exists signed out too (letters, SMS, QR codes, a reload): it shows
    # the sign-in form, in French, then the page asked for. Streamlit's English « Page not found » never.
    # Not on a kiosk: there every address leads back to the welcome screen (after a sign-out too).
    for spec in () if kiosk else SIGNED_IN_PAGES:
        if spec.name not in pages:
            pages[spec.name] = st.Page(ui.sign_in_first(spec.name, sign_in.render), title=t("nav.signin"),
                                       url_path=spec.url_path, icon=":material/login:")
    return pages


@dataclass(frozen=True)
class PageSpec:
    """A signed-in page: who sees it in their menu (asked of the policy), and where it lives."""

    name: str
    render: Callable[[], None]
    title_key: str
    url_path: str
    icon: str
    shown: Callable[[Actor], bool]
    worded: bool = False  # a professional's title ends in ".pro" (unless the screen faces the person)
    desk: bool = False  # a desk page: the whole width of the screen (the person's pages stay a centred column)
    facing: bool = False  # kept on a professional's screen turned towards the person (« avec la personne »)


def _dossier(actor: Actor) -> bool:
    return actor.is_beneficiary or may(actor, Permission.VIEW_CASELOAD)


def _allowed(permission: Permission) -> Callable[[Actor], bool]:
    return lambda actor: may(actor, permission)


ACCESSIBILITY = PageSpec("accessibility", accessibility.render, "nav.accessibility", url_path="accessibilite",
                         icon=":material/accessibility_new:", shown=lambda _a: True, facing=True)  # signed out too

SIGNED_IN_PAGES = (  # in menu order
    PageSpec("home", home.render, "nav.home", url_path="accueil", icon=":material/home:", shown=lambda _a: True),
    PageSpec("roadmap", roadmap.render, "nav.roadmap", url_path="feuille-de-route", icon=":material/flag:",
             shown=_dossier, worded=True, facing=True),
    PageSpec("situation", situation.render, "nav.situation", url_path="diagnostic", icon=":material/checklist:",
             shown=_dossier, worded=True, facing=True),
    PageSpec("services", services.render, "nav.services", url_path="aide-pres-de-chez-moi",
             icon=":material/travel_explore:", shown=_dossier, worded=True, facing=True),
    PageSpec("history", history.render, "nav.history", url_path="historique", icon=":material/history:",
             shown=_dossier, worded=True, facing=True),
    PageSpec("booking", booking.render, "nav.booking", url_path="rendez-vous", icon=":material/event:",
             shown=_dossier, worded=True, facing=True),
    PageSpec("sharing", sharing.render, "nav.sharing", url_path="partages", icon=":material/share:",
             shown=lambda a: a.is_beneficiary or (ui.with_person() and may(a, Permission.RECORD_CONSENT)),
             facing=True),
    PageSpec("consulted", consulted.render, "nav.consulted", url_path="consultations", icon=":material/visibility:",
             shown=lambda a: a.is_beneficiary),
    PageSpec("my_data", my_data.render, "nav.export", url_path="mes-donnees", icon=":material/download:",
             shown=lambda a: a.is_beneficiary),
    PageSpec("caseload", caseload.render, "nav.caseload", url_path="file-active", icon=":material/groups:",
             shown=_allowed(Permission.VIEW_CASELOAD), desk=True),
    PageSpec("orientation", orientation.render, "nav.orientation", url_path="orienter", icon=":material/alt_route:",
             shown=_allowed(Permission.ORIENT)),
    PageSpec("exceptional", exceptional.render, "nav.exceptional", url_path="acces-exceptionnel",
             icon=":material/emergency:", shown=_allowed(Permission.VIEW_CASELOAD)),
    PageSpec("agenda", agenda.render, "nav.agenda", url_path="planning", icon=":material/calendar_month:",
             shown=_allowed(Permission.PUBLISH_SLOTS), desk=True),
    PageSpec("slots", slots.render, "nav.slots", url_path="creneaux", icon=":material/edit_calendar:",
             shown=_allowed(Permission.PUBLISH_SLOTS)),
    PageSpec("pilotage", pilotage.render, "nav.pilotage", url_path="indicateurs", icon=":material/monitoring:",
             shown=_allowed(Permission.VIEW_PILOTAGE), desk=True),
    PageSpec("admin", admin.render, "nav.admin", url_path="administration", icon=":material/admin_panel_settings:",
             shown=_allowed(Permission.MANAGE_TERRITORY), desk=True),
    PageSpec("invite", invite.render, "nav.invite", url_path="inviter", icon=":material/person_add:",
             shown=_allowed(Permission.ISSUE_ACTIVATION)),
    PageSpec("campaigns", campaigns.render, "nav.campaigns", url_path="campagnes", icon=":material/campaign:",
             shown=_allowed(Permission.RUN_CAMPAIGNS), desk=True),
    PageSpec("devices", devices.render, "nav.devices", url_path="appareils", icon=":material/devices:",
             shown=lambda a: a.is_beneficiary or a.is_professional),
    ACCESSIBILITY,
)


# « Avec la personne »: the professional's screen turned towards the person shows only the pages about
# the person's own file, in their words; the desk pages come back when the switch is turned off.
FACING_THE_PERSON = {spec.name for spec in SIGNED_IN_PAGES if spec.facing}


DESK_PATHS = {spec.url_path for spec in SIGNED_IN_PAGES if spec.desk}


def _pages_for(actor: Actor | None) -> dict[str, st.Page]:
    if actor is None:
        return _signed_out_pages()
    pro = "" if ui.person_wording(actor) else ".pro"
    return {spec.name: st.Page(spec.render, title=t(spec.title_key + (pro if spec.worded else "")),
                               url_path="" if spec.name == "home" else spec.url_path, icon=spec.icon,
                               default=spec.name == "home")
            for spec in SIGNED_IN_PAGES if spec.shown(actor)}


def _home_address(actor: Actor | None, pages: dict[str, st.Page]) -> dict[str, st.Page]:
    """The signed-in home page is served at /; /accueil and /connexion lead there (registered, not in
    the menu): see `_at_the_root_and_at_its_address`."""
    if actor is None or "home" not in pages:
        return {}
    spec = next(spec for spec in SIGNED_IN_PAGES if spec.name == "home")
    home = pages["home"]

    def to_home() -> None:  # to the one at /, so that a kiosk's sign-out from there finds its welcome screen
        st.switch_page(home)

    # The sign-in's address (a letter, a bookmark, the address bar after signing in) leads home too.
    return {name + ADDRESS: st.Page(to_home, title=home.title, url_path=url_path, icon=spec.icon)
            for name, url_path in (("home", spec.url_path), ("sign_in", "connexion"))}


def _not_for_this_account(actor: Actor | None, pages: dict[str, st.Page]) -> dict[str, st.Page]:
    """Every other signed-in page's address, kept registered so that opening it (a link, a bookmark of
    a former role) says in French that this account does not have that page, instead of Streamlit's
    English « Page not found ». Nothing of the page itself runs."""
    if actor is None:
        return {}
    others = {spec.name: st.Page(ui.not_for_this_account(spec.name), title=t("denied.page.title"),
                                 url_path=spec.url_path, icon=":material/block:")
              for spec in SIGNED_IN_PAGES if spec.name not in pages}
    # the invitation's link tapped again once signed in: the account is active, said in French
    others["activate"] = st.Page(ui.already_active, title=t("activate.title"), url_path="activation",
                                 icon=":material/check_circle:")
    return others


def _offered(actor: Actor | None, pages: dict[str, st.Page]) -> dict[str, st.Page]:
    """The pages the menu offers: all of them, or, with the screen turned to the person, theirs only."""
    if actor is None or not (actor.is_professional and ui.with_person()):
        return pages
    return {name: page for name, page in pages.items() if name in FACING_THE_PERSON}


def _stay_facing_the_person(offered: dict[str, st.Page], current_url_path: str) -> None:
    """A desk page left on screen when the switch is turned on gives way to the roadmap (every page stays
    registered, so no « page not found » on the way)."""
    if "roadmap" in offered and current_url_path not in {p.url_path for p in offered.values()}:
        st.switch_page(offered["roadmap"])


MENU_RUNS = "_menu_runs"


def _header(actor, pages: dict[str, st.Page]) -> None:
    """Navigation in the page body (the sidebar hides behind a button on phones): one "Menu" button
    that opens the list of pages, and sign-out, on a single line at 390 px."""
    st.caption(t("app.title"))
    if actor is None or actor.is_beneficiary:  # the welcome screen, sign-in, activation, every person page
        ui.language_control()
    if actor is None:
        return
    bar = st.container(horizontal=True, gap="small", key="nav_bar")
    # A new key at every full run: after following a link (even to the same page) or using anything
    # else on the page, the menu is drawn closed. Opening it does not rerun.
    runs = st.session_state[MENU_RUNS] = st.session_state.get(MENU_RUNS, 0) + 1
    with bar.popover(t("nav.menu"), icon=":material/menu:", key=f"menu_{runs}"):
        for page in pages.values():
            st.page_link(page, label=page.title, icon=page.icon, use_container_width=True)
    if ui.signed_in_with_proconnect():  # out of the app, then the provider's end-session (a route of server.py)
        with bar:
            ui.link_button(t("proconnect.signout"), PROCONNECT_END_ROUTE, key="signout-proconnect")
    else:
        bar.button(t("nav.signout"), key=ui.key("signout"), on_click=ui.sign_out, icon=":material/logout:")
    if may(actor, Permission.WITH_PERSON):
        st.toggle(t("with_person.toggle"), value=bool(st.session_state.get(ui.WITH_PERSON)),
                  key=ui.WITH_PERSON_SWITCH, on_change=ui.turn_towards_the_person)
        st.caption(t("with_person.help"))
        if ui.with_person():
            st.info(t("with_person.banner"), icon=":material/group:")


def main() -> None:
    ui.setup_page()
    _process_ready()
    ui.receive_handoff()
    ui.resume_from_cookie()
    ui.enforce_idle_timeout()
    actor = ui.current_actor()
    if actor is not None:
        with session_scope() as session:
            actor = ui.still_signed_in(session, actor)
        if actor is None:
            ui.sign_out("signout.ended")
        else:
            st.session_state[ui.ACTOR] = actor
    ui.apply_language(actor)
    pages = _pages_for(actor)
    offered = _offered(actor, pages)
    st.session_state[ui.PAGES] = offered
    registered = {**_not_for_this_account(actor, pages), **pages, **_home_address(actor, pages)}
    navigation = st.navigation(list(registered.values()), position="hidden")
    # One layout call per run, once the page is known (two calls in a run could leave the browser on the
    # first one).
    st.set_page_config(layout="wide" if navigation.url_path in DESK_PATHS else "centered", page_title=t("app.title"))
    if offered is not pages:
        _stay_facing_the_person(offered, navigation.url_path)
    ui.forget_other_pages(navigation.url_path)
    ui.go_next(offered)
    ui.hand_over_cookie()
    _header(actor, offered)
    ui.idle_watch()
    ui.run_page(navigation.run)


main()
