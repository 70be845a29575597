"""Defects 13 and 14 of the wave-2 list: CSV files in (a file saved by Excel on Windows) and out (cells
that a spreadsheet would run as formulas). One decoder (dossier/csvfile.py) serves the administration
page and the CLI; one writer serves every download."""

from __future__ import annotations

import csv
import io

import pytest
from sqlmodel import select

from dossier.__main__ import main
from dossier.actor import Actor
from dossier.documents import _csvfile as csvfile
from dossier.errors import FieldErrors
from dossier.labels import t
from dossier.people import create_organisation, import_file
from storage.engine import session_scope
from storage.models import Beneficiary

HEADER = "numero_dossier;nom;prenom;date_naissance;telephone;email;numero_allocataire;date_entree_rsa\n"
ACCENTED = HEADER + "D-950;Béranger;Zoé;12/04/1988;;;;\nD-951;Lefèvre;Anaïs;1975-01-31;;;;\n"
HYPERLINK = '=HYPERLINK("http://exemple.invalid/?x";"cliquez")'
CALC = "@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.fixture
def org(session):
    create_organisation(session, Actor.system(), code="CD-T", name="Département test", type="departement")
    session.commit()
    return "CD-T"


def names(session) -> list[tuple[str, str]]:
    return [tuple(r) for r in session.exec(select(Beneficiary.last_name, Beneficiary.first_name)
                                           .order_by(Beneficiary.dossier_number))]


# --- 13. one decoder -----------------------------------------------------------------------------


@pytest.mark.parametrize(("encoded", "encoding"), [
    (ACCENTED.encode("utf-8"), "UTF-8"),
    (ACCENTED.encode("utf-8-sig"), "UTF-8"),
    (ACCENTED.encode("cp1252"), "Windows-1252"),
], ids=["utf8", "utf8-bom", "windows-1252"])
def test_a_windows_file_is_read_as_windows_1252_and_says_so(session, org, encoded, encoding):
    report = import_file(session, Actor.system(), encoded, org)
    session.commit()
    assert (report.created, report.encoding) == (2, encoding)
    assert names(session) == [("Béranger", "Zoé"), ("Lefèvre", "Anaïs")]
    assert all("\ufffd" not in n for pair in names(session) for n in pair)


@pytest.mark.parametrize("data", [ACCENTED.encode("utf-16"), b"PK\x03\x04\x14\x00\x06\x00binary\x00\x01"],
                         ids=["utf16", "xlsx"])
def test_a_file_no_encoding_reads_is_refused_on_the_file_field_and_nothing_is_stored(session, org, data):
    with pytest.raises(FieldErrors) as refused:
        import_file(session, Actor.system(), data, org)
    assert refused.value.errors == {"file": "error.import.encoding"}
    assert names(session) == []


def test_the_cli_reads_the_same_windows_file(clean_db, monkeypatch, capsys, tmp_path):
    with session_scope(clean_db) as session:
        create_organisation(session, Actor.system(), code="CD-X", name="Département X", type="departement")
    path = tmp_path / "caf.csv"
    path.write_bytes(ACCENTED.encode("cp1252"))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["import-beneficiaries", str(path), "--organisation", "CD-X"]) == 0
    out = capsys.readouterr().out
    assert "2 créé(s)" in out and t("admin.import.encoding", encoding="Windows-1252") in out
    with session_scope(clean_db) as session:
        assert names(session) == [("Béranger", "Zoé"), ("Lefèvre", "Anaïs")]
    path.write_bytes(ACCENTED.encode("utf-16"))
    assert main(["import-beneficiaries", str(path), "--organisation", "CD-X"]) == 1
    assert t("error.import.encoding") in capsys.readouterr().err


# --- 14. one writer --------------------------------------------------------------------------------


@pytest.mark.parametrize(("cell", "written"), [
    ("=1+1", "'=1+1"), ("+33 6 12", "'+33 6 12"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), (HYPERLINK, "'" + HYPERLINK),
    ("-3", "-3"), ("12,5 %", "12,5 %"), ("Boisjoli", "Boisjoli"), ("< 5", "< 5"), (7, "7"), (None, ""),
])
def test_cells_that_would_be_formulas_are_written_as_text(cell, written):
    assert csvfile.safe_cell(cell) == written
    [row] = list(csv.reader(io.StringIO(csvfile.write_csv(["h"], [[cell]]).decode("utf-8-sig")), delimiter=";"))[1:]
    assert row == [written]


def test_too_big_a_file_is_refused_with_its_limit_on_the_file_field(session, org):
    """Defect 15: a 20 MB upload used to get « Un problème est survenu »; it gets the limit now."""
    from dossier.people._imports import IMPORT_MAX_MB

    data = ACCENTED.encode() + b"D-1;Nom;Prenom;01/01/1980;;;;\n" * (20 * 1024 * 1024 // 30)
    with pytest.raises(FieldErrors) as refused:
        import_file(session, Actor.system(), data, org)
    assert refused.value.errors == {"file": "error.import.too_big"}
    assert f"{IMPORT_MAX_MB} Mo au plus" in t("error.import.too_big")
    assert names(session) == []
