"""Every French string the app shows, in one catalogue (plain French, short sentences, everyday words).

French is the source: English and Arabic are gettext catalogues built from it (`dossier/i18n.py`,
`locale/`, `make i18n`); `t()` gives the text in the active language."""

from __future__ import annotations

from dossier import formatting, i18n

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
    "signin.failed": "Identifiant ou code incorrect. Vérifiez et réessayez.",
    "signin.failed.last": (
        "Identifiant ou code incorrect. Attention : il vous reste 1 seul essai. "
        "Ensuite, la connexion sera en pause {minutes} minutes."
    ),
    "signin.paused": (
        "Trop d'essais : la connexion est en pause jusqu'à {time}. "
        "Code oublié ? Votre référent ou l'accueil de la Maison de l'insertion vous donne un nouveau code "
        "d'activation. Téléphone : {phone}."
    ),
    "signin.paused.pro": (
        "Trop d'essais : la connexion est en pause jusqu'à {time}. "
        "Mot de passe oublié ? L'administrateur de votre structure peut vous en donner un nouveau."
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
    "activate.already": "Votre compte est déjà activé et vous êtes connecté.",
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
    "error.unexpected": (
        "Un problème est survenu. Rien n'a été enregistré. Réessayez dans un instant. "
        "Si cela recommence, donnez ce numéro à l'équipe d'assistance : {ref}."
    ),
    "error.unexpected.page": (
        "Cette page n'a pas pu s'afficher. Réessayez dans un instant. "
        "Si cela recommence, donnez ce numéro à l'équipe d'assistance : {ref}."
    ),
    "error.refused": "Cette action n'est pas possible. Rien n'a été enregistré.",
    "error.slot.started": "Ce créneau a déjà commencé : il ne peut plus être annulé. Notez la présence.",
    "error.not_found": "Rien ne correspond. Vérifiez et réessayez.",
    # Navigation and shell
    "nav.home": "Accueil",
    "nav.invite": "Inviter une personne",
    "nav.signout": "Me déconnecter",
    "nav.signin": "Me connecter",
    "nav.activate": "Activer mon compte",
    "nav.menu": "Menu",
    "nav.accessibility": "Accessibilité",
    # The language control (each language is named in itself: dossier.i18n.NAMES)
    "language.label": "Langue",
    "consent.notice.french": "Le texte en français, le seul qui fait foi :",
    # Accessibility statement (RGAA): honest about what was checked, and how to report a barrier
    "accessibility.title": "Accessibilité",
    "accessibility.intro": "Ce service doit pouvoir être utilisé par tout le monde : sur un téléphone, au clavier, "
                           "avec un lecteur d'écran ou un zoom.",
    "accessibility.status.title": "Où en est ce service ?",
    "accessibility.status": "Ce service n'a pas encore été audité par un organisme extérieur. Il est donc "
                            "**non conforme** au sens du RGAA (référentiel général d'amélioration de "
                            "l'accessibilité), tant que cet audit n'est pas fait.",
    "accessibility.checked.title": "Ce que nous vérifions à chaque version",
    "accessibility.checked": "- Chaque page est testée automatiquement (règles WCAG 2.1 niveaux A et AA).\n"
                             "- Chaque page est vérifiée sur un écran de téléphone : boutons d'au moins 44 pixels, "
                             "pas de défilement de côté.\n"
                             "- La navigation au clavier montre toujours où l'on se trouve.\n"
                             "- Avant une déconnexion pour inactivité, un message prévient et permet de continuer.",
    "accessibility.limits.title": "Ce qui peut encore gêner",
    "accessibility.limits": "- Les graphiques des indicateurs (pages des professionnels) sont longs à lire avec "
                            "un lecteur d'écran : le tableau placé sous chaque graphique donne les mêmes chiffres.\n"
                            "- Le code QR de la borne se lit avec l'appareil photo du téléphone. Sans appareil "
                            "photo, connectez-vous sur votre téléphone avec votre numéro de dossier.",
    "accessibility.report.title": "Signaler un problème",
    "accessibility.report": "Si vous ne pouvez pas utiliser une page, dites-le à votre référent ou à l'accueil de "
                            "la Maison de l'insertion. Nous vous aiderons à faire la démarche autrement, "
                            "et nous corrigerons la page.",
    "accessibility.recourse.title": "Si vous n'avez pas de réponse",
    "accessibility.recourse": "Vous pouvez écrire au Défenseur des droits : par son site "
                              "defenseurdesdroits.fr, ou par courrier gratuit, sans timbre, à "
                              "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.",
    "signout.done": "Vous êtes déconnecté(e). Rien n'est gardé sur cet appareil.",
    "idle.continue": "Je continue",
    "idle.signed_out": "Vous avez été déconnecté(e) après un temps sans activité.",
    "signout.ended": "Vous avez été déconnecté(e) de cet appareil. Reconnectez-vous pour continuer.",
    # « Mes appareils »
    "nav.devices": "Mes appareils",
    "devices.title": "Mes appareils",
    "devices.intro": (
        "Vous êtes connecté(e) sur ces appareils. Vous ne reconnaissez pas un appareil ? "
        "Déconnectez-le."
    ),
    "devices.kiosk": "{label} — borne d'accueil",
    "devices.since": "Connecté le {moment}",
    "devices.last_seen": "Dernière utilisation : le {moment}",
    "devices.current": "C'est l'appareil que vous utilisez maintenant.",
    "devices.end_one": "Déconnecter cet appareil",
    "devices.end_others": "Déconnecter tous mes autres appareils",
    "devices.ended_one": "Cet appareil est déconnecté.",
    "devices.ended_others": "Vos autres appareils sont déconnectés ({count}).",
    "devices.unknown": "Cet appareil n'est plus dans votre liste.",
    "devices.no_account": "Ce compte n'a pas d'appareils connectés.",
    "devices.none": "Aucun autre appareil n'est connecté.",
    "devices.help": (
        "Sur votre téléphone, vous restez connecté(e) même si vous rechargez la page. "
        "Après {minutes} minutes sans activité, ou après {hours} heures, il faut vous reconnecter. "
        "Sur une borne d'accueil, rien n'est gardé."
    ),
    # Kiosk welcome screen
    "nav.welcome": "Bienvenue",
    "welcome.title": "Bienvenue",
    "welcome.intro": "Que voulez-vous faire ?",
    "welcome.book": "Prendre mon rendez-vous",
    "welcome.signin": "Me connecter",
    "welcome.activate": "Activer mon compte",
    "welcome.help": "Besoin d'aide ? Demandez à l'accueil. Personne ne voit ce que vous tapez ici.",
    "signin.then_booking": "Connectez-vous. Ensuite, vous choisirez votre rendez-vous.",
    # From the kiosk to the phone
    "handoff.title": "Continuer sur mon téléphone",
    "handoff.intro": "Vous pouvez continuer sur votre téléphone. Votre numéro de dossier sera déjà écrit.",
    "handoff.show": "Afficher le code à scanner",
    "handoff.qr": "Code QR à scanner avec l'appareil photo de votre téléphone",
    "handoff.steps": (
        "Ouvrez l'appareil photo de votre téléphone et visez ce code. "
        "Le lien marche une seule fois, pendant {minutes} minutes. "
        "Sur le téléphone, tapez votre code personnel."
    ),
    "handoff.done": "J'ai fini ici, me déconnecter",
    "handoff.welcome": "Votre numéro de dossier est écrit. Tapez votre code personnel.",
    "handoff.refused": (
        "Ce lien ne marche plus : il a déjà servi, ou plus de {minutes} minutes sont passées. "
        "Tapez votre numéro de dossier, ou affichez un nouveau code sur la borne."
    ),
    # "Avec la personne" mode
    "with_person.toggle": "Avec la personne",
    "with_person.help": "Écran tourné vers la personne : textes simples et plus gros.",
    "with_person.banner": "Mode « avec la personne ». Pour approuver, la personne tape son propre code.",
    "sharing.presence.code": "Votre code personnel (tapé par vous)",
    "sharing.presence.open": "Ouvrir mes partages",
    "sharing.presence.intro": (
        "Vous seul(e) décidez de vos partages. Tapez votre code personnel ici. "
        "Chaque choix sera enregistré comme fait avec vous, en présence de votre référent."
    ),
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
    "invite.not_found.name": "Aucune personne trouvée avec ce nom et cette date de naissance. Vérifiez l'orthographe.",
    "invite.search.needed": "Écrivez le numéro de dossier, ou le nom et la date de naissance.",
    "invite.or_name": "Ou, sans le numéro :",
    "invite.last_name": "Nom",
    "invite.first_name": "Prénom (facultatif)",
    "invite.birth_date": "Date de naissance (JJ/MM/AAAA)",
    "invite.choose": "{first_name} {last_name} — dossier {number}",
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
    "denied.action": "Vous n'avez pas accès à cette action.",
    "denied.export.person_only": "Seule la personne peut télécharger son dossier.",
    "denied.slots.own_places": "Vous publiez seulement pour les lieux de votre structure.",
    "denied.booking": "Vous n'avez pas accès à ce rendez-vous.",
    "denied.attendance": "Seul un professionnel note la présence.",
    "denied.slot": "Vous n'avez pas accès à ce créneau.",
    "denied.place": "Vous n'avez pas accès à ce lieu.",
    "denied.handoff": "Seule la personne peut continuer sur son téléphone.",
    "denied.engagement": "Seul le référent valide avec la personne.",
    "denied.person_only": "Seule la personne voit cette page.",
    "denied.consent": "Seule la personne peut décider de ses partages.",
    "denied.page.title": "Page non disponible",
    "denied.page": "Cette page n'est pas ouverte à votre compte. Utilisez le menu pour aller sur vos pages.",
    "choose.placeholder": "Choisissez dans la liste",
    # Free text
    "freetext.reminder": (
        "{limit} caractères au plus. N'écrivez pas de détails sur votre santé, ni de numéros "
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
    "carrier.your_referent": "votre référent",
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
    "roadmap.now.action": "{label} : avant le {date}{late}",
    "roadmap.now.late": " (en retard)",
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
    # Sharing (consents), who looked at my file, my data
    "category.identite_contact": "Qui je suis",
    "category.situation": "Ma situation",
    "category.feuille_de_route": "Ma feuille de route",
    "category.rendez_vous": "Mes rendez-vous",
    "category.sante": "Ma santé",
    "category.pro.identite_contact": "Identité et contact",
    "category.pro.situation": "Situation (diagnostic)",
    "category.pro.feuille_de_route": "Feuille de route",
    "category.pro.rendez_vous": "Rendez-vous",
    "category.pro.sante": "Santé",
    "category.what.identite_contact": "Votre nom, votre date de naissance, votre téléphone et votre e-mail.",
    "category.what.situation": "Ce qui vous freine aujourd'hui : logement, transport, famille, argent…",
    "category.what.feuille_de_route": "Vos objectifs, vos actions et les commentaires.",
    "category.what.rendez_vous": "La date, l'heure et le lieu de vos rendez-vous.",
    "category.what.sante": "Ce que vous avez dit sur votre santé. Elle n'est jamais partagée sans votre accord.",
    "organisation.type.all.departement": "Tous les services du Département",
    "organisation.type.all.france_travail": "Toutes les agences France Travail",
    "organisation.type.all.caf": "Toutes les CAF",
    "organisation.type.all.msa": "Toutes les MSA",
    "organisation.type.all.mission_locale": "Toutes les missions locales",
    "organisation.type.all.cap_emploi": "Tous les Cap emploi",
    "organisation.type.all.plie": "Tous les PLIE",
    "organisation.type.all.ccas": "Tous les CCAS",
    "organisation.type.all.association": "Toutes les associations partenaires",
    "organisation.type.all.siae": "Toutes les structures d'insertion par l'activité économique",
    "consent.notice": (
        "Vous choisissez qui voit quoi dans votre dossier. Une structure voit seulement les parties que vous "
        "partagez avec elle, pour vous accompagner vers l'emploi. Votre accord dure 12 mois. Vous pouvez "
        "l'arrêter à tout moment : la structure ne voit plus rien dès sa prochaine lecture. Votre structure "
        "référente voit votre dossier sans accord, car c'est sa mission de service public, sauf votre santé."
    ),
    "sharing.title": "Mes partages",
    "sharing.intro": "Vous choisissez ce que chaque structure peut voir.",
    "sharing.referent.title": "Votre structure référente : {name}",
    "sharing.referent.body": (
        "Elle vous accompagne. Elle voit votre dossier sans accord, car c'est sa mission de service public. "
        "Elle ne voit pas votre santé, sauf si vous la partagez ci-dessous."
    ),
    "sharing.referent.none": "Vous n'avez pas encore de structure référente.",
    "sharing.referent.basis": "Base légale : {basis}.",
    "sharing.empty": "Vous ne partagez rien avec d'autres structures pour le moment.",
    "sharing.until": "Partagé jusqu'au {date}.",
    "sharing.parts": "Ce que contient chaque partie",
    "sharing.add": "Ajouter une structure",
    "sharing.add.field": "Structure à ajouter",
    "sharing.add.submit": "Ajouter",
    "sharing.given": "C'est partagé avec {name} : {category}.",
    "sharing.withdrawn": "C'est arrêté. {name} ne voit plus : {category}.",
    "sharing.history": "Tous mes accords, même les anciens",
    "sharing.history.line": "{category} avec {recipient} : {status}. Donné le {given}{ended}.",
    "sharing.history.ended": ", jusqu'au {date}",
    "sharing.history.empty": "Aucun accord pour le moment.",
    "consent.status.donne": "en cours",
    "consent.status.retire": "arrêté",
    "consent.status.expire": "fini (12 mois passés)",
    "consent.status.remplace": "renouvelé",
    "error.consent.category": "Choisissez une partie de votre dossier.",
    "error.consent.recipient": "Choisissez une structure dans la liste.",
    "consulted.title": "Qui a consulté mon dossier",
    "consulted.intro": "Chaque fois qu'un professionnel ouvre votre dossier, c'est écrit ici : une ligne par visite.",
    "consulted.empty": "Personne n'a encore consulté votre dossier.",
    "consulted.line": "{when} — {who}, {role}, {structure}",
    "consulted.parts": "Parties : {parts}.",
    "consulted.purpose": "Pour : {purpose}.",
    "consulted.allowed": "Il a pu voir.",
    "consulted.denied": "Refusé : il n'a rien vu.",
    "consulted.exceptional": "ACCÈS EXCEPTIONNEL (urgence). Raison donnée : {reason}",
    "consulted.more": "Voir plus ancien",
    "export.title": "Télécharger mon dossier",
    "export.intro": (
        "Vous pouvez emporter tout ce que nous avons sur vous : en PDF pour le lire, "
        "en JSON pour le donner à un autre service."
    ),
    "export.prepare": "Préparer mon dossier",
    "export.pdf": "Télécharger en PDF",
    "export.json": "Télécharger en JSON",
    "export.ready": "Votre dossier est prêt. Il contient {count} éléments.",
    "export.pdf.title": "Dossier d'insertion de {name}",
    "export.pdf.date": "Document préparé le {date}.",
    "export.pdf.page": "Page {page}",
    "export.pdf.number": "Numéro de dossier : {value}",
    "export.pdf.birth": "Date de naissance : {value}",
    "export.pdf.phone": "Téléphone : {value}",
    "export.pdf.email": "E-mail : {value}",
    "export.pdf.structure": "Structure référente : {value}",
    "export.pdf.referent": "Référent : {value}",
    "export.pdf.none": "Rien pour le moment.",
    "export.pdf.booking": "• Le {day} à {time}, {place} (référence {reference}) : {status}.",
    "export.pdf.due": " (avant le {date})",
    "hidden.title": "Parties cachées",
    "hidden.line": "{category} : {reason}.",
    "hidden.basis": "Vous voyez ce dossier par : {basis}.",
    "exceptional.title": "Accès exceptionnel",
    "exceptional.intro": (
        "En cas d'urgence, vous pouvez ouvrir le dossier d'une personne d'une autre structure pendant 3 heures. "
        "Écrivez la raison. La personne verra cet accès en rouge dans son dossier."
    ),
    "exceptional.number": "Numéro de dossier",
    "exceptional.reason": "Raison de l'urgence",
    "exceptional.reason.help": "Au moins 20 caractères. La personne lira cette raison.",
    "exceptional.submit": "Ouvrir pour 3 heures",
    "exceptional.opened": "Accès ouvert jusqu'à {time}. Choisissez la personne dans la liste de vos pages.",
    "exceptional.running": "Accès exceptionnels en cours",
    "exceptional.running.line": "{name} — jusqu'à {time}",
    "error.exceptional.reason": "Écrivez la raison de l'urgence (au moins 20 caractères).",
    "error.exceptional.number": "Ce numéro ne correspond à aucun dossier que vous pouvez ouvrir ainsi.",
    "dossier.shared": " (partagé)",
    "dossier.exceptional": " (accès exceptionnel)",
    "dossier.name_hidden": "Nom caché",
    "nav.sharing": "Mes partages",
    "nav.consulted": "Qui a consulté",
    "nav.export": "Mes données",
    "nav.exceptional": "Accès exceptionnel",
    # Appointments
    "nav.booking": "Mon rendez-vous",
    "nav.booking.pro": "Rendez-vous",
    "booking.title": "Mon premier rendez-vous",
    "booking.title.pro": "Premier rendez-vous",
    "booking.intro": "C'est un rendez-vous pour faire le point avec vous. Il dure environ une heure.",
    "booking.target.passed": "Le mois prévu pour ce rendez-vous est passé. Prenez-le dès que possible.",
    "booking.step.place": "1. Choisissez un lieu",
    "booking.step.day": "2. Choisissez un jour",
    "booking.step.time": "3. Choisissez une heure",
    "booking.step.confirm": "4. Vérifiez et confirmez",
    "booking.place.step_free": "Accessible en fauteuil roulant.",
    "booking.place.not_step_free": "Il y a des marches à l'entrée.",
    "booking.place.choose": "Choisir {name}",
    "booking.none": "Il n'y a pas de créneau libre pour le moment. Revenez demain, ou appelez votre structure.",
    "booking.day.button": "{day} ({count})",
    "booking.time.button": "{time}",
    "booking.back": "Retour",
    "booking.chosen.place": "Lieu choisi : {place}.",
    "booking.chosen.day": "Lieu choisi : {place}. Jour choisi : {day}.",
    "booking.not_yet": (
        "Attention : votre rendez-vous n'est pas encore pris. Vérifiez, puis appuyez sur « Je confirme »."
    ),
    "booking.summary": "Le {day} à {time}, à {place}, {address}, {city}.",
    "booking.confirm": "Je confirme ce rendez-vous",
    "booking.taken.short": "Ce créneau vient d'être pris.",
    "booking.taken": "Ce créneau vient d'être pris. Choisissez un autre créneau :",
    "booking.taken.none": "Ce créneau vient d'être pris, et il n'y a plus de créneau libre ici.",
    "booking.done": "C'est confirmé. Votre rendez-vous est pris.",
    "booking.yours": "Votre rendez-vous",
    "booking.reference": "Référence : {reference}",
    "booking.bring": "À apporter : {bring}",
    "booking.call": "Une question, un empêchement ? Appelez {place} au {phone}.",
    "booking.reminder.email": "Vous recevrez un rappel par e-mail 2 jours avant le rendez-vous.",
    "booking.reminder.sms": "Vous recevrez un rappel par SMS 2 jours avant le rendez-vous.",
    "booking.qr": "Ce code QR ouvre votre rendez-vous. Montrez-le à l'accueil.",
    "booking.ics": "Ajouter à mon agenda (fichier .ics)",
    "booking.print": "Imprimer ou garder la confirmation (PDF)",
    "booking.move": "Changer de créneau",
    "booking.move.help": "Vous pouvez changer jusqu'à {hours} heures avant.",
    "booking.move.title": "Choisissez le nouveau créneau",
    "booking.moved": "C'est changé. Votre nouveau rendez-vous est pris, l'ancien est libéré.",
    "booking.cancel": "Annuler mon rendez-vous",
    "booking.cancel.help": "Vous pouvez annuler jusqu'à {hours} heures avant.",
    "booking.cancel.sure": "Vous êtes sûr(e) ? Le créneau sera donné à quelqu'un d'autre.",
    "booking.cancel.yes": "Oui, j'annule",
    "booking.cancelled": "Votre rendez-vous est annulé. Vous pouvez en prendre un autre.",
    "booking.ics.summary": "Premier rendez-vous d'insertion",
    "booking.ics.description": "Référence {reference}. À apporter : {bring}",
    "booking.status.a_venir": "à venir",
    "booking.status.honore": "honoré",
    "booking.status.excuse": "annulé par la personne",
    "booking.status.annule_structure": "annulé par la structure",
    "booking.status.absent": "absent(e)",
    "error.booking.already": "Vous avez déjà un rendez-vous à venir. Changez-le ou annulez-le d'abord.",
    "error.booking.already.person": (
        "Cette personne a déjà un premier rendez-vous à venir. Changez-le ou annulez-le d'abord."
    ),
    "error.booking.choose_person": "Cherchez d'abord la personne.",
    "error.booking.not_upcoming": "Ce rendez-vous n'est plus à venir.",
    "error.booking.too_late_to_move": "Il est trop tard pour changer ce rendez-vous. Appelez votre structure.",
    "error.booking.too_late_to_cancel": "Il est trop tard pour annuler en ligne. Appelez votre structure.",
    "error.booking.same_slot": "C'est déjà votre créneau. Choisissez-en un autre.",
    "error.booking.changed": "Ce rendez-vous vient d'être modifié. Regardez la nouvelle version.",
    "error.booking.transition": "Ce changement n'est pas possible pour ce rendez-vous.",
    "error.booking.not_yet": "Le rendez-vous n'a pas encore eu lieu.",
    "error.slots.weekdays": "Choisissez au moins un jour de la semaine.",
    "error.slots.times": "L'heure de fin doit être après l'heure de début.",
    "error.slots.days": "La date de fin doit être après la date de début.",
    "error.slots.duration": "La durée doit être entre 10 et 240 minutes.",
    "error.slots.capacity": "Le nombre de places doit être entre 1 et 50.",
    "error.slots.too_many": "C'est trop de créneaux d'un coup (2 000 au plus). Réduisez la période.",
    "error.slots.place": "Choisissez un lieu.",
    "notice.confirmation.subject": "Votre rendez-vous du {day} à {time}",
    "notice.confirmation.body": (
        "Bonjour,\n\nVotre rendez-vous est pris : le {day} à {time}, à {place}, {address}.\n"
        "Référence : {reference}.\nÀ apporter : {bring}\n\nVoir votre rendez-vous : {url}\n"
    ),
    "notice.moved.subject": "Votre rendez-vous a changé : le {day} à {time}",
    "notice.moved.body": (
        "Bonjour,\n\nVotre nouveau rendez-vous : le {day} à {time}, à {place}, {address}.\n"
        "L'ancien créneau est libéré. Référence : {reference}.\n\nVoir votre rendez-vous : {url}\n"
    ),
    "notice.cancellation.subject": "Votre rendez-vous du {day} est annulé",
    "notice.cancellation.body": (
        "Bonjour,\n\nVotre rendez-vous du {day} à {time} est annulé (référence {reference}).\n"
        "Vous pouvez en prendre un autre : {url}\n"
    ),
    "notice.reminder.subject": "Rappel : rendez-vous le {day} à {time}",
    "notice.reminder.body": (
        "Bonjour,\n\nPetit rappel : votre rendez-vous est le {day} à {time}, à {place}, {address}.\n"
        "À apporter : {bring}\nRéférence : {reference}. Si vous ne pouvez pas venir, prévenez-nous : {url}\n"
    ),
    "notice.slot_cancelled.subject": "Votre rendez-vous du {day} est annulé par la structure",
    "notice.slot_cancelled.body": (
        "Bonjour,\n\nNous devons annuler votre rendez-vous du {day} à {time} à {place}. Nous sommes désolés.\n"
        "Choisissez un autre créneau : {url}\n"
    ),
    "letter.title": "Votre dossier d'insertion en ligne",
    "letter.date": "Le {date}",
    "letter.from": "De la part de : {structure}",
    "letter.territory": "Département de la Vallée-Verte",
    "letter.hello": "Bonjour,",
    "letter.why": (
        "Vous avez droit au RSA. Un premier rendez-vous vous attend pour faire le point avec vous. "
        "Vous pouvez le prendre vous-même, sur votre téléphone ou sur une borne d'une Maison de l'insertion."
    ),
    "letter.how": "Comment faire",
    "letter.step1": "1. Allez sur {url}, ou scannez ce code QR avec votre téléphone :",
    "letter.step1.link": "1. Allez sur {url}, ou scannez ce code QR avec votre téléphone. "
                         "Ce lien est le vôtre : il remplace le code d'activation.",
    "letter.step2": (
        "2. Choisissez « Activer mon compte ». Écrivez votre numéro de dossier, ce code et votre date de naissance :"
    ),
    "letter.number": "Numéro de dossier : {number}",
    "letter.code": "Code d'activation : {code}",
    "letter.expires": "Ce code marche une seule fois, jusqu'au {date}.",
    "letter.step3": "3. Choisissez votre code personnel (6 à 12 chiffres). Gardez-le pour vous.",
    "letter.step4": "4. Appuyez sur « Mon rendez-vous » et choisissez un lieu, un jour et une heure.",
    "letter.help.title": "Besoin d'aide ?",
    "letter.help": "Appelez le {phone}, ou venez à l'accueil d'une Maison de l'insertion. C'est gratuit.",
    "invite.letter.pdf": "Télécharger la lettre à imprimer (PDF)",
    "home.person.appointment": "Mon premier rendez-vous",
    "home.person.appointment.none": (
        "Vous n'avez pas encore de rendez-vous. Vous pouvez le prendre ici, en quelques minutes."
    ),
    "home.person.appointment.when": "Le {day} à {time}, à {place}.",
    "home.person.appointment.open": "Voir ou prendre mon rendez-vous",
    "nav.agenda": "Agenda",
    "nav.slots": "Publier des créneaux",
    "slots.title": "Publier des créneaux",
    "slots.intro": "Créez d'un coup les créneaux de premier rendez-vous d'un lieu. Les jours fériés sont sautés.",
    "slots.weekdays": "Jours de la semaine",
    "slots.start": "Début de la plage",
    "slots.end": "Fin de la plage",
    "slots.duration": "Durée d'un rendez-vous (minutes)",
    "slots.first": "Du",
    "slots.last": "Au",
    "slots.capacity": "Places par créneau",
    "slots.capacity.help": "1 pour un entretien individuel ; plus pour une réunion collective.",
    "slots.preview": "Voir combien de créneaux seront créés",
    "slots.preview.count": (
        "{count} créneau(x) seront créés. Les jours fériés et les créneaux déjà publiés ne sont pas comptés."
    ),
    "slots.publish": "Publier ces créneaux",
    "slots.published": "{count} créneau(x) publiés.",
    "agenda.title": "Agenda des premiers rendez-vous",
    "agenda.place": "Lieu",
    "agenda.previous": "Semaine d'avant",
    "agenda.next": "Semaine d'après",
    "agenda.week": "Semaine du {day}",
    "agenda.empty": "Aucun créneau cette semaine dans ce lieu.",
    "agenda.no_place": "Votre structure n'a pas encore de lieu d'accueil.",
    "agenda.seats": "{booked} place(s) prise(s) sur {capacity}",
    "agenda.cancelled": "créneau annulé",
    "agenda.booking": "{person} — réf. {reference} — {status} ({channel})",
    "agenda.channel.autonome": "pris par la personne",
    "agenda.channel.borne": "pris sur une borne",
    "agenda.channel.referent": "pris par le référent",
    "agenda.channel.accueil": "pris par l'accueil",
    "agenda.mark.honore": "Venu(e)",
    "agenda.mark.absent": "Absent(e)",
    "agenda.mark.excuse": "Excusé(e)",
    "agenda.cancel": "Annuler ce créneau",
    "agenda.cancel.sure": (
        "Annuler ce créneau ? {count} personne(s) seront prévenues et pourront reprendre un rendez-vous."
    ),
    "agenda.cancel.yes": "Oui, annuler le créneau",
    "agenda.book": "Réserver pour une personne",
    "agenda.book.help": "Cherchez la personne par son numéro de dossier, ou par son nom et sa date de naissance.",
    "agenda.slot": "Créneau libre",
    "agenda.book.submit.for": "Réserver pour {first_name} {last_name}",
    "agenda.booked": "C'est réservé. Référence : {reference}.",
    "agenda.waiting": "Personnes sans premier rendez-vous",
    "agenda.funnel": (
        "Parcours : {people} personnes, {invited} invitées, {activated} comptes activés, "
        "{booked} premiers rendez-vous pris, {honoured} honorés."
    ),
    "agenda.waiting.none": "Tout le monde a un premier rendez-vous.",
    "agenda.col.name": "Personne",
    "agenda.col.number": "Dossier",
    "agenda.col.entry": "Entrée au RSA",
    "agenda.col.days": "Jours depuis l'entrée",
    "agenda.shortage": (
        "Il manque des créneaux : {seats} place(s) libre(s) avant l'échéance d'un mois, "
        "pour {waiting} personne(s) qui attendent."
    ),
    "error.booking.number": "Aucun dossier ne porte ce numéro, ou vous ne pouvez pas réserver pour cette personne.",
    "error.booking.choose_slot": "Choisissez un créneau libre.",
    # « Ma file active » (référent)
    "nav.caseload": "Ma file active",
    "caseload.title": "Ma file active",
    "caseload.search": "Chercher un nom ou un numéro de dossier",
    "caseload.sort": "Trier par",
    "caseload.sort.alertes": "À traiter d'abord",
    "caseload.sort.nom": "Nom",
    "caseload.sort.entree_rsa": "Entrée au RSA",
    "caseload.empty": "Vous ne suivez encore personne.",
    "caseload.empty.search": "Personne ne correspond à cette recherche.",
    "caseload.todo": "À traiter ({count})",
    "caseload.all": "Toutes les personnes suivies ({count})",
    "caseload.more": "Et {count} autre(s) personne(s) à traiter : affinez la recherche.",
    "caseload.col.alerts": "À traiter",
    "caseload.alert.sans_rendez_vous": "Pas de premier rendez-vous, {count} jours après l'entrée au RSA.",
    "caseload.alert.presence_a_noter": "Rendez-vous passé : présence à noter ({count}).",
    "caseload.alert.jamais_validee": "Feuille de route jamais validée.",
    "caseload.alert.modifiee_depuis_validation": "Feuille de route modifiée depuis sa validation.",
    "caseload.alert.actions_en_retard": "Actions en retard : {count}.",
    "caseload.alert.invitation_non_activee": "Invitation envoyée, compte pas encore activé.",
    "caseload.alert.accord_retire": "Un partage retiré récemment ({count}).",
    "caseload.go.booking": "Prendre le rendez-vous",
    "caseload.go.agenda": "Noter la présence dans l'agenda",
    "caseload.go.roadmap": "Ouvrir la feuille de route",
    "caseload.go.invite": "Renvoyer un code d'activation",
    # Orientation
    "nav.orientation": "Orientation",
    "orientation.title": "Orientation",
    "orientation.number": "Numéro de dossier de la personne",
    "orientation.find": "Chercher",
    "orientation.structure": "Structure référente",
    "orientation.referent": "Référent",
    "orientation.referent.none": "Pas encore de référent",
    "orientation.kind": "Type d'orientation",
    "orientation.kind.social": "Sociale",
    "orientation.kind.professionnel": "Professionnelle",
    "orientation.kind.socio_professionnel": "Socio-professionnelle",
    "orientation.reason": "Motif (10 à 500 caractères)",
    "orientation.reason.help": "La personne lira ce motif. N'écrivez rien sur sa santé ni sa vie privée.",
    "orientation.save": "Enregistrer l'orientation",
    "orientation.saved": "L'orientation est enregistrée. La personne la verra sur sa page d'accueil.",
    "orientation.history": "Historique des orientations",
    "orientation.history.empty": "Aucune orientation enregistrée pour l'instant.",
    "orientation.history.line": "{date} : {structure}, orientation {kind}, référent : {referent}.",
    "orientation.history.reason": "Motif : {reason} (décidé par {who})",
    "orientation.no_referent": "pas encore désigné",
    "orientation.waiting": "En attente d'orientation",
    "orientation.waiting.help.territory": (
        "Personnes entrées au RSA sans aucune décision d'orientation, de l'entrée la plus ancienne à la plus "
        "récente ({limit} au plus)."
    ),
    "orientation.waiting.help.structure": (
        "Personnes de votre structure entrées au RSA sans aucune décision d'orientation, de l'entrée la plus "
        "ancienne à la plus récente ({limit} au plus)."
    ),
    "orientation.waiting.none": "Personne n'attend d'orientation : chaque personne entrée au RSA a une décision.",
    "orientation.col.name": "Personne",
    "orientation.col.number": "Dossier",
    "orientation.col.entry": "Entrée au RSA",
    "orientation.col.days": "Jours d'attente",
    "orientation.col.structure": "Structure actuelle",
    "orientation.col.no_structure": "aucune",
    "home.person.orientation": "Mon orientation",
    "error.orientation.number": "Aucun dossier ne porte ce numéro, ou vous ne pouvez pas orienter cette personne.",
    "error.orientation.structure": "Choisissez une structure.",
    "error.orientation.referent": "Ce référent ne travaille pas dans cette structure.",
    "error.orientation.kind": "Choisissez le type d'orientation.",
    "error.orientation.reason": "Écrivez un motif d'au moins 10 caractères.",
    "error.orientation.same": "Rien ne change : c'est déjà la structure et le référent de la personne.",
    "exit.title": "Fin d'accompagnement",
    "exit.kind": "Pourquoi l'accompagnement s'arrête",
    "exit.date": "Date de fin (JJ/MM/AAAA)",
    "exit.contract": "Contrat",
    "exit.contract.cdi": "CDI",
    "exit.contract.cdd": "CDD",
    "exit.contract.interim": "Intérim",
    "exit.contract.autre": "Autre contrat",
    "exit.working_time": "Temps de travail",
    "exit.working_time.temps_plein": "Temps plein",
    "exit.working_time.temps_partiel": "Temps partiel",
    "exit.reason": "Motif (500 caractères au plus)",
    "exit.reason.help": (
        "Obligatoire pour « Autre raison ». La personne lira ce motif. N'écrivez rien sur sa santé ni sa vie privée."
    ),
    "exit.save": "Enregistrer la fin d'accompagnement",
    "exit.correct": "Corriger la fin d'accompagnement",
    "exit.saved": "La fin d'accompagnement est enregistrée. La personne la verra sur sa page d'accueil.",
    "exit.current": "Accompagnement terminé le {date} : {label}.",
    "exit.current.none": "L'accompagnement de cette personne est en cours.",
    "exit.job": "Contrat : {contract}, {working_time}.",
    "exit.line.reason": "Motif : {reason} (enregistré par {who})",
    "exit.line.who": "Enregistré par {who}",
    "exit.line.reopened": "{date} : l'accompagnement reprend.",
    "exit.history": "Historique des fins d'accompagnement",
    "exit.reopen": "La personne revient",
    "exit.reopen.reason": "Pourquoi l'accompagnement reprend (500 caractères au plus)",
    "exit.reopen.save": "Reprendre l'accompagnement",
    "exit.reopened": "L'accompagnement reprend. La personne le verra sur sa page d'accueil.",
    "home.person.exit": "Fin de mon accompagnement",
    "home.person.exit.when": "Votre accompagnement s'est arrêté le {date}.",
    "home.person.exit.why": "Raison : {label}.",
    "home.person.exit.reason": "Ce que votre référent a écrit : {reason}",
    "home.person.exit.comment": "Votre commentaire : {comment}",
    "home.person.exit.comment.field": "Votre commentaire (si vous voulez)",
    "home.person.exit.comment.save": "Ajouter mon commentaire",
    "home.person.exit.comment.saved": "Votre commentaire est enregistré. Votre référent peut le lire.",
    "home.person.exit.back": "Vous voulez reprendre un accompagnement ? Contactez votre structure.",
    "error.exit.code": "Choisissez pourquoi l'accompagnement s'arrête.",
    "error.exit.date": "Indiquez la date de fin.",
    "error.exit.date.future": "La date de fin ne peut pas être dans le futur.",
    "error.exit.date.before_entry": "La date de fin ne peut pas être avant l'entrée au RSA ({date}).",
    "error.exit.date.before_return": (
        "La date de fin ne peut pas être avant la reprise de l'accompagnement ({date})."
    ),
    "error.exit.contract": "Choisissez le contrat.",
    "error.exit.working_time": "Choisissez le temps de travail.",
    "error.exit.reason": "Écrivez le motif.",
    "error.exit.reopen_reason": "Écrivez pourquoi l'accompagnement reprend.",
    "error.exit.not_ended": "L'accompagnement de cette personne n'est pas terminé.",
    # Follow-up in employment (« suivi dans l'emploi »)
    "follow_up.title": "Suivi dans l'emploi",
    "follow_up.period": "Suivi dans l'emploi du {start} au {until}.",
    "follow_up.due": "Le point à {months} mois est à faire (depuis le {date}).",
    "follow_up.next": "Prochain point : à {months} mois, le {date}.",
    "follow_up.none_due": "Tous les points prévus sont faits.",
    "follow_up.call": "La personne demande à être rappelée (demande du {date}).",
    "follow_up.still_employed": "La personne est-elle toujours en emploi ?",
    "follow_up.still_employed.yes": "Oui, toujours en emploi",
    "follow_up.still_employed.no": "Non, plus en emploi",
    "follow_up.note": "Note du contact (500 caractères au plus)",
    "follow_up.save": "Enregistrer le point",
    "follow_up.saved": "Le point est enregistré. La personne le verra dans « Ce qui a changé ».",
    "follow_up.closed": "Suivi dans l'emploi terminé le {date}.",
    "follow_up.last": "Dernier point : {when}.",
    "follow_up.last.none": "Aucun point pour le moment.",
    "home.person.follow_up.title": "Suivi dans l'emploi",
    "home.person.follow_up": (
        "Votre référent garde le contact jusqu'au {until}, pour voir si tout va bien dans votre emploi."
    ),
    "home.person.follow_up.next": "Il prendra de vos nouvelles vers le {date}.",
    "home.person.follow_up.due": "C'est le moment de donner de vos nouvelles.",
    "home.person.follow_up.all_good": "Tout va bien",
    "home.person.follow_up.call_me": "Je veux que mon référent m'appelle",
    "home.person.follow_up.all_good.saved": "Merci ! Votre référent saura que tout va bien.",
    "home.person.follow_up.call_me.saved": "C'est noté. Votre référent va vous appeler.",
    "home.person.follow_up.call_me.pending": "Vous avez demandé un appel le {date}. Votre référent va vous appeler.",
    "error.follow_up.none": "Il n'y a pas de suivi dans l'emploi en cours.",
    "error.follow_up.call_pending": "Vous avez déjà demandé un appel. Votre référent va vous appeler.",
    "error.follow_up.still_employed": "Dites si la personne est toujours en emploi.",
    "history.exit": "a noté la fin de l'accompagnement le {date} : {label}.",
    "history.reopened": "a noté que l'accompagnement reprend le {date}.",
    "history.exit.reason": "Motif : {reason}",
    "history.exit.comment": "a commenté la fin de son accompagnement.",
    "history.exit.comment.you": "avez commenté la fin de votre accompagnement.",
    "history.who.the_person": "La personne",
    "history.check_in.note_referent": "a fait un point sur l'emploi.",
    "history.check_in.tout_va_bien": "a dit que tout va bien dans son emploi.",
    "history.check_in.tout_va_bien.you": "avez dit que tout va bien dans votre emploi.",
    "history.check_in.rappel_demande": "a demandé à être rappelé(e).",
    "history.check_in.rappel_demande.you": "avez demandé que votre référent vous appelle.",
    "history.check_in.employed": "Toujours en emploi.",
    "history.check_in.not_employed": "Plus en emploi.",
    "history.check_in.milestone": "Point à {months} mois.",
    "history.check_in.note": "« {note} »",
    "history.follow_up.closed": "a clos le suivi dans l'emploi.",
    "history.follow_up.summary": "Suivi du {start} au {until}. Points faits : {done} sur {total}.",
    "history.follow_up.employed": "Au dernier point : toujours en emploi.",
    "history.follow_up.not_employed": "Au dernier point : plus en emploi.",
    "history.follow_up.unknown": "Pas de nouvelles au dernier point.",
    "caseload.alert.point_emploi": "Suivi dans l'emploi : le point à {count} mois est à faire.",
    "caseload.alert.rappel_demande": "Demande à être rappelé(e).",
    "caseload.go.orientation": "Ouvrir le suivi dans l'emploi",
    "caseload.follow_up": "Suivi dans l'emploi ({count})",
    "caseload.follow_up.col.until": "Fin du suivi",
    "caseload.follow_up.col.next": "Prochain point",
    "caseload.follow_up.col.last": "Dernière nouvelle",
    "caseload.follow_up.employed": "En emploi",
    "caseload.follow_up.not_employed": "Plus en emploi",
    "caseload.follow_up.unknown": "Pas de nouvelles",
    "follow_up.next.cell": "{months} mois : {date}",
    "organisation.type.departement": "Département",
    "organisation.type.france_travail": "France Travail",
    "organisation.type.caf": "CAF",
    "organisation.type.msa": "MSA",
    "organisation.type.mission_locale": "Mission locale",
    "organisation.type.cap_emploi": "Cap emploi",
    "organisation.type.plie": "PLIE",
    "organisation.type.ccas": "CCAS",
    "organisation.type.association": "Association partenaire",
    "organisation.type.siae": "Structure d'insertion par l'activité économique",
    # Pilotage (coordinateur)
    "nav.pilotage": "Pilotage",
    "pilotage.title": "Pilotage du territoire",
    "pilotage.intro": (
        "Chiffres calculés en direct sur le dossier partagé. Aucune donnée personnelle : "
        "un nombre de 1 à 4 personnes n'est pas affiché, ni un taux ou un délai calculé sur si peu de personnes."
    ),
    "pilotage.start": "Entrées au RSA du",
    "pilotage.end": "au",
    "pilotage.structure": "Structure référente",
    "pilotage.all": "Tout le territoire",
    "pilotage.csv": "Télécharger le tableau (CSV)",
    "pilotage.definitions": "Définitions exactes",
    "pilotage.section.key": "Chiffres clés",
    "pilotage.section.campaigns": "Campagnes d'invitation",
    "pilotage.campaign.none": "Aucune campagne d'invitation pour l'instant.",
    "pilotage.campaign.col.campaign": "Campagne",
    "pilotage.campaign.col.channel": "Canal",
    "pilotage.campaign.col.invited": "Invitées",
    "pilotage.campaign.col.opened": "Lien ouvert",
    "pilotage.campaign.col.activated": "Compte activé",
    "pilotage.campaign.col.booked": "Rendez-vous pris",
    "pilotage.campaign.col.online": "Pris en ligne",
    "pilotage.campaign.col.honoured": "Honoré",
    "pilotage.campaign.col.delay": "Délai médian",
    "pilotage.section.appointments": "Premiers rendez-vous",
    "pilotage.section.channels": "Qui réserve le premier rendez-vous",
    "pilotage.section.structures": "Par structure référente",
    "pilotage.section.exits": "Fins d'accompagnement",
    "pilotage.exits.period": "Sorties dont la date de fin d'accompagnement est dans la période choisie.",
    "pilotage.exits.total": "Toutes les fins d'accompagnement",
    "pilotage.follow_ups.not_employed": "Plus en emploi à la fin du suivi",
    "pilotage.follow_ups.no_news": "Sans nouvelles à la fin du suivi",
    "pilotage.section.shortage": "Créneaux libres et personnes en attente (aujourd'hui)",
    "pilotage.col.indicator": "Indicateur",
    "pilotage.col.value": "Valeur",
    "pilotage.col.count": "Nombre",
    "pilotage.col.structure": "Structure",
    "pilotage.col.people": "Personnes",
    "pilotage.col.booked": "Premier rendez-vous réservé",
    "pilotage.col.honoured30": "Honoré sous 30 jours",
    "pilotage.col.place": "Lieu",
    "pilotage.col.free": "Places libres avant l'échéance",
    "pilotage.delay": "moyenne {average}, médiane {median}",
    "pilotage.count_rate": "{count} ({rate})",
    "pilotage.masked.count": "moins de 5 personnes, non affiché",
    "pilotage.masked.value": "non affiché (moins de 5 personnes)",
    "pilotage.no_structure": "Sans structure",
    "pilotage.waiting": "Personnes en attente d'un premier rendez-vous",
    "pilotage.waiting.ahead": "… dont l'échéance d'un mois n'est pas passée",
    "pilotage.waiting.passed": "… dont l'échéance d'un mois est passée",
    "pilotage.waiting.unknown": "… dont la date d'entrée au RSA n'est pas connue",
    "pilotage.shortage": "Il manque des créneaux : {seats} place(s) libre(s) pour {waiting} personne(s) en attente.",
    "error.pilotage.period": "La date de début doit être avant la date de fin.",
    # Administration
    "nav.admin": "Administration",
    "admin.title": "Administration",
    "admin.tab.structures": "Structures",
    "admin.tab.places": "Lieux",
    "admin.tab.accounts": "Comptes",
    "admin.tab.import": "Import",
    "admin.col.code": "Code",
    "admin.col.name": "Nom",
    "admin.col.type": "Type de structure",
    "admin.col.organisation": "Structure",
    "admin.col.address": "Adresse",
    "admin.col.postcode": "Code postal",
    "admin.col.city": "Ville",
    "admin.col.phone": "Téléphone (facultatif)",
    "admin.col.step_free": "Accès de plain-pied",
    "admin.col.is_mie": "Maison de l'insertion et de l'emploi (MIE)",
    "admin.col.first_name": "Prénom",
    "admin.col.last_name": "Nom",
    "admin.col.email": "Adresse e-mail professionnelle",
    "admin.col.roles": "Rôles",
    "admin.col.password": "Mot de passe (12 caractères ou plus)",
    "admin.col.account": "Compte",
    "admin.yes": "oui",
    "admin.no": "non",
    "admin.create": "Créer",
    "admin.saved": "C'est enregistré.",
    "admin.org.new": "Nouvelle structure",
    "admin.place.new": "Nouveau lieu",
    "admin.account.new": "Nouveau compte professionnel",
    "admin.account.line": "Rôles : {roles}. Compte {state}.",
    "admin.account.active": "actif",
    "admin.account.inactive": "désactivé",
    "admin.account.deactivate": "Désactiver ce compte",
    "admin.account.reactivate": "Réactiver ce compte",
    "admin.password.title": "Nouveau mot de passe",
    "admin.password.help": "Donnez-le en main propre. Il débloque aussi un compte bloqué.",
    "admin.password.submit": "Changer le mot de passe",
    "admin.password.done": "Le mot de passe est changé.",
    "admin.import.intro": (
        "Fichier CSV en UTF-8, séparateur ; ou , avec les colonnes numero_dossier ; nom ; prenom ; "
        "date_naissance ; telephone ; email ; numero_allocataire ; date_entree_rsa. "
        "Si une ligne est fausse, rien n'est importé."
    ),
    "admin.import.file": "Fichier à importer",
    "admin.import.submit": "Importer",
    "admin.import.done": "Import terminé : {created} créé(s), {updated} mis à jour, {unchanged} inchangé(s).",
    "error.import.file": "Choisissez un fichier.",
    "error.import.too_big": "Ce fichier est trop gros : 10 Mo au plus. Coupez-le en plusieurs fichiers.",
    "error.import.encoding": (
        "Ce fichier ne se lit pas comme du texte. Enregistrez-le au format « CSV UTF-8 » "
        "(ou « CSV (séparateur : point-virgule) ») et recommencez."
    ),
    "admin.import.encoding": "Fichier lu comme {encoding}.",
    "admin.import.done_encoding": (
        "Import terminé (fichier lu comme {encoding}) : {created} créé(s), {updated} mis à jour, "
        "{unchanged} inchangé(s)."
    ),
    "error.import.rejected": "Le fichier a des lignes fausses : rien n'est importé. Corrigez-les et recommencez.",
    "error.account.unknown": "Ce compte n'existe pas.",
    "error.account.self": "Vous ne pouvez pas désactiver votre propre compte.",
    # --- invitation campaigns (issue 17) -----------------------------------------------------------
    "nav.campaigns": "Campagnes d'invitation",
    "campaign.title": "Campagnes d'invitation",
    "campaign.intro": (
        "Invitez en une fois les personnes entrées au RSA qui n'ont ni compte ni premier rendez-vous. "
        "Chacune reçoit un lien personnel par SMS et par e-mail, ou une lettre si elle n'a ni l'un ni l'autre."
    ),
    "campaign.name": "Nom de la campagne",
    "campaign.name.help": "Par exemple : Entrées de novembre, Vallée Verte (120 caractères au plus).",
    "campaign.structure": "Structure",
    "campaign.structure.all": "Toutes les structures",
    "campaign.commune": "Commune",
    "campaign.commune.all": "Toutes les communes",
    "campaign.entry_from": "Entrée au RSA à partir du",
    "campaign.entry_to": "Entrée au RSA jusqu'au",
    "campaign.preview": "Voir combien de personnes",
    "campaign.reach": (
        "{people} personne(s) à inviter : {sms} par SMS, {email} par e-mail, {letter} par lettre."
    ),
    "campaign.invalid_numbers": (
        "{count} numéro(s) de téléphone ne sont pas des portables : pas de SMS pour ces personnes."
    ),
    "campaign.no_sms_provider": "Aucun service SMS n'est configuré : les SMS ne partiront pas.",
    "campaign.no_smtp": "Aucun serveur d'e-mail n'est configuré : les e-mails ne partiront pas.",
    "campaign.send": "Envoyer les invitations",
    "campaign.sent": (
        "Campagne créée : {people} personne(s) invitée(s). Les messages partent dans quelques minutes."
    ),
    "campaign.letters": "Télécharger les lettres à imprimer (PDF)",
    "campaign.letters.none": "Personne n'a besoin d'une lettre dans cette campagne.",
    "campaign.letters.renewed": (
        "Imprimer à nouveau donne un nouveau lien : les lettres déjà imprimées ne marchent plus."
    ),
    "campaign.list": "Campagnes envoyées",
    "campaign.list.none": "Aucune campagne pour l'instant.",
    "campaign.row": "{name} — {date} — {people} personne(s)",
    "campaign.prepare_letters": "Préparer les lettres",
    "error.campaign.period": "La date de fin doit être après la date de début.",
    "error.campaign.nobody": (
        "Personne ne correspond : toutes ces personnes ont déjà un compte, un rendez-vous ou une invitation "
        "en cours."
    ),
    "error.campaign.name_long": "Le nom est trop long (120 caractères au plus).",
    # SMS: plain characters of the GSM alphabet only (no ê, ç, ô, «»): two SMS at most
    "sms.invitation": (
        "{structure} : bienvenue au RSA. Prenez votre 1er rendez-vous avec ce lien personnel : {url} "
        "Aide : {phone}. STOP pour ne plus recevoir de SMS."
    ),
    "sms.invitation_relance": (
        "{structure} : votre 1er rendez-vous RSA n'est pas encore pris. Choisissez un jour avec votre "
        "lien : {url} Aide : {phone}. STOP pour ne plus recevoir de SMS."
    ),
    "sms.invitation_derniere": (
        "{structure} : dernier rappel, votre lien marche jusqu'au {date}. Prenez votre 1er rendez-vous "
        "RSA : {url} Aide : {phone}. STOP pour ne plus recevoir de SMS."
    ),
    "mail.invitation.subject": "{structure} : prenez votre premier rendez-vous",
    "mail.invitation.body": (
        "Bonjour {first_name},\n\n"
        "Vous avez droit au RSA. {structure} vous accompagne pour trouver un emploi ou une formation.\n\n"
        "Pour commencer, prenez votre premier rendez-vous avec ce lien personnel (il marche jusqu'au {date}) :\n"
        "{url}\n\n"
        "Le lien remplace le code d'activation. On vous demandera votre date de naissance, puis vous "
        "choisirez votre code personnel.\n\n"
        "Votre lettre d'invitation est jointe (PDF). Besoin d'aide ? Appelez le {phone}.\n\n"
        "Ne transférez pas ce message : le lien est à vous."
    ),
    "mail.invitation_relance.subject": "{structure} : votre premier rendez-vous n'est pas encore pris",
    "mail.invitation_relance.body": (
        "Bonjour {first_name},\n\n"
        "Votre premier rendez-vous n'est pas encore pris. Choisissez un jour avec votre lien personnel "
        "(il marche jusqu'au {date}) :\n{url}\n\nBesoin d'aide ? Appelez le {phone}."
    ),
    "mail.invitation_derniere.subject": "{structure} : dernier rappel pour votre premier rendez-vous",
    "mail.invitation_derniere.body": (
        "Bonjour {first_name},\n\n"
        "Votre lien personnel marche jusqu'au {date}. Prenez votre premier rendez-vous :\n{url}\n\n"
        "Besoin d'aide ? Appelez le {phone}."
    ),
    # activation by the personal link
    "activate.link.intro": (
        "Votre lien d'invitation remplace le code d'activation. Écrivez votre date de naissance, "
        "puis choisissez votre code personnel."
    ),
    "activate.link.refused": (
        "Ce lien ne marche plus : il a déjà servi ou il est trop ancien. Utilisez le code de votre lettre, "
        "ou appelez votre structure."
    ),
    # « Mes données »: the messages received and the person's choice of channels
    "mydata.messages.title": "Qui m'a écrit",
    "mydata.messages.none": "Aucun message ne vous a été envoyé.",
    "mydata.messages.col.date": "Date",
    "mydata.messages.col.channel": "Par",
    "mydata.messages.col.what": "Message",
    "mydata.messages.col.status": "État",
    "channel.sms": "SMS",
    "channel.email": "E-mail",
    "channel.courrier": "Courrier",
    "outbox.status.pending": "à envoyer",
    "outbox.status.sent": "envoyé",
    "outbox.status.failed": "pas parti",
    "outbox.status.cancelled": "pas envoyé",
    "outbox.kind.confirmation": "Confirmation de rendez-vous",
    "outbox.kind.moved": "Rendez-vous déplacé",
    "outbox.kind.cancellation": "Rendez-vous annulé",
    "outbox.kind.reminder": "Rappel de rendez-vous",
    "outbox.kind.slot_cancelled": "Créneau annulé par la structure",
    "outbox.kind.invitation": "Invitation",
    "outbox.kind.invitation_relance": "Relance de l'invitation",
    "outbox.kind.invitation_derniere": "Dernier rappel de l'invitation",
    "mydata.contact.title": "Les messages que j'accepte",
    "mydata.contact.intro": (
        "Les rappels de rendez-vous et les invitations arrivent par SMS ou par e-mail. Vous pouvez les refuser."
    ),
    "mydata.contact.sms": "Recevoir des SMS",
    "mydata.contact.email": "Recevoir des e-mails",
    "mydata.contact.saved": "C'est noté.",
    # Offer of services (issue 18)
    "nav.services": "Trouver de l'aide près de chez moi",
    "nav.services.pro": "Offre de services",
    "services.title": "Trouver de l'aide près de chez moi",
    "services.title.pro": "Offre de services du territoire",
    "services.intro": (
        "Des ateliers, des formations, de l'aide pour bouger, garder les enfants, trouver un emploi… "
        "près de chez vous."
    ),
    "services.home.title": "Trouver de l'aide près de chez moi",
    "services.home.text": "Ateliers, formations, aides, forums de l'emploi : ce qui existe près de chez vous.",
    "services.home.open": "Trouver de l'aide près de chez moi",
    "services.filter.theme": "Pour quoi ?",
    "services.filter.theme.all": "Tout",
    "services.filter.near": "Près de quelle commune ?",
    "services.filter.near.mine": "{name} (ma commune)",
    "services.filter.radius": "Jusqu'à quelle distance ?",
    "services.filter.radius.value": "{km} km",
    "services.filter.free": "Seulement ce qui est gratuit",
    "services.filter.publics": "Je suis… (pour voir ce qui m'est ouvert)",
    "services.filter.publics.help": "Laissez vide pour tout voir.",
    "services.results.none": "Rien trouvé avec ces choix. Essayez une distance plus grande ou « Tout ».",
    "services.card.distance": "à {km} km",
    "services.card.where": "{commune}, {distance}",
    "services.card.free": "Gratuit",
    "services.card.paid": "Payant",
    "services.card.event": "Le {day}",
    "services.card.open": "Voir « {name} » ({commune})",
    "services.back": "Revenir à la liste",
    "services.detail.what": "Ce que c'est",
    "services.detail.who": "Pour qui",
    "services.detail.who.everyone": "Pour tout le monde.",
    "services.detail.how": "Comment y aller",
    "services.detail.structure": "Proposé par : {name}",
    "services.detail.kind": "Type : {kind}",
    "services.detail.themes": "Thèmes : {themes}",
    "services.detail.address": "Adresse : {address}",
    "services.detail.phone": "Téléphone : {phone}",
    "services.detail.email": "E-mail : {email}",
    "services.detail.hours": "Horaires : {hours}",
    "services.detail.walk_in": "Vous pouvez venir sans rendez-vous.",
    "services.detail.contact_first": "Sur rendez-vous : appelez ou écrivez d'abord.",
    "services.detail.remote": "Aussi possible à distance (téléphone ou internet).",
    "services.detail.free": "C'est gratuit.",
    "services.detail.paid": "C'est payant.",
    "services.detail.fees": "Prix : {details}",
    "services.detail.conditions": "Conditions : {conditions}",
    "services.detail.event": "Date : {day}",
    "services.detail.past": "Cette date est passée.",
    "services.detail.withdrawn": "Ce service n'est plus proposé.",
    "services.detail.link": "Pour s'inscrire en ligne : {link}",
    "services.interest": "Ça m'intéresse",
    "services.interest.help": "Cela ajoute une action à votre feuille de route. Votre référent le verra.",
    "services.interest.done": "C'est noté : « {name} » est dans votre feuille de route.",
    "services.interest.already": "Ce service est déjà dans votre feuille de route.",
    "services.open_roadmap": "Voir ma feuille de route",
    "services.share.title": "Ce que cette structure voit de vous",
    "services.share.unknown": (
        "« {name} » ne voit rien de votre dossier, et l'application ne lui envoie rien. "
        "Pour qu'elle vous réponde, appelez-la ou passez la voir."
    ),
    "services.share.referent": "« {name} » vous accompagne déjà : elle voit votre dossier pour vous accompagner.",
    "services.share.shared": "Vous partagez déjà avec « {name} » : {categories}.",
    "services.share.none": (
        "« {name} » ne voit pas votre dossier : rien ne lui est envoyé. "
        "Si vous voulez qu'elle vous contacte, vous pouvez lui partager : {categories}. "
        "C'est vous qui décidez, dans « Mes partages »."
    ),
    "services.share.open": "Mes partages",
    "services.proposals.title": "Proposé par votre référent",
    "services.proposal.line": "« {service} » ({structure}), proposé par {who} le {day}.",
    "services.proposal.accept": "J'accepte « {service} »",
    "services.proposal.decline": "Non merci pour « {service} »",
    "services.proposal.accepted": "C'est noté : « {service} » est dans votre feuille de route.",
    "services.proposal.declined": "C'est noté : vous avez dit non merci.",
    "services.mine.title": "Les services dans ma feuille de route",
    "services.request.interest": "« {service} » ({structure}) : {who} a dit « Ça m'intéresse » le {day}.",
    "services.request.proposal": "« {service} » ({structure}) : proposé par {who} le {day}.",
    "services.request.accepted": "Accepté le {day}.",
    "services.request.declined": "Refusé le {day}.",
    "services.request.waiting": "En attente de la réponse de la personne.",
    "services.pro.choose": "Choisissez d'abord une personne de votre file active.",
    "services.pro.proposed": "Proposition envoyée : la personne la verra dans « Trouver de l'aide près de chez moi ».",
    "services.pro.history": "Services proposés et demandés",
    "services.error.already": "Ce service est déjà dans la feuille de route.",
    "services.error.answered": "Cette proposition a déjà reçu une réponse.",
    "services.error.not_offered": "Ce service n'est plus proposé, ou sa date est passée.",
    "services.error.choose": "Choisissez un service dans la liste.",
    "services.pro.search": "Chercher un service (mots du nom)",
    "services.pro.choice": "Service à proposer",
    "services.pro.submit": "Proposer ce service",
    "services.pro.none": "Aucun service proposé ou demandé pour l'instant.",
    "caseload.alert.interet_service": "Intérêt pour un service ({count}).",
    # Offer of services: import (administration page and CLI)
    "admin.tab.services": "Offre de services",
    "admin.services.intro": (
        "Importez les structures et les services au format data·inclusion (version 1), en JSON ou en CSV. "
        "Si une ligne est fausse, rien n'est importé et chaque erreur est listée."
    ),
    "admin.services.files": "Fichiers (structures et services)",
    "admin.services.submit": "Importer l'offre de services",
    "admin.services.done": (
        "Offre importée : {structures_created} structure(s) créée(s), {structures_updated} mise(s) à jour ; "
        "{services_created} service(s) créé(s), {services_updated} mis à jour, "
        "{services_withdrawn} qui ne sont plus proposés."
    ),
    "services.import.rejected": "Import refusé, rien n'a été importé : {count} erreur(s).",
    "services.import.problem": "{where} (id {id}) — {field} : {message}",
    "services.import.where.record": "{name}, enregistrement {n}",
    "services.import.where.line": "{name}, ligne {n}",
    "services.import.error.nothing": "Aucun fichier, ou des fichiers sans structure ni service.",
    "services.import.error.json": "Le fichier {name} n'est pas un JSON lisible (ligne {line}).",
    "services.import.error.shape": (
        "Le fichier {name} n'a pas la forme attendue (une liste, ou « structures » et « services »)."
    ),
    "services.import.error.missing": "champ obligatoire manquant",
    "services.import.error.too_short": "trop court (au moins {min} caractères)",
    "services.import.error.too_long": "trop long (au plus {max} caractères)",
    "services.import.error.empty_list": "liste vide",
    "services.import.error.enum": "valeur absente des listes data·inclusion",
    "services.import.error.date": "date attendue au format AAAA-MM-JJ",
    "services.import.error.number": "nombre attendu",
    "services.import.error.minimum": "doit valoir au moins {ge}",
    "services.import.error.url": "adresse web invalide",
    "services.import.error.format": "format invalide",
    "services.import.error.text": "texte attendu",
    "services.import.error.list": "liste attendue",
    "services.import.error.record": "enregistrement illisible",
    "services.import.error.value": "valeur refusée",
    "services.import.error.email": "adresse e-mail invalide",
    "services.import.error.coordinate": "coordonnée hors limites",
    "services.import.error.duplicate": "identifiant en double dans le fichier",
    "services.import.error.structure": "structure inconnue (ni dans les fichiers, ni déjà importée)",
    # Offer of services: pilotage
    "pilotage.section.services": "Offre de services",
    "pilotage.services.asked": "Services les plus demandés",
    "pilotage.services.asked.none": "Aucun service demandé pour l'instant.",
    "pilotage.services.col.service": "Service",
    "pilotage.services.col.structure": "Structure",
    "pilotage.services.col.people": "Personnes intéressées",
    "pilotage.services.white": "Zones blanches : thèmes sans service à moins de {km} km",
    "pilotage.services.col.theme": "Thème",
    "pilotage.services.col.communes": "Communes sans service proche",
    "pilotage.services.col.uncovered": "Personnes sans service proche",
    # --- ProConnect (issue 19) ---
    "proconnect.button": "Me connecter avec ProConnect",
    "proconnect.or": "ou avec votre adresse e-mail et votre mot de passe :",
    "proconnect.help": "ProConnect est l'identifiant des professionnels des services publics.",
    "proconnect.refused.indisponible": (
        "La connexion avec ProConnect n'est pas disponible pour le moment. Réessayez plus tard, ou "
        "connectez-vous avec votre adresse e-mail et votre mot de passe."
    ),
    "proconnect.refused.etat": (
        "La connexion avec ProConnect n'a pas pu être vérifiée (elle a peut-être pris trop de temps). "
        "Vous n'êtes pas connecté(e). Recommencez avec « Me connecter avec ProConnect »."
    ),
    "proconnect.refused.jeton": (
        "La réponse de ProConnect n'a pas pu être vérifiée. Vous n'êtes pas connecté(e). Recommencez ; "
        "si cela se reproduit, prévenez l'administrateur de votre territoire."
    ),
    "proconnect.refused.fournisseur": (
        "ProConnect n'a pas accepté la connexion. Vous n'êtes pas connecté(e). Recommencez ; si cela se "
        "reproduit, prévenez l'administrateur de votre territoire."
    ),
    "proconnect.refused.annule": "Vous avez annulé la connexion avec ProConnect. Vous n'êtes pas connecté(e).",
    "proconnect.refused.inconnu": (
        "Votre identité ProConnect ne correspond à aucun compte professionnel de l'application. Vous n'êtes "
        "pas connecté(e). Votre demande a été transmise à l'administrateur du territoire : il peut la relier "
        "à votre compte, puis vous pourrez vous connecter avec ProConnect."
    ),
    "proconnect.refused.desactive": (
        "Ce compte professionnel est désactivé. Vous n'êtes pas connecté(e). Adressez-vous à "
        "l'administrateur de votre territoire."
    ),
    "proconnect.password_off": (
        "Votre structure se connecte avec ProConnect : la connexion par mot de passe n'est pas ouverte pour "
        "elle. Appuyez sur « Me connecter avec ProConnect »."
    ),
    "proconnect.password_off.unavailable": (
        "ProConnect n'est pas configuré sur ce serveur : la connexion par mot de passe ne peut pas être "
        "fermée, les professionnels de cette structure ne pourraient plus se connecter."
    ),
    "proconnect.signout": "Me déconnecter",
    "admin.tab.proconnect": "ProConnect",
    "admin.col.siret": "SIRET",
    "admin.siret.help": "14 chiffres. Avec l'adresse e-mail, il relie la première connexion ProConnect au compte.",
    "admin.org.sign_in.title": "Connexion des professionnels d'une structure",
    "admin.org.password_sign_in": "Connexion par mot de passe ouverte",
    "admin.org.password_sign_in.help": (
        "Désactivée, les professionnels de la structure se connectent uniquement avec ProConnect."
    ),
    "admin.org.sign_in.save": "Enregistrer",
    "admin.org.sign_in.line": "SIRET : {siret} — mot de passe : {password}",
    "admin.org.no_siret": "non renseigné",
    "admin.org.password.open": "ouvert",
    "admin.org.password.closed": "fermé (ProConnect seulement)",
    "admin.proconnect.unconfigured": "ProConnect n'est pas configuré sur ce serveur (docs/deployment.md).",
    "admin.proconnect.requests": "Demandes de connexion ProConnect",
    "admin.proconnect.none": "Aucune demande en attente.",
    "admin.proconnect.line": (
        "{email} — SIRET {siret} ({organisation}) — {attempts} tentative(s), la dernière le {when}"
    ),
    "admin.proconnect.no_organisation": "aucune structure avec ce SIRET",
    "admin.proconnect.account": "Compte à relier",
    "admin.proconnect.accept": "Relier à ce compte",
    "admin.proconnect.refuse": "Refuser la demande",
    "admin.proconnect.accepted": "La demande est acceptée : cette identité ProConnect se connecte à ce compte.",
    "admin.proconnect.refused": "La demande est refusée.",
    "proconnect.request.unknown": "Cette demande n'est plus en attente.",
    "proconnect.request.inactive": "Choisissez un compte actif.",
    "proconnect.request.already_linked": "Ce compte est déjà relié à une autre identité ProConnect.",
    "proconnect.request.identity_linked": "Cette identité ProConnect est déjà reliée à un compte.",
    "error.siret.format": "Le SIRET compte 14 chiffres (par exemple 130 025 265 00013).",
    "error.siret.invalid": "Ce numéro n'est pas un SIRET valide : vérifiez les chiffres.",
    "error.siret.taken": "Une autre structure a déjà ce SIRET.",
}


# Texts that depend on a number: (one, other[, the placeholder that counts]), « count » unless named.
# French takes « one » for 0 and 1; each catalogue has its own plural forms (Arabic has six).
PLURALS: dict[str, tuple[str, ...]] = {
    "error.summary": ("Le formulaire contient {count} erreur. Corrigez le champ signalé ci-dessous.",
                      "Le formulaire contient {count} erreurs. Corrigez les champs signalés ci-dessous."),
    "signin.failed.left": (
        "Identifiant ou code incorrect. Vérifiez et réessayez. "
        "Il vous reste {left} essai, ensuite la connexion sera en pause {minutes} minutes.",
        "Identifiant ou code incorrect. Vérifiez et réessayez. "
        "Il vous reste {left} essais, ensuite la connexion sera en pause {minutes} minutes.",
        "left",
    ),
    "idle.warning": ("Sans action de votre part, vous serez déconnecté(e) dans {seconds} seconde.",
                     "Sans action de votre part, vous serez déconnecté(e) dans {seconds} secondes.", "seconds"),
    "home.person.roadmap.soon": ("{count} action à faire dans les 2 semaines.",
                                 "{count} actions à faire dans les 2 semaines."),
    "roadmap.theme.progress": ("{done} action faite sur {total}", "{done} actions faites sur {total}", "done"),
    "booking.place.free": ("{count} créneau libre. Le premier : {date}.",
                           "{count} créneaux libres. Le premier : {date}."),
    "booking.target": ("Il reste {days} jour pour avoir ce rendez-vous dans le mois prévu.",
                       "Il reste {days} jours pour avoir ce rendez-vous dans le mois prévu.", "days"),
    "services.results": ("{count} résultat, du plus proche au plus loin.",
                         "{count} résultats, du plus proche au plus loin."),
}


def t(key: str, **values: object) -> str:
    """The text for `key` in the person's language (`dossier.i18n`: French by default, and for every key
    outside the person's), with `{placeholders}` filled in. A key of `PLURALS` takes the form its count
    asks for. In a right-to-left language each value is isolated, so that numbers and references keep
    their own direction."""
    if key in PLURALS:
        one, other, *counted = PLURALS[key]
        text = i18n.plural(key, one, other, int(values[counted[0] if counted else "count"]))
    else:
        text = i18n.text(key, LABELS[key])
    if not values:
        return text
    if i18n.right_to_left():
        values = {name: i18n.isolate(str(value)) for name, value in values.items()}
    return text.format(**values)


def long_date(day) -> str:
    """« mardi 1 décembre »: how a day is said, for the person's choices (no bare digits); Babel's day and
    month names, by dossier.formatting."""
    return formatting.long_date(day)


def phone_number(digits: str) -> str:
    """« 03 99 00 00 01 »: a French number as it is read out, in pairs (other forms as they are)."""
    if len(digits) == 10 and digits.isdigit():
        return " ".join(digits[i:i + 2] for i in range(0, 10, 2))
    return digits
