"""« Fin d'accompagnement »: the référent of the person's structure (or the coordination) records why
and when the accompaniment ended, and records it again when the person comes back. Each is a new row of
an append-only table (a correction is a new exit); the person reads the whole history, sees their
latest exit on their home page and may add their own comment to it (also append-only: the latest shows).

Reading follows the roadmap's category: the person, their structure by mission, another structure only
with the person's consent; whoever may record an exit (a coordinator) reads the history they change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from dossier import clock, formatting
from dossier.access import open_person
from dossier.actor import Actor
from dossier.errors import FieldErrors, Message
from dossier.pathway._follow_up import follow_up_end
from dossier.pathway._kinds import exit_kinds
from dossier.pathway._reading import open_pathway
from dossier.policy import Category, Permission
from dossier.validation import check_free_text, parse_date
from storage.models import Beneficiary, PathwayComment, PathwayExit
from storage.vocabulary import ExitContract, PathwayEventKind, WorkingTime, is_one_of

REASON_MAX = 500
COMMENT_MAX = 500


@dataclass(frozen=True)
class PathwayLine:
    """One row of the history, newest first; `label` is the exit kind's label (None for a reopening),
    `comment` the person's latest comment on this exit."""

    id: int
    kind: str
    exit_code: str | None
    label: str | None
    dynamic: bool
    follow_up: bool
    day: dt.date
    contract: str | None
    working_time: str | None
    reason: str | None
    recorded_by: str
    recorded_at: dt.datetime
    comment: str | None

    @property
    def is_exit(self) -> bool:
        return self.kind == PathwayEventKind.EXIT


@dataclass(frozen=True)
class Pathway:
    lines: list[PathwayLine]  # newest first

    @property
    def current_exit(self) -> PathwayLine | None:
        """The latest exit when the person has not come back since, otherwise None."""
        return self.lines[0] if self.lines and self.lines[0].is_exit else None


def _reason(raw: str | None, field: str, required_key: str | None) -> tuple[str | None, dict[str, str]]:
    if not (raw or "").strip():
        return None, ({field: required_key} if required_key else {})
    try:
        return check_free_text(raw, max_length=REASON_MAX, sensitive_ok=False), {}
    except ValueError as exc:
        return None, {field: str(exc)}


def _row(actor: Actor, person: Beneficiary, **values) -> PathwayExit:
    return PathwayExit(beneficiary_id=person.id, recorded_by_id=actor.id, recorded_by_name=actor.display_name[:200],
                       recorded_at=clock.now(), **values)


def _exit_date_error(session: Session, person: Beneficiary, day: object) -> Message | None:
    """Why this exit date cannot be: missing, in the future, before entering RSA, before the last return."""
    if not isinstance(day, dt.date):
        return "error.exit.date"
    if day > clock.today():
        return "error.exit.date.future"
    if person.rsa_entry_date is not None and day < person.rsa_entry_date:
        return "error.exit.date.before_entry", {"date": formatting.date(person.rsa_entry_date)}
    back = _latest_return(session, person.id)
    if back is not None and day < back:
        return "error.exit.date.before_return", {"date": formatting.date(back)}
    return None


def record_exit(session: Session, actor: Actor, person_id: int, exit_code: str | None,
                exit_date: dt.date | str | None, contract: str | None = None, working_time: str | None = None,
                reason: str | None = None) -> int:
    """Record the end of the person's accompaniment (or correct it: a new row); the date as a date or as
    typed (JJ/MM/AAAA). FieldErrors name the fields; PermissionDenied unless a référent of the person's
    structure or a coordinator."""
    person = open_person(session, actor, person_id, Category.ROADMAP, Permission.RECORD_EXIT)
    errors: dict[str, Message] = {}
    kind = exit_kinds().get(exit_code or "")
    if kind is None:
        errors["exit_code"] = "error.exit.code"
    if isinstance(exit_date, str) and exit_date.strip():  # as typed: JJ/MM/AAAA
        try:
            exit_date = parse_date(exit_date, allow_future=True)
        except ValueError as exc:
            errors["exit_date"] = str(exc)
    if "exit_date" not in errors:
        date_error = _exit_date_error(session, person, exit_date)
        if date_error:
            errors["exit_date"] = date_error
    if kind is not None and kind.job:
        if not is_one_of(contract, ExitContract):
            errors["contract"] = "error.exit.contract"
        if not is_one_of(working_time, WorkingTime):
            errors["working_time"] = "error.exit.working_time"
    text, reason_errors = _reason(reason, "reason", "error.exit.reason"
                                  if kind is not None and kind.reason_required else None)
    errors.update(reason_errors)
    if errors:
        raise FieldErrors(errors)
    row = _row(actor, person, kind=PathwayEventKind.EXIT, exit_code=kind.code, exit_date=exit_date,
               contract=contract if kind.job else None, working_time=working_time if kind.job else None,
               reason=text, follow_up_until=follow_up_end(exit_date) if kind.follow_up else None)
    session.add(row)
    session.flush()
    return row.id


def reopen(session: Session, actor: Actor, person_id: int, reason: str) -> int:
    """The person comes back: the accompaniment starts again today, with the reason (required). Refused
    (`_form`) when the person's accompaniment has not ended."""
    person = open_person(session, actor, person_id, Category.ROADMAP, Permission.RECORD_EXIT)
    text, errors = _reason(reason, "reason", "error.exit.reopen_reason")
    latest = _latest(session, person.id)
    if latest is None or latest.kind != PathwayEventKind.EXIT:
        errors["_form"] = "error.exit.not_ended"
    if errors:
        raise FieldErrors(errors)
    row = _row(actor, person, kind=PathwayEventKind.REOPENED, exit_code=None, exit_date=clock.today(), reason=text)
    session.add(row)
    session.flush()
    return row.id


def comment_exit(session: Session, actor: Actor, person_id: int, comment: str) -> int:
    """The person's own words on their latest exit (only the person; refused when there is none)."""
    person = open_person(session, actor, person_id, Category.ROADMAP, Permission.COMMENT_EXIT)
    errors: dict[str, str] = {}
    text = None
    try:
        text = check_free_text(comment, max_length=COMMENT_MAX, sensitive_ok=True)
    except ValueError as exc:
        errors["comment"] = str(exc)
    latest = _latest(session, person.id)
    if latest is None or latest.kind != PathwayEventKind.EXIT:
        errors["_form"] = "error.exit.not_ended"
    if errors:
        raise FieldErrors(errors)
    row = PathwayComment(exit_id=latest.id, beneficiary_id=person.id, comment=text, written_at=clock.now())
    session.add(row)
    session.flush()
    return row.id


def _latest_return(session: Session, person_id: int) -> dt.date | None:
    """The day the accompaniment last started again, if it ever did: an exit cannot come before it."""
    return session.exec(select(PathwayExit.exit_date).where(PathwayExit.beneficiary_id == person_id,
                                                           PathwayExit.kind == PathwayEventKind.REOPENED)
                        .order_by(PathwayExit.recorded_at.desc(), PathwayExit.id.desc())).first()


def _latest(session: Session, person_id: int) -> PathwayExit | None:
    return session.exec(select(PathwayExit).where(PathwayExit.beneficiary_id == person_id)
                        .order_by(PathwayExit.recorded_at.desc(), PathwayExit.id.desc())).first()


def pathway_of(session: Session, actor: Actor, person_id: int) -> Pathway:
    """The person's exits and returns, newest first, read as the roadmap is (the person, their structure,
    another structure with consent), or by whoever may record them."""
    open_pathway(session, actor, person_id)
    rows = session.exec(select(PathwayExit).where(PathwayExit.beneficiary_id == person_id)
                        .order_by(PathwayExit.recorded_at.desc(), PathwayExit.id.desc())).all()
    comments: dict[int, str] = {}
    for c in session.exec(select(PathwayComment).where(PathwayComment.beneficiary_id == person_id)
                          .order_by(PathwayComment.written_at, PathwayComment.id)).all():
        comments[c.exit_id] = c.comment  # the latest wins
    kinds = exit_kinds()
    lines = []
    for r in rows:
        kind = kinds.get(r.exit_code or "")
        lines.append(PathwayLine(r.id, r.kind, r.exit_code, kind.label if kind else None,
                                 bool(kind and kind.dynamic), bool(kind and kind.follow_up), r.exit_date,
                                 r.contract, r.working_time, r.reason, r.recorded_by_name, r.recorded_at,
                                 comments.get(r.id)))
    return Pathway(lines)
