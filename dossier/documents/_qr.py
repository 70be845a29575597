"""QR codes as PNG images: for addresses only (activation page, appointment confirmation), never for
personal data."""

from __future__ import annotations

import io

import qrcode


def qr_png(text: str, box_size: int = 8) -> bytes:
    image = qrcode.make(text, box_size=box_size, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
