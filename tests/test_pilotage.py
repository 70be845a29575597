"""Pilotage indicators on a small territory built row by row, each expected figure worked out by hand in
the comments. Nothing is committed: every test's rows vanish with its session's rollback (even the extra
appointment type and the append-only engagements). Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import pytest
from sqlmodel import Session

from dossier import clock
from dossier.accounts import actor_for_professional
from dossier.actor import Actor
from dossier.appointments import FIRST
from dossier.appointments import _waiting as waiting
from dossier.appointments._waiting import PlaceSeats
from dossier.errors import PermissionDenied
from dossier.labels import t
from dossier.pathway import exit_kinds
from dossier.pilotage import Delay, definitions, masked, masked_delay, masked_rate
from dossier.pilotage import _indicators as pilotage
from dossier.pilotage._indicators import INDICATOR_KEYS, StructureRow
from storage.models import (
    AppointmentType,
    Beneficiary,
    Booking,
    Credential,
    Engagement,
    Organisation,
    Orientation,
    PathwayExit,
    Place,
    Professional,
    ProfessionalRole,
    Slot,
)

OTHER = "suivi_pilotage_test"  # another appointment type, which no first-appointment figure may count
JANUARY = (dt.date(2025, 1, 1), dt.date(2025, 1, 31))
_numbers = count(1)


def utc(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2025) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


@dataclass
class Territory:
    session: Session
    org_a: int
    org_b: int
    place_a: int
    place_b: int
    place_c: int
    coordinator: Actor
    referent: Actor
    reception: Actor
    admin: Actor

    def person(self, entry: dt.date | None, organisation_id: int | None) -> int:
        n = next(_numbers)
        now = clock.now()
        person = Beneficiary(dossier_number=f"PIL-{n:04d}", last_name="Essai", first_name=f"P{n}",
                             birth_date=dt.date(1990, 1, 1), rsa_entry_date=entry, organisation_id=organisation_id,
                             created_at=now, updated_at=now)
        self.session.add(person)
        self.session.flush()
        return person.id

    def slot(self, place_id: int, starts_at: dt.datetime, capacity: int = 1, booked: int = 0, *,
             cancelled: bool = False, type_code: str = FIRST) -> int:
        place = self.session.get(Place, place_id)
        slot = Slot(type_code=type_code, place_id=place_id, organisation_id=place.organisation_id,
                    starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=1), capacity=capacity, booked=booked,
                    cancelled_at=starts_at - dt.timedelta(days=3) if cancelled else None, created_at=utc(1, 1, 0, 0))
        self.session.add(slot)
        self.session.flush()
        return slot.id

    def booking(self, person_id: int, slot_id: int, created_at: dt.datetime, status: str, channel: str, *,
                type_code: str = FIRST) -> None:
        self.session.add(Booking(reference=f"PIL{next(_numbers):06d}", slot_id=slot_id, beneficiary_id=person_id,
                                 type_code=type_code, status=status, channel=channel,
                                 created_by_kind="beneficiary" if channel in ("autonome", "borne") else "professional",
                                 created_at=created_at, updated_at=created_at))
        self.session.flush()

    def credential(self, person_id: int, activated_at: dt.datetime | None) -> None:
        self.session.add(Credential(beneficiary_id=person_id, activation_code_hash="x", activated_at=activated_at))
        self.session.flush()

    def engagement(self, person_id: int, revision: int, validated_at: dt.datetime) -> None:
        snapshot = '{"goals": []}'
        self.session.add(Engagement(beneficiary_id=person_id, revision=revision, snapshot=snapshot,
                                    snapshot_sha256=hashlib.sha256(snapshot.encode()).hexdigest(),
                                    person_confirmed_at=validated_at, person_channel="autonome",
                                    referent_confirmed_at=validated_at, validated_at=validated_at))
        self.session.flush()

    def orientation(self, person_id: int, decided_at: dt.datetime) -> None:
        """A decision as `orient` records it (the person's structure, by the coordinator); append-only."""
        organisation_id = self.session.get(Beneficiary, person_id).organisation_id or self.org_a
        self.session.add(Orientation(beneficiary_id=person_id, organisation_id=organisation_id, kind="social",
                                     reason="Motif de test du pilotage", decided_by_id=self.coordinator.id,
                                     decided_by_name="Pro Coordinateur", decided_at=decided_at))
        self.session.flush()

    def exit(self, person_id: int, code: str, day: dt.date, recorded_at: dt.datetime) -> None:
        """A row as `record_exit` writes it (or its correction: a later row), recorded when said."""
        self._pathway(person_id, "sortie", code, day, recorded_at)

    def reprise(self, person_id: int, recorded_at: dt.datetime) -> None:
        self._pathway(person_id, "reprise", None, recorded_at.date(), recorded_at)

    def _pathway(self, person_id: int, kind: str, code: str | None, day: dt.date, recorded_at: dt.datetime) -> None:
        self.session.add(PathwayExit(beneficiary_id=person_id, kind=kind, exit_code=code, exit_date=day,
                                     reason="Motif de test" if code == "autre" else None,
                                     recorded_by_id=self.coordinator.id, recorded_by_name="Pro Coordinateur",
                                     recorded_at=recorded_at))
        self.session.flush()

    def other_type(self) -> None:
        if self.session.get(AppointmentType, OTHER) is None:
            self.session.add(AppointmentType(code=OTHER, label="Suivi (test pilotage)"))
            self.session.flush()


def _professional(session: Session, organisation_id: int, email: str, role: str) -> Actor:
    pro = Professional(organisation_id=organisation_id, first_name="Pro", last_name=role.title(), email=email,
                       created_at=clock.now())
    session.add(pro)
    session.flush()
    session.add(ProfessionalRole(professional_id=pro.id, role=role))
    session.flush()
    return actor_for_professional(session, pro)


@pytest.fixture
def territory(session: Session) -> Territory:
    """Two structures, three places (C has no créneau), one professional per role. Never committed."""
    now = clock.now()
    org_a = Organisation(code="ORG-A", name="Structure A", type="departement", created_at=now)
    org_b = Organisation(code="ORG-B", name="Structure B", type="france_travail", created_at=now)
    session.add_all([org_a, org_b])
    session.flush()
    places = [Place(organisation_id=org, name=name, address="1 rue du Test", postcode="00000", city="Testville",
                    created_at=now) for org, name in ((org_a.id, "Lieu A"), (org_b.id, "Lieu B"), (org_a.id, "Lieu C"))]
    session.add_all(places)
    session.flush()
    coordinator = _professional(session, org_a.id, "coord@pilotage.invalid", "coordinateur")
    session.add(Credential(professional_id=coordinator.id, activated_at=now))  # a pro's account: never counted
    session.flush()
    return Territory(session, org_a.id, org_b.id, places[0].id, places[1].id, places[2].id, coordinator,
                     _professional(session, org_a.id, "ref@pilotage.invalid", "referent"),
                     _professional(session, org_b.id, "accueil@pilotage.invalid", "accueil"),
                     _professional(session, org_b.id, "admin@pilotage.invalid", "admin"))


@pytest.fixture
def january(territory: Territory) -> Territory:
    """The January 2025 cohort (entry dates 2025-01-01 … 2025-01-31):

    person  structure  RSA entry    FIRST bookings (created → créneau, status, channel)
    p1      A          2025-01-01   01-03 → s1 01-08 absent autonome ; 01-09 → s2 01-20 honoré référent
    p2      A          2025-01-05   01-15 → s3 02-10 honoré borne
    p3      A          2025-01-10   01-20 → s4 01-25 excusé accueil ; 01-26 → s5 03-03 honoré accueil
    p4      B          2025-01-20   01-21 → s6 02-15 à venir autonome
    p5      B          2025-01-31   none (one booking of ANOTHER type, 01-10 → t1, honoré)
    p9      none       2025-01-15   none
    outside the cohort:
    p6      A          2024-12-31   01-02 → s7 01-06 honoré autonome       (booking made in January)
    p7      B          2025-02-01   01-31 23:30 UTC (= 02-01 00:30 Paris) → s8 absent référent
    p8      A          no date      01-10 → s9 01-15 (créneau cancelled) annulé par la structure, référent
    """
    t = territory
    t.other_type()
    pa, pb = t.place_a, t.place_b
    p1 = t.person(dt.date(2025, 1, 1), t.org_a)
    p2 = t.person(dt.date(2025, 1, 5), t.org_a)
    p3 = t.person(dt.date(2025, 1, 10), t.org_a)
    p4 = t.person(dt.date(2025, 1, 20), t.org_b)
    p5 = t.person(dt.date(2025, 1, 31), t.org_b)
    p6 = t.person(dt.date(2024, 12, 31), t.org_a)
    p7 = t.person(dt.date(2025, 2, 1), t.org_b)
    p8 = t.person(None, t.org_a)
    t.person(dt.date(2025, 1, 15), None)  # p9

    s1 = t.slot(pa, utc(1, 8), 1, 1)
    s2 = t.slot(pa, utc(1, 20), 1, 1)
    s3 = t.slot(pa, utc(2, 10), 1, 1)
    s4 = t.slot(pa, utc(1, 25), 2, 0)
    s5 = t.slot(pa, utc(3, 3), 1, 1)
    s6 = t.slot(pb, utc(2, 15), 1, 1)
    s7 = t.slot(pa, utc(1, 6), 1, 1)
    s8 = t.slot(pb, utc(2, 5), 1, 1)
    s9 = t.slot(pa, utc(1, 15), 1, 0, cancelled=True)
    t.slot(pb, utc(1, 28), 3, 0)  # s10: offered, nobody booked
    t.slot(pb, utc(1, 31, 23, 30), 1, 0)  # s11: 02-01 00:30 in Paris, after the period
    t.slot(pa, dt.datetime(2024, 12, 31, 23, 30, tzinfo=dt.UTC), 2, 0)  # s12: 01-01 00:30 in Paris, inside
    t1 = t.slot(pb, utc(1, 12), 1, 1, type_code=OTHER)

    t.booking(p1, s1, utc(1, 3, 10), "absent", "autonome")
    t.booking(p1, s2, utc(1, 9, 10), "honore", "referent")
    t.booking(p2, s3, utc(1, 15, 10), "honore", "borne")
    t.booking(p3, s4, utc(1, 20, 10), "excuse", "accueil")
    t.booking(p3, s5, utc(1, 26, 10), "honore", "accueil")
    t.booking(p4, s6, utc(1, 21, 10), "a_venir", "autonome")
    t.booking(p5, t1, utc(1, 10, 10), "honore", "autonome", type_code=OTHER)
    t.booking(p6, s7, utc(1, 2, 10), "honore", "autonome")
    t.booking(p7, s8, utc(1, 31, 23, 30), "absent", "referent")
    t.booking(p8, s9, utc(1, 10, 10), "annule_structure", "referent")

    # Credentials: p1 activated, p2 invited only, p4 activated, p6 (outside) activated.
    t.credential(p1, utc(1, 4))
    t.credential(p2, None)
    t.credential(p4, utc(1, 22))
    t.credential(p6, utc(1, 3))

    # Engagements: p1 first validated 02-01 (and again 03-01), p2 01-25, p4 01-20 23:30 UTC (Paris: 01-21),
    # p6 (outside) 01-10.
    t.engagement(p1, 1, utc(2, 1, 10))
    t.engagement(p1, 2, utc(3, 1, 10))
    t.engagement(p2, 1, utc(1, 25, 10))
    t.engagement(p4, 1, utc(1, 20, 23, 30))
    t.engagement(p6, 1, utc(1, 10, 10))
    return t


# --- delays and medians ---------------------------------------------------------------------------


def test_delays_to_first_booking_and_first_honoured(january: Territory) -> None:
    t = january
    result = pilotage.delays(t.session, t.coordinator, *JANUARY)
    # Cohort: p1, p2, p3, p4, p5, p9 = 6 (p6 entered in December, p7 in February, p8 has no date).
    assert result.cohort == 6
    # First booking (earliest created_at, any status): p1 01-01→01-03 = 2, p2 01-05→01-15 = 10,
    # p3 01-10→01-20 = 10, p4 01-20→01-21 = 1; p5 and p9 have no FIRST booking (p5's is another type).
    # Sorted [1, 2, 10, 10]: n = 4, average 23 / 4 = 5.75, median (even) (2 + 10) / 2 = 6.
    assert result.booked == Delay(n=4, average=pytest.approx(5.75), median=pytest.approx(6.0))
    # First honoured (créneau start of the earliest honoured booking): p1 01-01→01-20 = 19,
    # p2 01-05→02-10 = 26 + 10 = 36, p3 01-10→03-03 = 21 + 28 + 3 = 52 (p3's 01-25 was excused).
    # n = 3, average 107 / 3 = 35.67, median (odd) 36.
    assert result.honoured == Delay(n=3, average=pytest.approx(107 / 3), median=pytest.approx(36.0))


def test_structure_filter_on_delays(january: Territory) -> None:
    t = january
    a = pilotage.delays(t.session, t.coordinator, *JANUARY, organisation_id=t.org_a)
    # Structure A: p1, p2, p3. Booked [2, 10, 10]: average 22 / 3, median (odd) 10. Honoured as above.
    assert a.cohort == 3
    assert a.booked == Delay(3, pytest.approx(22 / 3), pytest.approx(10.0))
    assert a.honoured == Delay(3, pytest.approx(107 / 3), pytest.approx(36.0))
    b = pilotage.delays(t.session, t.coordinator, *JANUARY, organisation_id=t.org_b)
    # Structure B: p4, p5. Booked [1]; nobody honoured.
    assert (b.cohort, b.booked, b.honoured) == (2, Delay(1, 1.0, 1.0), Delay(0, None, None))


def test_period_filter(january: Territory) -> None:
    t = january
    period = (dt.date(2025, 1, 10), dt.date(2025, 1, 20))
    # Bounds included: p3 (01-10), p9 (01-15), p4 (01-20). Booked: p3 10, p4 1 → average = median = 5.5.
    assert pilotage.delays(t.session, t.coordinator, *period).cohort == 3
    assert pilotage.delays(t.session, t.coordinator, *period).booked == Delay(2, 5.5, 5.5)
    # FIRST bookings made 01-10 … 01-20 (Paris): p8's 01-10 (annulé structure), p2's 01-15 (honoré),
    # p3's 01-20 (excusé) = 3; créneaux starting then: s2 (01-20) only (s9 cancelled, t1 another type).
    first = pilotage.first_appointments(t.session, t.coordinator, *period)
    assert (first.slots, first.seats) == (1, 1)
    assert (first.bookings, first.honoured, first.absent, first.cancelled) == (3, 1, 0, 2)
    assert pilotage.delays(t.session, t.coordinator, dt.date(2025, 3, 1), dt.date(2025, 3, 31)).cohort == 0
    empty = pilotage.delays(t.session, t.coordinator, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert (empty.cohort, empty.booked, empty.honoured) == (0, Delay(0, None, None), Delay(0, None, None))


def test_median_of_a_single_and_of_two_values(territory: Territory) -> None:
    t = territory
    p = t.person(dt.date(2025, 1, 1), t.org_a)
    t.engagement(p, 1, utc(1, 11))  # 10 days
    assert pilotage.roadmap_delay(t.session, t.coordinator, *JANUARY) == Delay(1, 10.0, 10.0)
    q = t.person(dt.date(2025, 1, 2), t.org_a)
    t.engagement(q, 1, utc(1, 9))  # 7 days: [7, 10] → average = median = 8.5
    assert pilotage.roadmap_delay(t.session, t.coordinator, *JANUARY) == Delay(2, 8.5, 8.5)
    r = t.person(dt.date(2025, 1, 3), t.org_a)
    t.engagement(r, 1, utc(2, 2))  # 30 days: [7, 10, 30] → average 47 / 3, median 10
    assert pilotage.roadmap_delay(t.session, t.coordinator, *JANUARY) == Delay(3, pytest.approx(47 / 3), 10.0)


# --- delay to orientation ------------------------------------------------------------------------


@pytest.fixture
def oriented(territory: Territory) -> Territory:
    """The January 2025 cohort and its orientation decisions (delay = decision's UTC date − entry):

    person  structure  RSA entry    decisions (UTC)                               delay to the first
    o1      A          2025-01-01   01-06 10:00                                   5
    o2      A          2025-01-03   03-15 10:00 (recorded first) and 01-23 10:00  20 (01-23 is the first)
    o3      A          2025-01-10   02-14 10:00                                   21 + 14 = 35
    o4      B          2025-01-20   02-19 10:00                                   11 + 19 = 30 (within 30)
    o5      B          2025-01-31   03-03 10:00                                   28 + 3 = 31 (not within)
    o6      none       2025-01-15   01-15 23:30 (= 01-16 00:30 Paris)             0 (UTC date, as documented)
    o7      A          2025-01-12   none: waits, in the cohort, not in the delays
    outside the cohort:
    x1      A          2024-12-31   01-05 10:00                                   (would be 5)
    x2      B          2025-02-01   02-03 10:00                                   2 (a February cohort)
    x3      A          no date      01-10 10:00
    """
    t = territory
    o1 = t.person(dt.date(2025, 1, 1), t.org_a)
    o2 = t.person(dt.date(2025, 1, 3), t.org_a)
    o3 = t.person(dt.date(2025, 1, 10), t.org_a)
    o4 = t.person(dt.date(2025, 1, 20), t.org_b)
    o5 = t.person(dt.date(2025, 1, 31), t.org_b)
    o6 = t.person(dt.date(2025, 1, 15), None)
    t.person(dt.date(2025, 1, 12), t.org_a)  # o7
    x1 = t.person(dt.date(2024, 12, 31), t.org_a)
    x2 = t.person(dt.date(2025, 2, 1), t.org_b)
    x3 = t.person(None, t.org_a)
    t.orientation(o1, utc(1, 6, 10))
    t.orientation(o2, utc(3, 15, 10))  # a reorientation, recorded before the first decision's row
    t.orientation(o2, utc(1, 23, 10))
    t.orientation(o3, utc(2, 14, 10))
    t.orientation(o4, utc(2, 19, 10))
    t.orientation(o5, utc(3, 3, 10))
    t.orientation(o6, utc(1, 15, 23, 30))
    t.orientation(x1, utc(1, 5, 10))
    t.orientation(x2, utc(2, 3, 10))
    t.orientation(x3, utc(1, 10, 10))
    return t


def test_delay_to_the_first_orientation(oriented: Territory) -> None:
    t = oriented
    result = pilotage.orientation_delay(t.session, t.coordinator, *JANUARY)
    # Cohort o1 … o7 = 7 (x1 entered in December, x2 in February, x3 has no date). Oriented: o1 … o6 = 6,
    # o2 once with her first decision. Sorted [0, 5, 20, 30, 31, 35]: average 121 / 6, median (even)
    # (20 + 30) / 2 = 25. Within 30 days: 0, 5, 20, 30 = 4 of the 7 (o7, who waits, counts in the cohort).
    assert (result.cohort, result.oriented, result.within_30_days) == (7, 6, 4)
    assert result.delay == Delay(6, pytest.approx(121 / 6), pytest.approx(25.0))
    assert result.rate_30_days == pytest.approx(4 / 7)


def test_delay_to_orientation_by_structure_and_period(oriented: Territory) -> None:
    t = oriented
    a = pilotage.orientation_delay(t.session, t.coordinator, *JANUARY, organisation_id=t.org_a)
    # Structure A: o1, o2, o3, o7 = 4; delays [5, 20, 35] (odd): average 60 / 3 = 20, median 20; within 30:
    # o1, o2 = 2.
    assert (a.cohort, a.delay, a.within_30_days) == (4, Delay(3, 20.0, 20.0), 2)
    b = pilotage.orientation_delay(t.session, t.coordinator, *JANUARY, organisation_id=t.org_b)
    # Structure B: o4, o5; [30, 31] → average = median = 30.5; within 30: o4 only (exactly 30 days).
    assert (b.cohort, b.delay, b.within_30_days) == (2, Delay(2, 30.5, 30.5), 1)
    middle = pilotage.orientation_delay(t.session, t.coordinator, dt.date(2025, 1, 10), dt.date(2025, 1, 20))
    # Bounds included: o3 (01-10), o7 (01-12), o6 (01-15), o4 (01-20) = 4; delays [0, 30, 35]: average
    # 65 / 3, median 30; within 30: o6, o4 = 2.
    assert (middle.cohort, middle.delay, middle.within_30_days) == (4, Delay(3, pytest.approx(65 / 3), 30.0), 2)
    february = pilotage.orientation_delay(t.session, t.coordinator, dt.date(2025, 2, 1), dt.date(2025, 2, 28))
    assert (february.cohort, february.delay, february.within_30_days) == (1, Delay(1, 2.0, 2.0), 1)  # x2
    december = pilotage.orientation_delay(t.session, t.coordinator, dt.date(2024, 12, 1), dt.date(2024, 12, 30))
    assert (december.cohort, december.delay, december.within_30_days) == (0, Delay(0, None, None), 0)
    assert december.rate_30_days is None


def test_delay_to_orientation_as_shown(oriented: Territory) -> None:
    """Six people oriented show their figures; structure A's three (and its cohort of four) are masked."""
    hidden_count, hidden_value = t("pilotage.masked.count"), t("pilotage.masked.value")
    o = oriented
    whole = pilotage.orientation_delay(o.session, o.coordinator, *JANUARY)
    assert (masked_delay(whole.delay), masked_delay(whole.delay, "median")) == ("20,2\u00a0j", "25,0\u00a0j")
    assert masked(whole.oriented) == "6"
    assert masked_rate(whole.within_30_days, whole.cohort) == "57,1\u00a0%"
    a = pilotage.orientation_delay(o.session, o.coordinator, *JANUARY, organisation_id=o.org_a)
    assert masked_delay(a.delay) == masked_delay(a.delay, "median") == hidden_value
    assert masked(a.oriented) == hidden_count
    assert masked_rate(a.within_30_days, a.cohort) == hidden_value


def test_the_bundle_carries_the_delay_to_orientation(oriented: Territory) -> None:
    t = oriented
    bundle = pilotage.indicators(t.session, t.coordinator, *JANUARY, organisation_id=t.org_b)
    assert bundle.orientation == pilotage.orientation_delay(t.session, t.coordinator, *JANUARY,
                                                            organisation_id=t.org_b)
    assert bundle.orientation.delay == Delay(2, 30.5, 30.5)
    assert "PIL-" not in repr(bundle) and "Essai" not in repr(bundle)


# --- within 30 days / 6 weeks ---------------------------------------------------------------------


def test_share_honoured_within_30_and_42_days(january: Territory) -> None:
    t = january
    # Honoured delays p1 19, p2 36, p3 52: within 30 → p1 = 1; within 42 → p1, p2 = 2; over the whole cohort 6.
    result = pilotage.timeliness(t.session, t.coordinator, *JANUARY)
    assert (result.cohort, result.within_30_days, result.within_42_days) == (6, 1, 2)
    assert result.rate_30_days == pytest.approx(1 / 6)
    assert result.rate_42_days == pytest.approx(2 / 6)
    a = pilotage.timeliness(t.session, t.coordinator, *JANUARY, organisation_id=t.org_a)
    assert (a.cohort, a.within_30_days, a.within_42_days) == (3, 1, 2)
    b = pilotage.timeliness(t.session, t.coordinator, *JANUARY, organisation_id=t.org_b)
    assert (b.cohort, b.within_30_days, b.within_42_days) == (2, 0, 0)


# --- créneaux and bookings ------------------------------------------------------------------------


def test_first_appointments_offered_booked_and_outcomes(january: Territory) -> None:
    t = january
    result = pilotage.first_appointments(t.session, t.coordinator, *JANUARY)
    # Créneaux starting in January (Paris), not cancelled, FIRST: s1 (1 seat), s2 (1), s4 (2), s7 (1), s10 (3),
    # s12 (2; 2024-12-31 23:30 UTC is 01-01 in Paris) = 6 créneaux, 10 seats. Out: s3 s5 s6 s8 (February or
    # March), s9 (cancelled), s11 (01-31 23:30 UTC is 02-01 in Paris), t1 (another type).
    assert (result.slots, result.seats) == (6, 10)
    # Free seats among them (capacity − live bookings): s4 2 (its only booking was excused), s10 3, s12 2 = 7;
    # s1, s2 and s7 are full.
    assert result.free_seats == 7
    # FIRST bookings made in January (Paris): p1 ×2, p2, p3 ×2, p4, p6, p8 = 8 (p7's is 02-01 in Paris, p5's
    # is another type). Honoured: p1's 2nd, p2, p3's 2nd, p6 = 4; absent: p1's 1st = 1; cancelled: p3's 1st
    # (excusé) + p8 (annulé structure) = 2.
    assert (result.bookings, result.honoured, result.absent, result.cancelled) == (8, 4, 1, 2)
    assert result.no_show_denominator == 5  # 4 honoured + 1 absent
    assert result.no_show_rate == pytest.approx(1 / 5)
    assert result.cancellation_rate == pytest.approx(2 / 8)


def test_first_appointments_by_structure(january: Territory) -> None:
    t = january
    a = pilotage.first_appointments(t.session, t.coordinator, *JANUARY, organisation_id=t.org_a)
    # Créneaux published by A: s1, s2, s4, s7, s12 = 5 créneaux, 1 + 1 + 2 + 1 + 2 = 7 seats.
    # Bookings of A's people: p1 ×2, p2, p3 ×2, p6, p8 = 7; honoured 4, absent 1, cancelled 2.
    assert (a.slots, a.seats, a.bookings, a.honoured, a.absent, a.cancelled) == (5, 7, 7, 4, 1, 2)
    assert a.free_seats == 4  # s4 2 + s12 2
    assert a.cancellation_rate == pytest.approx(2 / 7)
    b = pilotage.first_appointments(t.session, t.coordinator, *JANUARY, organisation_id=t.org_b)
    # B: s10 (3 seats); p4's booking only, still upcoming: no rate of absence (0 / 0).
    assert (b.slots, b.seats, b.bookings, b.honoured, b.absent, b.cancelled) == (1, 3, 1, 0, 0, 0)
    assert b.free_seats == 3
    assert b.no_show_rate is None
    assert b.cancellation_rate == 0.0


def test_booked_by_the_person_or_by_a_professional(january: Territory) -> None:
    t = january
    result = pilotage.channels(t.session, t.coordinator, *JANUARY)
    # The 8 January FIRST bookings: autonome p1's 1st, p4, p6 + borne p2 = 4 by the person;
    # référent p1's 2nd, p8 + accueil p3 ×2 = 4 by a professional.
    assert (result.bookings, result.by_person, result.by_professional) == (8, 4, 4)
    assert result.person_rate == pytest.approx(0.5)
    a = pilotage.channels(t.session, t.coordinator, *JANUARY, organisation_id=t.org_a)
    # A: 7 bookings; by the person p1's 1st, p2, p6 = 3; by a professional p1's 2nd, p3 ×2, p8 = 4.
    assert (a.bookings, a.by_person, a.by_professional) == (7, 3, 4)


# --- roadmap, invitations -------------------------------------------------------------------------


def test_delay_to_first_validated_roadmap(january: Territory) -> None:
    t = january
    # Earliest engagement per person of the cohort: p1 01-01→02-01 = 31 (its 03-01 revision ignored),
    # p2 01-05→01-25 = 20, p4 01-20→01-20 23:30 UTC = 0 (UTC calendar date, as documented; Paris would say 1).
    # p6 is outside the cohort. [0, 20, 31]: average 51 / 3 = 17, median 20.
    assert pilotage.roadmap_delay(t.session, t.coordinator, *JANUARY) == Delay(3, 17.0, 20.0)
    # Structure A: [20, 31] → average = median = 25.5 (an even count).
    assert pilotage.roadmap_delay(t.session, t.coordinator, *JANUARY, organisation_id=t.org_a) == Delay(2, 25.5, 25.5)


def test_invitations_and_activation(january: Territory) -> None:
    t = january
    # Cohort 6; credentials p1 (activated), p2 (not yet), p4 (activated); p6 is outside, the coordinator's
    # credential belongs to no person. Invited 3, activated 2.
    result = pilotage.activation(t.session, t.coordinator, *JANUARY)
    assert (result.cohort, result.invited, result.activated) == (6, 3, 2)
    assert result.invited_rate == pytest.approx(3 / 6)
    assert result.activation_rate == pytest.approx(2 / 3)
    a = pilotage.activation(t.session, t.coordinator, *JANUARY, organisation_id=t.org_a)
    assert (a.cohort, a.invited, a.activated) == (3, 2, 1)


def test_by_structure(january: Territory) -> None:
    t = january
    # A: p1, p2, p3 → 3 people, 3 booked, 1 honoured within 30 days (p1, 19 days).
    # B: p4, p5 → 2 people, 1 booked (p4; p5's booking is another type), 0 within 30 days.
    # No structure: p9 → 1 person, nothing booked. Rows by code, the one without a structure last.
    assert pilotage.by_structure(t.session, t.coordinator, *JANUARY) == [
        StructureRow(t.org_a, "ORG-A", "Structure A", 3, 3, 1),
        StructureRow(t.org_b, "ORG-B", "Structure B", 2, 1, 0),
        StructureRow(None, None, None, 1, 0, 0),
    ]


def test_indicators_bundle_the_period_figures(january: Territory) -> None:
    t = january
    bundle = pilotage.indicators(t.session, t.coordinator, *JANUARY, organisation_id=t.org_a)
    assert bundle.delays == pilotage.delays(t.session, t.coordinator, *JANUARY, organisation_id=t.org_a)
    assert bundle.first_appointments.bookings == 7
    assert bundle.activation.cohort == 3


# --- ends of accompaniment -----------------------------------------------------------------------

FEBRUARY = (dt.date(2025, 2, 1), dt.date(2025, 2, 28))


@pytest.fixture
def exited(territory: Territory) -> Territory:
    """Exits around February 2025 (rows in the order recorded; « → » a correction, a later row):

    person  structure  rows                                                          counted in February
    q1      A          emploi_temporaire 02-03 → emploi_durable 02-03 (corrected)   emploi_durable
    q2      A          formation_qualifiante 02-10, reprise 02-20                   formation_qualifiante
    q3      B          injoignable 01-31, reprise 02-05, demenagement 02-28         demenagement (01-31: January)
    q4      B          fin_droits 03-01                                             — (March)
    q5      A          autre 02-01 → autre 03-02 (the date corrected)               — (March)
    q6      none       creation_entreprise 02-14                                    creation_entreprise
    q7      A          emploi_durable 01-15 → demenagement 02-02 (corrected)        demenagement (not January)
    q8      B          emploi_temporaire 02-06, reprise 02-07, emploi_temporaire 02-20   emploi_temporaire × 2

    February, whole territory: emploi_durable 1, emploi_temporaire 2, formation_qualifiante 1,
    creation_entreprise 1, demenagement 2: 7 exits, 5 dynamic (71,4 %).
    Structure A: q1, q2, q7: 3 exits, 2 dynamic. Structure B: q3, q8 ×2: 3 exits, 2 dynamic.
    January: q3's injoignable only (q7's January row was corrected). March: q4 and q5."""
    t = territory
    q = [t.person(dt.date(2024, 6, 1), org) for org in (t.org_a, t.org_a, t.org_b, t.org_b, t.org_a, None,
                                                          t.org_a, t.org_b)]
    q1, q2, q3, q4, q5, q6, q7, q8 = q
    t.exit(q1, "emploi_temporaire", dt.date(2025, 2, 3), utc(2, 3, 10))
    t.exit(q1, "emploi_durable", dt.date(2025, 2, 3), utc(2, 5, 10))
    t.exit(q2, "formation_qualifiante", dt.date(2025, 2, 10), utc(2, 10, 10))
    t.reprise(q2, utc(2, 20, 10))
    t.exit(q3, "injoignable", dt.date(2025, 1, 31), utc(1, 31, 10))
    t.reprise(q3, utc(2, 5, 10))
    t.exit(q3, "demenagement", dt.date(2025, 2, 28), utc(2, 28, 10))
    t.exit(q4, "fin_droits", dt.date(2025, 3, 1), utc(3, 1, 10))
    t.exit(q5, "autre", dt.date(2025, 2, 1), utc(2, 1, 10))
    t.exit(q5, "autre", dt.date(2025, 3, 2), utc(3, 2, 10))
    t.exit(q6, "creation_entreprise", dt.date(2025, 2, 14), utc(2, 14, 10))
    t.exit(q7, "emploi_durable", dt.date(2025, 1, 15), utc(1, 15, 10))
    t.exit(q7, "demenagement", dt.date(2025, 2, 2), utc(2, 2, 10))
    t.exit(q8, "emploi_temporaire", dt.date(2025, 2, 6), utc(2, 6, 10))
    t.reprise(q8, utc(2, 7, 10))
    t.exit(q8, "emploi_temporaire", dt.date(2025, 2, 20), utc(2, 20, 10))
    return t


def _nonzero(exits: pilotage.Exits) -> dict[str, int]:
    return {code: n for code, n in exits.by_kind.items() if n}


def test_exits_per_kind_a_correction_counted_once(exited: Territory) -> None:
    t = exited
    found = pilotage.exits(t.session, t.coordinator, *FEBRUARY)
    assert list(found.by_kind) == list(exit_kinds())  # every kind, in the file's order, 0 included
    assert found.by_kind == {"emploi_durable": 1, "emploi_temporaire": 2, "formation_qualifiante": 1,
                             "creation_entreprise": 1, "demenagement": 2, "fin_droits": 0, "injoignable": 0,
                             "autre": 0}
    assert (found.total, found.dynamic) == (7, 5)
    assert found.dynamic_rate == pytest.approx(5 / 7)
    assert masked_rate(found.dynamic, found.total) == "71,4\u00a0%"


def test_exits_period_bounds(exited: Territory) -> None:
    t = exited
    january = pilotage.exits(t.session, t.coordinator, *JANUARY)
    assert _nonzero(january) == {"injoignable": 1}  # q3 came back: the exit still counts; q7 was corrected
    assert (january.total, january.dynamic) == (1, 0)
    march = pilotage.exits(t.session, t.coordinator, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert _nonzero(march) == {"fin_droits": 1, "autre": 1}
    first_day = pilotage.exits(t.session, t.coordinator, dt.date(2025, 2, 1), dt.date(2025, 2, 1))
    assert first_day.total == 0  # q5's 02-01 was corrected to 03-02
    last_day = pilotage.exits(t.session, t.coordinator, dt.date(2025, 2, 28), dt.date(2025, 2, 28))
    assert _nonzero(last_day) == {"demenagement": 1}  # both bounds included


def test_exits_by_structure(exited: Territory) -> None:
    t = exited
    a = pilotage.exits(t.session, t.coordinator, *FEBRUARY, organisation_id=t.org_a)
    assert _nonzero(a) == {"emploi_durable": 1, "formation_qualifiante": 1, "demenagement": 1}
    assert (a.total, a.dynamic) == (3, 2)
    b = pilotage.exits(t.session, t.coordinator, *FEBRUARY, organisation_id=t.org_b)
    assert _nonzero(b) == {"emploi_temporaire": 2, "demenagement": 1}
    assert (b.total, b.dynamic) == (3, 2)


def test_exits_as_shown(exited: Territory) -> None:
    hidden_count, hidden_value = t("pilotage.masked.count"), t("pilotage.masked.value")
    x = exited
    a = pilotage.exits(x.session, x.coordinator, *FEBRUARY, organisation_id=x.org_a)
    assert masked(a.by_kind["emploi_durable"]) == hidden_count
    assert masked(a.by_kind["autre"]) == "0"
    assert masked_rate(a.dynamic, a.total) == hidden_value  # a rate on 3 exits
    nothing = pilotage.exits(x.session, x.coordinator, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert nothing.total == 0 and nothing.dynamic_rate is None
    assert set(nothing.by_kind.values()) == {0} and len(nothing.by_kind) == len(exit_kinds())
    assert masked_rate(nothing.dynamic, nothing.total) == "—"


def test_the_bundle_carries_the_exits(exited: Territory) -> None:
    t = exited
    bundle = pilotage.indicators(t.session, t.coordinator, *FEBRUARY, organisation_id=t.org_b)
    assert bundle.exits == pilotage.exits(t.session, t.coordinator, *FEBRUARY, organisation_id=t.org_b)


def test_only_coordination_sees_exits(exited: Territory) -> None:
    t = exited
    for actor in (t.referent, t.reception):
        with pytest.raises(PermissionDenied):
            pilotage.exits(t.session, actor, *FEBRUARY)
    assert pilotage.exits(t.session, t.admin, *FEBRUARY).total == 7


# --- shortage -------------------------------------------------------------------------------------


def test_slot_shortage_per_place(territory: Territory) -> None:
    t = territory
    t.other_type()
    today, now = clock.today(), clock.now()
    day = dt.timedelta(days=1)
    past = t.slot(t.place_b, now - 5 * day, 5, 1)
    upcoming = t.slot(t.place_a, now + day, 3, 1)  # 3 - 1 = 2 free
    t.slot(t.place_a, now + 10 * day, 2, 2)  # full: 0 free
    t.slot(t.place_a, now + 40 * day, 5, 0)  # after the deadline
    t.slot(t.place_a, now - day, 4, 0)  # already started
    t.slot(t.place_a, now + 2 * day, 2, 0, cancelled=True)
    t.slot(t.place_b, now + 24 * day, 1, 0)  # 1 free, before the deadline (today + 25)
    t.slot(t.place_b, now + 27 * day, 1, 0)  # after the deadline
    t.slot(t.place_b, now + 3 * day, 4, 0, type_code=OTHER)
    # Waiting (RSA entry known, no FIRST booking upcoming or honoured):
    t.person(today - 40 * day, t.org_a)  # w1: target today - 10, passed
    w2 = t.person(today - 10 * day, t.org_b)  # w2: target today + 20, ahead; excused
    w3 = t.person(today - 5 * day, None)  # w3: target today + 25, ahead, the latest; absent
    t.booking(w2, past, now - 10 * day, "excuse", "autonome")
    t.booking(w3, past, now - 10 * day, "absent", "accueil")
    # Not waiting: h1 honoured, h2 booked (the latest entry, but not waiting). Waiting, date unknown: n1.
    h1 = t.person(today - 20 * day, t.org_a)
    h2 = t.person(today - 3 * day, t.org_a)
    t.person(None, t.org_a)
    t.booking(h1, past, now - 10 * day, "honore", "referent")
    t.booking(h2, upcoming, now - day, "a_venir", "autonome")

    result = pilotage.slot_shortage(t.session, t.coordinator)
    # Waiting: w1, w2, w3, n1 = 4; targets ahead: w2, w3 = 2; passed: w1 = 1; unknown: n1. Deadline: w3's.
    assert (result.waiting, result.waiting_target_ahead, result.waiting_target_passed,
            result.waiting_date_unknown) == (4, 2, 1, 1)
    assert result.deadline == today + 25 * day
    # Free seats from now to the deadline: Lieu A 2 (the 10-day créneau is full), Lieu B 1, Lieu C 0 → 3.
    assert result.places == (PlaceSeats(t.place_a, "Lieu A", 2), PlaceSeats(t.place_b, "Lieu B", 1),
                             PlaceSeats(t.place_c, "Lieu C", 0))
    assert result.free_seats == 3 and result.missing
    # The agenda's desk counts the same people and seats (one definition): the accueil the territory,
    # a référent their structure (w1, h1, h2, n1 in A: w1 and n1 wait; w1's target passed, so the seats
    # counted are today's: none).
    assert waiting.shortage(t.session, t.reception) == result
    mine = waiting.shortage(t.session, t.referent)
    assert (mine.waiting, mine.waiting_target_passed, mine.waiting_date_unknown, mine.free_seats) == (2, 1, 1, 0)
    assert mine.deadline == today - 10 * day and mine.missing


def test_the_people_waiting_are_named_only_to_whom_may_read_them(territory: Territory) -> None:
    """The agenda's list: longest wait first, unknown entry dates last, filtered and limited by the
    database; the coordination counts people it may not name."""
    t = territory
    today, day = clock.today(), dt.timedelta(days=1)
    late = t.person(today - 40 * day, t.org_a)
    t.person(today - 10 * day, t.org_b)
    unknown = t.person(None, t.org_a)
    recent = t.person(today - 2 * day, t.org_a)
    t.person(None, None)
    assert [w.person_id for w in waiting.waiting_people(t.session, t.referent)] == [late, recent, unknown]
    assert [w.person_id for w in waiting.waiting_people(t.session, t.referent, limit=2)] == [late, recent]
    assert waiting.waiting_people(t.session, t.reception, limit=2)[0].days_since_entry == 40
    assert len(waiting.waiting_people(t.session, t.reception)) == 5
    assert waiting.waiting_people(t.session, t.coordinator) == []  # identity is not theirs to read
    assert waiting.shortage(t.session, t.coordinator).waiting == 5
    assert waiting.funnel(t.session, t.referent).people == 3
    with pytest.raises(PermissionDenied):
        waiting.waiting_people(t.session, t.admin)


def test_slot_shortage_with_nobody_waiting(territory: Territory) -> None:
    t = territory
    t.slot(t.place_a, clock.now() + dt.timedelta(days=3), 2, 0)  # after today: not counted
    result = pilotage.slot_shortage(t.session, t.coordinator)
    assert (result.waiting, result.deadline, result.free_seats) == (0, None, 0)


# --- who may see it -------------------------------------------------------------------------------


PERIOD_FUNCTIONS = (pilotage.delays, pilotage.timeliness, pilotage.first_appointments,
                    pilotage.channels, pilotage.roadmap_delay, pilotage.activation, pilotage.orientation_delay,
                    pilotage.exits, pilotage.indicators)


@pytest.mark.parametrize("who", ["referent", "reception"])
def test_only_coordination_and_administration_see_indicators(territory: Territory, who: str) -> None:
    t = territory
    actor = getattr(t, who)
    for function in PERIOD_FUNCTIONS:
        with pytest.raises(PermissionDenied):
            function(t.session, actor, *JANUARY)
    with pytest.raises(PermissionDenied):
        pilotage.by_structure(t.session, actor, *JANUARY)
    with pytest.raises(PermissionDenied):
        pilotage.slot_shortage(t.session, actor)


def test_coordinator_and_admin_see_indicators(territory: Territory) -> None:
    t = territory
    for actor in (t.coordinator, t.admin):
        assert pilotage.delays(t.session, actor, *JANUARY).cohort == 0
        assert pilotage.by_structure(t.session, actor, *JANUARY) == []


def test_results_hold_no_personal_data(january: Territory) -> None:
    t = january
    shown = "".join(repr(result) for result in (pilotage.indicators(t.session, t.coordinator, *JANUARY),
                                                pilotage.by_structure(t.session, t.coordinator, *JANUARY),
                                                pilotage.slot_shortage(t.session, t.coordinator)))
    assert "PIL-" not in shown and "Essai" not in shown


# --- showing: small cells and definitions ---------------------------------------------------------


def test_masking_small_cells() -> None:
    """A count of 1 to 4 says it is not shown; a rate or delay on 1 to 4 people shows no value at all
    (wave-2 defect 7: « < 5 » read as a value, « moyenne < 5 »)."""
    hidden_count, hidden_value = t("pilotage.masked.count"), t("pilotage.masked.value")
    assert (hidden_count, hidden_value) == ("moins de 5 personnes, non affiché", "non affiché (moins de 5 personnes)")
    assert pilotage.SMALL_CELL == 5
    assert masked(3) == hidden_count
    assert masked(1) == hidden_count
    assert masked(4) == hidden_count
    assert masked(0) == "0"
    assert masked(5) == "5"
    assert masked(7) == "7"
    assert masked(None) == "—"
    assert masked_rate(1, 4) == hidden_value  # a rate on 1 to 4 people
    assert masked_rate(1, 5) == "20,0\u00a0%"  # a no-break space: « % » never alone on a line
    assert masked_rate(0, 0) == "—"
    assert masked_delay(Delay(3, 12.0, 10.0)) == hidden_value
    assert masked_delay(Delay(3, 12.0, 10.0), "median") == hidden_value
    assert masked_delay(Delay(6, 12.25, 10.0)) == "12,2\u00a0j"
    assert masked_delay(Delay(6, 12.25, 10.0), "median") == "10,0\u00a0j"
    assert masked_delay(Delay(0, None, None)) == "—"


def test_a_count_with_its_rate_shows_no_rate_on_so_few() -> None:
    hidden_count = t("pilotage.masked.count")
    assert pilotage.masked_count_and_rate(6, 10) == t("pilotage.count_rate", count="6", rate=masked_rate(6, 10))
    assert "60" in pilotage.masked_count_and_rate(6, 10)
    assert pilotage.masked_count_and_rate(3, 10) == hidden_count
    assert pilotage.masked_count_and_rate(6, 4) == "6"  # a share of 1 to 4 bookings would point at someone
    assert pilotage.masked_count_and_rate(0, 10) == t("pilotage.count_rate", count="0", rate=masked_rate(0, 10))


def test_every_indicator_has_its_definition() -> None:
    found = definitions()
    assert set(INDICATOR_KEYS) <= set(found)
    source = (Path(pilotage.__file__).resolve().parents[2] / "docs" / "indicateurs.md").read_text(encoding="utf-8")
    for key in INDICATOR_KEYS:
        assert found[key], key
        assert found[key] in source  # shown exactly as written
        assert "## " not in found[key]
    assert "30 jours" in found["honore_30_jours"]
    assert set(pilotage.titles()) == set(found)


def test_definitions_parsing(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("# Titre\n\nPréambule ignoré.\n\n## un_indicateur — Un titre\n\nLigne 1.\nLigne 2.\n\n"
                   "## autre — Autre titre \n\nTexte « < 5 ».\n## Notes libres\n\nPas une définition.\n",
                   encoding="utf-8")
    assert pilotage._sections(doc) == {"un_indicateur": ("Un titre", "Ligne 1.\nLigne 2."),
                                       "autre": ("Autre titre", "Texte « < 5 »."), }
