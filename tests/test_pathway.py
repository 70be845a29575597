"""« Fin d'accompagnement » without Streamlit, on both engines, over the demo: the exit kinds as data,
an exit recorded by the person's référent or the coordination (refusals next to their field, in
French), append-only rows (UPDATE and DELETE refused by the database), a return that keeps both rows
in the history, the person's own comment, and who may record or read."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from dossier import clock, formatting
from dossier.errors import FieldErrors, PermissionDenied
from dossier.labels import LABELS
from dossier.pathway import comment_exit, exit_kinds, pathway_of, record_exit, reopen
from dossier.vocabulary import ExitContract, PathwayEventKind, WorkingTime
from storage.models import PathwayComment, PathwayExit
from tests.support.domain import (
    ACCUEIL,
    ADMIN,
    CLAIRE,
    COORDINATOR,
    DAVID,
    JULIE,
    NICOLAS,
    THEO,
    assert_refused,
    me,
    person_by_number,
    pro_actor,
)

REASON = "La personne a trouvé un poste de magasinier"


def test_the_exit_kinds_are_data_with_their_flags():
    kinds = exit_kinds()
    assert list(kinds) == ["emploi_durable", "emploi_temporaire", "formation_qualifiante", "creation_entreprise",
                           "demenagement", "fin_droits", "injoignable", "autre"]
    assert {c for c, k in kinds.items() if k.dynamic} == {"emploi_durable", "emploi_temporaire",
                                                          "formation_qualifiante", "creation_entreprise"}
    assert {c for c, k in kinds.items() if k.follow_up} == {"emploi_durable", "creation_entreprise"}
    assert {c for c, k in kinds.items() if k.job} == {"emploi_durable", "emploi_temporaire"}
    assert {c for c, k in kinds.items() if k.reason_required} == {"autre"}
    assert all(k.label and k.label[0].isupper() for k in kinds.values())


def test_the_referent_records_an_exit_and_the_person_reads_it(demo):
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        day = clock.today() - dt.timedelta(days=3)
        record_exit(session, pro_actor(session, CLAIRE), david.id, "emploi_durable", day, ExitContract.CDI,
                    WorkingTime.FULL, REASON)
        session.commit()
        line = pathway_of(session, me(session, DAVID), david.id).current_exit
    assert line is not None and line.exit_code == "emploi_durable" and line.day == day
    assert (line.contract, line.working_time, line.reason) == ("cdi", "temps_plein", REASON)
    assert line.dynamic and line.follow_up and line.label == exit_kinds()["emploi_durable"].label
    assert line.recorded_by and line.comment is None


def test_a_job_that_is_not_a_job_keeps_no_contract(demo):
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        record_exit(session, pro_actor(session, CLAIRE), david.id, "demenagement", clock.today(), "cdi",
                    "temps_plein", "")
        row = session.exec(select(PathwayExit).where(PathwayExit.beneficiary_id == david.id)).one()
    assert (row.contract, row.working_time, row.reason) == (None, None, None)


@pytest.mark.parametrize(("code", "day", "contract", "working_time", "reason", "expected"), [
    ("inconnu", 0, None, None, "", {"exit_code": "error.exit.code"}),
    (None, 0, None, None, "", {"exit_code": "error.exit.code"}),
    ("fin_droits", None, None, None, "", {"exit_date": "error.exit.date"}),
    ("fin_droits", -1, None, None, "", {"exit_date": "error.exit.date.future"}),
    ("emploi_temporaire", 0, None, None, "", {"contract": "error.exit.contract",
                                               "working_time": "error.exit.working_time"}),
    ("emploi_temporaire", 0, "stage", "temps_plein", "", {"contract": "error.exit.contract"}),
    ("autre", 0, None, None, "   ", {"reason": "error.exit.reason"}),
    ("autre", 0, None, None, "x" * 501, {"reason": "error.text.too_long_500"}),
])
def test_bad_input_is_refused_next_to_its_field_in_french(demo, code, day, contract, working_time, reason,
                                                           expected):
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        exit_date = None if day is None else clock.today() - dt.timedelta(days=day)
        with pytest.raises(FieldErrors) as caught:
            record_exit(session, pro_actor(session, CLAIRE), david.id, code, exit_date, contract, working_time,
                        reason)
        assert caught.value.errors == expected
        assert all(key in LABELS for key in expected.values())
        assert session.exec(select(PathwayExit).where(PathwayExit.beneficiary_id == david.id)).all() == []


def test_who_may_record_an_exit(demo):
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        for email in (JULIE, THEO, ACCUEIL):  # another structure (even with consent), the accueil
            with pytest.raises(PermissionDenied):
                record_exit(session, pro_actor(session, email), david.id, "fin_droits", clock.today())
        with pytest.raises(PermissionDenied):
            record_exit(session, me(session, DAVID), david.id, "fin_droits", clock.today())
        for email in (COORDINATOR, ADMIN):  # the coordination (ADMIN is also coordinateur)
            record_exit(session, pro_actor(session, email), david.id, "fin_droits", clock.today())
        assert len(session.exec(select(PathwayExit).where(PathwayExit.beneficiary_id == david.id)).all()) == 2


def test_who_may_read_the_pathway(demo):
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        record_exit(session, pro_actor(session, CLAIRE), david.id, "injoignable", clock.today())
        session.commit()
        for reader in (me(session, DAVID), pro_actor(session, CLAIRE), pro_actor(session, JULIE),
                       pro_actor(session, COORDINATOR)):  # self, mission, consent (roadmap), the coordination
            assert pathway_of(session, reader, david.id).current_exit.exit_code == "injoignable"
        for reader in (pro_actor(session, THEO), pro_actor(session, ACCUEIL), me(session, NICOLAS)):
            with pytest.raises(PermissionDenied):
                pathway_of(session, reader, david.id)


def test_rows_are_append_only(demo):
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        record_exit(session, pro_actor(session, CLAIRE), david.id, "autre", clock.today(), reason=REASON)
        comment_exit(session, me(session, DAVID), david.id, "Merci pour tout")
        session.commit()
    assert_refused(demo, "pathway_exit", "UPDATE pathway_exit SET exit_code = 'fin_droits'")
    assert_refused(demo, "pathway_exit", "DELETE FROM pathway_exit")
    assert_refused(demo, "pathway_comment", "UPDATE pathway_comment SET comment = 'autre chose'")
    assert_refused(demo, "pathway_comment", "DELETE FROM pathway_comment")
    if demo.dialect.name == "postgresql":  # SQLite has no TRUNCATE
        assert_refused(demo, "pathway_comment", "TRUNCATE pathway_comment")
        assert_refused(demo, "pathway_exit", "TRUNCATE pathway_exit CASCADE")


def test_a_correction_and_a_return_keep_every_row_in_the_history(demo):
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        claire = pro_actor(session, CLAIRE)
        with pytest.raises(FieldErrors) as caught:
            reopen(session, claire, david.id, "Elle revient")
        assert caught.value.errors == {"_form": "error.exit.not_ended"}
        record_exit(session, claire, david.id, "emploi_temporaire", clock.today() - dt.timedelta(days=9),
                    "interim", "temps_partiel")
        record_exit(session, claire, david.id, "emploi_durable", clock.today() - dt.timedelta(days=9),
                    "cdd", "temps_plein")  # a correction: a new row
        with pytest.raises(FieldErrors) as caught:
            reopen(session, claire, david.id, " ")
        assert caught.value.errors == {"reason": "error.exit.reopen_reason"}
        reopen(session, claire, david.id, "Le contrat s'est arrêté plus tôt que prévu")
        session.commit()
        pathway = pathway_of(session, me(session, DAVID), david.id)
    assert [line.kind for line in pathway.lines] == [PathwayEventKind.REOPENED, PathwayEventKind.EXIT,
                                                      PathwayEventKind.EXIT]
    assert [line.exit_code for line in pathway.lines] == [None, "emploi_durable", "emploi_temporaire"]
    assert pathway.current_exit is None and pathway.lines[0].day == clock.today()


def test_only_the_person_comments_their_latest_exit(demo):
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        with pytest.raises(FieldErrors) as caught:
            comment_exit(session, me(session, DAVID), david.id, "Rien")
        assert caught.value.errors == {"_form": "error.exit.not_ended"}
        record_exit(session, pro_actor(session, CLAIRE), david.id, "formation_qualifiante", clock.today())
        for other in (pro_actor(session, CLAIRE), pro_actor(session, COORDINATOR), me(session, NICOLAS)):
            with pytest.raises(PermissionDenied):
                comment_exit(session, other, david.id, "Pas à moi d'écrire")
        with pytest.raises(FieldErrors) as caught:
            comment_exit(session, me(session, DAVID), david.id, "  ")
        assert caught.value.errors == {"comment": "error.required"}
        comment_exit(session, me(session, DAVID), david.id, "Je commence lundi")
        comment_exit(session, me(session, DAVID), david.id, "Je commence mardi finalement")
        session.commit()
        line = pathway_of(session, pro_actor(session, CLAIRE), david.id).current_exit
        assert line.comment == "Je commence mardi finalement"
        assert len(session.exec(select(PathwayComment)).all()) == 2


def test_an_exit_never_comes_before_entering_rsa_nor_before_the_last_return(demo):
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        claire = pro_actor(session, CLAIRE)
        entry = david.rsa_entry_date
        with pytest.raises(FieldErrors) as caught:
            record_exit(session, claire, david.id, "fin_droits", entry - dt.timedelta(days=1))
        assert caught.value.errors == {"exit_date": ("error.exit.date.before_entry",
                                                     {"date": formatting.date(entry)})}
        with pytest.raises(FieldErrors) as caught:
            record_exit(session, claire, david.id, "fin_droits", "32/13/2026")  # as typed in the form
        assert caught.value.errors == {"exit_date": "error.date.format"}
        record_exit(session, claire, david.id, "fin_droits", entry.strftime("%d/%m/%Y"))  # the day itself is fine
        reopen(session, claire, david.id, "Il revient vers nous")
        with pytest.raises(FieldErrors) as caught:
            record_exit(session, claire, david.id, "injoignable", clock.today() - dt.timedelta(days=1))
        assert caught.value.errors == {"exit_date": ("error.exit.date.before_return",
                                                     {"date": formatting.date(clock.today())})}
        record_exit(session, claire, david.id, "injoignable", clock.today())
        assert len(session.exec(select(PathwayExit).where(PathwayExit.beneficiary_id == david.id)).all()) == 3
