"""« Mon premier rendez-vous » : place → day → time → one clear confirmation, phone first.

Nothing is booked before « Je confirme ». When someone else takes the seat first, the person is told
and offered the next free créneaux. The confirmation shows the reference, a QR code (the confirmation
address with the reference only) and a calendar file.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

import ui
from dossier import appointments, clock, formatting, i18n
from dossier.actor import Actor
from dossier.appointments import BookingView, SlotTaken, confirmation_pdf, ics, qr_png
from dossier.errors import PermissionDenied
from dossier.labels import long_date, phone_number, t
from dossier.settings import get_settings
from dossier.vocabulary import BookingStatus
from ui import session_scope

FORM = "booking"
PLACE, DAY, SLOT = "page:booking_place", "page:booking_day", "page:booking_slot"
MOVING, CANCELLING, TAKEN = "page:booking_moving", "page:booking_cancelling", "page:booking_taken"


def _pick(key: str, value) -> None:
    st.session_state[key] = value
    st.session_state.pop(TAKEN, None)
    ui.set_errors(FORM, {})


def _back(*keys: str) -> None:
    for name in keys:
        st.session_state.pop(name, None)
    st.session_state.pop(TAKEN, None)
    ui.set_errors(FORM, {})


def _confirm(person_id: int, booking: BookingView | None) -> None:
    slot_id = st.session_state.get(SLOT)
    kiosk = bool(st.session_state.get(ui.KIOSK))

    def call(session, actor):
        try:
            if booking is None:
                return appointments.book(session, actor, person_id, slot_id, on_kiosk=kiosk)
            return appointments.move(session, actor, booking.id, booking.version, slot_id)
        except SlotTaken as taken:  # someone was faster: offer the next free créneaux
            st.session_state[TAKEN] = taken.next_free
            st.session_state.pop(SLOT, None)
            raise

    done = ui.write(FORM, call)
    if done is None:
        return
    _back(PLACE, DAY, SLOT, MOVING)
    st.session_state[ui.FLASH] = "booking.done" if booking is None else "booking.moved"


def _cancel(booking: BookingView) -> None:
    done = ui.write(FORM, lambda s, a: appointments.set_status(s, a, booking.id, booking.version,
                                                               BookingStatus.EXCUSED))
    st.session_state.pop(CANCELLING, None)
    if done is not None:
        st.session_state[ui.FLASH] = "booking.cancelled"


QR_SHOWN = "page:booking_qr"  # (reference, address) -> the PNG, for the reruns of this page


def _qr(reference: str, served: str | None) -> bytes:
    """The confirmation's QR code, drawn once per reference and address while the page stays open (the
    session's own state: never a cache shared between people)."""
    kept = st.session_state.get(QR_SHOWN)
    if kept is None or kept[0] != (reference, served):
        kept = st.session_state[QR_SHOWN] = ((reference, served), qr_png(reference, served))
    return kept[1]


def _when_asked(build: Callable[..., bytes], *args) -> Callable[[], bytes]:
    """A document built when its download button is tapped (Streamlit runs it on another thread): in the
    page's language, which that thread does not have by itself."""
    language = i18n.language()

    def document() -> bytes:
        with i18n.use(language):
            return build(*args)
    return document


def _confirmation(booking: BookingView, reminder: str | None) -> None:
    start = booking.slot.starts_at
    with st.container(border=True):
        st.subheader(t("booking.yours"), anchor=False)
        st.markdown(f"**{t('booking.summary', day=long_date(clock.as_paris(start).date()), time=formatting.time(start), place=ui.plain(booking.place_name), address=ui.plain(booking.place_address), city=ui.plain(booking.place_city))}**")  # noqa: E501
        st.write(t("booking.place.step_free" if booking.step_free else "booking.place.not_step_free"))
        st.write(t("booking.reference", reference=booking.reference))
        st.write(t("booking.bring", bring=booking.what_to_bring))
        st.write(t("booking.call", place=ui.plain(booking.place_name), phone=phone_number(booking.place_phone)))
        if reminder:  # what comes next, only when a notice will really reach the person
            st.info(t(f"booking.reminder.{reminder}"), icon=":material/notifications:")
        served = ui.served_at()
        st.image(_qr(booking.reference, served), width=180, caption=t("booking.qr"), alt=t("booking.qr"))
        # Built when tapped, not at every rerun (the PDF's fonts were most of the page's time: issue 22).
        st.download_button(t("booking.ics"), data=_when_asked(ics, booking),
                           file_name=f"rendez-vous-{booking.reference}.ics", mime="text/calendar",
                           key=ui.key("booking_ics"), use_container_width=True, on_click="ignore")
        st.download_button(t("booking.print"), data=_when_asked(confirmation_pdf, booking, served),
                           file_name=f"rendez-vous-{booking.reference}.pdf", mime="application/pdf",
                           key=ui.key("booking_pdf"), use_container_width=True, on_click="ignore")


def _changes(actor: Actor, booking: BookingView) -> None:
    settings = get_settings()
    ui.error_summary(FORM)
    ui.field_error(FORM, "slot")
    ui.field_error(FORM, "status")
    if appointments.can_move(actor, booking):
        if actor.is_beneficiary:  # the time limit is the person's; a professional has none
            st.caption(t("booking.move.help", hours=settings.move_hours))
        st.button(t("booking.move"), key=ui.key("booking_move"), on_click=_pick, args=(MOVING, True),
                  use_container_width=True)
    if appointments.can_cancel(actor, booking):
        if actor.is_beneficiary:
            st.caption(t("booking.cancel.help", hours=settings.cancel_hours))
        if st.session_state.get(CANCELLING):
            st.warning(t("booking.cancel.sure"))
            row = st.container(horizontal=True)
            row.button(t("booking.cancel.yes"), key=ui.key("booking_cancel_yes"), type="primary", on_click=_cancel,
                       args=(booking,))
            row.button(t("booking.back"), key=ui.key("booking_cancel_no"), on_click=_back, args=(CANCELLING,))
        else:
            st.button(t("booking.cancel"), key=ui.key("booking_cancel"), on_click=_pick, args=(CANCELLING, True),
                      use_container_width=True)


def _choose_place(places, moving: bool) -> None:
    st.subheader(t("booking.step.place"), anchor=False)
    if not places:
        st.info(t("booking.none"))
    for place in places:
        with st.container(border=True):
            st.markdown(f"**{ui.plain(place.name)}**")
            st.write(ui.plain(f"{place.address}, {place.city}"))
            st.write(t("booking.place.step_free" if place.step_free else "booking.place.not_step_free"))
            st.caption(t("booking.place.free", count=place.free, date=long_date(clock.as_paris(place.first).date())))
            st.button(t("booking.place.choose", name=place.name), key=ui.key(f"booking_place_{place.id}"),
                      on_click=_pick, args=(PLACE, place.id), use_container_width=True)
    if moving:  # the first step of a move: back to the appointment as it is
        st.button(t("booking.back"), key=ui.key("booking_back_move"), on_click=_back, args=(MOVING,))


def _choose_day(days, place) -> None:
    st.subheader(t("booking.step.day"), anchor=False)
    st.caption(t("booking.chosen.place", place=ui.plain(place.name)))
    if not days:
        st.info(t("booking.none"))
    grid = st.container(horizontal=True)
    for day, count in days.items():
        grid.button(t("booking.day.button", day=long_date(day), count=count), key=ui.key(f"booking_day_{day}"),
                    on_click=_pick, args=(DAY, day))
    st.button(t("booking.back"), key=ui.key("booking_back_place"), on_click=_back, args=(PLACE, DAY))


def _choose_time(slots, place, day) -> None:
    st.subheader(t("booking.step.time"), anchor=False)
    st.caption(t("booking.chosen.day", place=ui.plain(place.name), day=long_date(day)))
    grid = st.container(horizontal=True)
    for slot in slots:
        grid.button(formatting.time(slot.starts_at), key=ui.key(f"booking_slot_{slot.id}"), on_click=_pick,
                    args=(SLOT, slot.id))
    st.button(t("booking.back"), key=ui.key("booking_back_day"), on_click=_back, args=(DAY,))


def _taken() -> None:
    next_free = st.session_state.get(TAKEN)
    if next_free is None:
        return
    if not next_free:
        st.error(t("booking.taken.none"))
        return
    st.error(t("booking.taken"))
    grid = st.container(horizontal=True)
    for slot in next_free:
        local = clock.as_paris(slot.starts_at)
        grid.button(f"{long_date(local.date())} {formatting.time(local)}", key=ui.key(f"booking_next_{slot.id}"),
                    on_click=_pick_again, args=(slot,))


def _pick_again(slot) -> None:
    st.session_state[DAY] = clock.as_paris(slot.starts_at).date()
    _pick(SLOT, slot.id)


def _confirm_screen(person_id: int, booking: BookingView | None, slot, place) -> None:
    st.subheader(t("booking.step.confirm"), anchor=False)
    st.warning(t("booking.not_yet"))
    local = clock.as_paris(slot.starts_at)
    st.markdown(f"**{t('booking.summary', day=long_date(local.date()), time=formatting.time(local), place=ui.plain(place.name), address=ui.plain(place.address), city=ui.plain(place.city))}**")  # noqa: E501
    ui.error_summary(FORM)
    ui.field_error(FORM, "slot")
    st.button(t("booking.confirm"), key=ui.key("booking_confirm"), type="primary", on_click=_confirm,
              args=(person_id, booking), use_container_width=True)
    st.button(t("booking.back"), key=ui.key("booking_back_time"), on_click=_back, args=(SLOT,))


def render() -> None:
    actor = ui.guard()
    st.title(t("booking.title" if ui.person_wording(actor) else "booking.title.pro"), anchor=False)
    person_id = ui.chosen_person(actor)
    if person_id is None:
        return
    try:
        with session_scope() as session:
            booking = appointments.upcoming(session, actor, person_id)
            reminder = appointments.reminder_channel(session, actor, person_id) if booking else None
            days_left = appointments.days_to_target(session, actor, person_id)
            places = appointments.places_with_free_slots(session)
            place_id = st.session_state.get(PLACE)
            days = appointments.free_day_counts(session, place_id) if place_id else {}
            day = st.session_state.get(DAY)
            slots = appointments.free_slots_on(session, place_id, day) if day in days else []
    except PermissionDenied:
        st.error(t("denied.dossier"))
        return
    ui.show_flash()
    if booking is not None:
        _confirmation(booking, reminder)
        if not st.session_state.get(MOVING):
            _changes(actor, booking)
            return
        st.subheader(t("booking.move.title"), anchor=False)
    else:
        st.write(t("booking.intro"))
        if days_left is not None:
            st.info(t("booking.target", days=days_left) if days_left >= 0 else t("booking.target.passed"))
    _taken()
    place = next((p for p in places if p.id == place_id), None)
    if place is None:
        _back(PLACE, DAY, SLOT)
        _choose_place(places, moving=booking is not None)
        return
    if day not in days:
        _choose_day(days, place)
        return
    slot = next((s for s in slots if s.id == st.session_state.get(SLOT)), None)
    if slot is None:
        _choose_time(slots, place, day)
        return
    _confirm_screen(person_id, booking, slot, place)
