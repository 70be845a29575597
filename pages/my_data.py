"""« Mes données » : everything held about the person, as a readable PDF and as JSON (built when the
person asks, kept in their session only); the messages they accept (SMS, e-mail) and every message
written for them (« Qui m'a écrit »).
"""

from __future__ import annotations

import streamlit as st

import ui
from dossier import formatting, messaging
from dossier.errors import PermissionDenied
from dossier.labels import t
from dossier.sharing import export_data, export_json, export_pdf
from ui import session_scope

READY = "page:export_files"  # page-scoped: dropped when the person leaves the page
CONTACT = "contact"


def _prepare() -> None:
    with session_scope() as session:
        actor = ui.acting_actor(session)
        if actor is None:
            return
        try:
            data = export_data(session, actor, actor.id)
            pdf = export_pdf(session, actor, actor.id)
        except PermissionDenied:
            ui.set_errors("export", {"_form": "denied.dossier"})
            return
    count = sum(len(rows) for rows in data["tables"].values())
    st.session_state[READY] = (export_json(data), pdf, count)


def _export() -> None:
    ui.error_summary("export")
    ready = st.session_state.get(READY)
    if ready is None:
        st.button(t("export.prepare"), key=ui.key("export_prepare"), type="primary", on_click=_prepare,
                  use_container_width=True)
        return
    data, pdf, count = ready
    st.success(t("export.ready", count=count))
    st.download_button(t("export.pdf"), data=pdf, file_name="mon-dossier.pdf", mime="application/pdf",
                       key=ui.key("export_pdf"), type="primary", use_container_width=True, on_click="ignore")
    st.download_button(t("export.json"), data=data, file_name="mon-dossier.json", mime="application/json",
                       key=ui.key("export_json"), use_container_width=True, on_click="ignore")


def _choose() -> None:
    state = st.session_state
    sms, email = bool(state.get(ui.key(f"{CONTACT}_sms"))), bool(state.get(ui.key(f"{CONTACT}_email")))
    if ui.write(CONTACT, lambda s, a: messaging.choose_channels(s, a, sms=sms, email=email)) is not None:
        st.toast(t("mydata.contact.saved"))


def _contact(actor) -> None:
    """The person's choice of channels, and every message written for them."""
    with session_scope() as session:
        choice = messaging.channel_choice(session, actor, actor.id)
        lines = messaging.messages_to(session, actor, actor.id)
    st.subheader(t("mydata.contact.title"), anchor=False)
    st.write(t("mydata.contact.intro"))
    ui.error_summary(CONTACT)
    st.toggle(t("mydata.contact.sms"), value=choice.sms, key=ui.key(f"{CONTACT}_sms"), on_change=_choose)
    st.toggle(t("mydata.contact.email"), value=choice.email, key=ui.key(f"{CONTACT}_email"), on_change=_choose)
    st.subheader(t("mydata.messages.title"), anchor=False)
    if not lines:
        st.write(t("mydata.messages.none"))
        return
    st.html(ui.html_table(
        [t("mydata.messages.col.date"), t("mydata.messages.col.channel"), t("mydata.messages.col.what"),
         t("mydata.messages.col.status")],
        [[formatting.datetime(line.at), t(f"channel.{line.channel}"), t(f"outbox.kind.{line.kind}"),
          t(f"outbox.status.{line.status}")] for line in lines]))


def render() -> None:
    actor = ui.guard()
    st.title(t("export.title"), anchor=False)
    if not actor.is_beneficiary:
        st.error(t("denied"))
        return
    st.write(t("export.intro"))
    _export()
    _contact(actor)
