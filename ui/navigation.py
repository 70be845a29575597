"""Between pages: a signed-in page's address opened signed out, a page this account does not have,
where to go once signed in, what a page leaves behind when left, links to app.py's pages, the address
the app is reached on, and the page itself drawn with its refusals said in French."""

from __future__ import annotations

import html
import logging
import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

import streamlit as st

from dossier.errors import Refusal
from dossier.labels import t
from ui.forms import message_text
from ui.session import CURRENT_PAGE, NEXT_PAGE, NEXT_PARAMS, PAGE_SCOPED_PREFIXES, PAGES, current_actor

log = logging.getLogger(__name__)


def link_button(label: str, href: str, *, key: str) -> None:
    """A link to one of the app's own HTTP routes (ProConnect's flow is made of redirects, not reruns),
    drawn as a full-width 48 px button, opened in the same tab."""
    st.html(f'<a class="dossier-link-button dossier-{html.escape(key, quote=True)}" '
            f'href="{html.escape(href, quote=True)}">{html.escape(label)}</a>')


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


def already_active() -> None:
    """The activation address opened by a signed-in person (the invitation's SMS tapped again): their
    account is active, the link has nothing left to do; it leaves the address."""
    st.query_params.clear()
    st.title(t("activate.title"), anchor=False)
    st.success(t("activate.already"))
    link_to("home", t("nav.home"), ":material/home:")


def next_page_path() -> str:
    """The address of the page asked for before signing in (a link's page), or "" — for a sign-in that
    leaves the app and comes back (ProConnect), which lands there directly."""
    page = st.session_state.get(PAGES, {}).get(st.session_state.get(NEXT_PAGE))
    return getattr(page, "url_path", "") or ""


def go_next(pages: dict[str, st.Page]) -> None:
    """Once signed in, go where the person asked to go before signing in (once)."""
    if current_actor() is None:
        return
    target = st.session_state.pop(NEXT_PAGE, None)
    params = st.session_state.pop(NEXT_PARAMS, None) or None
    if target in pages:
        st.switch_page(pages[target], query_params=params)


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


def served_at() -> str | None:
    """The address this browser reached the app on (scheme and host, from the request): what the app
    prints in QR codes and letters when `DOSSIER_PUBLIC_URL` is not set (`Settings.public_base`)."""
    try:
        parts = urlsplit(st.context.url or "")
    except Exception:  # noqa: BLE001 — no request (a test running a page bare): the settings decide
        return None
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


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


Render = Callable[[], None]
