"""The person's language: French (the default, and the source of every text), English and Arabic.

French lives in `dossier/labels.py` (`LABELS`, `PLURALS`), the one source of truth. The other languages
live in standard gettext catalogues, `locale/<lang>/LC_MESSAGES/messages.po`, extracted from labels.py by
Babel's own tools (`make i18n`: `extract_labels` below is the extraction method named in `babel.cfg`).
Each entry is keyed by its catalogue key as the gettext context (`msgctxt`) and carries the French text as
its `msgid`, so a translator sees the French, and a French text changed since its translation no longer
matches: it falls back to French (and `pybabel update` marks it fuzzy) until it is translated again.

Which keys are translated is one rule, `translated(key)`: the person's keys (their pages, the kiosk,
sign-in and activation, the accessibility statement, letters, exports and notices). Professionals' pages
stay in French: their keys are never extracted, and `t()` gives them in French whatever the language.

The active language is a context variable, set by the page shell once per run from the session (or by
the domain around what it writes for one person: `with use(person.language)`), so that the domain reads
it without knowing Streamlit. Catalogues are read once per process: the compiled `.mo` beside each `.po`
when it is up to date (`make` compiles them), else the `.po` compiled in memory by Babel (a fresh
checkout works without any build step).
"""

from __future__ import annotations

import ast
import contextlib
import gettext
import io
import os
from collections.abc import Iterator
from contextvars import ContextVar
from functools import cache, lru_cache
from pathlib import Path

FRENCH = "fr"
LANGUAGES = ("fr", "en", "ar")  # the order of the language control
# Each language named in itself (the control shows these, whatever the page's language).
NAMES = {"fr": "Français", "en": "English", "ar": "العربية"}
RIGHT_TO_LEFT = frozenset({"ar"})
# Babel locales for dates, times and numbers. Arabic keeps Western digits (Babel's default numbering
# system « latn »), as read in France and the Maghreb.
LOCALES = {"fr": "fr_FR", "en": "en_GB", "ar": "ar"}

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "messages"
# Tests and screenshots start the server with this set: a text shown in French on a page in another
# language (a key outside the rule, or a translation missing) reads « ⟦key⟧ », easy to find on screen.
MARK_MISSING = "DOSSIER_I18N_MARK_MISSING"

# First strong isolate … pop directional isolate (Unicode UAX #9): a value put into an Arabic sentence
# (a dossier number, a time, a phone number, a name) keeps its own direction, digits stay left to right.
FSI, PDI = "\u2068", "\u2069"

# The rule: keys under these prefixes are the person's, and translated …
PERSON_PREFIXES = (
    "app.", "language.", "signin.", "activate.", "welcome.", "handoff.", "idle.", "signout.", "accessibility.",
    "devices.", "home.person.", "roadmap.", "validation.", "engagement.", "carrier.", "due.", "quick.", "status.",
    "choose.", "diagnostic.", "situation.", "history.", "booking.", "sharing.", "consent.", "category.",
    "consulted.", "export.", "mydata.", "channel.", "outbox.", "letter.", "notice.", "mail.", "sms.",
    "freetext.", "role.", "organisation.type.", "exit.contract.", "exit.working_time.", "exit.job", "error.",
    "denied", "nav.", "orientation.kind.", "orientation.history.",
    # « Trouver de l'aide près de chez moi » (the offer of services) and its box on the person's home page
    "services.",
)
# … except these: the professionals' own words inside those prefixes (a « .pro » variant anywhere in the
# key, the desk's errors and menu entries; the administration's import of the offer of services and the
# référent's choice when proposing a service; the SIRET and ProConnect errors of the administration).
PRO_PREFIXES = (
    "error.org.", "error.roles.", "error.slots.", "error.orientation.", "error.exit.", "error.import.",
    "error.account.", "error.campaign.", "error.pilotage.", "error.exceptional.", "error.password.",
    "error.postcode.", "error.email.taken", "error.booking.choose_person", "error.booking.already.person",
    "error.booking.number", "error.booking.not_yet", "error.slot.started", "denied.slots.", "denied.attendance",
    "denied.engagement", "denied.slot", "denied.place", "nav.invite", "nav.caseload", "nav.orientation",
    "nav.exceptional", "nav.agenda", "nav.slots", "nav.pilotage", "nav.admin", "nav.campaigns",
    "validation.who.personne.pro", "validation.who.referent.pro",
    "services.import.", "services.error.choose", "error.siret.", "error.proconnect.",
)

# « .pro » keys the person reads too: the sign-in choice, and who changed their roadmap.
PERSON_KEYS = frozenset({"signin.pro", "history.who.pro"})


@lru_cache(maxsize=4096)
def translated(key: str) -> bool:
    """Whether `key` is the person's (translated into every language) or a professional's (French only)."""
    if key in PERSON_KEYS:
        return True
    if ".pro." in key or key.endswith(".pro"):
        return False
    return key.startswith(PERSON_PREFIXES) and not key.startswith(PRO_PREFIXES)


# --- the active language ---------------------------------------------------------------------------------

_current: ContextVar[str] = ContextVar("dossier_language", default=FRENCH)


def known(language: str | None) -> str:
    """`language` when the app has it, else French (a stored or typed value is never trusted as is)."""
    return language if language in LANGUAGES else FRENCH


def language() -> str:
    return _current.get()


def set_language(value: str | None) -> None:
    """The page shell's call, once per run (a Streamlit run has its own thread, so its own context)."""
    _current.set(known(value))


@contextlib.contextmanager
def use(value: str | None) -> Iterator[str]:
    """Write something for one person in their language (a notice, a letter), then back to the page's."""
    token = _current.set(known(value))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def right_to_left(value: str | None = None) -> bool:
    return known(value or language()) in RIGHT_TO_LEFT


def babel_locale(value: str | None = None) -> str:
    return LOCALES[known(value or language())]


def isolate(text: str) -> str:
    """A value inside a right-to-left sentence keeps its own direction (FSI … PDI); elsewhere as it is."""
    return f"{FSI}{text}{PDI}" if language() in RIGHT_TO_LEFT else text


# --- catalogues ------------------------------------------------------------------------------------------

def po_path(value: str) -> Path:
    return LOCALE_DIR / value / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(value: str):
    """The Babel catalogue of a language, as its .po file holds it."""
    from babel.messages.pofile import read_po

    with po_path(value).open("rb") as handle:
        return read_po(handle, locale=value, domain=DOMAIN)


@cache
def translations(value: str) -> gettext.NullTranslations:
    """The gettext translations of a language, once per process (French: none, the msgid is the text)."""
    if value == FRENCH or value not in LANGUAGES:
        return gettext.NullTranslations()
    po, mo = po_path(value), po_path(value).with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(value))  # fuzzy entries left out, as msgfmt does
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _marking() -> bool:
    return os.environ.get(MARK_MISSING, "") not in ("", "0")


def text(key: str, french: str) -> str:
    """The text of `key` in the active language; French when the key is not the person's or the
    translation is missing (or older than the French)."""
    value = _current.get()
    if value == FRENCH:
        return french
    if translated(key):
        found = translations(value).pgettext(key, french)
        if found is not french or french == "":
            return found
    return f"⟦{key}⟧" if _marking() else french


def plural(key: str, one: str, other: str, n: int) -> str:
    """The plural form of `key` for `n` in the active language (Arabic has six), by its catalogue's
    Plural-Forms; French: « one » for 0 and 1, « other » above."""
    value = _current.get()
    if value == FRENCH:
        return one if n <= 1 else other
    found = translations(value).npgettext(key, one, other, n)
    if found is one or found is other:  # not translated: gettext answered with the French
        return f"⟦{key}⟧" if _marking() else (one if n <= 1 else other)
    return found


# --- extraction (Babel's method for dossier/labels.py, named in babel.cfg) -----------------------------

def _dict_literal(tree: ast.Module, name: str) -> ast.Dict | None:
    for node in tree.body:
        target = node.target if isinstance(node, ast.AnnAssign) else (
            node.targets[0] if isinstance(node, ast.Assign) else None)
        if isinstance(target, ast.Name) and target.id == name and isinstance(node.value, ast.Dict):
            return node.value
    return None


def extract_labels(fileobj, keywords, comment_tags, options):
    """Babel extraction method: every key of `LABELS` the rule translates, as pgettext(key, French), and
    every key of `PLURALS` as npgettext(key, one, other). Read from the source (no import), in order."""
    tree = ast.parse(fileobj.read())
    labels = _dict_literal(tree, "LABELS")
    for key_node, value_node in zip(labels.keys, labels.values, strict=True) if labels else ():
        key = ast.literal_eval(key_node)
        if translated(key):
            yield key_node.lineno, "pgettext", (key, ast.literal_eval(value_node)), [f"key: {key}"]
    plurals = _dict_literal(tree, "PLURALS")
    for key_node, value_node in zip(plurals.keys, plurals.values, strict=True) if plurals else ():
        key = ast.literal_eval(key_node)
        one, other, *_counted = ast.literal_eval(value_node)
        yield key_node.lineno, "npgettext", (key, one, other), [f"key: {key}"]
