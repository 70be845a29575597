"""Several app processes on one PostgreSQL store (docs/deployment.md), in Debian Chromium.

Two `streamlit run app.py` processes (A and B, each on its own port, as behind a reverse proxy with
sticky sessions) share the test database. David (D2026-0001), signed in through B, sees on « Mes
partages » that his feuille de route is shared with France Travail; signed in through A, he withdraws
it; the withdrawal is in the shared database; and his session on B, which lives in B's memory and never
talked to A, shows the switch off at its next read of the page. The browser signed in through A then
opens a page through B and is signed in there (issue 15: the session is a row of the shared store).

PostgreSQL only: SQLite is the single-machine store (see docs/deployment.md).
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from dossier.labels import t
from dossier.tools import DEMO_PERSON_CODE
from storage.models import Beneficiary, Consent, ConsentWithdrawal, Organisation
from tests.support.browser import (
    card_of,
    heading,
    nav,
    new_phone,
    open_page,
    sign_in_person,
    streamlit_server,
    switch,
    tap_switch,
)
from tests.support.domain import FRANCE_TRAVAIL, PERSON, organisation_name

pytestmark = [pytest.mark.engines, pytest.mark.slow, pytest.mark.skipif(
    os.environ["DATABASE_URL"].startswith("sqlite"),
    reason="several app processes share a PostgreSQL store; SQLite is the single-machine set-up",
)]

CATEGORY = "feuille_de_route"
SERVER_START_S = 120.0  # two Streamlit processes starting on a loaded 2-core machine


def withdrawals(engine) -> list[tuple[str, str]]:
    """(channel, actor kind) of every withdrawal of David's « feuille de route » consent to France Travail."""
    with Session(engine) as session:
        person_id = session.exec(select(Beneficiary.id).where(Beneficiary.dossier_number == PERSON)).one()
        ft_id = session.exec(select(Organisation.id).where(Organisation.code == FRANCE_TRAVAIL)).one()
        rows = session.exec(
            select(ConsentWithdrawal.channel, ConsentWithdrawal.actor_kind)
            .join(Consent, Consent.id == ConsentWithdrawal.consent_id)
            .where(Consent.beneficiary_id == person_id, Consent.category == CATEGORY,
                   Consent.recipient_organisation_id == ft_id)).all()
        return [tuple(row) for row in rows]


def open_sharing(page) -> None:
    nav(page, "nav.sharing")
    expect(heading(page, t("sharing.title"))).to_be_visible()


def test_a_withdrawal_made_through_one_process_is_seen_through_the_other(demo, browser):
    ft_name = organisation_name(demo, FRANCE_TRAVAIL)
    assert withdrawals(demo) == []  # the demo shares David's roadmap with France Travail

    with streamlit_server(timeout=SERVER_START_S) as server_a:
        with streamlit_server(timeout=SERVER_START_S) as server_b:
            assert server_a.url != server_b.url
            assert server_a.process.pid != server_b.process.pid
            on_b, on_a = new_phone(browser), new_phone(browser)
            try:
                # Through B: David signs in; « Ma feuille de route » is shared with France Travail.
                sign_in_person(on_b, server_b.url, PERSON, DEMO_PERSON_CODE)
                open_sharing(on_b)
                expect(switch(card_of(on_b, ft_name), CATEGORY)).to_be_checked()

                # Through A, another session in another process: he withdraws it.
                sign_in_person(on_a, server_a.url, PERSON, DEMO_PERSON_CODE)
                open_sharing(on_a)
                card_a = card_of(on_a, ft_name)
                expect(switch(card_a, CATEGORY)).to_be_checked()
                tap_switch(on_a, card_a, CATEGORY)
                expect(on_a.get_by_text(t("sharing.withdrawn", name=ft_name, category=t(f"category.{CATEGORY}")),
                                        exact=True)).to_be_visible()
                expect(switch(card_of(on_a, ft_name), CATEGORY)).not_to_be_checked()

                # It is in the shared database: one withdrawal, made by the person on her own device.
                assert withdrawals(demo) == [("autonome", "beneficiary")], server_a.log()

                # Through B: the session opened before the change reads the page again and sees it off
                # (the other category, untouched, stays on). A's message never reaches B's session.
                nav(on_b, "nav.home")
                open_sharing(on_b)
                card_b = card_of(on_b, ft_name)
                expect(switch(card_b, CATEGORY)).not_to_be_checked()
                expect(switch(card_b, "identite_contact")).to_be_checked()
                expect(on_b.get_by_text(t("sharing.withdrawn", name=ft_name, category=t(f"category.{CATEGORY}")),
                                        exact=True)).to_have_count(0)

                # The browser signed in through A is signed in through B too (its session is a row of the
                # shared store, its cookie does not depend on the port): a new tab on B opens the page.
                tab_on_b = on_a.context.new_page()
                open_page(tab_on_b, server_b.url + "/partages")
                expect(heading(tab_on_b, t("sharing.title"))).to_be_visible()
                expect(tab_on_b.get_by_role("button", name=t("nav.signout"))).to_be_visible()
            finally:
                on_a.context.close()
                on_b.context.close()
