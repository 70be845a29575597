"""Who acts: passed to every service, so that every rule can ask."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from storage.vocabulary import Role

ActorKind = Literal["beneficiary", "professional", "system"]


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    id: int | None
    display_name: str
    organisation_id: int | None = None
    roles: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def system(cls) -> Actor:
        """The operator at the server's command line (`python -m dossier ...`)."""
        return cls(kind="system", id=None, display_name="Administration (ligne de commande)")

    @property
    def is_beneficiary(self) -> bool:
        return self.kind == "beneficiary"

    @property
    def is_professional(self) -> bool:
        return self.kind == "professional"

    @property
    def is_system(self) -> bool:
        return self.kind == "system"

    def has_role(self, *roles: str) -> bool:
        return self.is_professional and bool(self.roles.intersection(roles))

    @property
    def role(self) -> str:
        """The role a history event or a log row is signed with: 'personne', the professional's main
        role, or 'systeme'."""
        if self.is_beneficiary:
            return "personne"
        if self.is_professional:
            return next((r for r in Role if self.has_role(r)), "professionnel")  # the first held, in Role's order
        return "systeme"
