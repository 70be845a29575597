"""Issue 17 through the real app.py (AppTest): « Campagnes d'invitation » (the accueil counts, sends,
prints the letters; refusals said next to their field with nothing written; not a référent's page), the
activation page opened by a personal link (number filled in, no activation code, birth date still
asked, a used or unknown link said in French), « Mes données » (the messages the person accepts, « Qui
m'a écrit ») and the campaigns' section of the pilotage page (small counts masked)."""

from __future__ import annotations

import datetime as dt
import html
import re

from sqlalchemy import func, update
from sqlmodel import Session, select

from dossier import accounts, clock, formatting, invitations, messaging
from dossier.accounts import INVITATION_QUERY_KEY
from dossier.labels import t
from dossier.pilotage import masked_count_and_rate
from pages.campaigns import RECENT_DAYS
from storage.engine import session_scope
from storage.models import Beneficiary, Credential, Invitation, InvitationCampaign, OutboxMessage
from storage.vocabulary import OutboxChannel, OutboxKind, OutboxStatus
from tests.support.apptest import (
    app,
    as_professional,
    assert_ok,
    click,
    errors_after,
    field_errors,
    fill,
    has_actor,
    k,
    messages,
    page_links,
    person_on,
    pro_on,
    request_page,
    screen,
    served,
    shown,
    walk,
)
from tests.support.domain import CLAIRE, LUCAS, MARC, NEW_CODE, PERSON, person, pro_actor, set_clock
from tests.support.messaging import Recorder, sms_hour_at_or_before

TOWN = "Testville-Pages"  # the people these tests make; demo people live in other communes
CAMPAIGN = "Entrées de décembre"
BORN = dt.date(1990, 1, 2)
ROW = re.compile(r"<tr>(.*?)</tr>")
CELL = re.compile(r"<td>(.*?)</td>")
_made = iter(range(1, 10_000))


def newcomer(session: Session, *, phone: str | None = None, email: str | None = None,
             commune: str = TOWN) -> Beneficiary:
    n = next(_made)
    now = clock.now()
    person = Beneficiary(dossier_number=f"P2026-{n:05d}", last_name="Essai", first_name=f"Page{n}",
                         birth_date=BORN, phone=phone, email=email, rsa_entry_date=clock.today() - dt.timedelta(days=5),
                         commune=commune, created_at=now, updated_at=now)
    session.add(person)
    session.flush()
    return person


def four_people(engine) -> dict[str, int]:
    """One reached by SMS, one by e-mail, one with a landline (a letter, and reported), one with neither."""
    with session_scope(engine) as session:
        made = {"sms": newcomer(session, phone="06 12 34 56 78"), "email": newcomer(session, email="a@exemple.invalid"),
                "landline": newcomer(session, phone="03 99 00 00 00"), "none": newcomer(session)}
        return {name: p.id for name, p in made.items()}


def written(engine) -> tuple[int, int, int]:
    """Campaigns, invitations and invitation messages in the store."""
    with Session(engine) as session:
        return (session.exec(select(func.count()).select_from(InvitationCampaign)).one(),
                session.exec(select(func.count()).select_from(Invitation)).one(),
                session.exec(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.invitation_id.is_not(None))).one())


def campaigns_page(engine, email: str = LUCAS):
    at = pro_on(engine, email, "campagnes")
    assert [e.value for e in at.title] == [t("campaign.title")]
    return at


def choose_town(at, town: str = TOWN):
    at.selectbox(key=k(at, "campaign_commune")).select(town).run()
    assert_ok(at)
    return at


def html_rows(at, kind: str = "markdown") -> list[list[str]]:
    """The body rows of every HTML table on screen (st.markdown or st.html), cells unescaped."""
    bodies = [str(node.value) if kind == "markdown" else node.proto.body
              for node in walk(at.main) if getattr(node, "type", "") == kind]
    tables = [b for b in bodies if "<table>" in b]
    return [[html.unescape(c) for c in CELL.findall(r)] for b in tables for r in ROW.findall(b) if "<td>" in r]


# --- « Campagnes d'invitation » ----------------------------------------------------------------------


def test_the_accueil_counts_sends_sees_the_campaign_and_prints_the_letters(demo, served_files):
    ids = four_people(demo)
    at = campaigns_page(demo)
    assert t("campaign.list.none") in shown(at)
    assert t("campaign.send") not in [b.label for b in at.button]  # counts first
    fill(at, campaign_name=CAMPAIGN)
    at = choose_town(at)
    at = click(at, t("campaign.preview"))
    assert_ok(at)
    assert t("campaign.reach", people="4", sms="1", email="1", letter="2") in at.info.values
    assert t("campaign.invalid_numbers", count="1") in at.warning.values
    assert t("campaign.no_sms_provider") in at.warning.values  # the tests configure no SMS provider
    assert t("campaign.no_smtp") in at.warning.values
    assert written(demo) == (0, 0, 0)  # counting writes nothing

    at = click(at, t("campaign.send"))
    assert_ok(at)
    assert at.info.values[0] == t("campaign.sent", people="4")
    assert at.text_input(key=k(at, "campaign_name")).value == ""  # ready for the next one
    with Session(demo) as session:
        [campaign] = session.exec(select(InvitationCampaign)).all()
        assert (campaign.name, campaign.commune) == (CAMPAIGN, TOWN)
        invited = session.exec(select(Invitation.beneficiary_id).where(Invitation.campaign_id == campaign.id)).all()
        assert sorted(invited) == sorted(ids.values())
        queued = {(m.beneficiary_id, m.channel, m.kind) for m in session.exec(
            select(OutboxMessage).where(OutboxMessage.invitation_id.is_not(None)))}
    assert queued == {(ids["sms"], OutboxChannel.SMS, OutboxKind.INVITATION),
                      (ids["email"], OutboxChannel.EMAIL, OutboxKind.INVITATION)}
    row = t("campaign.row", name=CAMPAIGN, date=formatting.date(campaign.created_at), people="4")
    assert row in shown(at)
    assert t("campaign.list.none") not in shown(at)

    assert not at.get("download_button")
    at = at.button(key=k(at, f"campaign_letters_{campaign.id}")).click().run()
    assert_ok(at)
    [download] = at.get("download_button")
    assert download.proto.label == t("campaign.letters")
    pdf = served(served_files, download.proto.url)
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 2  # the landline and the one with neither
    assert t("campaign.letters.renewed") in [c.value for c in at.caption]


def test_a_campaign_where_everyone_has_a_phone_or_an_e_mail_has_no_letter_to_print(demo):
    with session_scope(demo) as session:
        newcomer(session, phone="0612345678")
    at = campaigns_page(demo)
    fill(at, campaign_name=CAMPAIGN)
    at = click(click(choose_town(at), t("campaign.preview")), t("campaign.send"))
    with Session(demo) as session:
        campaign_id = session.exec(select(InvitationCampaign.id)).one()
    at = at.button(key=k(at, f"campaign_letters_{campaign_id}")).click().run()
    assert_ok(at)
    assert t("campaign.letters.none") in shown(at)
    assert not at.get("download_button")


def test_an_empty_name_is_refused_next_to_the_field_and_nothing_is_written(demo):
    four_people(demo)
    at = campaigns_page(demo)
    fill(at, campaign_name="   ")
    at = click(choose_town(at), t("campaign.preview"))
    at = click(at, t("campaign.send"))
    assert_ok(at)
    assert errors_after(at, k(at, "campaign_name")) == [t("error.required")]
    assert messages(at)["error"] == [t("error.summary", count=1), t("error.required")]  # summary, then the field
    assert t("campaign.sent", people="4") not in at.info.values
    assert written(demo) == (0, 0, 0)
    assert t("campaign.list.none") in shown(at)


def test_too_long_a_name_is_kept_in_the_field_and_refused_next_to_it(demo):
    """No max_chars on the widget (the browser would silently drop a pasted name over it): the service's
    limit is said under the field, the text left there to shorten."""
    four_people(demo)
    at = campaigns_page(demo)
    assert not at.text_input(key=k(at, "campaign_name")).max_chars
    pasted = ("Entrées de décembre, Vallée Verte " * 5)[:130]
    fill(at, campaign_name=pasted)
    at = click(click(choose_town(at), t("campaign.preview")), t("campaign.send"))
    assert_ok(at)
    assert errors_after(at, k(at, "campaign_name")) == [t("error.campaign.name_long")]
    assert at.text_input(key=k(at, "campaign_name")).value == pasted
    assert written(demo) == (0, 0, 0)


def test_a_period_that_ends_before_it_starts_is_refused_next_to_the_field_and_nothing_is_written(demo):
    four_people(demo)
    at = campaigns_page(demo)
    fill(at, campaign_name=CAMPAIGN)
    at = choose_town(at)
    at.date_input(key=k(at, "campaign_entry_from")).set_value(clock.today())
    at.date_input(key=k(at, "campaign_entry_to")).set_value(clock.today() - dt.timedelta(days=10))
    at = click(at, t("campaign.preview"))
    assert_ok(at)
    assert errors_after(at, k(at, "campaign_entry_to")) == [t("error.campaign.period")]
    assert not [v for v in at.info.values if v.startswith("4 personne")]  # no counts
    assert t("campaign.send") not in [b.label for b in at.button]
    assert written(demo) == (0, 0, 0)


def test_choices_changed_after_counting_must_be_counted_again_before_sending(demo):
    """Counted for one commune, then the commune changed: the counts on screen and « Envoyer les
    invitations » must never stand for another audience than the one they were made on."""
    four_people(demo)
    at = campaigns_page(demo)
    fill(at, campaign_name=CAMPAIGN)
    at = click(choose_town(at), t("campaign.preview"))
    counted = t("campaign.reach", people="4", sms="1", email="1", letter="2")
    assert counted in at.info.values and t("campaign.send") in [b.label for b in at.button]
    at = choose_town(at, "")  # « Toutes les communes »: the whole territory
    assert counted not in at.info.values
    assert t("campaign.send") not in [b.label for b in at.button]
    at = click(at, t("campaign.preview"))
    with Session(demo) as session:
        everyone = invitations.preview(session, pro_actor(session, LUCAS), invitations.Audience(
            entry_from=clock.today() - dt.timedelta(days=RECENT_DAYS), entry_to=clock.today()))  # the default period
    assert everyone.people > 4
    assert at.info.values == [t("campaign.reach", people=formatting.integer(everyone.people),
                                sms=formatting.integer(everyone.by_sms), email=formatting.integer(everyone.by_email),
                                letter=formatting.integer(everyone.by_letter))]
    assert t("campaign.send") in [b.label for b in at.button]
    at.date_input(key=k(at, "campaign_entry_from")).set_value(clock.today())
    at.date_input(key=k(at, "campaign_entry_to")).set_value(clock.today() - dt.timedelta(days=10)).run()
    assert_ok(at)
    assert t("campaign.send") not in [b.label for b in at.button] and not at.info.values
    at = click(at, t("campaign.preview"))
    assert errors_after(at, k(at, "campaign_entry_to")) == [t("error.campaign.period")]
    assert written(demo) == (0, 0, 0)


def test_a_referent_has_no_campaign_page_not_even_by_its_address(demo):
    at = as_professional(demo, CLAIRE)
    assert t("nav.campaigns") not in page_links(at)
    assert "campagnes" not in page_links(at).values()
    at = request_page(at, "campagnes")
    assert_ok(at)
    assert [e.value for e in at.title] == [t("denied.page.title")]
    assert at.error.values == [t("denied.page")]
    assert t("campaign.title") not in screen(at) and t("campaign.preview") not in screen(at)


def test_the_coordinator_has_the_campaign_page(demo):
    at = as_professional(demo, MARC)
    assert page_links(at)[t("nav.campaigns")] == "campagnes"
    campaigns_page(demo, MARC)


# --- the activation page opened by the personal link -------------------------------------------------


def invited_person(engine) -> tuple[str, str]:
    """A person invited by a campaign's SMS: (dossier number, the token of the link in the message)."""
    with session_scope(engine) as session:
        someone = newcomer(session, phone="0612345678", commune="Lienville")
        invitations.launch(session, pro_actor(session, LUCAS), "Lien", invitations.Audience(commune="Lienville"))
        link = session.exec(select(OutboxMessage.link).where(OutboxMessage.beneficiary_id == someone.id)).one()
        return someone.dossier_number, link.split(f"{INVITATION_QUERY_KEY}=", 1)[1]


def by_link(token: str):
    at = app()
    at.query_params[INVITATION_QUERY_KEY] = token
    at = request_page(at, "activation")
    assert_ok(at)
    return at


def activate_by_link(at, birth_date: str, code: str = NEW_CODE):
    fill(at, activate_birth_date=birth_date, activate_new_code=code, activate_confirm=code)
    at = click(at, t("activate.submit"))
    assert_ok(at)
    return at


def test_the_link_fills_in_the_number_and_asks_no_activation_code(demo):
    number, token = invited_person(demo)
    at = by_link(token)
    assert [e.value for e in at.title] == [t("activate.title")]
    assert t("activate.link.intro") in shown(at) and t("activate.intro") not in shown(at)
    assert at.text_input(key=k(at, "activate_identifier")).value == number
    assert [w.key for w in at.text_input] == [k(at, f"activate_{f}") for f in
                                              ("identifier", "birth_date", "new_code", "confirm")]
    assert at.text_input(key=k(at, "activate_birth_date")).value == ""  # still asked
    assert not has_actor(at)
    assert at.query_params[INVITATION_QUERY_KEY] == token  # kept until it has served: a reload works
    with Session(demo) as session:
        invitation = session.exec(select(Invitation)).one()
        assert invitation.opened_at is not None and invitation.used_at is None


def test_the_right_birth_date_and_a_code_sign_the_person_in(demo):
    number, token = invited_person(demo)
    at = activate_by_link(by_link(token), formatting.date(BORN))
    assert has_actor(at)
    someone = person(demo, number)
    assert at.session_state["actor"].id == someone.id
    assert [e.value for e in at.title] == [t("home.person.hello", first_name=someone.first_name,
                                             last_name=someone.last_name)]
    assert t("activate.done") in at.info.values
    assert INVITATION_QUERY_KEY not in at.query_params  # the link has served
    with Session(demo) as session:
        stored = session.exec(select(Credential).where(Credential.beneficiary_id == someone.id)).one()
        assert stored.secret_hash and stored.activated_at is not None
        assert session.exec(select(Invitation)).one().used_at is not None
    with Session(demo) as session:
        assert accounts.sign_in_person(session, number, NEW_CODE).id == someone.id
    again = by_link(token)  # the same link once more: it has served
    assert t("activate.link.refused") in again.warning.values


def test_a_wrong_birth_date_is_refused_in_french_and_the_form_stays(demo):
    number, token = invited_person(demo)
    at = activate_by_link(by_link(token), "03/01/1990")
    assert not has_actor(at)
    assert [e.value for e in at.title] == [t("activate.title")]
    assert field_errors(at) == {"_top": [t("activate.failed")]}
    assert at.text_input(key=k(at, "activate_identifier")).value == number
    assert at.text_input(key=k(at, "activate_birth_date")).value == "03/01/1990"  # kept for correction
    assert at.text_input(key=k(at, "activate_new_code")).value == ""  # never kept
    assert t("activate.link.intro") in shown(at)  # still the link's form
    assert k(at, "activate_activation_code") not in [w.key for w in at.text_input]
    assert at.query_params[INVITATION_QUERY_KEY] == token
    with Session(demo) as session:
        assert session.exec(select(Invitation)).one().used_at is None
        someone = session.exec(select(Beneficiary).where(Beneficiary.dossier_number == number)).one()
        stored = session.exec(select(Credential).where(Credential.beneficiary_id == someone.id)).one()
        assert stored.secret_hash is None and stored.failed_attempts == 1
    at = activate_by_link(at, formatting.date(BORN))  # corrected: it works
    assert has_actor(at)


def test_an_unknown_link_says_it_no_longer_works_and_offers_the_code_form(demo):
    at = by_link("not-a-token-anyone-was-given")
    assert t("activate.link.refused") in at.warning.values
    assert t("activate.link.refused").startswith("Ce lien ne marche plus")
    assert t("activate.intro") in shown(at)
    assert k(at, "activate_activation_code") in [w.key for w in at.text_input]
    assert at.text_input(key=k(at, "activate_identifier")).value == ""
    assert INVITATION_QUERY_KEY not in at.query_params
    assert not has_actor(at)


# --- « Mes données » ------------------------------------------------------------------------------------


def test_my_data_records_the_refusal_of_sms_and_lists_who_wrote(demo):
    me = person(demo, PERSON)
    with session_scope(demo) as session:
        assert messaging.enqueue(session, dedupe_key="page-sms", person_id=me.id, kind=OutboxKind.INVITATION,
                                 channel=OutboxChannel.SMS, recipient="+33612345678", subject="", body="Invitation")
        assert messaging.enqueue(session, dedupe_key="page-mail", person_id=me.id, kind=OutboxKind.REMINDER,
                                 channel=OutboxChannel.EMAIL, recipient="d@exemple.invalid", subject="Rappel",
                                 body="Rappel")
        session.execute(update(OutboxMessage).where(OutboxMessage.dedupe_key == "page-mail")
                        .values(status=OutboxStatus.SENT, sent_at=clock.now()))
    at = person_on(demo, "mes-donnees")
    assert t("mydata.contact.title") in shown(at) and t("mydata.messages.title") in shown(at)
    sms = at.toggle(key=k(at, "contact_sms"))
    assert sms.label == t("mydata.contact.sms") and sms.value is True
    assert at.toggle(key=k(at, "contact_email")).value is True
    rows = html_rows(at, "html")
    assert [t("channel.sms"), t("outbox.kind.invitation"), t("outbox.status.pending")] in [r[1:] for r in rows]
    assert [t("channel.email"), t("outbox.kind.reminder"), t("outbox.status.sent")] in [r[1:] for r in rows]

    at.toggle(key=k(at, "contact_sms")).set_value(False).run()
    assert_ok(at)
    assert t("mydata.contact.saved") in [toast.value for toast in at.toast]
    refused = person(demo, PERSON)
    assert refused.sms_opt_out_at is not None and refused.email_opt_out_at is None
    with Session(demo) as session:
        waiting = session.exec(select(OutboxMessage).where(OutboxMessage.dedupe_key == "page-sms")).one()
        assert (waiting.status, waiting.last_error) == (OutboxStatus.CANCELLED, "opted_out")
        expected = messaging.messages_to(session, accounts.actor_for_beneficiary(refused), refused.id)
    assert at.toggle(key=k(at, "contact_sms")).value is False
    rows = html_rows(at, "html")
    assert [t("channel.sms"), t("outbox.kind.invitation"), t("outbox.status.cancelled")] in [r[1:] for r in rows]
    assert rows == [[formatting.datetime(m.at), t(f"channel.{m.channel}"), t(f"outbox.kind.{m.kind}"),
                     t(f"outbox.status.{m.status}")] for m in expected]

    at.toggle(key=k(at, "contact_sms")).set_value(True).run()  # changes their mind
    assert_ok(at)
    assert person(demo, PERSON).sms_opt_out_at is None


# --- pilotage -----------------------------------------------------------------------------------------


def test_the_pilotage_page_shows_each_campaign_with_small_counts_masked(demo, monkeypatch):
    moment = sms_hour_at_or_before(clock.now())
    with monkeypatch.context() as frozen:
        set_clock(frozen, moment)
        with session_scope(demo) as session:
            for n in range(6):
                newcomer(session, phone=f"07 00 00 00 0{n}", commune="Grandbourg")
            newcomer(session, commune="Petitbourg")
            newcomer(session, commune="Petitbourg")
            lucas = pro_actor(session, LUCAS)
            invitations.launch(session, lucas, "Grande campagne", invitations.Audience(commune="Grandbourg"))
            invitations.launch(session, lucas, "Petite campagne", invitations.Audience(commune="Petitbourg"))
        with Session(demo) as session:
            invitations.send_outbox(session, sms=Recorder(), email=Recorder())
            links = session.exec(select(OutboxMessage.link).where(OutboxMessage.kind == OutboxKind.INVITATION)
                                 .order_by(OutboxMessage.id)).all()
            for link in links[:2]:  # two of the six open their link
                assert accounts.open_invitation(session, link.split("invitation=")[1])
            session.commit()
    at = pro_on(demo, MARC, "indicateurs")
    assert t("pilotage.section.campaigns") in [s.value for s in at.subheader]
    rows = {tuple(r[:2]): r[2:] for r in html_rows(at) if r[0] in ("Grande campagne", "Petite campagne")}
    hidden = t("pilotage.masked.count")
    assert set(rows) == {("Grande campagne", t("channel.sms")), ("Petite campagne", t("channel.courrier"))}
    big = rows[("Grande campagne", t("channel.sms"))]
    small = rows[("Petite campagne", t("channel.courrier"))]
    # invited, opened (2 of them: not shown), activated, booked, booked online (with its rate), honoured, delay
    assert big == ["6", hidden, "0", "0", masked_count_and_rate(0, 6), "0", "—"]
    assert small == [hidden, "0", "0", "0", "0", "0", "—"]  # 2 invited: not shown, and no rate on so few
    assert not any("2" in cell for cell in big + small)
    assert len(at.get("download_button")) == 8  # the campaigns' table has its CSV too, and the zones blanches
