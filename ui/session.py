"""The session: what st.session_state holds under which key, the signed-in actor (sign-in, sign-out,
the cookie that resumes it, the idle timeout), the kiosk and « avec la personne » modes, the kiosk's
hand-off to a phone, the one-time message of the next run, and the guard every page starts with.
No rule lives here: access is asked of dossier.policy."""

from __future__ import annotations

import time

import streamlit as st
from sqlmodel import Session

from dossier import i18n
from dossier.accounts import devices, handoff, preferred_language, refresh_actor, set_preferred_language
from dossier.actor import Actor
from dossier.labels import t
from dossier.policy import Permission, may
from dossier.settings import get_settings
from storage.engine import session_scope
from ui.text import plain

ACTOR = "actor"
GENERATION = "generation"
LAST_ACTIVITY = "last_activity"
KIOSK = "kiosk"
WITH_PERSON = "with_person"  # a professional's screen turned towards the person beside them
WITH_PERSON_SWITCH = "with_person_switch"  # the header's switch; its state is copied into WITH_PERSON
NEXT_PAGE = "next_page"  # where to go once signed in (the kiosk's "book my appointment", a link's page)
NEXT_PARAMS = "next_params"  # the query parameters of that link (the appointment QR's ?ref=…)
HANDOFF_IDENTIFIER = "handoff_identifier"
FLASH = "flash"
DEVICE = "device_id"  # this tab's row in device_session (« Mes appareils »)
COOKIE_CLAIM = "cookie_claim"  # the one-time claim the page posts to get its HttpOnly cookie
COOKIE_FORGET = "cookie_forget"  # after a sign-out: the page asks the server to delete the cookie
RESUME_TRIED = "resume_tried"  # the cookie of this Streamlit session's request was looked at once
LANGUAGE = "language"  # the session's language (dossier.i18n.LANGUAGES); ui.language reads and sets it
LANGUAGE_CHOSEN = "language_chosen"  # chosen on screen in this session (it then wins over the stored one)
PROCONNECT = "proconnect"  # this browser signed in with ProConnect: sign-out goes by the provider's end-session
PAGES = "_pages"
CURRENT_PAGE = "_current_page"
PAGE_SCOPED_PREFIXES = ("errors:", "page:")


def on_kiosk() -> bool:
    return bool(st.session_state.get(KIOSK))


def with_person() -> bool:
    """A professional has turned on "avec la personne" (and the policy lets them)."""
    actor = current_actor()
    return bool(st.session_state.get(WITH_PERSON)) and actor is not None and may(actor, Permission.WITH_PERSON)


def turn_towards_the_person() -> None:
    """The switch's callback. The state lives under a key of its own, not the widget's: a page change
    triggered in the same run (app.py moves a desk page to the roadmap) must not lose it."""
    st.session_state[WITH_PERSON] = bool(st.session_state.get(WITH_PERSON_SWITCH))


def person_wording(actor: Actor) -> bool:
    """Address the person ("Ma feuille de route"): on their own screen, or on a professional's screen
    in "avec la personne" mode."""
    return actor.is_beneficiary or with_person()


def receive_handoff() -> None:
    """A phone opened a kiosk's "continuer sur mon téléphone" link: take the token out of the address
    at once (it must not stay in the history), and, if it is still good, fill in the identifier."""
    token = st.query_params.get(handoff.QUERY_KEY)
    if token is None:
        return
    st.query_params.clear()
    if current_actor() is not None:
        return
    with session_scope() as session:
        identifier = handoff.redeem(session, token)
    if identifier is None:
        st.session_state[FLASH] = ("handoff.refused", {"minutes": get_settings().handoff_minutes})
        return
    st.session_state[HANDOFF_IDENTIFIER] = identifier
    st.session_state[FLASH] = "handoff.welcome"


def current_actor() -> Actor | None:
    actor = st.session_state.get(ACTOR)
    return actor if isinstance(actor, Actor) else None


def acting_actor(session) -> Actor | None:
    """The actor for a widget callback: callbacks run before app.py's idle and account checks, so
    they re-check both (a sleeping phone's timer may have missed the timeout; an account may be off)."""
    actor = current_actor()
    if actor is None or time.time() - st.session_state.get(LAST_ACTIVITY, time.time()) > idle_limit():
        return None
    return still_signed_in(session, actor)


def generation() -> int:
    return int(st.session_state.get(GENERATION, 0))


def key(name: str) -> str:
    """Widget keys carry the session generation: after sign-out, no old widget value survives."""
    return f"{name}__{generation()}"


def sign_in(actor: Actor) -> None:
    """A sign-in that succeeded: the session's actor, and its row in « Mes appareils ». On a personal
    device the page then hands the browser its cookie (`hand_over_cookie`); on a kiosk, never."""
    with session_scope() as session:
        opened = devices.open_device(session, actor, user_agent=_user_agent(), persistent=not on_kiosk())
        _adopt_language(session, actor)
    st.session_state[ACTOR] = actor
    st.session_state[DEVICE] = opened.device_id
    st.session_state[LAST_ACTIVITY] = time.time()
    st.session_state.pop(HANDOFF_IDENTIFIER, None)
    if opened.claim:
        st.session_state[COOKIE_CLAIM] = opened.claim


def _adopt_language(session: Session, actor: Actor) -> None:
    """At sign-in: a language chosen on screen before becomes the person's preference; otherwise their
    stored preference becomes the session's."""
    if not actor.is_beneficiary:
        return
    if st.session_state.get(LANGUAGE_CHOSEN) and st.session_state.get(LANGUAGE):
        set_preferred_language(session, actor, st.session_state[LANGUAGE])
    else:
        st.session_state[LANGUAGE] = preferred_language(session, actor)


def _user_agent() -> str | None:
    try:
        return st.context.headers.get("User-Agent")
    except Exception:  # noqa: BLE001 — no request (a page run bare in a test)
        return None


def resume_from_cookie() -> None:
    """A new Streamlit session (a reload, a new tab, a restored tab, a restarted server): signed in
    again from the browser's cookie when its row is still good. Never on a kiosk."""
    if st.session_state.get(RESUME_TRIED) or current_actor() is not None:
        return
    st.session_state[RESUME_TRIED] = True
    if on_kiosk():
        return
    try:
        cookie = st.context.cookies.get(devices.COOKIE_NAME)
    except Exception:  # noqa: BLE001 — no request (a page run bare in a test)
        return
    if not isinstance(cookie, str) or not cookie:  # AppTest's context has no real request
        return
    with session_scope() as session:
        resumed = devices.resume(session, cookie)
        if resumed is not None:
            _adopt_language(session, resumed.actor)
    if resumed is None:
        st.session_state[COOKIE_FORGET] = True  # ended or expired: the browser may forget it
        return
    st.session_state[ACTOR] = resumed.actor
    st.session_state[DEVICE] = resumed.device_id
    st.session_state[LAST_ACTIVITY] = time.time()
    st.session_state[PROCONNECT] = resumed.proconnect


def signed_in_with_proconnect() -> bool:
    """Signed in through ProConnect (the app's route set the cookie this session resumed from)."""
    return bool(st.session_state.get(PROCONNECT)) and current_actor() is not None


def still_signed_in(session: Session, actor: Actor) -> Actor | None:
    """The actor as the store sees it now, or None: account deactivated, or this browser's session
    ended elsewhere (sign-out in another tab, « sign out my other devices », a new code)."""
    device = st.session_state.get(DEVICE)
    if device is not None and not devices.still_signed_in(session, device):
        return None
    return refresh_actor(session, actor)


def hand_over_cookie() -> None:
    """Draw, once, the small script that posts the claim (or asks for the cookie's deletion after a
    sign-out) to the app's own route. The cookie itself is set by the server, HttpOnly: no script of
    the page ever sees the session id."""
    claim = st.session_state.pop(COOKIE_CLAIM, None)
    if claim:
        st.html(f"<script>fetch({devices.CLAIM_ROUTE!r}, {{method: 'POST', credentials: 'same-origin', "
                f"headers: {{'Content-Type': 'text/plain'}}, body: {claim!r}}})</script>",
                unsafe_allow_javascript=True)
    elif st.session_state.pop(COOKIE_FORGET, None):
        st.html(f"<script>fetch({devices.FORGET_ROUTE!r}, {{method: 'POST', credentials: 'same-origin'}})</script>",
                unsafe_allow_javascript=True)


def sign_out(message_key: str = "signout.done") -> None:
    """Wipe the whole session (typed text included) and start a new generation of widgets. Signing
    out ends this browser's row, for all its tabs, and the browser forgets its cookie; an idle tab
    only forgets itself (the row's own idle expiry ends it, unless another tab keeps it in use)."""
    device = st.session_state.get(DEVICE)
    if device is not None and message_key == "signout.done":
        with session_scope() as session:
            devices.end(session, device)
    next_generation = generation() + 1
    kiosk = st.session_state.get(KIOSK, False)
    # One's own phone keeps its language on screen (a kiosk goes back to French), but not as a choice
    # made for whoever signs in next: their own stored preference applies.
    kept = {} if kiosk or LANGUAGE not in st.session_state else {LANGUAGE: st.session_state[LANGUAGE]}
    st.session_state.clear()
    st.session_state.update(kept)
    st.session_state[GENERATION] = next_generation
    st.session_state[KIOSK] = kiosk
    st.session_state[FLASH] = message_key
    st.session_state[RESUME_TRIED] = True
    st.session_state[COOKIE_FORGET] = device is not None and message_key != "idle.signed_out"


def idle_limit() -> int:
    settings = get_settings()
    return settings.idle_timeout_kiosk_s if st.session_state.get(KIOSK) else settings.idle_timeout_personal_s


def enforce_idle_timeout() -> None:
    """Server-side check at every full rerun; a rerun is activity, so it also resets the clock."""
    if current_actor() is None:
        return
    last = st.session_state.get(LAST_ACTIVITY, time.time())
    if time.time() - last > idle_limit():
        sign_out("idle.signed_out")
        return
    st.session_state[LAST_ACTIVITY] = time.time()


def _keep_alive() -> None:
    st.session_state[LAST_ACTIVITY] = time.time()
    device = st.session_state.get(DEVICE)
    if device is not None:
        with session_scope() as session:
            devices.touch(session, device)


def idle_watch() -> None:
    """The browser-side timer, re-run every `DOSSIER_IDLE_CHECK_SECONDS` (10 s by default)."""
    st.fragment(_idle_watch, run_every=get_settings().idle_check_s)()


def _idle_watch() -> None:
    """Warns before the end, offers "Je continue", then signs out. A fragment's rerun does not pass
    through app.py: it speaks the page's language again itself."""
    actor = current_actor()
    if actor is None:
        return
    i18n.set_language(st.session_state.get(LANGUAGE) if actor.is_beneficiary else i18n.FRENCH)
    remaining = idle_limit() - (time.time() - st.session_state.get(LAST_ACTIVITY, time.time()))
    if remaining <= 0:
        sign_out("idle.signed_out")
        st.rerun(scope="app")
    if remaining <= get_settings().idle_warning_s:
        st.warning(t("idle.warning", seconds=int(remaining)))
        st.button(t("idle.continue"), key=key("idle_continue"), on_click=_keep_alive)


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if isinstance(message, tuple):  # (key, values) for a message that names something
        st.info(t(message[0], **{k: plain(str(v)) for k, v in message[1].items()}))
    elif message:
        st.info(t(message))


def guard(permission: Permission | None = None) -> Actor:
    """Stop the page unless someone is signed in (and, when given, the policy grants `permission`)."""
    actor = current_actor()
    if actor is None or (permission is not None and not may(actor, permission)):
        st.error(t("denied"))
        st.stop()
    return actor
