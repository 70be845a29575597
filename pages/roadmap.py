"""La feuille de route: the person's (phone first) and the référent's view of the same roadmap.

Thin UI: every read and write goes through dossier.roadmap / dossier.engagement, which ask the policy.
A write based on an old version comes back as a conflict: the writer sees what is stored now and who
changed it, and their own input stays in the fields so that they can send it again.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

import ui
from dossier import clock, formatting
from dossier.errors import FieldErrors, PermissionDenied
from dossier.labels import t
from dossier.roadmap import (
    ActionView,
    EngagementView,
    GoalView,
    RoadmapView,
    StaleWrite,
    action_choices,
    add_action,
    add_comment,
    add_goal,
    confirm,
    due_date_choices,
    latest_engagement,
    load_roadmap,
    parse_due_date,
    partner_choices,
    reference_choices,
    theme_choices,
    update_action,
    update_goal,
)
from dossier.validation import COMMENT_MAX, LABEL_MAX
from dossier.vocabulary import ActionStatus, Carrier, ReferenceKind, Side
from ui import session_scope

OPEN = "page:open"  # which action or goal has its edit panel open
CONFLICT = "page:conflict:"


# --- writes (widget callbacks) --------------------------------------------------------------------


def _run(form: str, call) -> bool:
    """Run a write; a conflict is kept with the form so that the page can show it."""
    conflict: dict[str, StaleWrite] = {}

    def guarded(session, actor):
        try:
            return call(session, actor)
        except StaleWrite as exc:
            conflict["exc"] = exc
            raise

    ui.write(form, guarded)
    if "exc" in conflict:
        st.session_state[CONFLICT + form] = conflict["exc"]
    else:
        st.session_state.pop(CONFLICT + form, None)
    return not ui.errors_of(form)


def _due_from(form: str) -> tuple[bool, dt.date | None]:
    """(changed, date) from the due-date choice; "keep" leaves the date alone."""
    choice = st.session_state.get(ui.key(f"{form}_due")) or "keep"
    if choice == "keep":
        return False, None
    if choice == "other":
        raw = ui.value(form, "due_other")
        if not raw.strip():
            raise ValueError("error.required")
        return True, parse_due_date(raw)
    return True, next(c.date for c in due_date_choices(clock.today()) if c.key == choice)


def _due_or_errors(form: str) -> tuple[bool, dt.date | None]:
    try:
        return _due_from(form)
    except ValueError as exc:
        raise FieldErrors({"due_other": str(exc)}) from None


def _partner(form: str) -> int | None:
    raw = st.session_state.get(ui.key(f"{form}_partner"))
    return int(raw) if raw else None


def _set_action_status(action: ActionView, status: str) -> None:
    form = f"action:{action.id}"
    _run(form, lambda s, a: update_action(s, a, action.id, action.version, status=status))


def _set_goal_status(goal: GoalView, status: str) -> None:
    form = f"goal:{goal.id}"
    _run(form, lambda s, a: update_goal(s, a, goal.id, goal.version, status=status))


def _base_version(form: str, shown: int) -> int:
    """The version the writer started from: the one shown when the panel opened, or the current one
    once they have seen a conflict (sending again then replaces it on purpose)."""
    return st.session_state.get(f"page:base:{form}", shown)


def _save_action(action: ActionView) -> None:
    form = f"action:{action.id}"

    def call(session, actor):
        changed, due = _due_or_errors(form)
        extra = {"due_date": due} if changed else {}
        carrier = st.session_state.get(ui.key(f"{form}_carrier")) or action.carrier
        return update_action(session, actor, action.id, _base_version(form, action.version),
                             label=ui.value(form, "label"), status=st.session_state.get(ui.key(f"{form}_status")),
                             carrier=carrier, partner_id=_partner(form) if carrier == Carrier.PARTNER else None,
                             sensitive_ok=ui.acknowledged(form, "label"), **extra)

    if _run(form, call):
        _close(form)
    elif CONFLICT + form in st.session_state:
        st.session_state[f"page:base:{form}"] = st.session_state[CONFLICT + form].current.version


def _save_goal(goal: GoalView) -> None:
    form = f"goal:{goal.id}"
    call = lambda s, a: update_goal(s, a, goal.id, _base_version(form, goal.version),  # noqa: E731
                                    label=ui.value(form, "label"), sensitive_ok=ui.acknowledged(form, "label"))
    if _run(form, call):
        _close(form)
    elif CONFLICT + form in st.session_state:
        st.session_state[f"page:base:{form}"] = st.session_state[CONFLICT + form].current.version


def _comment(form: str, goal_id: int | None, action_id: int | None) -> None:
    call = lambda s, a: add_comment(s, a, goal_id=goal_id, action_id=action_id,  # noqa: E731
                                    body=ui.value(form, "body"), sensitive_ok=ui.acknowledged(form, "body"))
    if _run(form, call):
        ui.clear_values(form, "body")


def _add_action(goal_id: int) -> None:
    form = f"new_action:{goal_id}"

    def call(session, actor):
        _, due = _due_or_errors(form)
        carrier = st.session_state.get(ui.key(f"{form}_carrier")) or Carrier.PERSON
        return add_action(session, actor, goal_id, ref_code=st.session_state.get(ui.key(f"{form}_ref")),
                          label=ui.value(form, "label"), due_date=due, carrier=carrier,
                          partner_id=_partner(form) if carrier == Carrier.PARTNER else None,
                          sensitive_ok=ui.acknowledged(form, "label"))

    if _run(form, call):
        _reset(form, "ref", "label", "due", "due_other", "carrier", "partner")
        st.session_state[ui.FLASH] = "roadmap.action.added"


def _add_goal(person_id: int) -> None:
    form = "new_goal"
    call = lambda s, a: add_goal(  # noqa: E731
        s, a, person_id, theme_code=st.session_state.get(ui.key(f"{form}_theme")),
        ref_code=st.session_state.get(ui.key(f"{form}_ref")), label=ui.value(form, "label"),
        sensitive_ok=ui.acknowledged(form, "label"))
    if _run(form, call):
        _reset(form, "theme", "ref", "label")
        st.session_state[ui.FLASH] = "roadmap.goal.added"


def _confirm(person_id: int, revision: int, with_code: bool) -> None:
    form = "validation"
    kiosk = bool(st.session_state.get(ui.KIOSK))
    code = ui.value(form, "person_code") if with_code else None
    ui.write(form, lambda s, a: confirm(s, a, person_id, revision, person_code=code, on_kiosk=kiosk),
             clear_on_error=("person_code",))
    ui.clear_values(form, "person_code")


CHOICES = ("theme", "ref", "partner")  # select boxes: back to « Choisissez dans la liste »
TEXTS = ("label", "due_other")  # text fields: emptied


def _reset(form: str, *fields: str) -> None:
    """The form as new. Select boxes and text fields are given their empty value (dropping their state
    would leave the browser showing the old choice while the page has forgotten it: choosing it again
    would change nothing); the other widgets start again from their default."""
    for name in fields:
        widget = ui.key(f"{form}_{name}")
        if name in CHOICES:
            st.session_state[widget] = None
        elif name in TEXTS:
            st.session_state[widget] = ""
        else:
            st.session_state.pop(widget, None)


def _open(form: str, version: int, values: dict[str, object]) -> None:
    """Open an edit panel with the stored values in its fields, remembering the version they came from:
    a save checks against that version, not against whatever a later rerun happens to show."""
    st.session_state[OPEN] = form
    st.session_state[f"page:base:{form}"] = version
    st.session_state.pop(CONFLICT + form, None)
    ui.set_errors(form, {})
    for name, current in values.items():
        st.session_state[ui.key(f"{form}_{name}")] = current


def _close(form: str) -> None:
    if st.session_state.get(OPEN) == form:
        st.session_state.pop(OPEN, None)
    st.session_state.pop(f"page:base:{form}", None)
    st.session_state.pop(CONFLICT + form, None)


# --- widgets --------------------------------------------------------------------------------------


def _due_date_field(form: str, current: dt.date | None, *, editing: bool) -> None:
    today = clock.today()
    options: dict[str, str] = {}
    if editing:
        options["keep"] = t("due.keep", date=formatting.date(current)) if current else t("due.keep_none")
    for choice in due_date_choices(today):
        options[choice.key] = t(f"due.{choice.key}", date=formatting.date(choice.date)) if choice.date \
            else t("due.none")
    options["other"] = t("due.other")
    state_key = ui.key(f"{form}_due")
    if st.session_state.get(state_key) not in options:
        st.session_state[state_key] = "keep" if editing else "none"
    st.radio(t("due.label"), options=list(options), format_func=options.get, key=state_key)
    if st.session_state.get(state_key) == "other":
        ui.text_field(form, "due_other", "due.other.field", help_key="due.other.help", autocomplete="off")
    else:
        ui.field_error(form, "due_other")


def _carrier_field(form: str, partners: dict[str, str]) -> None:
    carriers = {Carrier.PERSON: t("carrier.choice.personne"), Carrier.REFERENT: t("carrier.choice.referent"),
                Carrier.PARTNER: t("carrier.choice.partenaire")}
    state_key = ui.key(f"{form}_carrier")
    st.session_state.setdefault(state_key, Carrier.PERSON)
    st.radio(t("carrier.label"), options=list(carriers), format_func=carriers.get, key=state_key)
    ui.field_error(form, "carrier")
    if st.session_state.get(state_key) == Carrier.PARTNER:
        st.selectbox(t("carrier.partner"), options=list(partners), format_func=partners.get, index=None,
                     placeholder=t("choose.placeholder"), key=ui.key(f"{form}_partner"))
        ui.field_error(form, "partner")


def _conflict(form: str, describe) -> None:
    """What is stored now and who changed it; the writer's input stays below."""
    exc: StaleWrite | None = st.session_state.get(CONFLICT + form)
    if exc is None:
        return
    who = ui.plain(exc.changed_by) if exc.changed_by else t("roadmap.conflict.someone")
    when = formatting.datetime(exc.changed_at) if exc.changed_at else ""
    st.warning(t("roadmap.conflict.body", who=who, when=when, current=describe(exc.current)),
               icon=":material/sync_problem:")


def _describe_action(action: ActionView) -> str:
    due = formatting.date(action.due_date) if action.due_date else t("due.none")
    return t("roadmap.action.summary", label=ui.plain(action.label), status=t(f"status.{action.status}"), due=due)


def _describe_goal(goal: GoalView) -> str:
    return t("roadmap.goal.summary", label=ui.plain(goal.label), status=t(f"status.{goal.status}"))


def _comments(comments) -> None:
    for c in comments:
        st.caption(t("roadmap.comment.line", who=ui.plain(c.author_name), when=formatting.datetime(c.created_at)))
        st.write(ui.plain(c.body))


def _comment_form(form: str, goal_id: int | None, action_id: int | None) -> None:
    ui.error_summary(form)
    ui.free_text_field(form, "body", "roadmap.comment.field", limit=COMMENT_MAX, area=True, height=90)
    st.button(t("roadmap.comment.submit"), key=ui.key(f"{form}_send"), on_click=_comment,
              args=(form, goal_id, action_id), use_container_width=True)


def _action_card(action: ActionView, view: RoadmapView, partners: dict[str, str], person_side: bool) -> None:
    form = f"action:{action.id}"
    with st.container(border=True):
        st.markdown(f"**{ui.plain(action.label)}**")
        facts = [t(f"status.{action.status}")]
        if action.due_date:
            facts.append(t("roadmap.action.due", date=formatting.date(action.due_date)))
            if action.overdue(view.today):
                facts.append(t("roadmap.action.overdue"))
        carrier = t(_carrier_label(action.carrier, person_side))
        facts.append(t("roadmap.action.carrier", who=ui.plain(action.partner_name or carrier)))
        st.caption(" · ".join(facts))
        _conflict(form, _describe_action)
        ui.error_summary(form)
        if not view.editable:
            _comments(action.comments)
            return
        row = st.container(horizontal=True)
        for status in _quick_statuses(action):
            label = "quick.reopen" if action.status == ActionStatus.DONE else f"quick.{status}"
            row.button(t(label), key=ui.key(f"{form}_to_{status}"), on_click=_set_action_status,
                       args=(action, status), type="primary" if status == ActionStatus.DONE else "secondary")
        row.button(t("roadmap.edit"), key=ui.key(f"{form}_open"), on_click=_open,
                   args=(form, action.version, {"label": action.label, "status": action.status, "due": "keep",
                                "carrier": action.carrier,
                                "partner": str(action.partner_id) if action.partner_id else None}))
        _comments(action.comments)
        if st.session_state.get(OPEN) == form:
            _action_editor(action, partners)


def _carrier_label(carrier: str, person_side: bool) -> str:
    """The person reads "vous" and "votre référent"; the professional reads the roles."""
    if person_side and carrier in PERSON_SIDE_CARRIERS:
        return PERSON_SIDE_CARRIERS[carrier]
    return f"carrier.{carrier}"


PERSON_SIDE_CARRIERS = {Carrier.PERSON: "carrier.you", Carrier.REFERENT: "carrier.your_referent"}


def _quick_statuses(action: ActionView) -> list[str]:
    """One tap: "done" and "in progress" when the transition table allows them."""
    return [s for s in (ActionStatus.DONE, ActionStatus.IN_PROGRESS) if s in action.next_statuses]


def _action_editor(action: ActionView, partners: dict[str, str]) -> None:
    form = f"action:{action.id}"
    st.subheader(t("roadmap.edit.action"), anchor=False)
    ui.free_text_field(form, "label", "roadmap.field.label", limit=LABEL_MAX)
    statuses = {s: t(f"status.{s}") for s in (action.status, *action.next_statuses)}
    st.radio(t("roadmap.field.status"), options=list(statuses), format_func=statuses.get,
             key=ui.key(f"{form}_status"))
    ui.field_error(form, "status")
    _due_date_field(form, action.due_date, editing=True)
    _carrier_field(form, partners)
    row = st.container(horizontal=True)
    row.button(t("roadmap.save"), key=ui.key(f"{form}_save"), type="primary", on_click=_save_action, args=(action,))
    row.button(t("roadmap.cancel"), key=ui.key(f"{form}_close"), on_click=_close, args=(form,))
    _comment_form(f"comment:action:{action.id}", None, action.id)


def _goal_section(goal: GoalView, view: RoadmapView, partners: dict[str, str], person_side: bool) -> None:
    form = f"goal:{goal.id}"
    done = sum(1 for a in goal.actions if a.status == ActionStatus.DONE)
    title = t("roadmap.goal.title", label=goal.label, status=t(f"status.{goal.status}"), done=done,
              total=len(goal.actions))
    expanded = st.session_state.get(OPEN, "").endswith(f":{goal.id}") or any(
        st.session_state.get(OPEN) == f"action:{a.id}" for a in goal.actions)
    with st.expander(ui.plain(title), expanded=expanded, key=ui.key(f"goal_{goal.id}_section")):
        if not view.editable:
            _read_only_goal(goal, view, partners, person_side)
            return
        _conflict(form, _describe_goal)
        ui.error_summary(form)
        row = st.container(horizontal=True)
        for status in goal.next_statuses:
            row.button(t(f"quick.goal.{status}"), key=ui.key(f"{form}_to_{status}"), on_click=_set_goal_status,
                       args=(goal, status))
        row.button(t("roadmap.edit.goal.open"), key=ui.key(f"{form}_open"), on_click=_open,
                   args=(form, goal.version, {"label": goal.label}))
        if st.session_state.get(OPEN) == form:
            ui.free_text_field(form, "label", "roadmap.field.goal_label", limit=LABEL_MAX)
            edit_row = st.container(horizontal=True)
            edit_row.button(t("roadmap.save"), key=ui.key(f"{form}_save"), type="primary", on_click=_save_goal,
                            args=(goal,))
            edit_row.button(t("roadmap.cancel"), key=ui.key(f"{form}_close"), on_click=_close, args=(form,))
        _comments(goal.comments)
        if not goal.actions:
            st.write(t("roadmap.goal.no_action"))
        for action in goal.actions:
            _action_card(action, view, partners, person_side)
        with st.container(border=True):
            st.markdown(f"**{t('roadmap.action.add')}**")
            _new_action_form(goal, partners)
        with st.container(border=True):
            st.markdown(f"**{t('roadmap.comment.add_goal')}**")
            _comment_form(f"comment:goal:{goal.id}", goal.id, None)


def _read_only_goal(goal: GoalView, view: RoadmapView, partners: dict[str, str], person_side: bool) -> None:
    _comments(goal.comments)
    if not goal.actions:
        st.write(t("roadmap.goal.no_action"))
    for action in goal.actions:
        _action_card(action, view, partners, person_side)


def _new_action_form(goal: GoalView, partners: dict[str, str]) -> None:
    form = f"new_action:{goal.id}"
    ui.error_summary(form)
    with session_scope() as session:
        choices = {c.code: c.label for c in action_choices(session, goal.theme_code)}
    st.selectbox(t("roadmap.action.ref"), options=list(choices), format_func=choices.get, index=None,
                 placeholder=t("roadmap.search.placeholder"), key=ui.key(f"{form}_ref"))
    ui.field_error(form, "ref")
    ui.free_text_field(form, "label", "roadmap.action.own", limit=LABEL_MAX)
    _due_date_field(form, None, editing=False)
    _carrier_field(form, partners)
    st.button(t("roadmap.action.submit"), key=ui.key(f"{form}_send"), type="primary", on_click=_add_action,
              args=(goal.id,), use_container_width=True)


def _new_goal_form(person_id: int) -> None:
    form = "new_goal"
    st.subheader(t("roadmap.goal.add"), anchor=False)
    ui.error_summary(form)
    with session_scope() as session:
        themes = {c.code: c.label for c in theme_choices(session)}
        theme = st.session_state.get(ui.key(f"{form}_theme"))
        targets = {c.code: c.label for c in reference_choices(session, ReferenceKind.TARGET, theme)} if theme else {}
    st.selectbox(t("roadmap.goal.theme"), options=list(themes), format_func=themes.get, index=None,
                 placeholder=t("choose.placeholder"), key=ui.key(f"{form}_theme"))
    ui.field_error(form, "theme")
    if theme:
        st.selectbox(t("roadmap.goal.ref"), options=list(targets), format_func=targets.get, index=None,
                     placeholder=t("roadmap.search.placeholder"), key=ui.key(f"{form}_ref"))
        ui.field_error(form, "ref")
        ui.free_text_field(form, "label", "roadmap.goal.own", limit=LABEL_MAX)
    st.button(t("roadmap.goal.submit"), key=ui.key(f"{form}_send"), type="primary", on_click=_add_goal,
              args=(person_id,), use_container_width=True)


def _status_banner(view: RoadmapView) -> None:
    v = view.validation
    if v.state == "validee":
        st.success(t("validation.state.validee", date=formatting.date(clock.as_paris(v.last_validated_at).date())))
    elif v.state == "modifiee":
        st.warning(t("validation.state.modifiee",
                     date=formatting.date(clock.as_paris(v.last_validated_at).date())))
    else:
        st.info(t("validation.state.jamais"))


def _needs_now(view: RoadmapView, person_side: bool) -> None:
    waiting = view.awaiting(person_side)
    soon = view.needs_now
    if not soon and not waiting:
        return
    st.subheader(t("roadmap.now.title" if person_side else "roadmap.now.title.pro"), anchor=False)
    if waiting:
        st.warning(t("roadmap.now.validation" if person_side else "roadmap.now.validation.pro"))
    for action in soon:
        late = t("roadmap.now.late") if action.overdue(view.today) else ""
        st.write(t("roadmap.now.action", label=ui.plain(action.label), date=formatting.date(action.due_date),
                   late=late))


def _validation_box(view: RoadmapView, person_id: int, person_side: bool) -> None:
    v = view.validation
    if not view.goal_count or v.state == "validee":
        return
    form = "validation"
    with st.container(border=True):
        st.subheader(t("validation.title"), anchor=False)
        st.write(t("validation.intro"))
        ui.error_summary(form)
        for side, at in ((Side.PERSON, v.person_confirmed_at), (Side.REFERENT, v.referent_confirmed_at)):
            who = t(f"validation.who.{side}.{'person' if person_side else 'pro'}")
            st.write(t("validation.done", who=who, when=formatting.datetime(at)) if at
                     else t("validation.missing", who=who))
        if person_side:
            if not v.person_confirmed_at:
                st.button(t("validation.confirm.person"), key=ui.key("validate_self"), type="primary",
                          on_click=_confirm, args=(person_id, v.revision, False), use_container_width=True)
            return
        if not v.referent_confirmed_at:
            st.button(t("validation.confirm.referent"), key=ui.key("validate_referent"), type="primary",
                      on_click=_confirm, args=(person_id, v.revision, False), use_container_width=True)
        if not v.person_confirmed_at:
            st.markdown(f"**{t('validation.presence.title')}**")
            st.write(t("validation.presence.intro"))
            ui.text_field(form, "person_code", "validation.presence.code", type="password", autocomplete="off")
            st.button(t("validation.confirm.presence"), key=ui.key("validate_presence"), on_click=_confirm,
                      args=(person_id, v.revision, True), use_container_width=True)


def _engagement(engagement: EngagementView | None) -> None:
    if engagement is None:
        return
    with st.expander(t("engagement.title", date=formatting.date(clock.as_paris(engagement.validated_at).date()))):
        st.caption(t("engagement.times", person=formatting.datetime(engagement.person_confirmed_at),
                     referent=formatting.datetime(engagement.referent_confirmed_at),
                     channel=t(f"validation.channel.{engagement.person_channel}")))
        for theme in engagement.content["themes"]:
            st.markdown(f"**{ui.plain(theme['theme'])}**")
            for goal in theme["goals"]:
                st.write(t("engagement.goal", label=ui.plain(goal["label"]), status=t(f"status.{goal['status']}")))
                for action in goal["actions"]:
                    st.write(t("engagement.action", label=ui.plain(action["label"]),
                               status=t(f"status.{action['status']}")))


def render() -> None:
    actor = ui.guard()
    person_side = actor.is_beneficiary
    wording = ui.person_wording(actor)
    person_id = ui.person_page(actor, "roadmap.title")
    if person_id is None:
        return
    try:
        with session_scope() as session:
            view = load_roadmap(session, actor, person_id)
            engagement = latest_engagement(session, actor, person_id)
            partners = {c.code: c.label for c in partner_choices(session)}
    except PermissionDenied:
        st.error(t("denied.dossier"))
        return
    ui.show_flash()
    _status_banner(view)
    _needs_now(view, person_side)
    if not view.themes:
        st.write(t("roadmap.empty" if wording else "roadmap.empty.pro"))
    for card in view.themes:
        with st.container(border=True):
            st.subheader(ui.plain(card.label), anchor=False)
            if card.actions_total:
                st.progress(card.actions_done / card.actions_total,
                            text=t("roadmap.theme.progress", done=card.actions_done, total=card.actions_total))
            for goal in card.goals:
                _goal_section(goal, view, partners, person_side)
    if view.editable:
        with st.container(border=True):
            _new_goal_form(person_id)
        _validation_box(view, person_id, person_side)
    _engagement(engagement)
