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
    "home.person.roadmap": "Ma feuille de route",
    "home.person.roadmap.empty": "Elle est encore vide. Vous pouvez la commencer, seul(e) ou avec votre référent.",
    "home.person.roadmap.soon": "{count} action(s) à faire dans les 2 semaines.",
    "home.person.roadmap.open": "Voir ma feuille de route",
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
    "denied.dossier": "Vous n'avez pas accès à ce dossier.",
    "choose.placeholder": "Choisissez dans la liste",
    # Free text
    "freetext.reminder": (
        "200 caractères au plus. N'écrivez pas de détails sur votre santé, ni de numéros "
        "(téléphone, sécurité sociale, compte bancaire)."
    ),
    "error.text.too_long_200": "Ce texte est trop long : 200 caractères au plus.",
    "error.text.too_long_500": "Ce texte est trop long : 500 caractères au plus.",
    "error.text.sensitive.phone": (
        "Ce texte ressemble à un numéro de téléphone. D'autres personnes peuvent le lire. "
        "Enlevez-le, ou appuyez encore sur le bouton pour l'enregistrer quand même."
    ),
    "error.text.sensitive.email": (
        "Ce texte ressemble à une adresse e-mail. D'autres personnes peuvent le lire. "
        "Enlevez-la, ou appuyez encore sur le bouton pour l'enregistrer quand même."
    ),
    "error.text.sensitive.nir": (
        "Ce texte ressemble à un numéro de sécurité sociale. Il ne doit pas être écrit ici. "
        "Enlevez-le, ou appuyez encore sur le bouton pour l'enregistrer quand même."
    ),
    "error.text.sensitive.iban": (
        "Ce texte ressemble à un numéro de compte bancaire. Il ne doit pas être écrit ici. "
        "Enlevez-le, ou appuyez encore sur le bouton pour l'enregistrer quand même."
    ),
    "error.ref.unknown": "Ce choix n'existe pas dans la liste.",
    "error.roadmap.label_or_ref": "Choisissez dans la liste, ou écrivez avec vos mots.",
    "error.roadmap.theme": "Choisissez une thématique.",
    "error.roadmap.carrier": "Choisissez qui s'en occupe.",
    "error.roadmap.partner": "Choisissez la structure partenaire.",
    "error.roadmap.transition": "Ce changement n'est pas possible depuis l'état actuel.",
    "error.date.past": "Cette date est déjà passée. Choisissez une date à venir.",
    "error.validation.person_code": (
        "Ce code ne correspond pas. La personne peut réessayer. "
        "Après 5 essais ratés, son compte est bloqué 15 minutes."
    ),
    "error.validation.empty": "La feuille de route est vide : ajoutez d'abord un objectif.",
    "error.diagnostic.choose": "Choisissez une situation dans la liste.",
    "error.diagnostic.already": "Cette situation est déjà notée.",
    # Statuses, carriers
    "status.en_cours": "En cours",
    "status.realise": "Atteint",
    "status.abandonne": "Abandonné",
    "status.en_projet": "Prévue",
    "status.en_attente": "En attente",
    "status.realisee": "Faite",
    "status.abandonnee": "Abandonnée",
    "status.annulee": "Annulée",
    "quick.realisee": "C'est fait",
    "quick.en_cours": "C'est en cours",
    "quick.reopen": "Pas encore fait",
    "quick.goal.realise": "Objectif atteint",
    "quick.goal.abandonne": "Abandonner",
    "quick.goal.en_cours": "Reprendre",
    "carrier.personne": "la personne",
    "carrier.you": "vous",
    "carrier.referent": "le référent",
    "carrier.partenaire": "une structure partenaire",
    "carrier.label": "Qui s'en occupe ?",
    "carrier.choice.personne": "La personne accompagnée",
    "carrier.choice.referent": "Le référent",
    "carrier.choice.partenaire": "Une structure partenaire",
    "carrier.partner": "Structure partenaire",
    # Due dates
    "due.label": "À faire avant quand ?",
    "due.none": "Pas de date",
    "due.keep": "Garder la date du {date}",
    "due.keep_none": "Garder : pas de date",
    "due.1w": "Dans 1 semaine ({date})",
    "due.2w": "Dans 2 semaines ({date})",
    "due.1m": "Dans 1 mois ({date})",
    "due.3m": "Dans 3 mois ({date})",
    "due.other": "Une autre date",
    "due.other.field": "Date (JJ/MM/AAAA)",
    "due.other.help": "Par exemple 15/01/2027.",
    # Roadmap page
    "nav.roadmap": "Ma feuille de route",
    "nav.roadmap.pro": "Feuille de route",
    "nav.situation": "Ma situation",
    "nav.situation.pro": "Diagnostic",
    "nav.history": "Ce qui a changé",
    "nav.history.pro": "Historique",
    "dossier.choose": "Personne suivie",
    "dossier.choose.placeholder": "Tapez un nom ou un numéro de dossier",
    "dossier.choose.empty": "Vous ne suivez encore personne.",
    "roadmap.title": "Ma feuille de route",
    "roadmap.title.pro": "Feuille de route",
    "roadmap.empty": "Votre feuille de route est vide. Ajoutez un premier objectif ci-dessous.",
    "roadmap.empty.pro": "Cette feuille de route est vide. Ajoutez un premier objectif avec la personne.",
    "roadmap.theme.progress": "{done} action(s) faite(s) sur {total}",
    "roadmap.goal.title": "{label} — {status} ({done}/{total})",
    "roadmap.goal.no_action": "Pas encore d'action pour cet objectif.",
    "roadmap.goal.summary": "« {label} », {status}",
    "roadmap.goal.add": "Ajouter un objectif",
    "roadmap.goal.theme": "Thématique",
    "roadmap.goal.ref": "Objectif (cherchez dans la liste)",
    "roadmap.goal.own": "Ou écrivez l'objectif avec vos mots",
    "roadmap.goal.submit": "Ajouter cet objectif",
    "roadmap.goal.added": "L'objectif est ajouté.",
    "roadmap.edit.goal.open": "Modifier l'objectif",
    "roadmap.field.goal_label": "Objectif",
    "roadmap.action.add": "Ajouter une action",
    "roadmap.action.ref": "Action (cherchez dans la liste)",
    "roadmap.action.own": "Ou écrivez l'action avec vos mots",
    "roadmap.action.submit": "Ajouter cette action",
    "roadmap.action.added": "L'action est ajoutée.",
    "roadmap.action.due": "avant le {date}",
    "roadmap.action.overdue": "en retard",
    "roadmap.action.carrier": "par : {who}",
    "roadmap.action.summary": "« {label} », {status}, date : {due}",
    "roadmap.search.placeholder": "Tapez un mot pour chercher",
    "roadmap.edit": "Modifier",
    "roadmap.edit.action": "Modifier l'action",
    "roadmap.field.label": "Action",
    "roadmap.field.status": "Où en est l'action ?",
    "roadmap.save": "Enregistrer",
    "roadmap.cancel": "Fermer",
    "roadmap.comment.field": "Votre commentaire",
    "roadmap.comment.submit": "Ajouter le commentaire",
    "roadmap.comment.add_goal": "Commenter l'objectif",
    "roadmap.comment.line": "{who}, le {when} :",
    "roadmap.conflict.title": "Quelqu'un a modifié cet élément avant vous. Rien n'a été enregistré.",
    "roadmap.conflict.someone": "Une autre personne",
    "roadmap.conflict.body": (
        "{who} l'a modifié le {when}. Voici ce qui est enregistré maintenant : {current}. "
        "Votre saisie est gardée. Vérifiez-la, puis appuyez encore sur le bouton pour l'enregistrer."
    ),
    "roadmap.now.title": "Ce qui vous attend",
    "roadmap.now.title.pro": "À suivre",
    "roadmap.now.validation": "Votre référent a validé la feuille de route. Relisez-la et validez à votre tour.",
    "roadmap.now.validation.pro": "La personne a validé la feuille de route. Il manque votre validation.",
    "roadmap.now.action": "{label} : avant le {date} {late}",
    # Validation
    "validation.state.jamais": "Feuille de route pas encore validée ensemble.",
    "validation.state.validee": "Feuille de route validée ensemble le {date}.",
    "validation.state.modifiee": "Feuille de route modifiée depuis la validation du {date}.",
    "validation.title": "Valider ensemble",
    "validation.intro": (
        "La personne et son référent relisent la feuille de route. Quand les deux sont d'accord, "
        "chacun valide. La version validée devient l'engagement."
    ),
    "validation.who.personne.person": "Vous",
    "validation.who.referent.person": "Votre référent",
    "validation.who.personne.pro": "La personne",
    "validation.who.referent.pro": "Vous (référent)",
    "validation.done": "{who} : validé le {when}.",
    "validation.missing": "{who} : pas encore validé.",
    "validation.confirm.person": "Je valide ma feuille de route",
    "validation.confirm.referent": "Je valide (référent)",
    "validation.presence.title": "La personne est à côté de vous ?",
    "validation.presence.intro": "Elle tape son code personnel sur cet écran pour valider.",
    "validation.presence.code": "Code personnel de la personne",
    "validation.confirm.presence": "La personne valide",
    "validation.changed": (
        "La feuille de route a changé pendant ce temps. Rien n'a été validé. Relisez-la puis validez à nouveau."
    ),
    "validation.side.personne": "la personne",
    "validation.side.referent": "le référent",
    "validation.channel.autonome": "sur son appareil",
    "validation.channel.borne": "sur une borne",
    "validation.channel.en_presence": "avec son référent, par son code personnel",
    "engagement.title": "Voir la version validée le {date}",
    "engagement.times": "Validée par la personne le {person} ({channel}) et par le référent le {referent}.",
    "engagement.goal": "Objectif : {label} ({status})",
    "engagement.action": "• {label} ({status})",
    # Diagnostic
    "diagnostic.title": "Ma situation",
    "diagnostic.title.pro": "Diagnostic",
    "diagnostic.intro": (
        "Dites ce qui vous freine aujourd'hui. Votre référent le voit et peut aussi noter des situations."
    ),
    "diagnostic.intro.pro": "Les situations notées par la personne ou par un professionnel.",
    "diagnostic.empty": "Aucune situation notée pour le moment.",
    "diagnostic.source.you": "Noté par vous le {date}",
    "diagnostic.source.personne": "Noté par la personne le {date}",
    "diagnostic.source.professionnel": "Noté par un professionnel le {date}",
    "diagnostic.remove": "Ce n'est plus le cas",
    "diagnostic.add": "Ajouter une situation",
    "diagnostic.theme": "Thématique",
    "diagnostic.situation": "Situation (cherchez dans la liste)",
    "diagnostic.submit": "Ajouter cette situation",
    "diagnostic.added": "La situation est notée.",
    "situation.source.personne": "la personne",
    "situation.source.professionnel": "un professionnel",
    # History
    "history.title": "Ce qui a changé",
    "history.title.pro": "Historique",
    "history.empty": "Rien n'a encore changé.",
    "history.in_presence": "Fait avec le référent, par le code personnel de la personne.",
    "history.value.none": "rien",
    "history.who.you": "Vous",
    "history.who.person": "{name} (la personne)",
    "history.who.system": "L'administration",
    "history.who.pro": "{name} ({role}, {structure})",
    "history.detail": "{field} : {before} → {after}",
    "history.field.label": "Texte",
    "history.field.status": "État",
    "history.field.due_date": "Date",
    "history.field.carrier": "Qui s'en occupe",
    "history.field.partner_organisation_id": "Structure partenaire",
    "history.goal.created": "a ajouté l'objectif « {subject} ».",
    "history.goal.updated": "a modifié l'objectif « {subject} ».",
    "history.action.created": "a ajouté l'action « {subject} ».",
    "history.action.updated": "a modifié l'action « {subject} ».",
    "history.comment.created": "a commenté « {subject} ».",
    "history.situation.created": "a noté la situation « {subject} ».",
    "history.situation.removed": "a retiré la situation « {subject} ».",
    "history.validation.confirmed": "a validé la feuille de route.",
    "history.validation.validated": (
        "a complété la validation : la feuille de route validée par les deux devient l'engagement."
    ),
    "history.goal.created.you": "avez ajouté l'objectif « {subject} ».",
    "history.goal.updated.you": "avez modifié l'objectif « {subject} ».",
    "history.action.created.you": "avez ajouté l'action « {subject} ».",
    "history.action.updated.you": "avez modifié l'action « {subject} ».",
    "history.comment.created.you": "avez commenté « {subject} ».",
    "history.situation.created.you": "avez noté la situation « {subject} ».",
    "history.situation.removed.you": "avez retiré la situation « {subject} ».",
    "history.validation.confirmed.you": "avez validé la feuille de route.",
    "history.validation.validated.you": (
        "avez complété la validation : la feuille de route validée par les deux devient l'engagement."
    ),
    "role.personne": "la personne",
    "role.professionnel": "professionnel",
    "role.systeme": "administration",
}


def t(key: str, **values: object) -> str:
    """The French text for `key`, with `{placeholders}` filled in."""
    text = LABELS[key]
    return text.format(**values) if values else text
