"""Rendering only, no rule and no database: French PDF documents, QR codes, spreadsheet-safe CSV files.

Public face of the context: other contexts and the pages import from here only."""

from __future__ import annotations

from dossier.documents._csvfile import (
    decode,
    write_csv,
)
from dossier.documents._pdf import (
    FrenchDocument,
)
from dossier.documents._qr import (
    qr_png,
)

__all__ = [
    "FrenchDocument",
    "decode",
    "qr_png",
    "write_csv",
]
