"""Consent to sharing: the person decides which structures see which parts of their file.

A consent is a receipt whose terms never change: one person, one recipient (a structure, or every
structure of a type), one category, a purpose, a legal basis, a period (12 months by default), how it
was collected and the notice the person saw. Giving again while one is in force writes a new receipt
that supersedes it (a renewal); withdrawing writes a final withdrawal, effective on the very next read
(`dossier.access` reads consents at each open). The structure référente is not a consent: it works by
its public-service mission, and the page says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import Session, select

from dossier import clock, i18n
from dossier.access import open_person, valid_consents
from dossier.accounts import person_channel
from dossier.actor import Actor
from dossier.errors import FieldErrors, PermissionDenied
from dossier.labels import t
from dossier.policy import Basis, Category, Permission, decide
from storage.models import (
    Action,
    Beneficiary,
    Consent,
    ConsentNotice,
    ConsentWithdrawal,
    Organisation,
)
from storage.upsert import insert_unless_exists
from storage.vocabulary import OrganisationType, is_one_of

PURPOSE = "accompagnement vers l'emploi"
LEGAL_BASIS = "consentement de la personne (RGPD, article 6.1.a ; article 9.2.a pour la santé)"
VALIDITY_DAYS = 365
NOTICE_VERSION = "2026-11"
SHARED_CATEGORIES = tuple(Category)


@dataclass(frozen=True)
class Recipient:
    """A structure (organisation_id) or every structure of a type (organisation_type)."""

    organisation_id: int | None = None
    organisation_type: str | None = None

    @property
    def key(self) -> str:
        return f"org:{self.organisation_id}" if self.organisation_id else f"type:{self.organisation_type}"

    def matches(self, consent: Consent) -> bool:
        if self.organisation_id is not None:
            return consent.recipient_organisation_id == self.organisation_id
        return consent.recipient_type == self.organisation_type


def notice_hash(session: Session) -> str:
    """The notice shown on the sharing page, stored once and referenced by its SHA-256: its French text,
    the one that binds, shown beside any translation (the receipt keeps which language was shown)."""
    with i18n.use(i18n.FRENCH):
        text = t("consent.notice")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    insert_unless_exists(session, ConsentNotice, {"sha256": digest, "version": NOTICE_VERSION, "text": text,
                                                  "created_at": clock.now()}, index_elements=["sha256"])
    return digest


def _check(session: Session, category: str, recipient: Recipient) -> Category:
    errors = {}
    if category not in {c.value for c in Category}:
        errors["category"] = "error.consent.category"
    if recipient.organisation_id is not None:
        if session.get(Organisation, recipient.organisation_id) is None:
            errors["recipient"] = "error.consent.recipient"
    elif not is_one_of(recipient.organisation_type, OrganisationType):
        errors["recipient"] = "error.consent.recipient"
    if errors:
        raise FieldErrors(errors)
    return Category(category)


def _in_force(session: Session, person_id: int, recipient: Recipient, category: Category,
              at: dt.datetime) -> list[Consent]:
    rows = session.exec(valid_consents(person_id, at).where(Consent.category == category.value)).all()
    return [c for c in rows if recipient.matches(c)]


def _acting_channel(session: Session, actor: Actor, person_id: int, person_code: str | None,
                    on_kiosk: bool) -> str:
    """Only the person decides: on their own device or a kiosk, or beside their référent with their
    own code. A professional alone can neither give nor withdraw."""
    open_person(session, actor, person_id, Category.IDENTITY,
                Permission.READ if actor.is_beneficiary else Permission.RECORD_CONSENT)
    channel = person_channel(session, actor, person_id, person_code, on_kiosk)
    if channel is None:
        raise PermissionDenied("denied.consent")
    return channel


def give(session: Session, actor: Actor, person_id: int, category: str, recipient: Recipient, *,
         person_code: str | None = None, on_kiosk: bool = False, at: dt.datetime | None = None) -> int:
    """A new receipt for 12 months; one in force for the same recipient and category is superseded. It
    keeps the language the page showed the notice in (the active one), beside the French it names."""
    channel = _acting_channel(session, actor, person_id, person_code, on_kiosk)
    cat = _check(session, category, recipient)
    at = at or clock.now()
    current = _in_force(session, person_id, recipient, cat, at)
    consent = Consent(
        beneficiary_id=person_id, recipient_organisation_id=recipient.organisation_id,
        recipient_type=recipient.organisation_type, category=cat.value, purpose=PURPOSE, legal_basis=LEGAL_BASIS,
        valid_from=at, valid_until=at + dt.timedelta(days=VALIDITY_DAYS), channel=channel,
        notice_sha256=notice_hash(session), captured_by_kind=actor.kind, captured_by_id=actor.id,
        captured_by_name=actor.display_name[:200], supersedes_id=current[0].id if current else None, created_at=at,
        language=i18n.language())
    session.add(consent)
    session.flush()
    return consent.id


def withdraw(session: Session, actor: Actor, person_id: int, category: str, recipient: Recipient, *,
             person_code: str | None = None, on_kiosk: bool = False) -> int:
    """Withdraw every consent in force for this recipient and category; returns how many. Final: giving
    again later writes a new receipt."""
    channel = _acting_channel(session, actor, person_id, person_code, on_kiosk)
    cat = _check(session, category, recipient)
    at = clock.now()
    withdrawn = 0
    for consent in _in_force(session, person_id, recipient, cat, at):
        inserted = insert_unless_exists(
            session, ConsentWithdrawal,
            {"consent_id": consent.id, "beneficiary_id": person_id, "withdrawn_at": at, "channel": channel,
             "actor_kind": actor.kind, "actor_id": actor.id, "actor_name": actor.display_name[:200]},
            index_elements=["consent_id"], returning=ConsentWithdrawal.consent_id)
        withdrawn += inserted is not None
    session.flush()
    return withdrawn


# --- the "Mes partages" page -----------------------------------------------------------------------


@dataclass(frozen=True)
class RecipientRow:
    recipient: Recipient
    name: str
    shared: frozenset[Category]
    until: dict[Category, dt.datetime]


@dataclass(frozen=True)
class SharingView:
    referent_structure: str | None  # works by its mission: shown with its legal basis, not as a consent
    mission_basis: str
    referent_row: RecipientRow | None  # its health switch: health needs an explicit consent even there
    rows: tuple[RecipientRow, ...]
    others: dict[str, str]  # recipients the person may add: key -> name


@dataclass(frozen=True)
class ConsentLine:
    id: int
    recipient: str
    category: Category
    given_at: dt.datetime
    valid_until: dt.datetime
    channel: str
    status: str  # donne / retire / expire / remplace
    ended_at: dt.datetime | None


def _recipient_names(session: Session) -> tuple[dict[int, Organisation], dict[str, str]]:
    organisations = {o.id: o for o in session.exec(select(Organisation).order_by(Organisation.name))}
    return organisations, {kind: t(f"organisation.type.all.{kind}") for kind in OrganisationType}


def _name(recipient_org: int | None, recipient_type: str | None, organisations, types) -> str:
    return organisations[recipient_org].name if recipient_org else types[recipient_type]


def _person_present(session: Session, actor: Actor, person_id: int, person_code: str | None) -> None:
    """The sharing page is the person's: a professional sees it only on their screen turned towards
    the person, once the person has typed their own code there. Checked before opening, so a refused
    professional leaves no "allowed" log row."""
    if actor.is_beneficiary:
        return
    person = session.get(Beneficiary, person_id)
    if person is None or person_code is None or not decide(actor, Permission.RECORD_CONSENT, person).allowed:
        raise PermissionDenied("denied.person_only")
    person_channel(session, actor, person_id, person_code, on_kiosk=False)  # FieldErrors when wrong


def sharing_view(session: Session, actor: Actor, person_id: int, added: tuple[str, ...] = (), *,
                 person_code: str | None = None) -> SharingView:
    """Every structure that works with the person (partners on their roadmap, any structure they have
    shared with) and the ones they chose to add on the page, with what each sees now."""
    _person_present(session, actor, person_id, person_code)
    person = open_person(session, actor, person_id, Category.IDENTITY)
    organisations, types = _recipient_names(session)
    at = clock.now()
    in_force = session.exec(valid_consents(person_id, at)).all()
    ever = session.exec(select(Consent.recipient_organisation_id, Consent.recipient_type)
                        .where(Consent.beneficiary_id == person_id).distinct()).all()
    partners = session.exec(select(Action.partner_organisation_id).where(
        Action.beneficiary_id == person_id, Action.partner_organisation_id.is_not(None)).distinct()).all()
    keys: dict[str, Recipient] = {}
    for org_id in partners:
        keys[f"org:{org_id}"] = Recipient(organisation_id=org_id)
    for org_id, kind in ever:
        r = Recipient(org_id, kind)
        keys[r.key] = r
    for key in added:
        r = _recipient_from_key(key)
        if r is not None:
            keys[r.key] = r
    shared: dict[str, set[Category]] = defaultdict(set)
    until: dict[str, dict[Category, dt.datetime]] = defaultdict(dict)
    for c in in_force:
        key = Recipient(c.recipient_organisation_id, c.recipient_type).key
        shared[key].add(Category(c.category))
        until[key][Category(c.category)] = c.valid_until
    referent = organisations.get(person.organisation_id) if person.organisation_id else None
    referent_key = f"org:{referent.id}" if referent else None
    keys.pop(referent_key, None)
    rows = []
    for key, r in keys.items():
        if r.organisation_id is not None and r.organisation_id not in organisations:
            continue
        rows.append(RecipientRow(r, _name(r.organisation_id, r.organisation_type, organisations, types),
                                 frozenset(shared[key]), until[key]))
    rows.sort(key=lambda row: (row.recipient.organisation_id is None, row.name))
    referent_row = RecipientRow(Recipient(organisation_id=referent.id), referent.name,
                                frozenset(shared[referent_key]), until[referent_key]) if referent else None
    others = {f"org:{o.id}": o.name for o in organisations.values()}
    others.update({f"type:{kind}": name for kind, name in types.items()})
    for key in [row.recipient.key for row in rows] + [referent_key]:
        others.pop(key, None)
    return SharingView(referent.name if referent else None, Basis.MISSION.value, referent_row, tuple(rows), others)


def _recipient_from_key(key: str) -> Recipient | None:
    kind, _, value = key.partition(":")
    if kind == "org" and value.isdigit():
        return Recipient(organisation_id=int(value))
    if kind == "type" and is_one_of(value, OrganisationType):
        return Recipient(organisation_type=value)
    return None


def recipient_from_key(key: str | None) -> Recipient:
    recipient = _recipient_from_key(key or "")
    if recipient is None:
        raise FieldErrors({"recipient": "error.consent.recipient"})
    return recipient


def consent_history(session: Session, actor: Actor, person_id: int, *,
                    person_code: str | None = None) -> list[ConsentLine]:
    """Every receipt, newest first, with what became of it: the old terms stay readable."""
    _person_present(session, actor, person_id, person_code)
    open_person(session, actor, person_id, Category.IDENTITY)
    organisations, types = _recipient_names(session)
    consents = session.exec(select(Consent).where(Consent.beneficiary_id == person_id)
                            .order_by(Consent.created_at.desc(), Consent.id.desc())).all()
    withdrawn = dict(session.exec(select(ConsentWithdrawal.consent_id, ConsentWithdrawal.withdrawn_at)
                                  .where(ConsentWithdrawal.beneficiary_id == person_id)).all())
    renewed_at = {c.supersedes_id: c.created_at for c in consents if c.supersedes_id}
    now = clock.now()
    lines = []
    for c in consents:
        if c.id in withdrawn:
            status, ended = "retire", withdrawn[c.id]
        elif c.id in renewed_at:
            status, ended = "remplace", renewed_at[c.id]
        elif c.valid_until <= now:
            status, ended = "expire", c.valid_until
        else:
            status, ended = "donne", None
        lines.append(ConsentLine(c.id, _name(c.recipient_organisation_id, c.recipient_type, organisations, types),
                                 Category(c.category), c.created_at, c.valid_until, c.channel, status, ended))
    return lines
