"""Readable PDF documents (the person's export, invitation letters, the appointment on paper) in the
person's language, with fonts shipped in the project (DejaVu covers French, English and Arabic) so that
the output never depends on the machine. Arabic is shaped by HarfBuzz (`uharfbuzz`, through fpdf2's
text shaping: joined letter forms, right to left, numbers and references left to right inside) and
aligned to the right; French and English are set as before, without shaping."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from fpdf import FPDF

from dossier import i18n
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
        self.align = "L"
        self.speak(i18n.language())
        self.add_page()

    def speak(self, language: str) -> None:
        """What follows is in `language` (a campaign's letters may each be in their person's)."""
        self.set_lang(i18n.known(language))
        if i18n.right_to_left(language):
            self.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="ara")
            self.align = "R"
        else:
            self.set_text_shaping(False)
            self.align = "L"

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 8, t("export.pdf.page", page=self.page_no()), align="C")

    def heading(self, text: str) -> None:
        self.ln(3)
        self.set_font("DejaVu", "B", 14)
        self.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT", align=self.align)
        self.set_font("DejaVu", "", 11)

    def line_of(self, text: str, *, bold: bool = False) -> None:
        self.set_font("DejaVu", "B" if bold else "", 11)
        self.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT", align=self.align)

    def title_line(self, text: str) -> None:
        self.set_font("DejaVu", "B", 16)
        self.multi_cell(0, 9, text, new_x="LMARGIN", new_y="NEXT", align=self.align)

    def picture(self, png: bytes, width_mm: float) -> None:
        x = self.w - self.r_margin - width_mm if self.align == "R" else None
        self.image(io.BytesIO(png), x=x, w=width_mm)

    def as_bytes(self) -> bytes:
        return bytes(self.output())
