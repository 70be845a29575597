"""CSV files in and out: one decoder for every imported file (the administration page and the CLI), one
writer for every download meant for a spreadsheet.

Decoding: a file saved by Excel on Windows is in Windows-1252, not UTF-8. Reading it with replacement
characters would store « B�ranger » for good, so a file is read as UTF-8 (with or without BOM), else as
Windows-1252 (and the confirmation says so), else refused with a French message — never guessed.

Writing: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to a
spreadsheet (OWASP « CSV injection »): a structure named `=HYPERLINK(...)` would become a live link in the
coordinator's spreadsheet. Such cells get a leading apostrophe, which spreadsheets show as text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from dossier.errors import FieldErrors

# (Python codec, the name the person sees), in the order they are tried.
ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"))
# Characters no text file holds: NUL and the other C0 controls except tab, line feed and carriage return.
BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?\s?%?")  # "-3", "12,5 %": numbers, not formulas


@dataclass(frozen=True)
class DecodedFile:
    text: str
    encoding: str  # "UTF-8" or "Windows-1252", shown in the confirmation

    @property
    def is_utf8(self) -> bool:
        return self.encoding == ENCODINGS[0][1]


def decode(data: bytes, field: str = "file") -> DecodedFile:
    """The text of an uploaded CSV file; FieldErrors on `field` when no supported encoding reads it."""
    for codec, name in ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if BINARY.search(text):
            break  # UTF-16, a spreadsheet's own format, a picture: no text encoding will read it
        return DecodedFile(text, name)
    raise FieldErrors({field: "error.import.encoding"})


def safe_cell(value: object) -> str:
    """The cell as a spreadsheet will show it: text that would start a formula is made plain text."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(headers: Iterable[object], rows: Iterable[Iterable[object]]) -> bytes:
    """`;`-separated UTF-8 with a BOM (so a French spreadsheet opens it with its accents), every cell
    made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([safe_cell(h) for h in headers])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
