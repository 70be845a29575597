"""The offer of services: the territory's catalogue in the data·inclusion schema (import, reference
lists), the person's search near them, and the services put in a roadmap (« Ça m'intéresse », a
référent's proposal and the person's answer), with what the service's structure would see.

Public face of the context: other contexts and the pages import from here only."""

from __future__ import annotations

from dossier.services._catalogue import (
    EVENT_DATE,
    CatalogueRejected,
    CatalogueReport,
    Problem,
    import_catalogue,
)
from dossier.services._lists import (
    Choice,
    Commune,
    categories,
    category_label,
    category_of,
    commune,
    commune_named,
    communes,
    distance_km,
    publics,
    theme_mappings,
)
from dossier.services._requests import (
    INTEREST_ALERT_DAYS,
    AlreadyAnswered,
    AlreadyAsked,
    RequestView,
    SharingNote,
    answer,
    express_interest,
    propose,
    requests_of,
    roadmap_theme,
    sharing_note,
)
from dossier.services._search import (
    DEFAULT_RADIUS_KM,
    RADIUS_CHOICES,
    Near,
    ServiceCard,
    ServiceDetail,
    catalogue_choices,
    home_commune,
    plain_hours,
    search,
    service_detail,
)

__all__ = [
    "DEFAULT_RADIUS_KM",
    "EVENT_DATE",
    "INTEREST_ALERT_DAYS",
    "RADIUS_CHOICES",
    "AlreadyAnswered",
    "AlreadyAsked",
    "CatalogueRejected",
    "CatalogueReport",
    "Choice",
    "Commune",
    "Near",
    "Problem",
    "RequestView",
    "ServiceCard",
    "ServiceDetail",
    "SharingNote",
    "answer",
    "catalogue_choices",
    "categories",
    "category_label",
    "category_of",
    "commune",
    "commune_named",
    "communes",
    "distance_km",
    "express_interest",
    "home_commune",
    "import_catalogue",
    "plain_hours",
    "propose",
    "publics",
    "requests_of",
    "roadmap_theme",
    "search",
    "service_detail",
    "sharing_note",
    "theme_mappings",
]
