"""« Télécharger mon dossier » : everything held about the person, as JSON (complete, machine-readable)
and as a readable French PDF.

The JSON is built from the schema itself: every table with a `beneficiary_id` column gives its rows for
this person, so a table added later is exported without anyone remembering to. Only secrets are left
out (password and activation-code hashes), never a row.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Table
from sqlalchemy import select as table_select
from sqlmodel import Session, SQLModel, select

from dossier import clock, formatting
from dossier.access import open_person
from dossier.actor import Actor
from dossier.appointments import person_bookings
from dossier.documents import FrenchDocument
from dossier.errors import PermissionDenied
from dossier.labels import t
from dossier.policy import Category
from dossier.roadmap import load_diagnostic, load_roadmap, person_history
from dossier.sharing._consent import consent_history
from dossier.sharing._consultations import consultations
from storage.models import Beneficiary, Consent, ConsentNotice, Organisation, Professional

FORMAT = "dossier-unique-insertion/1"
SECRET_COLUMNS = {"credential": {"secret_hash", "activation_code_hash"},
                  "device_session": {"id_sha256", "claim_sha256"}, "handoff_token": {"token_sha256"}}


def person_tables() -> list[Table]:
    """The tables that hold rows about one person: the person's own row and every table pointing to it."""
    tables = [SQLModel.metadata.tables["beneficiary"]]
    tables += [table for name, table in sorted(SQLModel.metadata.tables.items()) if "beneficiary_id" in table.c]
    return tables


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return clock.as_paris(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def export_data(session: Session, actor: Actor, person_id: int) -> dict[str, Any]:
    """Everything about the person, table by table. The person only: it is their right of access and
    portability, not a professional's export."""
    if not actor.is_beneficiary:  # before opening: a refused professional leaves no "allowed" log row
        raise PermissionDenied("denied.export.person_only")
    open_person(session, actor, person_id, Category.IDENTITY)
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in person_tables():
        column = table.c.id if table.name == "beneficiary" else table.c.beneficiary_id
        hidden = SECRET_COLUMNS.get(table.name, set())
        rows = session.execute(table_select(table).where(column == person_id).order_by(*table.primary_key.columns))
        tables[table.name] = [{k: _value(v) for k, v in row._mapping.items() if k not in hidden} for row in rows]
    hashes = {row["notice_sha256"] for row in tables.get(Consent.__tablename__, [])}
    notices = session.exec(select(ConsentNotice).where(ConsentNotice.sha256.in_(hashes))).all() if hashes else []
    tables[ConsentNotice.__tablename__] = [{k: _value(v) for k, v in n.model_dump().items()} for n in notices]
    org_ids = {v for rows in tables.values() for row in rows for k, v in row.items()
               if k.endswith("organisation_id") and v}
    organisations = session.exec(select(Organisation).where(Organisation.id.in_(org_ids))).all() if org_ids else []
    return {
        "format": FORMAT,
        "exported_at": clock.as_paris(clock.now()).isoformat(),
        "organisations": {str(o.id): o.name for o in organisations},
        "tables": tables,
    }


def export_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


# --- the readable PDF -------------------------------------------------------------------------------


def export_pdf(session: Session, actor: Actor, person_id: int) -> bytes:
    """The same dossier, for reading: identity, situation, roadmap, history, sharing, consultations."""
    if not actor.is_beneficiary:  # before opening: a refused professional leaves no "allowed" log row
        raise PermissionDenied("denied.export.person_only")
    open_person(session, actor, person_id, Category.IDENTITY)
    person = session.get(Beneficiary, person_id)
    pdf = FrenchDocument(t("export.title"))
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 10, t("export.pdf.title", name=f"{person.first_name} {person.last_name}"),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.line_of(t("export.pdf.date", date=formatting.datetime(clock.now())))

    pdf.heading(t("category.identite_contact"))
    structure = session.get(Organisation, person.organisation_id) if person.organisation_id else None
    referent = session.get(Professional, person.referent_id) if person.referent_id else None
    for key, value in (("export.pdf.number", person.dossier_number),
                       ("export.pdf.birth", formatting.date(person.birth_date)),
                       ("export.pdf.phone", person.phone or "—"), ("export.pdf.email", person.email or "—"),
                       ("export.pdf.structure", structure.name if structure else "—"),
                       ("export.pdf.referent", f"{referent.first_name} {referent.last_name}" if referent else "—")):
        pdf.line_of(t(key, value=value))

    pdf.heading(t("category.situation"))
    themes = load_diagnostic(session, actor, person_id)
    if not themes:
        pdf.line_of(t("export.pdf.none"))
    for theme in themes:
        pdf.line_of(theme.label, bold=True)
        for item in theme.situations:
            pdf.line_of(f"• {item.label} ({formatting.date(item.recorded_at)})")

    pdf.heading(t("category.feuille_de_route"))
    view = load_roadmap(session, actor, person_id)
    if not view.goal_count:
        pdf.line_of(t("export.pdf.none"))
    for theme in view.themes:
        for goal in theme.goals:
            pdf.line_of(f"{theme.label} — {goal.label} ({t(f'status.{goal.status}')})", bold=True)
            for action in goal.actions:
                due = t("export.pdf.due", date=formatting.date(action.due_date)) if action.due_date else ""
                pdf.line_of(f"• {action.label} : {t(f'status.{action.status}')}{due}")
                for comment in action.comments:
                    pdf.line_of(f"   « {comment.body} » ({comment.author_name})")
            for comment in goal.comments:
                pdf.line_of(f"   « {comment.body} » ({comment.author_name})")

    pdf.heading(t("nav.history"))
    for line in person_history(session, actor, person_id, limit=10_000):
        pdf.line_of(f"{formatting.datetime(line.at)} — {line.who} {line.what}".replace("**", ""))

    pdf.heading(t("category.rendez_vous"))
    bookings = person_bookings(session, actor, person_id)
    if not bookings:
        pdf.line_of(t("export.pdf.none"))
    for booking in bookings:
        local = clock.as_paris(booking.slot.starts_at)
        pdf.line_of(t("export.pdf.booking", day=formatting.long_date(local), time=formatting.time(local),
                      place=booking.place_name, reference=booking.reference,
                      status=t(f"booking.status.{booking.status}")))

    pdf.heading(t("sharing.title"))
    history = consent_history(session, actor, person_id)
    if not history:
        pdf.line_of(t("sharing.history.empty"))
    for c in history:
        pdf.line_of(consent_line(c))

    pdf.heading(t("consulted.title"))
    seen = consultations(session, actor, limit=10_000)
    if not seen:
        pdf.line_of(t("consulted.empty"))
    for c in seen:
        pdf.line_of(consultation_line(c), bold=c.exceptional_reason is not None)
    return bytes(pdf.output())


def consent_line(c) -> str:
    ended = t("sharing.history.ended", date=formatting.date(c.ended_at)) if c.ended_at \
        else t("sharing.history.ended", date=formatting.date(c.valid_until))
    return t("sharing.history.line", category=t(f"category.{c.category.value}"), recipient=c.recipient,
             status=t(f"consent.status.{c.status}"), given=formatting.date(c.given_at),
             ended=ended)


def consultation_heading(c) -> str:
    """« 01/12/2026 à 10:05 — Julie Roux, référent, France Travail » : when and who, for a visit."""
    return t("consulted.line", when=formatting.datetime(c.at), who=c.who, role=t(f"role.{c.role}"),
             structure=c.structure)


def consultation_parts(c) -> str:
    return t("consulted.parts", parts=", ".join(t(f"category.{category}") for category in c.categories))


def consultation_line(c) -> str:
    text = f"{consultation_heading(c)}. {consultation_parts(c)}"
    verdict = t("consulted.allowed") if c.allowed else t("consulted.denied")
    extra = f" {t('consulted.exceptional', reason=c.exceptional_reason)}" if c.exceptional_reason else ""
    return f"{text}. {verdict}{extra}"
