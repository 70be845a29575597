"""The person's pathway after orientation: the end of the accompaniment (« fin d'accompagnement »:
which exit, from `dossier/data/sorties.tsv`), the person coming back, and the person's own comment.

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
from dossier.pathway._kinds import ExitKind, exit_kinds

__all__ = [
    "COMMENT_MAX",
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
