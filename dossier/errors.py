"""Errors that services raise and pages turn into French messages."""

from __future__ import annotations


class FieldErrors(Exception):
    """Bad input: one French message per field. Raised before anything is written."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(errors))  # field names only: never echo the input
        self.errors = errors


class PermissionDenied(Exception):
    """The policy said no. The message is safe to show (it names no personal data)."""


class NotFound(Exception):
    """Nothing matches, or the actor may not know that it exists."""
