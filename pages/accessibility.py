"""« Accessibilité » : the accessibility statement a French public service must publish (RGAA), open
to everyone, signed in or not. It says plainly what was checked and how to report a barrier."""

from __future__ import annotations

import streamlit as st

from dossier.labels import t

SECTIONS = ("status", "checked", "limits", "report", "recourse")


def render() -> None:
    st.title(t("accessibility.title"), anchor=False)
    st.write(t("accessibility.intro"))
    for section in SECTIONS:
        st.subheader(t(f"accessibility.{section}.title"), anchor=False)
        st.markdown(t(f"accessibility.{section}"))
