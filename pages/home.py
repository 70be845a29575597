"""Home page: the person sees who accompanies them; a professional sees their structure and caseload."""

from __future__ import annotations

import streamlit as st

import ui
from dossier import appointments, clock, formatting, people
from dossier.accounts import handoff
from dossier.documents import qr_png
from dossier.labels import long_date, t
from dossier.people import person_home, professional_home
from dossier.roadmap import load_roadmap
from dossier.settings import get_settings
from pages._pathway import person_exit
from pages.orientation import history_lines
from ui import session_scope

ACCOUNT_LABEL = {"active": "home.pro.account.active", "invited": "home.pro.account.invited",
                 "none": "home.pro.account.none"}


def _render_person(actor) -> None:
    with session_scope() as session:
        home = person_home(session, actor)
    st.title(ui.plain(t("home.person.hello", first_name=home.first_name, last_name=home.last_name)),
             anchor=False)
    ui.show_flash()
    st.write(t("home.person.dossier", number=home.dossier_number))
    with st.container(border=True):
        if home.structure_name:
            st.write(ui.plain(t("home.person.structure", name=home.structure_name)))
        else:
            st.write(t("home.person.no_structure"))
        if home.referent_name:
            st.write(ui.plain(t("home.person.referent", name=home.referent_name)))
            st.write(t("home.person.referent_contact", email=home.referent_email))
        else:
            st.write(t("home.person.no_referent"))
    if home.rsa_entry_date:
        st.caption(t("home.person.rsa_entry", date=formatting.date(home.rsa_entry_date)))
    person_exit(actor)
    _appointment_summary(actor)
    _roadmap_summary(actor)
    _services_link()
    _orientation_history(actor)
    if ui.on_kiosk():
        _continue_on_phone()


def _orientation_history(actor) -> None:
    """Who decided which structure accompanies the person, and why (newest first)."""
    with session_scope() as session:
        lines = people.history(session, actor, actor.id)
    if lines:
        with st.expander(t("home.person.orientation")):
            history_lines(lines)


HANDOFF_LINK = "page:handoff_link"  # shown once, forgotten when leaving the page


def _issue_handoff() -> None:
    st.session_state[HANDOFF_LINK] = ui.write("handoff", lambda s, a: handoff.link(handoff.issue(s, a), ui.served_at()))


def _continue_on_phone() -> None:
    """On a kiosk: a QR code that opens the app on the person's phone with their identifier written."""
    with st.container(border=True):
        st.subheader(t("handoff.title"), anchor=False)
        st.write(t("handoff.intro"))
        ui.error_summary("handoff")
        link = st.session_state.get(HANDOFF_LINK)
        if not link:
            st.button(t("handoff.show"), key=ui.key("handoff_show"), on_click=_issue_handoff,
                      icon=":material/qr_code_2:", use_container_width=True)
            return
        st.image(qr_png(link), width=240, caption=t("handoff.qr"), alt=t("handoff.qr"))
        st.write(t("handoff.steps", minutes=get_settings().handoff_minutes))
        st.button(t("handoff.done"), key=ui.key("handoff_done"), on_click=ui.sign_out, type="primary",
                  icon=":material/logout:", use_container_width=True)


def _appointment_summary(actor) -> None:
    """The first appointment: when it is, or an invitation to take it."""
    with session_scope() as session:
        booking = appointments.upcoming(session, actor, actor.id)
        honoured = booking is None and appointments.first_honoured(session, actor, actor.id)
    if honoured:
        return
    with st.container(border=True):
        st.subheader(t("home.person.appointment"), anchor=False)
        if booking is None:
            st.write(t("home.person.appointment.none"))
        else:
            local = clock.as_paris(booking.slot.starts_at)
            st.write(t("home.person.appointment.when", day=long_date(local.date()), time=formatting.time(local),
                       place=ui.plain(booking.place_name)))
        ui.link_to("booking", t("home.person.appointment.open"), ":material/event:")


def _roadmap_summary(actor) -> None:
    """What needs the person now, with the way to their roadmap."""
    with session_scope() as session:
        view = load_roadmap(session, actor, actor.id)
    with st.container(border=True):
        st.subheader(t("home.person.roadmap"), anchor=False)
        if not view.goal_count:
            st.write(t("home.person.roadmap.empty"))
        elif view.awaiting(person_side=True):
            st.write(t("roadmap.now.validation"))
        soon = view.needs_now
        if soon:
            st.write(t("home.person.roadmap.soon", count=len(soon)))
        ui.link_to("roadmap", t("home.person.roadmap.open"), ":material/flag:")


def _services_link() -> None:
    """The way to the territory's offer of services (« Trouver de l'aide près de chez moi »)."""
    with st.container(border=True):
        st.subheader(t("services.home.title"), anchor=False)
        st.write(t("services.home.text"))
        ui.link_to("services", t("services.home.open"), ":material/travel_explore:")


def _render_professional(actor) -> None:
    with session_scope() as session:
        home = professional_home(session, actor)
    st.title(ui.plain(t("home.pro.hello", first_name=home.first_name, last_name=home.last_name)),
             anchor=False)
    ui.show_flash()
    st.write(ui.plain(t("home.pro.organisation", name=home.organisation_name)))
    st.caption(t("home.pro.roles", roles=", ".join(t(f"role.{r}") for r in home.roles)))
    if home.territory_people is not None:
        st.write(t("home.pro.territory", people=home.territory_people, structures=home.territory_structures))
    if home.shows_caseload:
        st.subheader(t("home.pro.caseload", count=len(home.caseload)), anchor=False)
        if not home.caseload:
            st.write(t("home.pro.caseload.empty"))
            return
        headers = [t("home.pro.col.dossier"), t("home.pro.col.name"), t("home.pro.col.rsa_entry"),
                   t("home.pro.col.account")]
        rows = [[r.dossier_number, r.name, formatting.date(r.rsa_entry_date) if r.rsa_entry_date else "—",
                 t(ACCOUNT_LABEL[r.account])] for r in home.caseload]
        st.markdown(ui.html_table(headers, rows), unsafe_allow_html=True)


def render() -> None:
    actor = ui.guard()
    if actor.is_beneficiary:
        _render_person(actor)
    else:
        _render_professional(actor)
