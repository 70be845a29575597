"""The single place that answers "may this actor do this (to this dossier)?". Deny by default.

Pages hide what an actor cannot use, but only these functions decide. Reading a person's data: the
person always; their structure référente by its public-service mission (never health); the accueil for
identity and appointments; any other structure only for the categories a valid consent covers at the
time of reading (`Grants`, loaded by `dossier.access`), and a référent with an exceptional access for
3 hours (never health). Health is shared only by an explicit consent for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import and_, false, true
from sqlalchemy.sql import ColumnElement

from dossier.actor import Actor
from dossier.errors import PermissionDenied
from storage.models import Beneficiary
from storage.vocabulary import Category, Role  # Category lives in storage: the consent table's CHECK needs it


class Permission(StrEnum):
    READ = "lire"
    EDIT = "modifier"
    ISSUE_ACTIVATION = "emettre_code_activation"
    MANAGE_TERRITORY = "administrer_territoire"
    IMPORT_BENEFICIARIES = "importer_personnes"
    VIEW_CASELOAD = "voir_file_active"
    RECORD_CONSENT = "recueillir_accord"  # beside the person, who types their own code
    WITH_PERSON = "avec_la_personne"  # turn the screen towards the person (wording, larger text)
    VIEW_PILOTAGE = "piloter"  # territory indicators: aggregates only, never a person
    ORIENT = "orienter"  # choose or change a person's structure référente and référent
    BOOK = "prendre_rendez_vous"  # book, move or cancel a person's appointment
    PUBLISH_SLOTS = "publier_creneaux"
    RUN_CAMPAIGNS = "inviter_en_nombre"  # invitation campaigns by SMS, e-mail and letter
    RECORD_EXIT = "enregistrer_fin_accompagnement"  # the end of the accompaniment, or the person coming back
    COMMENT_EXIT = "commenter_fin_accompagnement"  # the person's own words on their exit


class Basis(StrEnum):
    SELF = "la personne elle-même"
    MISSION = "mission de service public de la structure référente"
    RECEPTION = "accueil (identité et rendez-vous seulement)"
    ADMINISTRATION = "administration du territoire"
    CONSENT = "accord de la personne"
    EXCEPTIONAL = "accès exceptionnel"
    DENIED = "refusé"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    basis: Basis
    reason: str = ""


@dataclass(frozen=True)
class Grants:
    """What the person granted the actor's structure at the time of reading: the categories of their
    valid consents, and whether the actor holds a running exceptional access."""

    consented: frozenset[Category] = field(default_factory=frozenset)
    exceptional: bool = False


NO_GRANTS = Grants()
ACCUEIL_CATEGORIES = frozenset({Category.IDENTITY, Category.APPOINTMENTS})
CO_EDITED_CATEGORIES = frozenset({Category.ROADMAP, Category.SITUATION, Category.HEALTH})
HEALTH_THEMES = frozenset({"sante"})


def category_of(theme_code: str, default: Category) -> Category:
    """Goals, actions and situations under the health thématique are health data, whatever page shows
    them: they follow the `sante` category (never shared without explicit consent)."""
    return Category.HEALTH if theme_code in HEALTH_THEMES else default


EDITING_BASES = frozenset({Basis.SELF, Basis.MISSION})
DENY = Decision(False, Basis.DENIED, "aucune règle ne l'autorise")


HEALTH_DENIED = Decision(False, Basis.DENIED, "la santé n'est partagée qu'avec un accord explicite")
NOT_SHARED = Decision(False, Basis.DENIED, "la personne ne partage pas cette partie avec votre structure")


def _may_read(actor: Actor, person: Beneficiary, category: Category, grants: Grants) -> Decision:
    if actor.is_beneficiary:
        if actor.id == person.id:
            return Decision(True, Basis.SELF)
        return DENY
    if not actor.is_professional:
        return DENY
    if category in grants.consented and actor.has_role(Role.REFERENT):
        return Decision(True, Basis.CONSENT)
    if category is Category.HEALTH:
        return HEALTH_DENIED
    if actor.has_role(Role.REFERENT) and person.organisation_id is not None:
        if person.organisation_id == actor.organisation_id:
            return Decision(True, Basis.MISSION)
    if actor.has_role(Role.RECEPTION) and category in ACCUEIL_CATEGORIES:
        return Decision(True, Basis.RECEPTION)
    if actor.has_role(Role.ADMIN) and category is Category.IDENTITY:
        return Decision(True, Basis.ADMINISTRATION)  # to issue activation codes and fix accounts
    if grants.exceptional and actor.has_role(Role.REFERENT):
        return Decision(True, Basis.EXCEPTIONAL)
    return NOT_SHARED if actor.has_role(Role.REFERENT) else DENY


def readable_without_grants(actor: Actor, category: Category) -> ColumnElement[bool]:
    """`_may_read` without consents or exceptional accesses, as a SQL condition on `beneficiary`: a list
    (the people waiting, a search) is filtered and limited by the database instead of asking `may` per
    row. Grants are per person and per structure; lists that honour them load them (`dossier.access`)."""
    if actor.is_beneficiary:
        return Beneficiary.id == actor.id
    if not actor.is_professional or category is Category.HEALTH:
        return false()
    if actor.has_role(Role.RECEPTION) and category in ACCUEIL_CATEGORIES:
        return true()
    if actor.has_role(Role.ADMIN) and category is Category.IDENTITY:
        return true()
    if actor.has_role(Role.REFERENT) and actor.organisation_id is not None:
        return and_(Beneficiary.organisation_id.is_not(None), Beneficiary.organisation_id == actor.organisation_id)
    return false()


def _may_edit(actor: Actor, person: Beneficiary, category: Category) -> Decision:
    """The roadmap and the diagnostic are co-edited by the person and their structure référente only:
    reading by another basis (reception, administration, later a consent) never grants writing."""
    if category not in CO_EDITED_CATEGORIES:
        return DENY
    decision = _may_read(actor, person, category, NO_GRANTS)
    return decision if decision.allowed and decision.basis in EDITING_BASES else DENY


def decide(
    actor: Actor,
    permission: Permission,
    person: Beneficiary | None = None,
    category: Category = Category.IDENTITY,
    grants: Grants = NO_GRANTS,
) -> Decision:
    """The decision for one actor, one permission and (when it concerns one) one person. `grants`
    are what the person granted, at the time of reading (`dossier.access` loads them)."""
    if permission is Permission.READ:
        return _may_read(actor, person, category, grants) if person is not None else DENY
    if permission is Permission.EDIT:
        return _may_edit(actor, person, category) if person is not None else DENY
    if permission is Permission.COMMENT_EXIT:  # the person only, on their own dossier
        allowed = actor.is_beneficiary and person is not None and actor.id == person.id
        return Decision(True, Basis.SELF) if allowed else DENY
    if actor.is_system:
        return Decision(True, Basis.ADMINISTRATION)
    if permission is Permission.ISSUE_ACTIVATION:
        if person is None:
            allowed = actor.has_role(Role.RECEPTION, Role.REFERENT, Role.ADMIN)
            return Decision(True, Basis.RECEPTION) if allowed else DENY
        if actor.has_role(Role.RECEPTION, Role.ADMIN):
            return Decision(True, Basis.RECEPTION)
        if actor.has_role(Role.REFERENT) and person.organisation_id == actor.organisation_id:
            return Decision(True, Basis.MISSION)
        return DENY
    if permission in (Permission.MANAGE_TERRITORY, Permission.IMPORT_BENEFICIARIES):
        if actor.has_role(Role.ADMIN, Role.COORDINATOR):
            return Decision(True, Basis.ADMINISTRATION)
        return DENY
    if permission is Permission.BOOK:
        if person is None:  # the desk that books for people; each booking is asked again for the person
            return Decision(True, Basis.RECEPTION) if actor.has_role(Role.RECEPTION, Role.REFERENT) else DENY
        if actor.is_beneficiary:
            return Decision(True, Basis.SELF) if actor.id == person.id else DENY
        if actor.has_role(Role.RECEPTION):
            return Decision(True, Basis.RECEPTION)
        if actor.has_role(Role.REFERENT) and person.organisation_id == actor.organisation_id:
            return Decision(True, Basis.MISSION)
        return DENY
    if permission is Permission.PUBLISH_SLOTS:
        return Decision(True, Basis.ADMINISTRATION) if actor.has_role(Role.COORDINATOR, Role.RECEPTION, Role.REFERENT) \
            else DENY
    if permission is Permission.RECORD_CONSENT:
        if person is None:  # the page; each decision is asked again for the person concerned
            return Decision(True, Basis.MISSION) if actor.has_role(Role.REFERENT) else DENY
        if actor.has_role(Role.REFERENT) and person.organisation_id == actor.organisation_id:
            return Decision(True, Basis.MISSION)
        return DENY
    if permission is Permission.ORIENT:
        if actor.has_role(Role.COORDINATOR):
            return Decision(True, Basis.ADMINISTRATION)
        if actor.has_role(Role.REFERENT) and (person is None or person.organisation_id == actor.organisation_id):
            return Decision(True, Basis.MISSION)
        return DENY
    if permission is Permission.RECORD_EXIT:
        if actor.has_role(Role.COORDINATOR):
            return Decision(True, Basis.ADMINISTRATION)
        if actor.has_role(Role.REFERENT) and (person is None or (
                person.organisation_id is not None and person.organisation_id == actor.organisation_id)):
            return Decision(True, Basis.MISSION)
        return DENY
    if permission is Permission.RUN_CAMPAIGNS:
        return Decision(True, Basis.ADMINISTRATION) if actor.has_role(Role.COORDINATOR, Role.RECEPTION) else DENY
    if permission is Permission.VIEW_PILOTAGE:
        return Decision(True, Basis.ADMINISTRATION) if actor.has_role(Role.COORDINATOR, Role.ADMIN) else DENY
    if permission is Permission.WITH_PERSON:
        return Decision(True, Basis.RECEPTION) if actor.has_role(Role.REFERENT, Role.RECEPTION) else DENY
    if permission is Permission.VIEW_CASELOAD:
        return Decision(True, Basis.MISSION) if actor.has_role(Role.REFERENT) else DENY
    return DENY


def may(actor: Actor, permission: Permission, person: Beneficiary | None = None,
        category: Category = Category.IDENTITY, grants: Grants = NO_GRANTS) -> bool:
    return decide(actor, permission, person, category, grants).allowed


def require(actor: Actor, permission: Permission, person: Beneficiary | None = None,
            category: Category = Category.IDENTITY) -> Decision:
    decision = decide(actor, permission, person, category)
    if not decision.allowed:
        raise PermissionDenied("denied.action")
    return decision
