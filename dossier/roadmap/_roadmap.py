"""The feuille de route: goals and actions co-edited by the person and their structure référente.

Rules held here:
- only those the policy lets EDIT the roadmap write it (the person, their structure référente);
- every goal and action carries a version; a write based on a stale version is refused (StaleWrite,
  with the current content and who changed it) by a conditional UPDATE, never check-then-write;
- statuses move along the transition tables below;
- every change writes exactly one history event, in the same transaction, and bumps the roadmap's
  revision (so that a validation always concerns one precise content).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from dossier import clock
from dossier.access import can_edit, can_read, open_person
from dossier.actor import Actor
from dossier.errors import FieldErrors, PermissionDenied, Refusal
from dossier.policy import Category, Permission, category_of
from dossier.roadmap import _history
from dossier.validation import COMMENT_MAX, LABEL_MAX, check_free_text, parse_date
from storage.models import (
    Action,
    Beneficiary,
    Comment,
    Goal,
    Organisation,
    ReferenceItem,
    ReferenceTheme,
    Roadmap,
    RoadmapConfirmation,
)
from storage.upsert import insert_unless_exists
from storage.vocabulary import ActionStatus, Carrier, GoalStatus, ReferenceKind, Side, is_one_of

GOAL_TRANSITIONS: dict[GoalStatus, frozenset[GoalStatus]] = {
    GoalStatus.IN_PROGRESS: frozenset({GoalStatus.DONE, GoalStatus.ABANDONED}),
    GoalStatus.DONE: frozenset({GoalStatus.IN_PROGRESS}),  # reopened
    GoalStatus.ABANDONED: frozenset({GoalStatus.IN_PROGRESS}),  # resumed
}
FINISHED_ACTION_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.ABANDONED, ActionStatus.CANCELLED})
ACTION_TRANSITIONS: dict[ActionStatus, frozenset[ActionStatus]] = {
    ActionStatus.PLANNED: frozenset({ActionStatus.IN_PROGRESS, ActionStatus.WAITING, *FINISHED_ACTION_STATUSES}),
    ActionStatus.IN_PROGRESS: frozenset({ActionStatus.WAITING, *FINISHED_ACTION_STATUSES}),
    ActionStatus.WAITING: frozenset({ActionStatus.IN_PROGRESS, *FINISHED_ACTION_STATUSES}),
    ActionStatus.DONE: frozenset({ActionStatus.IN_PROGRESS}),  # reopened
    ActionStatus.ABANDONED: frozenset({ActionStatus.PLANNED, ActionStatus.IN_PROGRESS}),  # resumed
    ActionStatus.CANCELLED: frozenset({ActionStatus.PLANNED}),
}
DUE_SOON_DAYS = 14
UNSET: Any = object()


class StaleWrite(Refusal):
    """The item changed since the writer loaded it. Carries what is stored now and who changed it."""

    key = "roadmap.conflict.title"

    def __init__(self, entity: str, current: Any, changed_by: str | None, changed_at: dt.datetime | None):
        super().__init__()
        self.entity = entity
        self.current = current
        self.changed_by = changed_by
        self.changed_at = changed_at


# --- read models ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommentView:
    id: int
    body: str
    author_name: str
    author_kind: str
    created_at: dt.datetime


@dataclass(frozen=True)
class ActionView:
    id: int
    goal_id: int
    version: int
    label: str
    status: str
    due_date: dt.date | None
    carrier: str
    partner_id: int | None
    partner_name: str | None
    ref_code: str | None
    comments: tuple[CommentView, ...] = ()

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_ACTION_STATUSES

    def overdue(self, today: dt.date) -> bool:
        return not self.finished and self.due_date is not None and self.due_date < today

    def due_soon(self, today: dt.date) -> bool:
        return (not self.finished and self.due_date is not None
                and self.due_date <= today + dt.timedelta(days=DUE_SOON_DAYS))

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return tuple(s for s in ActionStatus if s in ACTION_TRANSITIONS[self.status])


@dataclass(frozen=True)
class GoalView:
    id: int
    version: int
    theme_code: str
    label: str
    status: str
    ref_code: str | None
    actions: tuple[ActionView, ...] = ()
    comments: tuple[CommentView, ...] = ()

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return tuple(s for s in GoalStatus if s in GOAL_TRANSITIONS[self.status])


@dataclass(frozen=True)
class ThemeCard:
    code: str
    label: str
    goals: tuple[GoalView, ...]

    @property
    def actions_total(self) -> int:
        return sum(1 for g in self.goals for a in g.actions
                   if a.status not in (ActionStatus.ABANDONED, ActionStatus.CANCELLED))

    @property
    def actions_done(self) -> int:
        return sum(1 for g in self.goals for a in g.actions if a.status == ActionStatus.DONE)


@dataclass(frozen=True)
class ValidationState:
    revision: int
    validated_revision: int | None
    first_validated_at: dt.datetime | None
    last_validated_at: dt.datetime | None
    person_confirmed_at: dt.datetime | None  # for the current revision
    referent_confirmed_at: dt.datetime | None

    @property
    def state(self) -> str:
        """'jamais' (never validated), 'validee' (current content validated) or 'modifiee'."""
        if self.validated_revision is None:
            return "jamais"
        return "validee" if self.validated_revision == self.revision else "modifiee"


@dataclass(frozen=True)
class RoadmapView:
    person_id: int
    themes: tuple[ThemeCard, ...]
    validation: ValidationState
    today: dt.date
    goal_count: int = 0
    actions_by_id: dict[int, ActionView] = field(default_factory=dict)
    editable: bool = True  # False for a structure that reads by consent or exceptional access

    def awaiting(self, person_side: bool) -> bool:
        """The roadmap waits for this side's validation: the other side confirmed the current content,
        this side has not, and it is not validated yet (nothing to validate without a goal)."""
        v = self.validation
        if v.state == "validee" or not self.goal_count:
            return False
        mine, theirs = ((v.person_confirmed_at, v.referent_confirmed_at) if person_side
                        else (v.referent_confirmed_at, v.person_confirmed_at))
        return theirs is not None and mine is None

    @property
    def needs_now(self) -> list[ActionView]:
        """Unfinished actions due within two weeks or overdue, soonest first."""
        actions = [a for a in self.actions_by_id.values() if a.due_soon(self.today)]
        return sorted(actions, key=lambda a: a.due_date)


def _comment_view(c: Comment) -> CommentView:
    return CommentView(c.id, c.body, c.author_name, c.author_kind, c.created_at)


def _action_view(a: Action, partner_name: str | None, comments: tuple[CommentView, ...] = ()) -> ActionView:
    return ActionView(a.id, a.goal_id, a.version, a.label, a.status, a.due_date, a.carrier,
                      a.partner_organisation_id, partner_name, a.ref_code, comments)


def _goal_view(g: Goal, actions: tuple[ActionView, ...] = (), comments: tuple[CommentView, ...] = ()) -> GoalView:
    return GoalView(g.id, g.version, g.theme_code, g.label, g.status, g.ref_code, actions, comments)


def validation_state(session: Session, person_id: int) -> ValidationState:
    roadmap = session.get(Roadmap, person_id)
    revision = roadmap.revision if roadmap else 0
    confirmations = session.exec(
        select(RoadmapConfirmation).where(RoadmapConfirmation.beneficiary_id == person_id,
                                          RoadmapConfirmation.revision == revision)
    ).all()
    at = {c.side: c.at for c in confirmations}
    return ValidationState(revision, roadmap.validated_revision if roadmap else None,
                           roadmap.first_validated_at if roadmap else None,
                           roadmap.last_validated_at if roadmap else None,
                           at.get(Side.PERSON), at.get(Side.REFERENT))


def readable_themes(session: Session, actor: Actor, person: Beneficiary) -> set[str]:
    """The thématiques whose items this reader may see (health ones need the health category)."""
    return {code for code in session.exec(select(ReferenceTheme.code))
            if can_read(session, actor, person, category_of(code, Category.ROADMAP))}


def load_roadmap(session: Session, actor: Actor, person_id: int) -> RoadmapView:
    """The roadmap as this reader may see it, in a fixed number of queries whatever its size."""
    person = open_person(session, actor, person_id, Category.ROADMAP)
    view = read_roadmap(session, person_id, readable_themes(session, actor, person))
    return replace(view, editable=can_edit(session, actor, person_id, Category.ROADMAP))


def read_roadmap(session: Session, person_id: int, themes_shown: set[str]) -> RoadmapView:
    """The roadmap restricted to `themes_shown`; callers have asked the policy."""
    themes = {t.code: t for t in session.exec(select(ReferenceTheme))}
    goals = session.exec(select(Goal).where(Goal.beneficiary_id == person_id, Goal.theme_code.in_(themes_shown))
                         .order_by(Goal.created_at, Goal.id)).all()
    shown_goals = {g.id for g in goals}
    actions = session.exec(
        select(Action, Organisation.name)
        .join(Organisation, Organisation.id == Action.partner_organisation_id, isouter=True)
        .where(Action.beneficiary_id == person_id)
        .order_by(Action.due_date.is_(None), Action.due_date, Action.id)
    ).all()
    comments = session.exec(
        select(Comment).where(Comment.beneficiary_id == person_id).order_by(Comment.created_at, Comment.id)
    ).all()
    comments_of_goal: dict[int, list[CommentView]] = defaultdict(list)
    comments_of_action: dict[int, list[CommentView]] = defaultdict(list)
    for c in comments:
        if c.goal_id is not None and c.goal_id not in shown_goals:
            continue
        (comments_of_goal[c.goal_id] if c.goal_id else comments_of_action[c.action_id]).append(_comment_view(c))
    actions_of_goal: dict[int, list[ActionView]] = defaultdict(list)
    by_id: dict[int, ActionView] = {}
    for a, partner in actions:
        if a.goal_id not in shown_goals:
            continue
        view = _action_view(a, partner, tuple(comments_of_action[a.id]))
        actions_of_goal[a.goal_id].append(view)
        by_id[a.id] = view
    goals_of_theme: dict[str, list[GoalView]] = defaultdict(list)
    for g in goals:
        goals_of_theme[g.theme_code].append(_goal_view(g, tuple(actions_of_goal[g.id]), tuple(comments_of_goal[g.id])))
    cards = tuple(
        ThemeCard(code, themes[code].label, tuple(goals_of_theme[code]))
        for code in sorted(goals_of_theme, key=lambda c: themes[c].position)
    )
    return RoadmapView(person_id, cards, validation_state(session, person_id), clock.today(), len(goals), by_id)


# --- reference choices ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


@dataclass(frozen=True)
class _Referentiel:
    themes: tuple[tuple[str, str], ...]  # (code, label) in the référentiel's order
    items: tuple[tuple[str, str, str, str], ...]  # (kind, theme code, code, label) by theme, then position


_REFERENTIELS: dict[str, _Referentiel] = {}  # by database URL: one process may serve several (the tests)


def _referentiel(session: Session) -> _Referentiel:
    """The référentiel of the database, read once per process: it is written at start-up only
    (`dossier.tools` loads `dossier/data/referentiel_insertion.tsv`), and the roadmap page used to read
    its ~280 rows at every rerun. A new process reads it again."""
    key = str(session.get_bind().url)
    found = _REFERENTIELS.get(key)
    if found is None:
        themes = tuple((t.code, t.label) for t in session.exec(select(ReferenceTheme)
                                                               .order_by(ReferenceTheme.position)))
        items = tuple((i.kind, i.theme_code, i.code, i.label) for i in session.exec(
            select(ReferenceItem).order_by(ReferenceItem.theme_code, ReferenceItem.position)))
        found = _REFERENTIELS[key] = _Referentiel(themes, items)
    return found


def theme_choices(session: Session) -> list[Choice]:
    return [Choice(code, label) for code, label in _referentiel(session).themes]


def reference_choices(session: Session, kind: ReferenceKind, theme_code: str | None = None) -> list[Choice]:
    """Objectifs ('target'), actions or situations of the référentiel, for one thématique or all."""
    return [Choice(code, label) for item_kind, theme, code, label in _referentiel(session).items
            if item_kind == kind and (not theme_code or theme == theme_code)]


def action_choices(session: Session, theme_code: str) -> list[Choice]:
    """Every action of the référentiel, the goal's own thématique first (several thématiques, such as
    "Trouver un emploi", have objectifs but share their actions with a neighbour)."""
    referentiel = _referentiel(session)
    themes = dict(referentiel.themes)
    actions = [(theme, code, label) for kind, theme, code, label in referentiel.items if kind == ReferenceKind.ACTION]
    actions.sort(key=lambda action: action[0] != theme_code)  # stable: the référentiel's order otherwise
    return [Choice(code, label if theme == theme_code else f"{label} ({themes[theme]})")
            for theme, code, label in actions]


def partner_choices(session: Session) -> list[Choice]:
    return [Choice(str(o.id), o.name) for o in session.exec(select(Organisation).order_by(Organisation.name))]


@dataclass(frozen=True)
class DueChoice:
    key: str
    date: dt.date | None


def due_date_choices(today: dt.date) -> list[DueChoice]:
    """Simple choices instead of a calendar (tiny and English on phones)."""
    return [DueChoice("none", None), DueChoice("1w", today + dt.timedelta(days=7)),
            DueChoice("2w", today + dt.timedelta(days=14)), DueChoice("1m", _add_months(today, 1)),
            DueChoice("3m", _add_months(today, 3))]


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def parse_due_date(raw: str) -> dt.date:
    """An exact due date typed as JJ/MM/AAAA; past dates are refused (a due date is ahead)."""
    day = parse_date(raw, allow_future=True)
    if day < clock.today():
        raise ValueError("error.date.past")
    return day


# --- writing --------------------------------------------------------------------------------------


def _editable_person(session: Session, actor: Actor, person_id: int, theme_code: str | None = None) -> None:
    """EDIT on the roadmap, and on health when the item sits under the health thématique."""
    open_person(session, actor, person_id, Category.ROADMAP, Permission.EDIT)
    if theme_code is not None:
        open_person(session, actor, person_id, category_of(theme_code, Category.ROADMAP), Permission.EDIT)


def _bump_revision(session: Session, person_id: int) -> None:
    """Create the roadmap row if needed, then bump its revision with one atomic UPDATE. The UPDATE
    also takes the row lock, which serialises concurrent writers to one roadmap (PostgreSQL)."""
    values = {"beneficiary_id": person_id, "revision": 0, "updated_at": clock.now()}
    insert_unless_exists(session, Roadmap, values, index_elements=["beneficiary_id"])
    session.execute(update(Roadmap).where(Roadmap.beneficiary_id == person_id)
                    .values(revision=Roadmap.revision + 1, updated_at=clock.now()))


def _text(errors: dict[str, str], name: str, raw: str, *, max_length: int = LABEL_MAX,
          sensitive_ok: bool = False) -> str:
    try:
        return check_free_text(raw, max_length=max_length, sensitive_ok=sensitive_ok)
    except ValueError as exc:
        errors[name] = str(exc)
        return ""


def _reference_item(session: Session, errors: dict[str, str], ref_code: str,
                    kind: ReferenceKind) -> ReferenceItem | None:
    item = session.exec(select(ReferenceItem).where(ReferenceItem.code == ref_code,
                                                    ReferenceItem.kind == kind)).first()
    if item is None:
        errors["ref"] = "error.ref.unknown"
    return item


def _label_from(session: Session, errors: dict[str, str], ref_code: str | None, label: str, kind: ReferenceKind,
                sensitive_ok: bool) -> tuple[str, str | None, str | None]:
    """(label, ref_code, theme of the reference item): from the référentiel when a code is given,
    else the writer's own words."""
    if ref_code:
        item = _reference_item(session, errors, ref_code, kind)
        return (item.label, item.code, item.theme_code) if item else ("", None, None)
    if not label.strip():
        errors["label"] = "error.roadmap.label_or_ref"
        return "", None, None
    return _text(errors, "label", label, sensitive_ok=sensitive_ok), None, None


def _carrier(session: Session, errors: dict[str, str], carrier: str, partner_id: int | None) -> int | None:
    if not is_one_of(carrier, Carrier):
        errors["carrier"] = "error.roadmap.carrier"
        return None
    if carrier != Carrier.PARTNER:
        return None
    if partner_id is None or session.get(Organisation, partner_id) is None:
        errors["partner"] = "error.roadmap.partner"
        return None
    return partner_id


def add_goal(session: Session, actor: Actor, person_id: int, *, theme_code: str | None, ref_code: str | None = None,
             label: str = "", sensitive_ok: bool = False) -> int:
    """A new goal, from the référentiel (its thématique follows) or in the writer's own words."""
    _editable_person(session, actor, person_id)
    if not theme_code and not ref_code:
        # The first step of the form: no thématique chosen yet, so the label is not asked for yet either.
        raise FieldErrors({"theme": "error.roadmap.theme"})
    errors: dict[str, str] = {}
    text, code, item_theme = _label_from(session, errors, ref_code, label, ReferenceKind.TARGET, sensitive_ok)
    theme = item_theme or theme_code
    if not theme or session.get(ReferenceTheme, theme) is None:
        errors.setdefault("theme", "error.roadmap.theme")
    if errors:
        raise FieldErrors(errors)
    _editable_person(session, actor, person_id, theme)
    now = clock.now()
    goal = Goal(beneficiary_id=person_id, theme_code=theme, ref_code=code, label=text, created_at=now, updated_at=now)
    session.add(goal)
    session.flush()
    _bump_revision(session, person_id)
    _history.record(session, actor, person_id, category=category_of(theme, Category.ROADMAP), entity="goal",
                   entity_id=goal.id, change="created", subject=text, after={"label": text, "status": goal.status})
    session.flush()
    return goal.id


def add_action(session: Session, actor: Actor, goal_id: int, *, ref_code: str | None = None, label: str = "",
               due_date: dt.date | None = None, carrier: str = Carrier.PERSON, partner_id: int | None = None,
               sensitive_ok: bool = False) -> int:
    goal = session.get(Goal, goal_id)
    if goal is None:
        raise PermissionDenied("denied.dossier")
    _editable_person(session, actor, goal.beneficiary_id, goal.theme_code)
    errors: dict[str, str] = {}
    text, code, _ = _label_from(session, errors, ref_code, label, ReferenceKind.ACTION, sensitive_ok)
    partner = _carrier(session, errors, carrier, partner_id)
    if errors:
        raise FieldErrors(errors)
    now = clock.now()
    action = Action(goal_id=goal.id, beneficiary_id=goal.beneficiary_id, ref_code=code, label=text, due_date=due_date,
                    carrier=carrier, partner_organisation_id=partner, created_at=now, updated_at=now)
    session.add(action)
    session.flush()
    _bump_revision(session, goal.beneficiary_id)
    after = {"label": text, "status": action.status, "carrier": carrier}
    if partner:
        after["partner_organisation_id"] = partner
    if due_date:
        after["due_date"] = due_date.isoformat()
    _history.record(session, actor, goal.beneficiary_id, category=category_of(goal.theme_code, Category.ROADMAP),
                   entity="action", entity_id=action.id, change="created", subject=text, after=after)
    session.flush()
    return action.id


def _stale(session: Session, entity: str, current: Any) -> StaleWrite:
    event = _history.last_change(session, entity, current.id) if current is not None else None
    return StaleWrite(entity, current, event.actor_name if event else None, event.at if event else None)


def _apply(session: Session, actor: Actor, model: type, entity: str, row: Any, version: int,
           changes: dict[str, Any], view: Callable[[], Any], category: Category) -> int:
    """Write `changes` if `row` is still at `version` (one conditional UPDATE), with its one event.
    Otherwise StaleWrite with the row as stored now (`view` builds it after a refresh)."""
    if row.version != version:
        raise _stale(session, entity, view())
    if not changes:
        return row.version
    before = {name: getattr(row, name) for name in changes}
    result = session.execute(
        update(model).where(model.id == row.id, model.version == version)
        .values(**changes, version=model.version + 1, updated_at=clock.now())
    )
    if result.rowcount != 1:
        session.refresh(row)
        raise _stale(session, entity, view())
    _bump_revision(session, row.beneficiary_id)

    def stored(value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value

    _history.record(session, actor, row.beneficiary_id, category=category, entity=entity, entity_id=row.id,
                   change="updated",
                   subject=changes.get("label", row.label),
                   before={k: stored(v) for k, v in before.items()}, after={k: stored(v) for k, v in changes.items()})
    session.flush()
    return version + 1


def _label_and_status(errors: dict[str, str], row: Goal | Action, label: str | None, status: str | None,
                      transitions: Mapping[str, frozenset[str]], sensitive_ok: bool) -> dict[str, Any]:
    """The label and status changes asked of a goal or an action: a label checked like a new one, a
    status only along its transition table (else an error on the status field)."""
    changes: dict[str, Any] = {}
    if label is not None:
        text = _text(errors, "label", label, sensitive_ok=sensitive_ok)
        if text and text != row.label:
            changes["label"] = text
    if status is not None and status != row.status:
        if status not in transitions.get(row.status, ()):
            errors["status"] = "error.roadmap.transition"
        changes["status"] = status
    return changes


def update_goal(session: Session, actor: Actor, goal_id: int, version: int, *, label: str | None = None,
                status: str | None = None, sensitive_ok: bool = False) -> int:
    """Change a goal's words or status; returns the new version. StaleWrite when `version` is old."""
    goal = session.get(Goal, goal_id)
    if goal is None:
        raise PermissionDenied("denied.dossier")
    _editable_person(session, actor, goal.beneficiary_id, goal.theme_code)
    session.refresh(goal)
    if goal.version != version:  # stale first: the writer must see the current content before anything
        raise _stale(session, "goal", _goal_view(goal))
    errors: dict[str, str] = {}
    changes = _label_and_status(errors, goal, label, status, GOAL_TRANSITIONS, sensitive_ok)
    if errors:
        raise FieldErrors(errors)
    return _apply(session, actor, Goal, "goal", goal, version, changes, lambda: _goal_view(goal),
                  category_of(goal.theme_code, Category.ROADMAP))


def update_action(session: Session, actor: Actor, action_id: int, version: int, *, label: str | None = None,
                  status: str | None = None, due_date: dt.date | None = UNSET, carrier: str | None = None,
                  partner_id: int | None = UNSET, sensitive_ok: bool = False) -> int:
    """Change any field of an action; returns the new version. StaleWrite when `version` is old."""
    action = session.get(Action, action_id)
    if action is None:
        raise PermissionDenied("denied.dossier")
    theme = session.get(Goal, action.goal_id).theme_code
    _editable_person(session, actor, action.beneficiary_id, theme)
    session.refresh(action)

    def current() -> ActionView:
        partner = session.get(Organisation, action.partner_organisation_id) if action.partner_organisation_id else None
        return _action_view(action, partner.name if partner else None)

    if action.version != version:
        raise _stale(session, "action", current())
    errors: dict[str, str] = {}
    changes = _label_and_status(errors, action, label, status, ACTION_TRANSITIONS, sensitive_ok)
    if due_date is not UNSET and due_date != action.due_date:
        changes["due_date"] = due_date
    if carrier is not None or partner_id is not UNSET:
        new_carrier = carrier or action.carrier
        partner = _carrier(session, errors, new_carrier,
                           action.partner_organisation_id if partner_id is UNSET else partner_id)
        if new_carrier != action.carrier:
            changes["carrier"] = new_carrier
        if partner != action.partner_organisation_id:
            changes["partner_organisation_id"] = partner
    if errors:
        raise FieldErrors(errors)
    return _apply(session, actor, Action, "action", action, version, changes, current,
                  category_of(theme, Category.ROADMAP))


def add_comment(session: Session, actor: Actor, *, goal_id: int | None = None, action_id: int | None = None,
                body: str, sensitive_ok: bool = False) -> int:
    """A comment on a goal or an action. Comments are never edited; they do not change the content
    that was validated, so they leave the revision alone."""
    target = session.get(Goal, goal_id) if goal_id else session.get(Action, action_id) if action_id else None
    if target is None:
        raise PermissionDenied("denied.dossier")
    theme = target.theme_code if isinstance(target, Goal) else session.get(Goal, target.goal_id).theme_code
    _editable_person(session, actor, target.beneficiary_id, theme)
    errors: dict[str, str] = {}
    text = _text(errors, "body", body, max_length=COMMENT_MAX, sensitive_ok=sensitive_ok)
    if errors:
        raise FieldErrors(errors)
    comment = Comment(beneficiary_id=target.beneficiary_id, goal_id=goal_id if goal_id else None,
                      action_id=action_id if not goal_id else None, body=text, author_kind=actor.kind,
                      author_name=actor.display_name, created_at=clock.now())
    session.add(comment)
    session.flush()
    _history.record(session, actor, target.beneficiary_id, category=category_of(theme, Category.ROADMAP),
                   entity="comment", entity_id=comment.id, change="created", subject=target.label,
                   after={"body": text})
    session.flush()
    return comment.id
