"""Pilotage (coordinateur, admin): the territory's indicators, computed in SQL from the shared store.
Aggregates only: no name, no dossier number; any count of 1 to 4 people is not shown
(« moins de 5 personnes, non affiché »). Each chart has
its table and a CSV download right under it; each indicator's definition is the text of docs/indicateurs.md."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

import ui
from dossier import clock, documents, formatting, invitations, pathway, pilotage
from dossier.labels import t
from dossier.people import organisations
from dossier.pilotage import masked, masked_delay, masked_rate
from dossier.policy import Permission
from ui import session_scope

ALL = 0  # the "whole territory" choice of the structure list


def _chartable(n: int) -> int | None:
    """A count as drawn: counts of 1 to 4 are not drawn at all (their table cell says so)."""
    return None if 0 < n < pilotage.SMALL_CELL else n


def _table_and_csv(name: str, headers: list[str], rows: list[list[str]]) -> None:
    st.markdown(ui.html_table(headers, rows), unsafe_allow_html=True)
    st.download_button(t("pilotage.csv"), data=documents.write_csv(headers, rows), file_name=f"pilotage-{name}.csv",
                       mime="text/csv", key=ui.key(f"pilotage_csv_{name}"), on_click="ignore",
                       use_container_width=True)


def _delay(delay: pilotage.Delay) -> str:
    """« moyenne 12,5 j, médiane 10,0 j », or one « non affiché » when computed on 1 to 4 people."""
    if pilotage.is_small(delay.n):
        return masked_delay(delay)
    return t("pilotage.delay", average=masked_delay(delay), median=masked_delay(delay, "median"))


def _definitions(*keys: str) -> None:
    texts, titles = pilotage.definitions(), pilotage.titles()
    with st.expander(t("pilotage.definitions")):
        for key in keys:
            st.markdown(f"**{titles[key]}**\n\n{texts[key]}")


def _section(title_key: str, name: str, chart: pd.DataFrame | None, headers: list[str], rows: list[list[str]],
             keys: tuple[str, ...]) -> None:
    st.subheader(t(title_key), anchor=False)
    if chart is not None and (chart.fillna(0) > 0).to_numpy().any():  # nothing to draw: the table says it
        st.bar_chart(chart, horizontal=True, stack=False)
    _table_and_csv(name, headers, rows)
    _definitions(*keys)


def render() -> None:
    actor = ui.guard(Permission.VIEW_PILOTAGE)
    st.title(t("pilotage.title"), anchor=False)
    st.write(t("pilotage.intro"))
    today = clock.today()
    with session_scope() as session:
        structures = {o.id: o.name for o in organisations(session)}
    first, second = st.columns(2)
    start = first.date_input(t("pilotage.start"), value=today - dt.timedelta(days=183), format="DD/MM/YYYY",
                             key=ui.key("pilotage_start"))
    end = second.date_input(t("pilotage.end"), value=today, format="DD/MM/YYYY", key=ui.key("pilotage_end"))
    chosen = st.selectbox(t("pilotage.structure"), [ALL, *structures],
                          format_func=lambda i: t("pilotage.all") if i == ALL else structures[i],
                          key=ui.key("pilotage_structure"))
    if start > end:
        st.error(t("error.pilotage.period"))
        return
    organisation_id = None if chosen == ALL else chosen
    with session_scope() as session:
        found = pilotage.indicators(session, actor, start, end, organisation_id)
        split = pilotage.by_structure(session, actor, start, end)
        shortage = pilotage.slot_shortage(session, actor)
        funnel = invitations.campaign_funnel(session, actor)
    titles = pilotage.titles()
    d, tl, fa, ch, ac = found.delays, found.timeliness, found.first_appointments, found.channels, found.activation
    orientation = found.orientation

    headers = [t("pilotage.col.indicator"), t("pilotage.col.value")]
    key_rows = [
        [titles["cohorte"], masked(d.cohort)],
        [titles["delai_premier_rdv_reserve"], _delay(d.booked)],
        [titles["delai_premier_rdv_honore"], _delay(d.honoured)],
        [titles["honore_30_jours"], masked_rate(tl.within_30_days, tl.cohort)],
        [titles["honore_42_jours"], masked_rate(tl.within_42_days, tl.cohort)],
        [titles["delai_feuille_de_route"], masked_delay(found.roadmap)],
        [titles["delai_orientation"], _delay(orientation.delay)],
        [titles["personnes_orientees"], masked(orientation.oriented)],
        [titles["orientees_30_jours"], masked_rate(orientation.within_30_days, orientation.cohort)],
        [titles["invitations"], masked(ac.invited)],
        [titles["activation"], masked_rate(ac.activated, ac.invited)],
    ]
    _section("pilotage.section.key", "chiffres-cles", None, headers, key_rows,
             ("cohorte", "delai_premier_rdv_reserve", "delai_premier_rdv_honore", "honore_30_jours",
              "honore_42_jours", "delai_feuille_de_route", "delai_orientation", "personnes_orientees",
              "orientees_30_jours", "invitations", "activation"))

    appointments = {titles["rdv_reserves"]: fa.bookings, titles["rdv_honores"]: fa.honoured,
                    titles["rdv_absents"]: fa.absent, titles["rdv_annules"]: fa.cancelled}
    chart = pd.DataFrame({t("pilotage.col.count"): [_chartable(n) for n in appointments.values()]},
                         index=list(appointments))
    rows = [[titles["creneaux_offerts"], formatting.integer(fa.slots)],
            [titles["places_offertes"], formatting.integer(fa.seats)],
            [titles["places_libres"], formatting.integer(fa.free_seats)]]
    rows += [[label, masked(n)] for label, n in appointments.items()]
    rows += [[titles["taux_absence"], masked_rate(fa.absent, fa.no_show_denominator)],
             [titles["taux_annulation"], masked_rate(fa.cancelled, fa.bookings)]]
    _section("pilotage.section.appointments", "premiers-rendez-vous", chart, headers, rows,
             ("creneaux_offerts", "places_offertes", "places_libres", "rdv_reserves", "rdv_honores", "rdv_absents",
              "rdv_annules", "taux_absence", "taux_annulation"))

    who = {titles["reserve_par_la_personne"]: ch.by_person,
           titles["reserve_par_un_professionnel"]: ch.by_professional}
    chart = pd.DataFrame({t("pilotage.col.count"): [_chartable(n) for n in who.values()]}, index=list(who))
    rows = [[label, pilotage.masked_count_and_rate(n, ch.bookings)] for label, n in who.items()]
    _section("pilotage.section.channels", "qui-reserve", chart, headers, rows,
             ("reserve_par_la_personne", "reserve_par_un_professionnel"))

    names = [r.name or t("pilotage.no_structure") for r in split]
    chart = pd.DataFrame({t("pilotage.col.people"): [_chartable(r.people) for r in split],
                          t("pilotage.col.booked"): [_chartable(r.booked) for r in split],
                          t("pilotage.col.honoured30"): [_chartable(r.honoured_within_30_days) for r in split]},
                         index=names)
    rows = [[name, masked(r.people), masked(r.booked), masked(r.honoured_within_30_days)]
            for name, r in zip(names, split, strict=True)]
    _section("pilotage.section.structures", "structures", chart,
             [t("pilotage.col.structure"), t("pilotage.col.people"), t("pilotage.col.booked"),
              t("pilotage.col.honoured30")], rows, ("repartition_structures",))

    _exits(found, headers)

    chart = pd.DataFrame({t("pilotage.col.free"): [p.free_seats for p in shortage.places]},
                         index=[p.place_name for p in shortage.places])
    rows = [[p.place_name, formatting.integer(p.free_seats)] for p in shortage.places]
    rows += [[t("pilotage.waiting"), masked(shortage.waiting)],
             [t("pilotage.waiting.ahead"), masked(shortage.waiting_target_ahead)],
             [t("pilotage.waiting.passed"), masked(shortage.waiting_target_passed)],
             [t("pilotage.waiting.unknown"), masked(shortage.waiting_date_unknown)]]
    if shortage.missing:
        st.warning(t("pilotage.shortage", seats=shortage.free_seats, waiting=masked(shortage.waiting)))
    _section("pilotage.section.shortage", "tension-creneaux", chart,
             [t("pilotage.col.place"), t("pilotage.col.value")], rows, ("tension_creneaux",))

    _campaigns(funnel)
    _services(actor)


def _exits(found: pilotage.Indicators, headers: list[str]) -> None:
    """The ends of accompaniment dated in the period, per exit kind, the share of « sorties dynamiques »,
    the follow-ups in employment that ended in the period with the latest news, and beside them the
    delay to the first validated engagement."""
    exits, follow_ups = found.exits, found.follow_ups
    labels = {code: kind.label for code, kind in pathway.exit_kinds().items()}
    names = [labels[code] for code in exits.by_kind]
    chart = pd.DataFrame({t("pilotage.col.count"): [_chartable(n) for n in exits.by_kind.values()]}, index=names)
    rows = [[name, masked(n)] for name, n in zip(names, exits.by_kind.values(), strict=True)]
    titles = pilotage.titles()
    rows += [[t("pilotage.exits.total"), masked(exits.total)],
             [titles["taux_sorties_dynamiques"], masked_rate(exits.dynamic, exits.total)],
             [titles["suivis_emploi_termines"], masked(follow_ups.ended)],
             [titles["toujours_en_emploi"],
              pilotage.masked_count_and_rate(follow_ups.still_employed, follow_ups.ended)],
             [t("pilotage.follow_ups.not_employed"), masked(follow_ups.not_employed)],
             [t("pilotage.follow_ups.no_news"), masked(follow_ups.no_news)],
             [titles["delai_feuille_de_route"], pilotage.masked_delay(found.roadmap)]]
    st.subheader(t("pilotage.section.exits"), anchor=False)
    st.caption(t("pilotage.exits.period"))
    if (chart.fillna(0) > 0).to_numpy().any():
        st.bar_chart(chart, horizontal=True, stack=False)
    _table_and_csv("fins-accompagnement", headers, rows)
    _definitions("sorties_par_motif", "taux_sorties_dynamiques", "suivis_emploi_termines", "toujours_en_emploi",
                 "delai_feuille_de_route")


def _services(actor) -> None:
    """The offer of services: the services most asked for and the « zones blanches » (counts masked)."""
    with session_scope() as session:
        asked = pilotage.services_asked(session, actor)
        zones = pilotage.white_zones(session, actor)
    st.subheader(t("pilotage.section.services"), anchor=False)
    st.markdown(f"**{t('pilotage.services.asked')}**")
    if asked:
        _table_and_csv("services-demandes", [t("pilotage.services.col.service"), t("pilotage.services.col.structure"),
                                             t("pilotage.services.col.people")],
                       [[a.name, a.structure_name, masked(a.people)] for a in asked])
    else:
        st.write(t("pilotage.services.asked.none"))
    st.markdown(f"**{t('pilotage.services.white', km=pilotage.WHITE_ZONE_KM)}**")
    _table_and_csv("zones-blanches", [t("pilotage.services.col.theme"), t("pilotage.services.col.communes"),
                                      t("pilotage.services.col.uncovered")],
                   [[z.label, ", ".join(z.communes), masked(z.people)] for z in zones])
    _definitions("services_demandes", "zones_blanches")


def _campaigns(funnel: list[invitations.FunnelRow]) -> None:
    """Each campaign and channel, from the message to the honoured appointment (small cells masked)."""
    rows = [[row.campaign, t(f"channel.{row.channel}"), masked(row.invited), masked(row.opened), masked(row.activated),
             masked(row.booked), pilotage.masked_count_and_rate(row.booked_online, row.invited), masked(row.honoured),
             pilotage.masked_delay(pilotage.Delay(row.booked, row.median_days_to_booking,
                                                  row.median_days_to_booking), "median")]
            for row in funnel]
    headers = [t(f"pilotage.campaign.col.{c}") for c in
               ("campaign", "channel", "invited", "opened", "activated", "booked", "online", "honoured", "delay")]
    st.subheader(t("pilotage.section.campaigns"), anchor=False)
    if not rows:
        st.write(t("pilotage.campaign.none"))
    else:
        _table_and_csv("campagnes", headers, rows)
    _definitions("invitations_campagne", "rdv_en_ligne_apres_invitation")

