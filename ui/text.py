"""Text from the store shown as text, never as markup: escaped for Streamlit's Markdown (`plain`) and
for HTML (`html_table`)."""

from __future__ import annotations

import html
import re

MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>#|~$!])")
WORD_JOINER = "\u2060"  # invisible, not read out: splits what the renderer would turn into a link or an icon
# "http://", ":material/…:", ":smile:" (not "16:50" nor "Structure : X"), "a@b.fr", "www.…"
LINK_TRIGGERS = re.compile(r"(:(?=//|[a-z_+])|@(?=\w)|(?<![^\W_])www(?=\.))", re.IGNORECASE)


def plain(text: str) -> str:
    """Text from the store shown literally: never Markdown, a link or an icon. Markdown's own characters
    are escaped; what Streamlit's renderer turns into a link after escaping (`http://…`, `www.…`, an
    e-mail) or an icon (`:material/…:`, `:smile:`) gets an invisible word joiner after that `:`, `@` or
    `www`; a time (16:50) or French punctuation (« Structure : X ») stays as it is."""
    return LINK_TRIGGERS.sub(lambda m: m.group(0) + WORD_JOINER, MARKDOWN_SPECIALS.sub(r"\\\1", text))


def html_table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain HTML table with real headers (st.dataframe fails axe's empty-table-header)."""
    head = "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
