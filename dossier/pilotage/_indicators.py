"""Territory indicators for the coordination (pilotage): aggregates only, never a person.

Every figure is computed by the database (counts, sums, averages and medians in SQL, portable to SQLite
and PostgreSQL); Python only adds a few days to a date and wraps the numbers. No query returns a name,
a dossier number or a person's id: results are counts, averages and the names of structures and places.

Scope: a period [start, end] of RSA entry dates and, optionally, one structure référente. The *cohort*
is the people whose `rsa_entry_date` falls in the period (and whose structure référente is the one
chosen). Activity figures (créneaux, bookings) use the same period for the date of the event. The delay
to orientation is the cohort's too: from RSA entry to each person's first decision in `orientation`.
The ends of accompaniment (`exits`) use the same period for their exit date, and the person's structure;
the follow-ups in employment (`follow_ups_ended`) for their end date.

Dates: a period filter compares timestamps with Paris midnights (exact: it is a bound parameter). A delay
in days between an RSA entry date and a timestamp uses the UTC calendar date of the timestamp (SQLite has
no time zones); an event between 00:00 and 01:00/02:00 Paris time counts one day early, which does not
matter for delays of weeks.

Small cells: `masked` shows a count of people from 1 to 4 as « moins de 5 personnes, non affiché » (0
stays 0), and a rate or an average computed on 1 to 4 people shows no value at all. The definitions
shown on the page are read from `docs/indicateurs.md` (`definitions`), the single source of truth for
what each figure means.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Date, Integer, Select, and_, case, cast, func, literal_column, or_, true
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.selectable import Subquery
from sqlmodel import Session, select

from dossier import clock, formatting
from dossier.actor import Actor
from dossier.appointments import FIRST, TARGET_DAYS, Shortage, shortage_in
from dossier.labels import t
from dossier.pathway import exit_kinds
from dossier.policy import Permission, require
from storage.models import (
    Beneficiary,
    Booking,
    Credential,
    EmploymentCheckIn,
    Engagement,
    Organisation,
    Orientation,
    PathwayExit,
    Slot,
)
from storage.sql import count_true
from storage.vocabulary import BookingChannel, BookingStatus, CheckInKind, PathwayEventKind

SMALL_CELL = 5  # counts of people below this (but above 0) are never shown
SIX_WEEKS_DAYS = 42
ORIENTED_WITHIN_DAYS = 30  # the share of the cohort oriented within a month of entering RSA
SELF_CHANNELS = (BookingChannel.AUTONOMOUS, BookingChannel.KIOSK)
PRO_CHANNELS = (BookingChannel.REFERENT, BookingChannel.RECEPTION)
CANCELLED = (BookingStatus.EXCUSED, BookingStatus.CANCELLED_BY_STRUCTURE)
DEFINITIONS_FILE = Path(__file__).resolve().parents[2] / "docs" / "indicateurs.md"

# The indicators this module computes; each has a section of the same key in docs/indicateurs.md.
INDICATOR_KEYS = (
    "cohorte",
    "delai_premier_rdv_reserve",
    "delai_premier_rdv_honore",
    "honore_30_jours",
    "honore_42_jours",
    "creneaux_offerts",
    "places_offertes",
    "places_libres",
    "rdv_reserves",
    "rdv_honores",
    "rdv_absents",
    "rdv_annules",
    "taux_absence",
    "taux_annulation",
    "reserve_par_la_personne",
    "reserve_par_un_professionnel",
    "delai_feuille_de_route",
    "delai_orientation",
    "personnes_orientees",
    "orientees_30_jours",
    "tension_creneaux",
    "invitations",
    "activation",
    "repartition_structures",
    "invitations_campagne",
    "rdv_en_ligne_apres_invitation",
    "sorties_par_motif",
    "taux_sorties_dynamiques",
    "services_demandes",
    "zones_blanches",
)


# --- results --------------------------------------------------------------------------------------


def ratio(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class Delay:
    """A delay in whole days over `n` people: average and median (None when n is 0)."""

    n: int
    average: float | None
    median: float | None


@dataclass(frozen=True)
class Delays:
    """From RSA entry to the first appointment booked, and to the first one honoured."""

    cohort: int
    booked: Delay
    honoured: Delay


@dataclass(frozen=True)
class Timeliness:
    """People of the cohort whose first appointment was honoured within 30 days / 6 weeks of entry."""

    cohort: int
    within_30_days: int
    within_42_days: int

    @property
    def rate_30_days(self) -> float | None:
        return ratio(self.within_30_days, self.cohort)

    @property
    def rate_42_days(self) -> float | None:
        return ratio(self.within_42_days, self.cohort)


@dataclass(frozen=True)
class Orientations:
    """From RSA entry to the first orientation decision: the delay over the people of the cohort who
    were oriented (`delay.n` of them), and how many were within 30 days (out of the whole cohort)."""

    cohort: int
    delay: Delay
    within_30_days: int

    @property
    def oriented(self) -> int:
        return self.delay.n

    @property
    def rate_30_days(self) -> float | None:
        return ratio(self.within_30_days, self.cohort)


@dataclass(frozen=True)
class FirstAppointments:
    """Créneaux offered (slots, seats) and first-appointment bookings made in the period, by outcome."""

    slots: int
    seats: int
    free_seats: int  # of those seats, the ones no live booking holds (the same count as the shortage's)
    bookings: int
    honoured: int
    absent: int
    cancelled: int

    @property
    def no_show_denominator(self) -> int:
        return self.honoured + self.absent

    @property
    def no_show_rate(self) -> float | None:
        return ratio(self.absent, self.no_show_denominator)

    @property
    def cancellation_rate(self) -> float | None:
        return ratio(self.cancelled, self.bookings)


@dataclass(frozen=True)
class Channels:
    """Who made the first-appointment bookings of the period: the person (own phone, kiosk) or a pro."""

    bookings: int
    by_person: int
    by_professional: int

    @property
    def person_rate(self) -> float | None:
        return ratio(self.by_person, self.bookings)

    @property
    def professional_rate(self) -> float | None:
        return ratio(self.by_professional, self.bookings)


@dataclass(frozen=True)
class Activation:
    """People of the cohort invited (a credential exists) and who activated their account."""

    cohort: int
    invited: int
    activated: int

    @property
    def invited_rate(self) -> float | None:
        return ratio(self.invited, self.cohort)

    @property
    def activation_rate(self) -> float | None:
        return ratio(self.activated, self.invited)


@dataclass(frozen=True)
class StructureRow:
    """One structure référente's share of the cohort (organisation_id None: people without one)."""

    organisation_id: int | None
    code: str | None
    name: str | None
    people: int
    booked: int
    honoured_within_30_days: int


@dataclass(frozen=True)
class Exits:
    """The ends of accompaniment (« fins d'accompagnement ») dated in the period: how many per exit kind
    (every kind of `dossier/data/sorties.tsv`, in its order, 0 included) and how many of them are
    « sorties dynamiques » (work or training)."""

    by_kind: dict[str, int]
    dynamic: int

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    @property
    def dynamic_rate(self) -> float | None:
        return ratio(self.dynamic, self.total)


@dataclass(frozen=True)
class FollowUpsEnded:
    """The follow-ups in employment that ended in the period: still in work at the latest answer, no
    longer in work, and (the rest) no answer."""

    ended: int
    still_employed: int
    not_employed: int

    @property
    def no_news(self) -> int:
        return self.ended - self.still_employed - self.not_employed


@dataclass(frozen=True)
class Indicators:
    """Everything the pilotage page shows for one period and one (optional) structure."""

    start: dt.date
    end: dt.date
    organisation_id: int | None
    delays: Delays
    timeliness: Timeliness
    first_appointments: FirstAppointments
    channels: Channels
    roadmap: Delay
    activation: Activation
    orientation: Orientations
    exits: Exits
    follow_ups: FollowUpsEnded


# --- SQL building blocks --------------------------------------------------------------------------


def days_between(dialect: str, entry: ColumnElement, moment: ColumnElement) -> ColumnElement[int]:
    """Whole days from a date to the UTC calendar date of a timestamp, in the dialect's own arithmetic:
    julianday() on SQLite (dates and timestamps are stored as UTC text there), date subtraction on
    PostgreSQL after converting the timestamptz to UTC (the session's time zone must not matter)."""
    if dialect == "postgresql":
        utc_day = cast(func.timezone(literal_column("'UTC'"), moment), Date)
        return cast(utc_day - entry, Integer)
    return cast(func.julianday(func.date(moment)) - func.julianday(entry), Integer)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _period(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[from, before): Paris midnight of the first day to Paris midnight after the last day."""
    return clock.paris_midnight(start), clock.paris_midnight(end + dt.timedelta(days=1))


def _cohort(start: dt.date, end: dt.date, organisation_id: int | None) -> Subquery:
    query = select(Beneficiary.id.label("person_id"), Beneficiary.rsa_entry_date.label("entry"),
                   Beneficiary.organisation_id.label("organisation_id")).where(
        Beneficiary.rsa_entry_date >= start, Beneficiary.rsa_entry_date <= end)
    if organisation_id is not None:
        query = query.where(Beneficiary.organisation_id == organisation_id)
    return query.subquery("cohort")


def _first_booked() -> Subquery:
    """Per person, when their first FIRST appointment was booked (any status since)."""
    return (select(Booking.beneficiary_id.label("person_id"), func.min(Booking.created_at).label("at"))
            .where(Booking.type_code == FIRST).group_by(Booking.beneficiary_id).subquery("first_booked"))


def _first_honoured() -> Subquery:
    """Per person, when the earliest FIRST appointment they honoured took place (its créneau's start)."""
    return (select(Booking.beneficiary_id.label("person_id"), func.min(Slot.starts_at).label("at"))
            .select_from(Booking).join(Slot, Slot.id == Booking.slot_id)
            .where(Booking.type_code == FIRST, Booking.status == BookingStatus.HONOURED)
            .group_by(Booking.beneficiary_id).subquery("first_honoured"))


def _first_engagement() -> Subquery:
    """Per person, when their roadmap was first validated by both sides."""
    return (select(Engagement.beneficiary_id.label("person_id"), func.min(Engagement.validated_at).label("at"))
            .group_by(Engagement.beneficiary_id).subquery("first_engagement"))


def _first_orientation() -> Subquery:
    """Per person, when their first orientation decision was made (a later reorientation changes nothing)."""
    return (select(Orientation.beneficiary_id.label("person_id"), func.min(Orientation.decided_at).label("at"))
            .group_by(Orientation.beneficiary_id).subquery("first_orientation"))


def _delays_to(dialect: str, cohort: Subquery, firsts: Subquery) -> Select:
    """One row per person of the cohort who reached the event: the delay in days, labelled `delay`."""
    return (select(days_between(dialect, cohort.c.entry, firsts.c.at).label("delay"))
            .select_from(cohort.join(firsts, firsts.c.person_id == cohort.c.person_id)))


def _summary(session: Session, delays: Select, within: tuple[int, ...] = ()) -> tuple[Delay, tuple[int, ...]]:
    """n, average and median of the `delay` column, and how many delays are at most each of `within`
    days, in one query. The median is the average of the middle row(s) by rank: rank*2 between n and
    n+2 picks row (n+1)/2 when n is odd, rows n/2 and n/2+1 when even — window functions both engines
    have, and no integer division whose rounding could differ."""
    rows = delays.subquery("delays")
    ranked = (select(rows.c.delay, func.row_number().over(order_by=rows.c.delay).label("rank"),
                     func.count().over().label("n"))
              .where(rows.c.delay.is_not(None)).subquery("ranked"))
    middle = and_(ranked.c.rank * 2 >= ranked.c.n, ranked.c.rank * 2 <= ranked.c.n + 2)
    n, average, median, *counts = session.execute(
        select(func.count(), func.avg(ranked.c.delay), func.avg(case((middle, ranked.c.delay))),
               *(count_true(ranked.c.delay <= days) for days in within))
        .select_from(ranked)).one()
    delay = Delay(int(n), None if average is None else float(average), None if median is None else float(median))
    return delay, tuple(int(count) for count in counts)


def _cohort_size(session: Session, cohort: Subquery) -> int:
    return session.execute(select(func.count()).select_from(cohort)).scalar_one()


# --- indicators -----------------------------------------------------------------------------------


def delays(session: Session, actor: Actor, start: dt.date, end: dt.date,
           organisation_id: int | None = None) -> Delays:
    """Days from RSA entry to the first appointment booked and to the first honoured, over the cohort
    members who got there (n of each)."""
    require(actor, Permission.VIEW_PILOTAGE)
    return _delays_and_timeliness(session, start, end, organisation_id)[0]


def timeliness(session: Session, actor: Actor, start: dt.date, end: dt.date,
               organisation_id: int | None = None) -> Timeliness:
    """People of the cohort whose first honoured appointment took place within 30 days and within
    6 weeks of their RSA entry (denominator: the whole cohort, waiting people included)."""
    require(actor, Permission.VIEW_PILOTAGE)
    return _delays_and_timeliness(session, start, end, organisation_id)[1]


def _delays_and_timeliness(session: Session, start: dt.date, end: dt.date,
                           organisation_id: int | None) -> tuple[Delays, Timeliness]:
    """Both from the same delays to the first honoured appointment: one pass over the bookings, not two."""
    dialect = _dialect(session)
    cohort = _cohort(start, end, organisation_id)
    people = _cohort_size(session, cohort)
    booked, _ = _summary(session, _delays_to(dialect, cohort, _first_booked()))
    honoured, (within_30, within_42) = _summary(session, _delays_to(dialect, cohort, _first_honoured()),
                                                within=(TARGET_DAYS, SIX_WEEKS_DAYS))
    return Delays(people, booked, honoured), Timeliness(people, within_30, within_42)


def _booking_counts(session: Session, start: dt.date, end: dt.date, organisation_id: int | None) -> tuple[int, ...]:
    """(bookings, honoured, absent, cancelled, by person, by professional) over the FIRST bookings made in
    the period, whoever the person is (not only the cohort)."""
    since, before = _period(start, end)
    query = (select(func.count(Booking.id), count_true(Booking.status == BookingStatus.HONOURED),
                    count_true(Booking.status == BookingStatus.ABSENT), count_true(Booking.status.in_(CANCELLED)),
                    count_true(Booking.channel.in_(SELF_CHANNELS)), count_true(Booking.channel.in_(PRO_CHANNELS)))
             .where(Booking.type_code == FIRST, Booking.created_at >= since, Booking.created_at < before))
    if organisation_id is not None:  # the person's structure: only then is the join needed
        query = query.join(Beneficiary, Beneficiary.id == Booking.beneficiary_id).where(
            Beneficiary.organisation_id == organisation_id)
    return tuple(int(value) for value in session.execute(query).one())


def first_appointments(session: Session, actor: Actor, start: dt.date, end: dt.date,
                       organisation_id: int | None = None) -> FirstAppointments:
    """Créneaux of the first appointment starting in the period (not cancelled) and their seats; FIRST
    bookings made in the period and what became of them. A structure scopes créneaux by the structure
    that publishes them and bookings by the person's structure référente."""
    require(actor, Permission.VIEW_PILOTAGE)
    return _first_appointments(session, start, end, organisation_id,
                               _booking_counts(session, start, end, organisation_id))


def _first_appointments(session: Session, start: dt.date, end: dt.date, organisation_id: int | None,
                        counts: tuple[int, ...]) -> FirstAppointments:
    since, before = _period(start, end)
    offered = (select(func.count(Slot.id), func.coalesce(func.sum(Slot.capacity), 0),
                      func.coalesce(func.sum(Slot.capacity - Slot.booked), 0))
               .where(Slot.type_code == FIRST, Slot.cancelled_at.is_(None),
                      Slot.starts_at >= since, Slot.starts_at < before))
    if organisation_id is not None:
        offered = offered.where(Slot.organisation_id == organisation_id)
    slots, seats, free_seats = session.execute(offered).one()
    bookings, honoured, absent, cancelled, _, _ = counts
    return FirstAppointments(int(slots), int(seats), int(free_seats), bookings, honoured, absent, cancelled)


def channels(session: Session, actor: Actor, start: dt.date, end: dt.date,
             organisation_id: int | None = None) -> Channels:
    """FIRST bookings made in the period by the person (own phone or kiosk) vs by a professional."""
    require(actor, Permission.VIEW_PILOTAGE)
    return _channels(_booking_counts(session, start, end, organisation_id))


def _channels(counts: tuple[int, ...]) -> Channels:
    bookings, _, _, _, by_person, by_professional = counts
    return Channels(bookings, by_person, by_professional)


def roadmap_delay(session: Session, actor: Actor, start: dt.date, end: dt.date,
                  organisation_id: int | None = None) -> Delay:
    """Days from RSA entry to the first validated roadmap (first engagement), over the cohort members
    who have one."""
    require(actor, Permission.VIEW_PILOTAGE)
    cohort = _cohort(start, end, organisation_id)
    return _summary(session, _delays_to(_dialect(session), cohort, _first_engagement()))[0]


def orientation_delay(session: Session, actor: Actor, start: dt.date, end: dt.date,
                      organisation_id: int | None = None) -> Orientations:
    """Days from RSA entry to the first orientation decision, over the cohort members oriented (n of
    them), and how many of the cohort were oriented within 30 days (denominator: the whole cohort)."""
    require(actor, Permission.VIEW_PILOTAGE)
    cohort = _cohort(start, end, organisation_id)
    delay, (within_30,) = _summary(session, _delays_to(_dialect(session), cohort, _first_orientation()),
                                   within=(ORIENTED_WITHIN_DAYS,))
    return Orientations(_cohort_size(session, cohort), delay, within_30)


def activation(session: Session, actor: Actor, start: dt.date, end: dt.date,
               organisation_id: int | None = None) -> Activation:
    """People of the cohort invited (a credential row exists) and of them those who activated it."""
    require(actor, Permission.VIEW_PILOTAGE)
    cohort = _cohort(start, end, organisation_id)
    people, invited, activated = session.execute(
        select(func.count(cohort.c.person_id), func.count(Credential.id), func.count(Credential.activated_at))
        .select_from(cohort.outerjoin(Credential, Credential.beneficiary_id == cohort.c.person_id))).one()
    return Activation(int(people), int(invited), int(activated))


def _numbered_exits() -> Subquery:
    """The rows of `pathway_exit` in the order they were recorded, split into accompaniments by the
    « reprise » rows (an accompaniment, `episode`, is numbered by how many reprises came before it)."""
    order = (PathwayExit.recorded_at, PathwayExit.id)
    return (select(PathwayExit.beneficiary_id.label("person_id"), PathwayExit.kind.label("kind"),
                   PathwayExit.exit_code.label("exit_code"), PathwayExit.exit_date.label("exit_date"),
                   PathwayExit.follow_up_until.label("follow_up_until"),
                   PathwayExit.recorded_at.label("recorded_at"), PathwayExit.id.label("row_id"),
                   func.sum(case((PathwayExit.kind == PathwayEventKind.REOPENED, 1), else_=0))
                   .over(partition_by=PathwayExit.beneficiary_id, order_by=order).label("episode"))
            .subquery("numbered"))


def _latest_exits(numbered: Subquery | None = None) -> Subquery:
    """Per person and accompaniment, the latest exit row: within one accompaniment a later exit is a
    correction and replaces the earlier ones. A reprise after an exit does not cancel it: the person did
    leave, and the next exit is another one."""
    numbered = numbered if numbered is not None else _numbered_exits()
    ranked = (select(numbered.c.person_id, numbered.c.episode, numbered.c.exit_code, numbered.c.exit_date,
                     numbered.c.follow_up_until,
                     func.row_number().over(partition_by=(numbered.c.person_id, numbered.c.episode),
                                            order_by=(numbered.c.recorded_at.desc(), numbered.c.row_id.desc()))
                     .label("rank"))
              .where(numbered.c.kind == PathwayEventKind.EXIT).subquery("ranked"))
    return (select(ranked.c.person_id, ranked.c.episode, ranked.c.exit_code, ranked.c.exit_date,
                   ranked.c.follow_up_until)
            .where(ranked.c.rank == 1).subquery("latest_exits"))


def exits(session: Session, actor: Actor, start: dt.date, end: dt.date,
          organisation_id: int | None = None) -> Exits:
    """The exits dated in the period (exit date from `start` to `end`, both included) of people of the
    chosen structure référente (if any), each accompaniment counted once with its latest exit (a
    correction replaces the earlier row), per exit kind; and the « sorties dynamiques » among them."""
    require(actor, Permission.VIEW_PILOTAGE)
    latest = _latest_exits()
    query = (select(latest.c.exit_code, func.count()).select_from(latest)
             .where(latest.c.exit_date >= start, latest.c.exit_date <= end)
             .group_by(latest.c.exit_code))
    if organisation_id is not None:
        query = query.join(Beneficiary, Beneficiary.id == latest.c.person_id).where(
            Beneficiary.organisation_id == organisation_id)
    counts = {code: int(n) for code, n in session.execute(query).all()}
    kinds = exit_kinds()
    by_kind = {code: counts.get(code, 0) for code in kinds}
    return Exits(by_kind, sum(n for code, n in by_kind.items() if kinds[code].dynamic))


def follow_ups_ended(session: Session, actor: Actor, start: dt.date, end: dt.date,
                     organisation_id: int | None = None) -> FollowUpsEnded:
    """The follow-ups in employment whose end date falls in the period (of accompaniments whose latest
    exit opened one), and what the latest answer of each said: still in work (the référent's note, or
    the person's « tout va bien »), no longer in work, or no answer at all."""
    require(actor, Permission.VIEW_PILOTAGE)
    numbered = _numbered_exits()
    latest = _latest_exits(numbered)
    employed = case((EmploymentCheckIn.kind == CheckInKind.ALL_GOOD, 1),
                    (EmploymentCheckIn.still_employed.is_(True), 1), else_=0)
    answers = (select(numbered.c.person_id, numbered.c.episode, employed.label("employed"),
                      func.row_number().over(partition_by=(numbered.c.person_id, numbered.c.episode),
                                             order_by=(EmploymentCheckIn.written_at.desc(),
                                                       EmploymentCheckIn.id.desc())).label("rank"))
               .join(EmploymentCheckIn, EmploymentCheckIn.exit_id == numbered.c.row_id)
               .where(or_(EmploymentCheckIn.kind == CheckInKind.ALL_GOOD,
                          and_(EmploymentCheckIn.kind == CheckInKind.NOTE,
                               EmploymentCheckIn.still_employed.is_not(None))))
               .subquery("answers"))
    last = select(answers.c.person_id, answers.c.episode, answers.c.employed).where(answers.c.rank == 1) \
        .subquery("last_answers")
    query = (select(func.count(), count_true(last.c.employed == 1), count_true(last.c.employed == 0))
             .select_from(latest.outerjoin(last, and_(last.c.person_id == latest.c.person_id,
                                                      last.c.episode == latest.c.episode)))
             .where(latest.c.follow_up_until >= start, latest.c.follow_up_until <= end))
    if organisation_id is not None:
        query = query.join(Beneficiary, Beneficiary.id == latest.c.person_id).where(
            Beneficiary.organisation_id == organisation_id)
    ended, still, left = session.execute(query).one()
    return FollowUpsEnded(int(ended), int(still or 0), int(left or 0))


def slot_shortage(session: Session, actor: Actor) -> Shortage:
    """Now, on the whole territory: the people waiting for a first appointment against the free seats
    per place (`dossier.appointments`, the agenda's definition too)."""
    require(actor, Permission.VIEW_PILOTAGE)
    return shortage_in(session, true())


def by_structure(session: Session, actor: Actor, start: dt.date, end: dt.date) -> list[StructureRow]:
    """The cohort split by structure référente: people, people with a first appointment booked, people
    whose first honoured appointment was within 30 days. Structures with nobody in the cohort are left
    out; people without a structure make one row with organisation_id None."""
    require(actor, Permission.VIEW_PILOTAGE)
    cohort = _cohort(start, end, None)
    booked, honoured = _first_booked(), _first_honoured()
    delay = days_between(_dialect(session), cohort.c.entry, honoured.c.at)
    rows = session.execute(
        select(cohort.c.organisation_id, Organisation.code, Organisation.name, func.count(cohort.c.person_id),
               func.count(booked.c.person_id), count_true(delay <= TARGET_DAYS))
        .select_from(cohort.outerjoin(booked, booked.c.person_id == cohort.c.person_id)
                     .outerjoin(honoured, honoured.c.person_id == cohort.c.person_id)
                     .outerjoin(Organisation, Organisation.id == cohort.c.organisation_id))
        .group_by(cohort.c.organisation_id, Organisation.code, Organisation.name)).all()
    result = [StructureRow(org_id, code, name, int(people), int(n_booked), int(n_honoured))
              for org_id, code, name, people, n_booked, n_honoured in rows]
    return sorted(result, key=lambda row: (row.code is None, row.code or ""))


def indicators(session: Session, actor: Actor, start: dt.date, end: dt.date,
               organisation_id: int | None = None) -> Indicators:
    """Every period indicator at once, for the page."""
    require(actor, Permission.VIEW_PILOTAGE)
    args = (session, actor, start, end, organisation_id)
    delays_, timeliness_ = _delays_and_timeliness(session, start, end, organisation_id)
    counts = _booking_counts(session, start, end, organisation_id)  # read once for both indicators
    return Indicators(start, end, organisation_id, delays_, timeliness_,
                      _first_appointments(session, start, end, organisation_id, counts), _channels(counts),
                      roadmap_delay(*args), activation(*args), orientation_delay(*args), exits(*args),
                      follow_ups_ended(*args))


# --- showing: small cells, definitions ------------------------------------------------------------


def is_small(n: int) -> bool:
    return 0 < n < SMALL_CELL


def masked(n: int | None) -> str:
    """A count of people as shown: 1 to 4 are not shown (« moins de 5 personnes, non affiché »: too few
    not to point at someone), 0 stays « 0 », None (not computable) is « — »."""
    if n is None:
        return "—"
    return t("pilotage.masked.count") if is_small(n) else formatting.integer(n)


def masked_rate(numerator: int, denominator: int) -> str:
    """A percentage as shown: « — » with no denominator, no value at all when computed on 1 to 4 people."""
    if not denominator:
        return "—"
    if is_small(denominator):
        return t("pilotage.masked.value")
    return formatting.percent(numerator / denominator, 1)


def masked_count_and_rate(n: int, total: int) -> str:
    """« 12 (40 %) »: a count with its share of `total`; the count alone (masked) when either is 1 to 4 —
    no rate on so few."""
    if is_small(n) or is_small(total):
        return masked(n)
    return t("pilotage.count_rate", count=masked(n), rate=masked_rate(n, total))


def masked_delay(delay: Delay, which: str = "average") -> str:
    """An average or median delay as shown: « — » on nobody, no value at all when computed on 1 to 4
    people (a value would read as a count)."""
    value = delay.average if which == "average" else delay.median
    if delay.n == 0 or value is None:
        return "—"
    if is_small(delay.n):
        return t("pilotage.masked.value")
    return f"{formatting.decimal(value, 1)}\u00a0j"  # never « 12,5 » and « j » on two lines


HEADING = re.compile(r"^## +([a-z0-9_]+) +— +(.+?) *$")


def _sections(path: Path = DEFINITIONS_FILE) -> dict[str, tuple[str, str]]:
    """key → (title, text) of every `## <key> — <title>` section of the definitions file; the text is
    everything up to the next `## ` heading, stripped. What comes before the first section is ignored."""
    sections: dict[str, tuple[str, list[str]]] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = HEADING.match(line)
        if heading:
            current = []
            sections[heading.group(1)] = (heading.group(2), current)
        elif line.startswith("## "):
            current = None  # a heading in another format closes the section; it is not a definition
        elif current is not None:
            current.append(line)
    return {key: (title, "\n".join(lines).strip()) for key, (title, lines) in sections.items()}


def definitions() -> dict[str, str]:
    """Per indicator key, the French definition exactly as written in docs/indicateurs.md (markdown)."""
    return {key: text for key, (_title, text) in _sections().items()}


def titles() -> dict[str, str]:
    """Per indicator key, its French title as written in docs/indicateurs.md."""
    return {key: title for key, (title, _text) in _sections().items()}
