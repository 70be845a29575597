"""« Ma file active »: the référent's people, searchable and sortable, with what needs attention. Each
alert opens the right page of the dossier with the person already chosen."""

from __future__ import annotations

import streamlit as st

import ui
from dossier import formatting
from dossier.labels import t
from dossier.policy import Permission
from dossier.workspace import ALERT_PAGE, SORTS, Alert, CaseRow, file_active
from pages.orientation import FIND_ON_ARRIVAL as ORIENTATION_FIND
from ui import session_scope

SHOWN_WITH_ALERTS = 40  # people listed with their alert buttons; the table below lists everyone


def _open(row: CaseRow, alert: Alert) -> None:
    """Go to the page that deals with the alert, the person already chosen there."""
    st.session_state[ui.CHOSEN_PERSON] = row.person_id
    if ALERT_PAGE[alert] == "invite":  # the invitation desk searches by dossier number
        st.session_state[ui.key("invite_number")] = row.dossier_number
    if ALERT_PAGE[alert] == "orientation":  # so does the orientation page: it opens on the person found
        st.session_state[ORIENTATION_FIND] = row.dossier_number
    st.session_state[ui.NEXT_PAGE] = ALERT_PAGE[alert]


def _alert_text(alert: Alert, count: int) -> str:
    return t(f"caseload.alert.{alert.value}", count=count)


def _person_card(row: CaseRow, pages: dict) -> None:
    with st.container(border=True):
        st.markdown(f"**{ui.plain(row.name)}** — {row.dossier_number}")
        for alert, count in row.alerts.items():
            st.write(_alert_text(alert, count))
        targets: dict[str, Alert] = {}  # one button per page, named after its first alert
        for alert in row.alerts:
            targets.setdefault(ALERT_PAGE[alert], alert)
        for target, alert in targets.items():
            if target in pages:
                st.button(t(f"caseload.go.{target}"), key=ui.key(f"caseload_{row.person_id}_{alert.value}"),
                          on_click=_open, args=(row, alert), use_container_width=True)


def _follow_up_news(row: CaseRow) -> str:
    employed = row.follow_up.still_employed
    return t("caseload.follow_up.unknown" if employed is None
             else "caseload.follow_up.employed" if employed else "caseload.follow_up.not_employed")


def _follow_up_table(rows: list[CaseRow]) -> None:
    """« Suivi dans l'emploi »: the people who left for lasting work, still followed, next check-in first."""
    following = sorted((r for r in rows if r.follow_up is not None),
                       key=lambda r: (r.follow_up.due or r.follow_up.next).due
                       if (r.follow_up.due or r.follow_up.next) else r.follow_up.until)
    if not following:
        return
    st.subheader(t("caseload.follow_up", count=len(following)), anchor=False)
    headers = [t("home.pro.col.dossier"), t("home.pro.col.name"), t("caseload.follow_up.col.until"),
               t("caseload.follow_up.col.next"), t("caseload.follow_up.col.last")]
    table = []
    for r in following:
        upcoming = r.follow_up.due or r.follow_up.next
        table.append([r.dossier_number, r.name, formatting.date(r.follow_up.until),
                      t("follow_up.next.cell", months=upcoming.months, date=formatting.date(upcoming.due))
                      if upcoming else "—", _follow_up_news(r)])
    st.markdown(ui.html_table(headers, table), unsafe_allow_html=True)


def render() -> None:
    actor = ui.guard(Permission.VIEW_CASELOAD)
    st.title(t("caseload.title"), anchor=False)
    ui.show_flash()
    search = st.text_input(t("caseload.search"), key=ui.key("caseload_search"), autocomplete="off")
    sort = st.radio(t("caseload.sort"), SORTS, format_func=lambda s: t(f"caseload.sort.{s}"),
                    key=ui.key("caseload_sort"), horizontal=True)
    with session_scope() as session:
        rows = file_active(session, actor, search, sort)
    if not rows:
        st.write(t("caseload.empty.search" if search.strip() else "caseload.empty"))
        return
    flagged = [r for r in rows if r.alerts]
    st.subheader(t("caseload.todo", count=len(flagged)), anchor=False)
    pages = st.session_state.get(ui.PAGES, {})
    for row in flagged[:SHOWN_WITH_ALERTS]:
        _person_card(row, pages)
    if len(flagged) > SHOWN_WITH_ALERTS:
        st.caption(t("caseload.more", count=len(flagged) - SHOWN_WITH_ALERTS))
    _follow_up_table(rows)
    st.subheader(t("caseload.all", count=len(rows)), anchor=False)
    headers = [t("home.pro.col.dossier"), t("home.pro.col.name"), t("home.pro.col.rsa_entry"),
               t("caseload.col.alerts")]
    table = [[r.dossier_number, r.name, formatting.date(r.rsa_entry_date) if r.rsa_entry_date else "—",
              " ; ".join(_alert_text(a, n) for a, n in r.alerts.items()) or "—"] for r in rows]
    st.markdown(ui.html_table(headers, table), unsafe_allow_html=True)
