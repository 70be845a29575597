"""« Ce qui a changé » with the pathway in it: the roadmap's history (`dossier.roadmap`) and, in the same
words and order, the ends of the accompaniment, the returns, the person's comments, the check-ins of
the follow-up in employment and the line that closes it. Read as the roadmap is."""

from __future__ import annotations

from sqlmodel import Session, select

from dossier import formatting
from dossier.actor import Actor
from dossier.labels import t
from dossier.pathway._exits import pathway_of
from dossier.pathway._follow_up import CheckIn, FollowUp, follow_ups
from dossier.roadmap import HistoryLine, person_history
from storage.models import PathwayComment
from storage.vocabulary import CheckInKind


def _check_in_line(row: CheckIn, viewer: Actor) -> HistoryLine:
    mine = row.by_person and viewer.is_beneficiary
    who = t("history.who.you") if mine else (t("history.who.person", name=row.who) if row.by_person else row.who)
    what = t(f"history.check_in.{row.kind}{'.you' if mine else ''}")
    details = []
    if row.kind == CheckInKind.NOTE:
        details.append(t("history.check_in.employed" if row.still_employed else "history.check_in.not_employed"))
    if row.milestone:
        details.append(t("history.check_in.milestone", months=row.milestone))
    if row.note:
        details.append(t("history.check_in.note", note=row.note))
    return HistoryLine(row.at, who, what, tuple(details), False)


def _closing_line(follow_up: FollowUp) -> HistoryLine:
    employed = follow_up.still_employed
    outcome = t("history.follow_up.unknown" if employed is None
                else "history.follow_up.employed" if employed else "history.follow_up.not_employed")
    return HistoryLine(follow_up.closed_at, t("history.who.system"), t("history.follow_up.closed"),
                       (t("history.follow_up.summary", start=formatting.date(follow_up.start),
                          until=formatting.date(follow_up.until), done=follow_up.answered,
                          total=len(follow_up.milestones)), outcome), False)


def full_history(session: Session, actor: Actor, person_id: int, *, limit: int = 200) -> list[HistoryLine]:
    """Newest first, at most `limit` lines."""
    lines = person_history(session, actor, person_id, limit=limit)
    pathway = pathway_of(session, actor, person_id)  # opens the dossier (and refuses) as the roadmap does
    for line in pathway.lines:
        if line.is_exit:
            what = t("history.exit", label=line.label or line.exit_code, date=formatting.date(line.day))
        else:
            what = t("history.reopened", date=formatting.date(line.day))
        details = (t("history.exit.reason", reason=line.reason),) if line.reason else ()
        lines.append(HistoryLine(line.recorded_at, line.recorded_by, what, details, False))
    if pathway.lines:
        for comment in session.exec(select(PathwayComment).where(PathwayComment.beneficiary_id == person_id)).all():
            mine = actor.is_beneficiary and actor.id == person_id
            lines.append(HistoryLine(comment.written_at, t("history.who.you") if mine else t("history.who.the_person"),
                                     t("history.exit.comment.you" if mine else "history.exit.comment"),
                                     (t("history.check_in.note", note=comment.comment),), False))
    follow_up = follow_ups(session, [person_id]).get(person_id)
    if follow_up is not None:
        if follow_up.closed:  # before the check-ins: at the same moment as the answer that closed it, above it
            lines.append(_closing_line(follow_up))
        lines.extend(_check_in_line(row, actor) for row in follow_up.check_ins)
    lines.sort(key=lambda line: line.at, reverse=True)  # stable: equal moments keep the order above
    return lines[:limit]
