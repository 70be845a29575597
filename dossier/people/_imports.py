"""Import of newly eligible people (the CAF/MSA list) from CSV. All or nothing: one bad line and
nothing is imported, with every problem reported by line number, so the file can be fixed at once."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from sqlmodel import Session, select

from dossier import clock, documents
from dossier.actor import Actor
from dossier.errors import FieldErrors, Refusal
from dossier.labels import t
from dossier.people._territory import organisation_by_code
from dossier.policy import Permission, require
from dossier.validation import clean_text, normalise_digits, normalise_email, normalise_phone, parse_date
from storage.models import Beneficiary

COLUMNS = ("numero_dossier", "nom", "prenom", "date_naissance", "telephone", "email", "numero_allocataire",
           "date_entree_rsa")
OPTIONAL_COLUMNS = ("commune",)  # read when present: where invitation campaigns can aim
MAX_LENGTHS = {"numero_dossier": 30, "nom": 100, "prenom": 100, "numero_allocataire": 20, "commune": 80}
REQUIRED = ("numero_dossier", "nom", "prenom", "date_naissance")
FIELD_NAMES = {"numero_dossier": "numéro de dossier", "nom": "nom", "prenom": "prénom",
               "date_naissance": "date de naissance", "telephone": "téléphone", "email": "e-mail",
               "numero_allocataire": "numéro d'allocataire", "date_entree_rsa": "date d'entrée au RSA",
               "commune": "commune"}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    created_numbers: list[str] = field(default_factory=list)  # to invite the newcomers
    encoding: str = "UTF-8"  # how the file was read (dossier/csvfile.py), said in the confirmation


class ImportRejected(Refusal):
    """The file has bad lines: nothing was imported. Each problem is a line number and its reasons."""

    key = "error.import.rejected"

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__()
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(f"ligne {line} : {reason}" for line, reason in self.problems)


def _clean_row(raw: dict[str, str]) -> tuple[dict[str, object], list[str]]:
    """One line to clean values, or the French reasons why not."""
    values = {k: clean_text(raw.get(k) or "") for k in COLUMNS + OPTIONAL_COLUMNS}
    reasons = [f"{FIELD_NAMES[k]} manquant" for k in REQUIRED if not values[k]]
    clean: dict[str, object] = {
        "dossier_number": normalise_digits(values["numero_dossier"]).upper(),
        "last_name": values["nom"],
        "first_name": values["prenom"],
        "caf_number": values["numero_allocataire"] or None,
        "commune": values["commune"] or None,
    }
    parsers = {
        "date_naissance": ("birth_date", parse_date),
        "date_entree_rsa": ("rsa_entry_date", parse_date),
        "telephone": ("phone", normalise_phone),
        "email": ("email", normalise_email),
    }
    for column, (attribute, parse) in parsers.items():
        if not values[column]:
            clean[attribute] = None
            continue
        try:
            clean[attribute] = parse(values[column])
        except ValueError as exc:
            reasons.append(f"{FIELD_NAMES[column]} : {t(str(exc))}")
    for column, limit in MAX_LENGTHS.items():
        if len(values[column]) > limit:
            reasons.append(f"{FIELD_NAMES[column]} trop long ({limit} caractères au plus)")
    birth = clean.get("birth_date")
    if isinstance(birth, dt.date) and birth.year < 1900:
        reasons.append("date de naissance : l'année doit être après 1900")
    return clean, reasons


def read_csv(text: str) -> list[tuple[int, dict[str, str]]]:
    """Rows with their line numbers; `;` or `,` as separator, decided from the header line."""
    text = text.lstrip("\ufeff")
    header = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if header.count(";") >= header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    reader.fieldnames = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in reader.fieldnames]
    if missing:
        raise ImportRejected([(1, "colonnes manquantes : " + ", ".join(missing))])
    rows = []
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue  # blank line
        rows.append((reader.line_num, row))
    return rows


def import_beneficiaries(session: Session, actor: Actor, text: str, organisation_code: str) -> ImportReport:
    """Create or update people from the CSV text. Re-importing a dossier number updates that person."""
    require(actor, Permission.IMPORT_BENEFICIARIES)
    org = organisation_by_code(session, organisation_code)
    if org is None:
        raise FieldErrors({"organisation": "error.org.unknown"})
    problems: list[tuple[int, str]] = []
    cleaned: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for line, raw in read_csv(text):
        clean, reasons = _clean_row(raw)
        number = str(clean["dossier_number"])
        if number and number in seen:
            reasons.append(f"numéro de dossier déjà présent ligne {seen[number]}")
        seen.setdefault(number, line)
        if reasons:
            problems.append((line, " ; ".join(reasons)))
        cleaned.append(clean)
    if problems:
        raise ImportRejected(problems)

    existing = {
        p.dossier_number: p
        for p in session.exec(select(Beneficiary).where(Beneficiary.dossier_number.in_(list(seen))))
    }
    report = ImportReport()
    now = clock.now()
    for clean in cleaned:
        person = existing.get(str(clean["dossier_number"]))
        if person is None:
            session.add(Beneficiary(**clean, organisation_id=org.id, created_at=now, updated_at=now))
            report.created += 1
            report.created_numbers.append(str(clean["dossier_number"]))
            continue
        changed = False
        for attribute, value in clean.items():
            if value is not None and getattr(person, attribute) != value:
                setattr(person, attribute, value)  # an empty cell keeps what we know
                changed = True
        if person.organisation_id is None:
            person.organisation_id, changed = org.id, True
        if changed:
            person.updated_at = now
            session.add(person)
            report.updated += 1
        else:
            report.unchanged += 1
    session.flush()
    return report


IMPORT_MAX_MB = 10  # ~100,000 lines of the CAF list; said in "error.import.too_big"


def import_file(session: Session, actor: Actor, data: bytes, organisation_code: str) -> ImportReport:
    """An uploaded or given file, as the administration page and the CLI both receive it: refused when
    too big (with the limit, on the file field), decoded by the one decoder (UTF-8, else Windows-1252,
    else a refusal on the file), then imported."""
    if len(data) > IMPORT_MAX_MB * 1024 * 1024:
        raise FieldErrors({"file": "error.import.too_big"})
    decoded = documents.decode(data)
    report = import_beneficiaries(session, actor, decoded.text, organisation_code)
    report.encoding = decoded.encoding
    return report
