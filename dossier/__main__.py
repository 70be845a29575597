"""Administration from the server's command line: `python -m dossier <command>`.

Runs as the system actor (the operator of the server). Secrets are read from stdin or prompted,
never taken as arguments (they would land in the shell history and the process list).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from dossier import formatting, invitations, services
from dossier.accounts import find_person, issue_activation_code
from dossier.actor import Actor
from dossier.appointments import invitation_letters
from dossier.errors import FieldErrors, NotFound
from dossier.labels import t
from dossier.people import ImportRejected, create_organisation, create_place, create_professional, import_file
from dossier.tools import generate, is_empty, prepare_database, seed_demo
from storage.engine import session_scope

FIELD_LABELS = {"file": "fichier",
                "code": "--code", "name": "--name", "type": "--type", "organisation": "--organisation",
                "address": "--address", "postcode": "--postcode", "city": "--city", "phone": "--phone",
                "first_name": "--first-name", "last_name": "--last-name", "email": "--email", "roles": "--roles",
                "password": "mot de passe"}


def _read_secret(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")


def cmd_migrate(_args) -> int:
    prepare_database()
    print("Base de données à jour.")
    return 0


def cmd_seed_demo(args) -> int:
    prepare_database()
    with session_scope() as session:
        if not is_empty(session):
            print("La base contient déjà des données : démo non chargée.")
            return 0 if args.if_empty else 1
        counts = seed_demo(session)
    print("Données de démonstration chargées : " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def cmd_create_organisation(args) -> int:
    with session_scope() as session:
        org = create_organisation(session, Actor.system(), code=args.code, name=args.name, type=args.type)
        print(f"Structure créée : {org.code}")
    return 0


def cmd_create_place(args) -> int:
    with session_scope() as session:
        place = create_place(session, Actor.system(), organisation_code=args.organisation, name=args.name,
                             address=args.address, postcode=args.postcode, city=args.city,
                             step_free=args.step_free, is_mie=args.mie, phone=args.phone or "")
        print(f"Lieu créé : {place.name} (n° {place.id})")
    return 0


def cmd_create_professional(args) -> int:
    password = _read_secret("Mot de passe (12 caractères ou plus) : ")
    with session_scope() as session:
        pro = create_professional(session, Actor.system(), organisation_code=args.organisation,
                                  first_name=args.first_name, last_name=args.last_name, email=args.email,
                                  roles=args.roles.split(","), password=password)
        print(f"Compte professionnel créé : {pro.email}")
    return 0


def cmd_import(args) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError:
        print("Fichier introuvable ou illisible.", file=sys.stderr)
        return 1
    with session_scope() as session:
        report = import_file(session, Actor.system(), data, args.organisation)
        if args.letters:  # invite every newcomer: one activation code and one letter each, in one PDF
            issued = [issue_activation_code(session, Actor.system(), find_person(session, number).id)
                      for number in report.created_numbers]
            if issued:
                Path(args.letters).write_bytes(invitation_letters(session, issued))
    print(f"Import terminé : {report.created} créé(s), {report.updated} mis à jour, "
          f"{report.unchanged} inchangé(s).")
    if report.encoding != "UTF-8":
        print(t("admin.import.encoding", encoding=report.encoding))
    if args.letters:
        print(f"Lettres d'invitation : {len(report.created_numbers)}, dans {args.letters}.")
    return 0


def cmd_import_services(args) -> int:
    try:
        files = [(Path(name).name, Path(name).read_bytes()) for name in [args.file, *args.more]]
    except OSError:
        print("Fichier introuvable ou illisible.", file=sys.stderr)
        return 1
    with session_scope() as session:
        report = services.import_catalogue(session, Actor.system(), files)
    print(t("admin.services.done", **vars(report)))
    return 0


def cmd_invite(args) -> int:
    with session_scope() as session:
        person = find_person(session, args.dossier_number)
        if person is None:
            raise NotFound()
        issued = issue_activation_code(session, Actor.system(), person.id)
    print(f"Code d'activation : {issued.code}")
    print(f"Valable jusqu'au {formatting.datetime(issued.expires_at)}.")
    return 0


def cmd_generate(args) -> int:
    prepare_database()
    with session_scope() as session:
        report = generate(session, args.people, seed=args.seed, progress=lambda step: print(f"… {step}", flush=True))
    print(f"Données générées en {formatting.decimal(report.seconds, 0)} s : "
          + ", ".join(f"{formatting.integer(n)} {t}" for t, n in report.rows.items()))
    return 0


def cmd_send_outbox(_args) -> int:
    """Queue the appointment reminders and invitation follow-ups due, then send what is due (run it
    every few minutes from cron)."""
    with session_scope() as session:
        counts = invitations.send_outbox(session)
    print(f"Rappels et relances ajoutés : {counts['queued']}. Envoyés : {counts['sent']}, "
          f"à réessayer : {counts['retry']}, abandonnés : {counts['failed']}, annulés : {counts['cancelled']}, "
          f"en attente (nuit, dimanche, jour férié ou débit) : {counts['held']}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dossier", description="Administration du dossier unique.")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="génère un territoire fictif à grande échelle (bancs d'essai)")
    gen.add_argument("--people", type=int, default=100_000)
    gen.add_argument("--seed", type=int, default=2026)
    gen.set_defaults(func=cmd_generate)
    sub.add_parser("migrate", help="applique les migrations et charge le référentiel").set_defaults(func=cmd_migrate)
    seed = sub.add_parser("seed-demo", help="charge les données de démonstration (fictives)")
    seed.add_argument("--if-empty", action="store_true", help="ne rien faire (sans erreur) si la base a des données")
    seed.set_defaults(func=cmd_seed_demo)
    org = sub.add_parser("create-organisation", help="crée une structure")
    org.add_argument("--code", required=True)
    org.add_argument("--name", required=True)
    org.add_argument("--type", required=True)
    org.set_defaults(func=cmd_create_organisation)
    place = sub.add_parser("create-place", help="crée un lieu d'accueil")
    place.add_argument("--organisation", required=True, help="code de la structure")
    place.add_argument("--name", required=True)
    place.add_argument("--address", required=True)
    place.add_argument("--postcode", required=True)
    place.add_argument("--city", required=True)
    place.add_argument("--phone")
    place.add_argument("--step-free", action="store_true", help="accessible de plain-pied")
    place.add_argument("--mie", action="store_true", help="Maison de l'insertion et de l'emploi")
    place.set_defaults(func=cmd_create_place)
    pro = sub.add_parser("create-professional", help="crée un compte professionnel (mot de passe lu sur stdin)")
    pro.add_argument("--organisation", required=True)
    pro.add_argument("--first-name", required=True)
    pro.add_argument("--last-name", required=True)
    pro.add_argument("--email", required=True)
    pro.add_argument("--roles", required=True, help="referent,accueil,coordinateur,admin")
    pro.set_defaults(func=cmd_create_professional)
    imp = sub.add_parser("import-beneficiaries", help="importe des personnes depuis un CSV")
    imp.add_argument("file")
    imp.add_argument("--organisation", required=True)
    imp.add_argument("--letters", metavar="FICHIER.pdf",
                     help="invite les nouvelles personnes : un code et une lettre chacune, dans ce PDF")
    imp.set_defaults(func=cmd_import)
    srv = sub.add_parser("import-services", help="importe l'offre de services (data·inclusion v1, JSON ou CSV)")
    srv.add_argument("file", help="structures et services (JSON), ou un fichier CSV de structures ou de services")
    srv.add_argument("more", nargs="*", help="d'autres fichiers du même import (par exemple services.csv)")
    srv.set_defaults(func=cmd_import_services)
    inv = sub.add_parser("invite", help="crée un nouveau code d'activation pour une personne")
    inv.add_argument("dossier_number")
    inv.set_defaults(func=cmd_invite)
    sub.add_parser("send-outbox", help="ajoute les rappels et envoie les avis de rendez-vous en attente") \
        .set_defaults(func=cmd_send_outbox)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except FieldErrors as exc:
        for field, key in exc.errors.items():
            text = t(key) if isinstance(key, str) else t(key[0], **key[1])
            print(f"{FIELD_LABELS.get(field, field)} : {text}", file=sys.stderr)
    except ImportRejected as exc:
        print("Import refusé, rien n'a été importé :", file=sys.stderr)
        print(str(exc), file=sys.stderr)
    except services.CatalogueRejected as exc:
        print(t("services.import.rejected", count=len(exc.problems)), file=sys.stderr)
        print(str(exc), file=sys.stderr)
    except NotFound:
        print("Aucun dossier ne porte ce numéro.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
