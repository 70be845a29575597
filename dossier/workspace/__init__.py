"""The référent's workspace: the caseload (file active) with its alerts.

Public face of the context: other contexts and the pages import from here only."""

from __future__ import annotations

from dossier.workspace._caseload import (
    ALERT_PAGE,
    SORTS,
    Alert,
    CaseRow,
    file_active,
)

__all__ = [
    "ALERT_PAGE",
    "Alert",
    "CaseRow",
    "SORTS",
    "file_active",
]
