"""What the person shares and with whom: consents by category, the log of who consulted the dossier,
and « Télécharger mon dossier » (everything held about the person).

Public face of the context: other contexts and the pages import from here only."""

from __future__ import annotations

from dossier.sharing._consent import (
    LEGAL_BASIS,
    PURPOSE,
    SHARED_CATEGORIES,
    Recipient,
    RecipientRow,
    consent_history,
    give,
    notice_hash,
    recipient_from_key,
    sharing_view,
    withdraw,
)
from dossier.sharing._consultations import (
    consultations,
)
from dossier.sharing._export import (
    consent_line,
    consultation_heading,
    consultation_parts,
    export_data,
    export_json,
    export_pdf,
)

__all__ = [
    "LEGAL_BASIS",
    "PURPOSE",
    "Recipient",
    "RecipientRow",
    "SHARED_CATEGORIES",
    "consent_history",
    "consent_line",
    "consultation_heading",
    "consultation_parts",
    "consultations",
    "export_data",
    "export_json",
    "export_pdf",
    "give",
    "notice_hash",
    "recipient_from_key",
    "sharing_view",
    "withdraw",
]
