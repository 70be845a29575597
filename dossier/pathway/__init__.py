"""The person's pathway after orientation: the end of the accompaniment (« fin d'accompagnement »:
which exit, from `dossier/data/sorties.tsv`), the person coming back, the person's own comment, and
the follow-up in employment after an exit to lasting work (« suivi dans l'emploi »).

Public face of the context: other contexts and the pages import from here only."""

from __future__ import annotations

from dossier.pathway._exits import (
    COMMENT_MAX,
    REASON_MAX,
    Pathway,
    PathwayLine,
    comment_exit,
    pathway_of,
    record_exit,
    reopen,
)
from dossier.pathway._follow_up import (
    CLOSE_GRACE_DAYS,
    NOTE_MAX,
    CheckIn,
    FollowUp,
    Milestone,
    answer_all_good,
    ask_to_be_called,
    follow_up_of,
    follow_ups,
    record_check_in,
)
from dossier.pathway._history import full_history
from dossier.pathway._kinds import ExitKind, exit_kinds

__all__ = [
    "CLOSE_GRACE_DAYS",
    "COMMENT_MAX",
    "NOTE_MAX",
    "CheckIn",
    "FollowUp",
    "Milestone",
    "answer_all_good",
    "ask_to_be_called",
    "follow_up_of",
    "follow_ups",
    "full_history",
    "record_check_in",
    "REASON_MAX",
    "ExitKind",
    "Pathway",
    "PathwayLine",
    "comment_exit",
    "exit_kinds",
    "pathway_of",
    "record_exit",
    "reopen",
]
