"""The domain's words (statuses, roles, channels) for the pages: they live in `storage.vocabulary`,
where the tables' CHECK constraints are built from them, and are named here so that pages never import
`storage` (an import-linter contract). One definition: these are the same enum classes."""

from __future__ import annotations

from storage.vocabulary import (
    ActionStatus,
    BookingChannel,
    BookingStatus,
    Carrier,
    Category,
    CheckInKind,
    DeviceEndReason,
    ExitContract,
    GoalStatus,
    OrganisationType,
    OrientationKind,
    OutboxChannel,
    OutboxKind,
    OutboxStatus,
    PathwayEventKind,
    PresenceChannel,
    ReferenceKind,
    Role,
    Side,
    SituationSource,
    WorkingTime,
)

__all__ = [
    "ActionStatus",
    "BookingChannel",
    "BookingStatus",
    "Carrier",
    "Category",
    "CheckInKind",
    "DeviceEndReason",
    "ExitContract",
    "GoalStatus",
    "OrganisationType",
    "OrientationKind",
    "OutboxChannel",
    "OutboxKind",
    "OutboxStatus",
    "PathwayEventKind",
    "PresenceChannel",
    "ReferenceKind",
    "Role",
    "Side",
    "SituationSource",
    "WorkingTime",
]
