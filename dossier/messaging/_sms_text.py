"""How many SMS a text costs: 160 characters of the GSM alphabet in one, 153 per part beyond; a single
character outside it (ê, ç, œ, curly quotes) switches the whole text to 70/67. Invitation texts are
written in the GSM alphabet to stay within two parts."""

from __future__ import annotations

GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXTENDED = set("^{}\\[~]|€")  # two characters each


def is_gsm(text: str) -> bool:
    return all(c in GSM_BASIC or c in GSM_EXTENDED for c in text)


def sms_segments(text: str) -> int:
    """The number of SMS parts the text is sent in."""
    if is_gsm(text):
        length = sum(2 if c in GSM_EXTENDED else 1 for c in text)
        single, part = 160, 153
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, part = 70, 67
    return 1 if length <= single else -(-length // part)


PLAIN = str.maketrans({"ê": "e", "ë": "e", "â": "a", "î": "i", "ï": "i", "ô": "o", "û": "u", "ç": "c",
                       "Ê": "E", "È": "E", "À": "A", "Â": "A", "Î": "I", "Ô": "O", "Û": "U", "œ": "oe",
                       "Œ": "OE", "’": "'", "‘": "'", "«": '"', "»": '"', "\u00a0": " ", "\u202f": " ",
                       "–": "-", "—": "-", "…": "..."})


def to_gsm(text: str) -> str:
    """The text with the French letters the GSM alphabet lacks written plainly (ê → e, ç → c, œ → oe):
    a structure's name must not triple the cost of an invitation."""
    return text.translate(PLAIN)
