"""CSV import of newly eligible people and the admin command line."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlmodel import func, select

from dossier import accounts
from dossier.__main__ import main
from dossier.actor import Actor
from dossier.errors import FieldErrors, PermissionDenied
from dossier.people import ImportRejected, create_organisation
from dossier.people._imports import import_beneficiaries
from storage.engine import session_scope
from storage.models import Beneficiary, Credential, Organisation, Place, Professional

HEADER = "numero_dossier;nom;prenom;date_naissance;telephone;email;numero_allocataire;date_entree_rsa\n"
GOOD = HEADER + (
    "D-900;Essai;Alix;12/04/1988;06 11 22 33 44;alix@example.invalid;1234567;2026-10-01\n"
    "D-901;Exemple;Bao;1975-01-31;;;;\n"
)


@pytest.fixture
def org(session):
    create_organisation(session, Actor.system(), code="CD-T", name="Département test", type="departement")
    session.commit()
    return "CD-T"


def count(session) -> int:
    return session.exec(select(func.count()).select_from(Beneficiary)).one()


def test_import_creates_people_with_clean_values(session, org):
    report = import_beneficiaries(session, Actor.system(), GOOD, org)
    assert (report.created, report.updated) == (2, 0)
    alix = session.exec(select(Beneficiary).where(Beneficiary.dossier_number == "D-900")).one()
    assert alix.birth_date == dt.date(1988, 4, 12) and alix.rsa_entry_date == dt.date(2026, 10, 1)
    assert alix.phone == "0611223344" and alix.email == "alix@example.invalid"
    assert alix.organisation_id == session.exec(select(Organisation.id).where(Organisation.code == org)).one()


def test_an_optional_commune_column_is_read_and_checked(session, org):
    text = HEADER.replace("\n", ";commune\n") + "D-950;Essai;Lou;02/03/1991;0611223344;;;01/11/2026;Boisjoli\n"
    assert import_beneficiaries(session, Actor.system(), text, org).created == 1
    assert session.exec(select(Beneficiary.commune).where(Beneficiary.dossier_number == "D-950")).one() == "Boisjoli"
    with pytest.raises(ImportRejected) as rejected:
        import_beneficiaries(session, Actor.system(), text.replace("Boisjoli", "B" * 81).replace("D-950", "D-951"), org)
    assert "commune trop long" in str(rejected.value)


def test_comma_separated_file_with_bom_is_accepted(session, org):
    text = "\ufeff" + GOOD.replace(";", ",")
    assert import_beneficiaries(session, Actor.system(), text, org).created == 2


def test_reimport_updates_instead_of_duplicating_and_keeps_known_values(session, org):
    import_beneficiaries(session, Actor.system(), GOOD, org)
    session.commit()
    again = HEADER + "D-900;Essai;Alix-Marie;12/04/1988;;;;\nd-901;Exemple;Bao;31/01/1975;;;;\n"
    report = import_beneficiaries(session, Actor.system(), again, org)
    session.commit()
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert count(session) == 2
    alix = session.exec(select(Beneficiary).where(Beneficiary.dossier_number == "D-900")).one()
    assert alix.first_name == "Alix-Marie" and alix.phone == "0611223344"  # empty cell keeps the phone


def test_every_bad_line_is_reported_and_nothing_is_imported(session, org):
    text = HEADER + (
        "D-902;Bon;Ligne;01/01/1990;;;;\n"
        ";SansNumero;Paul;01/01/1990;;;;\n"
        "D-903;Date;Fausse;31/02/1990;;;;\n"
        "D-904;Tel;Faux;01/01/1990;12345;;;\n"
        "D-905;Mail;Faux;01/01/1990;;pas-un-mail;;\n"
        "D-902;Double;Ligne;01/01/1990;;;;\n"
        "D-906;Futur;Né;01/01/2090;;;;\n"
    )
    with pytest.raises(ImportRejected) as info:
        import_beneficiaries(session, Actor.system(), text, org)
    problems = dict(info.value.problems)
    assert sorted(problems) == [3, 4, 5, 6, 7, 8]
    assert "numéro de dossier manquant" in problems[3]
    assert "date de naissance" in problems[4]
    assert "téléphone" in problems[5]
    assert "e-mail" in problems[6]
    assert "déjà présent ligne 2" in problems[7]
    assert "futur" in problems[8]
    assert count(session) == 0


def test_missing_columns_and_unknown_organisation_are_refused(session, org):
    with pytest.raises(ImportRejected) as info:
        import_beneficiaries(session, Actor.system(), "numero_dossier;nom\nD-1;X\n", org)
    assert info.value.problems[0][0] == 1 and "colonnes manquantes" in info.value.problems[0][1]
    with pytest.raises(FieldErrors):
        import_beneficiaries(session, Actor.system(), GOOD, "NOPE")
    assert count(session) == 0


def test_only_coordinators_and_admins_import(session, org):
    referent = Actor(kind="professional", id=1, display_name="R", organisation_id=1, roles=frozenset({"referent"}))
    with pytest.raises(PermissionDenied):
        import_beneficiaries(session, referent, GOOD, org)


# --- command line --------------------------------------------------------------------------


def run_cli(monkeypatch, capsys, *argv, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_sets_up_a_territory_imports_and_invites(clean_db, monkeypatch, capsys, tmp_path):
    assert run_cli(monkeypatch, capsys, "migrate")[0] == 0
    assert run_cli(monkeypatch, capsys, "create-organisation", "--code", "CD-X", "--name", "Département X",
                   "--type", "departement")[0] == 0
    assert run_cli(monkeypatch, capsys, "create-place", "--organisation", "CD-X", "--name", "MIE X",
                   "--address", "1 rue A", "--postcode", "99000", "--city", "X", "--mie", "--step-free")[0] == 0
    code, out, _ = run_cli(monkeypatch, capsys, "create-professional", "--organisation", "CD-X", "--first-name",
                           "Ana", "--last-name", "Pro", "--email", "ana@example.invalid", "--roles",
                           "referent,accueil", stdin="mot-de-passe-assez-long\n")
    assert code == 0 and "mot-de-passe" not in out
    csv_file = tmp_path / "caf.csv"
    csv_file.write_text(GOOD, encoding="utf-8")
    code, out, _ = run_cli(monkeypatch, capsys, "import-beneficiaries", str(csv_file), "--organisation", "CD-X")
    assert code == 0 and "2 créé(s)" in out
    code, out, _ = run_cli(monkeypatch, capsys, "invite", "D-900")
    assert code == 0
    activation = out.split("Code d'activation : ")[1].split()[0]
    with session_scope(clean_db) as session:
        place = session.exec(select(Place)).one()
        assert place.is_mie and place.step_free
        accounts.sign_in_professional(session, "ana@example.invalid", "mot-de-passe-assez-long")
        actor = accounts.activate(session, "D-900", activation, "12/04/1988", "482915", "482915")
        assert actor.display_name == "Alix Essai"


def test_cli_reports_bad_input_in_french_and_changes_nothing(clean_db, monkeypatch, capsys, tmp_path):
    code, _, err = run_cli(monkeypatch, capsys, "create-organisation", "--code", "X", "--name", "X", "--type",
                           "banque")
    assert code == 1 and "Ce type de structure n'existe pas." in err
    code, _, err = run_cli(monkeypatch, capsys, "create-professional", "--organisation", "NOPE", "--first-name",
                           "A", "--last-name", "B", "--email", "a@b.invalid", "--roles", "referent",
                           stdin="court\n")
    assert code == 1 and "Cette structure n'existe pas." in err and "12 caractères" in err
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "D-1;;Prenom;01/01/1990;;;;\n", encoding="utf-8")
    run_cli(monkeypatch, capsys, "create-organisation", "--code", "CD-X", "--name", "X", "--type", "departement")
    code, _, err = run_cli(monkeypatch, capsys, "import-beneficiaries", str(bad), "--organisation", "CD-X")
    assert code == 1 and "ligne 2 : nom manquant" in err
    code, _, err = run_cli(monkeypatch, capsys, "invite", "D-404")
    assert code == 1 and "Aucun dossier" in err
    with session_scope(clean_db) as session:
        assert count(session) == 0
        assert session.exec(select(func.count()).select_from(Professional)).one() == 0


def test_seed_demo_only_when_empty(clean_db, monkeypatch, capsys):
    code, out, _ = run_cli(monkeypatch, capsys, "seed-demo", "--if-empty")
    assert code == 0 and "60 personnes" in out
    code, out, _ = run_cli(monkeypatch, capsys, "seed-demo", "--if-empty")
    assert code == 0 and "déjà" in out
    with session_scope(clean_db) as session:
        assert count(session) == 60
        types = set(session.exec(select(Organisation.type)))
        assert len(types) >= 6
        assert session.exec(select(func.count()).select_from(Place).where(Place.is_mie)).one() == 2
        assert session.exec(select(func.count()).select_from(Professional)).one() >= 8


def test_cli_import_prints_one_invitation_letter_per_newcomer(clean_db, monkeypatch, capsys, tmp_path):
    import pypdf

    assert run_cli(monkeypatch, capsys, "migrate")[0] == 0
    assert run_cli(monkeypatch, capsys, "create-organisation", "--code", "CD-X", "--name", "Département X",
                   "--type", "departement")[0] == 0
    csv_file, letters = tmp_path / "caf.csv", tmp_path / "lettres.pdf"
    csv_file.write_text(GOOD, encoding="utf-8")
    code, out, _ = run_cli(monkeypatch, capsys, "import-beneficiaries", str(csv_file), "--organisation", "CD-X",
                           "--letters", str(letters))
    assert code == 0 and "Lettres d'invitation : 2" in out
    pages = [p.extract_text() for p in pypdf.PdfReader(letters).pages]
    assert len(pages) == 2 and "D-900" in pages[0] and "Code d'activation" in pages[0]
    with session_scope(clean_db) as session:
        assert session.exec(select(func.count()).select_from(Credential)
                            .where(Credential.activation_code_hash.is_not(None))).one() == 2
    code, out, _ = run_cli(monkeypatch, capsys, "import-beneficiaries", str(csv_file), "--organisation", "CD-X",
                           "--letters", str(letters))
    assert code == 0 and "Lettres d'invitation : 0" in out  # nobody new: nobody re-invited
