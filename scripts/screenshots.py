"""Screenshots for the README and for review: every person-facing page at phone size (390 x 844), then
the référent's « Ma file active » and the coordinator's pilotage page at desktop size (1280 x 800).
The person's pages again in each other language, chosen with the page's own control, under
`<out>/<language>/` (the professionals' pages stay in French).

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--languages fr,en,ar]

Builds a throw-away SQLite database with the fictional demo data, starts the app on it, signs in in
Debian Chromium and saves one PNG per page (full page, CSS pixels)."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PERSON = "D2026-0001"  # the fictional demo person (dossier.demo)
# file name -> menu label key (None: a screen reached otherwise)
SHOTS = [
    ("01-bienvenue-borne", None),
    ("02-connexion", None),
    ("03-activation", None),
    ("04-accueil", "nav.home"),
    ("05-menu", None),
    ("06-feuille-de-route", "nav.roadmap"),
    ("07-ma-situation", "nav.situation"),
    ("08-ce-qui-a-change", "nav.history"),
    ("09-rendez-vous", "nav.booking"),
    ("10-mes-partages", "nav.sharing"),
    ("11-qui-a-consulte", "nav.consulted"),
    ("12-mes-donnees", "nav.export"),
    ("13-accessibilite", "nav.accessibility"),
    ("14-mes-appareils", "nav.devices"),
]
PRO_SHOTS = [  # file name, fictional demo account, menu label key
    ("20-file-active", "claire.morel@cd-vv.demo", "nav.caseload"),
    ("21-pilotage", "marc.fontaine@cd-vv.demo", "nav.pilotage"),
    ("22-campagnes", "lucas.petit@cd-vv.demo", "nav.campaigns"),
]


def _prepare_database(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'demo.db'}"
    os.environ["DOSSIER_PEPPER"] = secrets.token_hex(16)
    os.environ.pop("DOSSIER_KIOSK", None)
    from dossier.settings import get_settings
    from dossier.tools import prepare_database, seed_demo
    from storage.engine import session_scope

    get_settings.cache_clear()
    prepare_database()
    with session_scope() as session:
        seed_demo(session)


def _reset_language() -> None:
    from sqlalchemy import update

    from storage.engine import session_scope
    from storage.models import Beneficiary

    with session_scope() as session:
        session.execute(update(Beneficiary).values(language="fr"))


def capture(out: Path, languages: tuple[str, ...] = ("fr", "en", "ar")) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from dossier import i18n
    from dossier.labels import t
    from dossier.tools import DEMO_PASSWORD, DEMO_PERSON_CODE
    from tests.support.browser import (
        follow_menu,
        launch_chromium,
        new_phone,
        open_menu,
        open_page,
        streamlit_server,
        wait_idle,
    )

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def shot(page, name: str) -> None:
        """The whole page: Streamlit scrolls inside its main region, so grow the window to the content."""
        wait_idle(page)
        size = page.viewport_size
        height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], int(height))})
        page.wait_for_timeout(500)
        path = out / f"{name}.png"
        page.screenshot(path=str(path), scale="css", animations="disabled")
        page.set_viewport_size(size)
        saved.append(path)

    def choose(page, language: str) -> None:
        if language != i18n.FRENCH:
            page.locator('[class*="st-key-language_"]').get_by_role("radio", name=i18n.NAMES[language],
                                                                    exact=True).click()
            wait_idle(page)

    def person_shots(browser, server, language: str) -> None:
        nonlocal out
        home, out = out, (out if language == i18n.FRENCH else out / language)
        out.mkdir(parents=True, exist_ok=True)
        with i18n.use(language):
            page = new_phone(browser)
            open_page(page, server.url + "/?borne=1")
            choose(page, language)
            shot(page, SHOTS[0][0])
            page.context.close()
            page = new_phone(browser)
            open_page(page, server.url + "/activation")
            choose(page, language)
            shot(page, SHOTS[2][0])
            open_page(page, server.url + "/")
            choose(page, language)
            shot(page, SHOTS[1][0])
            page.get_by_label(t("signin.identifier"), exact=True).fill(PERSON)
            page.get_by_label(t("signin.code"), exact=True).fill(DEMO_PERSON_CODE)
            page.get_by_role("button", name=t("signin.submit")).click()
            wait_idle(page)
            for name, label in SHOTS[3:]:  # the person's pages
                if label is None:  # the menu, open
                    open_menu(page)
                    shot(page, name)
                    page.keyboard.press("Escape")
                    continue
                follow_menu(page, t(label))
                shot(page, name)
            page.context.close()
        out = home

    with tempfile.TemporaryDirectory() as folder:
        _prepare_database(Path(folder))
        with streamlit_server() as server, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for language in languages:
                person_shots(browser, server, language)
                if language != i18n.FRENCH:  # the person's preference, stored by the control: back to French
                    _reset_language()
            if i18n.FRENCH not in languages:
                browser.close()
                return saved
            for name, email, label in PRO_SHOTS:
                context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
                page = context.new_page()
                open_page(page, server.url + "/")
                page.get_by_text(t("signin.pro"), exact=True).click()
                wait_idle(page)
                page.get_by_label(t("signin.email"), exact=True).fill(email)
                page.get_by_label(t("signin.password"), exact=True).fill(DEMO_PASSWORD)
                page.get_by_role("button", name=t("signin.submit")).click()
                wait_idle(page)
                follow_menu(page, t(label))
                page.wait_for_timeout(1500)  # charts draw after the script ends
                shot(page, name)
                context.close()
            browser.close()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--languages", default="fr,en,ar", help="comma-separated: fr,en,ar")
    args = parser.parse_args()
    for path in capture(args.out, tuple(args.languages.split(","))):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
