"""The closed sets of words the schema stores: statuses, roles, channels, kinds.

Each is a StrEnum, defined once here: `storage.models` builds its CHECK constraints from them (the member
order is the constraint's, so the text stays the one the migrations wrote) and `dossier` and `pages` use
the members instead of repeating the strings. A member equals its string, so rows read back as plain
`str` compare, hash and format the same.
"""

from __future__ import annotations

from enum import StrEnum


def is_one_of(value: object, vocabulary: type[StrEnum]) -> bool:
    """Whether `value` is one of the vocabulary's words (`"x" in SomeEnum` raises TypeError before 3.12)."""
    return value in tuple(vocabulary)


class OrganisationType(StrEnum):
    DEPARTEMENT = "departement"
    FRANCE_TRAVAIL = "france_travail"
    CAF = "caf"
    MSA = "msa"
    MISSION_LOCALE = "mission_locale"
    CAP_EMPLOI = "cap_emploi"
    PLIE = "plie"
    CCAS = "ccas"
    ASSOCIATION = "association"
    SIAE = "siae"


class Role(StrEnum):
    """A professional's roles; in this order, the first one held signs history events and log rows."""

    REFERENT = "referent"
    RECEPTION = "accueil"
    COORDINATOR = "coordinateur"
    ADMIN = "admin"


class ReferenceKind(StrEnum):
    """What an item of the référentiel is: an objectif, a situation (frein) or an action."""

    TARGET = "target"
    SITUATION = "situation"
    ACTION = "action"


class GoalStatus(StrEnum):
    IN_PROGRESS = "en_cours"
    DONE = "realise"
    ABANDONED = "abandonne"


class ActionStatus(StrEnum):
    PLANNED = "en_projet"
    IN_PROGRESS = "en_cours"
    WAITING = "en_attente"
    DONE = "realisee"
    ABANDONED = "abandonnee"
    CANCELLED = "annulee"


class Carrier(StrEnum):
    """Who carries an action."""

    PERSON = "personne"
    REFERENT = "referent"
    PARTNER = "partenaire"


class SituationSource(StrEnum):
    """Who declared a situation of the diagnostic."""

    PERSON = "personne"
    PROFESSIONAL = "professionnel"


class Side(StrEnum):
    """The two sides that validate a roadmap."""

    PERSON = "personne"
    REFERENT = "referent"


class PresenceChannel(StrEnum):
    """How the person took part in a validation or a consent (see `dossier.presence`)."""

    AUTONOMOUS = "autonome"
    KIOSK = "borne"
    IN_PRESENCE = "en_presence"


class Category(StrEnum):
    """The parts of a dossier the policy and the consents speak of."""

    IDENTITY = "identite_contact"
    SITUATION = "situation"
    ROADMAP = "feuille_de_route"
    APPOINTMENTS = "rendez_vous"
    HEALTH = "sante"


class BookingStatus(StrEnum):
    UPCOMING = "a_venir"
    HONOURED = "honore"
    EXCUSED = "excuse"
    CANCELLED_BY_STRUCTURE = "annule_structure"
    ABSENT = "absent"


class BookingChannel(StrEnum):
    """Who booked: the person (on their own device or a kiosk), their référent, or the accueil."""

    AUTONOMOUS = "autonome"
    KIOSK = "borne"
    REFERENT = "referent"
    RECEPTION = "accueil"


class OutboxKind(StrEnum):
    CONFIRMATION = "confirmation"
    MOVED = "moved"
    CANCELLATION = "cancellation"
    REMINDER = "reminder"
    SLOT_CANCELLED = "slot_cancelled"
    INVITATION = "invitation"  # an invitation campaign's first message, with the personal link
    INVITATION_REMINDER = "invitation_relance"  # a few days later, when nothing happened
    INVITATION_LAST = "invitation_derniere"  # shortly before the link expires


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"  # not sent, on purpose: the person opted out, booked meanwhile, or the number is wrong


class OutboxChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class OrientationKind(StrEnum):
    SOCIAL = "social"
    PROFESSIONAL = "professionnel"
    SOCIO_PROFESSIONAL = "socio_professionnel"


class PathwayEventKind(StrEnum):
    """A row of the pathway: the end of the accompaniment, or the person coming back."""

    EXIT = "sortie"
    REOPENED = "reprise"


class ExitContract(StrEnum):
    """The contract of a job the person left the accompaniment for."""

    CDI = "cdi"
    CDD = "cdd"
    TEMPORARY = "interim"
    OTHER = "autre"


class WorkingTime(StrEnum):
    FULL = "temps_plein"
    PART = "temps_partiel"


class CheckInKind(StrEnum):
    """A row of the follow-up in employment: the référent's contact note, or the person's own answer."""

    NOTE = "note_referent"
    ALL_GOOD = "tout_va_bien"
    CALL_ME = "rappel_demande"


class DeviceEndReason(StrEnum):
    """Why a device session ended."""

    SIGNED_OUT = "signed_out"
    OTHER_DEVICES = "other_devices"
    FROM_LIST = "from_list"
    SECRET_CHANGED = "secret_changed"
    DEACTIVATED = "deactivated"


class ServiceRequestKind(StrEnum):
    """How a service of the catalogue came into a person's roadmap: the person said « Ça m'intéresse »,
    or their référent proposed it (the person then accepts or declines)."""

    INTEREST = "interet"
    PROPOSAL = "proposition"


class ProConnectRequestStatus(StrEnum):
    """A ProConnect identity that matched no account, waiting for the administrator (issue 19)."""

    OPEN = "ouverte"
    ACCEPTED = "acceptee"
    REFUSED = "refusee"
