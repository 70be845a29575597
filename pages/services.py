"""« Trouver de l'aide près de chez moi »: the person browses the territory's offer of services on their
phone (by thématique, near a commune, free or not, open to them, nearest first), reads a service in plain
words, says « Ça m'intéresse » (an action in their feuille de route) and answers their référent's
proposals. The référent proposes a service of the catalogue to a person of their caseload and sees who
proposed or asked for what, and when. Nothing is sent to a service's structure: the screen says what it
would see, and leads to « Mes partages »."""

from __future__ import annotations

import streamlit as st

import ui
from dossier import formatting, services
from dossier.labels import long_date, phone_number, t
from ui import session_scope

DETAIL = "page:services_detail"  # the service open on the screen (its catalogue id), forgotten on leaving
FORM = "services"
ALL = ""


def _km(distance: float) -> str:
    return formatting.decimal(distance, 1)


def _open(service_id: str | None) -> None:
    if service_id is None:
        st.session_state.pop(DETAIL, None)
    else:
        st.session_state[DETAIL] = service_id


def _interest(service_id: str, name: str) -> None:
    if ui.write(FORM, lambda s, a: services.express_interest(s, a, service_id)) is not None:
        st.session_state[ui.FLASH] = ("services.interest.done", {"name": name})


def _answer(request_id: int, accept: bool, name: str) -> None:
    done = ui.write(FORM, lambda s, a: services.answer(s, a, request_id, accept) or True)
    if done is not None:
        key = "services.proposal.accepted" if accept else "services.proposal.declined"
        st.session_state[ui.FLASH] = (key, {"service": name})


def _propose(person_id: int) -> None:
    service_id = st.session_state.get(ui.key(f"{FORM}_propose"))
    if not service_id:
        ui.set_errors(FORM, {"propose": "services.error.choose"})
        return
    if ui.write(FORM, lambda s, a: services.propose(s, a, person_id, service_id)) is not None:
        st.session_state[ui.FLASH] = "services.pro.proposed"
        st.session_state.pop(ui.key(f"{FORM}_propose"), None)


def _day(moment) -> str:
    return formatting.date(moment)


def _request_lines(requests: list[services.RequestView]) -> None:
    for r in requests:
        line = t("services.request.interest" if r.kind == "interet" else "services.request.proposal",
                 service=r.service_name, structure=r.structure_name, who=r.by_name, day=_day(r.at))
        if r.answered:
            line += " " + t("services.request.accepted" if r.accepted else "services.request.declined",
                            day=_day(r.answered_at))
        elif r.waiting:
            line += " " + t("services.request.waiting")
        st.markdown(f"- {ui.plain(line)}")


def _proposals(actor, requests: list[services.RequestView]) -> None:
    waiting = [r for r in requests if r.waiting]
    if not waiting:
        return
    with st.container(border=True):
        st.subheader(t("services.proposals.title"), anchor=False)
        for r in waiting:
            st.write(ui.plain(t("services.proposal.line", service=r.service_name, structure=r.structure_name,
                                who=r.by_name, day=long_date(r.at.date()))))
            st.button(t("services.proposal.accept", service=r.service_name), key=ui.key(f"services_accept_{r.id}"),
                      on_click=_answer, args=(r.id, True, r.service_name), type="primary",
                      icon=":material/check:", use_container_width=True)
            st.button(t("services.proposal.decline", service=r.service_name),
                      key=ui.key(f"services_decline_{r.id}"), on_click=_answer, args=(r.id, False, r.service_name),
                      icon=":material/close:", use_container_width=True)


def _filters(home: services.Commune | None) -> tuple[services.Near, str, bool, frozenset[str], int]:
    categories = {ALL: t("services.filter.theme.all")} | {c.code: c.label for c in services.categories()}
    category = st.selectbox(t("services.filter.theme"), list(categories), format_func=categories.get,
                            key=ui.key(f"{FORM}_theme"))
    communes = list(services.communes())
    if home is not None:
        communes = [home] + [c for c in communes if c.code != home.code]
    names = {c.code: (t("services.filter.near.mine", name=c.name) if home and c.code == home.code else c.name)
             for c in communes}
    code = st.selectbox(t("services.filter.near"), list(names), format_func=names.get, key=ui.key(f"{FORM}_near"))
    radius = st.segmented_control(t("services.filter.radius"), list(services.RADIUS_CHOICES),
                                  format_func=lambda km: t("services.filter.radius.value", km=km),
                                  default=services.DEFAULT_RADIUS_KM, key=ui.key(f"{FORM}_radius"))
    free = st.toggle(t("services.filter.free"), key=ui.key(f"{FORM}_free"))
    publics = {p.code: p.label for p in services.publics()}
    chosen = st.pills(t("services.filter.publics"), list(publics), format_func=publics.get, selection_mode="multi",
                      key=ui.key(f"{FORM}_publics"))
    st.caption(t("services.filter.publics.help"))
    near = services.Near.of(services.commune(code) or communes[0])
    return near, category or ALL, bool(free), frozenset(chosen or ()), radius or services.DEFAULT_RADIUS_KM


def _results(cards: list[services.ServiceCard]) -> None:
    if not cards:
        st.info(t("services.results.none"))
        return
    st.write(t("services.results", count=len(cards)))
    for card in cards:
        with st.container(border=True):
            st.markdown(f"**{ui.plain(card.name)}**")
            where = t("services.card.where", commune=card.commune or "—",
                      distance=t("services.card.distance", km=_km(card.distance_km)))
            facts = [ui.plain(card.structure_name), ui.plain(where)]
            if card.free is not None:
                facts.append(t("services.card.free" if card.free else "services.card.paid"))
            if card.event_date:
                facts.append(t("services.card.event", day=long_date(card.event_date)))
            st.caption(" · ".join(facts))
            st.button(t("services.card.open", name=card.name, commune=card.commune or "—"),
                      key=ui.key(f"services_open_{card.id}"), on_click=_open, args=(card.id,), use_container_width=True)


def _detail_lines(d: services.ServiceDetail) -> None:
    if d.event_date:
        st.write(t("services.detail.event", day=long_date(d.event_date)))
    if not d.offered:
        st.warning(t("services.detail.withdrawn"))
    elif d.past:
        st.warning(t("services.detail.past"))
    st.subheader(t("services.detail.what"), anchor=False)
    st.write(ui.plain(d.description))
    st.write(ui.plain(t("services.detail.structure", name=d.structure_name)))
    if d.kind:
        st.caption(t("services.detail.kind", kind=d.kind))
    if d.category_labels:
        st.caption(t("services.detail.themes", themes=", ".join(d.category_labels)))
    st.subheader(t("services.detail.who"), anchor=False)
    st.write(ui.plain(", ".join(d.publics)) if d.publics else t("services.detail.who.everyone"))
    for text in (d.publics_details, d.access_conditions and t("services.detail.conditions",
                                                               conditions=d.access_conditions)):
        if text:
            st.write(ui.plain(text))
    st.subheader(t("services.detail.how"), anchor=False)
    lines = []
    if d.walk_in:
        lines.append(t("services.detail.walk_in"))
    if d.contact_first:
        lines.append(t("services.detail.contact_first"))
    if d.remote:
        lines.append(t("services.detail.remote"))
    if d.free is not None:
        lines.append(t("services.detail.free" if d.free else "services.detail.paid"))
    for key, value in (("services.detail.fees", d.fees_details), ("services.detail.address", d.address),
                       ("services.detail.phone", d.phone and phone_number(d.phone.replace("+33", "0"))),
                       ("services.detail.email", d.email), ("services.detail.hours", d.opening_hours),
                       ("services.detail.link", d.mobilisation_link)):
        if value:
            lines.append(t(key, details=value, address=value, phone=value, email=value, hours=value, link=value))
    if d.mobilisation_details:
        lines.append(d.mobilisation_details)
    st.markdown("\n".join(f"- {ui.plain(line)}" for line in lines))


def _sharing(note: services.SharingNote) -> None:
    with st.container(border=True):
        st.subheader(t("services.share.title"), anchor=False)
        names = ", ".join(t(f"category.{c.value}") for c in note.would_share)
        if not note.known:
            st.write(ui.plain(t("services.share.unknown", name=note.structure_name)))
        elif note.referent_structure:
            st.write(ui.plain(t("services.share.referent", name=note.structure_name)))
        elif note.shared:
            st.write(ui.plain(t("services.share.shared", name=note.structure_name,
                                categories=", ".join(t(f"category.{c.value}") for c in note.shared))))
        else:
            st.write(ui.plain(t("services.share.none", name=note.structure_name, categories=names)))
        ui.link_to("sharing", t("services.share.open"), ":material/share:")


def _detail(actor, service_id: str, requests: list[services.RequestView]) -> None:
    with session_scope() as session:
        detail = services.service_detail(session, service_id)
        note = services.sharing_note(session, actor, service_id)
    st.button(t("services.back"), key=ui.key("services_back"), on_click=_open, args=(None,),
              icon=":material/arrow_back:", use_container_width=True)
    st.header(ui.plain(detail.name), anchor=False)
    _detail_lines(detail)
    ui.error_summary(FORM)
    if any(r.service_id == service_id and r.kind == "interet" for r in requests):
        st.success(t("services.interest.already"), icon=":material/check_circle:")
        ui.link_to("roadmap", t("services.open_roadmap"), ":material/flag:")
    elif detail.offered and not detail.past:
        st.caption(t("services.interest.help"))
        st.button(t("services.interest"), key=ui.key("services_interest"), on_click=_interest,
                  args=(service_id, detail.name), type="primary", icon=":material/favorite:",
                  use_container_width=True)
    _sharing(note)


def _render_person(actor) -> None:
    st.title(t("services.title"), anchor=False)
    ui.show_flash()
    with session_scope() as session:
        requests = services.requests_of(session, actor, actor.id)
        home = services.home_commune(session, actor.id)
    service_id = st.session_state.get(DETAIL)
    if service_id:
        _detail(actor, service_id, requests)
        return
    st.write(t("services.intro"))
    ui.error_summary(FORM)
    _proposals(actor, requests)
    near, category, free, publics, radius = _filters(home)
    with session_scope() as session:
        cards = services.search(session, near, category=category or None, free_only=free, publics=publics,
                                radius_km=radius)
    _results(cards)
    if requests:
        with st.expander(t("services.mine.title")):
            _request_lines(requests)
        ui.link_to("roadmap", t("services.open_roadmap"), ":material/flag:")


def _render_professional(actor) -> None:
    person_id = ui.person_page(actor, "services.title")
    if person_id is None:
        return
    ui.show_flash()
    ui.error_summary(FORM)
    with session_scope() as session:
        requests = services.requests_of(session, actor, person_id)
    words = st.text_input(t("services.pro.search"), key=ui.key(f"{FORM}_words"))
    with session_scope() as session:
        choices = dict(services.catalogue_choices(session, words))
    st.selectbox(t("services.pro.choice"), list(choices), format_func=choices.get, index=None,
                 placeholder=t("choose.placeholder"), key=ui.key(f"{FORM}_propose"))
    ui.field_error(FORM, "propose")
    st.button(t("services.pro.submit"), key=ui.key("services_propose_submit"), on_click=_propose,
              args=(person_id,), type="primary", icon=":material/send:", use_container_width=True)
    st.subheader(t("services.pro.history"), anchor=False)
    if requests:
        _request_lines(requests)
    else:
        st.write(t("services.pro.none"))


def render() -> None:
    actor = ui.guard()
    if actor.is_beneficiary:
        _render_person(actor)
    else:
        _render_professional(actor)
