"""Every French string the app shows, in one catalogue (plain French, short sentences, everyday words)."""

from __future__ import annotations

LABELS: dict[str, str] = {
    "app.title": "Mon dossier d'insertion",
    "app.tagline": "Votre parcours vers l'emploi, avec votre référent.",
    # Sign-in
    "signin.title": "Me connecter",
    "signin.person": "Je suis accompagné(e)",
    "signin.pro": "Je suis professionnel(le)",
    "signin.who": "Qui êtes-vous ?",
    "signin.identifier": "Numéro de dossier, téléphone ou e-mail",
    "signin.identifier.help": "Le numéro de dossier est écrit sur votre lettre d'invitation.",
    "signin.code": "Code personnel (6 chiffres ou plus)",
    "signin.email": "Adresse e-mail professionnelle",
    "signin.password": "Mot de passe",
    "signin.submit": "Me connecter",
    "signin.failed": (
        "Identifiant ou code incorrect. Vérifiez et réessayez. "
        "Après 5 essais ratés, le compte est bloqué 15 minutes."
    ),
    "signin.forgot": (
        "Code oublié ? Demandez un nouveau code d'activation à votre référent ou à l'accueil. "
        "Avec ce code, vous choisirez un nouveau code personnel."
    ),
    "signin.no_account": "Vous avez reçu une lettre ou un SMS avec un code d'activation ?",
    # Activation
    "activate.title": "Activer mon compte",
    "activate.intro": (
        "Vous avez reçu un code d'activation par lettre, SMS ou e-mail. "
        "Il sert une seule fois. Ensuite, vous choisissez votre code personnel."
    ),
    "activate.identifier": "Numéro de dossier",
    "activate.identifier.help": "Il est écrit sur votre lettre, par exemple D2025-1234.",
    "activate.code": "Code d'activation (8 caractères)",
    "activate.code.help": "Par exemple VERT-2345. Les majuscules et le tiret ne comptent pas.",
    "activate.birth_date": "Date de naissance (JJ/MM/AAAA)",
    "activate.birth_date.help": "Par exemple 05/03/1990.",
    "activate.new_code": "Choisissez votre code personnel (6 chiffres ou plus)",
    "activate.new_code.help": "Gardez-le secret. Évitez 123456 ou votre date de naissance.",
    "activate.confirm": "Écrivez encore une fois votre code personnel",
    "activate.submit": "Activer mon compte",
    "activate.failed": (
        "Ces informations ne correspondent pas, ou le code d'activation n'est plus valable. "
        "Vérifiez et réessayez. Sinon, demandez un nouveau code à votre référent ou à l'accueil."
    ),
    "activate.done": "Votre compte est activé. Bienvenue !",
    # Field errors
    "error.required": "Ce champ est obligatoire.",
    "error.code.digits": "Le code doit avoir seulement des chiffres, au moins 6.",
    "error.code.too_long": "Le code doit avoir 12 chiffres au plus.",
    "error.code.too_simple": "Ce code est trop facile à deviner. Choisissez-en un autre.",
    "error.code.mismatch": "Les deux codes ne sont pas les mêmes.",
    "error.activation.format": "Le code d'activation a 8 caractères, par exemple VERT-2345.",
    "error.date.format": "Écrivez la date comme ceci : 05/03/1990.",
    "error.date.future": "Cette date est dans le futur.",
    "error.email.format": "Cette adresse e-mail n'est pas valide.",
    "error.email.taken": "Cette adresse e-mail est déjà utilisée.",
    "error.password.short": "Le mot de passe doit avoir au moins 12 caractères.",
    "error.phone.format": "Le numéro de téléphone doit avoir 10 chiffres, par exemple 06 12 34 56 78.",
    "error.postcode.format": "Le code postal a 5 chiffres.",
    "error.org.type": "Ce type de structure n'existe pas.",
    "error.org.code": "Le code ne peut contenir que des lettres sans accent, des chiffres, - et _.",
    "error.org.code_taken": "Ce code est déjà utilisé.",
    "error.org.unknown": "Cette structure n'existe pas.",
    "error.roles.unknown": "Rôle inconnu. Rôles possibles : referent, accueil, coordinateur, admin.",
    "error.roles.empty": "Choisissez au moins un rôle.",
    "error.summary": "Le formulaire contient {count} erreur(s). Corrigez les champs signalés ci-dessous.",
    "error.unexpected": "Un problème est survenu. Rien n'a été enregistré. Réessayez dans un instant.",
    # Navigation and shell
    "nav.home": "Accueil",
    "nav.invite": "Inviter une personne",
    "nav.signout": "Me déconnecter",
    "nav.signin": "Me connecter",
    "nav.activate": "Activer mon compte",
    "nav.menu": "Menu",
    "signout.done": "Vous êtes déconnecté(e). Rien n'est gardé sur cet appareil.",
    "idle.warning": "Sans action de votre part, vous serez déconnecté(e) dans {seconds} secondes.",
    "idle.continue": "Je continue",
    "idle.signed_out": "Vous avez été déconnecté(e) après un temps sans activité.",
    # Home (person)
    "home.person.hello": "Bonjour {first_name} {last_name}",
    "home.person.dossier": "Numéro de dossier : {number}",
    "home.person.referent": "Votre référent : {name}",
    "home.person.referent_contact": "Contact : {email}",
    "home.person.no_referent": "Votre référent n'est pas encore désigné. Nous vous écrirons bientôt.",
    "home.person.structure": "Structure qui vous accompagne : {name}",
    "home.person.no_structure": "La structure qui vous accompagnera n'est pas encore choisie.",
    "home.person.rsa_entry": "Entrée au RSA : {date}",
    # Home (professional)
    "home.pro.hello": "Bonjour {first_name} {last_name}",
    "home.pro.organisation": "Structure : {name}",
    "home.pro.roles": "Vos rôles : {roles}",
    "home.pro.caseload": "Les personnes que vous suivez ({count})",
    "home.pro.caseload.empty": "Vous ne suivez encore personne.",
    "home.pro.col.dossier": "Dossier",
    "home.pro.col.name": "Nom",
    "home.pro.col.rsa_entry": "Entrée RSA",
    "home.pro.col.account": "Compte",
    "home.pro.account.active": "activé",
    "home.pro.account.invited": "invitation envoyée",
    "home.pro.account.none": "pas encore invité",
    "home.pro.territory": "Sur le territoire : {people} personnes, {structures} structures.",
    # Invitation
    "invite.title": "Inviter une personne",
    "invite.intro": (
        "Cherchez la personne par son numéro de dossier. Le code d'activation sert une fois, "
        "pendant {days} jours. Donnez-le à la personne, sur papier ou par SMS."
    ),
    "invite.search": "Numéro de dossier",
    "invite.search.submit": "Chercher",
    "invite.not_found": "Aucun dossier accessible avec ce numéro.",
    "invite.person": "{first_name} {last_name}, née ou né le {birth_date}",
    "invite.issue": "Créer un code d'activation",
    "invite.code": "Code d'activation : {code}",
    "invite.expires": "Valable jusqu'au {date}. Un nouveau code remplace le précédent.",
    "invite.letter": (
        "Rendez-vous sur {url}, choisissez « Activer mon compte », puis écrivez votre numéro de "
        "dossier {number}, ce code et votre date de naissance."
    ),
    "invite.qr": "QR code pour ouvrir la page d'activation (il ne contient aucune donnée personnelle)",
    "role.referent": "référent",
    "role.accueil": "accueil",
    "role.coordinateur": "coordinateur",
    "role.admin": "administrateur",
    "denied": "Vous n'avez pas accès à cette page.",
}


def t(key: str, **values: object) -> str:
    """The French text for `key`, with `{placeholders}` filled in."""
    text = LABELS[key]
    return text.format(**values) if values else text
