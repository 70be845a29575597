"""Import of the offer of services in the data·inclusion schema (v1): structures and services, as JSON
(a list, or an object with `structures` and `services`) or CSV (one file per kind, as published), each
record validated by the package's own pydantic models.

Rules held here:
- all or nothing: when any record is invalid, nothing is written and every invalid record is listed
  (file, line or record number, id, field, French message);
- a re-import updates records in place by their data·inclusion `id`; a service of a source present in
  the file but absent from it is kept and marked as no longer offered (roadmaps point at it);
- `date_evenement` (AAAA-MM-JJ), not in the schema, dates an event (forum, job dating, information
  session): the person no longer sees it once past.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pydantic
from data_inclusion.schema.v1 import Frais, Service, Structure
from sqlalchemy import delete, func, update
from sqlmodel import Session, select

from dossier import clock
from dossier.actor import Actor
from dossier.documents import decode
from dossier.errors import FieldErrors, Refusal
from dossier.labels import t
from dossier.policy import Permission, require
from dossier.services._lists import category_of
from storage.models import CatalogueService, CatalogueServiceCategory, CatalogueStructure, Organisation

EVENT_DATE = "date_evenement"  # our extension of the schema
LIST_FIELDS = frozenset({"thematiques", "publics", "modes_accueil", "modes_mobilisation", "mobilisable_par",
                         "zone_eligibilite", "reseaux_porteurs"})
PYDANTIC_MESSAGES = {  # pydantic's error types, in French (labels.py)
    "missing": "services.import.error.missing",
    "string_too_short": "services.import.error.too_short",
    "string_too_long": "services.import.error.too_long",
    "too_short": "services.import.error.empty_list",
    "enum": "services.import.error.enum",
    "date_parsing": "services.import.error.date",
    "date_from_datetime_parsing": "services.import.error.date",
    "date_type": "services.import.error.date",
    "float_parsing": "services.import.error.number",
    "float_type": "services.import.error.number",
    "int_parsing": "services.import.error.number",
    "int_type": "services.import.error.number",
    "greater_than_equal": "services.import.error.minimum",
    "url_parsing": "services.import.error.url",
    "url_scheme": "services.import.error.url",
    "url_type": "services.import.error.url",
    "string_pattern_mismatch": "services.import.error.format",
    "string_type": "services.import.error.text",
    "list_type": "services.import.error.list",
    "set_type": "services.import.error.list",
    "model_type": "services.import.error.record",
    "dict_type": "services.import.error.record",
}


@dataclass(frozen=True)
class Problem:
    where: str  # « services.json, enregistrement 3 » or « services.csv, ligne 4 »
    record_id: str
    field: str
    message: str  # French

    def __str__(self) -> str:
        return t("services.import.problem", where=self.where, id=self.record_id or "?", field=self.field,
                 message=self.message)


class CatalogueRejected(Refusal):
    """Some records are invalid: nothing was imported. Carries every problem (no record content)."""

    key = "services.import.rejected"

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(count=len(problems))
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


@dataclass(frozen=True)
class CatalogueReport:
    structures_created: int
    structures_updated: int
    services_created: int
    services_updated: int
    services_withdrawn: int


@dataclass(frozen=True)
class _Record:
    where: str
    data: dict[str, Any]


# --- reading files --------------------------------------------------------------------------------


def _json_records(name: str, text: str) -> tuple[list[_Record], list[_Record]]:
    try:
        content = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FieldErrors({"file": ("services.import.error.json", {"name": name, "line": exc.lineno})}) from None
    if isinstance(content, dict):
        parts = {"structures": content.get("structures") or [], "services": content.get("services") or []}
    elif isinstance(content, list):
        kind = "services" if content and isinstance(content[0], dict) and "structure_id" in content[0] \
            else "structures"
        parts = {"structures": [], "services": []}
        parts[kind] = content
    else:
        raise FieldErrors({"file": ("services.import.error.shape", {"name": name})})
    out: dict[str, list[_Record]] = {}
    for kind, items in parts.items():
        if not isinstance(items, list):
            raise FieldErrors({"file": ("services.import.error.shape", {"name": name})})
        out[kind] = [_Record(t("services.import.where.record", name=name, n=n), item)
                     for n, item in enumerate(items, start=1)]
    return out["structures"], out["services"]


def _cell_list(raw: str) -> list[str] | None:
    raw = raw.strip()
    if not raw:
        return None
    if raw.startswith("["):
        try:
            value = json.loads(raw)
            if isinstance(value, list):
                return [str(v) for v in value]
        except json.JSONDecodeError:
            pass
        raw = raw.strip("[]")
    return [part.strip().strip("'\"") for part in raw.replace("|", ",").split(",") if part.strip()]


def _csv_records(name: str, text: str) -> tuple[list[_Record], list[_Record]]:
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    records = []
    for row in reader:
        data: dict[str, Any] = {}
        for key, value in row.items():
            if key is None:
                continue
            key = key.strip()
            value = (value or "").strip() if isinstance(value, str) else value
            if value in ("", None):
                continue
            data[key] = _cell_list(value) if key in LIST_FIELDS else value
        records.append(_Record(t("services.import.where.line", name=name, n=reader.line_num), data))
    is_services = "structure_id" in (reader.fieldnames or [])
    return ([], records) if is_services else (records, [])


def read_files(files: Iterable[tuple[str, bytes]]) -> tuple[list[_Record], list[_Record]]:
    structures: list[_Record] = []
    services: list[_Record] = []
    for name, data in files:
        text = decode(data).text
        stripped = text.lstrip()
        reader = _json_records if name.lower().endswith(".json") or stripped[:1] in ("[", "{") else _csv_records
        more_structures, more_services = reader(name, text)
        structures += more_structures
        services += more_services
    return structures, services


# --- validation -----------------------------------------------------------------------------------


def _french(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    field = str(error["loc"][0]) if error.get("loc") else ""
    if field == "courriel":
        return t("services.import.error.email")
    if kind == "value_error":  # the package's own messages are in French
        message = str(error.get("msg", ""))
        return message.removeprefix("Value error, ") if message.startswith("Value error, ") \
            else t("services.import.error.value")
    key = PYDANTIC_MESSAGES.get(kind, "services.import.error.value")
    ctx = error.get("ctx") or {}
    return t(key, min=ctx.get("min_length", ""), max=ctx.get("max_length", ""), ge=ctx.get("ge", ""))


def _validate(model: type[pydantic.BaseModel], record: _Record, problems: list[Problem]) -> Any:
    if not isinstance(record.data, dict):
        problems.append(Problem(record.where, "", "-", t("services.import.error.record")))
        return None
    data = {k: v for k, v in record.data.items() if k != EVENT_DATE}
    record_id = str(record.data.get("id", ""))
    try:
        value = model.model_validate(data)
    except pydantic.ValidationError as exc:
        for error in exc.errors():
            field = str(error["loc"][0]) if error.get("loc") else "-"
            problems.append(Problem(record.where, record_id, field, _french(error)))
        return None
    for name in ("latitude", "longitude"):
        bound = 90 if name == "latitude" else 180
        number = getattr(value, name)
        if number is not None and not -bound <= number <= bound:
            problems.append(Problem(record.where, record_id, name, t("services.import.error.coordinate")))
    return value


def _event_date(record: _Record, problems: list[Problem]) -> dt.date | None:
    raw = record.data.get(EVENT_DATE)
    if raw in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        problems.append(Problem(record.where, str(record.data.get("id", "")), EVENT_DATE,
                                t("services.import.error.date")))
        return None


def _duplicates(records: list[_Record], problems: list[Problem]) -> None:
    seen: set[str] = set()
    for record in records:
        record_id = str(record.data.get("id", "")) if isinstance(record.data, dict) else ""
        if record_id and record_id in seen:
            problems.append(Problem(record.where, record_id, "id", t("services.import.error.duplicate")))
        seen.add(record_id)


# --- writing --------------------------------------------------------------------------------------


def _text(value: Any, limit: int | None = None) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split()) if limit else str(value).strip()
    return text[:limit] if limit else text


def _codes(values: Iterable[Any] | None) -> str:
    return " ".join(sorted(str(getattr(v, "value", v)) for v in values or ()))


def _structure_values(s: Structure, organisations: dict[str, int]) -> dict[str, Any]:
    org = organisations.get(s.id.lower()) or organisations.get(s.nom.strip().lower())
    return {"source": _text(s.source, 100), "name": _text(s.nom, 150), "commune": _text(s.commune, 100),
            "postcode": s.code_postal, "address": _text(s.adresse, 300), "phone": _text(s.telephone, 40),
            "email": _text(s.courriel, 254), "opening_hours": _text(s.horaires_accueil, 300),
            "latitude": s.latitude, "longitude": s.longitude, "organisation_id": org}


def _service_values(s: Service, event_date: dt.date | None) -> dict[str, Any]:
    return {
        "structure_id": s.structure_id, "source": _text(s.source, 100), "name": _text(s.nom, 150),
        "description": s.description.strip(), "kind": getattr(s.type, "value", None),
        "thematiques": _codes(s.thematiques),
        "free": None if s.frais is None else s.frais == Frais.GRATUIT,
        "fees_details": _text(s.frais_precisions), "publics": _codes(s.publics)[:500],
        "publics_details": _text(s.publics_precisions), "access_conditions": _text(s.conditions_acces),
        "commune": _text(s.commune, 100), "postcode": s.code_postal, "address": _text(s.adresse, 300),
        "address_more": _text(s.complement_adresse, 300), "latitude": s.latitude, "longitude": s.longitude,
        "phone": _text(s.telephone, 40), "email": _text(s.courriel, 254),
        "opening_hours": _text(s.horaires_accueil, 300), "reception_modes": _codes(s.modes_accueil)[:100],
        "mobilisation_modes": _codes(s.modes_mobilisation)[:200],
        "mobilisation_details": _text(s.mobilisation_precisions),
        "mobilisation_link": _text(s.lien_mobilisation, 500), "event_date": event_date, "updated_on": s.date_maj,
    }


def _upsert(session: Session, model: type, key: str, values: dict[str, Any]) -> bool:
    """Update the row in place (True: it existed) or add it."""
    row = session.get(model, key)
    if row is None:
        session.add(model(id=key, **values))
        return False
    for name, value in values.items():
        setattr(row, name, value)
    return True


def import_catalogue(session: Session, actor: Actor, files: Iterable[tuple[str, bytes]]) -> CatalogueReport:
    """Validate every record of `files` (name, content), then write them all, or nothing."""
    require(actor, Permission.MANAGE_TERRITORY)
    structure_records, service_records = read_files(files)
    if not structure_records and not service_records:
        raise FieldErrors({"file": "services.import.error.nothing"})
    problems: list[Problem] = []
    _duplicates(structure_records, problems)
    _duplicates(service_records, problems)
    structures = [(r, _validate(Structure, r, problems)) for r in structure_records]
    services = [(r, _validate(Service, r, problems), _event_date(r, problems)) for r in service_records]
    known = {s.id for _, s in structures if s is not None}
    referenced = {s.structure_id for _, s, _ in services if s is not None} - known
    if referenced:
        known |= set(session.exec(select(CatalogueStructure.id).where(CatalogueStructure.id.in_(referenced))))
    for record, service, _ in services:
        if service is not None and service.structure_id not in known:
            problems.append(Problem(record.where, service.id, "structure_id",
                                    t("services.import.error.structure")))
    if problems:
        raise CatalogueRejected(problems)

    now = clock.now()
    organisations: dict[str, int] = {}
    for org in session.exec(select(Organisation)):
        organisations[org.code.lower()] = org.id
        organisations.setdefault(org.name.strip().lower(), org.id)
    structures_updated = sum(
        _upsert(session, CatalogueStructure, s.id, {**_structure_values(s, organisations), "updated_at": now})
        for _, s in structures)
    session.flush()
    services_updated = 0
    for _, s, event_date in services:
        services_updated += _upsert(session, CatalogueService, s.id,
                                    {**_service_values(s, event_date), "offered": True, "imported_at": now})
    session.flush()
    ids = [s.id for _, s, _ in services]
    for start in range(0, len(ids), 500):
        session.execute(delete(CatalogueServiceCategory).where(
            CatalogueServiceCategory.service_id.in_(ids[start:start + 500])))
    session.add_all([CatalogueServiceCategory(service_id=s.id, category=category)
                     for _, s, _ in services
                     for category in sorted({category_of(str(th.value)) for th in s.thematiques or ()})])
    withdrawn = 0
    sources = {s.source for _, s, _ in services}
    if sources:
        absent = (CatalogueService.source.in_(sources), CatalogueService.id.not_in(ids),
                  CatalogueService.offered.is_(True))
        withdrawn = session.exec(select(func.count()).select_from(CatalogueService).where(*absent)).one()
        session.execute(update(CatalogueService).where(*absent).values(offered=False, imported_at=now))
    session.flush()
    return CatalogueReport(len(structures) - structures_updated, structures_updated,
                           len(services) - services_updated, services_updated, withdrawn)

