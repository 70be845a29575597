"""Administration (admin, coordinateur): structures, places, professional accounts (create, deactivate,
reset a password) and the import of people from a CSV file — the same services as the command line."""

from __future__ import annotations

import streamlit as st

import ui
from dossier import accounts, formatting, people, services
from dossier.labels import t
from dossier.people import ImportRejected, import_file
from dossier.policy import Permission
from dossier.settings import get_settings
from dossier.vocabulary import OrganisationType, Role
from ui import session_scope

PROBLEMS = "page:admin_import_problems"  # the rejected lines of the last import (no content, numbers and reasons)
SERVICE_PROBLEMS = "page:admin_services_problems"  # the invalid records of the last catalogue import


def _value(form: str, field: str):
    return st.session_state.get(ui.key(f"{form}_{field}"))


def _done(form: str, message: str, *fields: str) -> None:
    st.session_state[ui.FLASH] = message
    ui.clear_values(form, *fields)


def _create_structure() -> None:
    form = "admin_org"
    created = ui.write(form, lambda s, a: people.create_organisation(
        s, a, code=ui.value(form, "code"), name=ui.value(form, "name"), type=_value(form, "type") or ""))
    if created is not None:
        _done(form, "admin.saved", "code", "name")


def _create_place() -> None:
    form = "admin_place"
    created = ui.write(form, lambda s, a: people.create_place(
        s, a, organisation_code=_value(form, "organisation") or "", name=ui.value(form, "name"),
        address=ui.value(form, "address"), postcode=ui.value(form, "postcode"), city=ui.value(form, "city"),
        step_free=bool(_value(form, "step_free")), is_mie=bool(_value(form, "is_mie")),
        phone=ui.value(form, "phone")))
    if created is not None:
        _done(form, "admin.saved", "name", "address", "postcode", "city", "phone")


def _create_account() -> None:
    form = "admin_account"
    created = ui.write(form, lambda s, a: people.create_professional(
        s, a, organisation_code=_value(form, "organisation") or "", first_name=ui.value(form, "first_name"),
        last_name=ui.value(form, "last_name"), email=ui.value(form, "email"), roles=_value(form, "roles") or [],
        password=ui.value(form, "password")), clear_on_error=("password",))
    if created is not None:
        _done(form, "admin.saved", "first_name", "last_name", "email", "password")


def _set_active(professional_id: int, active: bool) -> None:
    ui.write("admin_accounts", lambda s, a: people.set_active(s, a, professional_id, active))
    if not ui.errors_of("admin_accounts"):
        st.session_state[ui.FLASH] = "admin.saved"


def _reset_password() -> None:
    form = "admin_reset"
    account = _value(form, "account")
    if not account:
        ui.set_errors(form, {"account": "error.required"})
        return
    ui.write(form, lambda s, a: people.reset_password(s, a, account, ui.value(form, "password")),
             clear_on_error=("password",))
    if not ui.errors_of(form):
        _done(form, "admin.password.done", "password")


def _import() -> None:
    form = "admin_import"
    upload = _value(form, "file")
    organisation = _value(form, "organisation") or ""
    if upload is None:
        ui.set_errors(form, {"file": "error.import.file"})
        return
    data = upload.getvalue()

    def attempt(session, actor):
        try:
            return import_file(session, actor, data, organisation)
        except ImportRejected as rejected:  # every bad line, with its number and reason
            st.session_state[PROBLEMS] = str(rejected).splitlines()
            raise

    st.session_state.pop(PROBLEMS, None)
    report = ui.write(form, attempt)
    if report is not None:
        done = "admin.import.done" if report.encoding == "UTF-8" else "admin.import.done_encoding"
        st.session_state[ui.FLASH] = (done, {"created": report.created, "updated": report.updated,
                                             "unchanged": report.unchanged, "encoding": report.encoding})


def _import_services() -> None:
    form = "admin_services"
    uploads = _value(form, "files") or []
    files = [(upload.name, upload.getvalue()) for upload in uploads]

    def attempt(session, actor):
        try:
            return services.import_catalogue(session, actor, files)
        except services.CatalogueRejected as rejected:  # every invalid record: where, id, field, why
            st.session_state[SERVICE_PROBLEMS] = [str(p) for p in rejected.problems]
            raise

    st.session_state.pop(SERVICE_PROBLEMS, None)
    report = ui.write(form, attempt)
    if report is not None:
        st.session_state[ui.FLASH] = ("admin.services.done", vars(report))


def _services_form() -> None:
    form = "admin_services"
    st.write(t("admin.services.intro"))
    ui.error_summary(form)
    st.file_uploader(t("admin.services.files"), type=["json", "csv"], accept_multiple_files=True,
                     key=ui.key(f"{form}_files"))
    ui.field_error(form, "file")
    if st.session_state.get(SERVICE_PROBLEMS) and ui.errors_of(form):
        st.markdown("\n".join(f"- {ui.plain(problem)}" for problem in st.session_state[SERVICE_PROBLEMS]))
    st.button(t("admin.services.submit"), key=ui.key("admin_services_submit"), on_click=_import_services,
              type="primary", use_container_width=True)


def _structures(orgs) -> None:
    form = "admin_org"
    st.markdown(ui.html_table([t("admin.col.code"), t("admin.col.name"), t("admin.col.type")],
                              [[o.code, o.name, t(f"organisation.type.{o.type}")] for o in orgs]),
                unsafe_allow_html=True)
    st.subheader(t("admin.org.new"), anchor=False)
    ui.error_summary(form)
    ui.text_field(form, "code", "admin.col.code", autocomplete="off")
    ui.text_field(form, "name", "admin.col.name", autocomplete="off")
    st.selectbox(t("admin.col.type"), list(OrganisationType), format_func=lambda k: t(f"organisation.type.{k}"),
                 index=None, placeholder=t("choose.placeholder"), key=ui.key(f"{form}_type"))
    ui.field_error(form, "type")
    st.button(t("admin.create"), key=ui.key("admin_org_create"), on_click=_create_structure, type="primary",
              use_container_width=True)


def _organisation_choice(form: str, codes: dict[str, str]) -> None:
    st.selectbox(t("admin.col.organisation"), list(codes), format_func=codes.get, index=None,
                 placeholder=t("choose.placeholder"), key=ui.key(f"{form}_organisation"))
    ui.field_error(form, "organisation")


def _places(actor, codes: dict[str, str]) -> None:
    form = "admin_place"
    with session_scope() as session:
        rows = people.places(session, actor)
    st.markdown(ui.html_table(
        [t("admin.col.organisation"), t("admin.col.name"), t("admin.col.address"), t("admin.col.step_free")],
        [[code, p.name, f"{p.address}, {p.postcode} {p.city}", t("admin.yes") if p.step_free else t("admin.no")]
         for p, code in rows]), unsafe_allow_html=True)
    st.subheader(t("admin.place.new"), anchor=False)
    ui.error_summary(form)
    _organisation_choice(form, codes)
    for field, label in (("name", "admin.col.name"), ("address", "admin.col.address"),
                         ("postcode", "admin.col.postcode"), ("city", "admin.col.city"), ("phone", "admin.col.phone")):
        ui.text_field(form, field, label, autocomplete="off")
    st.checkbox(t("admin.col.step_free"), key=ui.key(f"{form}_step_free"))
    st.checkbox(t("admin.col.is_mie"), key=ui.key(f"{form}_is_mie"))
    st.button(t("admin.create"), key=ui.key("admin_place_create"), on_click=_create_place, type="primary",
              use_container_width=True)


def _accounts(actor, codes: dict[str, str]) -> None:
    with session_scope() as session:
        rows = people.professionals(session, actor)
    ui.error_summary("admin_accounts")
    for row in rows:
        with st.container(border=True):
            state = t("admin.account.active" if row.active else "admin.account.inactive")
            st.markdown(f"**{ui.plain(row.name)}** — {ui.plain(row.email)} — {row.organisation_code}")
            st.caption(t("admin.account.line", roles=", ".join(t(f"role.{r}") for r in row.roles), state=state))
            if row.professional_id != actor.id:
                st.button(t("admin.account.deactivate" if row.active else "admin.account.reactivate"),
                          key=ui.key(f"admin_active_{row.professional_id}"), on_click=_set_active,
                          args=(row.professional_id, not row.active), use_container_width=True)
    form = "admin_account"
    st.subheader(t("admin.account.new"), anchor=False)
    ui.error_summary(form)
    _organisation_choice(form, codes)
    ui.text_field(form, "first_name", "admin.col.first_name", autocomplete="off")
    ui.text_field(form, "last_name", "admin.col.last_name", autocomplete="off")
    ui.text_field(form, "email", "admin.col.email", autocomplete="off")
    st.multiselect(t("admin.col.roles"), list(Role), format_func=lambda r: t(f"role.{r}"),
                   key=ui.key(f"{form}_roles"), placeholder=t("choose.placeholder"))
    ui.field_error(form, "roles")
    ui.text_field(form, "password", "admin.col.password", type="password", autocomplete="new-password",
                  help_key="admin.password.help")
    st.button(t("admin.create"), key=ui.key("admin_account_create"), on_click=_create_account, type="primary",
              use_container_width=True)
    form = "admin_reset"
    st.subheader(t("admin.password.title"), anchor=False)
    ui.error_summary(form)
    accounts = {r.professional_id: f"{r.name} — {r.email}" for r in rows}
    st.selectbox(t("admin.col.account"), list(accounts), format_func=accounts.get, index=None,
                 placeholder=t("choose.placeholder"), key=ui.key(f"{form}_account"))
    ui.field_error(form, "account")
    ui.text_field(form, "password", "admin.col.password", type="password", autocomplete="new-password",
                  help_key="admin.password.help")
    st.button(t("admin.password.submit"), key=ui.key("admin_reset_submit"), on_click=_reset_password,
              use_container_width=True)


def _save_sign_in() -> None:
    form = "admin_sign_in"
    saved = ui.write(form, lambda s, a: people.set_organisation_sign_in(
        s, a, _value(form, "organisation") or "", siret=ui.value(form, "siret"),
        password_sign_in=bool(_value(form, "password_sign_in"))))
    if saved is not None:
        _done(form, "admin.saved", "siret")


def _accept_request(request_id: int) -> None:
    form = f"admin_pc_{request_id}"
    ui.write(form, lambda s, a: accounts.accept_proconnect_request(s, a, request_id, _value(form, "account")))
    if not ui.errors_of(form):
        st.session_state[ui.FLASH] = "admin.proconnect.accepted"


def _refuse_request(request_id: int) -> None:
    form = f"admin_pc_{request_id}"
    ui.write(form, lambda s, a: accounts.refuse_proconnect_request(s, a, request_id))
    if not ui.errors_of(form):
        st.session_state[ui.FLASH] = "admin.proconnect.refused"


def _proconnect(actor, orgs, codes: dict[str, str]) -> None:
    """Each structure's SIRET and password switch; the identities waiting to be linked to an account."""
    if not get_settings().proconnect_configured:
        st.info(t("admin.proconnect.unconfigured"))
    st.markdown(ui.html_table(
        [t("admin.col.code"), t("admin.col.name"), t("admin.col.siret"), t("admin.org.password_sign_in")],
        [[o.code, o.name, o.siret or t("admin.org.no_siret"),
          t("admin.org.password.open" if o.password_sign_in else "admin.org.password.closed")] for o in orgs]),
        unsafe_allow_html=True)
    form = "admin_sign_in"
    st.subheader(t("admin.org.sign_in.title"), anchor=False)
    ui.error_summary(form)
    _organisation_choice(form, codes)
    ui.text_field(form, "siret", "admin.col.siret", help_key="admin.siret.help", autocomplete="off")
    st.checkbox(t("admin.org.password_sign_in"), value=True, key=ui.key(f"{form}_password_sign_in"))
    st.caption(t("admin.org.password_sign_in.help"))
    ui.field_error(form, "password_sign_in")
    st.button(t("admin.org.sign_in.save"), key=ui.key("admin_sign_in_save"), on_click=_save_sign_in,
              use_container_width=True)
    st.subheader(t("admin.proconnect.requests"), anchor=False)
    with session_scope() as session:
        requests = accounts.proconnect_requests(session, actor)
        active = {r.professional_id: f"{r.name} — {r.email}" for r in people.professionals(session, actor) if r.active}
    if not requests:
        st.write(t("admin.proconnect.none"))
    for request in requests:
        form = f"admin_pc_{request.id}"
        with st.container(border=True):
            st.markdown(f"**{ui.plain(request.name or request.email)}**")
            st.caption(t("admin.proconnect.line", email=ui.plain(request.email), siret=request.siret or "—",
                         organisation=ui.plain(request.organisation or t("admin.proconnect.no_organisation")),
                         attempts=request.attempts, when=formatting.datetime(request.last_requested_at)))
            ui.error_summary(form)
            st.selectbox(t("admin.proconnect.account"), list(active), format_func=active.get, index=None,
                         placeholder=t("choose.placeholder"), key=ui.key(f"{form}_account"))
            ui.field_error(form, "account")
            st.button(t("admin.proconnect.accept"), key=ui.key(f"{form}_accept"), on_click=_accept_request,
                      args=(request.id,), type="primary", use_container_width=True)
            st.button(t("admin.proconnect.refuse"), key=ui.key(f"{form}_refuse"), on_click=_refuse_request,
                      args=(request.id,), use_container_width=True)


def _import_form(codes: dict[str, str]) -> None:
    form = "admin_import"
    st.write(t("admin.import.intro"))
    ui.error_summary(form)
    _organisation_choice(form, codes)
    st.file_uploader(t("admin.import.file"), type=["csv", "txt"], key=ui.key(f"{form}_file"))
    ui.field_error(form, "file")
    if st.session_state.get(PROBLEMS) and ui.errors_of(form):  # one readable line per rejected line
        st.markdown("\n".join(f"- {ui.plain(problem)}" for problem in st.session_state[PROBLEMS]))
    st.button(t("admin.import.submit"), key=ui.key("admin_import_submit"), on_click=_import, type="primary",
              use_container_width=True)


def render() -> None:
    actor = ui.guard(Permission.MANAGE_TERRITORY)
    st.title(t("admin.title"), anchor=False)
    ui.show_flash()
    with session_scope() as session:
        orgs = people.organisations(session)
    codes = {o.code: f"{o.name} ({o.code})" for o in orgs}
    # A widget with a key: the chosen tab survives the reruns of its own forms (an import stays on Import).
    structures, places, professionals, imports, offer, proconnect = st.tabs(
        [t("admin.tab.structures"), t("admin.tab.places"), t("admin.tab.accounts"), t("admin.tab.import"),
         t("admin.tab.services"), t("admin.tab.proconnect")], key=ui.key("admin_tabs"), on_change="rerun")
    with structures:
        _structures(orgs)
    with places:
        _places(actor, codes)
    with professionals:
        _accounts(actor, codes)
    with imports:
        _import_form(codes)
    with offer:
        _services_form()
    with proconnect:
        _proconnect(actor, orgs, codes)
