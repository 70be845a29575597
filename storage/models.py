"""The SQLModel schema. Every change here goes with a new Alembic revision in `storage/migrations/`.

Datetimes are timezone-aware and stored in UTC (SQLModel's UTCDateTime); `dossier.clock` converts them
to Paris time for display.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.vocabulary import (
    ActionStatus,
    BookingChannel,
    BookingStatus,
    Carrier,
    Category,
    CheckInKind,
    DeviceEndReason,
    ExitContract,
    GoalStatus,
    OrganisationType,
    OrientationKind,
    OutboxChannel,
    OutboxKind,
    OutboxStatus,
    PathwayEventKind,
    PresenceChannel,
    ProConnectRequestStatus,
    ReferenceKind,
    Role,
    ServiceRequestKind,
    Side,
    SituationSource,
    WorkingTime,
)


def check_in(column: str, vocabulary: type[StrEnum]) -> str:
    """The CHECK text `column IN ('a', 'b')` in the members' order: the very text the migrations wrote."""
    quoted = ", ".join(f"'{v}'" for v in vocabulary)
    return f"{column} IN ({quoted})"


class Organisation(SQLModel, table=True):
    __tablename__ = "organisation"
    __table_args__ = (CheckConstraint(check_in("type", OrganisationType), name="ck_organisation_type"),
                      UniqueConstraint("siret", name="uq_organisation_siret"))

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=Column(String(40), unique=True, nullable=False))
    name: str = Field(max_length=200)
    type: str = Field(max_length=20)
    created_at: dt.datetime
    # ProConnect (issue 19): the structure's SIRET (14 digits) links a professional's identity the first
    # time, with their e-mail; `password_sign_in` off, its professionals sign in with ProConnect only.
    siret: str | None = Field(default=None, max_length=14)
    password_sign_in: bool = Field(default=True, sa_column_kwargs={"server_default": text("true")})


class Place(SQLModel, table=True):
    """A lieu where people are received (an MIE, an agency, a CCAS office)."""

    __tablename__ = "place"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str = Field(max_length=200)
    address: str = Field(max_length=300)
    postcode: str = Field(max_length=5)
    city: str = Field(max_length=100)
    step_free: bool = False
    is_mie: bool = False
    phone: str | None = Field(default=None, max_length=20)
    created_at: dt.datetime


class Professional(SQLModel, table=True):
    __tablename__ = "professional"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    email: str = Field(sa_column=Column(String(254), unique=True, nullable=False))
    active: bool = True
    created_at: dt.datetime


class ProfessionalRole(SQLModel, table=True):
    __tablename__ = "professional_role"
    __table_args__ = (CheckConstraint(check_in("role", Role), name="ck_professional_role_role"),)

    professional_id: int = Field(foreign_key="professional.id", primary_key=True)
    role: str = Field(primary_key=True, max_length=20)


class Beneficiary(SQLModel, table=True):
    """The person accompanied. `organisation_id` is the structure référente (public-service mission)."""

    __tablename__ = "beneficiary"

    id: int | None = Field(default=None, primary_key=True)
    dossier_number: str = Field(sa_column=Column(String(30), unique=True, nullable=False))
    last_name: str = Field(max_length=100)
    first_name: str = Field(max_length=100)
    birth_date: dt.date
    phone: str | None = Field(default=None, max_length=20, index=True)
    email: str | None = Field(default=None, max_length=254, index=True)
    caf_number: str | None = Field(default=None, max_length=20)
    rsa_entry_date: dt.date | None = Field(default=None, index=True)  # pilotage cohorts by entry period
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    referent_id: int | None = Field(default=None, foreign_key="professional.id", index=True)
    commune: str | None = Field(default=None, max_length=80)  # where invitation campaigns can aim
    sms_opt_out_at: dt.datetime | None = None  # « STOP » by SMS, or the person's choice in « Mes données »
    email_opt_out_at: dt.datetime | None = None
    # The language the person chose (dossier.i18n.LANGUAGES): their pages once signed in, and everything
    # sent to them (notices, letters, .ics). French until they choose.
    language: str = Field(default="fr", sa_column=Column(String(5), nullable=False, server_default="fr"))
    created_at: dt.datetime
    updated_at: dt.datetime


class Credential(SQLModel, table=True):
    """The secret of one account (a person or a professional), its lockout state and its activation code.

    Kept apart from the identity tables so that reading a dossier never loads a hash.
    """

    __tablename__ = "credential"
    __table_args__ = (
        CheckConstraint(
            "(beneficiary_id IS NULL) <> (professional_id IS NULL)", name="ck_credential_one_owner"
        ),
        UniqueConstraint("beneficiary_id", name="uq_credential_beneficiary"),
        UniqueConstraint("professional_id", name="uq_credential_professional"),
    )

    id: int | None = Field(default=None, primary_key=True)
    beneficiary_id: int | None = Field(default=None, foreign_key="beneficiary.id")
    professional_id: int | None = Field(default=None, foreign_key="professional.id")
    secret_hash: str | None = Field(default=None, max_length=255)
    failed_attempts: int = 0
    locked_until: dt.datetime | None = None
    activation_code_hash: str | None = Field(default=None, max_length=255)
    activation_expires_at: dt.datetime | None = None
    activation_issued_by: int | None = Field(default=None, foreign_key="professional.id")
    activated_at: dt.datetime | None = None
    secret_changed_at: dt.datetime | None = None


class ReferenceTheme(SQLModel, table=True):
    """A thématique of the référentiel; `is_core` marks the ten social/professional core ones."""

    __tablename__ = "ref_theme"

    code: str = Field(primary_key=True, max_length=60)
    label: str = Field(max_length=200)
    position: int
    is_core: bool = False


class ReferenceItem(SQLModel, table=True):
    """An objectif (target), a situation (frein) or an action of the référentiel."""

    __tablename__ = "ref_item"
    __table_args__ = (
        CheckConstraint(check_in("kind", ReferenceKind), name="ck_ref_item_kind"),
        UniqueConstraint("kind", "theme_code", "label", name="uq_ref_item_label"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=Column(String(80), unique=True, nullable=False))
    kind: str = Field(max_length=10)
    theme_code: str = Field(foreign_key="ref_theme.code", index=True, max_length=60)
    label: str = Field(max_length=300)
    position: int


# --- the feuille de route -------------------------------------------------------------------------


class Roadmap(SQLModel, table=True):
    """One row per person: the roadmap's revision (bumped by every change to a goal or an action, by
    one atomic UPDATE that also serialises concurrent writers) and where its validation stands."""

    __tablename__ = "roadmap"

    beneficiary_id: int = Field(foreign_key="beneficiary.id", primary_key=True)
    revision: int = 0
    validated_revision: int | None = None
    first_validated_at: dt.datetime | None = None
    last_validated_at: dt.datetime | None = None
    updated_at: dt.datetime


class Goal(SQLModel, table=True):
    """An objectif under a thématique, from the référentiel (`ref_code`) or in the person's words."""

    __tablename__ = "goal"
    __table_args__ = (CheckConstraint(check_in("status", GoalStatus), name="ck_goal_status"),)

    id: int | None = Field(default=None, primary_key=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    theme_code: str = Field(foreign_key="ref_theme.code", max_length=60)
    ref_code: str | None = Field(default=None, foreign_key="ref_item.code", max_length=80)
    label: str = Field(max_length=200)
    status: str = Field(default=GoalStatus.IN_PROGRESS, max_length=20)
    version: int = 1
    created_at: dt.datetime
    updated_at: dt.datetime


class Action(SQLModel, table=True):
    """An action under a goal; who carries it: the person, the référent or a partner structure."""

    __tablename__ = "action"
    __table_args__ = (
        CheckConstraint(check_in("status", ActionStatus), name="ck_action_status"),
        CheckConstraint(check_in("carrier", Carrier), name="ck_action_carrier"),
        CheckConstraint(f"carrier <> '{Carrier.PARTNER}' OR partner_organisation_id IS NOT NULL",
                        name="ck_action_partner"),
    )

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", index=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    ref_code: str | None = Field(default=None, foreign_key="ref_item.code", max_length=80)
    label: str = Field(max_length=200)
    status: str = Field(default=ActionStatus.PLANNED, max_length=20)
    due_date: dt.date | None = None
    carrier: str = Field(default=Carrier.PERSON, max_length=20)
    partner_organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    version: int = 1
    created_at: dt.datetime
    updated_at: dt.datetime


class Comment(SQLModel, table=True):
    """A comment on a goal or an action. Never edited: a correction is another comment."""

    __tablename__ = "roadmap_comment"
    __table_args__ = (
        CheckConstraint("(goal_id IS NULL) <> (action_id IS NULL)", name="ck_roadmap_comment_target"),
    )

    id: int | None = Field(default=None, primary_key=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    goal_id: int | None = Field(default=None, foreign_key="goal.id")
    action_id: int | None = Field(default=None, foreign_key="action.id")
    body: str = Field(max_length=500)
    author_kind: str = Field(max_length=20)
    author_name: str = Field(max_length=200)
    created_at: dt.datetime


class Situation(SQLModel, table=True):
    """One situation of the diagnostic (socle commun). Removing it stamps `removed_at`: the row and
    its history stay; at most one current row per person and situation."""

    __tablename__ = "situation"
    __table_args__ = (
        CheckConstraint(check_in("source", SituationSource), name="ck_situation_source"),
        Index("uq_situation_current", "beneficiary_id", "ref_code", unique=True,
              sqlite_where=text("removed_at IS NULL"), postgresql_where=text("removed_at IS NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    ref_code: str = Field(foreign_key="ref_item.code", max_length=80)
    theme_code: str = Field(foreign_key="ref_theme.code", max_length=60)
    source: str = Field(max_length=20)
    recorded_at: dt.datetime
    removed_at: dt.datetime | None = None


class RoadmapEvent(SQLModel, table=True):
    """The append-only history: one row per change to a goal, action, comment, situation or
    validation. `before` and `after` hold JSON objects of the changed fields only. Database triggers
    refuse UPDATE and DELETE (see storage.append_only)."""

    __tablename__ = "roadmap_event"
    __table_args__ = (Index("ix_roadmap_event_person_at", "beneficiary_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id")
    at: dt.datetime
    actor_kind: str = Field(max_length=20)
    actor_id: int | None = None
    actor_name: str = Field(max_length=200)
    actor_role: str = Field(max_length=20)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    in_presence: bool = False
    category: str = Field(max_length=20)  # the policy category of what changed (health stays health)
    entity: str = Field(max_length=20)
    entity_id: int | None = None
    change: str = Field(max_length=20)
    subject: str = Field(max_length=200)
    before: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    after: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class RoadmapConfirmation(SQLModel, table=True):
    """One side's "je valide" for one revision of the roadmap. Append-only."""

    __tablename__ = "roadmap_confirmation"
    __table_args__ = (
        CheckConstraint(check_in("side", Side), name="ck_roadmap_confirmation_side"),
        CheckConstraint(check_in("channel", PresenceChannel), name="ck_roadmap_confirmation_channel"),
        Index("ix_roadmap_confirmation_person_revision", "beneficiary_id", "revision"),
    )

    id: int | None = Field(default=None, primary_key=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id")
    revision: int
    side: str = Field(max_length=20)
    channel: str = Field(max_length=20)
    professional_id: int | None = Field(default=None, foreign_key="professional.id")
    at: dt.datetime


class Engagement(SQLModel, table=True):
    """The roadmap version both sides validated (the contrat d'engagement): an immutable snapshot.
    Triggers refuse UPDATE and DELETE."""

    __tablename__ = "engagement"
    __table_args__ = (UniqueConstraint("beneficiary_id", "revision", name="uq_engagement_revision"),)

    id: int | None = Field(default=None, primary_key=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    revision: int
    snapshot: str = Field(sa_column=Column(Text, nullable=False))
    snapshot_sha256: str = Field(max_length=64)
    person_confirmed_at: dt.datetime
    person_channel: str = Field(max_length=20)
    referent_confirmed_at: dt.datetime
    referent_id: int | None = Field(default=None, foreign_key="professional.id")
    validated_at: dt.datetime


# --- sharing: consents, the access log, exceptional access -----------------------------------------

class ConsentNotice(SQLModel, table=True):
    """The text of the information notice a person saw when giving a consent, stored once and
    referenced by its SHA-256 (a consent receipt names the notice; the notice may change later)."""

    __tablename__ = "consent_notice"

    sha256: str = Field(primary_key=True, max_length=64)
    version: str = Field(max_length=20)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: dt.datetime


class Consent(SQLModel, table=True):
    """One consent receipt (after ISO/IEC TS 27560): one person, one recipient (a structure, or every
    structure of a type), one data category, for one purpose and period. Its terms never change
    (triggers refuse UPDATE and DELETE): renewing writes a new row naming the one it `supersedes`;
    withdrawing writes a `ConsentWithdrawal`."""

    __tablename__ = "consent"
    __table_args__ = (
        CheckConstraint("(recipient_organisation_id IS NULL) <> (recipient_type IS NULL)",
                        name="ck_consent_one_recipient"),
        CheckConstraint(check_in("category", Category), name="ck_consent_category"),
        CheckConstraint(check_in("channel", PresenceChannel), name="ck_consent_channel"),
        CheckConstraint("valid_until > valid_from", name="ck_consent_period"),
        Index("ix_consent_person", "beneficiary_id", "category"),
    )

    id: int | None = Field(default=None, primary_key=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id")
    recipient_organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    recipient_type: str | None = Field(default=None, max_length=20)
    category: str = Field(max_length=20)
    purpose: str = Field(max_length=200)
    legal_basis: str = Field(max_length=200)
    valid_from: dt.datetime
    valid_until: dt.datetime
    channel: str = Field(max_length=20)
    notice_sha256: str = Field(foreign_key="consent_notice.sha256", max_length=64)
    captured_by_kind: str = Field(max_length=20)
    captured_by_id: int | None = None
    captured_by_name: str = Field(max_length=200)
    supersedes_id: int | None = Field(default=None, foreign_key="consent.id", unique=True)
    # The language the notice was shown in (beside the French text, which binds and which the notice holds).
    language: str = Field(default="fr", sa_column=Column(String(5), nullable=False, server_default="fr"))
    created_at: dt.datetime


class ConsentWithdrawal(SQLModel, table=True):
    """The withdrawal of one consent: final (one per consent, enforced by the primary key)."""

    __tablename__ = "consent_withdrawal"

    consent_id: int = Field(foreign_key="consent.id", primary_key=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    withdrawn_at: dt.datetime
    channel: str = Field(max_length=20)
    actor_kind: str = Field(max_length=20)
    actor_id: int | None = None
    actor_name: str = Field(max_length=200)


class ExceptionalAccess(SQLModel, table=True):
    """A référent of another structure opening a dossier for an urgent, written reason, for 3 hours."""

    __tablename__ = "exceptional_access"
    __table_args__ = (Index("ix_exceptional_access_lookup", "professional_id", "beneficiary_id", "ends_at"),)

    id: int | None = Field(default=None, primary_key=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    professional_id: int = Field(foreign_key="professional.id")
    organisation_id: int = Field(foreign_key="organisation.id")
    reason: str = Field(sa_column=Column(Text, nullable=False))
    started_at: dt.datetime
    ends_at: dt.datetime


class AccessLog(SQLModel, table=True):
    """One row per read of a person's dossier by a professional, allowed or denied: who, when, which
    category, on what basis. No dossier content. Append-only (triggers)."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_person_at", "beneficiary_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime
    beneficiary_id: int = Field(foreign_key="beneficiary.id")
    professional_id: int | None = Field(default=None, foreign_key="professional.id")
    professional_name: str = Field(max_length=200)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    role: str = Field(max_length=20)
    category: str = Field(max_length=20)
    purpose: str = Field(max_length=200)
    allowed: bool
    basis: str = Field(max_length=100)
    reason: str = Field(max_length=200)
    exceptional_access_id: int | None = Field(default=None, foreign_key="exceptional_access.id")


# --- appointments: types, créneaux, bookings -------------------------------------------------------

UPCOMING_ONLY = f"status = '{BookingStatus.UPCOMING}'"  # the partial index keeping one upcoming booking


class AppointmentType(SQLModel, table=True):
    """A kind of appointment: its length and how soon / how far ahead it can be booked."""

    __tablename__ = "appointment_type"

    code: str = Field(primary_key=True, max_length=40)
    label: str = Field(max_length=200)
    duration_minutes: int = 60
    min_notice_minutes: int = 60
    max_ahead_days: int = 42
    what_to_bring: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class Slot(SQLModel, table=True):
    """A créneau. `booked` counts its live bookings; the CHECK makes the database itself refuse a
    booking beyond `capacity`, and every booking takes its seat by one conditional UPDATE."""

    __tablename__ = "slot"
    __table_args__ = (
        CheckConstraint("capacity >= 1", name="ck_slot_capacity"),
        CheckConstraint("booked >= 0 AND booked <= capacity", name="ck_slot_booked"),
        CheckConstraint("ends_at > starts_at", name="ck_slot_period"),
        Index("ix_slot_place_start", "place_id", "starts_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    type_code: str = Field(foreign_key="appointment_type.code", max_length=40)
    place_id: int = Field(foreign_key="place.id")
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    professional_id: int | None = Field(default=None, foreign_key="professional.id")
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int = 1
    booked: int = 0
    cancelled_at: dt.datetime | None = None
    created_by: int | None = Field(default=None, foreign_key="professional.id")
    created_at: dt.datetime


class Booking(SQLModel, table=True):
    """One person's appointment on a créneau. A partial unique index keeps at most one upcoming
    booking per person and appointment type; moving changes `slot_id` on the same row."""

    __tablename__ = "booking"
    __table_args__ = (
        CheckConstraint(check_in("status", BookingStatus), name="ck_booking_status"),
        CheckConstraint(check_in("channel", BookingChannel), name="ck_booking_channel"),
        Index("uq_booking_upcoming", "beneficiary_id", "type_code", unique=True,
              sqlite_where=text(UPCOMING_ONLY), postgresql_where=text(UPCOMING_ONLY)),
        Index("ix_booking_slot", "slot_id", "status"),
        # Pilotage: each person's first FIRST booking (and first honoured) read from the index alone.
        Index("ix_booking_first_by_person", "type_code", "beneficiary_id", "created_at"),
        Index("ix_booking_type_status_person", "type_code", "status", "beneficiary_id", "slot_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(sa_column=Column(String(12), unique=True, nullable=False))
    slot_id: int = Field(foreign_key="slot.id")
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    type_code: str = Field(foreign_key="appointment_type.code", max_length=40)
    status: str = Field(default=BookingStatus.UPCOMING, max_length=20)
    channel: str = Field(max_length=20)
    created_by_kind: str = Field(max_length=20)
    created_by_id: int | None = None
    version: int = 1
    created_at: dt.datetime
    updated_at: dt.datetime


class BookingEvent(SQLModel, table=True):
    """Append-only: every booking, move, cancellation and attendance mark (who, when, from → to)."""

    __tablename__ = "booking_event"

    id: int | None = Field(default=None, primary_key=True)
    booking_id: int = Field(foreign_key="booking.id", index=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    at: dt.datetime
    change: str = Field(max_length=20)  # booked / moved / status
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str = Field(max_length=20)
    from_slot_id: int | None = None
    to_slot_id: int
    actor_kind: str = Field(max_length=20)
    actor_id: int | None = None
    actor_name: str = Field(max_length=200)


class OutboxMessage(SQLModel, table=True):
    """A notice to send (e-mail or SMS), written in the same transaction as the booking change it tells
    about; a separate worker sends it, retries with backoff, and never blocks the booking. `dedupe_key`
    makes queuing the same notice twice a no-op."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint(check_in("kind", OutboxKind), name="ck_outbox_kind"),
        CheckConstraint(check_in("status", OutboxStatus), name="ck_outbox_status"),
        CheckConstraint(check_in("channel", OutboxChannel), name="ck_outbox_channel"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(sa_column=Column(String(80), unique=True, nullable=False))
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    booking_id: int | None = Field(default=None, foreign_key="booking.id")
    kind: str = Field(max_length=20)
    channel: str = Field(max_length=10)
    recipient: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    ics: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    status: str = Field(default=OutboxStatus.PENDING, max_length=10)
    attempts: int = 0
    next_attempt_at: dt.datetime
    last_error: str | None = Field(default=None, max_length=200)  # the error's kind only, never its text
    created_at: dt.datetime
    sent_at: dt.datetime | None = None
    invitation_id: int | None = Field(default=None, foreign_key="invitation.id", index=True)
    link: str | None = Field(default=None, max_length=300)  # the personal link the message carries
    provider_id: str | None = Field(default=None, max_length=100, index=True)  # the SMS provider's message id
    delivery_status: str | None = Field(default=None, max_length=30)  # as the provider's callback reports it
    delivered_at: dt.datetime | None = None


class InvitationCampaign(SQLModel, table=True):
    """One sending of invitations chosen from the imported list (coordination or accueil): who it aimed
    at (structure, commune, RSA entry period), by whom, when. Its people are its `invitation` rows."""

    __tablename__ = "invitation_campaign"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    commune: str | None = Field(default=None, max_length=80)
    entry_from: dt.date | None = None
    entry_to: dt.date | None = None
    created_by: int = Field(foreign_key="professional.id")
    created_at: dt.datetime


class Invitation(SQLModel, table=True):
    """A personal link to the activation page (in SMS, e-mails and letters): only its digest is stored;
    it fills in the dossier number and replaces typing an activation code, once, before `expires_at`.
    It signs nobody in: the birth date is still asked and the person chooses their own code."""

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("campaign_id", "beneficiary_id", name="uq_invitation_campaign_person"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int | None = Field(default=None, foreign_key="invitation_campaign.id", index=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    token_sha256: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    created_at: dt.datetime
    expires_at: dt.datetime
    opened_at: dt.datetime | None = None  # the link was followed (the funnel's second step)
    used_at: dt.datetime | None = None  # the account was activated with it


class HandoffToken(SQLModel, table=True):
    """« Continuer sur mon téléphone »: a kiosk shows a QR code holding a random token; the phone that
    opens it gets the person's identifier filled in (never signed in: the code is still asked). Only
    the token's digest is stored; it serves once, within minutes."""

    __tablename__ = "handoff_token"

    id: int | None = Field(default=None, primary_key=True)
    token_sha256: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    created_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None = None


class Orientation(SQLModel, table=True):
    """One decision on who accompanies the person: structure référente, référent, type of pathway and
    why. Append-only (triggers refuse UPDATE and DELETE): the person sees the whole history."""

    __tablename__ = "orientation"
    __table_args__ = (CheckConstraint(check_in("kind", OrientationKind), name="ck_orientation_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    referent_id: int | None = Field(default=None, foreign_key="professional.id")
    previous_organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    previous_referent_id: int | None = Field(default=None, foreign_key="professional.id")
    kind: str = Field(max_length=30)
    reason: str = Field(max_length=500)
    decided_by_id: int = Field(foreign_key="professional.id")
    decided_by_name: str = Field(max_length=200)
    decided_at: dt.datetime


class PathwayExit(SQLModel, table=True):
    """The end of the accompaniment (« fin d'accompagnement »: which exit, when, for a job the contract
    and working time, why), or the person coming back (`kind` reprise). Append-only: a correction is a
    new row, and the person reads the whole history. `exit_code` is a code of `dossier/data/sorties.tsv`."""

    __tablename__ = "pathway_exit"
    __table_args__ = (CheckConstraint(check_in("kind", PathwayEventKind), name="ck_pathway_exit_kind"),
                      CheckConstraint(check_in("contract", ExitContract), name="ck_pathway_exit_contract"),
                      CheckConstraint(check_in("working_time", WorkingTime), name="ck_pathway_exit_working_time"))

    id: int | None = Field(default=None, primary_key=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    kind: str = Field(max_length=20)
    exit_code: str | None = Field(default=None, max_length=40)
    exit_date: dt.date
    contract: str | None = Field(default=None, max_length=20)
    working_time: str | None = Field(default=None, max_length=20)
    reason: str | None = Field(default=None, max_length=500)
    recorded_by_id: int = Field(foreign_key="professional.id")
    recorded_by_name: str = Field(max_length=200)
    recorded_at: dt.datetime
    follow_up_until: dt.date | None = None  # an exit to lasting work: the end of the follow-up in employment


class EmploymentCheckIn(SQLModel, table=True):
    """The follow-up in employment: the référent's contact note (`still_employed`, a short note), the
    person's « tout va bien » or their request to be called. Append-only. `milestone` is the check-in
    (in months after the exit) the row answers, None for a contact between check-ins."""

    __tablename__ = "employment_check_in"
    __table_args__ = (CheckConstraint(check_in("kind", CheckInKind), name="ck_employment_check_in_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    exit_id: int = Field(foreign_key="pathway_exit.id", index=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    kind: str = Field(max_length=20)
    milestone: int | None = None
    still_employed: bool | None = None
    note: str | None = Field(default=None, max_length=500)
    written_by_id: int | None = Field(default=None, foreign_key="professional.id")  # None: the person
    written_by_name: str = Field(max_length=200)
    written_at: dt.datetime


class PathwayComment(SQLModel, table=True):
    """The person's own words on an exit, shown beside it; append-only (the latest one is shown)."""

    __tablename__ = "pathway_comment"

    id: int | None = Field(default=None, primary_key=True)
    exit_id: int = Field(foreign_key="pathway_exit.id", index=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id")
    comment: str = Field(max_length=500)
    written_at: dt.datetime


class SignInThrottle(SQLModel, table=True):
    """Failed sign-ins counted per typed identifier, known or not (the credential's own counter only
    exists for known accounts): so that, after the same number of failures, any identifier gets the same
    « paused until HH:MM » answer and nothing tells a known account from an unknown one. The identifier
    is kept only as a peppered digest."""

    __tablename__ = "sign_in_throttle"

    identifier_sha256: str = Field(sa_column=Column(String(64), primary_key=True))
    failures: int = 0
    window_started_at: dt.datetime
    locked_until: dt.datetime | None = None


class DeviceSession(SQLModel, table=True):
    """A signed-in browser (« Mes appareils »). On a personal device the browser keeps only an opaque
    random id in an HttpOnly cookie, so that a reload, a tab the phone discarded or a restarted server
    keeps the person signed in; the store keeps only the id's peppered digest. The cookie is handed over
    once through a short-lived claim, never written into the page. A kiosk's session has a row too (its
    sign-out and revocation work the same way) but never a cookie."""

    __tablename__ = "device_session"
    __table_args__ = (
        CheckConstraint("(beneficiary_id IS NULL) <> (professional_id IS NULL)", name="ck_device_session_one_owner"),
        CheckConstraint("ended_reason IS NULL OR " + check_in("ended_reason", DeviceEndReason),
                        name="ck_device_session_ended_reason"),
    )

    id: int | None = Field(default=None, primary_key=True)
    beneficiary_id: int | None = Field(default=None, foreign_key="beneficiary.id", index=True)
    professional_id: int | None = Field(default=None, foreign_key="professional.id", index=True)
    id_sha256: str | None = Field(default=None, sa_column=Column(String(64), unique=True, nullable=True))
    claim_sha256: str | None = Field(default=None, sa_column=Column(String(64), unique=True, nullable=True))
    claim_expires_at: dt.datetime | None = None
    persistent: bool = True  # False on a kiosk: no cookie, nothing survives the tab
    device_label: str = Field(max_length=80)
    created_at: dt.datetime
    last_seen_at: dt.datetime
    idle_expires_at: dt.datetime
    expires_at: dt.datetime
    ended_at: dt.datetime | None = None
    ended_reason: str | None = Field(default=None, max_length=20)
    # Signed in with ProConnect: the provider's ID token, kept here (never in the browser) as the
    # `id_token_hint` of the provider's end-session; forgotten when the session ends.
    proconnect_id_token: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class ProConnectIdentity(SQLModel, table=True):
    """A ProConnect identity (`sub`) linked to one professional account: by e-mail and the structure's
    SIRET the first time, or by an administrator accepting a request. One identity per account."""

    __tablename__ = "proconnect_identity"
    __table_args__ = (UniqueConstraint("provider", "subject", name="uq_proconnect_identity_subject"),
                      UniqueConstraint("provider", "professional_id", name="uq_proconnect_identity_account"))

    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=20)
    subject: str = Field(max_length=255)
    professional_id: int = Field(foreign_key="professional.id", index=True)
    linked_at: dt.datetime
    linked_by_id: int | None = Field(default=None, foreign_key="professional.id")  # None: by e-mail + SIRET
    last_used_at: dt.datetime | None = None


class ProConnectRequest(SQLModel, table=True):
    """A ProConnect identity that matched no active account: what the provider said of it, for the
    administrator to link it to an existing account or refuse it. No account is ever created by itself."""

    __tablename__ = "proconnect_request"
    __table_args__ = (CheckConstraint(check_in("status", ProConnectRequestStatus),
                                      name="ck_proconnect_request_status"),)

    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=20)
    subject: str = Field(max_length=255, index=True)
    email: str = Field(max_length=254)
    given_name: str = Field(max_length=100)
    usual_name: str = Field(max_length=100)
    siret: str = Field(max_length=14)
    status: str = Field(max_length=10)
    requested_at: dt.datetime
    last_requested_at: dt.datetime
    attempts: int = 1
    decided_at: dt.datetime | None = None
    decided_by_id: int | None = Field(default=None, foreign_key="professional.id")
    professional_id: int | None = Field(default=None, foreign_key="professional.id")  # the account it was linked to


# --- Offer of services (data·inclusion catalogue) --------------------------------------------------------


class CatalogueStructure(SQLModel, table=True):
    """A structure of the territory's offer of services, as published in the data·inclusion schema (v1).
    Re-imports update it in place by its data·inclusion `id`. `organisation_id` links it to a structure
    of the consortium (same code or same name) when there is one: what the person shares with that
    structure is what the service's screen talks about."""

    __tablename__ = "catalogue_structure"

    id: str = Field(sa_column=Column(String(200), primary_key=True))
    source: str = Field(max_length=100)
    name: str = Field(max_length=150)
    commune: str | None = Field(default=None, max_length=100)
    postcode: str | None = Field(default=None, max_length=5)
    address: str | None = Field(default=None, max_length=300)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=254)
    opening_hours: str | None = Field(default=None, max_length=300)
    latitude: float | None = None
    longitude: float | None = None
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    updated_at: dt.datetime


class CatalogueService(SQLModel, table=True):
    """A service of the offer (workshop, training, childcare, mobility help, IAE job, forum...), as
    published in the data·inclusion schema (v1). Lists of codes (thématiques, publics, modes) are kept as
    space-separated codes. A service absent from a later import of its source is kept, `offered` false:
    roadmaps point at it. `event_date` (our extension `date_evenement`) dates a forum or a job dating."""

    __tablename__ = "catalogue_service"
    __table_args__ = (Index("ix_catalogue_service_position", "offered", "latitude", "longitude"),)

    id: str = Field(sa_column=Column(String(200), primary_key=True))
    structure_id: str = Field(sa_column=Column(String(200), ForeignKey("catalogue_structure.id"), nullable=False,
                                               index=True))
    source: str = Field(max_length=100, index=True)
    name: str = Field(max_length=150)
    description: str = Field(sa_column=Column(Text, nullable=False))
    kind: str | None = Field(default=None, max_length=40)
    thematiques: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    free: bool | None = None
    fees_details: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    publics: str = Field(default="", max_length=500)
    publics_details: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    access_conditions: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    commune: str | None = Field(default=None, max_length=100)
    postcode: str | None = Field(default=None, max_length=5)
    address: str | None = Field(default=None, max_length=300)
    address_more: str | None = Field(default=None, max_length=300)
    latitude: float | None = None
    longitude: float | None = None
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=254)
    opening_hours: str | None = Field(default=None, max_length=300)
    reception_modes: str = Field(default="", max_length=100)
    mobilisation_modes: str = Field(default="", max_length=200)
    mobilisation_details: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    mobilisation_link: str | None = Field(default=None, max_length=500)
    event_date: dt.date | None = None
    updated_on: dt.date  # data·inclusion's date_maj
    offered: bool = True
    imported_at: dt.datetime


class CatalogueServiceCategory(SQLModel, table=True):
    """The data·inclusion categories of thématiques a service addresses, one row each (the search by
    thématique is an indexed lookup)."""

    __tablename__ = "catalogue_service_category"

    service_id: str = Field(sa_column=Column(String(200), ForeignKey("catalogue_service.id"), primary_key=True))
    category: str = Field(sa_column=Column(String(60), primary_key=True, index=True))


class ServiceRequest(SQLModel, table=True):
    """A service of the catalogue put in a person's roadmap: « Ça m'intéresse » from the person (its
    action written at once) or a proposal by their référent (answered by the person). Append-only; one
    of each kind per person and service, held by the database."""

    __tablename__ = "service_request"
    __table_args__ = (UniqueConstraint("beneficiary_id", "service_id", "kind", name="uq_service_request_once"),
                      CheckConstraint(check_in("kind", ServiceRequestKind), name="ck_service_request_kind"))

    id: int | None = Field(default=None, primary_key=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    service_id: str = Field(sa_column=Column(String(200), ForeignKey("catalogue_service.id"), nullable=False,
                                             index=True))
    kind: str = Field(max_length=20)
    theme_code: str = Field(foreign_key="ref_theme.code", max_length=60)  # the roadmap theme it goes under
    action_id: int | None = Field(default=None, foreign_key="action.id")
    by_kind: str = Field(max_length=20)
    by_id: int | None = None
    by_name: str = Field(max_length=200)
    at: dt.datetime


class ServiceAnswer(SQLModel, table=True):
    """The person's answer to a proposal: accepted (with the action it wrote) or declined. Append-only,
    one per proposal (its primary key)."""

    __tablename__ = "service_answer"

    request_id: int = Field(foreign_key="service_request.id", primary_key=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id", index=True)
    accepted: bool
    action_id: int | None = Field(default=None, foreign_key="action.id")
    by_name: str = Field(max_length=200)
    at: dt.datetime
