"""Invitation campaigns: the coordination or the accueil chooses people from the imported list (new
entrants with no account and no first appointment, by structure, commune and RSA entry period), sees how
many each channel reaches, and sends. Each person gets a personal link (`accounts.issue_links`) by every
channel they have: an SMS, an e-mail with the letter attached, and a printed letter for those with
neither. Everything goes through the outbox in the campaign's own transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func
from sqlmodel import Session, select

from dossier import accounts, appointments, clock, formatting, i18n, messaging
from dossier.actor import Actor
from dossier.errors import FieldErrors, NotFound
from dossier.labels import t
from dossier.policy import Permission, require
from storage.models import Beneficiary, Credential, Invitation, InvitationCampaign, Organisation
from storage.vocabulary import OutboxChannel, OutboxKind

NAME_MAX = 120
LIMIT = 20_000  # one campaign at most; a larger territory sends by structure or period


@dataclass(frozen=True)
class Audience:
    """Who a campaign aims at, beyond « no account, no first appointment, no running invitation »."""

    organisation_id: int | None = None
    commune: str | None = None
    entry_from: dt.date | None = None
    entry_to: dt.date | None = None


@dataclass(frozen=True)
class Reach:
    """How a campaign would reach its people: each person counts once per channel they have."""

    people: int
    by_sms: int
    by_email: int
    by_letter: int  # neither a mobile nor an e-mail: a printed letter
    invalid_numbers: int  # a phone that is no mobile (a landline, a typo): reported, no SMS


@dataclass(frozen=True)
class Launched:
    campaign_id: int
    reach: Reach


def activated_people() -> Select:
    """The ids of people whose account is active (they chose their code): never invited again, never
    reminded."""
    return select(Credential.beneficiary_id).where(Credential.beneficiary_id.is_not(None),
                                                   Credential.secret_hash.is_not(None))


def _eligible(session: Session, audience: Audience) -> list[Beneficiary]:
    now = clock.now()
    running = select(Invitation.beneficiary_id).where(Invitation.used_at.is_(None), Invitation.expires_at > now)
    query = select(Beneficiary).where(Beneficiary.id.not_in(activated_people()), Beneficiary.id.not_in(running),
                                      Beneficiary.id.not_in(appointments.has_first_appointment()))
    if audience.organisation_id is not None:
        query = query.where(Beneficiary.organisation_id == audience.organisation_id)
    if audience.commune:
        query = query.where(Beneficiary.commune == audience.commune)
    if audience.entry_from is not None:
        query = query.where(Beneficiary.rsa_entry_date >= audience.entry_from)
    if audience.entry_to is not None:
        query = query.where(Beneficiary.rsa_entry_date <= audience.entry_to)
    return list(session.exec(query.order_by(Beneficiary.commune, Beneficiary.last_name, Beneficiary.first_name,
                                            Beneficiary.id).limit(LIMIT)).all())


def _reach(people: list[Beneficiary]) -> Reach:
    sms = email = letter = invalid = 0
    for person in people:
        channels = {channel for channel, _ in messaging.channels_of(person)}
        sms += OutboxChannel.SMS in channels
        email += OutboxChannel.EMAIL in channels
        letter += not channels
        invalid += bool(person.phone) and messaging.to_e164(person.phone) is None
    return Reach(len(people), sms, email, letter, invalid)


def _check(audience: Audience) -> None:
    if audience.entry_from and audience.entry_to and audience.entry_from > audience.entry_to:
        raise FieldErrors({"entry_to": "error.campaign.period"})


def preview(session: Session, actor: Actor, audience: Audience) -> Reach:
    """How many people the campaign would invite, by channel (nothing is written)."""
    require(actor, Permission.RUN_CAMPAIGNS)
    _check(audience)
    return _reach(_eligible(session, audience))


def communes(session: Session, actor: Actor) -> list[str]:
    require(actor, Permission.RUN_CAMPAIGNS)
    return [c for c in session.exec(select(Beneficiary.commune).where(Beneficiary.commune.is_not(None))
                                    .distinct().order_by(Beneficiary.commune)).all() if c]


class _Texts:
    """The texts of one campaign step, with what they name looked up once per structure (a campaign of
    10,000 people asks the database a handful of times, not 30,000)."""

    def __init__(self, session: Session, campaign: InvitationCampaign) -> None:
        self.session, self.campaign = session, campaign
        self.names: dict[int | None, str] = {}
        self.phones: dict[int | None, str] = {}

    def _structure(self, person: Beneficiary) -> str:
        organisation_id = person.organisation_id or self.campaign.organisation_id
        if organisation_id not in self.names:
            organisation = self.session.get(Organisation, organisation_id) if organisation_id else None
            self.names[organisation_id] = organisation.name if organisation else t("letter.territory")
        return self.names[organisation_id]

    def _phone(self, person: Beneficiary) -> str:
        if person.organisation_id not in self.phones:
            self.phones[person.organisation_id] = appointments.help_phone(self.session, person)
        return self.phones[person.organisation_id]

    def of(self, kind: OutboxKind, person: Beneficiary, link: str,
           expires_at: dt.datetime) -> dict[OutboxChannel, tuple[str, str]]:
        """(subject, body) per channel: the SMS short, in the GSM alphabet (two parts at most), the
        e-mail the same content and more."""
        with i18n.use(person.language):  # the person's language (French until they choose)
            values = {"structure": self._structure(person), "url": link, "phone": self._phone(person),
                      "date": formatting.date(expires_at), "first_name": person.first_name}
            return {OutboxChannel.SMS: ("", messaging.to_gsm(t(f"sms.{kind}", **values))),
                    OutboxChannel.EMAIL: (t(f"mail.{kind}.subject", **values), t(f"mail.{kind}.body", **values))}


def _messages(texts: _Texts, person: Beneficiary, invitation_id: int, kind: OutboxKind, link: str,
              expires_at: dt.datetime) -> list[dict]:
    """The messages of one invitation step: one per channel the person has, each with its dedupe key."""
    found = texts.of(kind, person, link, expires_at)
    return [{"dedupe_key": f"inv:{invitation_id}:{kind}:{channel}", "person_id": person.id, "kind": kind,
             "channel": channel, "recipient": recipient, "subject": found[channel][0], "body": found[channel][1],
             "invitation_id": invitation_id, "link": link}
            for channel, recipient in messaging.channels_of(person)]


def queue_messages(session: Session, invitation: Invitation, kind: OutboxKind, link: str) -> int:
    """The messages of one invitation step (a follow-up), each once."""
    person = session.get(Beneficiary, invitation.beneficiary_id)
    texts = _Texts(session, session.get(InvitationCampaign, invitation.campaign_id))
    return sum(messaging.enqueue(session, **message)
               for message in _messages(texts, person, invitation.id, kind, link, invitation.expires_at))


def launch(session: Session, actor: Actor, name: str, audience: Audience,
           served_at: str | None = None) -> Launched:
    """Create the campaign, a personal link for each person and their messages, in one transaction: a
    person is invited once per campaign (a unique constraint), and the outbox sends each message once."""
    require(actor, Permission.RUN_CAMPAIGNS)
    _check(audience)
    label = " ".join(name.split())
    if not label:
        raise FieldErrors({"name": "error.required"})
    if len(label) > NAME_MAX:
        raise FieldErrors({"name": "error.campaign.name_long"})
    people = _eligible(session, audience)
    if not people:
        raise FieldErrors({"_form": "error.campaign.nobody"})
    campaign = InvitationCampaign(name=label, organisation_id=audience.organisation_id, commune=audience.commune,
                                  entry_from=audience.entry_from, entry_to=audience.entry_to, created_by=actor.id,
                                  created_at=clock.now())
    session.add(campaign)
    session.flush()
    links = accounts.issue_links(session, [p.id for p in people], campaign.id)
    texts = _Texts(session, campaign)
    messaging.enqueue_many(session, [
        message for person in people
        for message in _messages(texts, person, links[person.id].invitation_id, OutboxKind.INVITATION,
                                 accounts.invitation_url(links[person.id].token, served_at),
                                 links[person.id].expires_at)])
    return Launched(campaign.id, _reach(people))


@dataclass(frozen=True)
class CampaignRow:
    id: int
    name: str
    created_at: dt.datetime
    people: int


def campaigns(session: Session, actor: Actor) -> list[CampaignRow]:
    """The campaigns, newest first, with how many people each invited."""
    require(actor, Permission.RUN_CAMPAIGNS)
    counted = dict(session.exec(select(Invitation.campaign_id, func.count()).where(Invitation.campaign_id.is_not(None))
                                .group_by(Invitation.campaign_id)).all())
    rows = session.exec(select(InvitationCampaign).order_by(InvitationCampaign.created_at.desc(),
                                                            InvitationCampaign.id.desc())).all()
    return [CampaignRow(row.id, row.name, row.created_at, counted.get(row.id, 0)) for row in rows]


def letters(session: Session, actor: Actor, campaign_id: int, served_at: str | None = None) -> bytes | None:
    """The printed letters of a campaign (its people with neither a mobile nor an e-mail), one per page,
    sorted by commune and name for mailing. Printing again gives each a new link (the earlier one stops
    working): the links are never stored. None when nobody needs a letter."""
    require(actor, Permission.RUN_CAMPAIGNS)
    if session.get(InvitationCampaign, campaign_id) is None:
        raise NotFound()
    rows = session.exec(select(Invitation, Beneficiary).join(Beneficiary, Beneficiary.id == Invitation.beneficiary_id)
                        .where(Invitation.campaign_id == campaign_id, Invitation.used_at.is_(None),
                               Invitation.expires_at > clock.now())
                        .order_by(Beneficiary.commune, Beneficiary.last_name, Beneficiary.first_name)).all()
    wanted = [(invitation, person) for invitation, person in rows if not messaging.channels_of(person)]
    if not wanted:
        return None
    links = []
    for invitation, person in wanted:
        token = accounts.renew_link(session, invitation.id)
        links.append((person, accounts.invitation_url(token, served_at), invitation.expires_at))
    return appointments.link_letters(session, links)
