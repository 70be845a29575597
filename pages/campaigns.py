"""Invitation campaigns (coordination, accueil): choose the people (structure, commune, RSA entry
period), see how many each channel reaches, send; then print the letters of those with neither a
mobile nor an e-mail. The page only asks `dossier.invitations`."""

from __future__ import annotations

import datetime as dt

import streamlit as st

import ui
from dossier import clock, formatting, invitations, messaging
from dossier.labels import t
from dossier.people import organisations
from dossier.policy import Permission
from dossier.vocabulary import OutboxChannel
from ui import session_scope

FORM = "campaign"
REACH = "page:campaign_reach"  # (audience, reach): the counts, for the choices they were made on
LETTERS = "page:campaign_letters"  # (campaign id, PDF): the letters hold personal links, page-scoped
ALL = 0
RECENT_DAYS = 92
NO_COMMUNE = ""


def _audience() -> invitations.Audience:
    state = st.session_state
    structure = state.get(ui.key(f"{FORM}_structure")) or ALL
    commune = state.get(ui.key(f"{FORM}_commune")) or NO_COMMUNE
    return invitations.Audience(organisation_id=structure or None, commune=commune or None,
                                entry_from=state.get(ui.key(f"{FORM}_entry_from")),
                                entry_to=state.get(ui.key(f"{FORM}_entry_to")))


def _preview() -> None:
    reach = ui.write(FORM, lambda s, a: invitations.preview(s, a, _audience()))
    if reach is None:
        st.session_state.pop(REACH, None)
    else:
        st.session_state[REACH] = (_audience(), reach)


def _counted() -> invitations.Reach | None:
    """The counts on screen, only while the choices are those they were made on: a structure, commune or
    period changed since must be counted again before « Envoyer les invitations » sends to it."""
    counted = st.session_state.get(REACH)
    if counted is None or counted[0] != _audience():
        st.session_state.pop(REACH, None)
        return None
    return counted[1]


def _send() -> None:
    name = ui.value(FORM, "name")
    launched = ui.write(FORM, lambda s, a: invitations.launch(s, a, name, _audience(), ui.served_at()))
    st.session_state.pop(REACH, None)
    if launched is not None:
        ui.clear_values(FORM, "name")
        st.session_state[ui.FLASH] = ("campaign.sent", {"people": launched.reach.people})


def _letters(campaign_id: int) -> None:
    pdf = ui.write(FORM, lambda s, a: invitations.letters(s, a, campaign_id, ui.served_at()))
    if ui.errors_of(FORM):  # refused: the message says why, not « nobody needs a letter »
        st.session_state.pop(LETTERS, None)
        return
    st.session_state[LETTERS] = (campaign_id, pdf)


def _reach(reach: invitations.Reach) -> None:
    st.info(t("campaign.reach", people=formatting.integer(reach.people), sms=formatting.integer(reach.by_sms),
              email=formatting.integer(reach.by_email), letter=formatting.integer(reach.by_letter)))
    if reach.invalid_numbers:
        st.warning(t("campaign.invalid_numbers", count=formatting.integer(reach.invalid_numbers)))
    if reach.by_sms and not messaging.sending_configured(OutboxChannel.SMS):
        st.warning(t("campaign.no_sms_provider"))
    if reach.by_email and not messaging.sending_configured(OutboxChannel.EMAIL):
        st.warning(t("campaign.no_smtp"))


def render() -> None:
    actor = ui.guard(Permission.RUN_CAMPAIGNS)
    st.title(t("campaign.title"), anchor=False)
    ui.show_flash()
    st.write(t("campaign.intro"))
    with session_scope() as session:
        structures = {o.id: o.name for o in organisations(session)}
        towns = invitations.communes(session, actor)
        sent = invitations.campaigns(session, actor)
    ui.error_summary(FORM)
    ui.text_field(FORM, "name", "campaign.name", help_key="campaign.name.help")  # no max_chars: a paste is kept
    st.selectbox(t("campaign.structure"), [ALL, *structures], key=ui.key(f"{FORM}_structure"),
                 format_func=lambda i: t("campaign.structure.all") if i == ALL else structures[i])
    st.selectbox(t("campaign.commune"), [NO_COMMUNE, *towns], key=ui.key(f"{FORM}_commune"),
                 format_func=lambda c: c or t("campaign.commune.all"))
    first, second = st.columns(2)
    today = clock.today()  # new entrants: the last three months unless chosen otherwise
    first.date_input(t("campaign.entry_from"), value=today - dt.timedelta(days=RECENT_DAYS), format="DD/MM/YYYY",
                     key=ui.key(f"{FORM}_entry_from"))
    second.date_input(t("campaign.entry_to"), value=today, format="DD/MM/YYYY", key=ui.key(f"{FORM}_entry_to"))
    ui.field_error(FORM, "entry_to")
    st.button(t("campaign.preview"), key=ui.key(f"{FORM}_preview"), on_click=_preview, use_container_width=True)
    reach = _counted()
    if reach is not None:
        _reach(reach)
        st.button(t("campaign.send"), key=ui.key(f"{FORM}_send"), type="primary", on_click=_send,
                  use_container_width=True, disabled=reach.people == 0)
    st.subheader(t("campaign.list"), anchor=False)
    if not sent:
        st.write(t("campaign.list.none"))
    letters = st.session_state.get(LETTERS)
    for row in sent:
        with st.container(border=True):
            st.write(ui.plain(t("campaign.row", name=row.name, date=formatting.date(row.created_at),
                                people=formatting.integer(row.people))))
            if letters and letters[0] == row.id:
                if letters[1]:
                    st.download_button(t("campaign.letters"), data=letters[1], file_name=f"lettres-{row.id}.pdf",
                                       mime="application/pdf", key=ui.key(f"{FORM}_pdf_{row.id}"),
                                       use_container_width=True)
                    st.caption(t("campaign.letters.renewed"))
                else:
                    st.write(t("campaign.letters.none"))
            else:
                st.button(t("campaign.prepare_letters"), key=ui.key(f"{FORM}_letters_{row.id}"),
                          on_click=_letters, args=(row.id,), use_container_width=True)
