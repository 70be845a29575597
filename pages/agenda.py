"""The professionals' agenda: one place, one week; attendance, booking for a person, cancelling a
créneau; who is still waiting for a first appointment, and whether the créneaux are enough."""

from __future__ import annotations

import datetime as dt

import streamlit as st

import ui
from dossier import appointments, clock, formatting
from dossier.labels import long_date, t
from dossier.policy import Permission
from pages import _person_search as desk
from ui import session_scope

FORM = "agenda"
WEEK = "page:agenda_week"
CANCELLING = "page:agenda_cancelling"


def _this_week() -> dt.date:
    """Monday of the working week: this one, or the next one at the weekend."""
    today = clock.today()
    monday = today - dt.timedelta(days=today.weekday())
    return monday + dt.timedelta(weeks=1) if today.weekday() >= 5 else monday


def _shift(weeks: int) -> None:
    st.session_state[WEEK] = st.session_state.get(WEEK, _this_week()) + dt.timedelta(weeks=weeks)


def _mark(booking_id: int, version: int, status: str) -> None:
    ui.write(f"{FORM}:{booking_id}", lambda s, a: appointments.set_status(s, a, booking_id, version, status))


def _cancel_slot(slot_id: int) -> None:
    ui.write(f"{FORM}:slot:{slot_id}", lambda s, a: appointments.cancel_slot(s, a, slot_id))
    st.session_state.pop(CANCELLING, None)


def _book() -> None:
    slot_id = st.session_state.get(ui.key(f"{FORM}_slot"))
    target = desk.chosen(FORM)
    done = ui.write(FORM, lambda s, a: appointments.book_for(s, a, target.person_id if target else None, slot_id))
    if done is not None:
        desk.forget(FORM)
        ui.clear_values(FORM, "number", "last_name", "first_name", "birth_date")
        st.session_state.pop(ui.key(f"{FORM}_slot"), None)
        st.session_state[ui.FLASH] = ("agenda.booked", {"reference": done.reference})


def _slot_card(slot, now) -> None:
    local = clock.as_paris(slot.starts_at)
    with st.container(border=True):
        state = t("agenda.cancelled") if slot.cancelled else t("agenda.seats", booked=slot.booked,
                                                                capacity=slot.capacity)
        st.markdown(f"**{formatting.time(local)}** · {state}")
        for booking in slot.bookings:
            st.write(t("agenda.booking", person=ui.plain(booking.person), reference=booking.reference,
                       status=t(f"booking.status.{booking.status}"), channel=t(f"agenda.channel.{booking.channel}")))
            form = f"{FORM}:{booking.id}"
            ui.error_summary(form)
            ui.field_error(form, "status")
            if slot.starts_at <= now and booking.next_statuses:
                row = st.container(horizontal=True)
                for status in booking.next_statuses:
                    row.button(t(f"agenda.mark.{status}"), key=ui.key(f"agenda_{booking.id}_{status}"),
                               on_click=_mark, args=(booking.id, booking.version, status))
        if slot.cancellable:
            ui.error_summary(f"{FORM}:slot:{slot.id}")
            if st.session_state.get(CANCELLING) == slot.id:
                st.warning(t("agenda.cancel.sure", count=slot.booked))
                row = st.container(horizontal=True)
                row.button(t("agenda.cancel.yes"), key=ui.key(f"agenda_cancel_yes_{slot.id}"), type="primary",
                           on_click=_cancel_slot, args=(slot.id,))
                row.button(t("booking.back"), key=ui.key(f"agenda_cancel_no_{slot.id}"),
                           on_click=lambda: st.session_state.pop(CANCELLING, None))
            else:
                st.button(t("agenda.cancel"), key=ui.key(f"agenda_cancel_{slot.id}"),
                          on_click=lambda slot_id=slot.id: st.session_state.__setitem__(CANCELLING, slot_id))


def render() -> None:
    actor = ui.guard(Permission.PUBLISH_SLOTS)
    st.title(t("agenda.title"), anchor=False)
    ui.show_flash()
    with session_scope() as session:
        places = {p.id: p.name for p in appointments.agenda_places(session, actor)}
        shortage = appointments.shortage(session, actor)
        steps = appointments.funnel(session, actor)
    if shortage.missing:
        st.warning(t("agenda.shortage", seats=shortage.free_seats, waiting=shortage.waiting))
    st.caption(t("agenda.funnel", people=steps.people, invited=steps.invited, activated=steps.activated,
                 booked=steps.booked, honoured=steps.honoured))
    if not places:
        st.info(t("agenda.no_place"))
        return
    place_id = st.selectbox(t("agenda.place"), options=list(places), format_func=places.get,
                            key=ui.key("agenda_place"))
    monday = st.session_state.get(WEEK, _this_week())
    row = st.container(horizontal=True)
    row.button(t("agenda.previous"), key=ui.key("agenda_prev"), on_click=_shift, args=(-1,))
    row.button(t("agenda.next"), key=ui.key("agenda_next"), on_click=_shift, args=(1,))
    st.subheader(t("agenda.week", day=long_date(monday)), anchor=False)
    with session_scope() as session:
        slots = appointments.agenda(session, actor, place_id, monday, 7)
        free = appointments.free_slots(session, place_id=place_id)
        people_waiting = appointments.waiting_people(session, actor)
    now = clock.now()
    if not slots:
        st.write(t("agenda.empty"))
    day = None
    for slot in slots:
        local = clock.as_paris(slot.starts_at)
        if local.date() != day:
            day = local.date()
            st.markdown(f"#### {long_date(day).capitalize()}")
        _slot_card(slot, now)
    with st.container(border=True):
        st.subheader(t("agenda.book"), anchor=False)
        st.caption(t("agenda.book.help"))
        target = desk.search_form(FORM, Permission.BOOK)
        choices = {s.id: f"{long_date(clock.as_paris(s.starts_at).date())} {formatting.time(s.starts_at)}"
                   for s in free}
        st.selectbox(t("agenda.slot"), options=list(choices), format_func=choices.get, index=None,
                     placeholder=t("choose.placeholder"), key=ui.key(f"{FORM}_slot"))
        ui.field_error(FORM, "slot")
        if target is not None:
            st.button(t("agenda.book.submit.for", first_name=target.first_name, last_name=target.last_name),
                      key=ui.key("agenda_book"), type="primary", on_click=_book, use_container_width=True)
    st.subheader(t("agenda.waiting"), anchor=False)
    if not people_waiting:
        st.write(t("agenda.waiting.none"))
    rows = [[w.name, w.dossier_number, formatting.date(w.rsa_entry_date) if w.rsa_entry_date else "—",
             str(w.days_since_entry) if w.days_since_entry is not None else "—"] for w in people_waiting]
    if rows:
        st.html(ui.html_table([t("agenda.col.name"), t("agenda.col.number"), t("agenda.col.entry"),
                               t("agenda.col.days")], rows))
