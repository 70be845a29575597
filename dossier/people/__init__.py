"""The people of the territory and the organisations that accompany them: the dossier's home, the
territory's structures and professionals, imports, orientation and exceptional access.

Public face of the context: other contexts and the pages import from here only."""

from __future__ import annotations

from dossier.people._exceptional import (
    open_exceptional,
    running_accesses,
)
from dossier.people._imports import (
    ImportRejected,
    import_file,
)
from dossier.people._orientation import (
    WAITING_LISTED,
    OrientationLine,
    WaitingForOrientation,
    choices,
    find_person,
    history,
    orient,
    waiting_for_orientation,
)
from dossier.people._people import (
    InvitationTarget,
    caseload,
    desk_search_errors,
    person_home,
    professional_home,
    search_for_desk,
    shared_with_me,
)
from dossier.people._territory import (
    create_organisation,
    create_place,
    create_professional,
    organisations,
    places,
    professionals,
    reset_password,
    set_active,
    set_organisation_sign_in,
)

__all__ = [
    "WAITING_LISTED",
    "ImportRejected",
    "InvitationTarget",
    "OrientationLine",
    "WaitingForOrientation",
    "caseload",
    "choices",
    "create_organisation",
    "set_organisation_sign_in",
    "create_place",
    "create_professional",
    "desk_search_errors",
    "find_person",
    "history",
    "import_file",
    "open_exceptional",
    "organisations",
    "orient",
    "person_home",
    "places",
    "professional_home",
    "professionals",
    "reset_password",
    "running_accesses",
    "search_for_desk",
    "set_active",
    "shared_with_me",
    "waiting_for_orientation",
]
