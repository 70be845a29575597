"""Refusals: every "no" a user can meet, as one family of exceptions that pages turn into French.

A refusal carries a key of the French catalogue (`dossier/labels.py`) and the values it names, plus the
field it belongs to when it has one; never French text built in a service, never an input value (a
refusal may be logged). Pages catch the base class everywhere (`ui/forms.py: submit`), so a new
refusal is shown as a refusal without its caller having to list it; anything else is a bug.
"""

from __future__ import annotations

Message = str | tuple[str, dict[str, object]]  # a catalogue key, or a key and the values it names


class Refusal(Exception):
    """The base of every refusal a user can meet. `key` is the class's default message."""

    key = "error.refused"

    def __init__(self, key: str | None = None, /, *, field: str | None = None, **values: object) -> None:
        self.key = key or type(self).key
        self.field = field
        self.values = values
        super().__init__(self.key)  # the key only: safe in a log

    def messages(self) -> dict[str, Message]:
        """Where the page shows it: under its field when it names one, else at the top of the form."""
        return {self.field or "_form": (self.key, self.values) if self.values else self.key}


class FieldErrors(Refusal):
    """Bad input: one catalogue key per field. Raised before anything is written."""

    key = "error.summary"

    def __init__(self, errors: dict[str, Message]):
        super().__init__()
        self.errors = errors
        self.args = (", ".join(errors),)  # field names only: never echo the input

    def messages(self) -> dict[str, Message]:
        return dict(self.errors)


class PermissionDenied(Refusal):
    """The policy said no. The key names what was refused, never whose dossier it was."""

    key = "denied.action"


class NotFound(Refusal):
    """Nothing matches, or the actor may not know that it exists."""

    key = "error.not_found"
