"""Publishing créneaux by batch: place, weekdays, time range, length, dates, capacity; a preview says
how many will be created (public holidays skipped) before anything is written."""

from __future__ import annotations

import datetime as dt

import streamlit as st

import ui
from dossier import appointments, clock, formatting
from dossier.appointments import Batch
from dossier.labels import t
from dossier.policy import Permission
from ui import session_scope

FORM = "slots"
PREVIEW = "page:slots_preview"
WEEKDAYS = range(5)


def _batch() -> Batch:
    state = st.session_state
    return Batch(
        place_id=state.get(ui.key(f"{FORM}_place")) or 0,
        weekdays=frozenset(d for d in WEEKDAYS if state.get(ui.key(f"{FORM}_day_{d}"))),
        start=state.get(ui.key(f"{FORM}_start")) or dt.time(9), end=state.get(ui.key(f"{FORM}_end")) or dt.time(12),
        duration_minutes=int(state.get(ui.key(f"{FORM}_duration")) or 60),
        first_day=state.get(ui.key(f"{FORM}_first")) or clock.today(),
        last_day=state.get(ui.key(f"{FORM}_last")) or clock.today(),
        capacity=int(state.get(ui.key(f"{FORM}_capacity")) or 1),
    )


def _preview() -> None:
    count = ui.write(FORM, lambda s, a: appointments.preview(s, a, _batch()))
    if count is None:
        st.session_state.pop(PREVIEW, None)
        return
    st.session_state[PREVIEW] = count


def _publish() -> None:
    created = ui.write(FORM, lambda s, a: appointments.publish(s, a, _batch()))
    st.session_state.pop(PREVIEW, None)
    if created is not None:
        st.session_state[ui.FLASH] = ("slots.published", {"count": created})


def render() -> None:
    actor = ui.guard(Permission.PUBLISH_SLOTS)
    st.title(t("slots.title"), anchor=False)
    ui.show_flash()
    st.write(t("slots.intro"))
    with session_scope() as session:
        places = {p.id: p.name for p in appointments.agenda_places(session, actor)}
    if not places:
        st.info(t("agenda.no_place"))
        return
    ui.error_summary(FORM)
    st.selectbox(t("agenda.place"), options=list(places), format_func=places.get, key=ui.key(f"{FORM}_place"))
    st.markdown(f"**{t('slots.weekdays')}**")
    row = st.container(horizontal=True)
    for day in WEEKDAYS:
        row.checkbox(formatting.weekday(day), key=ui.key(f"{FORM}_day_{day}"), value=True)
    ui.field_error(FORM, "weekdays")
    st.time_input(t("slots.start"), value=dt.time(9), step=dt.timedelta(minutes=15), key=ui.key(f"{FORM}_start"))
    st.time_input(t("slots.end"), value=dt.time(12), step=dt.timedelta(minutes=15), key=ui.key(f"{FORM}_end"))
    ui.field_error(FORM, "end")
    st.number_input(t("slots.duration"), min_value=10, max_value=240, value=60, step=5,
                    key=ui.key(f"{FORM}_duration"))
    ui.field_error(FORM, "duration")
    today = clock.today()
    st.date_input(t("slots.first"), value=today + dt.timedelta(days=1), format="DD/MM/YYYY",
                  key=ui.key(f"{FORM}_first"))
    st.date_input(t("slots.last"), value=today + dt.timedelta(days=28), format="DD/MM/YYYY",
                  key=ui.key(f"{FORM}_last"))
    ui.field_error(FORM, "last_day")
    st.number_input(t("slots.capacity"), min_value=1, max_value=50, value=1, step=1, key=ui.key(f"{FORM}_capacity"))
    st.caption(t("slots.capacity.help"))
    ui.field_error(FORM, "capacity")
    st.button(t("slots.preview"), key=ui.key(f"{FORM}_preview"), on_click=_preview, use_container_width=True)
    count = st.session_state.get(PREVIEW)
    if count is not None:
        st.info(t("slots.preview.count", count=count))
        st.button(t("slots.publish"), key=ui.key(f"{FORM}_publish"), type="primary", on_click=_publish,
                  use_container_width=True, disabled=count == 0)
