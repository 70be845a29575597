"""The feuille de route co-edited by the person and their référent: goals and actions, the diagnostic,
the validation (contrat d'engagement) and the append-only history of every change.

Public face of the context: other contexts and the pages import from here only."""

from __future__ import annotations

from dossier.roadmap._diagnostic import (
    declare,
    load_diagnostic,
    remove,
)
from dossier.roadmap._engagement import (
    EngagementView,
    confirm,
    latest_engagement,
)
from dossier.roadmap._history import (
    HistoryLine,
    person_history,
)
from dossier.roadmap._roadmap import (
    FINISHED_ACTION_STATUSES,
    ActionView,
    GoalView,
    RoadmapView,
    StaleWrite,
    action_choices,
    add_action,
    add_comment,
    add_goal,
    due_date_choices,
    load_roadmap,
    parse_due_date,
    partner_choices,
    readable_themes,
    reference_choices,
    theme_choices,
    update_action,
    update_goal,
)

__all__ = [
    "ActionView",
    "EngagementView",
    "FINISHED_ACTION_STATUSES",
    "GoalView",
    "RoadmapView",
    "StaleWrite",
    "action_choices",
    "add_action",
    "add_comment",
    "add_goal",
    "confirm",
    "declare",
    "due_date_choices",
    "latest_engagement",
    "load_diagnostic",
    "load_roadmap",
    "parse_due_date",
    "partner_choices",
    "HistoryLine",
    "person_history",
    "readable_themes",
    "reference_choices",
    "remove",
    "theme_choices",
    "update_action",
    "update_goal",
]
