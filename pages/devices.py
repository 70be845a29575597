"""« Mes appareils »: the browsers where this account is signed in, when each was last used, and a
button to sign each of them out, or all the others at once (a lost phone, a shared computer)."""

from __future__ import annotations

import streamlit as st

import ui
from dossier import formatting
from dossier.accounts import devices
from dossier.labels import t
from dossier.settings import get_settings
from ui import session_scope

FORM = "devices"
DONE = "page:devices_done"


def _end_one(device_id: int) -> None:
    if ui.write(FORM, lambda session, actor: devices.end_device(session, actor, device_id)) is None \
            and ui.errors_of(FORM):
        return
    st.session_state[DONE] = "devices.ended_one"


def _end_others() -> None:
    current = st.session_state.get(ui.DEVICE)
    ended = ui.write(FORM, lambda session, actor: devices.end_other_devices(session, actor, current))
    if ended is not None:
        st.session_state[DONE] = ("devices.ended_others", {"count": ended})


def render() -> None:
    actor = ui.guard()
    st.title(t("devices.title"), anchor=False)
    st.write(t("devices.intro"))
    done = st.session_state.pop(DONE, None)
    if done:
        st.success(ui.message_text(done), icon=":material/check_circle:")
    ui.error_summary(FORM)
    with session_scope() as session:
        listed = devices.my_devices(session, actor, st.session_state.get(ui.DEVICE))
    for device in listed:
        with st.container(border=True):
            name = device.label if device.persistent else t("devices.kiosk", label=device.label)
            st.markdown(f"**{ui.plain(name)}**")
            st.write(t("devices.since", moment=formatting.datetime(device.created_at)))
            st.write(t("devices.last_seen", moment=formatting.datetime(device.last_seen_at)))
            if device.current:
                st.info(t("devices.current"), icon=":material/smartphone:")
            else:
                st.button(t("devices.end_one"), key=ui.key(f"devices_end_{device.id}"), on_click=_end_one,
                          args=(device.id,), use_container_width=True)
    if any(not d.current for d in listed):
        st.button(t("devices.end_others"), key=ui.key("devices_end_others"), on_click=_end_others,
                  type="primary", use_container_width=True)
    elif not listed:
        st.write(t("devices.none"))
    settings = get_settings()
    st.caption(t("devices.help", minutes=settings.idle_timeout_personal_s // 60,
                 hours=settings.session_hours_person if actor.is_beneficiary else settings.session_hours_pro))
