"""The feuille de route, diagnostic and history pages through AppTest, on the demo data: what David
(D2026-0001) and his référent Claire see and may do, a refused stale write, the validation on the
référent's screen, and who cannot reach these pages.

Everything is checked twice: on screen (texts from dossier.labels) and in the database.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dossier import clock, formatting
from dossier.labels import t
from dossier.roadmap import update_action
from dossier.tools import DEMO_PERSON_CODE
from storage.engine import session_scope
from storage.models import (
    Action,
    Beneficiary,
    Engagement,
    Goal,
    Professional,
    ReferenceItem,
    ReferenceTheme,
    Roadmap,
    RoadmapConfirmation,
    RoadmapEvent,
    Situation,
)
from tests.support.apptest import (
    DOSSIER_RE,
    as_professional,
    assert_ok,
    choose,
    errors_after,
    goal_titles,
    page,
    page_links,
    person_on,
    personal_data,
    press,
    pro_on,
    request_page,
    screen,
    shown,
    subheaders,
)
from tests.support.domain import (
    ACCUEIL,
    JOB_GOAL,
    MOVE_GOAL,
    PERMIT_SITUATION,
    PERSON,
    REFERENT,
    THEO,
    count,
    credential,
    goal_row,
    person,
    pro_actor_from_engine,
)

CV = "Atelier CV"
OFFERS = "Relire mes offres d'emploi avec ma conseillère"
LICENCE_AID = "Demander l'aide au permis du Département"
ROADMAP_LINKS = {t("nav.roadmap"), t("nav.situation"), t("nav.history"),
                 t("nav.roadmap.pro"), t("nav.situation.pro"), t("nav.history.pro")}
STRANGER = THEO  # a référent of a structure David shares nothing with


# --- helpers -------------------------------------------------------------------------------------


def referent_on(engine, url_path: str, person_id: int | None = None, email: str = REFERENT) -> AppTest:
    """A professional on `url_path`, with `person_id` chosen in the "Personne suivie" list."""
    at = pro_on(engine, email, url_path)
    return at if person_id is None else choose(at, person_id)


def action_row(engine, label: str, number: str = PERSON) -> Action:
    with Session(engine, expire_on_commit=False) as session:
        return session.exec(select(Action).join(Beneficiary, Action.beneficiary_id == Beneficiary.id)
                            .where(Beneficiary.dossier_number == number, Action.label == label)).one()


def ref_code(engine, kind: str, theme: str, label: str) -> str:
    with Session(engine) as session:
        return session.exec(select(ReferenceItem.code).where(ReferenceItem.kind == kind,
                                                             ReferenceItem.theme_code == theme,
                                                             ReferenceItem.label == label)).one()


def theme_label(engine, code: str) -> str:
    with Session(engine) as session:
        return session.get(ReferenceTheme, code).label


def events(engine, number: str = PERSON) -> list[RoadmapEvent]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.exec(select(RoadmapEvent).join(Beneficiary, RoadmapEvent.beneficiary_id == Beneficiary.id)
                                 .where(Beneficiary.dossier_number == number).order_by(RoadmapEvent.id)))


def roadmap_row(engine, number: str = PERSON) -> Roadmap:
    with Session(engine, expire_on_commit=False) as session:
        return session.get(Roadmap, person(engine, number).id)


def own_data_only(at: AppTest, engine, number: str = PERSON) -> None:
    """Nothing on screen names or numbers anyone but `number` (and their référent, who writes in it)."""
    me = person(engine, number)
    with Session(engine) as session:
        referent = session.get(Professional, me.referent_id)
        mine = {me.dossier_number, f"{me.first_name} {me.last_name}", formatting.date(me.birth_date), me.email,
                me.phone, me.caf_number, f"{referent.first_name} {referent.last_name}"}
    text = screen(at)
    assert set(DOSSIER_RE.findall(text)) <= {number}
    leaks = [value for value in personal_data(engine) if value not in mine and value in text]
    assert not leaks, leaks


def paris_day(moment: dt.datetime) -> str:
    return formatting.date(clock.as_paris(moment).date())


# --- the person's roadmap ------------------------------------------------------------------------


def test_person_sees_themes_goals_validation_banner_and_what_is_due(demo):
    at = person_on(demo, "feuille-de-route")
    assert [e.value for e in at.title] == [t("roadmap.title")]
    heads = subheaders(at)
    assert theme_label(demo, "mobilite") in heads and theme_label(demo, "trouver_un_emploi") in heads
    assert goal_titles(at) == [
        t("roadmap.goal.title", label=MOVE_GOAL, status=t("status.en_cours"), done=0, total=1),
        t("roadmap.goal.title", label=JOB_GOAL, status=t("status.en_cours"), done=1, total=2),
    ]
    validated = roadmap_row(demo).last_validated_at
    assert at.warning.values[0] == t("validation.state.modifiee", date=paris_day(validated))
    assert "modifiée depuis la validation du" in at.warning.values[0]
    assert t("roadmap.now.title") in heads
    due = action_row(demo, LICENCE_AID).due_date
    texts = shown(at)
    assert t("roadmap.now.action", label=LICENCE_AID, date=formatting.date(due),
             late=t("roadmap.now.late")) in texts
    assert f"{LICENCE_AID} : avant le {formatting.date(due)} (en retard)" in texts
    # Only the overdue action is "what awaits": the others are done or due in a month.
    now_lines = [text for text in texts if text.startswith((CV + " :", OFFERS + " :", LICENCE_AID + " :"))]
    assert now_lines == [t("roadmap.now.action", label=LICENCE_AID, date=formatting.date(due),
                           late=t("roadmap.now.late"))]
    # The person reads "par : vous" for what they carry themself.
    assert any(text.endswith(t("roadmap.action.carrier", who=t("carrier.you"))) for text in texts)
    assert [p.proto.text for p in at.get("progress")] == [t("roadmap.theme.progress", done=0, total=1),
                                                           t("roadmap.theme.progress", done=1, total=2)]


def test_one_tap_marks_an_action_done(demo):
    action = action_row(demo, OFFERS)
    before = len(events(demo))
    revision = roadmap_row(demo).revision
    at = person_on(demo, "feuille-de-route")
    at = press(at, f"action:{action.id}_to_realisee__0")
    stored = action_row(demo, OFFERS)
    assert (stored.status, stored.version) == ("realisee", action.version + 1)
    new = events(demo)[before:]
    assert len(new) == 1
    event = new[0]
    assert (event.entity, event.entity_id, event.change, event.actor_kind) == ("action", action.id, "updated",
                                                                               "beneficiary")
    assert json.loads(event.before) == {"status": "en_projet"} and json.loads(event.after) == {"status": "realisee"}
    assert roadmap_row(demo).revision == revision + 1
    # The page shows it done and offers to reopen it.
    assert t("roadmap.goal.title", label=JOB_GOAL, status=t("status.en_cours"), done=2, total=2) in goal_titles(at)
    assert at.button(key=f"action:{action.id}_to_en_cours__0").label == t("quick.reopen")
    assert f"action:{action.id}_to_realisee__0" not in [b.key for b in at.button]


def test_person_adds_a_goal_from_the_reference_list(demo):
    target = "Obtenir le permis de conduire (code / conduite)"
    code = ref_code(demo, "target", "mobilite", target)
    at = person_on(demo, "feuille-de-route")
    at.selectbox(key="new_goal_theme__0").select("mobilite").run()
    assert_ok(at)
    at.selectbox(key="new_goal_ref__0").select(code).run()
    at = press(at, "new_goal_send__0")
    goal = goal_row(demo, target)
    assert (goal.theme_code, goal.ref_code, goal.status) == ("mobilite", code, "en_cours")
    assert [(e.entity, e.change, e.subject) for e in events(demo)[-1:]] == [("goal", "created", target)]
    assert at.info.values == [t("roadmap.goal.added")]
    assert t("roadmap.goal.title", label=target, status=t("status.en_cours"), done=0, total=0) in goal_titles(at)
    # The form is empty again.
    assert at.selectbox(key="new_goal_theme__0").value is None
    assert "new_goal_ref__0" not in [s.key for s in at.selectbox]


def test_person_adds_an_action_in_their_own_words(demo):
    goal = goal_row(demo, JOB_GOAL)
    words = "Appeler la boulangerie du centre"
    at = person_on(demo, "feuille-de-route")
    at.text_input(key=f"new_action:{goal.id}_label__0").input(words)
    at = press(at, f"new_action:{goal.id}_send__0")
    action = action_row(demo, words)
    assert (action.goal_id, action.ref_code, action.carrier, action.due_date, action.status) == (
        goal.id, None, "personne", None, "en_projet")
    assert at.info.values == [t("roadmap.action.added")]
    assert f"**{words}**" in shown(at)
    assert at.text_input(key=f"new_action:{goal.id}_label__0").value == ""
    assert t("roadmap.goal.title", label=JOB_GOAL, status=t("status.en_cours"), done=1, total=3) in goal_titles(at)


def test_goal_with_neither_reference_nor_words_is_refused_next_to_the_field(demo):
    goals, evts, revision = count(demo, Goal), len(events(demo)), roadmap_row(demo).revision
    at = person_on(demo, "feuille-de-route")
    at.selectbox(key="new_goal_theme__0").select("mobilite").run()
    at = press(at, "new_goal_send__0")
    assert errors_after(at, "new_goal_label__0") == [t("error.roadmap.label_or_ref")]
    assert t("error.summary", count=1) in at.error.values
    assert (count(demo, Goal), len(events(demo)), roadmap_row(demo).revision) == (goals, evts, revision)
    assert not at.info


def test_action_with_neither_reference_nor_words_is_refused_next_to_the_field(demo):
    goal = goal_row(demo, MOVE_GOAL)
    actions, evts = count(demo, Action), len(events(demo))
    at = person_on(demo, "feuille-de-route")
    at = press(at, f"new_action:{goal.id}_send__0")
    assert errors_after(at, f"new_action:{goal.id}_label__0") == [t("error.roadmap.label_or_ref")]
    assert (count(demo, Action), len(events(demo))) == (actions, evts)


def test_goal_without_a_theme_shows_every_error_it_counts(demo):
    """Sent with nothing chosen: the summary must not count an error the page does not show."""
    goals = count(demo, Goal)
    at = person_on(demo, "feuille-de-route")
    at = press(at, "new_goal_send__0")
    assert count(demo, Goal) == goals
    assert errors_after(at, "new_goal_theme__0") == [t("error.roadmap.theme")]
    flagged = [m for m in at.error.values if not m.startswith("Le formulaire contient")]
    summaries = [m for m in at.error.values if m.startswith("Le formulaire contient")]
    assert summaries == [t("error.summary", count=len(flagged))]


def test_phone_number_in_a_label_is_warned_once_then_accepted(demo):
    goal = goal_row(demo, JOB_GOAL)
    words = "Rappeler le recruteur au 06 12 34 56 78"
    key = f"new_action:{goal.id}"
    actions, evts = count(demo, Action), len(events(demo))
    at = person_on(demo, "feuille-de-route")
    at.text_input(key=f"{key}_label__0").input(words)
    at = press(at, f"{key}_send__0")
    assert errors_after(at, f"{key}_label__0") == [t("error.text.sensitive.phone")]
    assert (count(demo, Action), len(events(demo))) == (actions, evts)
    assert at.text_input(key=f"{key}_label__0").value == words  # kept for the second tap
    at = press(at, f"{key}_send__0")
    assert action_row(demo, words).goal_id == goal.id
    assert count(demo, Action) == actions + 1
    assert at.info.values == [t("roadmap.action.added")]


def test_a_different_phone_number_after_the_warning_is_warned_again(demo):
    goal = goal_row(demo, JOB_GOAL)
    key = f"new_action:{goal.id}"
    actions = count(demo, Action)
    at = person_on(demo, "feuille-de-route")
    at.text_input(key=f"{key}_label__0").input("Rappeler au 06 12 34 56 78")
    at = press(at, f"{key}_send__0")
    at.text_input(key=f"{key}_label__0").input("Rappeler au 07 98 76 54 32")
    at = press(at, f"{key}_send__0")
    assert errors_after(at, f"{key}_label__0") == [t("error.text.sensitive.phone")]
    assert count(demo, Action) == actions


# --- a write based on what was on screen before someone else's change -----------------------------


def test_stale_save_shows_who_changed_it_keeps_the_input_and_applies_on_second_tap(demo):
    action = action_row(demo, OFFERS)
    form = f"action:{action.id}"
    at = person_on(demo, "feuille-de-route")
    at = press(at, f"{form}_open__0")
    assert at.text_input(key=f"{form}_label__0").value == OFFERS
    mine = "Relire mes offres avec Claire jeudi"
    at.text_input(key=f"{form}_label__0").input(mine)
    # Meanwhile Claire changes the same action from her office.
    theirs = "Relire les offres d'emploi ensemble"
    claire = pro_actor_from_engine(demo, REFERENT)
    with session_scope(demo) as session:
        update_action(session, claire, action.id, action.version, label=theirs)
    at = press(at, f"{form}_save__0")
    assert t("roadmap.conflict.title") in at.error.values
    change = events(demo)[-1]
    assert (change.entity_id, change.actor_name) == (action.id, "Claire Morel")
    now_stored = t("roadmap.action.summary", label=theirs, status=t("status.en_projet"),
                   due=formatting.date(action.due_date))
    assert t("roadmap.conflict.body", who="Claire Morel", when=formatting.datetime(change.at),
             current=now_stored) in at.warning.values
    assert action_row(demo, theirs).id == action.id
    assert count(demo, Action, Action.label == mine) == 0
    assert at.text_input(key=f"{form}_label__0").value == mine
    # Having read it, the person sends their words again on purpose.
    at = press(at, f"{form}_save__0")
    stored = action_row(demo, mine)
    assert stored.id == action.id and stored.version == action.version + 2
    assert not [w for w in at.warning.values if w.startswith("Claire Morel")]
    assert t("roadmap.conflict.title") not in at.error.values
    assert f"{form}_label__0" not in [w.key for w in at.text_input]  # the panel closed


def test_stale_save_against_a_second_session_as_the_referent(demo):
    action = action_row(demo, OFFERS)
    form = f"action:{action.id}"
    david = person_on(demo, "feuille-de-route")
    david = press(david, f"{form}_open__0")
    david.text_input(key=f"{form}_label__0").input("Relire mes offres seul")
    claire = referent_on(demo, "feuille-de-route", person(demo, PERSON).id)
    claire = press(claire, f"{form}_to_en_cours__0")
    assert action_row(demo, OFFERS).status == "en_cours"
    david = press(david, f"{form}_save__0")
    assert t("roadmap.conflict.title") in david.error.values
    assert any("Claire Morel" in w and t("status.en_cours") in w for w in david.warning.values)
    assert action_row(demo, OFFERS).status == "en_cours"
    assert david.text_input(key=f"{form}_label__0").value == "Relire mes offres seul"
    # The status choices now start from Claire's status: sending again keeps it and adds David's words.
    assert david.radio(key=f"{form}_status__0").value == "en_cours"
    david = press(david, f"{form}_save__0")
    stored = action_row(demo, "Relire mes offres seul")
    assert (stored.id, stored.status, stored.version) == (action.id, "en_cours", action.version + 2)


def test_stale_save_is_refused_even_after_a_rerun_of_the_open_panel(demo):
    action = action_row(demo, OFFERS)
    form = f"action:{action.id}"
    at = person_on(demo, "feuille-de-route")
    at = press(at, f"{form}_open__0")
    theirs = "Relire les offres d'emploi ensemble"
    with session_scope(demo) as session:
        update_action(session, pro_actor_from_engine(demo, REFERENT), action.id, action.version, label=theirs)
    # David picks a status in the open panel (a rerun); his label field still holds the old words.
    at.radio(key=f"{form}_status__0").set_value("en_cours").run()
    assert at.text_input(key=f"{form}_label__0").value == OFFERS
    at = press(at, f"{form}_save__0")
    assert count(demo, Action, Action.id == action.id, Action.label == theirs) == 1  # not silently replaced
    assert t("roadmap.conflict.title") in at.error.values


# --- the référent ---------------------------------------------------------------------------------


def test_referent_chooses_the_person_then_sees_roadmap_diagnostic_and_history(demo):
    david = person(demo, PERSON)
    at = pro_on(demo, REFERENT, "feuille-de-route")
    assert_ok(at)
    assert [e.value for e in at.title] == [t("roadmap.title.pro")]
    chooser = at.selectbox(key="chosen_person__0")
    assert chooser.value is None
    assert f"{david.last_name.upper()} {david.first_name} — {PERSON}" in chooser.options
    assert not at.expander  # nothing shown before a person is chosen
    at = chooser.select(david.id).run()
    assert_ok(at)
    assert goal_titles(at) == [
        t("roadmap.goal.title", label=MOVE_GOAL, status=t("status.en_cours"), done=0, total=1),
        t("roadmap.goal.title", label=JOB_GOAL, status=t("status.en_cours"), done=1, total=2),
    ]
    assert t("roadmap.now.title.pro") in subheaders(at)
    own_data_only(at, demo)
    # The diagnostic, for the same person (chosen again: see test_chosen_person_is_kept_from_page_to_page).
    at = choose(request_page(at, "diagnostic"), david.id)
    assert [e.value for e in at.title] == [t("diagnostic.title.pro")]
    assert f"**{PERMIT_SITUATION}**" in shown(at)
    declared = paris_day(events(demo)[0].at)
    assert t("diagnostic.source.personne", date=declared) in shown(at)
    # The history: her own changes as "Vous …", David's by name.
    at = choose(request_page(at, "historique"), david.id)
    assert [e.value for e in at.title] == [t("history.title.pro")]
    lines = [m.value for m in at.markdown if m.value.startswith("**")]
    you = t("history.who.you")
    assert f"**{you}** {t('history.goal.created.you', subject=MOVE_GOAL)}" in lines
    assert f"**{you}** {t('history.action.created.you', subject=CV)}" in lines
    name = t("history.who.person", name=f"{david.first_name} {david.last_name}")
    assert f"**{name}** {t('history.goal.created', subject=JOB_GOAL)}" in lines
    assert f"**{name}** {t('history.situation.created', subject=PERMIT_SITUATION)}" in lines


@pytest.mark.parametrize("url_path", ["diagnostic", "historique"])
def test_chosen_person_is_kept_from_page_to_page(demo, url_path):
    david = person(demo, PERSON)
    at = pro_on(demo, REFERENT, "feuille-de-route")
    at = choose(at, david.id)
    at = request_page(at, url_path)
    assert_ok(at)
    assert at.selectbox(key="chosen_person__0").value == david.id


def test_referent_then_person_validate_together_on_her_screen(demo):
    david = person(demo, PERSON)
    engagements = count(demo, Engagement, Engagement.beneficiary_id == david.id)
    revision = roadmap_row(demo).revision
    at = referent_on(demo, "feuille-de-route", david.id)
    at = press(at, "validate_referent__0")
    assert count(demo, RoadmapConfirmation, RoadmapConfirmation.beneficiary_id == david.id,
                 RoadmapConfirmation.revision == revision, RoadmapConfirmation.side == "referent") == 1
    assert "validate_referent__0" not in [b.key for b in at.button]
    at.text_input(key="validation_person_code__0").input(DEMO_PERSON_CODE)
    at = press(at, "validate_presence__0")
    today = formatting.date(clock.today())
    assert at.success.values[:1] == [t("validation.state.validee", date=today)]
    assert count(demo, Engagement, Engagement.beneficiary_id == david.id) == engagements + 1
    with Session(demo) as session:
        latest = session.exec(select(Engagement).where(Engagement.beneficiary_id == david.id)
                              .order_by(Engagement.revision.desc())).first()
        assert (latest.revision, latest.person_channel) == (revision, "en_presence")
        assert latest.referent_id == person(demo, PERSON).referent_id
    assert roadmap_row(demo).validated_revision == revision
    assert "validation_person_code__0" not in [w.key for w in at.text_input]
    assert t("engagement.title", date=today) in [e.label for e in at.expander]
    assert "validation_person_code__0" not in at.session_state or not at.session_state["validation_person_code__0"]
    # The history tells that David approved in person, on her screen.
    at = choose(request_page(at, "historique"), david.id)
    name = t("history.who.person", name=f"{david.first_name} {david.last_name}")
    lines = [m.value for m in at.markdown if m.value.startswith("**")]
    assert lines[:3] == [f"**{name}** {t('history.validation.validated')}",
                         f"**{name}** {t('history.validation.confirmed')}",
                         f"**{t('history.who.you')}** {t('history.validation.confirmed.you')}"]
    assert at.caption.values.count(t("history.in_presence")) == 2


def test_wrong_person_code_records_no_confirmation(demo):
    david = person(demo, PERSON)
    revision = roadmap_row(demo).revision
    at = referent_on(demo, "feuille-de-route", david.id)
    at.text_input(key="validation_person_code__0").input("999999")
    at = press(at, "validate_presence__0")
    assert errors_after(at, "validation_person_code__0") == [t("error.validation.person_code")]
    assert at.text_input(key="validation_person_code__0").value == ""
    assert count(demo, RoadmapConfirmation, RoadmapConfirmation.beneficiary_id == david.id,
                 RoadmapConfirmation.revision == revision) == 0
    assert roadmap_row(demo).validated_revision != revision
    assert credential(demo, PERSON).failed_attempts == 1  # counted like a sign-in attempt
    assert at.warning.values[0] == t("validation.state.modifiee", date=paris_day(roadmap_row(demo).last_validated_at))


# --- the diagnostic -------------------------------------------------------------------------------


def test_person_declares_then_removes_a_situation_and_history_lists_both(demo):
    label = "Co-voiturage"
    code = ref_code(demo, "situation", "mobilite", label)
    at = person_on(demo, "diagnostic")
    assert [e.value for e in at.title] == [t("diagnostic.title")]
    at.selectbox(key="situation_theme__0").select("mobilite").run()
    at.selectbox(key="situation_situation__0").select(code).run()
    at = press(at, "situation_send__0")
    assert at.info.values == [t("diagnostic.added")]
    with Session(demo, expire_on_commit=False) as session:
        row = session.exec(select(Situation).where(Situation.ref_code == code)).one()
    assert (row.source, row.removed_at, row.beneficiary_id) == ("personne", None, person(demo, PERSON).id)
    texts = shown(at)
    assert f"**{label}**" in texts
    assert t("diagnostic.source.you", date=paris_day(row.recorded_at)) in texts
    assert [b.label for b in at.button if b.key == f"remove_{row.id}__0"] == [t("diagnostic.remove")]
    at = press(at, f"remove_{row.id}__0")
    with Session(demo) as session:
        assert session.get(Situation, row.id).removed_at is not None
    assert f"**{label}**" not in shown(at)
    at = request_page(at, "historique")
    assert_ok(at)
    lines = [m.value for m in at.markdown if m.value.startswith("**")]
    you = t("history.who.you")
    assert lines[:2] == [f"**{you}** {t('history.situation.removed.you', subject=label)}",
                         f"**{you}** {t('history.situation.created.you', subject=label)}"]


def test_diagnostic_url_reaches_the_app(demo):
    at = person_on(demo, "diagnostic")
    assert_ok(at)
    assert [e.value for e in at.title] == [t("diagnostic.title")]


# --- who may not ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url_path", ["feuille-de-route", "diagnostic", "historique"])
def test_accueil_has_no_roadmap_pages(demo, url_path):
    at = as_professional(demo, ACCUEIL)
    assert not ROADMAP_LINKS & set(page_links(at))
    at = request_page(at, url_path)
    assert_ok(at)
    assert [e.value for e in at.title] == [t("denied.page.title")]  # said in French, nothing of the page runs
    assert not at.expander and "chosen_person__0" not in [s.key for s in at.selectbox]
    assert JOB_GOAL not in "\n".join(shown(at))


def test_referent_of_another_structure_cannot_pick_the_person(demo):
    david = person(demo, PERSON)
    at = referent_on(demo, "feuille-de-route", email=STRANGER)
    chooser = at.selectbox(key="chosen_person__0")
    assert chooser.options and not [o for o in chooser.options if o.endswith(PERSON)]
    # Even a value forced into her session is dropped, not shown.
    at = pro_on(demo, STRANGER, "accueil")
    at.session_state["chosen_person__0"] = david.id
    at = request_page(at, "feuille-de-route")
    assert_ok(at)
    assert at.selectbox(key="chosen_person__0").value is None
    assert not at.expander
    text = screen(at) + "\n".join(at.selectbox(key="chosen_person__0").options)
    assert JOB_GOAL not in text and PERSON not in text and f"{david.first_name} {david.last_name}" not in text


@pytest.mark.parametrize("url_path", ["feuille-de-route", "diagnostic", "historique"])
def test_pages_refuse_a_person_outside_the_caseload_even_if_asked(demo, url_path, monkeypatch):
    """Below the list: were the page asked for D2026-0001 by Théo (ML-RIV), the service refuses it."""
    david = person(demo, PERSON)
    at = pro_on(demo, STRANGER, "accueil")
    monkeypatch.setattr("ui.pickers.chosen_person", lambda actor: david.id)  # where ui.person_page looks it up
    at = request_page(at, url_path)
    assert_ok(at)
    titles = {"feuille-de-route": "roadmap.title.pro", "diagnostic": "diagnostic.title.pro",
              "historique": "history.title.pro"}
    assert [e.value for e in at.title] == [t(titles[url_path])]
    assert at.error.values == [t("denied.dossier")]
    text = screen(at)
    assert JOB_GOAL not in text and PERMIT_SITUATION not in text and CV not in text
    assert not at.expander and not at.text_input


@pytest.mark.parametrize("url_path", ["feuille-de-route", "diagnostic", "historique"])
def test_the_person_sees_only_their_own_dossier(demo, url_path):
    at = person_on(demo, url_path)
    titles = {"feuille-de-route": "roadmap.title", "diagnostic": "diagnostic.title", "historique": "history.title"}
    assert [e.value for e in at.title] == [t(titles[url_path])]
    assert "chosen_person__0" not in [s.key for s in at.selectbox]
    own_data_only(at, demo)


@pytest.mark.parametrize("module", ["roadmap", "situation", "history"])
def test_page_rendered_without_actor_is_denied(demo, module):
    at = page(module).run()
    assert_ok(at)
    assert shown(at) == [t("denied")]


def test_health_goal_of_the_person_stays_hidden_from_the_referent(demo):
    at = person_on(demo, "feuille-de-route")
    at.selectbox(key="new_goal_theme__0").select("sante").run()
    at.text_input(key="new_goal_label__0").input("Prendre soin de moi")
    at = press(at, "new_goal_send__0")
    assert goal_row(demo, "Prendre soin de moi").theme_code == "sante"
    claire = referent_on(demo, "feuille-de-route", person(demo, PERSON).id)
    assert len(goal_titles(at)) == 3 and len(goal_titles(claire)) == 2
    assert "Prendre soin de moi" not in screen(claire)
    claire = choose(request_page(claire, "historique"), person(demo, PERSON).id)
    assert [m.value for m in claire.markdown if m.value.startswith("**")]  # her history page has lines
    assert "Prendre soin de moi" not in screen(claire)
    assert "Prendre soin de moi" in screen(request_page(at, "historique"))  # David reads it in his own
