"""« Mes partages », « Qui a consulté », « Mes données » and « Accès exceptionnel » through AppTest, on
the demo data: the person gives and withdraws with one tap, the structure's very next read follows the
decision, every read is listed for the person (newest first, exceptional ones in red), the person takes
their whole file away, and a référent of another structure reads by consent or by an exceptional access,
never editing.

Everything is checked twice: on screen (texts from dossier.labels) and in the database.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import time

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dossier import clock, formatting
from dossier.access import EXCEPTIONAL_PURPOSE
from dossier.access import PURPOSE as READ_PURPOSE
from dossier.accounts import actor_for_beneficiary
from dossier.labels import t
from dossier.people._exceptional import DURATION
from dossier.policy import HEALTH_DENIED, NOT_SHARED, Basis, Category
from dossier.roadmap import add_goal, load_roadmap
from dossier.sharing import Recipient, give
from dossier.sharing._consent import VALIDITY_DAYS
from storage.engine import session_scope
from storage.models import AccessLog, Consent, ConsentWithdrawal, ExceptionalAccess
from tests.support.apptest import (
    DOSSIER_RE,
    as_person,
    as_professional,
    assert_ok,
    choose,
    errors_after,
    goal_titles,
    page,
    page_links,
    person_on,
    press,
    pro_on,
    request_page,
    screen,
    served,
    shown,
    tap,
    toggle_key,
)
from tests.support.domain import (
    ACCUEIL,
    EXCEPTIONAL_REASON,
    JOB_GOAL,
    JULIE,
    MOVE_GOAL,
    NICOLAS,
    PERMIT_SITUATION,
    PERSON,
    REFERENT,
    THEO,
    YANIS,
    consents,
    count,
    expected_consultation_cards,
    organisation,
    person,
    pro_actor_from_engine,
    reads,
    set_clock,
)

NAME_HIDDEN = NICOLAS  # shares « Ma situation » with every mission locale, not who he is
STRANGER = YANIS  # followed by the mission locale: nothing shared with France Travail
HEALTH_GOAL = "Prendre soin de moi"
PERSON_ONLY_URLS = ["partages", "consultations", "mes-donnees"]
PERSON_ONLY_LINKS = {t("nav.sharing"), t("nav.consulted"), t("nav.export")}

# --- helpers -------------------------------------------------------------------------------------


def toggles_of(at: AppTest, prefix: str) -> dict[str, bool]:
    """The switches of one recipient (its key prefix), label -> value, in page order."""
    return {w.label: w.value for w in at.toggle if w.key.startswith(prefix)}


def withdrawal(engine, consent_id: int) -> ConsentWithdrawal | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.get(ConsentWithdrawal, consent_id)


def julie_reads_roadmap(engine, number: str = PERSON) -> bool:
    """Julie's `load_roadmap` of the person, through the service (a logged read)."""
    return reads(engine, pro_actor_from_engine(engine, JULIE), load_roadmap, number)


def log_rows(engine, number: str) -> list[AccessLog]:
    """The person's access log, newest first (as the page orders it)."""
    with Session(engine, expire_on_commit=False) as session:
        return list(session.exec(select(AccessLog).where(AccessLog.beneficiary_id == person(engine, number).id)
                                 .order_by(AccessLog.at.desc(), AccessLog.id.desc())))


def day(moment: dt.datetime) -> str:
    return formatting.date(clock.as_paris(moment).date())


def history_line(category: Category, recipient: str, status: str, given: dt.datetime, ended: dt.datetime) -> str:
    return t("sharing.history.line", category=t(f"category.{category.value}"), recipient=recipient,
             status=t(f"consent.status.{status}"), given=day(given),
             ended=t("sharing.history.ended", date=day(ended)))


def history_lines(at: AppTest) -> list[str]:
    expander = next(e for e in at.expander if e.label == t("sharing.history"))
    return [m.value for m in expander.markdown]


def consultation_cards(at: AppTest) -> list[tuple[str, str, str, str]]:
    """(bold line, parts, purpose, verdict) of each card on « Qui a consulté », in page order."""
    texts = [m.value for m in at.main.markdown]
    verdicts = {t("consulted.allowed"), t("consulted.denied")}
    cards = []
    for i, text in enumerate(texts):
        if text.startswith("**") and i + 3 < len(texts) and texts[i + 3] in verdicts:
            cards.append((text.strip("*").replace("\\", ""), texts[i + 1], texts[i + 2], texts[i + 3]))
    return cards


def chooser_options(at: AppTest) -> list[str]:
    return list(at.selectbox(key="chosen_person__0").options)


def listed(engine, number: str, mark_key: str, *, named: bool = True) -> str:
    """How « Personne suivie » shows someone of another structure."""
    p = person(engine, number)
    name = f"{p.last_name.upper()} {p.first_name}" if named else t("dossier.name_hidden")
    return f"{name} — {number}{t(mark_key)}"


def hidden_parts(at: AppTest) -> list[str]:
    return [m for m in at.info.values if m.startswith(f"**{t('hidden.title')}**")]


def hidden_block(lines: list[tuple[Category, str]]) -> str:
    bullets = [t("hidden.line", category=t(f"category.pro.{c.value}"), reason=reason) for c, reason in lines]
    return f"**{t('hidden.title')}**\n\n" + "\n".join(f"- {b}" for b in bullets)


def edit_controls(at: AppTest) -> list[str]:
    """Every control that writes: buttons other than sign-out, text fields, and the forms' selectboxes."""
    found = [b.key for b in at.button if not b.key.startswith("signout")]
    found += [w.key for w in at.text_input] + [w.key for w in at.text_area]
    found += [s.key for s in at.selectbox if s.key != "chosen_person__0"]
    found += [r.key for r in at.radio]
    return found


# --- « Mes partages » ----------------------------------------------------------------------------


def test_sharing_page_shows_the_referent_by_mission_and_each_structure_as_stored(demo):
    cd, ft = organisation(demo, "CD-VV"), organisation(demo, "FT-VV")
    at = person_on(demo, "partages")
    assert [e.value for e in at.title] == [t("sharing.title")]
    assert [s.value for s in at.subheader] == [t("sharing.referent.title", name=cd.name), ft.name, t("sharing.add")]
    # The référent's structure: its legal basis (the mission), not a consent; only the health switch.
    assert t("sharing.referent.basis", basis=Basis.MISSION.value) in at.caption.values
    assert toggles_of(at, f"sharing_org:{cd.id}_") == {t("category.sante"): False}
    # France Travail: one switch per part of the file, on for exactly what David gave it.
    assert toggles_of(at, f"sharing_org:{ft.id}_") == {
        t("category.identite_contact"): True, t("category.situation"): False,
        t("category.feuille_de_route"): True, t("category.rendez_vous"): False, t("category.sante"): False}
    given = [c for cat in (Category.IDENTITY, Category.ROADMAP) for c in consents(demo, PERSON, cat, ft)]
    assert len(given) == 2
    until = [t("sharing.until", date=day(c.valid_until)) for c in given]
    prefix = t("sharing.until", date="\x00").split("\x00")[0]
    assert [c for c in at.caption.values if c.startswith(prefix)] == until
    # D2026-0002's consent to the missions locales is his, not David's.
    assert t("organisation.type.all.mission_locale") not in [s.value for s in at.subheader]
    add = at.selectbox(key="sharing_add__0")
    assert add.value is None and ft.name not in add.options and cd.name not in add.options
    assert t("organisation.type.all.mission_locale") in add.options


def test_turning_off_the_roadmap_for_france_travail_withdraws_and_julie_is_refused(demo):
    ft = organisation(demo, "FT-VV")
    [given] = consents(demo, PERSON, Category.ROADMAP, ft)
    assert julie_reads_roadmap(demo)
    at = person_on(demo, "partages")
    at = tap(at, toggle_key(ft, Category.ROADMAP), False)
    stopped = withdrawal(demo, given.id)
    assert stopped is not None
    assert (stopped.channel, stopped.actor_kind, stopped.actor_id) == ("autonome", "beneficiary",
                                                                       person(demo, PERSON).id)
    assert consents(demo, PERSON, Category.ROADMAP, ft) == [given]  # the receipt itself never changes
    assert at.toggle(key=toggle_key(ft, Category.ROADMAP)).value is False
    assert at.toggle(key=toggle_key(ft, Category.IDENTITY)).value is True
    assert at.info.values[0] == t("sharing.withdrawn", name=ft.name, category=t("category.feuille_de_route"))
    # Effective on France Travail's very next read; "Qui je suis" is still shared.
    assert not julie_reads_roadmap(demo)
    [identity] = consents(demo, PERSON, Category.IDENTITY, ft)
    assert withdrawal(demo, identity.id) is None


def test_turning_it_back_on_gives_a_new_consent_and_the_history_keeps_the_old_one(demo):
    ft = organisation(demo, "FT-VV")
    [old] = consents(demo, PERSON, Category.ROADMAP, ft)
    [identity] = consents(demo, PERSON, Category.IDENTITY, ft)
    at = person_on(demo, "partages")
    at = tap(at, toggle_key(ft, Category.ROADMAP), False)
    assert not julie_reads_roadmap(demo)
    at = tap(at, toggle_key(ft, Category.ROADMAP), True)
    first, new = consents(demo, PERSON, Category.ROADMAP, ft)
    assert first.id == old.id and withdrawal(demo, old.id) is not None
    assert withdrawal(demo, new.id) is None
    assert (new.channel, new.supersedes_id, new.captured_by_kind) == ("autonome", None, "beneficiary")
    assert new.valid_until - new.valid_from == dt.timedelta(days=VALIDITY_DAYS)
    assert at.toggle(key=toggle_key(ft, Category.ROADMAP)).value is True
    assert at.info.values[0] == t("sharing.given", name=ft.name, category=t("category.feuille_de_route"))
    assert julie_reads_roadmap(demo)
    # Every receipt, newest first: the new one in force, the old one stopped on the day it was withdrawn.
    stopped_at = withdrawal(demo, old.id).withdrawn_at
    assert history_lines(at) == [
        history_line(Category.ROADMAP, ft.name, "donne", new.created_at, new.valid_until),
        history_line(Category.ROADMAP, ft.name, "retire", old.created_at, stopped_at),
        history_line(Category.IDENTITY, ft.name, "donne", identity.created_at, identity.valid_until),
    ]
    assert t("consent.status.retire") in history_lines(at)[1]


def test_an_expired_consent_shows_switched_off_and_finished_in_the_history(demo):
    caf = organisation(demo, "CAF-VV")
    david = person(demo, PERSON)
    long_ago = clock.now() - dt.timedelta(days=VALIDITY_DAYS + 30)
    with session_scope(demo) as session:
        give(session, actor_for_beneficiary(david), david.id, Category.SITUATION.value,
             Recipient(organisation_id=caf.id), at=long_ago)
    [old] = consents(demo, PERSON, Category.SITUATION, caf)
    at = person_on(demo, "partages")
    assert caf.name in [s.value for s in at.subheader]  # a structure once chosen stays listed
    assert toggles_of(at, f"sharing_org:{caf.id}_") == {t(f"category.{c.value}"): False for c in Category}
    assert history_line(Category.SITUATION, caf.name, "expire", old.created_at, old.valid_until) in history_lines(at)


def test_a_tap_after_the_idle_timeout_changes_nothing(demo):
    ft = organisation(demo, "FT-VV")
    [given] = consents(demo, PERSON, Category.ROADMAP, ft)
    at = person_on(demo, "partages")
    at.session_state["last_activity"] = time.time() - 10_000
    at = tap(at, toggle_key(ft, Category.ROADMAP), False)
    assert withdrawal(demo, given.id) is None
    assert julie_reads_roadmap(demo)
    assert [e.value for e in at.title] == [t("signin.title")]
    assert "actor" not in at.session_state or at.session_state["actor"] is None


def test_adding_a_structure_without_choosing_one_shows_the_error_next_to_the_field(demo):
    before = count(demo, Consent)
    subheads = [s.value for s in person_on(demo, "partages").subheader]
    at = person_on(demo, "partages")
    at = press(at, "sharing_add_send__0")
    assert errors_after(at, "sharing_add__0") == [t("error.consent.recipient")]
    assert t("error.summary", count=1) in at.error.values
    assert [s.value for s in at.subheader] == subheads
    assert count(demo, Consent) == before


def test_adding_every_mission_locale_then_sharing_the_situation(demo):
    before = count(demo, Consent)
    at = person_on(demo, "partages")
    at = press(at, "sharing_add_send__0")
    at.selectbox(key="sharing_add__0").select("type:mission_locale").run()
    at = press(at, "sharing_add_send__0")
    everyone = t("organisation.type.all.mission_locale")
    assert everyone in [s.value for s in at.subheader]
    assert not at.error  # the earlier error went away
    switches = toggles_of(at, "sharing_type:mission_locale_")
    assert list(switches) == [t(f"category.{c.value}") for c in Category] and not any(switches.values())
    assert count(demo, Consent) == before  # adding a structure shares nothing by itself
    add = at.selectbox(key="sharing_add__0")
    assert add.value is None and everyone not in add.options
    at = tap(at, f"sharing_type:mission_locale_{Category.SITUATION.value}__0", True)
    [given] = consents(demo, PERSON, Category.SITUATION, kind="mission_locale")
    assert (given.recipient_organisation_id, withdrawal(demo, given.id)) == (None, None)
    assert at.info.values[0] == t("sharing.given", name=everyone, category=t("category.situation"))
    # Théo (a mission locale) now finds David, name hidden: "Qui je suis" is not shared with him.
    theo = pro_on(demo, THEO, "diagnostic")
    assert listed(demo, PERSON, "dossier.shared", named=False) in chooser_options(theo)
    david = person(demo, PERSON)
    assert f"{david.last_name.upper()} {david.first_name}" not in "\n".join(chooser_options(theo))


def test_the_health_switch_of_the_referent_structure_lets_claire_read_a_health_goal(demo):
    cd = organisation(demo, "CD-VV")
    david = person(demo, PERSON)
    with session_scope(demo) as session:
        add_goal(session, actor_for_beneficiary(david), david.id, theme_code="sante", label=HEALTH_GOAL)
    claire = pro_actor_from_engine(demo, REFERENT)

    def claire_sees_it() -> bool:
        with session_scope(demo) as session:
            view = load_roadmap(session, claire, david.id)
        return HEALTH_GOAL in {g.label for theme in view.themes for g in theme.goals}

    assert not claire_sees_it()  # her mission never covers health
    at = tap(person_on(demo, "partages"), toggle_key(cd, Category.HEALTH), True)
    [given] = consents(demo, PERSON, Category.HEALTH, cd)
    assert withdrawal(demo, given.id) is None
    assert at.toggle(key=toggle_key(cd, Category.HEALTH)).value is True
    assert claire_sees_it()
    at = tap(at, toggle_key(cd, Category.HEALTH), False)
    assert withdrawal(demo, given.id) is not None
    assert not claire_sees_it()


def test_a_switch_tapped_on_a_kiosk_records_the_kiosk_channel(demo):
    ft = organisation(demo, "FT-VV")
    at = request_page(as_person(demo, PERSON, kiosk=True), "partages")
    assert_ok(at)
    at = tap(at, toggle_key(ft, Category.SITUATION), True)
    [given] = consents(demo, PERSON, Category.SITUATION, ft)
    assert given.channel == "borne"


# --- « Qui a consulté » ---------------------------------------------------------------------------


def test_consultations_list_julies_read_then_her_refusal_newest_first(demo):
    ft = organisation(demo, "FT-VV")
    david = person(demo, PERSON)
    at = person_on(demo, "consultations")
    assert [e.value for e in at.title] == [t("consulted.title")]
    assert t("consulted.empty") in shown(at)
    # Julie opens David's roadmap: allowed, by his consent.
    julie = choose(pro_on(demo, JULIE, "feuille-de-route"), david.id)
    assert JOB_GOAL in screen(julie)
    # David stops sharing it; Julie's next look is refused.
    sharing = tap(person_on(demo, "partages"), toggle_key(ft, Category.ROADMAP), False)
    assert sharing.toggle(key=toggle_key(ft, Category.ROADMAP)).value is False
    julie = request_page(julie, "feuille-de-route")
    assert_ok(julie)
    assert julie.error.values == [t("denied.dossier")]
    assert JOB_GOAL not in screen(julie) and MOVE_GOAL not in screen(julie)
    rows = log_rows(demo, PERSON)
    assert [(r.allowed, r.category, r.organisation_id, r.purpose) for r in rows] == [
        (False, Category.ROADMAP.value, ft.id, READ_PURPOSE), (True, Category.ROADMAP.value, ft.id, READ_PURPOSE)]
    at = request_page(at, "consultations")
    assert_ok(at)
    cards = consultation_cards(at)
    assert cards == expected_consultation_cards(demo, PERSON)
    assert [c[3] for c in cards] == [t("consulted.denied"), t("consulted.allowed")]
    assert all("Julie Roux" in c[0] and ft.name in c[0] and t("category.feuille_de_route") in c[1] for c in cards)
    assert not at.error  # nothing exceptional: nothing in red
    assert t("consulted.empty") not in shown(at)


def test_consultations_show_fifty_then_the_older_ones_on_request(demo, monkeypatch):
    """52 visits (reads 31 minutes apart): fifty, then the older ones on request."""
    start = clock.now() + dt.timedelta(minutes=5)  # after the demo's consent, well within its year
    for n in range(52):
        set_clock(monkeypatch, start + n * dt.timedelta(minutes=31))
        assert julie_reads_roadmap(demo)
    monkeypatch.undo()
    at = person_on(demo, "consultations")
    assert len(consultation_cards(at)) == 50
    more = [b for b in at.button if b.label == t("consulted.more")]
    assert len(more) == 1
    more[0].click().run()
    assert_ok(at)
    cards = consultation_cards(at)
    assert cards == expected_consultation_cards(demo, PERSON) and len(cards) == 52
    assert t("consulted.more") not in [b.label for b in at.button]


def test_a_visit_is_one_line_however_many_times_the_page_reran(demo):
    """Wave-2 defect 6: one référent visit used to show 7 identical lines, one per rerun of her page."""
    for _ in range(7):
        assert julie_reads_roadmap(demo)
    at = person_on(demo, "consultations")
    [card] = consultation_cards(at)
    assert "Julie Roux" in card[0] and card[3] == t("consulted.allowed")
    assert len(log_rows(demo, PERSON)) == 7  # the raw log keeps every read, for audits


# --- « Mes données » ------------------------------------------------------------------------------


def test_my_data_prepares_a_pdf_and_a_json_of_the_whole_file(demo, served_files):
    at = person_on(demo, "mes-donnees")
    assert [e.value for e in at.title] == [t("export.title")]
    assert [b.label for b in at.button if b.key == "export_prepare__0"] == [t("export.prepare")]
    assert not at.get("download_button")
    at = press(at, "export_prepare__0")
    buttons = at.get("download_button")
    assert [b.label for b in buttons] == [t("export.pdf"), t("export.json")]
    assert "export_prepare__0" not in [b.key for b in at.button]
    data = json.loads(served(served_files, buttons[1].proto.url).decode("utf-8"))
    assert data["format"] == "dossier-unique-insertion/1"
    assert [row["dossier_number"] for row in data["tables"]["beneficiary"]] == [PERSON]
    assert at.success.values == [t("export.ready", count=sum(len(rows) for rows in data["tables"].values()))]
    given = {(c["category"], c["recipient_organisation_id"]) for c in data["tables"]["consent"]}
    ft = organisation(demo, "FT-VV")
    assert given == {(Category.IDENTITY.value, ft.id), (Category.ROADMAP.value, ft.id)}
    assert JOB_GOAL in {g["label"] for g in data["tables"]["goal"]}
    text = json.dumps(data, ensure_ascii=False)
    assert "secret_hash" not in text and "activation_code_hash" not in text
    assert set(DOSSIER_RE.findall(text)) == {PERSON}  # nobody else's dossier
    pdf = served(served_files, buttons[0].proto.url)
    assert pdf.startswith(b"%PDF-")
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert t("export.pdf.number", value=PERSON) in pdf_text
    assert JOB_GOAL in pdf_text
    # The files live on this page only: leaving it drops them.
    at = request_page(request_page(at, "accueil"), "mes-donnees")
    assert_ok(at)
    assert not at.get("download_button") and "export_prepare__0" in [b.key for b in at.button]


# --- who may not ----------------------------------------------------------------------------------


@pytest.mark.parametrize("email", [JULIE, REFERENT])
@pytest.mark.parametrize("url_path", PERSON_ONLY_URLS)
def test_professionals_cannot_open_the_person_only_pages(demo, url_path, email):
    at = as_professional(demo, email)
    assert_ok(at)
    assert not PERSON_ONLY_LINKS & set(page_links(at))
    at = request_page(at, url_path)
    assert_ok(at)
    assert [e.value for e in at.title] == [t("denied.page.title")]  # said in French, nothing of the page runs
    assert [w.key for w in at.toggle] == ["with_person_switch"]  # only the header's "avec la personne" switch
    assert not at.get("download_button") and not at.expander
    text = "\n".join(shown(at))
    for foreign in (t("sharing.title"), t("consulted.title"), t("export.title"), t("sharing.history"),
                    t("sharing.referent.body"), t("category.identite_contact"), t("category.feuille_de_route"),
                    t("consulted.intro"), t("export.prepare")):
        assert foreign not in text
    if email == JULIE:  # David is not in her caseload: nothing of him on her home page
        david = person(demo, PERSON)
        assert PERSON not in text and f"{david.last_name.upper()} {david.first_name}" not in text


@pytest.mark.parametrize("module", ["sharing", "consulted", "my_data"])
def test_person_only_pages_rendered_for_a_professional_are_denied(demo, module):
    at = page(module, pro_actor_from_engine(demo, JULIE)).run()
    assert_ok(at)
    titles = {"sharing": "sharing.title", "consulted": "consulted.title", "my_data": "export.title"}
    assert shown(at) == [t(titles[module]), t("denied")]
    assert not at.toggle and not at.button and not at.get("download_button")


def test_the_exceptional_access_page_is_for_referents_only(demo):
    at = as_professional(demo, ACCUEIL)
    assert t("nav.exceptional") not in page_links(at)
    at = request_page(at, "acces-exceptionnel")
    assert_ok(at)
    assert [e.value for e in at.title] == [t("denied.page.title")] and not at.text_area
    me = person_on(demo, "acces-exceptionnel")
    assert t("nav.exceptional") not in page_links(me)
    assert [e.value for e in me.title] != [t("exceptional.title")] and not me.text_area
    for actor in (pro_actor_from_engine(demo, ACCUEIL), actor_for_beneficiary(person(demo, PERSON))):
        alone = page("exceptional", actor).run()
        assert_ok(alone)
        assert shown(alone) == [t("exceptional.title"), t("denied")]


# --- a structure that reads by consent: read-only, hidden parts said ----------------------------------


def test_julie_reads_davids_roadmap_by_consent_read_only_with_the_hidden_parts(demo):
    david = person(demo, PERSON)
    at = pro_on(demo, JULIE, "feuille-de-route")
    assert listed(demo, PERSON, "dossier.shared") in chooser_options(at)
    at = choose(at, david.id)
    assert [e.value for e in at.title] == [t("roadmap.title.pro")]
    assert goal_titles(at) == [
        t("roadmap.goal.title", label=MOVE_GOAL, status=t("status.en_cours"), done=0, total=1),
        t("roadmap.goal.title", label=JOB_GOAL, status=t("status.en_cours"), done=1, total=2)]
    assert t("hidden.basis", basis=Basis.CONSENT.value) in at.caption.values
    assert hidden_parts(at) == [hidden_block([(Category.SITUATION, NOT_SHARED.reason),
                                              (Category.APPOINTMENTS, NOT_SHARED.reason),
                                              (Category.HEALTH, HEALTH_DENIED.reason)])]
    # Read-only: no status taps, no "Modifier", no new goal or action, no comment, no validation.
    assert edit_controls(at) == []
    labels = [b.label for b in at.button]
    for control in (t("roadmap.edit"), t("roadmap.goal.submit"), t("roadmap.action.submit"),
                    t("validation.confirm.referent"), t("validation.confirm.presence"), t("quick.realisee")):
        assert control not in labels
    assert t("validation.title") not in [s.value for s in at.subheader]


def test_julie_cannot_read_the_diagnostic_and_her_history_leaves_it_out(demo):
    david = person(demo, PERSON)
    at = choose(pro_on(demo, JULIE, "diagnostic"), david.id)
    assert at.error.values == [t("denied.dossier")]
    assert PERMIT_SITUATION not in screen(at)
    assert hidden_parts(at) and t("category.pro.situation") in hidden_parts(at)[0]
    assert edit_controls(at) == []
    at = choose(request_page(at, "historique"), david.id)
    assert_ok(at)
    lines = [m.value for m in at.markdown if m.value.startswith("**")]
    assert any(JOB_GOAL in line for line in lines)  # the roadmap's history, shared
    assert PERMIT_SITUATION not in screen(at)  # the situation's, not shared
    assert hidden_parts(at)


def test_theo_sees_d2026_0002_as_a_hidden_name_and_reads_only_his_situation(demo):
    nicolas = person(demo, NAME_HIDDEN)
    at = pro_on(demo, THEO, "diagnostic")
    options = chooser_options(at)
    assert listed(demo, NAME_HIDDEN, "dossier.shared", named=False) in options
    assert f"{nicolas.last_name.upper()} {nicolas.first_name}" not in "\n".join(options)
    at = choose(at, nicolas.id)
    assert [e.value for e in at.title] == [t("diagnostic.title.pro")]
    assert f"**{PERMIT_SITUATION}**" in shown(at)
    assert edit_controls(at) == []  # no "Retirer", no new situation
    assert t("category.pro.identite_contact") in hidden_parts(at)[0]
    text = screen(at)
    assert f"{nicolas.first_name} {nicolas.last_name}" not in text and nicolas.last_name.upper() not in text


# --- « Accès exceptionnel » -----------------------------------------------------------------------


def exceptional_page(engine, email: str = JULIE) -> AppTest:
    at = pro_on(engine, email, "acces-exceptionnel")
    assert [e.value for e in at.title] == [t("exceptional.title")]
    return at


def ask(at: AppTest, number: str, reason: str) -> AppTest:
    at.text_input(key="exceptional_number__0").input(number)
    at.text_area(key="exceptional_reason__0").input(reason)
    return press(at, "exceptional_send__0")


def test_exceptional_access_with_a_short_reason_is_refused_next_to_the_reason(demo):
    at = ask(exceptional_page(demo), STRANGER, "C'est urgent")
    assert errors_after(at, "exceptional_reason__0") == [t("error.exceptional.reason")]
    assert errors_after(at, "exceptional_number__0") == []
    assert t("error.summary", count=1) in at.error.values
    assert at.text_area(key="exceptional_reason__0").value == "C'est urgent"  # kept to be completed
    assert count(demo, ExceptionalAccess) == 0
    assert listed(demo, STRANGER, "dossier.exceptional") not in chooser_options(
        request_page(at, "feuille-de-route"))


@pytest.mark.parametrize(("email", "number"), [(JULIE, "D2026-9999"), (REFERENT, PERSON)],
                         ids=["unknown-number", "own-structure"])
def test_exceptional_access_to_an_unknown_or_own_dossier_is_refused_next_to_the_number(demo, email, number):
    at = ask(exceptional_page(demo, email), number, EXCEPTIONAL_REASON)
    assert errors_after(at, "exceptional_number__0") == [t("error.exceptional.number")]
    assert errors_after(at, "exceptional_reason__0") == []
    assert t("error.summary", count=1) in at.error.values
    assert count(demo, ExceptionalAccess) == 0
    assert not at.info  # no "access opened"


@pytest.mark.parametrize(("length", "opened"), [(19, False), (20, True)])
def test_exceptional_reason_needs_twenty_characters(demo, length, opened):
    reason = "Urgence: hébergement ce soir"[:length]
    assert len(" ".join(reason.split())) == length
    at = ask(exceptional_page(demo), STRANGER, reason)
    assert count(demo, ExceptionalAccess) == int(opened)
    assert errors_after(at, "exceptional_reason__0") == ([] if opened else [t("error.exceptional.reason")])


def test_exceptional_access_with_nothing_typed_shows_both_errors(demo):
    at = press(exceptional_page(demo), "exceptional_send__0")
    assert errors_after(at, "exceptional_number__0") == [t("error.exceptional.number")]
    assert errors_after(at, "exceptional_reason__0") == [t("error.exceptional.reason")]
    assert t("error.summary", count=2) in at.error.values
    assert count(demo, ExceptionalAccess) == 0


def test_exceptional_access_opens_for_three_hours_and_the_person_sees_it_in_red(demo):
    stranger = person(demo, STRANGER)
    at = exceptional_page(demo)
    assert listed(demo, STRANGER, "dossier.exceptional") not in chooser_options(
        request_page(pro_on(demo, JULIE, "accueil"), "feuille-de-route"))
    at = ask(at, STRANGER.lower(), EXCEPTIONAL_REASON)  # typed in lower case: found all the same
    with Session(demo, expire_on_commit=False) as session:
        [access] = session.exec(select(ExceptionalAccess)).all()
    julie = pro_actor_from_engine(demo, JULIE)
    assert (access.beneficiary_id, access.professional_id, access.organisation_id, access.reason) == (
        stranger.id, julie.id, julie.organisation_id, EXCEPTIONAL_REASON)
    assert access.ends_at - access.started_at == DURATION == dt.timedelta(hours=3)
    ends = clock.as_paris(access.ends_at).strftime("%H:%M")
    assert at.info.values == [t("exceptional.opened", time=ends)]
    assert t("exceptional.running.line", name=f"{stranger.last_name.upper()} {stranger.first_name} — {STRANGER}",
             time=ends) in shown(at)
    assert at.text_input(key="exceptional_number__0").value == ""
    assert at.text_area(key="exceptional_reason__0").value == ""
    # The roadmap page: the person is listed, marked, and already chosen; read-only, health hidden.
    at = request_page(at, "feuille-de-route")
    assert_ok(at)
    assert listed(demo, STRANGER, "dossier.exceptional") in chooser_options(at)
    assert at.selectbox(key="chosen_person__0").value == stranger.id
    assert t("hidden.basis", basis=Basis.EXCEPTIONAL.value) in at.caption.values
    assert hidden_parts(at) == [hidden_block([(Category.HEALTH, HEALTH_DENIED.reason)])]
    assert JOB_GOAL in screen(at)
    assert edit_controls(at) == []
    # The person's « Qui a consulté »: that read, in red, with the reason.
    [row] = log_rows(demo, STRANGER)
    assert (row.allowed, row.exceptional_access_id, row.purpose) == (True, access.id, EXCEPTIONAL_PURPOSE)
    seen = person_on(demo, "consultations", STRANGER)
    cards = consultation_cards(seen)
    assert cards == expected_consultation_cards(demo, STRANGER) and len(cards) == 1
    assert seen.error.values == [t("consulted.exceptional", reason=EXCEPTIONAL_REASON)]
