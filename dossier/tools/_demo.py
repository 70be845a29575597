"""Fictional demo data: one imaginary département, its structures, places, professionals and sixty
people in varied situations (the first forty oriented 5 to 60 days after entering RSA, but for those who
entered less than 5 days ago; the last twenty waiting for orientation). Every name, number and address
here is invented."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func
from sqlmodel import Session, select

from dossier import accounts, appointments, clock, pathway, roadmap, sharing
from dossier.accounts import actor_for_beneficiary, actor_for_professional
from dossier.actor import Actor
from dossier.people import create_organisation, create_place
from dossier.tools._demo_services import seed_services
from storage.models import (
    Beneficiary,
    Credential,
    Organisation,
    Orientation,
    Place,
    Professional,
    ProfessionalRole,
    ReferenceItem,
)
from storage.vocabulary import (
    ActionStatus,
    Carrier,
    Category,
    ExitContract,
    OrganisationType,
    OrientationKind,
    ReferenceKind,
    Role,
    WorkingTime,
)

DEMO_PERSON_CODE = "482915"
DEMO_PASSWORD = "demo-insertion-2026"
DEMO_ACTIVATION_CODE = "VERT2345"
DEMO_INVITED_NUMBER = 21  # D2026-0021: invited, activates with VERT-2345 and this birth date
DEMO_INVITED_BIRTH_DATE = dt.date(1990, 3, 5)

ORGANISATIONS = [
    ("CD-VV", "Département de la Vallée-Verte", OrganisationType.DEPARTEMENT),
    ("FT-VV", "France Travail Vallée-Verte", OrganisationType.FRANCE_TRAVAIL),
    ("CAF-VV", "CAF de la Vallée-Verte", OrganisationType.CAF),
    ("ML-RIV", "Mission locale des Rivières", OrganisationType.MISSION_LOCALE),
    ("CCAS-BOIS", "CCAS de Boisjoli", OrganisationType.CCAS),
    ("ASSO-PAS", "Association Le Pas Suivant", OrganisationType.ASSOCIATION),
    ("PLIE-VV", "PLIE de la Vallée-Verte", OrganisationType.PLIE),
]
PLACES = [
    ("CD-VV", "MIE de Boisjoli", "12 rue des Tilleuls", "99100", "Boisjoli", True, True, "0399000001"),
    ("CD-VV", "MIE du Pont-Neuf", "3 place de la Halle", "99200", "Pont-Neuf-sur-Vert", False, True, "0399000002"),
    ("FT-VV", "Agence France Travail Boisjoli", "40 avenue de la Gare", "99100", "Boisjoli", True, False, None),
    ("ML-RIV", "Mission locale, antenne des Rivières", "8 quai Bas", "99300", "Les Rivières", True, False, None),
]
# (e-mail, first, last, organisation, roles)
PROFESSIONALS = [
    ("claire.morel@cd-vv.demo", "Claire", "Morel", "CD-VV", (Role.REFERENT,)),
    ("samir.benali@cd-vv.demo", "Samir", "Benali", "CD-VV", (Role.REFERENT,)),
    ("julie.roux@ft-vv.demo", "Julie", "Roux", "FT-VV", (Role.REFERENT,)),
    ("theo.garnier@ml-riv.demo", "Théo", "Garnier", "ML-RIV", (Role.REFERENT,)),
    ("nadia.haddad@asso-pas.demo", "Nadia", "Haddad", "ASSO-PAS", (Role.REFERENT,)),
    ("lucas.petit@cd-vv.demo", "Lucas", "Petit", "CD-VV", (Role.RECEPTION,)),
    ("ines.lambert@cd-vv.demo", "Inès", "Lambert", "CD-VV", (Role.RECEPTION,)),
    ("marc.fontaine@cd-vv.demo", "Marc", "Fontaine", "CD-VV", (Role.COORDINATOR,)),
    ("admin@cd-vv.demo", "Anne", "Dumas", "CD-VV", (Role.ADMIN, Role.COORDINATOR)),
]
FIRST_NAMES = ["Amina", "Bruno", "Chloé", "David", "Émilie", "Farid", "Gaëlle", "Hugo", "Isabelle", "Jamal",
               "Karine", "Louis", "Maëva", "Nicolas", "Océane", "Patrick", "Rania", "Sébastien", "Tiphaine",
               "Yanis", "Zoé", "Mamadou", "Fatou", "Kevin", "Laetitia", "Ousmane", "Sandrine", "Mehdi"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Durand", "Leroy", "Moreau",
              "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent",
              "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Diallo", "Traoré", "Nguyen", "Mercier"]
PEOPLE_COUNT = 60
REFERENT_OF = {"CD-VV": ["claire.morel@cd-vv.demo", "samir.benali@cd-vv.demo"],
               "FT-VV": ["julie.roux@ft-vv.demo"], "ML-RIV": ["theo.garnier@ml-riv.demo"],
               "ASSO-PAS": ["nadia.haddad@asso-pas.demo"]}


DEMO_COMMUNES = ("Vallée-Verte", "Boisjoli", "Rivière-sur-Lac")  # fictional communes
DEMO_COORDINATOR = "marc.fontaine@cd-vv.demo"  # who took the demo's orientation decisions
ORIENTATION_DELAY_DAYS = (5, 60)  # from RSA entry to the demo's orientation decisions, bounds included
ORIENTATION_HOUR = dt.time(10)  # Paris time of a demo decision
# Demo ends of accompaniment, recorded by the coordinator: (person number, exit kind, days ago, contract,
# working time, reason), every kind at least once. D2026-0026 first recorded a short job, then corrected it
# to a lasting one 40 days ago: in « Suivi dans l'emploi », the 1-month check-in due.
DEMO_EXITS = [
    (22, "emploi_durable", 20, ExitContract.CDI, WorkingTime.FULL, None),
    (23, "emploi_temporaire", 45, ExitContract.CDD, WorkingTime.PART, None),
    (24, "formation_qualifiante", 60, None, None, None),
    (25, "demenagement", 75, None, None, None),
    (26, "emploi_temporaire", 40, ExitContract.TEMPORARY, WorkingTime.FULL, None),
    (26, "emploi_durable", 40, ExitContract.CDD, WorkingTime.FULL, None),
    (27, "injoignable", 90, None, None, None),
    (28, "autre", 15, None, None, "Entrée en établissement de soins de longue durée."),
    (29, "creation_entreprise", 3, None, None, None),
    (30, "fin_droits", 50, None, None, None),
]
ORIENTATION_REASONS = {
    OrientationKind.PROFESSIONAL: "Projet professionnel identifié : accompagnement vers l'emploi.",
    OrientationKind.SOCIAL: "Démarches de logement et de mobilité à mener avant la recherche d'emploi.",
    OrientationKind.SOCIO_PROFESSIONAL: "Reprise d'activité progressive, avec un appui pour les démarches.",
}


def is_empty(session: Session) -> bool:
    return session.exec(select(func.count()).select_from(Beneficiary)).one() == 0 and \
        session.exec(select(func.count()).select_from(Professional)).one() == 0


def seed_demo(session: Session) -> dict[str, int]:
    """Load the demo territory. Codes are hashed once and reused (Argon2id costs ~0.1 s a hash)."""
    rng = random.Random(2026)
    system = Actor.system()
    now = clock.now()
    today = clock.today()
    orgs = {code: create_organisation(session, system, code=code, name=name, type=kind)
            for code, name, kind in ORGANISATIONS}
    for org, name, address, postcode, city, step_free, is_mie, phone in PLACES:
        create_place(session, system, organisation_code=org, name=name, address=address, postcode=postcode,
                     city=city, step_free=step_free, is_mie=is_mie, phone=phone or "")
    password_hash = accounts.hash_secret(DEMO_PASSWORD)
    pros: dict[str, Professional] = {}
    for email, first, last, org, roles in PROFESSIONALS:
        pro = Professional(organisation_id=orgs[org].id, first_name=first, last_name=last, email=email,
                           created_at=now)
        session.add(pro)
        session.flush()
        session.add_all([ProfessionalRole(professional_id=pro.id, role=r) for r in roles])
        session.add(Credential(professional_id=pro.id, secret_hash=password_hash, activated_at=now))
        pros[email] = pro
    code_hash = accounts.hash_secret(DEMO_PERSON_CODE)
    activation_hash = accounts.hash_secret(DEMO_ACTIVATION_CODE)
    structures = list(REFERENT_OF)
    for n in range(1, PEOPLE_COUNT + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        org_code = structures[(n - 1) % len(structures)]
        # The first 40 have a référent; the last 20 entered RSA recently and wait for orientation.
        referent = pros[rng.choice(REFERENT_OF[org_code])] if n <= 40 else None
        person = Beneficiary(
            dossier_number=f"D2026-{n:04d}",
            last_name=last,
            first_name=first,
            birth_date=DEMO_INVITED_BIRTH_DATE if n == DEMO_INVITED_NUMBER
            else dt.date(rng.randint(1962, 2006), rng.randint(1, 12), rng.randint(1, 28)),
            phone=f"07{n:08d}" if n % 3 else None,
            email=f"{first.lower()[:1]}.{n:04d}@exemple.invalid" if n % 4 == 0 else None,
            caf_number=f"{9900000 + n}",
            rsa_entry_date=today - dt.timedelta(days=rng.randint(3, 200) if n <= 40 else rng.randint(1, 40)),
            organisation_id=orgs[org_code].id if n <= 40 else None,
            referent_id=referent.id if referent else None,
            commune=DEMO_COMMUNES[n % len(DEMO_COMMUNES)],
            created_at=now,
            updated_at=now,
        )
        session.add(person)
        session.flush()
        if n <= 20:  # account activated, demo code
            session.add(Credential(beneficiary_id=person.id, secret_hash=code_hash, activated_at=now,
                                   secret_changed_at=now))
        elif n <= 30:  # invited, not yet activated
            session.add(Credential(beneficiary_id=person.id, activation_code_hash=activation_hash,
                                   activation_expires_at=now + dt.timedelta(days=10)))
    session.flush()
    seed_orientations(session)
    seed_roadmaps(session)
    seed_consents(session)
    seed_appointments(session)
    seed_exits(session)
    seed_services(session)
    return {"structures": len(orgs), "lieux": len(PLACES), "professionnels": len(pros),
            "personnes": PEOPLE_COUNT}


def seed_orientations(session: Session) -> None:
    """The decisions that gave the first forty people their structure and référent, rows as `orient`
    writes them (by the coordinator, no previous structure), taken 5 to 60 days after the RSA entry at
    10:00 Paris time and never after now: someone who entered RSA less than 5 days ago keeps the
    structure that took them in and still waits for the decision. A generator of its own, so that the
    people drawn by `seed_demo` stay the same."""
    rng = random.Random(23)
    coordinator = session.exec(select(Professional).where(Professional.email == DEMO_COORDINATOR)).one()
    now, today = clock.now(), clock.today()
    low, high = ORIENTATION_DELAY_DAYS
    people = session.exec(select(Beneficiary).where(Beneficiary.referent_id.is_not(None))
                          .order_by(Beneficiary.id)).all()
    for person in people:
        waited = (today - person.rsa_entry_date).days
        if waited < low:
            continue
        kind = rng.choice(list(OrientationKind))
        day = person.rsa_entry_date + dt.timedelta(days=rng.randint(low, min(high, waited)))
        decided_at = min(dt.datetime.combine(day, ORIENTATION_HOUR, tzinfo=clock.PARIS).astimezone(dt.UTC), now)
        session.add(Orientation(beneficiary_id=person.id, organisation_id=person.organisation_id,
                                referent_id=person.referent_id, kind=kind, reason=ORIENTATION_REASONS[kind],
                                decided_by_id=coordinator.id,
                                decided_by_name=f"{coordinator.first_name} {coordinator.last_name}",
                                decided_at=decided_at))
    session.flush()


def _ref(session: Session, kind: ReferenceKind, theme: str, starts: str) -> str:
    return session.exec(select(ReferenceItem.code).where(ReferenceItem.kind == kind, ReferenceItem.theme_code == theme,
                                                         ReferenceItem.label.startswith(starts))).one()


def seed_consents(session: Session) -> None:
    """D2026-0001 shares who she is and her roadmap with France Travail (so Julie Roux, its référente,
    finds her dossier there); D2026-0002 shares his situation with every mission locale."""
    def person(number: str) -> Beneficiary:
        return session.exec(select(Beneficiary).where(Beneficiary.dossier_number == number)).one()

    first = person("D2026-0001")
    france_travail = session.exec(select(Organisation).where(Organisation.code == "FT-VV")).one()
    for category in (Category.IDENTITY, Category.ROADMAP):
        sharing.give(session, actor_for_beneficiary(first), first.id, category,
                     sharing.Recipient(organisation_id=france_travail.id))
    second = person("D2026-0002")
    sharing.give(session, actor_for_beneficiary(second), second.id, Category.SITUATION,
                 sharing.Recipient(organisation_type=OrganisationType.MISSION_LOCALE))
    session.flush()


def seed_appointments(session: Session) -> None:
    """Three weeks of first-appointment créneaux at the two MIE (mornings, weekdays, holidays skipped),
    and one upcoming appointment for D2026-0003, booked by its référent."""
    accueil = actor_for_professional(session, session.exec(
        select(Professional).where(Professional.email == "lucas.petit@cd-vv.demo")).one())
    first, last = clock.today() + dt.timedelta(days=1), clock.today() + dt.timedelta(days=21)
    for place in session.exec(select(Place).where(Place.is_mie.is_(True)).order_by(Place.id)):
        appointments.publish(session, accueil, appointments.Batch(
            place.id, frozenset({0, 1, 2, 3, 4}), dt.time(9), dt.time(12), 60, first, last))
    third = session.exec(select(Beneficiary).where(Beneficiary.dossier_number == "D2026-0003")).one()
    referent = actor_for_professional(session, session.get(Professional, third.referent_id))
    slot = appointments.free_slots(session, limit=3)[-1]
    appointments.book(session, referent, third.id, slot.id)
    session.flush()


def seed_exits(session: Session) -> None:
    """A few ends of accompaniment of several kinds in the last three months (`DEMO_EXITS`), recorded
    through the domain by the coordinator, so that the pilotage page has exits to count."""
    coordinator = actor_for_professional(session, session.exec(
        select(Professional).where(Professional.email == DEMO_COORDINATOR)).one())
    today = clock.today()
    for n, code, days_ago, contract, working_time, reason in DEMO_EXITS:
        person = session.exec(select(Beneficiary).where(Beneficiary.dossier_number == f"D2026-{n:04d}")).one()
        day = max(today - dt.timedelta(days=days_ago), person.rsa_entry_date)  # never before entering RSA
        pathway.record_exit(session, coordinator, person.id, code, day, contract, working_time, reason)
    session.flush()


def seed_roadmaps(session: Session) -> None:
    """Roadmaps written through the services (so the history is real) for the first ten people.
    D2026-0001 has a validated engagement, modified since; the others are at various stages."""
    today = clock.today()
    for n in range(1, 11):
        person = session.exec(select(Beneficiary).where(Beneficiary.dossier_number == f"D2026-{n:04d}")).one()
        me = actor_for_beneficiary(person)
        referent = actor_for_professional(session, session.get(Professional, person.referent_id))
        job = roadmap.add_goal(session, me, person.id, theme_code=None,
                               ref_code=_ref(session, ReferenceKind.TARGET, "trouver_un_emploi", "Convaincre"))
        cv = roadmap.add_action(session, referent, job,
                                ref_code=_ref(session, ReferenceKind.ACTION, "formation", "Atelier CV"),
                                due_date=today + dt.timedelta(days=7 + n), carrier=Carrier.PERSON)
        roadmap.add_action(session, me, job, label="Relire mes offres d'emploi avec ma conseillère",
                           due_date=today + dt.timedelta(days=30), carrier=Carrier.REFERENT)
        roadmap.declare(session, me, person.id,
                           _ref(session, ReferenceKind.SITUATION, "mobilite", "Permis et/ou code"))
        if n % 2:
            roadmap.update_action(session, me, cv, 1, status=ActionStatus.IN_PROGRESS)
        if n == 1:
            move = roadmap.add_goal(session, referent, person.id, theme_code="mobilite", label="Passer le permis B")
            roadmap.add_action(session, referent, move, label="Demander l'aide au permis du Département",
                               due_date=today - dt.timedelta(days=3), carrier=Carrier.REFERENT)
            roadmap.add_comment(session, referent, goal_id=move, body="On en reparle au prochain rendez-vous.")
            revision = roadmap.load_roadmap(session, me, person.id).validation.revision
            roadmap.confirm(session, referent, person.id, revision)
            roadmap.confirm(session, me, person.id, revision)
            roadmap.update_action(session, me, cv, 2, status=ActionStatus.DONE)
    session.flush()
