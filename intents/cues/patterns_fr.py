"""French request cues: the phrasings by which people ask for each right, in the notation of the
package docstring (`__init__.py`), and the French words the matcher weighs them with. Data only."""

# fmt: off
PATTERNS: dict[str, list[str]] = {
    "deletion": [
        "supprim*|effac*|detrui*|eliminer|eliminez|purger|purgez|retirer|retirez ~3 mes|mon|ma|toutes|tous|"
        "l'|les|ses|son|sa|tout|ces|leurs ~3 donnees|compte*|coordonnees|informations|infos|profil*|dossier*|"
        "fichier*|cv|candidature|photo*|image*|enregistrement*|tout|traces|nom|adresse|messages",
        "supprimez|supprimer|effacez|effacer tout",
        "^suppression|effacement|supprimer|effacer|oubli|cloture",
        "suppression|effacement|destruction ~3 mes|mon|ma|des|de|du|l'|toutes|tous|definitive ~3 donnees|compte*|"
        "coordonnees|informations|profil|dossier|l'ensemble",
        "demande ~2 de|d' ~2 suppression|effacement",
        # "Vous n'avez pas donné suite à ma demande d'effacement": the request named stands, negation or not.
        "@ma|@mes|@notre @demande|@demandes ~2 @de|@d' ~2 @suppression|@effacement",
        "droit ~2 a|au ~2 l' ~2 oubli|effacement",
        "droit ~2 a ~2 l'oubli|l'effacement",
        "oubli|l'oubli",
        "article|art 17",
        "cloturer|cloturez|fermer|fermez|clore|resilier ~3 mon|ma|le|son ~2 compte*",
        "l'|les|la|le effacer|supprimer|detruire|retirer|effacez|supprimez|detruisez|retirez",
        "effacez|supprimez|detruisez|retirez|effacer|supprimer|retirer - les|la|le|tout",
        "soit|soient|soit-elle ~2 supprime*|efface*|detrui*|retire*",
    ],
    "access": [
        "droit ~2 d' ~2 acces",
        "demande ~2 d' ~2 acces",
        "droit|demande d'acces",
        "^copie|acces|d'acces",
        "article|art 15",
        "copie ~4 donnees|informations|dossier|fichier|personnelles|enregistrements|echanges|tout|l'ensemble",
        "communiquer|communiquez|transmettre|transmettez|envoyer|envoyez|m'envoyer|fournir|fournissez|"
        "adresser|obtenir|recevoir|consulter|connaitre|savoir|indiquer|indiquez|m'indiquer|detailler ~5 "
        "donnees|informations|dossier|copie|l'ensemble|infos|coordonnees|enregistrements|notes|historique",
        "quelles|quels|quelle ~3 donnees|informations|coordonnees|infos ~5 detenez|conservez|avez|possedez|"
        "traitez|enregistre*|stocke*|disposez|collecte*|conserve*|detenues",
        "ce que ~2 vous ~3 savez|avez|detenez|conservez",
        "acces ~2 a|aux ~3 donnees|informations|dossier|mes",
        "ou|comment ~4 obtenu|eu|trouve|recupere|procure ~3 mon|mes|ma ~2 adresse|coordonnees|donnees|numero|"
        "email|mail|nom",
        "origine|source ~3 de|des ~3 mes|ces ~2 donnees|coordonnees|informations",
        "ou|comment ~3 l'|les ~2 avez|avez-vous|a ~2 obtenu*|eu|eue|eus|trouve*|recupere*|procure*",
        "qu'|que ~2 avez|avez-vous|detenez|savez|conservez ~2 -vous ~2 sur|de ~2 moi",
        "a qui ~3 l'|les|mes ~3 avez|avez-vous|a ~2 -vous ~2 transmis*|communique*|donne*|vendu*|cede*|partage*",
    ],
    "opt_out": [
        "desabonn*|desinscri*|desincri*",
        "^spam|stop|unsubscribe",
        "@ne ~2 @plus ~3 @recevoir|@etre|@me|@m'|@rien",
        "@plus ~2 de ~2 newsletter*|mails|emails|e-mails|pub*|sms|appels|courriers|sollicitations",
        "arret*|cess*|stop* ~4 envoi*|envoyer|m'envoyer|newsletter*|mails|emails|e-mails|appels|sms|"
        "prospection|publicit*|sollicitation*|demarchage|messages|courriers|communications|m'appeler|"
        "m'ecrire|m'importuner|harcel*|spam*",
        "retir*|supprim*|rayer|rayez|enlever|enlevez|radier|radiez|effac* ~5 liste*|newsletter*|mailing*|"
        "diffusion|prospection|publicit*|marketing|campagnes|envois|d'envoi",
        "m'|me|oppose|opposition|opposer ~8 prospection|marketing|commercia*|publicit*|demarchage|sollicitation*",
        "retir* ~3 consentement ~5 marketing|prospection|newsletter*|commercia*|publicit*",
        "opt-out|optout|unsubscribe|stop",
        "ne ~2 plus ~3 me ~2 contacter|solliciter|demarcher|appeler|ecrire",
        "@n'|@ne ~2 @enverrez|@envoyez|@envoyiez|@envoie|@envoyer ~2 @plus",
    ],
    "complaint": [
        "^plainte|reclamation|relance|rappel|cnil|violation|fuite|malgre",
        "malgre ~4 desinscription|desabonnement|demande|demandes|opposition|refus|relance*",
        "prochaine ~2 etape ~3 cnil",
        "deux|trois|quatre|plusieurs|nombreuses ~2 demandes|relances|courriers",
        "deposer|depose|porter|porte|adresser|adresse|formuler|formule|ma|une|cette ~3 plainte|reclamation",
        "inadmissible|inacceptable|scandaleu*|honteu*|intolerable|abusi*|lamentable|insupportable|"
        "deplorable|inexcusable|ridicule|revoltant|incroyable|aberrant",
        "@toujours ~3 @pas|@aucun*|@rien|@sans|@n'|@ne|@recu|@attente",
        "@sans ~2 @reponse|@nouvelles|@suite|@retour",
        "@aucune|@pas|@jamais ~3 @reponse|@retour|@accuse|@repondu|@nouvelles",
        "@n' ~3 @pas ~3 @repondu|@donne|@recu|@traite|@supprime|@pris",
        "deuxieme|troisieme|quatrieme|seconde|nouvelle|derniere|enieme|enieme ~2 demande|relance|fois|"
        "tentative|rappel|courrier|mail",
        "relance|relancer|relancez|rappel",
        "mise|mets|mettons ~2 en ~2 demeure",
        "saisir|saisirai|saisis|saisine|saisi|signaler|signalerai|alerter|contacter|contacterai ~3 cnil|"
        "autorite",
        "violation|infraction|fuite|illegal*|illicite*|manquement|non-respect",
        "reponse|retour ~4 incomplete|partielle|insuffisante",
        "incomplete|partielle|insuffisante ~2 reponse",
        "delai ~3 depasse|expire|ecoule",
        "m'avez|avez ~2 ignore",
    ],
    "rectification": [
        "corriger|corrigez|rectifier|rectifiez|modifier|modifiez|changer|changez|actualiser|actualisez "
        "~4 mon|ma|mes|le|la|l'|les|votre|jour ~3 nom|prenom|adresse|e-mail|email|mail|numero|telephone|"
        "coordonnees|donnees|informations|societe|entreprise|fiche|dossier|orthographe|date|fonction|"
        "employeur|profil|jour",
        "mettre|mettez|mise|mettiez ~2 a ~2 jour",
        "corrigiez|rectifiiez|modifiiez|changiez|actualisiez ~4 mon|ma|mes|le|la|l'|les ~3 nom|prenom|adresse|"
        "e-mail|email|mail|numero|telephone|coordonnees|donnees|informations|societe|date|fiche|orthographe",
        "erron*|incorrect*|inexact*|obsolete*|perime*|fausse|faux|mal ~2 orthographie",
        "ma|mon ~2 nouvelle|nouvel|nouveau ~2 adresse|numero|e-mail|email|mail|nom|employeur|societe",
        "mon|ma ~3 adresse|numero|nom|e-mail|email|employeur|societe ~2 a ~2 change",
        "rectifier|rectifiez|rectifie|rectifiees|rectifiee|rectifies",
        "^rectification|correction|modification|erreur",
        "demande|exerce|exercer|solliciter|sollicite ~4 rectification|correction",
        "article|art 16",
    ],
    "portability": [
        "^portabilite|export",
        "demande|exerce|exercer|droit ~3 portabilite",
        "format ~3 structure|reutilisable|lisible|csv|json|xml|exploitable|ouvert",
        "lisible ~2 par ~2 machine",
        "csv|json|xml",
        "transfer*|transmettre|transmettez|migrer ~6 autre|nouveau|nouvel|nouvelle ~2 prestataire|fournisseur|"
        "service|societe|responsable|plateforme|outil",
        "export*",
        "article|art 20",
    ],
    "objection": [
        "^opposition|oppose|limitation|profilage",
        "m'|me ~2 oppose|opposer|opposons",
        "j' ~2 exerce|exercer ~3 droit ~3 opposition",
        "opposition ~3 au|a|aux ~3 traitement|utilisation|partage|profilage|transmission",
        "limitation ~3 traitement|utilisation",
        "limiter|limitez|restreindre|restreignez|geler|gelez|suspendre|suspendez ~4 traitement|utilisation|"
        "usage",
        "cess*|arret*|stop* ~5 partage|partager|traitement|traiter|utilis*|profilage|transmission|transmettre|"
        "analyse*|suivi|pister|ciblage|communiquer|vendre|vente|ceder|cession",
        "retir*|retrait ~4 consentement",
        "ne ~3 pas ~3 partager|vendre|transmettre|ceder|communiquer|utiliser",
        "@ne ~2 @plus|@pas ~3 @partager|@vendre|@transmettre|@ceder|@communiquer|@utiliser|@exploiter",
        "article|art 18",
        "^article|art 21",
    ],
}
# Words that say a message is about personal data at all: without any, a "complaint" about a late
# delivery is a commercial matter (TAXONOMY: `other`), not a privacy complaint.
PRIVACY_WORDS = {"donnees", "personnelles", "rgpd", "gdpr", "confidentialite", "desabonnement", "newsletter",
                 "prospection", "consentement", "cnil", "supprimer", "suppression", "effacement", "coordonnees",
                 "mails", "e-mails", "emails", "mail", "informations", "compte", "demande", "publicite", "adresse",
                 "desinscription", "acces", "autorite", "spam", "appels", "rectification", "opposition"}
# A marketing list or purpose in the same clause turns "remove my details" into an unsubscription and
# an objection into one to direct marketing (GDPR Art. 21(2)-(3)).
MARKETING_WORDS = {"prospection", "marketing", "publicite", "publicites", "publicitaires", "publicitaire",
                   "newsletter", "newsletters", "liste", "listes", "diffusion", "mailing", "commerciale",
                   "commerciales", "commercial", "commerciaux", "promotionnels", "promotionnelles", "demarchage",
                   "envoi", "envois", "sollicitations"}
# fmt: on
