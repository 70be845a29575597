"""« Télécharger mon dossier » : everything held about the person, as a readable PDF and as JSON.

The files are built when the person asks (not at each page view) and kept in their session only.
"""

from __future__ import annotations

import streamlit as st

import ui
from dossier.errors import PermissionDenied
from dossier.labels import t
from dossier.sharing import export_data, export_json, export_pdf
from ui import session_scope

READY = "page:export_files"  # page-scoped: dropped when the person leaves the page


def _prepare() -> None:
    with session_scope() as session:
        actor = ui.acting_actor(session)
        if actor is None:
            return
        try:
            data = export_data(session, actor, actor.id)
            pdf = export_pdf(session, actor, actor.id)
        except PermissionDenied:
            ui.set_errors("export", {"_form": "denied.dossier"})
            return
    count = sum(len(rows) for rows in data["tables"].values())
    st.session_state[READY] = (export_json(data), pdf, count)


def render() -> None:
    actor = ui.guard()
    st.title(t("export.title"), anchor=False)
    if not actor.is_beneficiary:
        st.error(t("denied"))
        return
    st.write(t("export.intro"))
    ui.error_summary("export")
    ready = st.session_state.get(READY)
    if ready is None:
        st.button(t("export.prepare"), key=ui.key("export_prepare"), type="primary", on_click=_prepare,
                  use_container_width=True)
        return
    data, pdf, count = ready
    st.success(t("export.ready", count=count))
    st.download_button(t("export.pdf"), data=pdf, file_name="mon-dossier.pdf", mime="application/pdf",
                       key=ui.key("export_pdf"), type="primary", use_container_width=True, on_click="ignore")
    st.download_button(t("export.json"), data=data, file_name="mon-dossier.json", mime="application/json",
                       key=ui.key("export_json"), use_container_width=True, on_click="ignore")
