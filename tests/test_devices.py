"""Signed-in devices without Streamlit (dossier/devices.py): the claim serves once and turns into a
cookie whose value the store never holds; a cookie resumes the session until sign-out, idle or
absolute expiry, a new code or password, or a deactivation; « Mes appareils » lists and ends only the
actor's own devices. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from dossier import accounts
from dossier.accounts import devices
from dossier.errors import NotFound
from dossier.people import _territory as territory
from dossier.settings import get_settings
from storage.engine import session_scope
from storage.models import Beneficiary, DeviceSession
from tests.support.domain import ADMIN, CLAIRE, DAVID, NICOLAS, me, pro_actor, set_clock

T0 = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
PHONE_UA = ("Mozilla/5.0 (Linux; Android 13; SM-A146P) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/124.0.0.0 Mobile Safari/537.36")


def sign_in(engine, number: str = DAVID, *, persistent: bool = True, ua: str = PHONE_UA) -> devices.Opened:
    with session_scope(engine) as session:
        return devices.open_device(session, me(session, number), user_agent=ua, persistent=persistent)


def claim(engine, token: str | None) -> devices.Cookie | None:
    with session_scope(engine) as session:
        return devices.claim_cookie(session, token)


def resume(engine, cookie: str | None) -> devices.Resumed | None:
    with session_scope(engine) as session:
        return devices.resume(session, cookie)


def cookie_for(engine, number: str = DAVID) -> tuple[int, str]:
    opened = sign_in(engine, number)
    return opened.device_id, claim(engine, opened.claim).value


def test_a_claim_gives_one_cookie_that_signs_the_browser_in_again(demo):
    opened = sign_in(demo)
    cookie = claim(demo, opened.claim)
    assert cookie is not None and len(cookie.value) >= 40
    assert claim(demo, opened.claim) is None  # a claim serves once
    resumed = resume(demo, cookie.value)
    assert resumed is not None and resumed.device_id == opened.device_id
    assert resumed.actor.is_beneficiary and resumed.actor.display_name == "David Laurent"
    assert resume(demo, cookie.value + "x") is None and resume(demo, "") is None and resume(demo, None) is None


def test_the_store_holds_digests_only(demo):
    opened = sign_in(demo)
    with Session(demo) as session:
        row = session.get(DeviceSession, opened.device_id)
        assert row.claim_sha256 and opened.claim not in row.claim_sha256 and row.id_sha256 is None
    cookie = claim(demo, opened.claim)
    with Session(demo) as session:
        row = session.get(DeviceSession, opened.device_id)
        assert row.claim_sha256 is None and len(row.id_sha256) == 64
        assert cookie.value not in row.id_sha256
        values = [str(v) for v in row.model_dump().values()]
    assert not any(cookie.value in v or opened.claim in v for v in values)


def test_a_kiosk_never_gets_a_claim_nor_a_cookie(demo):
    opened = sign_in(demo, persistent=False)
    assert opened.claim is None
    with Session(demo) as session:
        row = session.get(DeviceSession, opened.device_id)
    assert not row.persistent and row.id_sha256 is None and row.claim_sha256 is None


def test_a_claim_lasts_two_minutes(demo, monkeypatch):
    set_clock(monkeypatch, T0)
    opened = sign_in(demo)
    set_clock(monkeypatch, T0 + dt.timedelta(minutes=2, seconds=1))
    assert claim(demo, opened.claim) is None


def test_idle_and_absolute_expiry(demo, monkeypatch):
    idle = get_settings().idle_timeout_personal_s
    set_clock(monkeypatch, T0)
    device, cookie = cookie_for(demo)
    set_clock(monkeypatch, T0 + dt.timedelta(seconds=idle - 5))
    assert resume(demo, cookie) is not None  # used: the idle expiry slides from now
    set_clock(monkeypatch, T0 + dt.timedelta(seconds=2 * idle - 10))
    assert resume(demo, cookie) is not None
    set_clock(monkeypatch, T0 + dt.timedelta(seconds=3 * idle))
    assert resume(demo, cookie) is None  # idle too long

    set_clock(monkeypatch, T0)
    device, cookie = cookie_for(demo)
    hours = get_settings().session_hours_person
    with session_scope(demo) as session:  # in use all along, every 20 minutes
        for minutes in range(20, hours * 60, 20):
            set_clock(monkeypatch, T0 + dt.timedelta(minutes=minutes))
            assert devices.still_signed_in(session, device)
    set_clock(monkeypatch, T0 + dt.timedelta(hours=hours, seconds=1))
    assert resume(demo, cookie) is None
    with session_scope(demo) as session:
        assert not devices.still_signed_in(session, device)


def test_a_professional_session_lasts_ten_hours(demo, monkeypatch):
    set_clock(monkeypatch, T0)
    with session_scope(demo) as session:
        opened = devices.open_device(session, pro_actor(session, CLAIRE), user_agent=PHONE_UA, persistent=True)
        row = session.get(DeviceSession, opened.device_id)
        assert row.expires_at == T0 + dt.timedelta(hours=10)
        assert row.professional_id is not None and row.beneficiary_id is None


def test_sign_out_ends_every_tab_of_the_browser(demo):
    device, cookie = cookie_for(demo)
    with session_scope(demo) as session:
        devices.end(session, device)
    assert resume(demo, cookie) is None
    with session_scope(demo) as session:
        assert not devices.still_signed_in(session, device)
        assert session.get(DeviceSession, device).ended_reason == "signed_out"


def test_sign_out_my_other_devices_keeps_this_one(demo):
    phone, phone_cookie = cookie_for(demo)
    laptop, laptop_cookie = cookie_for(demo)
    other_person, other_cookie = cookie_for(demo, NICOLAS)
    with session_scope(demo) as session:
        assert devices.end_other_devices(session, me(session, DAVID), laptop) == 1
    assert resume(demo, phone_cookie) is None
    assert resume(demo, laptop_cookie) is not None
    assert resume(demo, other_cookie) is not None  # someone else's devices are not touched


def test_my_devices_lists_and_ends_only_my_own(demo):
    phone, _phone_cookie = cookie_for(demo)
    laptop, _laptop_cookie = cookie_for(demo)
    nicolas, nicolas_cookie = cookie_for(demo, NICOLAS)
    with session_scope(demo) as session:
        david = me(session, DAVID)
        listed = devices.my_devices(session, david, laptop)
        assert [d.id for d in listed] == [laptop, phone]
        assert [d.current for d in listed] == [True, False]
        assert listed[0].label == "Chrome sur Android"
        with pytest.raises(NotFound):
            devices.end_device(session, david, nicolas)
        devices.end_device(session, david, phone)
        assert [d.id for d in devices.my_devices(session, david, laptop)] == [laptop]
    assert resume(demo, nicolas_cookie) is not None  # Nicolas is still signed in


def test_a_new_password_and_a_deactivation_end_the_professionals_sessions(demo):
    with session_scope(demo) as session:
        admin, claire = pro_actor(session, ADMIN), pro_actor(session, CLAIRE)
        first = devices.open_device(session, claire, user_agent=PHONE_UA, persistent=True).device_id
        territory.reset_password(session, admin, claire.id, "un-nouveau-mot-de-passe-2026")
        assert not devices.still_signed_in(session, first)
        second = devices.open_device(session, claire, user_agent=PHONE_UA, persistent=True).device_id
        territory.set_active(session, admin, claire.id, False)
        assert not devices.still_signed_in(session, second)
        assert session.get(DeviceSession, second).ended_reason == "deactivated"


def test_a_new_personal_code_ends_the_persons_sessions(demo):
    device, cookie = cookie_for(demo)
    with session_scope(demo) as session:
        issued = accounts.issue_activation_code(session, pro_actor(session, CLAIRE), me(session, DAVID).id)
    with session_scope(demo) as session:
        birth = session.get(Beneficiary, me(session, DAVID).id).birth_date.strftime("%d/%m/%Y")
        accounts.activate(session, DAVID, issued.code, birth, "739184", "739184")
    assert resume(demo, cookie) is None


def test_the_devices_name_says_browser_and_system_only():
    assert devices.device_label(PHONE_UA) == "Chrome sur Android"
    assert devices.device_label("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
                                "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1") == "Safari sur iOS"
    assert devices.device_label("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 "
                                "Firefox/125.0") == "Firefox sur Windows"
    assert devices.device_label("Mozilla/5.0 (Linux; Android 14) SamsungBrowser/24.0 Chrome/117.0 Mobile "
                                "Safari/537.36") == "Samsung Internet sur Android"
    assert devices.device_label(None) == "Navigateur inconnu"
