"""« Suivi dans l'emploi »: after an exit to lasting work (or a business creation), the référent keeps
in touch for `follow_up_months` (6 by default), with check-ins at 1, 3 and 6 months.

The end date is written on the exit row when it is recorded (changing the setting later does not move
follow-ups already open). Each check-in is a new row of an append-only table: the référent's short
contact note (still in work or not), the person's « tout va bien », or their request to be called. A
check-in is due from its date until someone answers it; the follow-up closes by itself once its end
date has passed and the last check-in is answered, or `CLOSE_GRACE_DAYS` after its end date without
an answer. Nothing is written when it closes: the summary line is read from the rows, the same way
for every reader and every day after.

A correction of the exit (a new row in the same accompaniment) keeps the check-ins already made: they
belong to the accompaniment, not to one row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, select

from dossier import clock
from dossier.access import open_person
from dossier.actor import Actor
from dossier.errors import FieldErrors
from dossier.pathway._reading import open_pathway
from dossier.policy import Category, Permission
from dossier.settings import get_settings
from dossier.validation import check_free_text
from storage.models import EmploymentCheckIn, PathwayExit
from storage.vocabulary import CheckInKind, PathwayEventKind

NOTE_MAX = 500
CLOSE_GRACE_DAYS = 30  # after the end date, the last check-in may still be made for this long


def follow_up_end(exit_date: dt.date) -> dt.date:
    """The last day of the follow-up opened by an exit to lasting work on `exit_date`."""
    return clock.add_months(exit_date, get_settings().follow_up_months)


@dataclass(frozen=True)
class CheckIn:
    id: int
    kind: str
    milestone: int | None
    still_employed: bool | None
    note: str | None
    by_person: bool
    who: str
    at: dt.datetime

    @property
    def employed(self) -> bool | None:
        """What this row says about the job: the référent's answer, « tout va bien » as still in work,
        a request to be called as nothing."""
        if self.kind == CheckInKind.ALL_GOOD:
            return True
        return self.still_employed if self.kind == CheckInKind.NOTE else None


@dataclass(frozen=True)
class Milestone:
    months: int
    due: dt.date
    answer: CheckIn | None  # the first row that answered it


@dataclass(frozen=True)
class FollowUp:
    """One person's follow-up in employment, as of `today`; check-ins newest first."""

    person_id: int
    exit_id: int
    start: dt.date
    until: dt.date
    milestones: tuple[Milestone, ...]
    check_ins: tuple[CheckIn, ...]
    today: dt.date

    @property
    def closes_on(self) -> dt.date:
        """The day it closed or will close: when the last check-in is answered after the end date, or
        `CLOSE_GRACE_DAYS` after the end date."""
        last = self.milestones[-1].answer if self.milestones else None
        if last is not None and clock.as_paris(last.at).date() >= self.until:
            return clock.as_paris(last.at).date()
        return self.until + dt.timedelta(days=CLOSE_GRACE_DAYS)

    @property
    def closed_at(self) -> dt.datetime:
        """When it closed: the answer that closed it, or the Paris midnight starting `closes_on`."""
        last = self.milestones[-1].answer if self.milestones else None
        if last is not None and clock.as_paris(last.at).date() == self.closes_on:
            return last.at
        return clock.paris_midnight(self.closes_on)

    @property
    def closed(self) -> bool:
        return self.today >= self.closes_on

    @property
    def due(self) -> Milestone | None:
        """The earliest check-in whose date has come and that nobody answered yet (None once closed)."""
        if self.closed:
            return None
        return next((m for m in self.milestones if m.due <= self.today and m.answer is None), None)

    @property
    def next(self) -> Milestone | None:
        """The next check-in still to come."""
        return next((m for m in self.milestones if m.due > self.today and m.answer is None), None)

    @property
    def call_requested(self) -> CheckIn | None:
        """The person's request to be called when no contact note came after it."""
        for row in self.check_ins:  # newest first
            if row.kind == CheckInKind.NOTE:
                return None
            if row.kind == CheckInKind.CALL_ME:
                return None if self.closed else row
        return None

    @property
    def still_employed(self) -> bool | None:
        """The latest answer about the job (None: no news)."""
        return next((row.employed for row in self.check_ins if row.employed is not None), None)

    @property
    def answered(self) -> int:
        return sum(1 for m in self.milestones if m.answer is not None)


def _milestone_months(start: dt.date, until: dt.date) -> tuple[int, ...]:
    """The check-ins (months after the exit) of a follow-up from `start` to `until`: the setting's, within
    the follow-up's own length (written when it opened), and always one at its end."""
    length = (until.year - start.year) * 12 + until.month - start.month
    months = tuple(m for m in get_settings().check_in_months if m <= length)
    return months if length in months else (*months, length)


def _check_in(row: EmploymentCheckIn) -> CheckIn:
    return CheckIn(row.id, row.kind, row.milestone, row.still_employed, row.note, row.written_by_id is None,
                   row.written_by_name, row.written_at)


def build(exit_row: PathwayExit, episode_ids: Iterable[int], rows: Sequence[EmploymentCheckIn],
          today: dt.date) -> FollowUp:
    """The follow-up of the current exit `exit_row`, from the check-ins of its accompaniment (`rows`
    whose exit is one of `episode_ids`, in any order). Milestones are counted from the exit date."""
    ids = set(episode_ids)
    mine = sorted((r for r in rows if r.exit_id in ids), key=lambda r: (r.written_at, r.id))
    milestones = []
    for months in _milestone_months(exit_row.exit_date, exit_row.follow_up_until):
        answer = next((r for r in mine if r.milestone == months and r.kind != CheckInKind.CALL_ME), None)
        milestones.append(Milestone(months, clock.add_months(exit_row.exit_date, months),
                                    _check_in(answer) if answer is not None else None))
    return FollowUp(exit_row.beneficiary_id, exit_row.id, exit_row.exit_date, exit_row.follow_up_until,
                    tuple(milestones), tuple(_check_in(r) for r in reversed(mine)), today)


def current_episode(rows: Sequence[PathwayExit]) -> tuple[PathwayExit | None, list[int]]:
    """From one person's pathway rows newest first: the current exit (None when the latest row is a
    reprise, or there is none) and the ids of the exit rows of its accompaniment."""
    if not rows or rows[0].kind != PathwayEventKind.EXIT:
        return None, []
    ids = []
    for row in rows:
        if row.kind == PathwayEventKind.REOPENED:
            break
        ids.append(row.id)
    return rows[0], ids


def follow_ups(session: Session, person_ids: Sequence[int]) -> dict[int, FollowUp]:
    """The follow-ups in employment of these people (open or closed, for the current exit only), read in
    one statement whatever their number. No policy here: callers filter (the caseload keeps the people
    the référent may read; `follow_up_of` opens the dossier)."""
    if not person_ids:
        return {}
    found = session.exec(select(PathwayExit, EmploymentCheckIn)
                         .join(EmploymentCheckIn, EmploymentCheckIn.exit_id == PathwayExit.id, isouter=True)
                         .where(PathwayExit.beneficiary_id.in_(person_ids))
                         .order_by(PathwayExit.beneficiary_id, PathwayExit.recorded_at.desc(),
                                   PathwayExit.id.desc())).all()
    by_person: dict[int, dict[int, PathwayExit]] = {}  # person -> their rows newest first, once each
    check_ins: list[EmploymentCheckIn] = []
    for row, check_in in found:
        by_person.setdefault(row.beneficiary_id, {}).setdefault(row.id, row)
        if check_in is not None:
            check_ins.append(check_in)
    today = clock.today()
    result = {}
    for pid, rows in by_person.items():
        current, ids = current_episode(list(rows.values()))
        if current is not None and current.follow_up_until is not None:
            result[pid] = build(current, ids, check_ins, today)
    return result


def follow_up_of(session: Session, actor: Actor, person_id: int) -> FollowUp | None:
    """The person's follow-up in employment (open or closed), read as the rest of the pathway is."""
    open_pathway(session, actor, person_id)
    return follow_ups(session, [person_id]).get(person_id)


def _open_follow_up(session: Session, person_id: int) -> FollowUp:
    follow_up = follow_ups(session, [person_id]).get(person_id)
    if follow_up is None or follow_up.closed:
        raise FieldErrors({"_form": "error.follow_up.none"})
    return follow_up


def _add(session: Session, follow_up: FollowUp, kind: CheckInKind, actor: Actor, **values) -> int:
    row = EmploymentCheckIn(exit_id=follow_up.exit_id, beneficiary_id=follow_up.person_id, kind=kind,
                            written_by_id=actor.id if actor.is_professional else None,
                            written_by_name=actor.display_name[:200], written_at=clock.now(), **values)
    session.add(row)
    session.flush()
    return row.id


def record_check_in(session: Session, actor: Actor, person_id: int, still_employed: bool | None,
                    note: str | None) -> int:
    """The référent's contact note: is the person still in work, and a few words. It answers the check-in
    that is due (if any) and any request to be called. Whoever may record the exit may record it."""
    open_person(session, actor, person_id, Category.ROADMAP, Permission.RECORD_EXIT)
    errors: dict[str, str] = {}
    if still_employed not in (True, False):
        errors["still_employed"] = "error.follow_up.still_employed"
    text = None
    if (note or "").strip():
        try:
            text = check_free_text(note, max_length=NOTE_MAX, sensitive_ok=False)
        except ValueError as exc:
            errors["note"] = str(exc)
    follow_up = follow_ups(session, [person_id]).get(person_id)
    if follow_up is None or follow_up.closed:
        errors["_form"] = "error.follow_up.none"
    if errors:
        raise FieldErrors(errors)
    due = follow_up.due
    return _add(session, follow_up, CheckInKind.NOTE, actor, milestone=due.months if due else None,
                still_employed=still_employed, note=text)


def answer_all_good(session: Session, actor: Actor, person_id: int) -> int:
    """The person's « tout va bien »: it answers the check-in that is due (if any). The person only."""
    open_person(session, actor, person_id, Category.ROADMAP, Permission.COMMENT_EXIT)
    follow_up = _open_follow_up(session, person_id)
    due = follow_up.due
    return _add(session, follow_up, CheckInKind.ALL_GOOD, actor, milestone=due.months if due else None)


def ask_to_be_called(session: Session, actor: Actor, person_id: int) -> int:
    """The person asks their référent to call them; refused while a request is still waiting. The person
    only."""
    open_person(session, actor, person_id, Category.ROADMAP, Permission.COMMENT_EXIT)
    follow_up = _open_follow_up(session, person_id)
    if follow_up.call_requested is not None:
        raise FieldErrors({"_form": "error.follow_up.call_pending"})
    return _add(session, follow_up, CheckInKind.CALL_ME, actor)
