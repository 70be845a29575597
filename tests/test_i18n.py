"""The translation layer and its catalogues (no database): every key of the person's is translated into
every language with the same placeholders, plural forms come from each catalogue's own rule, the
catalogues are what Babel's extraction of labels.py gives, professionals' texts stay French, and Arabic
values keep their own direction."""

from __future__ import annotations

import datetime as dt
import string
import subprocess
import sys
from pathlib import Path

import pytest

from dossier import formatting, i18n
from dossier.labels import LABELS, PLURALS, t

ROOT = Path(__file__).resolve().parents[1]
OTHER_LANGUAGES = [code for code in i18n.LANGUAGES if code != i18n.FRENCH]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def person_keys() -> list[str]:
    return [key for key in LABELS if i18n.translated(key)]


@pytest.fixture(scope="module", params=OTHER_LANGUAGES)
def catalogue(request):
    return request.param, i18n.read_catalogue(request.param)


def entries(catalogue) -> dict[str, object]:
    return {message.context: message for message in catalogue if message.id}


def test_every_key_of_the_persons_is_translated_in_every_language(catalogue):
    """A key missing, empty or fuzzy (its French changed since it was translated) fails, by name."""
    language, found = catalogue
    messages = entries(found)
    missing = [key for key in person_keys() if key not in messages or not messages[key].string
               or messages[key].fuzzy or messages[key].id != LABELS[key]]
    missing += [key for key in PLURALS if key not in messages or messages[key].fuzzy
                or not all(messages[key].string) or tuple(messages[key].id) != PLURALS[key][:2]]
    assert missing == [], f"{language}: translate these keys (make i18n, then the .po file): {missing}"


def test_placeholders_are_the_same_in_every_language(catalogue):
    language, found = catalogue
    differ = []
    for key, message in entries(found).items():
        french = PLURALS[key][:2] if key in PLURALS else (LABELS.get(key),)
        if french[0] is None:
            continue
        wanted = set().union(*(placeholders(text) for text in french))
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        differ += [(key, form) for form in forms if form and placeholders(form) - wanted]
        # every placeholder of the French is in the translation (a plural form may say « one » in words)
        if message.string and not isinstance(message.string, tuple) and placeholders(message.string) != wanted:
            differ.append((key, message.string))
    assert differ == [], f"{language}: placeholders differ from the French: {differ}"


def test_each_plural_form_keeps_the_counted_value():
    """Arabic says « one » and « two » in words, but every form still shows the number it counts (tests
    and the person read the same figure)."""
    for language in OTHER_LANGUAGES:
        for key, message in entries(i18n.read_catalogue(language)).items():
            if key in PLURALS:
                counted = PLURALS[key][2] if len(PLURALS[key]) > 2 else "count"
                assert all(counted in placeholders(form) for form in message.string), (language, key)


def test_the_catalogues_hold_only_the_persons_keys(catalogue):
    """Professionals' pages stay French: their keys are never extracted (the rule is i18n.translated)."""
    language, found = catalogue
    extra = [key for key in entries(found) if key not in PLURALS and not i18n.translated(key)]
    assert extra == []
    assert not i18n.translated("nav.admin") and not i18n.translated("home.pro.hello")
    assert not i18n.translated("booking.title.pro") and not i18n.translated("category.pro.sante")
    assert i18n.translated("signin.pro") and i18n.translated("home.person.hello")


def test_the_template_is_what_babel_extracts_from_labels_py(tmp_path):
    """`make i18n` is up to date: Babel's own extraction, with the method named in babel.cfg, gives the
    same entries as locale/messages.pot."""
    out = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg",
                    "-o", str(out), "--no-wrap", "--no-location", "-c", "key:", "."], cwd=ROOT, check=True)
    from babel.messages.pofile import read_po

    def ids(path):
        with open(path, "rb") as handle:
            return [(m.context, m.id) for m in read_po(handle) if m.id]

    assert ids(out) == ids(ROOT / "locale" / "messages.pot"), "run `make i18n`"
    assert len(ids(out)) == len(person_keys()) + len(PLURALS)


def test_t_speaks_the_active_language_and_falls_back_to_french():
    assert t("nav.home") == "Accueil"
    with i18n.use("en"):
        assert t("nav.home") == "Home"
        assert t("nav.admin") == LABELS["nav.admin"]  # a professional's text: French
        with i18n.use("ar"):
            assert t("nav.home") == "الصفحة الرئيسية"
        assert i18n.language() == "en"
    assert i18n.language() == "fr"
    with i18n.use("xx"):  # an unknown value is French
        assert t("nav.home") == "Accueil"


def test_a_missing_translation_shows_a_marker_when_asked(monkeypatch):
    monkeypatch.setenv(i18n.MARK_MISSING, "1")
    with i18n.use("en"):
        assert t("nav.admin") == "⟦nav.admin⟧"
        assert t("nav.home") == "Home"
    assert t("nav.admin") == LABELS["nav.admin"]  # French never shows the marker


def test_plural_forms_follow_each_language():
    assert t("error.summary", count=1).startswith("Le formulaire contient 1 erreur.")
    assert t("error.summary", count=0).startswith("Le formulaire contient 0 erreur.")  # French: 0 is singular
    assert t("error.summary", count=3).startswith("Le formulaire contient 3 erreurs.")
    with i18n.use("en"):
        assert t("error.summary", count=1).startswith("The form has 1 error.")
        assert t("error.summary", count=0).startswith("The form has 0 errors.")
    with i18n.use("ar"):
        forms = {n: t("booking.target", days=n) for n in (0, 1, 2, 3, 11, 100)}
    assert len(set(forms.values())) == 6  # zero, one, two, few, many, other
    assert "يومان" in forms[2] and "أيام" in forms[3] and "يومًا" in forms[11]
    assert all(f"{i18n.FSI}{n}{i18n.PDI}" in text for n, text in forms.items())


def test_no_string_of_the_persons_says_s_in_brackets():
    """Plurals are done with the count, not « action(s) »."""
    assert [key for key in person_keys() if "(s)" in LABELS[key] or "(x)" in LABELS[key]] == []


def test_values_keep_their_direction_in_arabic_only():
    assert t("home.person.dossier", number="D2026-0001") == "Numéro de dossier : D2026-0001"
    with i18n.use("ar"):
        text = t("home.person.dossier", number="D2026-0001")
    assert text == f"رقم الملف: {i18n.FSI}D2026-0001{i18n.PDI}"


def test_dates_and_numbers_follow_the_language():
    day = dt.date(2026, 12, 4)
    assert formatting.long_date(day) == "vendredi 4 décembre"
    with i18n.use("en"):
        assert formatting.long_date(day) == "Friday 4 December"
        assert formatting.integer(12345) == "12,345"
    with i18n.use("ar"):
        assert formatting.long_date(day) == "الجمعة، 4 ديسمبر"
        assert formatting.time(dt.time(14, 30)) == "14:30"
        assert formatting.date(day) == "04/12/2026"  # figures as on French letters, left to right
    assert formatting.long_date(day, "en_GB") == "Friday 4 December"  # an explicit locale still wins


def test_the_language_names_are_each_in_itself():
    assert i18n.NAMES == {"fr": "Français", "en": "English", "ar": "العربية"}
    assert i18n.right_to_left("ar") and not i18n.right_to_left("en")


def test_the_compiled_catalogue_matches_its_po(tmp_path, monkeypatch):
    """A .mo compiled by `make` (pybabel compile) gives the same texts as the .po read at start-up."""
    from babel.messages.mofile import write_mo

    for language in OTHER_LANGUAGES:
        i18n.translations.cache_clear()
        from_po = i18n.translations(language)
        mo = tmp_path / f"{language}.mo"
        with mo.open("wb") as handle:
            write_mo(handle, i18n.read_catalogue(language))
        import gettext

        with mo.open("rb") as handle:
            from_mo = gettext.GNUTranslations(handle)
        for key in person_keys()[:50]:
            assert from_po.pgettext(key, LABELS[key]) == from_mo.pgettext(key, LABELS[key])
    i18n.translations.cache_clear()


# The glossary's main terms (docs/glossary.md), used the same way in every translation (Arabic: the stem,
# which takes the article or a possessive: رمز التفعيل, رمز تفعيل; الرمز الشخصي, رمزك الشخصي).
GLOSSARY = {
    r"\bréférent\b(?! de)": {"en": "adviser", "ar": "مرافق"},
    r"feuille de route": {"en": "roadmap", "ar": "خارطة"},
    r"\bcréneaux?\b": {"en": "time slot", "ar": "وقت"},
    r"code personnel": {"en": "personal code", "ar": "شخصي"},
    r"code d'activation": {"en": "activation code", "ar": "تفعيل"},
    r"numéro de dossier": {"en": "file number", "ar": "ملف"},
}


def test_the_glossary_terms_are_used_consistently():
    import re

    off = []
    for language in OTHER_LANGUAGES:
        messages = entries(i18n.read_catalogue(language))
        for key in person_keys():
            french = LABELS[key]
            for pattern, wanted in GLOSSARY.items():
                if re.search(pattern, french, re.IGNORECASE) and key in messages:
                    found = messages[key].string
                    if wanted[language].casefold() not in found.casefold():
                        off.append((language, key, wanted[language], found))
    assert off == [], "\n".join(map(str, off))
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert all(term in glossary for words in GLOSSARY.values() for term in words.values())
