"""Territory indicators for coordination: aggregates only, small counts masked, definitions in
docs/indicateurs.md.

Public face of the context: other contexts and the pages import from here only."""

from __future__ import annotations

from dossier.pilotage._indicators import (
    SMALL_CELL,
    Delay,
    Exits,
    FollowUpsEnded,
    Indicators,
    Orientations,
    by_structure,
    definitions,
    exits,
    follow_ups_ended,
    indicators,
    is_small,
    masked,
    masked_count_and_rate,
    masked_delay,
    masked_rate,
    orientation_delay,
    slot_shortage,
    titles,
)
from dossier.pilotage._services import (
    WHITE_ZONE_KM,
    AskedService,
    WhiteZone,
    services_asked,
    white_zones,
)

__all__ = [
    "AskedService",
    "WHITE_ZONE_KM",
    "WhiteZone",
    "services_asked",
    "white_zones",
    "Delay",
    "Exits",
    "FollowUpsEnded",
    "Indicators",
    "Orientations",
    "SMALL_CELL",
    "by_structure",
    "definitions",
    "exits",
    "follow_ups_ended",
    "indicators",
    "is_small",
    "masked",
    "masked_count_and_rate",
    "masked_delay",
    "masked_rate",
    "orientation_delay",
    "slot_shortage",
    "titles",
]
