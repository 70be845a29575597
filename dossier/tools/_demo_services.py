"""The demo offer of services of the Vallée-Verte, fictional: structures and services written as a
data·inclusion (v1) file and loaded through the import, as a territory would load its own. Events
(forums, job dating, information sessions) are dated from the demo's today: most ahead, one past."""

from __future__ import annotations

import datetime as dt
import json

from sqlmodel import Session

from dossier import clock, services
from dossier.actor import Actor

SOURCE = "vallee-verte"
# Communes of dossier/data/communes.tsv: code -> (latitude, longitude)
AT = {c.code: (c.latitude, c.longitude) for c in services.communes()}
NAME = {c.code: (c.name, c.postcode) for c in services.communes()}
# (id, name, commune code, address, phone) — the first seven are structures of the consortium (same names)
STRUCTURES = [
    ("cd-vv", "Département de la Vallée-Verte", "9Z100", "12 rue des Tilleuls", "+33399000001"),
    ("ft-vv", "France Travail Vallée-Verte", "9Z100", "40 avenue de la Gare", "+33399000010"),
    ("caf-vv", "CAF de la Vallée-Verte", "9Z200", "5 rue du Moulin", "+33399000020"),
    ("ml-riv", "Mission locale des Rivières", "9Z300", "8 quai Bas", "+33399000030"),
    ("ccas-bois", "CCAS de Boisjoli", "9Z100", "1 place de la Mairie", "+33399000040"),
    ("asso-pas", "Association Le Pas Suivant", "9Z400", "22 chemin des Écoliers", "+33399000050"),
    ("plie-vv", "PLIE de la Vallée-Verte", "9Z200", "3 place de la Halle", "+33399000060"),
    ("garage-val", "Garage solidaire du Val", "9Z400", "ZA des Prés, rue Haute", "+33399000070"),
    ("creche-pas", "Crèche à vocation d'insertion Les Petits Pas", "9Z100", "9 rue des Écoles", "+33399000080"),
    ("media-pont", "Médiathèque du Pont-Neuf", "9Z200", "2 rue de la Poste", "+33399000090"),
    ("epicerie-lac", "Épicerie solidaire du Lac", "9Z500", "14 route du Lac", "+33399000100"),
    ("jardins-vv", "Les Jardins de la Vallée (chantier d'insertion)", "9Z600", "Lieu-dit La Ferme", "+33399000110"),
    ("sante-bois", "Centre de santé de Boisjoli", "9Z100", "30 rue Pasteur", "+33399000120"),
]
WALK_IN = ["se-presenter"]
CALL = ["telephoner"]
HOURS = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
# (key, structure, thématiques, name, type, free, modes, publics, description, communes)
SERVICES = [
    ("atelier-cv", "ft-vv", ["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"],
     "Atelier CV et lettre de motivation", "atelier", True, CALL, ["tous-publics"],
     "Un atelier en petit groupe pour écrire ou refaire votre CV, avec un conseiller.", ["9Z100", "9Z200", "9Z300"]),
    ("entretien", "ft-vv", ["trouver-un-emploi--convaincre-un-recruteur-en-entretien"],
     "Préparer un entretien d'embauche", "atelier", True, CALL, ["demandeurs-emploi"],
     "On s'entraîne à répondre aux questions d'un recruteur, avec des mises en situation.", ["9Z100", "9Z400"]),
    ("offres", "plie-vv", ["trouver-un-emploi--repondre-a-des-offres-demploi"],
     "Permanence emploi : répondre aux offres", "accompagnement", True, WALK_IN, ["beneficiaires-des-minimas-sociaux"],
     "Une conseillère vous aide à trouver des offres et à y répondre.", ["9Z200", "9Z500"]),
    ("metiers", "ml-riv", ["choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"],
     "Découvrir un métier en immersion", "accompagnement", True, CALL, ["jeunes"],
     "Quelques jours dans une entreprise pour voir si un métier vous plaît.", ["9Z300", "9Z100"]),
    ("competences", "plie-vv", ["choisir-un-metier--identifier-ses-points-forts-et-ses-competences"],
     "Bilan de compétences simplifié", "accompagnement", True, CALL, ["tous-publics"],
     "Faire le point sur ce que vous savez faire et ce que vous aimez.", ["9Z200"]),
    ("creation", "cd-vv", ["creer-une-entreprise--definir-son-projet-de-creation-dentreprise"],
     "Créer son activité : premier rendez-vous", "information", True, CALL, ["beneficiaires-des-minimas-sociaux"],
     "Un conseiller vous aide à voir si votre idée d'entreprise peut marcher.", ["9Z100", "9Z400"]),
    ("droits", "ccas-bois", ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
     "Point d'accès aux droits", "accompagnement", True, WALK_IN, ["tous-publics"],
     "Aide pour vos papiers : CAF, impôts, retraite, santé. Sans rendez-vous le matin.",
     ["9Z100", "9Z500", "9Z600", "9Z300"]),
    ("papiers", "caf-vv", ["difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"],
     "Rendez-vous démarches CAF", "accompagnement", True, CALL, ["familles", "beneficiaires-des-minimas-sociaux"],
     "Un agent de la CAF vous aide pour votre dossier RSA, APL ou prime d'activité.", ["9Z200", "9Z300"]),
    ("budget", "ccas-bois", ["difficultes-financieres--ameliorer-sa-gestion-budgetaire"],
     "Atelier budget", "atelier", True, CALL, ["tous-publics"],
     "Apprendre à faire son budget et éviter les dettes, en groupe.", ["9Z100", "9Z400"]),
    ("dettes", "cd-vv", ["difficultes-financieres--situation-dendettement-surendettement"],
     "Aide en cas de dettes", "accompagnement", True, CALL, ["tous-publics"],
     "Une conseillère vous aide à monter un dossier de surendettement.", ["9Z200"]),
    ("epicerie", "epicerie-lac", ["equipement-et-alimentation--alimentation"],
     "Épicerie solidaire", "aide-materielle", False, WALK_IN, ["beneficiaires-des-minimas-sociaux"],
     "Des produits à petits prix (10 à 30 % du prix normal), sur orientation d'un travailleur social.",
     ["9Z500", "9Z100"]),
    ("vetements", "asso-pas", ["equipement-et-alimentation--habillement"],
     "Vestiaire solidaire", "aide-materielle", False, WALK_IN, ["tous-publics"],
     "Des vêtements à petit prix, aussi pour un entretien d'embauche.", ["9Z400"]),
    ("creche", "creche-pas", ["famille--garde-denfants"],
     "Places en crèche pour parents en recherche d'emploi", "aide-materielle", False, CALL,
     ["familles", "demandeurs-emploi"],
     "Des places réservées pour faire garder votre enfant pendant vos démarches ou votre formation.",
     ["9Z100", "9Z200"]),
    ("parents", "caf-vv", ["famille--soutien-a-la-parentalite-et-a-leducation"],
     "Café des parents", "atelier", True, WALK_IN, ["familles"],
     "Un moment pour parler entre parents, avec une professionnelle.", ["9Z200", "9Z600"]),
    ("francais", "asso-pas", ["lecture-ecriture-calcul--maitriser-le-francais"],
     "Cours de français pour adultes", "formation", True, CALL, ["tous-publics"],
     "Apprendre ou améliorer son français, à l'oral et à l'écrit, deux fois par semaine.",
     ["9Z400", "9Z100", "9Z300"]),
    ("calcul", "media-pont", ["lecture-ecriture-calcul--maitriser-le-calcul"],
     "Atelier calcul de tous les jours", "atelier", True, WALK_IN, ["tous-publics"],
     "Compter, calculer un prix, lire une fiche de paie.", ["9Z200"]),
    ("logement", "ccas-bois", ["logement-hebergement--louer-un-logement"],
     "Trouver un logement à louer", "accompagnement", True, CALL, ["tous-publics"],
     "Aide pour la demande de logement social et pour monter votre dossier.", ["9Z100", "9Z500"]),
    ("loyer", "caf-vv", ["logement-hebergement--reduire-les-impayes-de-loyer"],
     "Aide en cas de loyers impayés", "aide-financiere", True, CALL, ["tous-publics"],
     "Un rendez-vous rapide pour éviter l'expulsion et trouver une solution.", ["9Z200"]),
    ("garage", "garage-val", ["mobilite--entretenir-reparer-son-vehicule"],
     "Garage solidaire : réparer sa voiture", "aide-materielle", False, CALL, ["beneficiaires-des-minimas-sociaux"],
     "Réparations à petit prix pour garder votre voiture et aller travailler.", ["9Z400"]),
    ("permis", "asso-pas", ["mobilite--preparer-un-permis"],
     "Auto-école sociale", "formation", False, CALL, ["beneficiaires-des-minimas-sociaux", "jeunes"],
     "Passer le code et le permis B à votre rythme, avec un prix adapté.", ["9Z400", "9Z100"]),
    ("scooter", "ml-riv", ["mobilite--acceder-a-un-vehicule"],
     "Location de scooters pour aller travailler", "aide-materielle", False, CALL, ["jeunes"],
     "Un scooter loué 2 euros par jour pour aller en formation ou au travail.", ["9Z300", "9Z600"]),
    ("mobilite-aide", "cd-vv", ["mobilite--financer-ma-mobilite"],
     "Aide au permis du Département", "aide-financiere", True, CALL, ["beneficiaires-des-minimas-sociaux"],
     "Une aide pour payer une partie du permis B. Demandez à votre référent.", ["9Z100"]),
    ("numerique", "media-pont", ["numerique--maitriser-les-fondamentaux-du-numerique"],
     "Premiers pas sur ordinateur et téléphone", "atelier", True, WALK_IN, ["tous-publics"],
     "Envoyer un e-mail, faire ses démarches en ligne, protéger ses données.",
     ["9Z200", "9Z100", "9Z500", "9Z300"]),
    ("ordinateur", "asso-pas", ["numerique--acquerir-un-equipement"],
     "Ordinateurs reconditionnés à petit prix", "aide-materielle", False, CALL, ["beneficiaires-des-minimas-sociaux"],
     "Un ordinateur remis à neuf pour 50 euros, avec une prise en main.", ["9Z400"]),
    ("confiance", "asso-pas", ["remobilisation--bien-etre-confiance-en-soi"],
     "Atelier confiance en soi", "atelier", True, CALL, ["tous-publics"],
     "Reprendre confiance, en groupe, avant de chercher un emploi.", ["9Z400", "9Z200"]),
    ("sport", "ccas-bois", ["remobilisation--activites-sportives-et-culturelles"],
     "Sport et sorties culturelles", "atelier", True, WALK_IN, ["tous-publics"],
     "Marche, piscine, théâtre : des sorties en groupe, gratuites.", ["9Z100"]),
    ("soins", "sante-bois", ["sante--acces-aux-soins"],
     "Consultation sans avance de frais", "accompagnement", True, CALL, ["tous-publics"],
     "Un médecin généraliste et une aide pour ouvrir vos droits à la santé.", ["9Z100"]),
    ("ecoute", "sante-bois", ["sante--sante-mentale"],
     "Point écoute", "accompagnement", True, CALL, ["tous-publics"],
     "Parler à un psychologue, gratuitement et en toute confidentialité.", ["9Z100", "9Z300"]),
    ("formation", "ft-vv", ["se-former--trouver-sa-formation"],
     "Trouver une formation qualifiante", "information", True, CALL, ["demandeurs-emploi"],
     "Un conseiller vous aide à choisir une formation et à la financer.", ["9Z100", "9Z200"]),
    ("dossier-formation", "ml-riv", ["se-former--monter-son-dossier-de-formation"],
     "Monter son dossier de formation", "accompagnement", True, CALL, ["jeunes"],
     "Aide pour les papiers d'inscription et de financement d'une formation.", ["9Z300"]),
    ("etranger", "ml-riv", ["souvrir-a-linternational--connaitre-les-opportunites-demploi-a-letranger"],
     "Travailler ou se former à l'étranger", "information", True, CALL, ["jeunes"],
     "Des informations sur les stages et emplois en Europe.", ["9Z300"]),
    ("jardins", "jardins-vv", ["trouver-un-emploi--repondre-a-des-offres-demploi",
                               "remobilisation--lien-social"],
     "Emploi en chantier d'insertion : maraîchage", "accompagnement", True, CALL,
     ["beneficiaires-des-minimas-sociaux"],
     "Un contrat de 26 heures par semaine aux Jardins de la Vallée, avec un accompagnement.", ["9Z600"]),
]
# Dated events: (key, structure, thématique, name, days from today, commune)
EVENTS = [
    ("forum-emploi", "ft-vv", "choisir-un-metier--connaitre-les-opportunites-demploi",
     "Forum de l'emploi de Boisjoli", 12, "9Z100"),
    ("job-dating", "plie-vv", "trouver-un-emploi--repondre-a-des-offres-demploi",
     "Job dating logistique", 5, "9Z200"),
    ("info-aide-domicile", "cd-vv", "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
     "Réunion d'information : devenir aide à domicile", 3, "9Z100"),
    ("matinee-iae", "jardins-vv", "trouver-un-emploi--repondre-a-des-offres-demploi",
     "Matinée recrutement des chantiers d'insertion", 20, "9Z600"),
    ("forum-metiers", "ml-riv", "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
     "Forum des métiers de la vallée", -10, "9Z300"),
]


def _near(code: str, n: int) -> tuple[float, float]:
    """A point in the commune, a few hundred metres from its centre (stable for a given n)."""
    lat, lon = AT[code]
    return round(lat + ((n * 7) % 9 - 4) * 0.001, 5), round(lon + ((n * 5) % 9 - 4) * 0.0014, 5)


def demo_catalogue(today: dt.date) -> dict[str, list[dict]]:
    """The demo catalogue as a data·inclusion file ({"structures": [...], "services": [...]})."""
    updated = min(today, dt.date.today()).isoformat()
    structures = []
    for n, (key, name, code, address, phone) in enumerate(STRUCTURES):
        lat, lon = _near(code, n)
        structures.append({"source": SOURCE, "id": f"{SOURCE}--{key}", "nom": name, "date_maj": updated,
                           "description": f"{name}, structure de la Vallée-Verte (données fictives).",
                           "commune": NAME[code][0], "code_postal": NAME[code][1], "code_insee": code,
                           "adresse": address, "latitude": lat, "longitude": lon, "telephone": phone,
                           "horaires_accueil": HOURS})
    rows = []
    n = 0
    for key, structure, themes, name, kind, free, modes, publics, description, codes in SERVICES:
        for code in codes:
            n += 1
            lat, lon = _near(code, n + 20)
            rows.append({"source": SOURCE, "id": f"{SOURCE}--{key}-{code.lower()}",
                         "structure_id": f"{SOURCE}--{structure}",
                         "nom": name, "description": description, "date_maj": updated, "type": kind,
                         "thematiques": themes, "frais": "gratuit" if free else "payant",
                         "frais_precisions": None if free else "Petit prix, adapté à vos revenus.",
                         "publics": publics, "commune": NAME[code][0], "code_postal": NAME[code][1],
                         "code_insee": code, "latitude": lat, "longitude": lon, "modes_accueil": ["en-presentiel"],
                         "modes_mobilisation": modes, "mobilisable_par": ["usagers", "professionnels"],
                         "horaires_accueil": HOURS})
    for key, structure, theme, name, days, code in EVENTS:
        n += 1
        lat, lon = _near(code, n + 40)
        rows.append({"source": SOURCE, "id": f"{SOURCE}--{key}", "structure_id": f"{SOURCE}--{structure}",
                     "nom": name, "type": "information", "date_maj": updated,
                     "description": "Rencontrez des employeurs qui recrutent près de chez vous. Venez avec votre CV.",
                     "thematiques": [theme], "frais": "gratuit", "publics": ["tous-publics"],
                     "commune": NAME[code][0], "code_postal": NAME[code][1], "code_insee": code,
                     "latitude": lat, "longitude": lon, "modes_accueil": ["en-presentiel"],
                     "modes_mobilisation": WALK_IN, "horaires_accueil": "09:00-12:30",
                     services.EVENT_DATE: (today + dt.timedelta(days=days)).isoformat()})
    return {"structures": structures, "services": rows}


def seed_services(session: Session) -> services.CatalogueReport:
    data = json.dumps(demo_catalogue(clock.today()), ensure_ascii=False).encode()
    return services.import_catalogue(session, Actor.system(), [("offre-vallee-verte.json", data)])
