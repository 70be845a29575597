"""Defect 1 of the wave-2 list: codes, numbers, dates and phones typed in other digit scripts (an Arabic
phone keyboard types ٧٣٩١٨٤) or full-width forms are the same as their ASCII digits, everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from dossier import accounts
from dossier.accounts import SignInFailed
from dossier.accounts import _secrets as secrets
from dossier.actor import Actor
from dossier.validation import check_personal_code, normalise_digits, normalise_phone, parse_date
from storage.engine import session_scope
from storage.models import Beneficiary, Credential

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")  # U+0660…: Arabic-Indic digits
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")  # U+06F0…: Extended Arabic-Indic (Persian, Urdu)
FULL_WIDTH = str.maketrans("0123456789-/", "０１２３４５６７８９－／")
CODE = "739184"
INVITED, ACTIVATION, BORN = "D2026-0021", "VERT-2345", "05/03/1990"


@pytest.mark.parametrize("script", [ARABIC, PERSIAN, FULL_WIDTH], ids=["arabic", "persian", "full-width"])
def test_every_digit_field_reads_other_scripts_as_ascii(script):
    assert normalise_digits(CODE.translate(script)) == CODE
    assert check_personal_code(CODE.translate(script)) == CODE
    assert parse_date("12/04/1988".translate(script)) == dt.date(1988, 4, 12)
    assert normalise_phone("06 11 22 33 44".translate(script)) == "0611223344"
    assert secrets.normalise_activation_code("vert-2345".translate(script)) == "VERT2345"


def test_a_code_chosen_in_arabic_digits_signs_in_with_either_form(demo):
    with session_scope(demo) as session:
        accounts.activate(session, INVITED.translate(ARABIC), ACTIVATION.translate(ARABIC), BORN.translate(ARABIC),
                          CODE.translate(ARABIC), CODE)
    with session_scope(demo) as session:
        person = accounts.person_by_number(session, INVITED)
        stored = session.exec(select(Credential.secret_hash).where(Credential.beneficiary_id == person.id)).one()
        assert secrets.verify_secret(CODE, stored)[0]  # hashed in ASCII digits
        for typed in (CODE, CODE.translate(ARABIC), CODE.translate(PERSIAN)):
            assert accounts.sign_in_person(session, INVITED, typed).id == person.id


def test_a_code_stored_as_typed_before_the_fix_still_signs_in_and_is_stored_again_in_ascii(demo):
    with session_scope(demo) as session:
        person = accounts.person_by_number(session, "D2026-0001")
        credential = session.exec(select(Credential).where(Credential.beneficiary_id == person.id)).one()
        credential.secret_hash = secrets.hash_secret(CODE.translate(ARABIC))  # what main stored before
    with session_scope(demo) as session:
        with pytest.raises(SignInFailed):
            accounts.sign_in_person(session, "D2026-0001", CODE)  # the other form is not guessed
    with session_scope(demo) as session:
        assert accounts.sign_in_person(session, "D2026-0001", CODE.translate(ARABIC)).id == person.id
    with session_scope(demo) as session:
        assert accounts.sign_in_person(session, "D2026-0001", CODE).id == person.id


def test_dossier_numbers_and_imported_numbers_read_other_scripts(demo):
    with session_scope(demo) as session:
        assert accounts.find_person(session, "d2026-0001".translate(ARABIC)).dossier_number == "D2026-0001"
        from dossier.people._imports import import_beneficiaries

        header = "numero_dossier;nom;prenom;date_naissance;telephone;email;numero_allocataire;date_entree_rsa\n"
        line = "D-٩٠٠;Essai;Alix;١٢/٠٤/١٩٨٨;٠٦١١٢٢٣٣٤٤;;;\n"
        import_beneficiaries(session, Actor.system(), header + line, "CD-VV")
    with session_scope(demo) as session:
        person = session.exec(select(Beneficiary).where(Beneficiary.dossier_number == "D-900")).one()
        assert (person.birth_date, person.phone) == (dt.date(1988, 4, 12), "0611223344")


def test_control_characters_are_removed_from_typed_text_the_same_on_both_engines(demo):
    """Defect 15: a NUL byte in a comment was stored as is on SQLite (PostgreSQL refuses it)."""
    from dossier.people import create_organisation
    from dossier.roadmap import add_comment
    from storage.models import Comment, Goal, Organisation

    with session_scope(demo) as session:
        david = accounts.person_by_number(session, "D2026-0001")
        goal_id = session.exec(select(Goal.id).where(Goal.beneficiary_id == david.id)).first()
        comment_id = add_comment(session, accounts.actor_for_beneficiary(david), goal_id=goal_id,
                                 body="Appel\x00 fait\x07 hier\x1b[31m")
        create_organisation(session, Actor.system(), code="ASSO-X", name="Asso\x00 des\x0b Amis", type="association")
    with session_scope(demo) as session:
        assert session.get(Comment, comment_id).body == "Appel fait hier[31m"
        assert session.exec(select(Organisation.name).where(Organisation.code == "ASSO-X")).one() == "Asso des Amis"
