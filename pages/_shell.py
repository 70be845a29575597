"""What every page shares: the signed-in actor, sign-out, the idle timeout, forms' field errors,
the page language and the accessibility styles. No rule lives here: access is asked of dossier.policy."""

from __future__ import annotations

import html
import logging
import re
import secrets
import time
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

import streamlit as st
from sqlmodel import Session

from dossier import devices, handoff
from dossier.access import visibility
from dossier.accounts import refresh_actor
from dossier.actor import Actor
from dossier.errors import Message, Refusal
from dossier.labels import t
from dossier.people import caseload, shared_with_me
from dossier.policy import Permission, may
from dossier.settings import get_settings
from storage.engine import rollback_keeping, session_scope

log = logging.getLogger(__name__)
T = TypeVar("T")

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
PAGES = "_pages"
CURRENT_PAGE = "_current_page"
PAGE_SCOPED_PREFIXES = ("errors:", "page:")

STYLE = """
<style>
/* Strong, visible focus for keyboard users (WCAG 2.4.7 / 2.4.11). */
:focus-visible, button:focus-visible, a:focus-visible, input:focus-visible, [role="radio"]:focus-visible {
  outline: 3px solid #0b3d91 !important; outline-offset: 2px !important;
  box-shadow: 0 0 0 5px #ffffff !important;
}
/* Rings that would be hidden: a radio's input is visually hidden (ring its label), a text field's box
   clips its input's outline (ring the box), and clips the eye button's outline (draw it inside). */
[data-testid="stRadioOption"]:has(input:focus-visible),
[data-testid="stTextInputRootElement"]:has(input:focus-visible) {
  outline: 3px solid #0b3d91 !important; outline-offset: 2px !important;
}
[data-testid="stTextInputRootElement"] input:focus-visible { outline: none !important; box-shadow: none !important; }
/* A switch's input is hidden too (ring its label); a list's box clips its search input (ring the box). */
[data-testid="stCheckbox"] label:has(input:focus-visible),
[data-testid="stSelectbox"] > div:has(input:focus-visible) {
  outline: 3px solid #0b3d91 !important; outline-offset: 2px !important;
}
[data-testid="stSelectbox"] input:focus-visible { outline: none !important; box-shadow: none !important; }
[data-testid="stTextInputRootElement"] button:focus-visible { outline-offset: -3px !important; }
/* The main region (focusable for keyboard scrolling) fills the viewport: an outside ring would be
   off-screen, so draw it inside. */
[data-testid="stMain"]:focus-visible { outline-offset: -3px !important; }
/* Scroll a focused element far enough into view for its ring to show too. */
a, button, input, select, textarea, [tabindex] { scroll-margin: 12px; }
/* Touch targets of at least 44 px. */
.stButton button, .stFormSubmitButton button, .stDownloadButton button, [data-testid="stPageLink"] a,
[data-testid="stPopoverButton"] {
  min-height: 48px; min-width: 48px; font-size: 1.05rem;
}
.stTextInput input { min-height: 44px; font-size: 1.05rem; }
[data-testid="stTextInputRootElement"] { min-height: 44px; }
/* The password field's "show" eye button is 32 x 16 px by default. */
[data-testid="stTextInputRootElement"] button { min-height: 44px; min-width: 44px; }
[data-testid="stRadio"] label { min-height: 44px; display: flex; align-items: center; }
[data-testid="stCheckbox"] label { min-height: 44px; display: flex; align-items: center; }
[data-testid="stExpander"] summary { min-height: 44px; }
[data-testid="stSelectbox"] input[role="combobox"] { min-height: 44px; }
[data-testid="stSelectbox"] button { min-width: 44px; min-height: 44px; }
/* The skip link appears on focus: give it a full-size target too. */
[data-testid="stSkipToContent"]:focus { min-height: 44px; display: inline-flex; align-items: center; }
/* Heading anchors: 16 px invisible links in the tab order, of no use here. */
[data-testid="stHeaderActionElements"] { display: none !important; }
/* Captions: Streamlit's faded grey gives 3.9:1 on white; #595959 at full opacity gives 7:1 (WCAG 1.4.3). */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #595959 !important; }
/* E-mail and phone links (the référent's contact) are actions on a phone: full-size targets. */
[data-testid="stMarkdownContainer"] a[href^="mailto:"], [data-testid="stMarkdownContainer"] a[href^="tel:"] {
  display: inline-flex; align-items: center; min-height: 44px;
}
/* The image toolbar's full-screen button (to show the QR code) is 24 px by default. */
[data-testid="stElementToolbarButton"], [data-testid="stElementToolbarButton"] button {
  min-width: 44px !important; min-height: 44px !important;
}
[data-testid="stMarkdownContainer"] table { width: 100%; }
/* Less blank space above the content on phones (Streamlit's default is 6rem). */
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem !important; }
</style>
"""

# Kiosk and "avec la personne": bigger text and buttons, for reading at arm's length or side by side.
LARGE_STYLE = """
<style>
[data-testid="stMain"] { font-size: 1.2rem; }
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label { font-size: 1.2rem !important; }
.stButton button, .stFormSubmitButton button, [data-testid="stPageLink"] a, [data-testid="stPopoverButton"] {
  min-height: 60px; font-size: 1.25rem;
}
</style>
"""


def setup_page() -> None:
    """Language, styles and kiosk flag; called once per run by app.py before anything else."""
    st.html("<script>document.documentElement.lang='fr'</script>", unsafe_allow_javascript=True)
    st.html(STYLE)
    if KIOSK not in st.session_state:
        st.session_state[KIOSK] = get_settings().kiosk or st.query_params.get("borne") == "1"
    if st.session_state.get(KIOSK) or st.session_state.get(WITH_PERSON):
        st.html(LARGE_STYLE)


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


MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>#|~$!])")
WORD_JOINER = "\u2060"  # invisible, not read out: splits what the renderer would turn into a link or an icon
# "http://", ":material/…:", ":smile:" (not "16:50" nor "Structure : X"), "a@b.fr", "www.…"
LINK_TRIGGERS = re.compile(r"(:(?=//|[a-z_+])|@(?=\w)|(?<![^\W_])www(?=\.))", re.IGNORECASE)


def plain(text: str) -> str:
    """Text from the store shown literally: never Markdown, a link or an icon. Markdown's own characters
    are escaped; what Streamlit's renderer turns into a link after escaping (`http://…`, `www.…`, an
    e-mail) or an icon (`:material/…:`, `:smile:`) gets an invisible word joiner after that `:`, `@` or
    `www`; a time (16:50) or French punctuation (« Structure : X ») stays as it is."""
    return LINK_TRIGGERS.sub(lambda m: m.group(0) + WORD_JOINER, MARKDOWN_SPECIALS.sub(r"\\\1", text))


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


def served_at() -> str | None:
    """The address this browser reached the app on (scheme and host, from the request): what the app
    prints in QR codes and letters when `DOSSIER_PUBLIC_URL` is not set (`Settings.public_base`)."""
    try:
        parts = urlsplit(st.context.url or "")
    except Exception:  # noqa: BLE001 — no request (a test running a page bare): the settings decide
        return None
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def sign_in_first(name: str, render_sign_in: Callable[[], None]) -> Callable[[], None]:
    """A signed-in page's address opened signed out (a link from a letter, an SMS, a QR code, a reload):
    the sign-in form, in French, at that address; once signed in, the person lands on the page asked for,
    with its parameters. Nothing of the page itself runs before that."""

    def render() -> None:
        st.session_state[NEXT_PAGE] = name
        st.session_state[NEXT_PARAMS] = st.query_params.to_dict()
        render_sign_in()

    render.__name__ = f"sign_in_then_{name}"
    return render


def not_for_this_account(name: str) -> Callable[[], None]:
    """The page at the address of a page this account does not have: said in French, with the way
    back to the account's own pages."""

    def render() -> None:
        st.title(t("denied.page.title"), anchor=False)
        st.error(t("denied.page"), icon=":material/block:")
        link_to("home", t("nav.home"), ":material/home:")

    render.__name__ = f"not_for_this_account_{name}"
    return render


def sign_in(actor: Actor) -> None:
    """A sign-in that succeeded: the session's actor, and its row in « Mes appareils ». On a personal
    device the page then hands the browser its cookie (`hand_over_cookie`); on a kiosk, never."""
    with session_scope() as session:
        opened = devices.open_device(session, actor, user_agent=_user_agent(), persistent=not on_kiosk())
    st.session_state[ACTOR] = actor
    st.session_state[DEVICE] = opened.device_id
    st.session_state[LAST_ACTIVITY] = time.time()
    st.session_state.pop(HANDOFF_IDENTIFIER, None)
    if opened.claim:
        st.session_state[COOKIE_CLAIM] = opened.claim


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
    if resumed is None:
        st.session_state[COOKIE_FORGET] = True  # ended or expired: the browser may forget it
        return
    st.session_state[ACTOR] = resumed.actor
    st.session_state[DEVICE] = resumed.device_id
    st.session_state[LAST_ACTIVITY] = time.time()


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


def go_next(pages: dict[str, st.Page]) -> None:
    """Once signed in, go where the person asked to go before signing in (once)."""
    if current_actor() is None:
        return
    target = st.session_state.pop(NEXT_PAGE, None)
    params = st.session_state.pop(NEXT_PARAMS, None) or None
    if target in pages:
        st.switch_page(pages[target], query_params=params)


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
    st.session_state.clear()
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
    """Warns before the end, offers "Je continue", then signs out."""
    if current_actor() is None:
        return
    remaining = idle_limit() - (time.time() - st.session_state.get(LAST_ACTIVITY, time.time()))
    if remaining <= 0:
        sign_out("idle.signed_out")
        st.rerun(scope="app")
    if remaining <= get_settings().idle_warning_s:
        st.warning(t("idle.warning", seconds=int(remaining)))
        st.button(t("idle.continue"), key=key("idle_continue"), on_click=_keep_alive)


def forget_other_pages(page_id: str) -> None:
    """Leaving a page drops its errors and its one-time results (an activation code is shown once)."""
    if st.session_state.get(CURRENT_PAGE) == page_id:
        return
    for name in [k for k in st.session_state if isinstance(k, str) and k.startswith(PAGE_SCOPED_PREFIXES)]:
        del st.session_state[name]
    st.session_state[CURRENT_PAGE] = page_id


def link_to(name: str, label: str, icon: str) -> None:
    """A link to one of app.py's pages, drawn only when this visitor has that page."""
    page = st.session_state.get(PAGES, {}).get(name)
    if page is not None:
        st.page_link(page, label=label, icon=icon)


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


# --- forms: errors next to their field --------------------------------------------------------



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


def run_page(render: Callable[[], object]) -> None:
    """Draw the page; a refusal met while reading (a dossier no longer shared, a record gone) is said in
    French where the page would have been, and a bug is logged with a reference the person can quote.
    Streamlit's own controls (rerun, stop, switch page) are BaseExceptions and pass through."""
    try:
        render()
    except Refusal as exc:
        for message in exc.messages().values():
            st.error(message_text(message), icon=":material/block:")
    except Exception:
        ref = secrets.token_hex(4)
        log.exception("page failed unexpectedly (ref %s)", ref)
        st.error(t("error.unexpected.page", ref=ref), icon=":material/error:")


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


def html_table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain HTML table with real headers (st.dataframe fails axe's empty-table-header)."""
    head = "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


Render = Callable[[], None]
