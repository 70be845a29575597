"""« Fin d'accompagnement » through the real app.py (AppTest), over the demo: the référent records an
exit on the orientation page for the person found (contract and working time asked for a job, the
refusals next to their field), corrects it and records the return; the person reads their latest exit
on their home page in plain words and adds their comment; the pilotage page counts the demo's exits."""

from __future__ import annotations

import datetime as dt
import html
import re

from sqlmodel import Session, select

import ui
from dossier import clock, formatting, pilotage
from dossier.labels import t
from dossier.pathway import exit_kinds, pathway_of, record_exit
from storage.models import Organisation, PathwayComment, PathwayExit
from tests.support.apptest import as_person, assert_ok, click, errors_after, k, pro_on, subheaders
from tests.support.domain import CLAIRE, COORDINATOR, DAVID, me, person_by_number, pro_actor

REASON = "Un poste de magasinier à la plateforme logistique"
CELL = re.compile(r"<tr><td>(.*?)</td><td>(.*?)</td>")


def _found(demo, email: str = CLAIRE):
    at = pro_on(demo, email, "orienter")
    at.text_input(key=k(at, "orientation_number")).input(DAVID)
    at = click(at, t("orientation.find"))
    assert_ok(at)
    return at


def cells(at) -> dict[str, str]:
    """First column -> second column of the pilotage tables (HTML-unescaped)."""
    tables = "\n".join(str(m.value) for m in at.markdown if "<table>" in str(m.value))
    return {html.unescape(a): html.unescape(b) for a, b in CELL.findall(tables)}


def _rows(demo) -> list[PathwayExit]:
    """David's rows (the demo has exits of its own for other people)."""
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        return list(session.exec(select(PathwayExit).where(PathwayExit.beneficiary_id == david.id)
                                 .order_by(PathwayExit.id)).all())


def test_the_referent_records_an_exit_for_a_job_then_the_return(demo):
    at = _found(demo)
    assert t("exit.title") in subheaders(at)
    assert t("exit.current.none") in [m.value for m in at.markdown]
    assert not [s for s in at.selectbox if s.key == k(at, "exit_contract")]  # asked for a job only
    at.selectbox(key=k(at, "exit_exit_code")).select("emploi_durable").run()
    assert_ok(at)
    at = click(at, t("exit.save"))
    assert errors_after(at, k(at, "exit_contract")) == [t("error.exit.contract")]
    assert errors_after(at, k(at, "exit_working_time")) == [t("error.exit.working_time")]
    assert _rows(demo) == []

    day = clock.today() - dt.timedelta(days=2)
    at.text_input(key=k(at, "exit_exit_date")).input(day.strftime("%d/%m/%Y"))
    at.selectbox(key=k(at, "exit_contract")).select("cdi")
    at.radio(key=k(at, "exit_working_time")).set_value("temps_partiel")
    at.text_area(key=k(at, "exit_reason")).input(REASON).run()
    at = click(at, t("exit.save"))
    assert_ok(at)
    assert t("exit.saved") in at.info.values
    [row] = _rows(demo)
    assert (row.exit_code, row.exit_date, row.contract, row.working_time, row.reason) == (
        "emploi_durable", day, "cdi", "temps_partiel", REASON)
    label = exit_kinds()["emploi_durable"].label
    assert ui.plain(t("exit.current", date=formatting.date(day), label=label)) in [m.value for m in at.markdown]
    assert t("exit.history") in subheaders(at)
    assert [b.label for b in at.button if b.label in (t("exit.save"), t("exit.correct"))] == [t("exit.correct")]

    at = click(at, t("exit.reopen.save"))
    assert errors_after(at, k(at, "exit_reopen_reason")) == [t("error.exit.reopen_reason")]
    at.text_area(key=k(at, "exit_reopen_reason")).input("Le contrat s'est arrêté pendant la période d'essai").run()
    at = click(at, t("exit.reopen.save"))
    assert_ok(at)
    assert t("exit.reopened") in at.info.values
    assert [r.kind for r in _rows(demo)] == ["sortie", "reprise"]
    assert t("exit.current.none") in [m.value for m in at.markdown]
    assert t("exit.line.reopened", date=formatting.date(clock.today())) in [m.value for m in at.markdown]


def test_other_needs_a_reason_next_to_its_field(demo):
    at = _found(demo)
    at.selectbox(key=k(at, "exit_exit_code")).select("autre").run()
    at = click(at, t("exit.save"))
    assert_ok(at)
    assert errors_after(at, k(at, "exit_reason")) == [t("error.exit.reason")]
    assert _rows(demo) == []


def test_the_person_reads_their_exit_in_plain_words_and_adds_a_comment(demo):
    at = as_person(demo, DAVID)
    assert t("home.person.exit") not in subheaders(at)  # still accompanied: nothing about an exit
    with Session(demo) as session:
        david_id = person_by_number(session, DAVID).id
        record_exit(session, pro_actor(session, CLAIRE), david_id, "formation_qualifiante", clock.today(),
                    reason=REASON)
        session.commit()
    at = as_person(demo, DAVID)
    assert t("home.person.exit") in subheaders(at)
    texts = [m.value for m in at.markdown]
    assert t("home.person.exit.when", date=formatting.date(clock.today())) in texts
    assert ui.plain(t("home.person.exit.why", label=exit_kinds()["formation_qualifiante"].label)) in texts
    assert ui.plain(t("home.person.exit.reason", reason=REASON)) in texts

    at = click(at, t("home.person.exit.comment.save"))
    assert errors_after(at, k(at, "exit_comment_comment")) == [t("error.required")]
    comment = "Je commence la formation de cariste en janvier"
    at.text_area(key=k(at, "exit_comment_comment")).input(comment).run()
    at = click(at, t("home.person.exit.comment.save"))
    assert_ok(at)
    assert t("home.person.exit.comment.saved") in at.info.values
    assert ui.plain(t("home.person.exit.comment", comment=comment)) in [m.value for m in at.markdown]
    with Session(demo) as session:
        assert [c.comment for c in session.exec(select(PathwayComment)).all()] == [comment]
        assert pathway_of(session, me(session, DAVID), david_id).current_exit.comment == comment


def test_the_pilotage_page_counts_the_demo_exits(demo):
    """« Fins d'accompagnement » on the pilotage page: one row per exit kind, the total and the share of
    « sorties dynamiques », as the service computes them over the demo's exits, masked below 5."""
    at = pro_on(demo, COORDINATOR, "indicateurs")
    assert_ok(at)
    assert t("pilotage.section.exits") in subheaders(at)
    start, end = clock.today() - dt.timedelta(days=183), clock.today()
    with Session(demo) as session:
        coordinator = pro_actor(session, COORDINATOR)
        found = pilotage.indicators(session, coordinator, start, end).exits
        france_travail = session.exec(select(Organisation).where(Organisation.code == "FT-VV")).one()
        mine = pilotage.exits(session, coordinator, start, end, france_travail.id)
    assert found.total == 9 and found.dynamic == 5  # the demo: D2026-0026's correction counted once
    shown, titles = cells(at), pilotage.titles()
    for code, kind in exit_kinds().items():
        assert shown[kind.label] == pilotage.masked(found.by_kind[code])
    assert shown[t("pilotage.exits.total")] == "9"
    assert shown[titles["taux_sorties_dynamiques"]] == pilotage.masked_rate(5, 9) == "55,6\u00a0%"
    with Session(demo) as session:
        everything = pilotage.indicators(session, pro_actor(session, COORDINATOR), start, end)
    assert shown[titles["suivis_emploi_termines"]] == pilotage.masked(everything.follow_ups.ended) == "0"
    assert shown[titles["toujours_en_emploi"]] == pilotage.masked_count_and_rate(0, 0)  # none ended yet
    assert shown[titles["delai_feuille_de_route"]] == pilotage.masked_delay(everything.roadmap)
    definitions = "\n".join(m.value for m in at.markdown)
    for key in ("sorties_par_motif", "taux_sorties_dynamiques", "suivis_emploi_termines", "toujours_en_emploi"):
        assert pilotage.definitions()[key] in definitions

    at.selectbox(key=k(at, "pilotage_structure")).select(france_travail.id).run()
    assert_ok(at)
    assert mine.total == 3  # D2026-0022, D2026-0026 and D2026-0030
    assert cells(at)[t("pilotage.exits.total")] == t("pilotage.masked.count")
    assert cells(at)[titles["taux_sorties_dynamiques"]] == t("pilotage.masked.value")
