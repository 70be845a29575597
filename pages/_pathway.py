"""« Fin d'accompagnement », shared by two pages: on the orientation page the référent (or the
coordination) records an exit, corrects it or records the person coming back, records the check-ins
of the follow-up in employment, and reads the history; on their home page the person reads their
latest exit in plain words, may add their comment, and during the follow-up in employment answers
« tout va bien » or asks to be called."""

from __future__ import annotations

import streamlit as st

import ui
from dossier import clock, formatting
from dossier.actor import Actor
from dossier.labels import t
from dossier.pathway import (
    COMMENT_MAX,
    NOTE_MAX,
    REASON_MAX,
    FollowUp,
    PathwayLine,
    answer_all_good,
    ask_to_be_called,
    comment_exit,
    exit_kinds,
    follow_up_of,
    pathway_of,
    record_check_in,
    record_exit,
    reopen,
)
from dossier.vocabulary import ExitContract, WorkingTime
from ui import session_scope

FORM = "exit"
REOPEN_FORM = "exit_reopen"
COMMENT_FORM = "exit_comment"
CHECK_IN_FORM = "check_in"
ANSWER_FORM = "check_in_answer"


def _state(form: str, field: str):
    return st.session_state.get(ui.key(f"{form}_{field}"))


def _save_exit(person_id: int) -> None:
    code = _state(FORM, "exit_code")
    job = code in exit_kinds() and exit_kinds()[code].job
    done = ui.write(FORM, lambda s, a: record_exit(
        s, a, person_id, code, _state(FORM, "exit_date"), _state(FORM, "contract") if job else None,
        _state(FORM, "working_time") if job else None, ui.value(FORM, "reason")))
    if done is not None:
        st.session_state[ui.FLASH] = "exit.saved"
        st.session_state[ui.key(f"{FORM}_reason")] = ""


def _save_reopen(person_id: int) -> None:
    done = ui.write(REOPEN_FORM, lambda s, a: reopen(s, a, person_id, ui.value(REOPEN_FORM, "reason")))
    if done is not None:
        st.session_state[ui.FLASH] = "exit.reopened"
        st.session_state[ui.key(f"{REOPEN_FORM}_reason")] = ""


def _save_comment(person_id: int) -> None:
    done = ui.write(COMMENT_FORM, lambda s, a: comment_exit(s, a, person_id, ui.value(COMMENT_FORM, "comment")))
    if done is not None:
        st.session_state[ui.FLASH] = "home.person.exit.comment.saved"
        st.session_state[ui.key(f"{COMMENT_FORM}_comment")] = ""


def _save_check_in(person_id: int) -> None:
    answer = _state(CHECK_IN_FORM, "still_employed")
    done = ui.write(CHECK_IN_FORM, lambda s, a: record_check_in(
        s, a, person_id, None if answer is None else answer == "yes", ui.value(CHECK_IN_FORM, "note")))
    if done is not None:
        st.session_state[ui.FLASH] = "follow_up.saved"
        st.session_state[ui.key(f"{CHECK_IN_FORM}_note")] = ""
        st.session_state[ui.key(f"{CHECK_IN_FORM}_still_employed")] = None


def _answer(person_id: int, call_me: bool) -> None:
    action = ask_to_be_called if call_me else answer_all_good
    done = ui.write(ANSWER_FORM, lambda s, a: action(s, a, person_id))
    if done is not None:
        st.session_state[ui.FLASH] = f"home.person.follow_up.{'call_me' if call_me else 'all_good'}.saved"


def _follow_up_status(follow_up: FollowUp) -> None:
    """Where the follow-up stands, for the référent: the period, the check-in due or the next one, the
    person's request to be called, the latest news."""
    st.write(t("follow_up.period", start=formatting.date(follow_up.start), until=formatting.date(follow_up.until)))
    due, upcoming, call = follow_up.due, follow_up.next, follow_up.call_requested
    if due is not None:
        st.warning(t("follow_up.due", months=due.months, date=formatting.date(due.due)))
    elif upcoming is not None:
        st.write(t("follow_up.next", months=upcoming.months, date=formatting.date(upcoming.due)))
    else:
        st.write(t("follow_up.none_due"))
    if call is not None:
        st.warning(t("follow_up.call", date=formatting.date(clock.as_paris(call.at).date())))
    if follow_up.check_ins:
        st.caption(t("follow_up.last", when=formatting.date(clock.as_paris(follow_up.check_ins[0].at).date())))
    else:
        st.caption(t("follow_up.last.none"))


def follow_up_section(actor: Actor, person_id: int) -> None:
    """The orientation page's « Suivi dans l'emploi » for the chosen person, while it is open: where it
    stands and the contact note form."""
    with session_scope() as session:
        follow_up = follow_up_of(session, actor, person_id)
    if follow_up is None:
        return
    st.subheader(t("follow_up.title"), anchor=False)
    if follow_up.closed:
        st.write(t("follow_up.closed", date=formatting.date(follow_up.closes_on)))
        return
    _follow_up_status(follow_up)
    with st.container(border=True):
        ui.error_summary(CHECK_IN_FORM)
        st.radio(t("follow_up.still_employed"), ("yes", "no"), index=None,
                 format_func=lambda v: t(f"follow_up.still_employed.{v}"),
                 key=ui.key(f"{CHECK_IN_FORM}_still_employed"))
        ui.field_error(CHECK_IN_FORM, "still_employed")
        ui.free_text_field(CHECK_IN_FORM, "note", "follow_up.note", limit=NOTE_MAX, area=True)
        st.button(t("follow_up.save"), key=ui.key("check_in_save"), on_click=_save_check_in, args=(person_id,),
                  use_container_width=True)


def _person_follow_up(actor: Actor, follow_up: FollowUp) -> None:
    """The person's side of the follow-up: until when, the next news asked, « tout va bien » and the
    request to be called (or the request already sent)."""
    st.write(t("home.person.follow_up", until=formatting.date(follow_up.until)))
    if follow_up.due is not None:
        st.write(t("home.person.follow_up.due"))
    elif follow_up.next is not None:
        st.write(t("home.person.follow_up.next", date=formatting.date(follow_up.next.due)))
    ui.error_summary(ANSWER_FORM)
    st.button(t("home.person.follow_up.all_good"), key=ui.key("check_in_all_good"), on_click=_answer,
              args=(actor.id, False), use_container_width=True)
    call = follow_up.call_requested
    if call is not None:
        st.write(t("home.person.follow_up.call_me.pending", date=formatting.date(clock.as_paris(call.at).date())))
    else:
        st.button(t("home.person.follow_up.call_me"), key=ui.key("check_in_call_me"), on_click=_answer,
                  args=(actor.id, True), use_container_width=True)


def _day(line: PathwayLine) -> str:
    return formatting.date(line.day)


def _job(line: PathwayLine) -> str | None:
    if not line.contract:
        return None
    return t("exit.job", contract=t(f"exit.contract.{line.contract}"),
             working_time=t(f"exit.working_time.{line.working_time}").lower())


def history_lines(lines: list[PathwayLine]) -> None:
    """Every exit and return, newest first, with the person's comment."""
    for line in lines:
        if line.is_exit:
            st.write(ui.plain(t("exit.current", date=_day(line), label=line.label or line.exit_code)))
            job = _job(line)
            if job:
                st.write(job)
        else:
            st.write(t("exit.line.reopened", date=_day(line)))
        if line.reason:
            st.caption(ui.plain(t("exit.line.reason", reason=line.reason, who=line.recorded_by)))
        else:
            st.caption(ui.plain(t("exit.line.who", who=line.recorded_by)))
        if line.comment:
            st.caption(ui.plain(t("home.person.exit.comment", comment=line.comment)))


def exit_section(actor: Actor, person_id: int) -> None:
    """The orientation page's section for the chosen person: where the accompaniment stands, the exit
    form (a correction when it has ended already), the return when it has ended, and the history."""
    with session_scope() as session:
        pathway = pathway_of(session, actor, person_id)
    current = pathway.current_exit
    st.subheader(t("exit.title"), anchor=False)
    if current is None:
        st.write(t("exit.current.none"))
    else:
        st.write(ui.plain(t("exit.current", date=_day(current), label=current.label or current.exit_code)))
    kinds = exit_kinds()
    with st.container(border=True):
        ui.error_summary(FORM)
        code = st.selectbox(t("exit.kind"), list(kinds), format_func=lambda c: kinds[c].label, index=None,
                            placeholder=t("choose.placeholder"), key=ui.key(f"{FORM}_exit_code"))
        ui.field_error(FORM, "exit_code")
        st.session_state.setdefault(ui.key(f"{FORM}_exit_date"), clock.today().strftime("%d/%m/%Y"))
        ui.text_field(FORM, "exit_date", "exit.date", help_key="due.other.help", autocomplete="off")
        if code in kinds and kinds[code].job:
            st.selectbox(t("exit.contract"), list(ExitContract), format_func=lambda c: t(f"exit.contract.{c}"),
                         index=None, placeholder=t("choose.placeholder"), key=ui.key(f"{FORM}_contract"))
            ui.field_error(FORM, "contract")
            st.radio(t("exit.working_time"), list(WorkingTime), format_func=lambda w: t(f"exit.working_time.{w}"),
                     index=None, key=ui.key(f"{FORM}_working_time"))
            ui.field_error(FORM, "working_time")
        st.caption(t("exit.reason.help"))
        ui.free_text_field(FORM, "reason", "exit.reason", limit=REASON_MAX, area=True)
        st.button(t("exit.correct" if current else "exit.save"), key=ui.key("exit_save"), on_click=_save_exit,
                  args=(person_id,), use_container_width=True)
    if current is not None:
        with st.container(border=True):
            st.write(t("exit.reopen"))
            ui.error_summary(REOPEN_FORM)
            ui.free_text_field(REOPEN_FORM, "reason", "exit.reopen.reason", limit=REASON_MAX, area=True)
            st.button(t("exit.reopen.save"), key=ui.key("exit_reopen"), on_click=_save_reopen, args=(person_id,),
                      use_container_width=True)
    follow_up_section(actor, person_id)
    if pathway.lines:
        st.subheader(t("exit.history"), anchor=False)
        history_lines(pathway.lines)


def person_exit(actor: Actor) -> None:
    """On the person's home page, when their accompaniment has ended: when, why, in plain words, what
    was written, their own comment and the field to add one."""
    with session_scope() as session:
        current = pathway_of(session, actor, actor.id).current_exit
        follow_up = follow_up_of(session, actor, actor.id) if current is not None else None
    if current is None:
        return
    if follow_up is not None and not follow_up.closed:
        with st.container(border=True):
            st.subheader(t("home.person.follow_up.title"), anchor=False)
            _person_follow_up(actor, follow_up)
    with st.container(border=True):
        st.subheader(t("home.person.exit"), anchor=False)
        st.write(t("home.person.exit.when", date=_day(current)))
        st.write(ui.plain(t("home.person.exit.why", label=current.label or current.exit_code)))
        job = _job(current)
        if job:
            st.write(job)
        if current.reason:
            st.write(ui.plain(t("home.person.exit.reason", reason=current.reason)))
        if current.comment:
            st.write(ui.plain(t("home.person.exit.comment", comment=current.comment)))
        ui.error_summary(COMMENT_FORM)
        ui.free_text_field(COMMENT_FORM, "comment", "home.person.exit.comment.field", limit=COMMENT_MAX, area=True)
        st.button(t("home.person.exit.comment.save"), key=ui.key("exit_comment_save"), on_click=_save_comment,
                  args=(actor.id,), use_container_width=True)
        st.caption(t("home.person.exit.back"))
