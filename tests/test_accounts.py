"""Sign-in rules: lockout, identical answers, activation expiry and single use, hash upgrades."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from dossier import accounts, clock
from dossier.accounts import SignInFailed
from dossier.accounts import _secrets as secrets
from dossier.accounts._accounts import ActivationFailed
from dossier.actor import Actor
from dossier.errors import FieldErrors, PermissionDenied
from dossier.settings import get_settings
from storage.engine import session_scope
from storage.models import Beneficiary, Credential, Organisation, Professional, ProfessionalRole, SignInThrottle
from tests.support.domain import set_clock

BIRTH = dt.date(1988, 4, 12)


def make_person(session, number="D-TEST-1", org=None, phone=None, email=None) -> Beneficiary:
    now = clock.now()
    person = Beneficiary(dossier_number=number, last_name="Essai", first_name="Alix", birth_date=BIRTH,
                         phone=phone, email=email, organisation_id=org.id if org else None,
                         created_at=now, updated_at=now)
    session.add(person)
    session.commit()
    return person


def make_org(session, code="ORG1", type="departement") -> Organisation:
    org = Organisation(code=code, name=f"Structure {code}", type=type, created_at=clock.now())
    session.add(org)
    session.commit()
    return org


def make_pro(session, org, roles=("referent",), email="pro@example.invalid", password="un-mot-de-passe-long"):
    pro = Professional(organisation_id=org.id, first_name="Pat", last_name="Pro", email=email,
                       created_at=clock.now())
    session.add(pro)
    session.flush()
    for role in roles:
        session.add(ProfessionalRole(professional_id=pro.id, role=role))
    accounts.set_professional_password(session, pro, password)
    session.commit()
    return pro


def activated_person(session, code="482915", **kwargs) -> Beneficiary:
    person = make_person(session, **kwargs)
    issued = accounts.issue_activation_code(session, Actor.system(), person.id)
    session.commit()
    accounts.activate(session, person.dossier_number, issued.code, BIRTH.strftime("%d/%m/%Y"), code, code)
    return person


def credential(session, person) -> Credential:
    session.expire_all()
    return session.exec(select(Credential).where(Credential.beneficiary_id == person.id)).one()


def test_person_signs_in_by_dossier_number_phone_and_email(session):
    person = activated_person(session, phone="0611223344", email="alix@example.invalid")
    for identifier in ("D-TEST-1", "d-test-1", "06 11 22 33 44", "+33611223344", "ALIX@example.invalid"):
        actor = accounts.sign_in_person(session, identifier, "482915")
        assert actor.is_beneficiary and actor.id == person.id


def test_shared_phone_does_not_sign_in_anyone(session):
    activated_person(session, phone="0611223344")
    make_person(session, number="D-TEST-2", phone="0611223344")
    with pytest.raises(SignInFailed):
        accounts.sign_in_person(session, "0611223344", "482915")


def test_five_failures_lock_the_account_even_for_the_right_code(session, monkeypatch):
    person = activated_person(session)
    for _ in range(5):
        with pytest.raises(SignInFailed):
            accounts.sign_in_person(session, "D-TEST-1", "999999")
    cred = credential(session, person)
    assert cred.locked_until is not None and cred.locked_until > clock.now() + dt.timedelta(minutes=14)
    with pytest.raises(SignInFailed):
        accounts.sign_in_person(session, "D-TEST-1", "482915")
    # After the lock expires, the right code works again and resets the counter.
    set_clock(monkeypatch, cred.locked_until + dt.timedelta(seconds=1))
    assert accounts.sign_in_person(session, "D-TEST-1", "482915").id == person.id
    assert credential(session, person).failed_attempts == 0


def test_failures_below_the_threshold_do_not_lock(session):
    person = activated_person(session)
    for _ in range(4):
        with pytest.raises(SignInFailed):
            accounts.sign_in_person(session, "D-TEST-1", "999999")
    assert credential(session, person).failed_attempts == 4
    assert accounts.sign_in_person(session, "D-TEST-1", "482915").id == person.id


def test_failure_count_survives_the_unit_of_work(engine, clean_db):
    """The counter is committed even though the sign-in raises (a rollback must not erase it)."""
    with session_scope(engine) as session:
        person = activated_person(session)
    with pytest.raises(SignInFailed):
        with session_scope(engine) as session:
            accounts.sign_in_person(session, "D-TEST-1", "000001")
    with session_scope(engine) as session:
        assert credential(session, person).failed_attempts == 1


def test_unknown_identifier_wrong_code_and_lock_give_the_same_answer(session):
    activated_person(session)
    answers = []
    for identifier, code in (("D-NOBODY", "482915"), ("D-TEST-1", "111112")):
        with pytest.raises(SignInFailed) as info:
            accounts.sign_in_person(session, identifier, code)
        answers.append((type(info.value), str(info.value)))
    for _ in range(5):
        with pytest.raises(SignInFailed):
            accounts.sign_in_person(session, "D-TEST-1", "111112")
    with pytest.raises(SignInFailed) as info:
        accounts.sign_in_person(session, "D-TEST-1", "482915")
    answers.append((type(info.value), str(info.value)))
    assert len(set(answers)) == 1


def test_nothing_about_the_secret_is_logged(session, caplog):
    caplog.set_level("DEBUG")
    activated_person(session)
    for _ in range(6):
        with pytest.raises(SignInFailed):
            accounts.sign_in_person(session, "D-TEST-1", "731904")
    assert "731904" not in caplog.text and "D-TEST-1" not in caplog.text


def test_not_yet_activated_person_cannot_sign_in(session):
    make_person(session)
    with pytest.raises(SignInFailed):
        accounts.sign_in_person(session, "D-TEST-1", "")


def test_activation_code_is_single_use(session):
    person = make_person(session)
    issued = accounts.issue_activation_code(session, Actor.system(), person.id)
    session.commit()
    accounts.activate(session, "D-TEST-1", issued.code, "12/04/1988", "482915", "482915")
    with pytest.raises(ActivationFailed):
        accounts.activate(session, "D-TEST-1", issued.code, "12/04/1988", "572816", "572816")
    assert accounts.sign_in_person(session, "D-TEST-1", "482915").id == person.id


def test_activation_code_expires_after_ten_days(session):
    person = make_person(session)
    issued = accounts.issue_activation_code(session, Actor.system(), person.id)
    session.commit()
    assert issued.expires_at - clock.now() > dt.timedelta(days=9, hours=23)
    cred = credential(session, person)
    cred.activation_expires_at = clock.now() - dt.timedelta(minutes=1)
    session.add(cred)
    session.commit()
    with pytest.raises(ActivationFailed):
        accounts.activate(session, "D-TEST-1", issued.code, "12/04/1988", "482915", "482915")


def test_activation_needs_the_right_birth_date(session):
    person = make_person(session)
    issued = accounts.issue_activation_code(session, Actor.system(), person.id)
    session.commit()
    with pytest.raises(ActivationFailed):
        accounts.activate(session, "D-TEST-1", issued.code, "13/04/1988", "482915", "482915")
    assert credential(session, person).failed_attempts == 1
    assert credential(session, person).secret_hash is None


def test_new_activation_code_replaces_the_old_one_and_resets_a_forgotten_code(session):
    person = activated_person(session)
    first = accounts.issue_activation_code(session, Actor.system(), person.id)
    second = accounts.issue_activation_code(session, Actor.system(), person.id)
    session.commit()
    with pytest.raises(ActivationFailed):
        accounts.activate(session, "D-TEST-1", first.code, "12/04/1988", "572816", "572816")
    accounts.activate(session, "D-TEST-1", second.code.lower().replace("-", " "), "1988-04-12", "572816",
                      "572816")
    with pytest.raises(SignInFailed):
        accounts.sign_in_person(session, "D-TEST-1", "482915")
    assert accounts.sign_in_person(session, "D-TEST-1", "572816").id == person.id


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"new_code": "12345"}, {"new_code": "error.code.digits"}),
        ({"new_code": "12a456", "confirm": "12a456"}, {"new_code": "error.code.digits"}),
        ({"new_code": "123456", "confirm": "123456"}, {"new_code": "error.code.too_simple"}),
        ({"new_code": "12041988", "confirm": "12041988"}, {"new_code": "error.code.too_simple"}),
        ({"confirm": "482916"}, {"confirm": "error.code.mismatch"}),
        ({"birth_date": "1988/04/12"}, {"birth_date": "error.date.format"}),
        ({"activation_code": "ABC"}, {"activation_code": "error.activation.format"}),
        ({"identifier": " "}, {"identifier": "error.required"}),
    ],
)
def test_bad_activation_input_is_reported_per_field_and_changes_nothing(session, fields, expected):
    person = make_person(session)
    issued = accounts.issue_activation_code(session, Actor.system(), person.id)
    session.commit()
    values = {"identifier": "D-TEST-1", "activation_code": issued.code, "birth_date": "12/04/1988",
              "new_code": "482915", "confirm": "482915", **fields}
    with pytest.raises(FieldErrors) as info:
        accounts.activate(session, **values)
    assert info.value.errors == expected
    cred = credential(session, person)
    assert cred.secret_hash is None and cred.failed_attempts == 0 and cred.activation_code_hash


def test_professional_sign_in_and_deactivation(session):
    org = make_org(session)
    pro = make_pro(session, org, roles=("referent", "accueil"))
    actor = accounts.sign_in_professional(session, " PRO@example.invalid ", "un-mot-de-passe-long")
    assert actor.roles == {"referent", "accueil"} and actor.organisation_id == org.id
    pro.active = False
    session.add(pro)
    session.commit()
    assert accounts.refresh_actor(session, actor) is None
    with pytest.raises(SignInFailed):
        accounts.sign_in_professional(session, "pro@example.invalid", "un-mot-de-passe-long")


def test_professional_password_needs_twelve_characters(session):
    org = make_org(session)
    with pytest.raises(FieldErrors) as info:
        make_pro(session, org, password="trop-court")
    assert info.value.errors == {"password": "error.password.short"}


def test_hash_is_upgraded_at_sign_in_when_parameters_change(session):
    person = make_person(session)
    weak = secrets.build_context(argon2__memory_cost=128, argon2__rounds=2)
    session.add(Credential(beneficiary_id=person.id, secret_hash=secrets.hash_secret("482915", weak)))
    session.commit()
    accounts.sign_in_person(session, "D-TEST-1", "482915")
    upgraded = credential(session, person).secret_hash
    params = get_settings().argon2_params
    assert upgraded.startswith("$argon2id$") and "m=128,t=2" not in upgraded
    assert f"m={params['argon2__memory_cost']},t={params['argon2__rounds']}" in upgraded
    assert accounts.sign_in_person(session, "D-TEST-1", "482915").id == person.id


def test_hashes_are_argon2id_and_peppered(session):
    person = activated_person(session)
    stored = credential(session, person).secret_hash
    assert stored.startswith("$argon2id$")
    assert not secrets.context().verify("482915", stored)  # the raw code alone does not match


def test_only_allowed_professionals_issue_activation_codes(session):
    org, other = make_org(session), make_org(session, "ORG2", "association")
    person = make_person(session, org=org)
    referent_elsewhere = accounts.actor_for_professional(session, make_pro(session, other))
    coordinator = accounts.actor_for_professional(
        session, make_pro(session, org, roles=("coordinateur",), email="c@example.invalid"))
    own_referent = accounts.actor_for_professional(session, make_pro(session, org, email="r@example.invalid"))
    accueil = accounts.actor_for_professional(
        session, make_pro(session, other, roles=("accueil",), email="a@example.invalid"))
    for denied in (referent_elsewhere, coordinator, accounts.actor_for_beneficiary(person)):
        with pytest.raises(PermissionDenied):
            accounts.issue_activation_code(session, denied, person.id)
    for allowed in (own_referent, accueil):
        assert accounts.issue_activation_code(session, allowed, person.id).code


def test_parallel_guesses_cannot_exceed_the_lockout_threshold(engine, clean_db, monkeypatch):
    """Twelve simultaneous wrong guesses: at most five comparisons run, then the account is locked."""
    import threading

    with session_scope(engine) as session:
        person = activated_person(session)
    comparisons = []
    real_verify = secrets.verify_secret

    def counting_verify(secret, stored):
        comparisons.append(secret)
        return real_verify(secret, stored)

    monkeypatch.setattr(secrets, "verify_secret", counting_verify)
    barrier = threading.Barrier(12)
    outcomes = []

    def guess(n: int) -> None:
        barrier.wait()
        try:
            with session_scope(engine) as session:
                accounts.sign_in_person(session, "D-TEST-1", f"{700000 + n * 7919}")
            outcomes.append("in")
        except SignInFailed:
            outcomes.append("refused")

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("refused") == 12
    assert len(comparisons) <= 5
    with session_scope(engine) as session:
        assert credential(session, person).locked_until > clock.now()
        with pytest.raises(SignInFailed):
            accounts.sign_in_person(session, "D-TEST-1", "482915")


# --- where a failing identifier stands (wave-2 defect 3) ---------------------------------------------


def _standing_after(session, identifier: str, code: str):
    with pytest.raises(SignInFailed) as failed:
        accounts.sign_in_person(session, identifier, code)
    return failed.value.attempts_left, failed.value.paused_until


@pytest.mark.parametrize("identifier", ["D-TEST-1", "D-INCONNU-9"], ids=["known", "unknown"])
def test_failures_say_the_tries_left_then_until_when_sign_in_is_paused(session, monkeypatch, identifier):
    """The same answers for a known account and an unknown identifier: 4, 3, 2, 1 tries left, then paused
    for 15 minutes, the right code included; afterwards the right code works (for the known one)."""
    activated_person(session)
    start = clock.now()
    set_clock(monkeypatch, start)
    assert [_standing_after(session, identifier, "999999") for _ in range(4)] == [
        (4, None), (3, None), (2, None), (1, None)]
    assert _standing_after(session, identifier, "999999") == (None, start + dt.timedelta(minutes=15))
    assert _standing_after(session, identifier, "482915") == (None, start + dt.timedelta(minutes=15))
    set_clock(monkeypatch, start + dt.timedelta(minutes=15, seconds=1))
    if identifier == "D-TEST-1":
        assert accounts.sign_in_person(session, identifier, "482915").kind == "beneficiary"
    else:
        assert _standing_after(session, identifier, "482915") == (4, None)


def test_the_throttle_keeps_a_digest_of_the_identifier_and_forgets_it_at_the_next_success(session):
    activated_person(session)
    for typed in ("d-test-1", " D-TEST-1 "):  # one identifier, however it is typed
        _standing_after(session, typed, "999999")
    [row] = session.exec(select(SignInThrottle)).all()
    assert row.failures == 2 and "TEST" not in row.identifier_sha256.upper()
    accounts.sign_in_person(session, "D-TEST-1", "482915")
    session.commit()
    assert session.exec(select(SignInThrottle)).all() == []
    assert _standing_after(session, "D-TEST-1", "999999") == (4, None)  # counting starts again


def test_a_professional_is_told_the_same_way(session):
    make_pro(session, make_org(session))
    lefts = []
    for _ in range(5):
        with pytest.raises(SignInFailed) as failed:
            accounts.sign_in_professional(session, "pro@example.invalid", "pas-le-bon-mot-de-passe")
        lefts.append(failed.value.attempts_left)
    assert lefts == [4, 3, 2, 1, None] and failed.value.paused_until is not None
    with pytest.raises(SignInFailed) as failed:  # the right password, typed in capitals: the same pause
        accounts.sign_in_professional(session, "PRO@example.invalid", "un-mot-de-passe-long")
    assert failed.value.paused_until is not None
