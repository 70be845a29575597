"""What a professional picks from the store: the person whose dossier they work on (from their caseload
and what is shared with them), and which parts of that dossier they do not see, and why."""

from __future__ import annotations

import streamlit as st

from dossier.access import visibility
from dossier.actor import Actor
from dossier.labels import t
from dossier.people import caseload, shared_with_me
from storage.engine import session_scope
from ui.session import key, person_wording

CHOSEN_PERSON = "chosen_person"


def chosen_person(actor: Actor) -> int | None:
    """For a professional: the person whose dossier they work on, picked from their caseload (kept
    in the session, never in the URL). For the person: themself."""
    if actor.is_beneficiary:
        return actor.id
    with session_scope() as session:
        people = caseload(session, actor)
        shared = shared_with_me(session, actor)
    if not people and not shared:
        st.info(t("dossier.choose.empty"))
        return None
    names = {p.person_id: f"{p.name} — {p.dossier_number}" for p in people}
    for row in shared:  # other structures' people: by their consent, or by an exceptional access
        mark = t("dossier.exceptional" if row.exceptional else "dossier.shared")
        names.setdefault(row.person_id, f"{row.name or t('dossier.name_hidden')} — {row.dossier_number}{mark}")
    state_key = key(CHOSEN_PERSON)
    # Streamlit forgets a widget's value on a page where it is not drawn: the choice lives under a
    # plain session key, so it follows the professional from one page of the dossier to the next.
    remembered = st.session_state.get(CHOSEN_PERSON)
    if remembered in names:
        st.session_state[state_key] = remembered
    else:
        st.session_state.pop(CHOSEN_PERSON, None)
        st.session_state.pop(state_key, None)
    chosen = st.selectbox(t("dossier.choose"), options=list(names), format_func=names.get, index=None,
                          placeholder=t("dossier.choose.placeholder"), key=state_key,
                          on_change=_remember_choice, args=(state_key,))
    return chosen


def _remember_choice(state_key: str) -> None:
    st.session_state[CHOSEN_PERSON] = st.session_state.get(state_key)


def hidden_parts(actor: Actor, person_id: int) -> None:
    """For a professional: on what basis they see this dossier, and which parts are hidden and why."""
    if actor.is_beneficiary:
        return
    with session_scope() as session:
        decisions = visibility(session, actor, person_id)
    shown = [d for d in decisions.values() if d.allowed]
    hidden = [(c, d) for c, d in decisions.items() if not d.allowed]
    if shown:
        st.caption(t("hidden.basis", basis=" ; ".join(sorted({d.basis.value for d in shown}))))
    if hidden:
        lines = [t("hidden.line", category=t(f"category.pro.{c.value}"), reason=d.reason) for c, d in hidden]
        st.info(f"**{t('hidden.title')}**\n\n" + "\n".join(f"- {line}" for line in lines),
                icon=":material/visibility_off:")


def person_page(actor: Actor, title_key: str) -> int | None:
    """The top of every page about one dossier: its title in the reader's wording (`title_key`, or
    `title_key.pro` for a professional's screen), the person it is about, and what is hidden from a
    professional. None: no person chosen yet (the chooser says so)."""
    st.title(t(title_key if person_wording(actor) else f"{title_key}.pro"), anchor=False)
    person_id = chosen_person(actor)
    if person_id is not None:
        hidden_parts(actor, person_id)
    return person_id

