"""The delay to orientation and « En attente d'orientation » through the real app.py (AppTest), over the
demo: the pilotage page shows the demo's figures (masked on a handful of people), the orientation page
lists who waits, longest first — the territory for the coordinator, their structure for a référent — and
an orientation saved on the page takes the person off the list."""

from __future__ import annotations

import datetime as dt
import html
import re

from sqlalchemy import text
from sqlmodel import Session, select

from dossier import clock, formatting, pilotage
from dossier.labels import t
from dossier.people import WAITING_LISTED, waiting_for_orientation
from storage.models import Organisation, Professional
from tests.support.apptest import assert_no_personal_data, assert_ok, click, k, pro_on, subheaders, walk
from tests.support.domain import (
    CLAIRE,
    COORDINATOR,
    DAVID,
    JULIE,
    NEWCOMER,
    ORIENTATION_REASON,
    organisation,
    person,
    pro_actor,
    pro_actor_from_engine,
)
from ui.text import html_table

CELL = re.compile(r"<tr><td>(.*?)</td><td>(.*?)</td>")
NUMBER = re.compile(r"<td>(D2026-\d{4})</td>")
HEADERS = [t(f"orientation.col.{c}") for c in ("name", "number", "entry", "days", "structure")]


def cells(at) -> dict[str, str]:
    """First column -> second column of the pilotage tables (HTML-unescaped)."""
    tables = "\n".join(str(m.value) for m in at.markdown if "<table>" in str(m.value))
    return {html.unescape(a): html.unescape(b) for a, b in CELL.findall(tables)}


def html_tables(at) -> list[str]:
    return [node.proto.body for node in walk(at.main) if getattr(node, "type", "") == "html"
            and "<table>" in node.proto.body]


def expected_table(engine, email: str) -> tuple[str, list[str]]:
    """The table the page must show for this professional, from the service, and its dossier numbers."""
    with Session(engine) as session:
        people = waiting_for_orientation(session, pro_actor(session, email))
    rows = [[w.name, w.dossier_number, formatting.date(w.rsa_entry_date), formatting.integer(w.days_waiting),
             w.structure or t("orientation.col.no_structure")] for w in people]
    return html_table(HEADERS, rows), [w.dossier_number for w in people]


# --- pilotage -------------------------------------------------------------------------------------


def test_the_pilotage_page_shows_the_delay_to_orientation_over_the_demo(demo):
    at = pro_on(demo, COORDINATOR, "indicateurs")
    coordinator = pro_actor_from_engine(demo, COORDINATOR)
    start, end = clock.today() - dt.timedelta(days=183), clock.today()
    with Session(demo) as session:
        found = pilotage.indicators(session, coordinator, start, end).orientation
    titles, shown = pilotage.titles(), cells(at)
    assert found.oriented >= pilotage.SMALL_CELL and found.cohort > found.oriented  # the demo: a figure
    assert 5 <= found.delay.average <= 60 and 5 <= found.delay.median <= 60  # the demo's delays
    delay = t("pilotage.delay", average=pilotage.masked_delay(found.delay),
              median=pilotage.masked_delay(found.delay, "median"))
    assert shown[titles["delai_orientation"]] == delay
    assert t("pilotage.masked.value") not in delay and delay.endswith("\u00a0j")
    assert shown[titles["personnes_orientees"]] == str(found.oriented)
    assert shown[titles["orientees_30_jours"]] == pilotage.masked_rate(found.within_30_days, found.cohort)
    assert shown[titles["orientees_30_jours"]].endswith("\u00a0%")
    definitions = "\n".join(m.value for m in at.markdown)
    for key in ("delai_orientation", "personnes_orientees", "orientees_30_jours"):
        assert pilotage.definitions()[key] in definitions
    assert_no_personal_data(at, demo)

    with Session(demo) as session:
        france_travail = session.exec(select(Organisation).where(Organisation.code == "FT-VV")).one()
        mine = pilotage.indicators(session, coordinator, start, end, france_travail.id).orientation
    at.selectbox(key=k(at, "pilotage_structure")).select(france_travail.id).run()
    assert_ok(at)
    assert 0 < mine.oriented < found.oriented
    assert cells(at)[titles["personnes_orientees"]] == pilotage.masked(mine.oriented)
    assert cells(at)[titles["orientees_30_jours"]] == pilotage.masked_rate(mine.within_30_days, mine.cohort)


def test_the_delay_to_orientation_is_not_shown_on_a_handful_of_people(demo):
    at = pro_on(demo, COORDINATOR, "indicateurs")
    day = person(demo, DAVID).rsa_entry_date  # one day of RSA entries: David (oriented) and few others
    with Session(demo) as session:
        found = pilotage.indicators(session, pro_actor(session, COORDINATOR), day, day).orientation
    assert pilotage.is_small(found.oriented) and pilotage.is_small(found.cohort)
    at.date_input(key=k(at, "pilotage_start")).set_value(day).run()
    at.date_input(key=k(at, "pilotage_end")).set_value(day).run()
    assert_ok(at)
    shown, titles = cells(at), pilotage.titles()
    assert shown[titles["delai_orientation"]] == t("pilotage.masked.value")
    assert shown[titles["personnes_orientees"]] == t("pilotage.masked.count")
    assert shown[titles["orientees_30_jours"]] == t("pilotage.masked.value")


# --- « En attente d'orientation » -----------------------------------------------------------------


def test_the_coordinator_sees_who_waits_longest_and_orients_the_first(demo):
    at = pro_on(demo, COORDINATOR, "orienter")
    assert t("orientation.waiting") in subheaders(at)
    assert t("orientation.waiting.help.territory", limit=WAITING_LISTED) in [c.value for c in at.caption]
    table, numbers = expected_table(demo, COORDINATOR)
    assert html_tables(at) == [table]
    assert NUMBER.findall(table) == numbers and NEWCOMER in numbers and DAVID not in numbers  # David is oriented
    entries = [person(demo, n).rsa_entry_date for n in numbers]
    assert entries == sorted(entries) and len(numbers) >= 20  # the demo's twenty newcomers at least

    first = numbers[0]
    with Session(demo) as session:
        cd = session.exec(select(Organisation).where(Organisation.code == "CD-VV")).one()
        claire = session.exec(select(Professional).where(Professional.email == CLAIRE)).one()
    at.text_input(key=k(at, "orientation_number")).input(first)
    at = click(at, t("orientation.find"))
    at.selectbox(key=k(at, "orientation_structure")).select(cd.id).run()
    at.selectbox(key=k(at, "orientation_referent")).select(claire.id).run()
    at.radio(key=k(at, "orientation_kind")).set_value("professionnel").run()
    at.text_area(key=k(at, "orientation_reason")).input(ORIENTATION_REASON).run()
    at = click(at, t("orientation.save"))
    assert_ok(at)
    assert t("orientation.saved") in at.info.values
    [after] = html_tables(at)
    assert len(numbers) < WAITING_LISTED and NUMBER.findall(after) == numbers[1:]  # oriented: off the list


def test_a_referent_sees_the_people_of_her_structure_and_the_empty_state(demo):
    cd = organisation(demo, "CD-VV")
    with demo.begin() as connection:  # the newcomer imported by the Département, not yet oriented
        connection.execute(text("UPDATE beneficiary SET organisation_id = :org WHERE dossier_number = :number"),
                           {"org": cd.id, "number": NEWCOMER})
    at = pro_on(demo, CLAIRE, "orienter")
    assert t("orientation.waiting.help.structure", limit=WAITING_LISTED) in [c.value for c in at.caption]
    table, numbers = expected_table(demo, CLAIRE)
    assert html_tables(at) == [table]
    assert NEWCOMER in numbers
    assert all(person(demo, n).organisation_id == cd.id for n in numbers)
    _, theirs = expected_table(demo, JULIE)
    assert NEWCOMER not in theirs

    with demo.begin() as connection:  # nobody waits any more: no RSA entry date left without a decision
        connection.execute(text("UPDATE beneficiary SET rsa_entry_date = NULL WHERE id NOT IN "
                                "(SELECT beneficiary_id FROM orientation)"))
    for email in (COORDINATOR, CLAIRE):
        at = pro_on(demo, email, "orienter")
        assert t("orientation.waiting") in subheaders(at)
        assert t("orientation.waiting.none") in [m.value for m in at.markdown]
        assert html_tables(at) == []
