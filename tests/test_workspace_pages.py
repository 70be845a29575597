"""The professional workspace through the real app.py (AppTest): « Ma file active » with its alerts and
their links, orientation (and the person reading it), the pilotage page (aggregates only, small counts not shown,
definitions from docs/indicateurs.md, a CSV beside each table) and the administration page."""

from __future__ import annotations

import datetime as dt
import html
import re

from sqlmodel import Session, select

from dossier import clock, formatting, pilotage
from dossier.labels import t
from dossier.tools import DEMO_PASSWORD
from storage.engine import session_scope
from storage.models import Organisation, Professional
from tests.support.apptest import (
    app,
    as_person,
    as_professional,
    assert_no_personal_data,
    assert_ok,
    click,
    field_errors,
    has_actor,
    k,
    page_links,
    pro_on,
    sign_in_professional,
)
from tests.support.domain import (
    ADMIN,
    COORDINATOR,
    NICOLAS,
    ORIENTATION_REASON,
    PERSON,
    REFERENT,
    person,
    pro_actor_from_engine,
)

CELL = re.compile(r"<tr><td>(.*?)</td><td>(.*?)</td>")


def tables(at) -> str:
    return "\n".join(str(m.value) for m in at.markdown if "<table>" in str(m.value))


def cells(at) -> dict[str, str]:
    """First column -> second column of every table on the page (HTML-unescaped)."""
    return {html.unescape(a): html.unescape(b) for a, b in CELL.findall(tables(at))}


# --- « Ma file active » --------------------------------------------------------------------------


def test_the_caseload_lists_the_alerts_and_opens_the_roadmap_of_the_person(demo):
    at = pro_on(demo, REFERENT, "file-active")
    assert [e.value for e in at.title] == [t("caseload.title")]
    text = "\n".join(str(m.value) for m in at.markdown) + "\n" + "\n".join(e.value for e in at.get("markdown"))
    assert t("caseload.alert.modifiee_depuis_validation") in text  # David (demo): modified since validation
    assert t("caseload.alert.actions_en_retard", count=1) in text
    david = person(demo, PERSON)
    roadmap_buttons = [b for b in at.button if b.key.startswith(f"caseload_{david.id}_")
                       and b.label == t("caseload.go.roadmap")]
    assert len(roadmap_buttons) == 1  # two roadmap alerts, one button to the roadmap
    at = roadmap_buttons[0].click().run()
    assert_ok(at)
    assert [e.value for e in at.title] == [t("roadmap.title.pro")]
    assert at.selectbox(key="chosen_person__0").value == david.id


def test_the_caseload_search_and_the_accueil_without_a_caseload(demo):
    at = pro_on(demo, REFERENT, "file-active")
    at.text_input(key=k(at, "caseload_search")).input("zzzz").run()
    assert t("caseload.empty.search") in [m.value for m in at.markdown]
    at = as_professional(demo, "lucas.petit@cd-vv.demo")
    assert t("nav.caseload") not in page_links(at)


# --- orientation ----------------------------------------------------------------------------------


def test_the_coordinator_orients_and_the_person_reads_it_at_home(demo):
    at = pro_on(demo, COORDINATOR, "orienter")
    assert [e.value for e in at.title] == [t("orientation.title")]
    at = click(at, t("orientation.find"))
    assert field_errors(at).get("orientation_number") == [t("error.required")]
    at.text_input(key=k(at, "orientation_number")).input("D2026-0002")
    at = click(at, t("orientation.find"))
    with Session(demo) as session:
        cd = session.exec(select(Organisation).where(Organisation.code == "CD-VV")).one()
        claire = session.exec(select(Professional).where(Professional.email == REFERENT)).one()
    at = click(at, t("orientation.save"))  # nothing chosen: every field says why
    assert t("error.orientation.structure") in [e.value for e in at.error]
    assert t("error.orientation.kind") in [e.value for e in at.error]
    at.selectbox(key=k(at, "orientation_structure")).select(cd.id).run()
    at.selectbox(key=k(at, "orientation_referent")).select(claire.id).run()
    at.radio(key=k(at, "orientation_kind")).set_value("socio_professionnel").run()
    at.text_area(key=k(at, "orientation_reason")).input(ORIENTATION_REASON).run()
    at = click(at, t("orientation.save"))
    assert_ok(at)
    assert t("orientation.saved") in at.info.values
    nicolas = person(demo, "D2026-0002")
    assert (nicolas.organisation_id, nicolas.referent_id) == (cd.id, claire.id)

    home = as_person(demo, NICOLAS)
    assert [e.label for e in home.expander if e.label == t("home.person.orientation")]
    expected = t("orientation.history.line", date=formatting.date(clock.today()), structure=cd.name,
                 kind=t("orientation.kind.socio_professionnel"), referent="Claire Morel")
    assert expected in [m.value for m in home.markdown]
    reason = t("orientation.history.reason", reason=ORIENTATION_REASON, who="Marc Fontaine")
    assert reason in [c.value for c in home.caption]


def test_a_referent_cannot_orient_someone_of_another_structure(demo):
    at = pro_on(demo, REFERENT, "orienter")
    at.text_input(key=k(at, "orientation_number")).input("D2026-0002")  # France Travail's
    at = click(at, t("orientation.find"))
    assert field_errors(at).get("orientation_number") == [t("error.orientation.number")]
    assert not at.selectbox  # no form for a dossier she may not orient


# --- pilotage -------------------------------------------------------------------------------------


def test_the_pilotage_page_masks_small_counts_and_names_no_one(demo):
    at = pro_on(demo, COORDINATOR, "indicateurs")
    assert [e.value for e in at.title] == [t("pilotage.title")]
    start, end = clock.today() - dt.timedelta(days=183), clock.today()
    with session_scope(demo) as session:
        found = pilotage.indicators(session, pro_actor_from_engine(demo, COORDINATOR), start, end)
    shown = cells(at)
    titles = pilotage.titles()
    fa = found.first_appointments
    assert 0 < fa.bookings < pilotage.SMALL_CELL  # demo: one person booked by their référent
    assert shown[titles["rdv_reserves"]] == t("pilotage.masked.count")
    assert shown[titles["cohorte"]] == pilotage.masked(found.delays.cohort) != t("pilotage.masked.count")
    assert shown[titles["creneaux_offerts"]] == str(fa.slots)  # créneaux name no one: never masked
    assert shown[titles["reserve_par_un_professionnel"]] == t("pilotage.masked.count")  # no rate beside it
    assert len(at.get("download_button")) == 7  # one CSV beside each table (the exits' and the zones blanches' too)
    # Charts: per structure (dozens of people) and free seats per place; the appointment and channel charts
    # would only draw counts of 1 to 4, so they are left out and their tables say they are not shown.
    assert len(at.get("vega_lite_chart")) == 2
    definitions = "\n".join(m.value for m in at.markdown)
    assert pilotage.definitions()["taux_absence"] in definitions
    assert_no_personal_data(at, demo)


def test_the_pilotage_page_refuses_a_bad_period_and_other_roles(demo):
    at = pro_on(demo, COORDINATOR, "indicateurs")
    at.date_input(key=k(at, "pilotage_start")).set_value(clock.today() + dt.timedelta(days=1)).run()
    assert t("error.pilotage.period") in [e.value for e in at.error]
    for email in (REFERENT, "lucas.petit@cd-vv.demo"):
        at = as_professional(demo, email)
        assert t("nav.pilotage") not in page_links(at)


# --- administration -------------------------------------------------------------------------------


def test_admin_creates_a_structure_with_errors_next_to_the_fields(demo):
    at = pro_on(demo, ADMIN, "administration")
    assert [e.value for e in at.title] == [t("admin.title")]
    at.text_input(key=k(at, "admin_org_code")).input("pas valide !")
    at = at.button(key=k(at, "admin_org_create")).click().run()
    errors = field_errors(at)
    assert errors.get("admin_org_code") == [t("error.org.code")]
    # The name's error, then the type list's (a list is not a text field: its error follows the name's).
    assert errors.get("admin_org_name") == [t("error.required"), t("error.required")]
    at.text_input(key=k(at, "admin_org_code")).input("CCAS-RIV")
    at.text_input(key=k(at, "admin_org_name")).input("CCAS de Rivebelle")
    at.selectbox(key=k(at, "admin_org_type")).select("ccas").run()
    at = at.button(key=k(at, "admin_org_create")).click().run()
    assert_ok(at)
    assert t("admin.saved") in at.info.values
    assert "CCAS de Rivebelle" in tables(at)


def test_admin_deactivates_then_resets_a_password(demo):
    at = pro_on(demo, ADMIN, "administration")
    julie = pro_actor_from_engine(demo, "julie.roux@ft-vv.demo")
    at = at.button(key=k(at, f"admin_active_{julie.id}")).click().run()
    assert_ok(at)
    refused = sign_in_professional(app().run(), "julie.roux@ft-vv.demo", DEMO_PASSWORD)
    assert not has_actor(refused)
    at = at.button(key=k(at, f"admin_active_{julie.id}")).click().run()  # reactivate
    at.selectbox(key=k(at, "admin_reset_account")).select(julie.id).run()
    at.text_input(key=k(at, "admin_reset_password")).input("court")
    at = at.button(key=k(at, "admin_reset_submit")).click().run()
    assert field_errors(at).get("admin_reset_password")
    at.text_input(key=k(at, "admin_reset_password")).input("Nouveau-mot-de-passe-2026")
    at = at.button(key=k(at, "admin_reset_submit")).click().run()
    assert t("admin.password.done") in at.info.values
    assert has_actor(sign_in_professional(app().run(), "julie.roux@ft-vv.demo", "Nouveau-mot-de-passe-2026"))


def test_only_admin_and_coordinator_see_the_administration(demo):
    for email, expected in ((ADMIN, True), (COORDINATOR, True), (REFERENT, False)):
        at = as_professional(demo, email)
        assert (t("nav.admin") in page_links(at)) is expected, email


