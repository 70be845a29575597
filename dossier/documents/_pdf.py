"""Readable French PDF documents (the person's export, invitation letters), with fonts shipped in the
project (DejaVu covers every French character and many others) so that the output never depends on
the machine."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from fpdf import FPDF

from dossier.labels import t

FONTS = Path(__file__).resolve().parents[1] / "data" / "fonts"
# fpdf2's font subsetter logs the glyphs it keeps at INFO: the letters of a person's file do not belong in logs.
logging.getLogger("fontTools").setLevel(logging.WARNING)


class FrenchDocument(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=15)
        self.set_title(title)
        self.set_lang("fr")
        self.add_page()

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 8, t("export.pdf.page", page=self.page_no()), align="C")

    def heading(self, text: str) -> None:
        self.ln(3)
        self.set_font("DejaVu", "B", 14)
        self.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 11)

    def line_of(self, text: str, *, bold: bool = False) -> None:
        self.set_font("DejaVu", "B" if bold else "", 11)
        self.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")

    def picture(self, png: bytes, width_mm: float) -> None:
        self.image(io.BytesIO(png), w=width_mm)

    def as_bytes(self) -> bytes:
        return bytes(self.output())
