"""Signed-in devices: a browser that stays signed in across a reload, a discarded tab or a restarted
server, until its idle or absolute expiry — and that its owner can sign out from « Mes appareils ».

How a browser gets its cookie without the id ever being written into a page: signing in opens a row
with a one-time *claim* (random, 2 minutes, digest stored); the page posts that claim to the app's
own route (`server.py`), which draws the session id, stores its digest in the row, forgets the claim
and answers with the id in an HttpOnly cookie. Every later Streamlit session of that browser (a
reload, a new tab) reads the cookie from its request and is signed in again here, after the same
checks as a running tab: not ended, not expired, account still active.

A kiosk's sign-in gets a row too (so sign-out, « sign out my other devices » and deactivation end it
the same way) but never a claim: nothing of it survives the tab. Rows are never deleted: an ended
row keeps when and why it ended.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import or_, update
from sqlmodel import Session, select

from dossier import clock
from dossier.accounts._actors import refresh_actor
from dossier.accounts._secrets import token_digest
from dossier.actor import Actor
from dossier.errors import NotFound
from dossier.settings import get_settings
from storage.models import DeviceSession
from storage.vocabulary import DeviceEndReason

COOKIE_NAME = "dossier_session"
CLAIM_ROUTE = "/_dossier/session"  # server.py: the claim posted by the page, answered with the cookie
FORGET_ROUTE = "/_dossier/session/end"  # server.py: after a sign-out, the browser deletes the cookie
CLAIM_MINUTES = 2
TOKEN_MAX_LENGTH = 100  # a token_urlsafe(32) is 43 characters; anything longer is not ours


@dataclass(frozen=True)
class Opened:
    """A sign-in's row, and the claim its page hands to the browser (None on a kiosk)."""

    device_id: int
    claim: str | None


@dataclass(frozen=True)
class Cookie:
    """What the claim route sets: the raw id (only ever in the Set-Cookie header) and its life."""

    value: str
    max_age_s: int


@dataclass(frozen=True)
class Resumed:
    actor: Actor
    device_id: int
    proconnect: bool = False  # opened by a ProConnect sign-in: sign-out goes through the provider's end-session


@dataclass(frozen=True)
class Device:
    """One line of « Mes appareils »."""

    id: int
    label: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    persistent: bool
    current: bool


# --- the device's name, from its user agent (browser and system, nothing else) ----------------------

_BROWSERS = (("SamsungBrowser", "Samsung Internet"), ("EdgA?/", "Edge"), ("OPR/", "Opera"),
             ("Firefox/|FxiOS/", "Firefox"), ("CriOS/|Chrome/|Chromium/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone|iPad|iPod", "iOS"), ("Windows", "Windows"),
            ("Mac OS X|Macintosh", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def device_label(user_agent: str | None) -> str:
    """« Chrome sur Android »: enough to recognise one's phone in a list; no version, no IP."""
    agent = user_agent or ""
    browser = next((name for pattern, name in _BROWSERS if re.search(pattern, agent)), None)
    system = next((name for pattern, name in _SYSTEMS if re.search(pattern, agent)), None)
    if browser and system:
        return f"{browser} sur {system}"
    return browser or system or "Navigateur inconnu"


# --- lifetimes ------------------------------------------------------------------------------------


def _idle_s(persistent: bool) -> int:
    settings = get_settings()
    return settings.idle_timeout_personal_s if persistent else settings.idle_timeout_kiosk_s


def _absolute(actor: Actor) -> dt.timedelta:
    settings = get_settings()
    return dt.timedelta(hours=settings.session_hours_person if actor.is_beneficiary else settings.session_hours_pro)


def _slide_after_s(persistent: bool) -> float:
    """A rerun slides the idle expiry only when the last slide is this old: one write a minute at
    most, not one per click (the open tab keeps its own exact idle clock)."""
    return min(60.0, _idle_s(persistent) / 10)


def _owner(actor: Actor) -> dict[str, int | None]:
    if actor.is_beneficiary:
        return {"beneficiary_id": actor.id}
    if actor.is_professional:
        return {"professional_id": actor.id}
    raise NotFound("devices.no_account")


def _owned_by(actor: Actor):
    return DeviceSession.beneficiary_id == actor.id if actor.is_beneficiary \
        else DeviceSession.professional_id == actor.id


def _live(now: dt.datetime):
    return (DeviceSession.ended_at.is_(None), DeviceSession.expires_at > now)


# --- sign-in, the cookie, the next visit -------------------------------------------------------------


def open_device(session: Session, actor: Actor, *, user_agent: str | None, persistent: bool,
                proconnect_id_token: str | None = None) -> Opened:
    """The row of a sign-in that just succeeded; a personal device also gets its one-time claim."""
    now = clock.now()
    claim = secrets.token_urlsafe(32) if persistent else None
    row = DeviceSession(**_owner(actor), persistent=persistent, device_label=device_label(user_agent),
                        created_at=now, last_seen_at=now,
                        idle_expires_at=now + dt.timedelta(seconds=_idle_s(persistent)),
                        expires_at=now + _absolute(actor),
                        claim_sha256=token_digest(claim) if claim else None,
                        claim_expires_at=now + dt.timedelta(minutes=CLAIM_MINUTES) if claim else None,
                        proconnect_id_token=proconnect_id_token)
    session.add(row)
    session.flush()
    return Opened(row.id, claim)


def claim_cookie(session: Session, claim: str) -> Cookie | None:
    """The route's half of the hand-over: one conditional UPDATE turns a valid, unused claim into the
    session id's digest, so a claim serves once. None when the claim is unknown, used or expired."""
    if not claim or len(claim) > TOKEN_MAX_LENGTH:
        return None
    now = clock.now()
    value = secrets.token_urlsafe(32)
    expires_at = session.execute(
        update(DeviceSession)
        .where(DeviceSession.claim_sha256 == token_digest(claim), DeviceSession.claim_expires_at > now,
               DeviceSession.persistent.is_(True), *_live(now))
        .values(id_sha256=token_digest(value), claim_sha256=None, claim_expires_at=None)
        .returning(DeviceSession.expires_at)
    ).scalar_one_or_none()
    if expires_at is None:
        return None
    return Cookie(value, max(1, int((expires_at - now).total_seconds())))


def open_from_route(session: Session, actor: Actor, *, user_agent: str | None,
                    proconnect_id_token: str | None = None) -> Cookie:
    """A sign-in that ends on one of the app's own routes (ProConnect's return): the route itself
    answers with the cookie, so the claim is drawn and used at once. The app then resumes from the
    cookie as after a reload: revocation and expiry apply unchanged."""
    opened = open_device(session, actor, user_agent=user_agent, persistent=True,
                         proconnect_id_token=proconnect_id_token)
    cookie = claim_cookie(session, opened.claim or "")
    if cookie is None:  # a claim drawn a moment ago: cannot happen short of a broken clock
        raise NotFound("devices.no_account")
    return cookie


def proconnect_hint(session: Session, cookie: str | None) -> tuple[int, str | None] | None:
    """The browser's live session (its id) and the ProConnect ID token it was opened with, if any."""
    if not cookie or len(cookie) > TOKEN_MAX_LENGTH:
        return None
    row = session.exec(select(DeviceSession).where(DeviceSession.id_sha256 == token_digest(cookie),
                                                   *_live(clock.now()))).first()
    return None if row is None else (row.id, row.proconnect_id_token)


def resume(session: Session, cookie: str | None) -> Resumed | None:
    """A new Streamlit session of a browser that holds a cookie: its actor again, when the row is
    live, not idle too long and the account still active; its idle expiry slides."""
    if not cookie or len(cookie) > TOKEN_MAX_LENGTH:
        return None
    now = clock.now()
    row = session.exec(select(DeviceSession).where(
        DeviceSession.id_sha256 == token_digest(cookie), DeviceSession.persistent.is_(True),
        DeviceSession.idle_expires_at > now, *_live(now))).first()
    if row is None:
        return None
    owner = Actor(kind="beneficiary", id=row.beneficiary_id, display_name="") if row.beneficiary_id \
        else Actor(kind="professional", id=row.professional_id, display_name="")
    actor = refresh_actor(session, owner)
    if actor is None:
        return None
    _slide(row, now)
    session.add(row)
    session.flush()
    return Resumed(actor, row.id, row.proconnect_id_token is not None)


def _slide(row: DeviceSession, now: dt.datetime) -> None:
    row.last_seen_at = now
    row.idle_expires_at = now + dt.timedelta(seconds=_idle_s(row.persistent))


def still_signed_in(session: Session, device_id: int) -> bool:
    """Asked at every rerun of a signed-in tab: False once the row was ended (sign-out elsewhere,
    « sign out my other devices », a new code, a deactivation) or reached its absolute expiry. A
    moment of activity slides the idle expiry (at most once a minute)."""
    row = session.get(DeviceSession, device_id)
    now = clock.now()
    if row is None or row.ended_at is not None or row.expires_at <= now:
        return False
    if (now - row.last_seen_at).total_seconds() >= _slide_after_s(row.persistent):
        _slide(row, now)
        session.add(row)
        session.flush()
    return True


def touch(session: Session, device_id: int) -> None:
    """« Je continue » at the idle warning: activity, so the idle expiry slides now."""
    row = session.get(DeviceSession, device_id)
    if row is not None and row.ended_at is None:
        _slide(row, clock.now())
        session.add(row)
        session.flush()


# --- ending sessions -------------------------------------------------------------------------------


def end(session: Session, device_id: int, reason: DeviceEndReason = DeviceEndReason.SIGNED_OUT) -> None:
    """Sign-out of this device: ended at once, for every tab of the browser."""
    now = clock.now()
    session.execute(update(DeviceSession).where(DeviceSession.id == device_id, DeviceSession.ended_at.is_(None))
                    .values(ended_at=now, ended_reason=reason, claim_sha256=None, proconnect_id_token=None))


def end_all(session: Session, *, beneficiary_id: int | None = None, professional_id: int | None = None,
            reason: DeviceEndReason, keep: int | None = None) -> int:
    """Every open session of one account (but `keep`): a new code or password, a deactivation, « sign
    out my other devices ». Returns how many were ended."""
    owner = DeviceSession.beneficiary_id == beneficiary_id if beneficiary_id is not None \
        else DeviceSession.professional_id == professional_id
    statement = update(DeviceSession).where(owner, DeviceSession.ended_at.is_(None))
    if keep is not None:
        statement = statement.where(DeviceSession.id != keep)
    result = session.execute(statement.values(ended_at=clock.now(), ended_reason=reason, claim_sha256=None,
                                              proconnect_id_token=None))
    return result.rowcount or 0


def end_other_devices(session: Session, actor: Actor, current_device: int | None) -> int:
    """« Déconnecter mes autres appareils »: every session of the actor's own account but this one."""
    return end_all(session, **_owner(actor), reason=DeviceEndReason.OTHER_DEVICES, keep=current_device)


def end_device(session: Session, actor: Actor, device_id: int) -> None:
    """One line of « Mes appareils » signed out. Only the actor's own devices: any other id is
    answered as unknown, so nobody learns that it exists."""
    row = session.get(DeviceSession, device_id)
    if row is None or (row.beneficiary_id if actor.is_beneficiary else row.professional_id) != actor.id \
            or not (actor.is_beneficiary or actor.is_professional):
        raise NotFound("devices.unknown")
    end(session, device_id, DeviceEndReason.FROM_LIST)


def my_devices(session: Session, actor: Actor, current_device: int | None) -> list[Device]:
    """The actor's own open sessions, most recently used first (idle ones past their expiry left out:
    they can no longer be resumed)."""
    now = clock.now()
    rows = session.exec(select(DeviceSession).where(
        _owned_by(actor), *_live(now),
        or_(DeviceSession.idle_expires_at > now, DeviceSession.id == current_device))
        .order_by(DeviceSession.last_seen_at.desc(), DeviceSession.id.desc())).all()
    return [Device(r.id, r.device_label, r.created_at, r.last_seen_at, r.persistent, r.id == current_device)
            for r in rows]
