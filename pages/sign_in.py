"""Sign-in page: a person with their identifier and personal code, a professional with e-mail and
password. A failure says how many tries are left, then until when sign-in is paused and who can help —
the same words for a known account and an unknown identifier (the rules live in dossier.accounts)."""

from __future__ import annotations

import streamlit as st

import ui
from dossier import formatting
from dossier.accounts import (
    PROCONNECT_CODES,
    PROCONNECT_NEXT_QUERY,
    PROCONNECT_REFUSAL_QUERY,
    PROCONNECT_START_ROUTE,
    SignInFailed,
    sign_in_person,
    sign_in_professional,
)
from dossier.labels import t
from dossier.settings import get_settings
from ui import session_scope

FORM = "signin"
PERSON, PRO = "person", "pro"
PROCONNECT_REFUSAL = "page:proconnect_refusal"  # the code the ProConnect route came back with


def _submit() -> None:
    who = st.session_state.get(ui.key("signin_who"), t("signin.person"))
    is_pro = who == t("signin.pro")
    identifier = ui.value(FORM, "email" if is_pro else "identifier")
    secret = ui.value(FORM, "password" if is_pro else "code")
    errors = {}
    if not identifier.strip():
        errors["email" if is_pro else "identifier"] = "error.required"
    if not secret:
        errors["password" if is_pro else "code"] = "error.required"
    if errors:
        ui.set_errors(FORM, errors)
        return

    def attempt():
        with session_scope() as session:
            return (sign_in_professional if is_pro else sign_in_person)(session, identifier, secret)

    actor = ui.submit(FORM, attempt, refusals={SignInFailed: lambda exc: _refusal(exc, is_pro)},
                      clear_on_error=("password", "code"))
    if actor is not None:
        ui.sign_in(actor)


def _refusal(failed: SignInFailed, is_pro: bool) -> ui.Message:
    """Where this identifier stands, in the same words whether the account exists or not."""
    settings = get_settings()
    if failed.paused_until is not None:
        return ("signin.paused.pro" if is_pro else "signin.paused",
                {"time": formatting.time(failed.paused_until), "phone": settings.help_phone})
    if failed.attempts_left == 1:
        return ("signin.failed.last", {"minutes": settings.lockout_minutes})
    if failed.attempts_left is not None:
        return ("signin.failed.left", {"left": failed.attempts_left, "minutes": settings.lockout_minutes})
    return "signin.failed"


def _fill_in_handed_off_identifier() -> None:
    """A phone arriving from a kiosk's QR code: the identifier is written, the code is still asked."""
    identifier = st.session_state.pop(ui.HANDOFF_IDENTIFIER, None)
    if identifier:
        st.session_state[ui.key("signin_who")] = t("signin.person")
        st.session_state[ui.key(f"{FORM}_identifier")] = identifier


def _back_from_proconnect() -> None:
    """`/?proconnect=<code>`: a ProConnect sign-in that did not go through. The code (never
    anything personal) leaves the address at once; its French message stays on the professional side."""
    code = st.query_params.get(PROCONNECT_REFUSAL_QUERY)
    if code is None:
        return
    del st.query_params[PROCONNECT_REFUSAL_QUERY]
    if code in PROCONNECT_CODES:
        st.session_state[PROCONNECT_REFUSAL] = code
        st.session_state[ui.key("signin_who")] = t("signin.pro")


def _proconnect() -> None:
    """« Me connecter avec ProConnect »: when configured, and never on a kiosk (the provider's own
    cookie would outlive the visit)."""
    refusal = st.session_state.get(PROCONNECT_REFUSAL)
    if refusal:
        st.error(t(f"proconnect.refused.{refusal}"), icon=":material/error:")
    if ui.on_kiosk() or not get_settings().proconnect_configured:
        return
    then = ui.next_page_path()  # a link's page: ProConnect's return lands there
    href = f"{PROCONNECT_START_ROUTE}?{PROCONNECT_NEXT_QUERY}={then}" if then else PROCONNECT_START_ROUTE
    ui.link_button(t("proconnect.button"), href, key="proconnect")
    st.caption(t("proconnect.help"))
    st.write(t("proconnect.or"))


def render() -> None:
    st.title(t("signin.title"), anchor=False)
    _fill_in_handed_off_identifier()
    _back_from_proconnect()
    ui.show_flash()
    if st.session_state.get(ui.NEXT_PAGE) == "booking":
        st.info(t("signin.then_booking"), icon=":material/event:")
    if ui.on_kiosk():  # a kiosk is the people's: no professional sign-in there at all (issue 19)
        st.session_state.pop(ui.key("signin_who"), None)
        is_pro = False
    else:
        who = st.radio(t("signin.who"), [t("signin.person"), t("signin.pro")], key=ui.key("signin_who"),
                       horizontal=True, on_change=ui.set_errors, args=(FORM, {}))
        is_pro = who == t("signin.pro")
    autocomplete_user = "off" if st.session_state.get(ui.KIOSK) else "username"
    if is_pro:
        _proconnect()
    with st.form(key=ui.key("signin_form"), enter_to_submit=False):
        ui.error_summary(FORM)
        if is_pro:
            ui.text_field(FORM, "email", "signin.email", type="email", autocomplete=autocomplete_user)
            ui.text_field(FORM, "password", "signin.password", type="password", autocomplete="current-password")
        else:
            ui.text_field(FORM, "identifier", "signin.identifier", help_key="signin.identifier.help",
                          autocomplete=autocomplete_user)
            ui.text_field(FORM, "code", "signin.code", type="password", autocomplete="off", max_chars=12)
        st.form_submit_button(t("signin.submit"), type="primary", on_click=_submit, use_container_width=True)
    if not is_pro:
        st.caption(t("signin.forgot"))
        st.write(t("signin.no_account"))
        ui.link_to("activate", t("nav.activate"), ":material/key:")
    ui.link_to("accessibility", t("nav.accessibility"), ":material/accessibility_new:")
