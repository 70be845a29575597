"""« Mes partages » : the person decides, per structure and per part of their file, what is shared.

One tap gives or withdraws; the decision takes effect on the structure's very next read.
"""

from __future__ import annotations

import streamlit as st

from dossier import clock
from dossier.consent import (
    SHARED_CATEGORIES,
    RecipientRow,
    consent_history,
    give,
    recipient_from_key,
    sharing_view,
    withdraw,
)
from dossier.errors import PermissionDenied
from dossier.export import consent_line
from dossier.labels import t
from dossier.policy import Category
from pages import _shell as ui
from storage.engine import session_scope

FORM = "sharing"
ADDED = "sharing:added"  # recipients the person added on the page, kept for the session


def _toggle(recipient_key: str, category: str, name: str, state_key: str) -> None:
    shared = bool(st.session_state.get(state_key))
    kiosk = bool(st.session_state.get(ui.KIOSK))
    recipient = recipient_from_key(recipient_key)
    service = give if shared else withdraw
    done = ui.write(f"{FORM}:{recipient_key}", lambda s, a: service(s, a, a.id, category, recipient, on_kiosk=kiosk))
    if done is None:
        st.session_state[state_key] = not shared  # nothing changed: the switch shows what is stored
        return
    message = "sharing.given" if shared else "sharing.withdrawn"
    st.session_state[ui.FLASH] = (message, {"name": name, "category": t(f"category.{category}")})


def _add() -> None:
    chosen = st.session_state.get(ui.key(f"{FORM}_add"))
    if not chosen:
        ui.set_errors(FORM, {"add": "error.consent.recipient"})
        return
    ui.set_errors(FORM, {})
    added = list(st.session_state.get(ADDED, ()))
    if chosen not in added:
        added.append(chosen)
    st.session_state[ADDED] = added
    st.session_state.pop(ui.key(f"{FORM}_add"), None)


def _categories_explained() -> None:
    with st.expander(t("sharing.parts")):
        for category in SHARED_CATEGORIES:
            st.markdown(f"**{t(f'category.{category.value}')}** : {t(f'category.what.{category.value}')}")


def _recipient(row: RecipientRow, only: tuple[Category, ...] = SHARED_CATEGORIES) -> None:
    key = row.recipient.key
    ui.error_summary(f"{FORM}:{key}")
    for category in only:
        state_key = ui.key(f"{FORM}_{key}_{category.value}")
        st.session_state[state_key] = category in row.shared  # always what is stored now
        st.toggle(t(f"category.{category.value}"), key=state_key, on_change=_toggle,
                  args=(key, category.value, row.name, state_key))
        if category in row.shared:
            until = clock.french_date(clock.as_paris(row.until[category]).date())
            st.caption(t("sharing.until", date=until))


def render() -> None:
    actor = ui.guard()
    st.title(t("sharing.title"), anchor=False)
    if not actor.is_beneficiary:
        st.error(t("denied"))
        return
    try:
        with session_scope() as session:
            view = sharing_view(session, actor, actor.id, tuple(st.session_state.get(ADDED, ())))
            history = consent_history(session, actor, actor.id)
    except PermissionDenied:
        st.error(t("denied.dossier"))
        return
    ui.show_flash()
    st.write(t("sharing.intro"))
    st.info(t("consent.notice"), icon=":material/info:")
    _categories_explained()
    with st.container(border=True):
        if view.referent_structure:
            st.subheader(t("sharing.referent.title", name=view.referent_structure), anchor=False)
            st.write(t("sharing.referent.body"))
            st.caption(t("sharing.referent.basis", basis=view.mission_basis))
            if view.referent_row is not None:
                _recipient(view.referent_row, only=(Category.HEALTH,))
        else:
            st.write(t("sharing.referent.none"))
    if not view.rows:
        st.write(t("sharing.empty"))
    for row in view.rows:
        with st.container(border=True):
            st.subheader(ui.plain(row.name), anchor=False)
            _recipient(row)
    with st.container(border=True):
        st.subheader(t("sharing.add"), anchor=False)
        ui.error_summary(FORM)
        st.selectbox(t("sharing.add.field"), options=list(view.others), format_func=view.others.get, index=None,
                     placeholder=t("choose.placeholder"), key=ui.key(f"{FORM}_add"))
        ui.field_error(FORM, "add")
        st.button(t("sharing.add.submit"), key=ui.key(f"{FORM}_add_send"), on_click=_add, use_container_width=True)
    with st.expander(t("sharing.history")):
        if not history:
            st.write(t("sharing.history.empty"))
        for line in history:
            st.write(ui.plain(consent_line(line)))
