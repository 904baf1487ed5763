# ruff: noqa: E501  (one sentence a line: prose data reads better unwrapped)
"""Fragments français que le générateur assemble en messages d'entraînement.

Écrits pour ce projet : courriels polis, agacés, lapidaires, lettres formelles citant le RGPD,
demandes faites pour un proche. Mêmes emplacements que `phrases_en.py`.
"""

REQUESTS: dict[str, str] = {
    "access": """
Où avez-vous trouvé mon adresse mail ? Je ne vous l'ai jamais donnée.
J'aimerais savoir avec quels partenaires vous avez partagé mes coordonnées.
Merci de m'envoyer les notes prises par vos commerciaux à mon sujet.
Je souhaite connaître les informations de navigation que vous avez associées à mon profil.
Quelles coordonnées avez-vous pour moi actuellement ? Merci de toutes me les indiquer.
Je voudrais une copie des données me concernant que vous avez reçues de tiers.
Envoyez-moi l'historique complet de mes échanges avec votre support, enregistrements compris.
Qu'est-ce que vous savez exactement sur moi ? Je veux une copie.
Merci de me transmettre une copie de toutes les données personnelles que vous détenez sur moi.
Je souhaite savoir quelles informations {co} possède à mon sujet.
Conformément à l'article 15 du RGPD, je vous demande l'accès à mes données personnelles.
Quelles données avez-vous sur moi ? Envoyez-m'en une copie.
J'exerce mon droit d'accès.
Pourriez-vous me communiquer l'ensemble des données me concernant, leur origine et les destinataires ?
envoyez moi tout ce que vous avez sur moi
Je voudrais consulter mon dossier.
Je souhaite obtenir une copie des enregistrements de mes appels avec votre service client.
Je vous prie de me communiquer une copie des données à caractère personnel me concernant ainsi que les finalités du traitement.
Je vous demande de me confirmer si des données me concernant sont traitées et, le cas échéant, de m'en donner une copie.
Est-ce que je peux avoir une copie de mes données ?
J'aimerais savoir quelles données vous gardez sur moi et pourquoi.
D'où tenez-vous mon adresse mail ? Je veux connaître la source et recevoir une copie de ce que vous avez.
Merci de me donner accès aux journaux de connexion de mon compte et aux données associées.
Je souhaite obtenir les images de vidéosurveillance de votre site de Lille me concernant, enregistrées le {date}.
En tant qu'ancien salarié, je demande la communication de mon dossier personnel.
Je demande une copie de mon dossier client, y compris l'historique des commandes et les notes de vos commerciaux.
Quelles données me concernant avez-vous transmises à des tiers ? Merci de m'envoyer la liste et une copie.
Demande d'accès à mes données svp. Numéro client {acct}.
je veux savoir ce que vous avez comme infos sur moi
Je souhaite être informé de toute décision automatisée me concernant et des données utilisées.
Merci de m'indiquer quelles données vous conservez et pendant combien de temps, et de m'en adresser une copie.
Je sollicite la communication de l'intégralité des informations me concernant figurant dans vos fichiers.
Je voudrais recevoir une copie de mes données personnelles dans un délai d'un mois.
""",
    "deletion": """
Ma tante, décédée au printemps, a encore un compte actif chez vous ; en tant qu'exécuteur testamentaire je vous demande de l'effacer.
Un fournisseur m'a ajouté à un espace partagé de votre plateforme sans mon accord. Retirez mon adresse et mon profil.
Merci de supprimer le profil que mon ancien employeur a créé pour moi sur votre plateforme.
Merci de supprimer les photos de moi prises pendant la visite de l'usine.
vous pouvez efacer mon conte svp je men sert plus
Merci d'effacer mes données de votre fichier de prospects.
Supprimez mon compte utilisateur et tous les messages publiés sur le forum.
J'ai ouvert un compte pro et un compte perso par erreur, merci de fermer le perso.
suprimer mon compte merci
Merci de supprimer mon compte et toutes les données personnelles associées.
Je souhaite que toutes mes données soient effacées de vos systèmes.
Conformément à l'article 17 du RGPD, je demande l'effacement de mes données personnelles.
Supprimez tout ce que vous avez sur moi.
J'exerce mon droit à l'oubli.
Je vous demande de retirer toutes mes informations personnelles de votre base de données.
Fermez mon compte et effacez mes données, je n'utilise plus vos services.
Je veux que mon compte soit supprimé. Définitivement.
Je vous prie d'effacer toutes les données me concernant, y compris dans vos sauvegardes.
Pourriez-vous supprimer mon profil de votre plateforme ?
supprimez mes donnees svp
Je n'utilise plus vos services et je souhaite la suppression de mon compte et de mes données.
Merci de me confirmer la suppression de mes données.
Je vous demande d'effacer dans les meilleurs délais toutes les données à caractère personnel me concernant.
Merci de supprimer mon ancien compte, celui enregistré avec {email}.
Supprimez mon compte. Maintenant.
Merci de retirer mon nom et ma photo de la page témoignages de votre site.
Je suis le père de {person}, 14 ans, qui a créé un compte sans mon accord : merci de le supprimer avec toutes ses données.
Mes données ne sont plus nécessaires au regard des finalités pour lesquelles elles ont été collectées ; je vous demande de les effacer.
Je retire mon consentement et vous demande de supprimer les données collectées sur cette base.
Je veux la clôture de mon compte et la destruction de toutes les informations me concernant.
Merci d'effacer mes coordonnées de vos fichiers clients et prospects.
Pouvez-vous supprimer mon CV et mon dossier de candidature ?
Retirez mon adresse mail, mon téléphone et mon adresse postale de tous vos fichiers.
Je demande la suppression de toutes mes données.
Merci de supprimer le compte en double que j'ai créé par erreur avec {email}.
Effacez mes données.
je veux etre oublié de vos fichiers
Je vous demande de déréférencer la page me concernant et d'en supprimer mes informations personnelles.
Je souhaite la suppression définitive de mon compte client.
""",
    "opt_out": """
Vos commerciaux m'appellent sans cesse ; ajoutez mon numéro à votre liste d'exclusion.
Envoyez-moi les factures et les mises à jour du service, mais aucune publicité.
Comment on sort de votre liste de diffusion ? Retirez-moi directement svp.
Je ne veux plus de vos annonces de produits ni de vos invitations.
Merci d'arrêter les SMS commerciaux sur mon téléphone.
Je retire mon consentement à vos mails et appels marketing.
Merci de retirer mon adresse professionnelle de vos campagnes de prospection.
Vos offres ne m'intéressent pas. Arrêtez de m'écrire.
comment on se desinscrit de vos mails
Merci de me désabonner de votre newsletter.
Arrêtez de m'envoyer des mails publicitaires.
Retirez-moi de votre liste de diffusion.
Je ne souhaite plus recevoir vos lettres d'information.
Désinscrivez-moi s'il vous plaît.
désabonnement
Je ne veux plus recevoir de courriels promotionnels de votre part.
Merci de cesser de m'envoyer vos invitations et vos offres.
Je m'oppose à l'utilisation de mes données à des fins de prospection commerciale, conformément à l'article 21 du RGPD.
Je retire mon consentement à recevoir des communications commerciales.
Arrêtez de m'appeler pour me proposer vos offres.
stop aux mails svp
Plus de newsletter merci.
Le lien de désinscription ne fonctionne pas, merci de retirer mon adresse manuellement.
Je ne me suis jamais inscrit à votre newsletter, merci de m'en retirer.
Merci de supprimer {email} de vos listes de diffusion marketing.
Je voudrais ne plus recevoir les invitations aux événements ni la lettre mensuelle.
Je ne souhaite plus être sollicité à des fins commerciales, ni par mail, ni par téléphone, ni par courrier.
Merci de ne plus m'envoyer vos brochures par la poste.
Je souhaite me désinscrire de toutes vos communications marketing.
STOP
Merci de retirer mon adresse de votre liste d'envoi.
Arrêtez les SMS publicitaires sur mon portable.
Je ne veux plus recevoir vos mails.
Merci de ne plus me contacter pour de la prospection.
désinscription newsletter svp
Retirez mon adresse de vos envois commerciaux.
""",
    "complaint": """
Une photo de moi prise sur votre stand se retrouve dans une publicité Facebook. Personne ne m'a demandé mon autorisation, c'est scandaleux.
Le rappel de votre webinaire affichait les adresses de tous les participants dans le champ À, dont la mienne. C'est une violation de données.
Le bon de livraison de mon colis indiquait le nom, le téléphone et la commande d'un autre client. Comment est-ce possible ?
Depuis mon inscription sur votre site je reçois des arnaques qui citent mon numéro client. Soit vous avez été piratés, soit vous avez vendu mes données.
Un de vos salariés a publié une capture de mon compte sur les réseaux sociaux.
Vous avez envoyé mes informations à la mauvaise personne. Je suis inquiet et en colère.
On ne m'a jamais dit que les appels étaient enregistrés. C'est une atteinte à ma vie privée.
Une agence de marketing inconnue m'a appelé en disant tenir mon numéro de chez vous. Je n'ai jamais donné mon accord.
Je signale un incident grave : mes documents personnels étaient visibles par d'autres utilisateurs de votre plateforme.
Votre site affiche mon adresse personnelle à quiconque cherche mon nom. C'est inacceptable et dangereux.
Je suis écœuré par la façon dont votre société a traité ma demande.
Vous avez complètement ignoré ma demande. Ce n'est pas acceptable.
Je dépose une réclamation formelle pour le mauvais traitement de mes données par votre service client.
Je vous écris pour déposer une réclamation concernant le traitement de mes données personnelles.
C'est totalement inacceptable.
Je vais saisir la CNIL.
J'ai déposé une plainte auprès de la CNIL aujourd'hui.
Votre société a manifestement violé le RGPD.
Je suis scandalisé que mes coordonnées aient été envoyées à d'autres clients en copie visible.
Vous avez laissé fuiter mes données et j'exige des explications.
J'ai reçu un courrier destiné à une autre personne contenant ma commande et mon numéro de téléphone. C'est une violation de données grave.
Votre commercial m'a appelé sur mon portable personnel, que je ne vous ai jamais donné. C'est inadmissible.
Je suis extrêmement déçu de la manière dont votre entreprise traite les données personnelles.
C'est une honte et une violation de la loi.
J'estime que ma vie privée a été violée.
Je vais porter l'affaire devant la CNIL.
Je souhaite me plaindre de vos pratiques en matière de données personnelles.
Vous avez publié ma photo sans mon accord, c'est inacceptable.
Quelqu'un chez vous a transmis mes coordonnées à un recruteur sans me demander. Je suis furieux.
J'ai reçu un mail d'hameçonnage utilisant des informations que vous seuls aviez. Je pense que votre base a été piratée.
J'en ai assez de votre société.
C'est du harcèlement.
Je suis choqué par le peu de soin que vous accordez aux données personnelles.
Ceci est une réclamation formelle.
""",
    "rectification": """
Votre système indique que j'habite en Allemagne ; je vis en Autriche. Merci de corriger.
Mon ancienne boîte mail ferme le mois prochain ; merci d'utiliser {email} désormais.
Vos fichiers indiquent encore mon ancienne fonction ; merci de la mettre à jour.
Le nom de ma société est faux sur mon compte et sur vos factures.
Vous m'appelez Madame alors que je suis un homme. Merci de corriger.
Merci de corriger mon numéro de téléphone, deux chiffres sont inversés.
Mon adresse postale dans vos fichiers est fausse, merci de la corriger : {addr}.
Merci de mettre à jour mon adresse mail : {email}.
Mon nom est mal orthographié dans votre système.
Le numéro de téléphone que vous avez est obsolète, merci de le mettre à jour.
J'ai changé d'entreprise ; merci de mettre à jour mon employeur et ma fonction dans votre base.
Merci de corriger ma date de naissance, elle est erronée.
Conformément à l'article 16 du RGPD, je demande la rectification des données inexactes me concernant.
Vos fichiers indiquent que je travaille toujours chez {partner}, ce qui n'est plus le cas depuis deux ans. Merci de corriger.
Merci de modifier mon nom de famille, je suis mariée et je m'appelle désormais {person}.
j'ai changé d'adresse, la nouvelle c'est {addr}
Les informations que vous détenez sont inexactes : ma fonction est responsable achats, pas assistante.
Merci de rectifier l'orthographe de mon prénom sur vos factures et attestations.
J'ai déménagé. Pouvez-vous mettre à jour mon adresse de livraison et de facturation ?
Votre fiche me concernant contient des erreurs : merci de corriger le nom, le téléphone et la société.
Merci de remplacer mon ancienne adresse mail par la nouvelle : {email}.
Merci de compléter ma fiche, il manque mon téléphone professionnel.
Les données que vous détenez sur moi ne sont plus à jour et je vous demande de les rectifier.
""",
    "portability": """
Merci de m'envoyer mes données dans un format lisible par machine, CSV ou JSON par exemple.
Conformément à l'article 20 du RGPD, je demande à recevoir mes données dans un format structuré, couramment utilisé et lisible par machine.
Je veux transférer les données de mon compte vers un autre prestataire. Pouvez-vous les envoyer directement à {partner} ?
Puis-je télécharger toutes mes données en CSV ?
Merci d'exporter mon historique de commandes et mes fichiers pour que je puisse les importer dans un autre outil.
J'exerce mon droit à la portabilité de mes données.
Je voudrais un export de toutes les données que j'ai déposées sur votre plateforme, dans un format réutilisable.
Merci de transmettre mes données directement à mon nouveau fournisseur, {partner}.
Pourriez-vous me fournir un export JSON de mon profil, de mes commandes et de mes messages ?
J'ai besoin de toutes mes données dans un fichier Excel ou CSV pour changer de prestataire.
export de mes donnees en csv svp
""",
    "objection": """
Merci de désactiver toute adaptation des contenus de la plateforme fondée sur mes clics et ma navigation.
Je n'accepte pas que vous deviniez mon employeur et mon secteur à partir du domaine de mon adresse.
Je m'oppose à ce que des régies publicitaires vous fournissent des informations sur mon comportement en ligne.
J'avais accepté d'être photographié pour votre catalogue produits, mais j'ai changé d'avis et je retire ce consentement.
Merci de ne plus afficher mon avis client avec mon nom complet ; je retire mon accord pour cette publication.
Je ne consens plus à ce que mes demandes d'assistance soient transmises à vos spécialistes affiliés.
Merci de ne plus analyser mon utilisation de la plateforme pour me faire des recommandations.
Je m'oppose à l'utilisation de mes données clients pour construire des segments marketing.
Je ne veux pas que mes coordonnées soient transmises à vos distributeurs.
Je refuse que vos traceurs publicitaires me suivent d'un site à l'autre.
Limitez le traitement de mes données à leur seule conservation jusqu'au règlement de mon litige.
Je retire mon autorisation pour l'utilisation de l'épisode de podcast où je parle de notre projet.
Je m'oppose au traitement de mes données à des fins de profilage.
Merci de cesser de partager mes données personnelles avec vos partenaires.
Je demande la limitation du traitement de mes données le temps que notre litige soit réglé.
Je m'oppose, sur le fondement de l'article 21.1 du RGPD, au traitement de mes données fondé sur votre intérêt légitime.
Arrêtez d'utiliser mes données à des fins statistiques et d'analyse.
Je retire mon consentement à l'utilisation de ma photo dans vos brochures.
Merci de ne pas utiliser mes données pour entraîner vos modèles d'intelligence artificielle.
Je ne veux pas que mes données soient vendues ou transmises à des tiers.
Merci d'arrêter de suivre mon activité sur votre plateforme.
Je m'oppose à l'utilisation de mes données pour la recherche et le développement.
Merci de limiter l'usage de mes données à ce qui est strictement nécessaire à mes commandes.
Je demande la limitation du traitement de mes données au titre de l'article 18 du RGPD, le temps d'en vérifier l'exactitude.
Je ne consens pas à ce que l'enregistrement de mon entretien serve dans vos vidéos de formation.
Je m'oppose à la personnalisation des contenus à partir de mon historique de navigation.
Ne transmettez plus mes coordonnées à vos revendeurs.
Je refuse que mes données servent à une notation ou à une décision automatisée.
""",
    "question": """
Si SODEPAC fusionne avec un autre groupe, qui contrôlera mes données ensuite ?
Avant de décider de fermer mon compte, j'aimerais savoir ce que vous conservez après la clôture.
Votre prospection repose-t-elle sur mon consentement ou sur votre intérêt légitime ?
Un apprenti de moins de 16 ans peut-il avoir un compte sur la plateforme ?
Vérifiez-vous l'identité des personnes qui font des demandes RGPD ?
Que font vos partenaires des données que vous leur transmettez ?
Serais-je prévenu en cas de fuite de données touchant mon compte ?
Si mon employeur administre notre compte, peut-il lire mes messages ?
Combien de temps conservez-vous les données des anciens clients ?
Utilisez-vous des cookies sur votre site, et lesquels ?
Qui est le responsable du traitement de mes données, vous ou mon employeur ?
Transférez-vous des données personnelles hors de l'Union européenne ?
Avec quels tiers partagez-vous les données clients ?
Mes données sont-elles hébergées en France ?
Quelle est la base légale du traitement de mes données ?
Qui est votre délégué à la protection des données et comment le joindre ?
Que deviennent mes données si mon entreprise résilie son compte ?
Utilisez-vous mes données pour entraîner une intelligence artificielle ?
Comment protégez-vous les fichiers que je dépose sur votre plateforme ?
Vendez-vous des données personnelles ?
Combien de temps gardez-vous les tickets de support ?
Quelles données collectez-vous quand j'utilise votre application mobile ?
Les appels à votre service client sont-ils enregistrés ?
Votre hébergeur est-il situé dans l'UE ?
Où puis-je trouver votre politique de confidentialité ?
Si je supprime mon compte un jour, combien de temps mes factures seront-elles conservées ?
Gardez-vous mes données après la fin de mon abonnement ?
Quels outils de mesure d'audience utilisez-vous sur votre site ?
""",
    "other": """
Je me plains de votre transporteur : les caisses sont restées sous la pluie et la marchandise est perdue.
Nous contestons la facture {acct} : l'usinage est hors tolérance et nous attendons un avoir.
Deux de nos ingénieurs peuvent-ils encore s'inscrire au salon de la logistique en octobre ?
Notre école souhaiterait faire visiter votre entrepôt à un groupe d'étudiants. Est-ce possible ?
Alerte sécurité : votre mot de passe de messagerie expire aujourd'hui. Connectez-vous via ce lien pour conserver vos données.
Votre message n'a pas pu être remis à un ou plusieurs destinataires. Utilisateur inconnu.
Merci de modifier l'adresse de livraison de notre prochaine commande.
Notre société a changé de nom ; merci de le mettre à jour sur les prochaines factures.
Titulaire d'un BTS transport, je vous adresse ma candidature spontanée pour un poste d'affréteur.
Merci de supprimer les commandes de test créées dans l'environnement de démonstration.
Le récap logistique de la semaine : taux de fret, nouvelles règles douanières, conseils RGPD pour les acheteurs, salons à venir.
Nous souhaiterions un devis pour 500 équerres en acier livrées sur notre site de Lyon.
Veuillez trouver ci-joint notre facture du mois de {date}.
Je postule au poste de coordinateur logistique ; vous trouverez mon CV en pièce jointe.
Notre commande n'est toujours pas livrée, pouvez-vous vérifier ?
Je n'arrive pas à me connecter à mon compte, j'ai une erreur accès refusé.
Pouvez-vous m'envoyer la documentation technique de votre module de gestion d'entrepôt ?
Nous sommes intéressés par un partenariat avec {co} pour la distribution de nos produits.
Pourriez-vous nous envoyer vos tarifs 2025 ?
La facture que vous avez envoyée porte un mauvais numéro de TVA, pouvez-vous en émettre une corrigée ?
Je souhaiterais une démonstration de votre logiciel de planification.
Félicitations, vous avez gagné un smartphone ! Cliquez ici pour réclamer votre cadeau.
Boostez votre référencement avec notre offre spéciale.
Je suis journaliste et je prépare un article sur la logistique ; pourrais-je interviewer quelqu'un de votre équipe ?
Notre paiement a été effectué le {date}, merci d'en confirmer la réception.
Y a-t-il une formation sur votre plateforme le mois prochain ?
Nous souhaitons annuler notre commande numéro {acct}.
Merci de supprimer le projet de contrat envoyé hier, il contient une erreur ; la version corrigée est jointe.
Pourriez-vous donner accès au dossier partagé à ma collègue {person} ?
Merci pour l'excellent atelier de la semaine dernière !
Je cherche un stage en gestion de la chaîne logistique.
La plateforme est très lente depuis ce matin.
Pouvez-vous annuler les frais de retard sur la facture {acct} ? Nous avons payé à temps.
""",
}

NEGATED: dict[str, str] = {
    "deletion": """
Je ne veux pas que mon compte soit supprimé
Ne supprimez pas mon compte
Je ne demande pas la suppression de mes données
Inutile de supprimer mes données
Ne fermez pas mon compte
Je ne souhaite pas que vous effaciez mes données
Je ne veux pas supprimer mon profil
Gardez mon compte ouvert
Je ne souhaite pas fermer mon compte
""",
    "opt_out": """
Je ne veux pas me désabonner
Je ne demande pas à être retiré de la newsletter
Je veux continuer à recevoir votre newsletter
Ne me désinscrivez pas
""",
    "access": """
Je n'ai pas besoin d'une copie de mes données
Je ne demande pas de copie de mes données
Inutile de m'envoyer mes données
""",
    "complaint": """
Je ne me plains pas
Ce n'est pas une réclamation
Je ne souhaite pas faire de réclamation
""",
    "objection": """
Je ne m'oppose pas au partage avec vos partenaires
Je ne conteste pas le traitement
""",
    "rectification": """
Mes coordonnées sont correctes
Inutile de modifier mon adresse
""",
}

CONTRASTS = [", je veux juste ", ", merci simplement de ", ". Je souhaite seulement ", ", mais merci de ",
             " : merci juste de ", ", seulement ", ", par contre merci de ", ". Je vous demande uniquement de "]

AFTER_CONTRAST: dict[str, str] = {
    "opt_out": """
arrêter les mails
ne plus recevoir la newsletter
me retirer de la liste de diffusion
me désabonner des mails publicitaires
arrêter les envois promotionnels
ne plus m'envoyer d'invitations
""",
    "deletion": """
supprimer mon ancien compte en double
effacer les données de ma candidature
retirer mon numéro de téléphone de vos fichiers
""",
    "rectification": """
mettre à jour mon adresse mail : {email}
corriger mon adresse postale
corriger l'orthographe de mon nom
mettre à jour ma fonction
""",
    "access": """
m'envoyer une copie des données que vous détenez
me dire quelles données vous avez sur moi
""",
    "objection": """
cesser de partager mes données avec vos partenaires
arrêter le profilage
arrêter le suivi statistique
""",
    "question": """
m'indiquer combien de temps vous gardez mes données
me dire si mes données sortent de l'UE
""",
}

REMINDERS: dict[str, str] = {
    "deletion": """
Je vous ai demandé de supprimer mon compte le {date} et il est toujours actif. C'est inacceptable.
Il y a trois semaines j'ai demandé l'effacement de mes données. Aucune réponse. J'exige une réponse immédiate.
Vous m'avez confirmé la suppression de mes données, et je viens pourtant de recevoir un mail à mon nom. Vous m'avez menti.
Pour la deuxième fois : supprimez mes données. Le délai légal est dépassé et je n'ai eu aucune réponse.
Malgré ma demande du {date}, vous n'avez toujours pas effacé mes données. Je saisis la CNIL.
""",
    "opt_out": """
Je me suis désabonné il y a des semaines et je reçois toujours vos newsletters. C'est inadmissible.
Je vous ai demandé trois fois d'arrêter de m'écrire. Arrêtez maintenant ou je saisis la CNIL.
Pourquoi est-ce que je reçois encore vos mails publicitaires après m'être désinscrit ? C'est illégal.
J'ai cliqué deux fois sur le lien de désinscription et vos mails arrivent toujours. Retirez-moi de votre liste, c'est ridicule.
""",
    "access": """
Ce que vous m'avez envoyé en réponse à ma demande d'accès n'est qu'une partie de ce que vous détenez. J'attends la copie intégrale sans délai ; ce n'est pas sérieux.
Vous avez répondu à ma demande du {date} par un résumé d'une ligne. Ce n'est pas ce qu'exige l'article 15 et je ne suis pas satisfait.
J'ai envoyé une demande d'accès le {date} et vous n'avez pas répondu dans le délai d'un mois. C'est une violation de l'article 12.3 du RGPD.
Il y a plus d'un mois, j'ai demandé une copie de mes données. Rien. Je l'exige maintenant, votre silence est contraire à la loi.
Les données que vous m'avez envoyées sont incomplètes : il manque les enregistrements et les notes internes. C'est inacceptable ; envoyez-moi la copie complète.
""",
    "rectification": """
Je vous ai demandé deux fois de corriger mon adresse et vous continuez à écrire à l'ancienne. C'est inadmissible.
Mon nom est toujours mal orthographié malgré ma demande du mois dernier. Je suis très mécontent.
""",
    "objection": """
Je vous avais dit que je ne voulais pas que mes données soient transmises à vos partenaires, et l'un d'eux vient de m'appeler. C'est une atteinte à mes droits.
Malgré mon opposition du {date}, vous utilisez toujours ma photo dans votre brochure. Retirez-la, j'envisage de saisir la CNIL.
""",
    "portability": """
J'ai demandé un export CSV de mes données le {date} et je n'ai toujours rien. Ce retard est inacceptable.
""",
}

FOLLOW_UPS: dict[str, str] = {
    "deletion": """
Je reviens vers vous au sujet de ma demande de suppression de compte. Pouvez-vous me confirmer quand ce sera fait ?
J'ai envoyé une demande de suppression la semaine dernière, avez-vous du nouveau ? Merci.
""",
    "access": """
Je me permets de relancer ma demande d'accès du {date} : quand puis-je espérer recevoir la copie de mes données ?
""",
    "opt_out": """
Je voulais juste vérifier que vous m'avez bien retiré de la liste de diffusion comme demandé.
""",
}

WARNINGS = """
À défaut de réponse dans un délai d'un mois, je me réserve la possibilité de saisir la CNIL.
Faute de réponse dans le délai légal, je saisirai la Commission nationale de l'informatique et des libertés.
Sans réponse de votre part sous un mois, je pourrai introduire une réclamation auprès de l'autorité de contrôle.
""".strip().splitlines()

CONTEXT = """
Je suis client chez vous depuis plusieurs années.
J'ai utilisé votre plateforme dans mon ancien poste.
J'ai participé à l'un de vos ateliers l'an dernier.
J'ai reçu un mail de votre part ce matin.
J'ai rencontré l'un de vos commerciaux sur un salon.
Je me suis inscrit sur votre site il y a longtemps.
Mon entreprise ne travaille plus avec vous depuis l'an dernier.
Je vous écris de mon adresse personnelle car je n'ai plus accès à ma messagerie professionnelle.
J'ai trouvé votre adresse dans votre politique de confidentialité.
J'espère que c'est la bonne adresse.
Désolé si ce n'est pas le bon service.
Je change de fournisseur.
Je ne suis pas très à l'aise avec l'informatique, j'espère que ce mail suffira.
""".strip().splitlines()

BEHALF = """
Je vous écris au nom de ma mère, {person}, qui n'est pas à l'aise avec internet.
Je vous contacte au nom de mon père, {person}, décédé en {date}.
J'agis en qualité de représentant légal de {person} ; vous trouverez le mandat signé en pièce jointe.
En ma qualité d'avocat de {person}, je vous écris sur ses instructions.
J'écris pour mon mari, {person}, qui m'a demandé de m'en occuper.
En tant qu'administrateur informatique de notre société, je vous écris au sujet de notre ancien salarié {person}.
""".strip().splitlines()

GREETINGS = ["Bonjour,", "Madame, Monsieur,", "Bonjour Madame, Monsieur,", "Bonsoir,", "Messieurs,",
             "À l'attention du délégué à la protection des données,", "Bonjour à vous,", "Chère équipe,",
             "Bonjour l'équipe SODEPAC,"]
CLOSINGS = ["Cordialement,", "Merci,", "Bien à vous,", "Merci d'avance.", "Salutations,", "Bonne journée.",
            "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
            "Bien cordialement,", "Merci par avance,", "Sincères salutations,"]
ANGRY_ADDONS = ["C'est ridicule !", "J'en ai assez.", "Sérieusement ?!", "Ça suffit.",
                "Combien de fois faudra-t-il vous le demander ?", "Incroyable."]
IDENTIFY = """
Mon numéro client est {acct} et mon adresse mail {email}.
Pour retrouver mon dossier : je suis inscrit avec l'adresse {email}.
Vous trouverez ci-joint une copie de ma pièce d'identité.
Mon compte est enregistré sous {email}.
Mon adresse postale est {addr}.
""".strip().splitlines()

SUBJECTS: dict[str, list[str]] = {
    "access": ["Demande d'accès", "Droit d'accès", "Copie de mes données", "Mes données personnelles",
               "Demande article 15 RGPD", "Quelles données avez-vous ?", "Accès à mes données"],
    "deletion": ["Suppression de mon compte", "Demande d'effacement", "Droit à l'oubli", "Suppression de compte",
                 "Effacement de mes données personnelles", "Supprimez mes données", "Clôture de compte"],
    "opt_out": ["Désabonnement", "Stop mails", "Désinscription", "Newsletter", "Mails publicitaires",
                "désinscription", "STOP", "Ne plus recevoir vos mails"],
    "complaint": ["Réclamation", "Plainte", "Violation de données", "Inadmissible", "Très mécontent",
                  "Utilisation abusive de mes données"],
    "rectification": ["Mise à jour de mes coordonnées", "Adresse erronée", "Rectification de mes données",
                      "Changement d'adresse mail", "Informations inexactes"],
    "portability": ["Export de mes données", "Portabilité des données", "Export CSV", "Transfert de mes données"],
    "objection": ["Opposition au traitement", "Partage de mes données", "Limitation du traitement",
                  "Retrait du consentement", "Utilisation de mes données", "Profilage"],
    "question": ["Question sur votre politique de confidentialité", "Durée de conservation", "Cookies",
                 "Petite question", "Question sur mes données"],
    "other": ["Demande de devis", "Facture", "Candidature", "Suivi de commande", "Partenariat",
              "Problème de connexion", "Tarifs", "Démonstration", "Paiement", "Bonjour", "Rendez-vous"],
}
GENERIC_SUBJECTS = ["", "", "Demande", "Bonjour", "Re: votre mail", "Urgent", "Mon compte", "Données personnelles",
                    "RGPD", "(sans objet)", "TR: Newsletter SODEPAC", "Re: Lettre d'information SODEPAC"]

DISCLAIMERS = """
Ce message et ses pièces jointes sont confidentiels. Si vous n'êtes pas le destinataire, merci de le supprimer et d'en avertir l'expéditeur.
AVERTISSEMENT : si vous avez reçu ce message par erreur, merci de le détruire et de nous en informer.
Pensez à l'environnement avant d'imprimer ce mail.
Les informations contenues dans ce message sont strictement confidentielles ; toute diffusion est interdite. Si vous l'avez reçu par erreur, effacez-le.
""".strip().splitlines()

NEWSLETTER_FOOTERS = """
Vous recevez ce mail car vous êtes inscrit à notre newsletter. Se désinscrire | Gérer mes préférences
Pour ne plus recevoir nos communications, cliquez ici pour vous désabonner.
Si vous ne souhaitez plus recevoir nos mails, désinscrivez-vous ici. Voir la version en ligne.
""".strip().splitlines()

OTHER_FULL = """
Bonjour, je n'arrive plus à accéder à mon compte depuis la mise à jour, message accès refusé. Pouvez-vous m'aider ?
Merci de supprimer la version précédente du devis, les montants étaient faux. Nouvelle version jointe.
Merci pour votre commande. Votre livraison est prévue lundi. Pour ne plus recevoir les notifications de livraison, modifiez vos préférences.
SOLDES DE PRINTEMPS - 30 % sur toutes nos palettes ! Cliquez ici pour vous désabonner de ces offres.
Je suis absent du bureau jusqu'à lundi avec un accès limité à mes mails. En cas d'urgence, contactez ma collègue.
Échec de remise : le message n'a pas pu être remis au destinataire. La boîte aux lettres est pleine.
Notre nouveau catalogue est arrivé ! Découvrez les nouveautés. Vous recevez ce mail en tant qu'abonné ; désabonnez-vous à tout moment.
Merci de retirer la ligne en double sur la facture {acct}, nous avons été facturés deux fois.
Pourriez-vous donner accès au portail fournisseur à notre nouvelle stagiaire, {person} ?
Nous mettons à jour nos données fournisseurs : merci de compléter le formulaire joint avec votre RIB et votre numéro de TVA.
Cher partenaire, notre politique de protection des données a été mise à jour. Aucune action n'est requise de votre part.
Demande de rendez-vous : pourrions-nous prévoir un appel la semaine prochaine au sujet de l'appel d'offres logistique ?
Notre service comptable a besoin d'une copie des bons de livraison de mars.
Bonjour, je souhaite postuler au poste de cariste publié sur votre site.
Invitation : webinaire sur l'automatisation des entrepôts, jeudi à 11h.
Votre mot de passe a été réinitialisé. Si vous n'êtes pas à l'origine de cette demande, contactez le support.
""".strip().splitlines()

FIRST_NAMES = ["Marie", "Jean", "Camille", "Nicolas", "Julie", "Thomas", "Inès", "Karim", "Sophie", "Mathieu",
               "Léa", "Antoine", "Nathalie", "Hugo", "Fatou", "Olivier", "Céline", "Yann", "Amélie", "Rachid",
               "Élodie", "Bruno", "Manon", "Franck"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Bonnet", "Mercier",
              "Fontaine", "Chevalier", "Robin", "Benali", "Nguyen", "Lemaire", "Petit", "Roux", "Faure"]
TITLES = ["Responsable achats", "Chef de projet logistique", "Directeur des opérations", "Assistante", ""]
COMPANIES = ["Transports Lemoine", "Logiflandre", "Agro Picardie SAS", "Entrepôts du Nord", "Métallerie Duval"]
ADDRESSES = ["12 rue Nationale, 59000 Lille", "8 avenue Jean Jaurès, 69007 Lyon", "45 boulevard Victor Hugo, 06000 Nice",
             "3 place de la Gare, 67000 Strasbourg"]

FORMAL_OPENINGS = """
Je vous écris afin d'exercer les droits que me confère le Règlement général sur la protection des données (RGPD).
Par la présente, je formule une demande au titre de l'article {art} du RGPD.
En application de l'article {art} du Règlement (UE) 2016/679, je vous adresse la demande suivante.
Conformément à l'article {art} du RGPD et à la loi Informatique et Libertés, je vous prie de bien vouloir traiter la présente demande.
""".strip().splitlines()

FORMAL_BODIES: dict[str, list[str]] = {
    "access": [
        "Je vous prie de me confirmer si des données à caractère personnel me concernant sont traitées et, dans "
        "l'affirmative, de m'en communiquer une copie accompagnée des informations suivantes :\n- les finalités "
        "du traitement ;\n- les catégories de données concernées ;\n- les destinataires auxquels elles ont été "
        "communiquées, notamment hors de l'Union européenne ;\n- la durée de conservation envisagée ;\n- la "
        "source des données lorsqu'elles n'ont pas été collectées auprès de moi ;\n- l'existence d'une prise de "
        "décision automatisée, y compris un profilage.",
        "Je vous demande de me communiquer l'ensemble des données me concernant, quel que soit leur support "
        "(bases de données, courriels, dossiers papier, enregistrements), en précisant leurs finalités, leurs "
        "destinataires et leur durée de conservation, ainsi que mes droits de rectification, d'effacement, de "
        "limitation et d'opposition.",
    ],
    "deletion": [
        "Je vous demande d'effacer dans les meilleurs délais l'ensemble des données à caractère personnel me "
        "concernant. L'un des motifs de l'article 17.1 s'applique : ces données ne sont plus nécessaires au "
        "regard des finalités pour lesquelles elles ont été collectées et je retire mon consentement.",
        "Merci de supprimer toutes mes données, y compris dans vos sauvegardes et chez vos sous-traitants, et "
        "d'informer les destinataires de cet effacement conformément à l'article 19. Je vous remercie de me "
        "confirmer la suppression par écrit.",
        "Je vous demande de clôturer mon compte client et d'effacer toutes les données me concernant, sauf "
        "obligation légale de conservation, auquel cas merci de m'indiquer lesquelles et sur quel fondement.",
    ],
    "opt_out": [
        "Je m'oppose au traitement de mes données à des fins de prospection commerciale, y compris au profilage "
        "lié à cette prospection, conformément à l'article 21.2 du RGPD. Merci de me retirer de tous vos "
        "fichiers de prospection.",
        "Je retire tout consentement donné à la réception de communications commerciales et vous demande de "
        "cesser l'envoi de newsletters, offres et invitations par quelque canal que ce soit.",
    ],
    "rectification": [
        "Les données suivantes me concernant sont inexactes et je vous demande de les rectifier dans les "
        "meilleurs délais : mon adresse postale est {addr} et mon adresse électronique {email}.",
        "Je vous demande de rectifier les données inexactes et de compléter les données incomplètes vous "
        "concernant à mon sujet, et d'en informer les destinataires conformément à l'article 19.",
    ],
    "portability": [
        "Je vous demande de me fournir les données que je vous ai communiquées dans un format structuré, "
        "couramment utilisé et lisible par machine (CSV ou JSON), et, si c'est techniquement possible, de les "
        "transmettre directement à {partner}, conformément à l'article 20.",
    ],
    "objection": [
        "Je m'oppose, pour des raisons tenant à ma situation particulière, au traitement de mes données fondé "
        "sur votre intérêt légitime (article 6.1.f). Sauf motifs légitimes impérieux, merci de cesser ce "
        "traitement.",
        "Je demande la limitation du traitement de mes données au titre de l'article 18, le temps que "
        "l'exactitude des données et la licéité du traitement soient vérifiées.",
        "Je m'oppose à la transmission de mes données à vos partenaires commerciaux et à tout profilage.",
    ],
}

FORMAL_DEADLINES = """
Conformément à l'article 12.3 du RGPD, vous disposez d'un délai d'un mois à compter de la réception de cette demande pour y répondre.
Je vous remercie de me répondre dans le délai d'un mois prévu par le règlement.
Dans l'attente de votre réponse dans le délai légal d'un mois,
""".strip().splitlines()

FORMAL_CLOSINGS = ["Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
                   "Veuillez agréer mes salutations distinguées.", "Cordialement,"]

FORMAL_COMPLAINTS = """
Le {date}, je vous ai adressé une demande au titre de l'article {art} du RGPD. Le délai d'un mois prévu à l'article 12.3 est expiré et je n'ai reçu aucune réponse. Ce silence constitue un manquement au règlement.
Je fais suite à ma demande du {date}. Vous n'y avez pas donné suite et n'avez pas motivé de refus, en violation de l'article 12.4. Je vous mets en demeure d'y répondre sous huit jours.
Votre réponse du {date} à ma demande fondée sur l'article {art} est incomplète et ne respecte pas le RGPD. Je saisis la CNIL d'une réclamation.
""".strip().splitlines()

# Terse messages, as typed on a phone: "text|labels|primary".
TERSE = """
stop|opt_out|opt_out
STOP !|opt_out|opt_out
stop merci|opt_out|opt_out
désabonnement|opt_out|opt_out
désinscrire|opt_out|opt_out
se désabonner|opt_out|opt_out
désabonnez-moi et supprimez mes données|opt_out,deletion|deletion
retirez-moi de la liste et effacez mon compte|opt_out,deletion|deletion
supprimez mon compte et arrêtez les mails svp|deletion,opt_out|deletion
une copie de mes données puis supprimez tout|access,deletion|deletion
plus de newsletter et corrigez mon adresse mail : {email}|opt_out,rectification|opt_out
envoyez mes données en csv et fermez mon compte|portability,deletion|portability
arrêtez de partager mes données avec vos partenaires et désinscrivez-moi|objection,opt_out|objection
supprimez mes données svp|deletion|deletion
supprimez-moi|deletion|deletion
effacez mes infos merci|deletion|deletion
fermer mon conte|deletion|deletion
envoyez moi une copie de mes données svp|access|access
vous avez quoi comme données sur moi|access|access
je peux voir mes données ?|access|access
copie de mes données personnelles svp|access|access
retirez moi|opt_out|opt_out
plus de newsletter|opt_out|opt_out
désinscription|opt_out|opt_out
arrêtez de m'écrire|opt_out|opt_out
corrigez mon nom svp|rectification|rectification
changement d'adresse|rectification|rectification
export csv de mes données svp|portability|portability
arrêtez de me pister|objection|objection
partagez pas mes données|objection|objection
vous gardez mes données combien de temps ?|question|question
vous utilisez des cookies ?|question|question
vos tarifs svp|other|other
facture ci-jointe|other|other
bonjour, comment supprimer mon compte ?|deletion|deletion
comment avoir une copie de mes données|access|access
""".strip().splitlines()

FORMAL_BOILERPLATE = """
À l'attention du délégué à la protection des données et du service juridique de SODEPAC INTERNATIONAL.
Je vous rappelle que cette demande est gratuite, conformément à l'article 12.5 du RGPD.
Si vous avez besoin d'informations complémentaires pour m'identifier, merci de me le faire savoir rapidement, sans demander plus que nécessaire.
Merci de m'adresser votre réponse à l'adresse électronique depuis laquelle cette demande est envoyée.
Cette demande vaut pour toutes les sociétés de votre groupe et pour vos sous-traitants.
Je vous remercie de bien vouloir accuser réception de ce courrier.
Pour éviter toute ambiguïté, voici mes informations : nom complet, date de naissance et numéro client ci-dessous.
""".strip().splitlines()

# More ways of wording each formal request.
FORMAL_BODIES['access'] += [
    "Merci de m'indiquer si vous détenez des données personnelles me concernant. Si c'est le cas, je souhaite en obtenir une copie et connaître les finalités du traitement, les destinataires, la durée de conservation et l'origine des données.",
    "Je demande une copie complète de mes données personnelles, y compris celles figurant dans vos messageries, vos notes commerciales, vos enregistrements téléphoniques et celles obtenues auprès de tiers, ainsi que les informations prévues à l'article 15.1 et 15.2.",
    "Je vous prie de me fournir gratuitement une copie des informations personnelles que vous traitez à mon sujet, ainsi que la description des finalités, des destinataires, de la durée de conservation et de l'origine de ces informations."
]
FORMAL_BODIES['deletion'] += [
    "Je vous demande par la présente d'effacer toutes les données personnelles me concernant, qu'elles figurent dans votre base clients, vos outils marketing, vos sauvegardes ou chez vos sous-traitants. Merci de me confirmer l'effacement.",
    "Merci de supprimer mon compte client et toute information personnelle qui y est liée. Je ne consens plus à leur traitement et aucun motif légitime impérieux ne justifie leur conservation.",
    "Je demande l'effacement de mes données personnelles en application de l'article 17.1 a), b) et d) du RGPD. Si vous avez rendu ces données publiques, merci d'en informer les autres responsables de traitement, comme le prévoit l'article 17.2."
]
FORMAL_BODIES['opt_out'] += [
    "Je m'oppose par la présente à toute utilisation de mes données à des fins de prospection, y compris les lettres d'information, les appels commerciaux et le profilage publicitaire. Merci d'inscrire mes coordonnées sur votre liste d'exclusion.",
    "Avec effet immédiat, je retire mon consentement au traitement de mes coordonnées à des fins publicitaires et vous demande de cesser toute communication commerciale par courriel, téléphone, SMS et courrier."
]
FORMAL_BODIES['rectification'] += [
    "Vos fichiers contiennent un nom de famille erroné et une adresse postale obsolète me concernant. Merci de les remplacer par les informations exactes ci-dessous et de me confirmer la correction par écrit.",
    "Je vous demande de corriger mes données personnelles : mon nom est mal orthographié et mon numéro de téléphone a changé. Les informations exactes figurent ci-dessous."
]
FORMAL_BODIES['portability'] += [
    "Merci de m'envoyer les données que je vous ai fournies, y compris mon historique de commandes et mes fichiers, sous la forme d'un export JSON ou CSV que je puisse importer dans un autre système, conformément à l'article 20."
]
FORMAL_BODIES['objection'] += [
    "Je m'oppose au traitement de mes données personnelles à des fins de profilage, d'analyse et d'entraînement de modèles d'apprentissage automatique. Merci de cesser ces traitements et de me le confirmer.",
    "Merci de limiter le traitement de mes données conformément à l'article 18 du RGPD : conservez-les, mais ne les utilisez à aucune autre fin jusqu'au règlement de ce différend."
]

FORMAL_BODIES["deletion"] += [
    "Merci d'effacer les données suivantes me concernant :\n- mon numéro de téléphone ;\n- mon adresse postale ;\n- mon adresse électronique ;\n- mon historique d'achats.",
    "Les données dont je demande l'effacement comprennent mon nom, mes coordonnées et toute trace de mes commandes et demandes d'assistance.",
]
FORMAL_BODIES["access"] += [
    "Je souhaite notamment recevoir :\n- mon dossier client ;\n- les courriels échangés avec votre service client ;\n- les notes prises à mon sujet par vos équipes ;\n- les enregistrements de mes appels.",
]

# Les longues lettres citent des droits pour information : ce ne sont pas des demandes.
FORMAL_BOILERPLATE += [
    "Je vous rappelle que votre réponse doit aussi m'informer de mes droits de rectification, d'effacement et de limitation, ainsi que de mon droit d'introduire une réclamation auprès de la CNIL.",
    "Cette demande est formulée sans préjudice de mes autres droits (rectification, effacement, limitation, portabilité, opposition).",
    "Sans réponse de votre part dans le délai d'un mois, je me réserve le droit de saisir la Commission nationale de l'informatique et des libertés.",
    "En cas de réponse incomplète, je me réserve la possibilité d'introduire une réclamation auprès de l'autorité de contrôle.",
    "Les articles 15 à 22 du RGPD prévoient les droits d'accès, de rectification, d'effacement, de limitation, de portabilité et d'opposition.",
]
# S'opposer à la prospection (art. 21.2 et 21.3) est une désinscription, pas une opposition au sens de l'art. 21.1.
FORMAL_BODIES["opt_out"] += [
    "En application de l'article 21.2 du RGPD, je m'oppose à l'utilisation de mes données à des fins de prospection commerciale, y compris au profilage lié à cette prospection. Merci de me confirmer leur retrait de vos fichiers.",
    "Je vous demande de retirer mes coordonnées de vos fichiers d'envoi de publicités et de ne plus les communiquer à des tiers à des fins commerciales.",
    "Par la présente, je m'oppose à toute sollicitation commerciale de votre part, par courrier, téléphone, SMS ou courriel.",
]
# Relances formelles : la demande restée sans réponse devient une réclamation.
REMINDERS["access"] += """
Le {date}, je vous ai adressé une demande d'accès au titre de l'article 15 du RGPD. Le délai d'un mois prévu à l'article 12.3 est écoulé sans aucune réponse de votre part. Je vous laisse quinze jours avant de saisir la CNIL.
Ma demande d'accès du {date} est restée sans réponse à ce jour, en violation du RGPD. Je vous la rappelle par la présente.
"""
REMINDERS["deletion"] += """
Le {date}, je vous ai demandé l'effacement de mes données en application de l'article 17 du RGPD. Je n'ai reçu aucune réponse et le délai légal est dépassé : je vous relance une dernière fois.
Ma demande de suppression du {date} n'a toujours pas été traitée malgré l'expiration du délai d'un mois. Sans confirmation sous huit jours, je saisirai la CNIL.
"""
