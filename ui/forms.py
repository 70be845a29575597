"""Forms: errors next to their field, the service call behind a button (`submit`, and `write` from a
widget callback) with its refusal said in French, and anything else logged as a bug with a reference."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from sqlmodel import Session

from dossier.actor import Actor
from dossier.errors import Message, Refusal
from dossier.labels import t
from storage.engine import rollback_keeping, session_scope
from ui.session import acting_actor, key

log = logging.getLogger(__name__)
T = TypeVar("T")


def message_text(message: Message) -> str:
    return t(message) if isinstance(message, str) else t(message[0], **message[1])


def errors_of(form: str) -> dict[str, Message]:
    return st.session_state.get(f"errors:{form}", {})


def set_errors(form: str, errors: dict[str, Message]) -> None:
    st.session_state[f"errors:{form}"] = errors


def error_summary(form: str) -> None:
    errors = errors_of(form)
    field_errors = {k: v for k, v in errors.items() if not k.startswith("_")}
    if field_errors:
        st.error(t("error.summary", count=len(field_errors)))
    if "_form" in errors:
        st.error(message_text(errors["_form"]))


def field_error(form: str, field: str) -> None:
    message = errors_of(form).get(field)
    if message:
        st.error(message_text(message), icon=":material/error:")


def text_field(form: str, field: str, label_key: str, *, help_key: str | None = None,
               help_values: dict[str, object] | None = None, **options) -> None:
    """A labelled text input, its hint in plain sight (no tiny "?" tooltip) and its error right below."""
    st.text_input(t(label_key), key=key(f"{form}_{field}"), **options)
    if help_key:
        st.caption(t(help_key, **(help_values or {})))
    field_error(form, field)


def free_text_field(form: str, field: str, label_key: str, *, limit: int, area: bool = False, **options) -> None:
    """A free-text field whose limit is the service's (`dossier/validation.py`), said in plain sight while
    typing. No `max_chars` on the widget: the browser would silently drop a paste that goes over it;
    too long a text is kept in the field and refused by the service, with the message under the field."""
    if area:
        st.text_area(t(label_key), key=key(f"{form}_{field}"), **options)
        st.caption(t("freetext.reminder", limit=limit))
        field_error(form, field)
    else:
        text_field(form, field, label_key, help_key="freetext.reminder", help_values={"limit": limit}, **options)


def value(form: str, field: str) -> str:
    return st.session_state.get(key(f"{form}_{field}"), "") or ""


def clear_values(form: str, *fields: str) -> None:
    for field in fields:
        st.session_state[key(f"{form}_{field}")] = ""


Wording = str | Callable[[Refusal], Message]  # how a page words a refusal, instead of the refusal's own key


def submit(form: str, action: Callable[[], T], *, refusals: dict[type[Refusal], Wording] | None = None,
           clear_on_error: tuple[str, ...] = ()) -> T | None:
    """Run a form's service call: its result on success (errors cleared); otherwise None with the
    refusal's message shown (next to its field when it names one; worded by the page when `refusals`
    says how) and secrets cleared. Anything that is not a refusal is a bug: logged with a reference that
    the generic message shows, so the person can quote it and the log line can be found."""
    try:
        result = action()
    except Refusal as exc:
        errors = _refusal_messages(form, exc, refusals or {})
    except Exception:
        ref = secrets.token_hex(4)
        log.exception("form %s failed unexpectedly (ref %s)", form, ref)  # the traceback names no input value
        errors = {"_form": ("error.unexpected", {"ref": ref})}
    else:
        set_errors(form, {})
        return result
    clear_values(form, *clear_on_error)
    set_errors(form, errors)
    return None


def _refusal_messages(form: str, refusal: Refusal, wordings: dict[type[Refusal], Wording]) -> dict[str, Message]:
    wording = next((w for kind, w in wordings.items() if isinstance(refusal, kind)), None)
    if wording is not None:
        return {"_form": wording(refusal) if callable(wording) else wording}
    messages = refusal.messages()
    for field, message in messages.items():  # a warned-about text, sent again unchanged, is confirmed
        if isinstance(message, str) and message.startswith("error.text.sensitive."):
            st.session_state[f"page:ack:{form}:{field}"] = value(form, field)
    return messages


def acknowledged(form: str, field: str) -> bool:
    """True when the writer already saw the "looks like a personal detail" warning for this text."""
    return st.session_state.get(f"page:ack:{form}:{field}") == value(form, field) != ""


def write(form: str, action: Callable[[Session, Actor], T], *,
          refusals: dict[type[Refusal], Wording] | None = None, clear_on_error: tuple[str, ...] = ()) -> T | None:
    """A service call from a widget callback, in its own unit of work: committed when it succeeds,
    rolled back when it fails (errors shown next to the fields, as `submit` does)."""
    with session_scope() as session:
        actor = acting_actor(session)
        if actor is None:
            set_errors(form, {"_form": "denied"})
            return None
        result = submit(form, lambda: action(session, actor), refusals=refusals, clear_on_error=clear_on_error)
        if errors_of(form):
            rollback_keeping(session)
        return result
