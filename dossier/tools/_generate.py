"""A fictional Département at scale, written in bulk: `python -m dossier generate --people 100000`.

On top of the demo territory (seeded first when the database is empty): one référent per ~300 people,
then per person a roadmap (3 goals, 7 actions), 20 history events, 2 situations, 10 access-log rows,
an orientation (90 %) and for a fifth of those an end of accompaniment (with the follow-up in
employment's first check-ins after a lasting job), and across the territory 50,000 créneaux per
100,000 people with ~120,000 bookings (future créneaux left free) and consents. Rows go in with
executemany in chunks (Core inserts, ids assigned here), so 100,000 people take minutes. Everything is
invented: names from the demo lists, numbers `D2026-1xxxxx`, e-mails `@gen.invalid`."""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select, text
from sqlmodel import Session, SQLModel

from dossier import accounts, clock
from dossier.appointments import FIRST
from dossier.pathway import exit_kinds
from dossier.policy import Basis
from dossier.sharing import LEGAL_BASIS, PURPOSE, notice_hash
from dossier.tools._demo import DEMO_PERSON_CODE, FIRST_NAMES, LAST_NAMES, is_empty, seed_demo
from storage.models import (
    AccessLog,
    Action,
    Beneficiary,
    Booking,
    Consent,
    Credential,
    EmploymentCheckIn,
    Goal,
    Organisation,
    Orientation,
    PathwayExit,
    Place,
    Professional,
    ProfessionalRole,
    ReferenceItem,
    Roadmap,
    RoadmapEvent,
    Situation,
    Slot,
)
from storage.vocabulary import (
    ActionStatus,
    BookingChannel,
    BookingStatus,
    Carrier,
    Category,
    CheckInKind,
    GoalStatus,
    OrganisationType,
    OrientationKind,
    PathwayEventKind,
    PresenceChannel,
    ReferenceKind,
    Role,
    SituationSource,
)

CHUNK = 5_000
PEOPLE_PER_REFERENT = 300
GOALS, ACTIONS, EVENTS, SITUATIONS, READS = 3, 7, 20, 2, 10
SLOTS_PER_PERSON, CAPACITY = 0.5, 3
NUMBER_BASE = 100_000  # D2026-100000…: never a demo number (4 digits)
PAST_STATUS_MIX = (BookingStatus.HONOURED,) * 3 + (BookingStatus.ABSENT, BookingStatus.EXCUSED)  # one draw each
ORIENTED_SHARE, ORIENTATION_DAYS = 0.9, (3, 90)  # oriented people, days from RSA entry to the decision
EXIT_SHARE = 0.2  # people whose accompaniment ended, some time after their orientation
CHECK_INS = 2  # per follow-up in employment whose first check-ins are due
CHANNEL_MIX = (BookingChannel.AUTONOMOUS, BookingChannel.AUTONOMOUS, BookingChannel.KIOSK, BookingChannel.REFERENT,
               BookingChannel.RECEPTION)


@dataclass
class Report:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _bulk(session: Session, model: type[SQLModel], rows: Iterator[dict], report: Report) -> None:
    table = model.__table__
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            session.execute(insert(table), batch)
            report.rows[table.name] = report.rows.get(table.name, 0) + len(batch)
            batch = []
    if batch:
        session.execute(insert(table), batch)
        report.rows[table.name] = report.rows.get(table.name, 0) + len(batch)


def _next_id(session: Session, model: type[SQLModel]) -> int:
    return (session.execute(select(func.max(model.__table__.c.id))).scalar() or 0) + 1


def _fix_sequences(session: Session, models: list[type[SQLModel]]) -> None:
    """Ids were assigned here: move PostgreSQL's sequences past them (SQLite follows max(rowid))."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in models:
        name = model.__table__.name
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                             f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"))


def _pathways(session: Session, rng: random.Random, person_ids: list[int], entry: dict[int, dt.date],
              owner: dict[int, tuple[int, int]], report: Report, now: dt.datetime, today: dt.date) -> None:
    """The pilotage's pathway figures at scale: 90 % of people oriented 3 to 90 days after entering RSA,
    a fifth of them left (every kind of exit; a lasting job opens its follow-up in employment, with a
    référent's note at the first check-ins already due)."""
    kinds = list(exit_kinds().values())
    orientations, exits, check_ins = [], [], []
    exit_id = _next_id(session, PathwayExit)
    for pid in person_ids:
        if rng.random() >= ORIENTED_SHARE:
            continue
        referent, org = owner[pid]
        decided = min(entry[pid] + dt.timedelta(days=rng.randint(*ORIENTATION_DAYS)), today)
        at = dt.datetime.combine(decided, dt.time(9), tzinfo=dt.UTC)
        orientations.append({"beneficiary_id": pid, "organisation_id": org, "referent_id": referent,
                             "previous_organisation_id": None, "previous_referent_id": None,
                             "kind": rng.choice(list(OrientationKind)), "reason": "Orientation générée",
                             "decided_by_id": referent, "decided_by_name": "Référent", "decided_at": at})
        if rng.random() >= EXIT_SHARE or decided >= today:
            continue
        kind = rng.choice(kinds)
        day = decided + dt.timedelta(days=rng.randint(0, (today - decided).days))
        until = clock.add_months(day, 6) if kind.follow_up else None
        exits.append({"id": exit_id, "beneficiary_id": pid, "kind": PathwayEventKind.EXIT, "exit_code": kind.code,
                      "exit_date": day, "contract": "cdi" if kind.job else None,
                      "working_time": "temps_plein" if kind.job else None,
                      "reason": "Motif généré" if kind.reason_required else None, "recorded_by_id": referent,
                      "recorded_by_name": "Référent",
                      "recorded_at": dt.datetime.combine(day, dt.time(15), tzinfo=dt.UTC), "follow_up_until": until})
        for months in (1, 3)[:CHECK_INS]:
            due = clock.add_months(day, months)
            if until is not None and due <= today:
                check_ins.append({"exit_id": exit_id, "beneficiary_id": pid, "kind": CheckInKind.NOTE,
                                  "milestone": months, "still_employed": rng.random() < 0.8, "note": None,
                                  "written_by_id": referent, "written_by_name": "Référent",
                                  "written_at": dt.datetime.combine(due, dt.time(10), tzinfo=dt.UTC)})
        exit_id += 1
    _bulk(session, Orientation, iter(orientations), report)
    _bulk(session, PathwayExit, iter(exits), report)
    _bulk(session, EmploymentCheckIn, iter(check_ins), report)


def generate(session: Session, people: int, seed: int = 2026, progress: Callable[[str], None] = print) -> Report:
    started = time.perf_counter()
    report = Report()
    rng = random.Random(seed)
    if is_empty(session):
        seed_demo(session)
        session.flush()
    now, today = clock.now(), clock.today()
    orgs = session.execute(select(Organisation.id).order_by(Organisation.id)).scalars().all()
    referent_orgs = orgs[:4]
    places = session.execute(select(Place.id, Place.organisation_id)).all()
    themes = session.execute(select(ReferenceItem.code, ReferenceItem.theme_code)
                             .where(ReferenceItem.kind == ReferenceKind.ACTION)).all()
    situations = session.execute(select(ReferenceItem.code, ReferenceItem.theme_code)
                                 .where(ReferenceItem.kind == ReferenceKind.SITUATION)).all()

    # Référents: one per ~300 people, spread over the referent structures.
    pro_start = _next_id(session, Professional)
    n_referents = max(1, people // PEOPLE_PER_REFERENT)
    referents = [(pro_start + i, referent_orgs[i % len(referent_orgs)]) for i in range(n_referents)]
    _bulk(session, Professional, ({"id": pid, "organisation_id": org, "first_name": rng.choice(FIRST_NAMES),
                                   "last_name": rng.choice(LAST_NAMES), "email": f"referent{pid}@gen.invalid",
                                   "active": True, "created_at": now} for pid, org in referents), report)
    _bulk(session, ProfessionalRole, ({"professional_id": pid, "role": Role.REFERENT} for pid, _ in referents), report)
    progress(f"{n_referents} référents")

    person_start = _next_id(session, Beneficiary)
    person_ids = list(range(person_start, person_start + people))
    entry = {pid: today - dt.timedelta(days=rng.randint(1, 365)) for pid in person_ids}
    owner = {pid: referents[i % n_referents] for i, pid in enumerate(person_ids)}

    def people_rows() -> Iterator[dict]:
        for i, pid in enumerate(person_ids):
            referent, org = owner[pid]
            yield {"id": pid, "dossier_number": f"D2026-{NUMBER_BASE + i}", "last_name": rng.choice(LAST_NAMES),
                   "first_name": rng.choice(FIRST_NAMES),
                   "birth_date": dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 15_000)),
                   "phone": None, "email": None, "caf_number": None, "rsa_entry_date": entry[pid],
                   "organisation_id": org, "referent_id": referent, "created_at": now, "updated_at": now}
    _bulk(session, Beneficiary, people_rows(), report)
    progress(f"{people} personnes")

    code_hash = accounts.hash_secret(DEMO_PERSON_CODE)  # every generated person signs in with the demo code
    _bulk(session, Credential, ({"beneficiary_id": pid, "secret_hash": code_hash, "failed_attempts": 0,
                                 "activated_at": now} for pid in person_ids if pid % 3), report)

    goal_start, action_start = _next_id(session, Goal), _next_id(session, Action)

    def goal_rows() -> Iterator[dict]:
        for i, pid in enumerate(person_ids):
            for g in range(GOALS):
                code, theme = themes[(i + g) % len(themes)]
                yield {"id": goal_start + i * GOALS + g, "beneficiary_id": pid, "theme_code": theme, "ref_code": None,
                       "label": f"Objectif {g + 1}", "status": GoalStatus.IN_PROGRESS, "version": 1, "created_at": now,
                       "updated_at": now}

    def action_rows() -> Iterator[dict]:
        statuses = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.WAITING, ActionStatus.DONE)
        for i, pid in enumerate(person_ids):
            for a in range(ACTIONS):
                code, _theme = themes[(i + a) % len(themes)]
                yield {"id": action_start + i * ACTIONS + a, "goal_id": goal_start + i * GOALS + a % GOALS,
                       "beneficiary_id": pid, "ref_code": code, "label": f"Action {a + 1}",
                       "status": statuses[rng.randrange(4)],
                       "due_date": today + dt.timedelta(days=rng.randint(-60, 90)),
                       "carrier": Carrier.PERSON, "partner_organisation_id": None, "version": 1, "created_at": now,
                       "updated_at": now}
    _bulk(session, Goal, goal_rows(), report)
    _bulk(session, Action, action_rows(), report)
    _bulk(session, Roadmap, ({"beneficiary_id": pid, "revision": GOALS + ACTIONS,
                              "validated_revision": GOALS + ACTIONS if pid % 5 < 2 else None,
                              "first_validated_at": now if pid % 5 < 2 else None,
                              "last_validated_at": now if pid % 5 < 2 else None, "updated_at": now}
                             for pid in person_ids), report)
    progress("feuilles de route")

    def event_rows() -> Iterator[dict]:
        for pid in person_ids:
            referent, org = owner[pid]
            for e in range(EVENTS):
                yield {"beneficiary_id": pid, "at": now - dt.timedelta(days=EVENTS - e), "actor_kind": "professional",
                       "actor_id": referent, "actor_name": "Référent", "actor_role": Role.REFERENT,
                       "organisation_id": org, "in_presence": False, "category": Category.ROADMAP,
                       "entity": "action", "entity_id": None, "change": "updated",
                       "subject": f"Action {e % ACTIONS + 1}",
                       "before": json.dumps({"status": ActionStatus.PLANNED}),
                       "after": json.dumps({"status": ActionStatus.IN_PROGRESS})}
    _bulk(session, RoadmapEvent, event_rows(), report)
    _bulk(session, Situation, ({"beneficiary_id": pid, "ref_code": situations[(i + s) % len(situations)][0],
                                "theme_code": situations[(i + s) % len(situations)][1],
                                "source": SituationSource.PERSON, "recorded_at": now}
                               for i, pid in enumerate(person_ids) for s in range(SITUATIONS)), report)
    progress("historique et situations")

    # Créneaux from 300 days ago to 6 weeks ahead, 3 seats each, filled with bookings.
    slot_start = _next_id(session, Slot)
    n_slots = int(people * SLOTS_PER_PERSON)
    slot_times = sorted(now + dt.timedelta(days=rng.randint(-300, 41), hours=rng.randint(0, 8)) for _ in range(n_slots))
    slot_places = [places[i % len(places)] for i in range(n_slots)]
    booked = [0] * n_slots
    waiting = iter(rng.sample(person_ids, len(person_ids)))
    bookings: list[dict] = []
    for index, starts in enumerate(slot_times):
        future = starts > now
        for _seat in range(CAPACITY if index % 4 else CAPACITY - 1):  # a quarter keep a free seat
            pid = next(waiting, None)
            if pid is None:  # everyone had one: later seats go to people again (past ones only)
                if future:
                    break
                pid = person_ids[rng.randrange(people)]
            status = BookingStatus.UPCOMING if future else rng.choice(PAST_STATUS_MIX)
            booked[index] += status in (BookingStatus.UPCOMING, BookingStatus.HONOURED, BookingStatus.ABSENT)
            bookings.append({"reference": f"G{len(bookings):07d}", "slot_id": slot_start + index, "beneficiary_id": pid,
                             "type_code": FIRST, "status": status,
                             "channel": rng.choice(CHANNEL_MIX),
                             "created_by_kind": "beneficiary", "created_by_id": pid, "version": 1,
                             "created_at": starts - dt.timedelta(days=rng.randint(2, 30)), "updated_at": now})
    _bulk(session, Slot, ({"id": slot_start + i, "type_code": FIRST, "place_id": slot_places[i][0],
                           "organisation_id": slot_places[i][1], "professional_id": None, "starts_at": starts,
                           "ends_at": starts + dt.timedelta(hours=1), "capacity": CAPACITY, "booked": booked[i],
                           "cancelled_at": None, "created_by": None, "created_at": now}
                          for i, starts in enumerate(slot_times)), report)
    _bulk(session, Booking, iter(bookings), report)
    progress(f"{n_slots} créneaux, {len(bookings)} rendez-vous")

    def read_rows() -> Iterator[dict]:
        for pid in person_ids:
            referent, org = owner[pid]
            for r in range(READS):
                yield {"at": now - dt.timedelta(hours=r * 7), "beneficiary_id": pid, "professional_id": referent,
                       "professional_name": "Référent", "organisation_id": org, "role": Role.REFERENT,
                       "category": Category.ROADMAP, "purpose": PURPOSE, "allowed": True,
                       "basis": Basis.MISSION.value, "reason": "",
                       "exceptional_access_id": None}
    _bulk(session, AccessLog, read_rows(), report)
    notice = notice_hash(session)
    _bulk(session, Consent, ({"beneficiary_id": pid, "recipient_organisation_id": None,
                              "recipient_type": OrganisationType.MISSION_LOCALE, "category": Category.SITUATION,
                              "purpose": PURPOSE, "legal_basis": LEGAL_BASIS,
                              "valid_from": now, "valid_until": now + dt.timedelta(days=365),
                              "channel": PresenceChannel.AUTONOMOUS,
                              "captured_by_kind": "beneficiary", "captured_by_id": pid,
                              "captured_by_name": "La personne",
                              "notice_sha256": notice, "supersedes_id": None, "created_at": now}
                             for pid in person_ids if pid % 3 == 0), report)
    _pathways(session, rng, person_ids, entry, owner, report, now, today)
    progress("orientations, fins d'accompagnement et suivis dans l'emploi")
    _fix_sequences(session, [Professional, Beneficiary, Goal, Action, Slot, Booking, RoadmapEvent, Situation,
                             AccessLog, Consent, Credential, Orientation, PathwayExit, EmploymentCheckIn])
    # Planner statistics for the new volumes: without them PostgreSQL still believes the demo's few
    # hundred bookings and nests loops over 100,000 rows (the pilotage split by structure ran for minutes).
    session.execute(text("ANALYZE"))
    progress("statistiques du planificateur à jour (ANALYZE)")
    report.seconds = time.perf_counter() - started
    return report
