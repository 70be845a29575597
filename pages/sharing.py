"""« Mes partages » : the person decides, per structure and per part of their file, what is shared.

One tap gives or withdraws; the decision takes effect on the structure's very next read.
"""

from __future__ import annotations

import streamlit as st

import ui
from dossier import clock, formatting
from dossier.errors import FieldErrors, PermissionDenied
from dossier.labels import t
from dossier.policy import Category
from dossier.sharing import (
    SHARED_CATEGORIES,
    RecipientRow,
    consent_history,
    consent_line,
    give,
    recipient_from_key,
    sharing_view,
    withdraw,
)
from ui import session_scope

FORM = "sharing"
ADDED = "sharing:added"  # recipients the person added on the page, kept for the session


PRESENCE = "page:sharing_presence"  # the person's code typed on a professional's screen (page-scoped)


def _presence_code() -> str | None:
    """On a professional's screen: the code the person typed (None on the person's own device)."""
    actor = ui.current_actor()
    return None if actor is None or actor.is_beneficiary else ui.value(PRESENCE, "person_code")


def _toggle(person_id: int, recipient_key: str, category: str, name: str, state_key: str) -> None:
    shared = bool(st.session_state.get(state_key))
    kiosk = ui.on_kiosk()
    code = _presence_code()
    recipient = recipient_from_key(recipient_key)
    service = give if shared else withdraw
    form = PRESENCE if code is not None else f"{FORM}:{recipient_key}"  # a wrong code shows under its field
    done = ui.write(form, lambda s, a: service(s, a, person_id, category, recipient, on_kiosk=kiosk,
                                               person_code=code))
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


def _recipient(person_id: int, row: RecipientRow, only: tuple[Category, ...] = SHARED_CATEGORIES) -> None:
    key = row.recipient.key
    ui.error_summary(f"{FORM}:{key}")
    for category in only:
        state_key = ui.key(f"{FORM}_{key}_{category.value}")
        st.session_state[state_key] = category in row.shared  # always what is stored now
        st.toggle(t(f"category.{category.value}"), key=state_key, on_change=_toggle,
                  args=(person_id, key, category.value, row.name, state_key))
        if category in row.shared:
            until = formatting.date(clock.as_paris(row.until[category]).date())
            st.caption(t("sharing.until", date=until))


UNLOCKED = "page:sharing_unlocked"  # the person whose code was checked on this visit of the page


def _unlock(person_id: int) -> None:
    checked = ui.write(PRESENCE, lambda s, a: sharing_view(s, a, person_id, person_code=_presence_code()),
                       clear_on_error=("person_code",))
    st.session_state[UNLOCKED] = person_id if checked is not None else None


def _presence_box(person_id: int) -> bool:
    """Beside a professional: the person types their own code before their choices show. True once
    the code was checked for this person."""
    with st.container(border=True):
        st.write(t("sharing.presence.intro"))
        ui.error_summary(PRESENCE)
        ui.text_field(PRESENCE, "person_code", "sharing.presence.code", type="password", autocomplete="off",
                      max_chars=12)
        st.button(t("sharing.presence.open"), key=ui.key("sharing_unlock"), on_click=_unlock, args=(person_id,),
                  type="primary", use_container_width=True)
    return st.session_state.get(UNLOCKED) == person_id and bool(_presence_code())


def render() -> None:
    actor = ui.guard()
    st.title(t("sharing.title"), anchor=False)
    if not actor.is_beneficiary and not ui.with_person():
        st.error(t("denied"))
        return
    person_id = ui.chosen_person(actor)
    if person_id is None:
        return
    if not actor.is_beneficiary and not _presence_box(person_id):
        return
    try:
        with session_scope() as session:
            added = tuple(st.session_state.get(ADDED, ()))
            view = sharing_view(session, actor, person_id, added, person_code=_presence_code())
            history = consent_history(session, actor, person_id, person_code=_presence_code())
    except (PermissionDenied, FieldErrors):
        st.error(t("denied.dossier"))
        return
    ui.show_flash()
    st.write(t("sharing.intro"))
    st.info(t("consent.notice"), icon=":material/info:")
    ui.french_beside("consent.notice")
    _categories_explained()
    with st.container(border=True):
        if view.referent_structure:
            st.subheader(t("sharing.referent.title", name=view.referent_structure), anchor=False)
            st.write(t("sharing.referent.body"))
            ui.french_beside("sharing.referent.body")
            st.caption(t("sharing.referent.basis", basis=view.mission_basis))
            if view.referent_row is not None:
                _recipient(person_id, view.referent_row, only=(Category.HEALTH,))
        else:
            st.write(t("sharing.referent.none"))
    if not view.rows:
        st.write(t("sharing.empty"))
    for row in view.rows:
        with st.container(border=True):
            st.subheader(ui.plain(row.name), anchor=False)
            _recipient(person_id, row)
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
