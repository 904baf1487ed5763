# ruff: noqa: E501  (one sentence a line: prose data reads better unwrapped)
"""French phrasing families the fragment generator under-covered, written as whole messages.

As families_en.py: each family is one rule of TAXONOMY.md that a bag of words gets wrong without
examples. A question about HOW to make a request ("à quelle adresse envoyer une demande d'accès ?")
names a right without exercising it (`question`); asking for the privacy policy itself is a
question too; mail about an order, a refund or a job application, and phishing that threatens
to close an account, are not privacy matters (`other`), whatever grievance or data they name;
erasure asked with a pronoun or a passive ("merci de l'effacer", "que mes données soient
supprimées") is still erasure.

A family is (subjects, bodies, intents, primary). Slots as in phrases_fr.py.
"""

FAMILIES: dict[str, tuple[list[str], str, list[str], str]] = {
    "question_procedure": (
        ["Procédure", "Petite question", "Politique de confidentialité", "", "Comment faire une demande",
         "Quelle adresse ?", "Demandes RGPD"],
        """
Comment dois-je m'y prendre pour faire une demande d'accès ? Un simple mail suffit-il ou faut-il un formulaire ?
À quelle adresse mail faut-il adresser une demande de suppression ? Je ne veux pas l'envoyer au mauvais service.
Quel justificatif d'identité faudra-t-il fournir si je fais un jour une demande d'accès ?
Pouvez-vous m'indiquer où trouver votre politique de confidentialité ? Le lien en bas de page ne marche pas.
Pourriez-vous me faire parvenir votre charte de protection des données en PDF ? C'est pour notre dossier fournisseur.
Existe-t-il une adresse postale pour les demandes RGPD, ou seulement le mail ?
a qui je dois ecrire si un jour je veux recuperer mes donnees ?
Avez-vous un formulaire type pour les demandes d'effacement, et où faut-il le déposer ?
Merci de me transmettre la notice d'information destinée aux candidats, je ne la trouve pas en ligne.
Quel est le délai habituel de réponse à une demande d'accès, et à quelle adresse l'envoyer ?
Où puis-je lire comment vous traitez les données de vos contacts fournisseurs ?
Est-ce le DPO du groupe ou l'agence locale qui traite les demandes d'accès ?
est ce que vous vendez les coordonnees de vos clients ?
Transmettez-vous mes informations à des agences de marketing ?
Par quel moyen faut-il envoyer une demande de rectification : courrier ou mail ?
Une demande d'effacement faite par téléphone est-elle valable, ou faut-il l'écrire ?
Quel est le bon contact pour les demandes RGPD ? Votre site indique trois adresses différentes.
Si quelqu'un voulait faire supprimer son compte, quelle serait la démarche chez vous ?
Peut-on faire une demande de portabilité depuis le portail client ?
""",
        ["question"], "question"),
    "other_service": (
        ["Suivi de candidature", "Mon colis", "Remboursement", "Créneau de livraison", "Accès portail",
         "Commande {acct}", "Articles manquants", "Entretien"],
        """
J'ai postulé le mois dernier pour le poste de cariste. Une décision a-t-elle été prise ?
Mon entretien pour le poste de planificateur est-il bien maintenu jeudi ? Je n'ai pas reçu de confirmation.
Il manquait deux cartons à la livraison. Qui s'occupe des réclamations pour marchandise perdue ?
La marchandise est arrivée trempée. Comment me faire rembourser ?
Est-il possible de décaler la livraison à vendredi matin au lieu de mercredi ?
Je n'arrive pas à me connecter au portail client, le lien de réinitialisation n'arrive jamais.
Le suivi indique « en transit » depuis neuf jours. Où est mon envoi ?
Pouvez-vous me dire si le poste auquel j'ai candidaté en mars est pourvu ?
Merci d'émettre un avoir pour la palette endommagée de la commande {acct}.
Le chauffeur a laissé le colis sous la pluie devant le mauvais bâtiment. À qui m'adresser pour un dédommagement ?
""",
        ["other"], "other"),
    "other_phishing": (
        ["Action requise : quota de messagerie", "Votre compte va être suspendu", "Alerte de sécurité",
         "Expiration du mot de passe", "Vérifiez votre compte", "URGENT : confirmez vos informations"],
        """
Votre mot de passe expire aujourd'hui. Conservez votre accès en saisissant vos identifiants via le lien ci-dessous.
Nous avons détecté une connexion inhabituelle. Votre compte et vos fichiers seront supprimés si vous ne le vérifiez pas.
Votre boîte mail sera fermée et vos données effacées. Cliquez ici pour la garder active.
Dernier avertissement : confirmez vos coordonnées sous 12 heures, sinon votre compte sera définitivement désactivé.
Des documents partagés sur votre espace expirent ce soir. Connectez-vous sur http://docs-renouvellement.example.net pour les conserver.
Cher client, un paiement a été refusé. Mettez à jour vos informations bancaires pour éviter la suspension.
""",
        ["other"], "other"),
    "deletion_pronoun": (
        ["Suppression", "Mes données", "", "Effacement", "Ancien compte", "Mes coordonnées"],
        """
Vous avez encore mon ancien numéro de portable dans vos fichiers : merci de le supprimer.
Mon adresse personnelle n'a rien à faire chez vous, je vous demande de l'effacer.
Je souhaite que mes coordonnées soient effacées de toutes vos bases.
Les notes prises lors de nos appels me concernent : pouvez-vous les détruire ?
Je ne suis plus client depuis longtemps, je veux que mon dossier soit supprimé.
Ma photo figure toujours sur votre intranet fournisseurs. Retirez-la, s'il vous plaît.
Gardez les factures si la loi l'exige, mais le reste, effacez-le.
Il faut que mon compte soit clôturé et que mes informations soient détruites.
""",
        ["deletion"], "deletion"),
}

# The earlier request an identity-check reply continues, with the subjects such a request carries.
REQUEST_SUBJECTS: dict[str, list[str]] = {
    "access": ["Demande d'accès", "Droit d'accès - {acct}", "Copie de mes données"],
    "deletion": ["Demande de suppression", "Droit à l'effacement", "Suppression de mon compte"],
}
