"""AppTest helpers for the page tests: running app.py or one page module, signing in (through the form
for the tests about signing in, by putting the actor in the session for the others), using widgets,
and reading what is shown.

`as_person` / `as_professional` sign in the way ui.sign_in does once a code or password is
accepted: the actor and the time of the last activity in the session. The sign-in form itself is
covered by the tests about it (test_app_pages.py, test_kiosk_pages.py)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from dossier import formatting
from dossier.actor import Actor
from dossier.labels import t
from dossier.policy import Category
from dossier.tools import DEMO_PASSWORD
from storage.models import Beneficiary, Organisation, Professional
from tests.support.domain import PERSON, me, pro_actor_from_engine
from ui.session import ACTOR, GENERATION, LAST_ACTIVITY

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 30

DENIED = t("denied")
SIGNOUT = t("nav.signout")
DOSSIER_RE = re.compile(r"D2026-\d{4}")
CHOSEN_PERSON = "chosen_person__0"  # the référent's « Personne suivie » list


# --- running the app and pages -------------------------------------------------------------------


def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def page(module: str, actor=None) -> AppTest:
    """One page module rendered on its own, without app.py's navigation around it."""
    at = AppTest.from_string(f"from pages.{module} import render\nrender()\n", default_timeout=TIMEOUT)
    if actor is not None:
        signed_in(at, actor)
    return at


def request_page(at: AppTest, url_path: str) -> AppTest:
    """Run the app as a browser asking for /<url_path>.

    `AppTest.switch_page` only knows file pages; `st.Page(callable, url_path=...)` pages are keyed by the
    hash of their url_path, which is what the front end sends. This sets AppTest's (private) requested
    page for one run, then goes back to "stay on the current page" like a rerun in the browser.
    """
    assert hasattr(at, "_page_hash"), "AppTest internals changed: update request_page()"
    at._page_hash = calc_hash(url_path)
    try:
        at.run()
    finally:
        at._page_hash = ""
    return at


def generation(at: AppTest) -> int:
    return int(at.session_state[GENERATION]) if GENERATION in at.session_state else 0


def k(at: AppTest, name: str) -> str:
    return f"{name}__{generation(at)}"


def has_actor(at: AppTest) -> bool:
    return ACTOR in at.session_state and at.session_state[ACTOR] is not None


def assert_ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


# --- signing in -------------------------------------------------------------------------------------


def sign_in_person(at: AppTest, identifier: str, code: str) -> AppTest:
    """Through the sign-in form, as the person types it."""
    fill(at, signin_identifier=identifier, signin_code=code)
    return click(at, t("signin.submit"))


def sign_in_professional(at: AppTest, email: str, password: str = DEMO_PASSWORD) -> AppTest:
    """Through the sign-in form, « Professionnel » chosen first."""
    at.radio(key=k(at, "signin_who")).set_value(t("signin.pro")).run()
    fill(at, signin_email=email, signin_password=password)
    return click(at, t("signin.submit"))


def signed_in(at: AppTest, actor: Actor) -> AppTest:
    """`actor` signed in without the form (before the next run): what ui.sign_in keeps."""
    at.session_state[ACTOR] = actor
    at.session_state[LAST_ACTIVITY] = time.time()
    return at


def as_person(engine, number: str, *, kiosk: bool = False) -> AppTest:
    """app.py, run once with the person signed in without the form: their home page (on a kiosk,
    opened at ?borne=1, when `kiosk`)."""
    with Session(engine) as session:
        actor = me(session, number)
    at = app()
    if kiosk:
        at.query_params["borne"] = "1"
    at = signed_in(at, actor).run()
    assert_ok(at)
    return at


def as_professional(engine, email: str) -> AppTest:
    """app.py, run once with the professional signed in without the form: their home page."""
    at = signed_in(app(), pro_actor_from_engine(engine, email)).run()
    assert_ok(at)
    return at


def person_on(engine, url_path: str, number: str = PERSON) -> AppTest:
    """The person signed in, on the page at /<url_path>."""
    at = request_page(as_person(engine, number), url_path)
    assert_ok(at)
    return at


def pro_on(engine, email: str, url_path: str) -> AppTest:
    """The professional signed in, on the page at /<url_path>."""
    at = request_page(as_professional(engine, email), url_path)
    assert_ok(at)
    return at


# --- using widgets ----------------------------------------------------------------------------------


def click(at: AppTest, label: str) -> AppTest:
    matches = [b for b in at.button if b.label == label]
    assert len(matches) == 1, f"expected one button {label!r}, got {[b.label for b in at.button]}"
    return matches[0].click().run()


def fill(at: AppTest, **fields: str) -> None:
    for name, text in fields.items():
        at.text_input(key=k(at, name)).input(text)


def press(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert_ok(at)
    return at


def choose(at: AppTest, person_id: int) -> AppTest:
    """Pick the person in the référent's "Personne suivie" list, unless already chosen."""
    assert_ok(at)
    chooser = at.selectbox(key=CHOSEN_PERSON)
    if chooser.value != person_id:
        at = chooser.select(person_id).run()
        assert_ok(at)
    return at


def toggle_key(org: Organisation, category: Category) -> str:
    return f"sharing_org:{org.id}_{category.value}__0"


def tap(at: AppTest, key: str, on: bool) -> AppTest:
    at.toggle(key=key).set_value(on).run()
    assert_ok(at)
    return at


# --- reading what is shown -----------------------------------------------------------------------


def walk(node) -> Iterator:
    yield node
    children = getattr(node, "children", None) or {}
    for index in sorted(children):
        yield from walk(children[index])


TEXT_TYPES = {"title", "header", "subheader", "markdown", "caption", "error", "info", "success", "warning",
              "text", "exception"}


def shown(at: AppTest) -> list[str]:
    """Every piece of text on screen, in document order: texts, messages, widget labels and values."""
    out: list[str] = []
    for root in (at.main, at.sidebar):
        for node in walk(root):
            kind = getattr(node, "type", "")
            if kind in TEXT_TYPES:
                out.append(str(node.value))
            elif kind == "page_link":
                out.append(node.proto.label)
            elif kind in ("text_input", "radio", "button"):
                out.append(node.label)
                if kind != "button" and node.value:
                    out.append(str(node.value))
    return out


def screen(at: AppTest) -> str:
    """All text on screen: shown() plus expander labels, list fields and progress bars; the référent's
    "Personne suivie" list (her own caseload) left out."""
    texts = shown(at) + [e.label for e in at.expander] + [p.proto.text for p in at.get("progress")]
    texts += [a.label for a in at.text_area]
    for box in at.selectbox:
        if box.key != CHOSEN_PERSON:
            texts += [box.label, *box.options]
    return "\n".join(texts)


def messages(at: AppTest) -> dict[str, list[str]]:
    return {kind: [e.value for e in getattr(at, kind)] for kind in ("error", "warning", "info", "success")}


def field_errors(at: AppTest) -> dict[str, list[str]]:
    """Error messages keyed by the text field they follow (generation suffix removed), before the next
    field or button; messages above every field go under "_top"."""
    errors: dict[str, list[str]] = {}
    current = "_top"
    for node in walk(at.main):
        kind = getattr(node, "type", "")
        if kind == "text_input":
            current = node.key.rsplit("__", 1)[0]
        elif kind == "button":
            current = "_bottom"
        elif kind == "error":
            errors.setdefault(current, []).append(node.value)
    return errors


def errors_after(at: AppTest, key: str) -> list[str]:
    """The error messages between the widget `key` and the next widget or button."""
    found: list[str] | None = None
    for node in walk(at.main):
        kind = getattr(node, "type", "")
        if found is None:
            if getattr(node, "key", None) == key:
                found = []
            continue
        if kind == "error":
            found.append(node.value)
        elif kind in ("text_input", "text_area", "selectbox", "radio", "button"):
            break
    assert found is not None, f"no widget {key!r}"
    return found


def page_links(at: AppTest) -> dict[str, str]:
    return {link.proto.label: link.proto.page for link in at.get("page_link")}


def subheaders(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


def goal_titles(at: AppTest) -> list[str]:
    """The goals' expander labels (the validated version's expander left out)."""
    return [e.label for e in at.expander if not e.label.startswith(t("engagement.title", date=""))]


def downloaded(files: dict, button) -> bytes:
    """What a download button gives when tapped: its file, or what its builder makes (a document built
    only when asked for)."""
    if button.proto.deferred_file_id:
        return files[button.proto.deferred_file_id]()
    return served(files, button.proto.url)


def served(files: dict[str, bytes], url: str) -> bytes:
    """The bytes behind a media URL shown by the page (see the `served_files` fixture)."""
    stem = url.rsplit("/", 1)[-1].split(".", 1)[0]
    assert stem in files, (url, list(files))
    return files[stem]


# --- personal data -------------------------------------------------------------------------------


def personal_data(engine) -> list[str]:
    """Strings that would identify someone: names, dossier numbers, e-mails, phones, birth dates."""
    found: list[str] = []
    with Session(engine) as session:
        for p in session.exec(select(Beneficiary)).all():
            found += [p.dossier_number, f"{p.first_name} {p.last_name}", formatting.date(p.birth_date)]
            found += [v for v in (p.email, p.phone, p.caf_number) if v]
        for pro in session.exec(select(Professional)).all():
            found += [f"{pro.first_name} {pro.last_name}", pro.email]
    return found


def assert_no_personal_data(at: AppTest, engine) -> None:
    text = "\n".join(shown(at))
    assert not DOSSIER_RE.search(text), text
    leaks = [value for value in personal_data(engine) if value in text]
    assert not leaks, leaks
