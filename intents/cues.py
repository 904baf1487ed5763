"""Request cues: the phrasings by which people ASK for a right, found clause by clause.

A bag of words scores a long formal letter low on every label (its many legal words dilute the
few that ask), and it cannot tell "delete my data" from "if you received this in error, delete
it". The cues are spaCy `Matcher` patterns over the norms `intent_scopes` (rules.py) wrote: a
negated ("not_delete"), conditional ("if_delete") or merely enumerated ("list_erasure") word no
longer matches, so only a request the writer actually makes is a cue. The classifier combines
them with the model's scores (classifier.py: a cue sets a floor under its label's score, a cue in
the subject says which request comes first).

Patterns are written in a small notation, one string a pattern, words separated by spaces:
`a|b` either word, `word*` any word starting so, `~` up to three words of any kind inside the
sentence (`~5` up to five), `@word` matched on the raw lower-case text, ignoring the negation
marks ("ne plus recevoir" is a request to stop, not a refusal) but not the conditional and
enumeration ones. A pattern starting with `^` lists single words that name a request only in
the subject line ("Complaint", "Portability"): in a letter's body the same nouns are as often
mentions ("a complaint to the supervisory authority") as requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from spacy.attrs import IDX, LOWER, NORM
from spacy.tokens import Doc

_SENTENCE_ENDS = frozenset({".", "!", "?", ";", "\n", "\n\n"})
_CLAUSE_ENDS = _SENTENCE_ENDS | {",", "and", "et", "then", "puis", ":"}

# fmt: off
PATTERNS: dict[str, dict[str, list[str]]] = {
    "en": {
        "deletion": [
            "delete*|erase*|remove|removing|removal|wipe*|destroy*|purge* ~3 my|all|his|her|any|our|every ~3 "
            "data|account*|details|information|info|records|record|profile*|file*|personal|cv|application|"
            "photo*|picture*|recording*|everything|address|number|name|images|footage|messages|posts",
            "delete|erase|wipe|remove everything|all|it|them",
            "delete*|erase*|remove|wipe* ~2 the|any|those|these ~3 profile*|segments|data|information|records ~8 "
            "about|on ~2 me",
            "^deletion|erasure|delete|erase|forgotten",
            "close|closing|terminate|deactivate ~2 my|his|her|the ~2 account*",
            "right to erasure|deletion|be",
            "be forgotten",
            "forget me",
            "erasure|deletion|removal ~2 of ~3 my|all|personal|the ~2 data|account*|details|information|record*",
            "request*|demand*|want|asking|ask ~2 erasure|deletion|removal",
            "article|art 17",
            "erasure request",
            "deletion request",
            # "You never answered my erasure request": the request named stands, negation or not.
            "@my|@our @erasure|@deletion @request|@requests",
            "delete|erase|remove|wipe|purge me ~2 from ~3 system*|database*|records|files|servers|crm|everything",
            "want|like|need|have|get ~4 data|details|information|info|account*|it|them|everything|records|cv|profile*|"
            "photo*|name ~2 erased|deleted|removed|wiped|destroyed|purged",
            "take|taking ~2 it|them|this|that|everything ~2 down",
            "take down",
        ],
        "access": [
            "subject access|access request",
            "^copy|access|sar|dsar",
            "dsar|sar",
            "right of|to access",
            "article|art 15",
            "copy ~2 of ~2 the ~2 personal ~2 data|information",
            "copy|printout ~2 of ~2 my|all|everything|any ~3 personal|data|information|info|file|"
            "records|details|emails|notes|recordings|logs|history|profile",
            "copy ~2 of ~2 what",
            "send|give|provide|share|tell|show|disclose|communicate|forward|supply ~2 me|us ~5 data|information|"
            "info|everything|file|records|copy|details|personal|notes|logs",
            "what|which ~3 data|information|info|details|records ~2 you|do|does|have|is|are|has ~3 hold|have|"
            "holding|store|keep|process|processing|collected|stored|held|retain",
            "what ~2 you ~2 know|have|hold ~2 about|on ~2 me",
            "access ~2 to ~3 my|the ~3 data|information|file|records|personal",
            "where|how ~4 get|got|obtain|obtained|find|found|source ~3 my ~2 email*|address|details|data|"
            "number|contact|name|information",
            "see ~2 my ~2 data|file|information|records",
            "source ~2 of ~3 my ~2 data|details|information|email|address",
            "who ~3 gave|sold|passed|provided|shared ~4 my ~2 details|data|number|address|information|email|contact",
            "which|what ~5 you ~3 have|hold|keep ~2 on ~2 file|record",
            "confirm*|confirmation ~2 whether|if ~6 data|information ~4 collected|used|processed|held|stored|shared",
            "confirm*|confirmation ~2 whether|if ~4 you ~3 process*|hold|holding|store|storing|use|using|keep ~4 "
            "data|information|details",
            "what ~4 sent|received|shared|passed ~2 you ~2 about ~2 me",
            "who|whom ~3 have|has|did ~2 you ~3 shared|passed|sold|disclosed|given|sent|share|pass|sell|disclose|"
            "give|send ~2 it|them|my|this ~3 with|to",
        ],
        "opt_out": [
            "unsub*",
            "@no|@nothing ~2 @promotional|@promotions|@newsletters|@advertising|@adverts",
            "opt|opted ~2 out",
            "opt-out",
            "stop|cease|quit ~3 send*|email*|mail*|call*|phon*|text*|market*|newsletter*|spam*|promot*|advert*|"
            "contacting|bombard*|messag*|invitations",
            "^spam|unsubscribe|opt-out|unsubcribe",
            "take|remove|delete|drop|exclude|strike ~4 off|from ~3 list|lists|mailing*|newsletter*|marketing|"
            "distribution|campaign*|prospect*",
            "off ~2 your ~2 list|lists|mailing",
            "@no @longer ~2 wish|want|like ~2 receive|get|be",
            "@don't|@not|@n't ~2 @want|@wish ~3 @receive|@get ~4 newsletter*|email*|marketing|promot*|offers|mail*|"
            "advert*|communication*|messages|invitations|brochures|calls",
            "@no @more ~2 @emails|@newsletter*|@marketing|@mail*|@calls|@messages|@spam|@offers",
            "withdraw* ~4 consent ~4 marketing|newsletter*|communications|emails|promot*|commercial",
            "object* ~4 direct ~2 marketing",
            "object* ~6 marketing|advertising|prospecting|promotional",
            "do|does ~2 not|n't|nt ~2 contact|call|email ~2 me",
            "no-call|do-not-call",
            "@not|@never|@n't @send|@email|@mail|@contact|@call @me ~2 @any|@again|@anymore|@further ~2 @more|"
            "@marketing|@emails|@offers|@newsletters|@of|@it|@them",
            "@not|@never|@n't @send|@email|@mail|@contact|@call @me @again|@anymore",
        ],
        "complaint": [
            "^complaint|complaints|complain|reminder|unanswered|escalation|ignored|breach|leak|leaked|ico|cnil|"
            "despite",
            "make|making|lodge|lodging|file|filing|submit|raise|raising|formal|this|my ~2 complaint",
            "i|we ~2 complain|complaining",
            "unacceptable|outrageous|disgrace*|appalling|scandal*|shocking|disgusting|infuriat*|ridiculous|"
            "inexcusable|deplorable",
            "@not @acceptable|@good|@satisfied|@happy|@ok|@okay|@proper|@compliant",
            "@still ~3 @not|@n't|@no|@nothing|@never|@haven't|@hasn't",
            "@still @receiv*|@getting|@get|@waiting",
            "despite|although ~4 unsubscrib*|request*|asking|opting|objecting|told",
            "even after ~3 unsubscrib*|request*|asking|opting|objecting|telling",
            "two|three|four|several|multiple|repeated ~2 requests|reminders|letters",
            "@no|@not|@never|@n't ~3 @reply|@response|@answer|@replied|@responded|@answered|@acknowledg*|"
            "@heard",
            "second|third|fourth|fifth|final|last|repeated|another ~2 request|reminder|time|attempt|email|letter|"
            "mail|message",
            "chasing",
            "harass*|harrass*|intrusive|nuisance|bombarded",
            "junk ~2 mail|mails|email*|calls",
            "after|since ~2 i ~2 unsubscribed|opted",
            "after|since|despite ~3 asking|asked|told ~4 stop|not|never",
            "fed up|had enough",
            "ignored|ignoring",
            "violation|violating|infringe*|unlawful*|illegal*|leaked|exposed",
            "that|this|it 's|is|was ~3 breach|leak|violation",
            "you ~3 breached|leaked|violated|ignored|exposed",
            "report|reporting|escalat*|contact*|refer* ~4 ico|authority|regulator|cnil|commissioner",
            "reply|response|answer|responses|replies ~4 incomplete|insufficient|inadequate",
            "incomplete|insufficient|inadequate|partial ~2 reply|response|answer",
            "overdue|exceeded|deadline ~2 passed",
        ],
        "rectification": [
            "correct|rectify|update|amend|change|fix|modify|edit ~4 my|the|his|her|our ~3 name|surname|address|"
            "email|phone|number|details|data|information|record*|spelling|company|organisation|organization|"
            "title|birth|job|employer|profile|file|entry",
            "is|are|was|were|be ~2 wrong|incorrect|outdated|inaccurate|misspelled|misspelt|obsolete",
            "is|are|was|were|be ~2 out of date",
            "my ~3 address|number|email|name|surname|details|employer|company|phone ~2 has|have|is ~2 changed|now",
            "my new ~2 address|number|email|name|surname|employer|company|phone",
            "wrong|incorrect|outdated|inaccurate|old|misspelled ~2 name|surname|address|email|number|details|"
            "spelling|company",
            "rectify|rectified",
            "^rectification|correction|correct|update|wrong|incorrect",
            "request*|exercis*|want|ask*|seek* ~3 rectification|correction",
            "article|art 16",
        ],
        "portability": [
            "^portability|export|transfer",
            "request*|exercis*|invok*|claim* ~4 portability",
            "right ~2 to ~2 data ~2 portability",
            "machine-readable|machine ~2 readable",
            "csv|json|xml",
            "structured ~3 format",
            "reusable|interoperable ~2 format",
            "transfer*|transmit*|move|port ~3 my|our|the|this|it|them ~3 data|information|files|it|them|account "
            "~4 to ~3 another|new|other|different|our ~2 provider|company|service|supplier|controller|platform",
            "export*",
            "article|art 20",
        ],
        "objection": [
            "^objection|object|restriction|restrict|profiling",
            "i|we ~3 object|objecting",
            "object ~3 to ~3 processing|the|my|any|your|profiling|sharing|use",
            "my ~2 objection",
            "restrict* ~4 processing|use|using|sharing",
            "restriction ~2 of ~2 processing",
            "stop|cease|end|cessation ~4 sharing|processing|profiling|using|analys*|analyz*|tracking|selling|"
            "passing|transferring|disclosing|personalis*|personaliz*|combining|feeding|training|tailoring|scoring|"
            "building|profile",
            "@not|@n't|@nt|@don't|@refuse ~3 @want|@wish|@agree|@consent|@to ~6 @shared|@sharing|@sold|@passed|"
            "@personalis*|@personaliz*|@profil*|@tailor*|@analys*|@train|@training",
            "exclude ~3 me|my ~4 from ~3 profiling|scoring|training|personalis*|analytics",
            "not|n't|nt ~2 use ~5 train|training|ai|models|profiling|personalis*",
            "withdraw* ~4 consent",
            "do|does ~2 not|n't ~2 sell|share",
            "article|art 18",
            "^article|art 21",
            "opt ~2 out ~3 of ~3 profiling|analytics|sharing|tracking",
        ],
    },
    "fr": {
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
    },
}
# Words that say a message is about personal data at all: without any, a "complaint" about a late
# delivery is a commercial matter (TAXONOMY: `other`), not a privacy complaint.
PRIVACY_WORDS = {
    "en": {"data", "personal", "gdpr", "privacy", "unsubscribe", "newsletter", "newsletters", "marketing",
           "consent", "ico", "cnil", "erase", "erasure", "delete", "deleted", "deletion", "details", "email",
           "emails", "information", "account", "request", "mailing", "address", "unsubscribed", "sar",
           "authority", "spam", "contact", "calls", "breach", "promotional", "promotions", "opted", "offers",
           "harassment", "harassing", "unsolicited", "nuisance"},
    "fr": {"donnees", "personnelles", "rgpd", "gdpr", "confidentialite", "desabonnement", "newsletter",
           "prospection", "consentement", "cnil", "supprimer", "suppression", "effacement", "coordonnees",
           "mails", "e-mails", "emails", "mail", "informations", "compte", "demande", "publicite", "adresse",
           "desinscription", "acces", "autorite", "spam", "appels", "rectification", "opposition"},
}
# A marketing list or purpose in the same clause turns "remove my details" into an unsubscription and
# an objection into one to direct marketing (GDPR Art. 21(2)-(3)).
MARKETING_WORDS = {
    "en": {"marketing", "mailing", "newsletter", "newsletters", "promotional", "advertising", "prospecting",
           "list", "lists", "campaign", "campaigns", "promotions", "offers", "adverts", "commercial"},
    "fr": {"prospection", "marketing", "publicite", "publicites", "publicitaires", "publicitaire", "newsletter",
           "newsletters", "liste", "listes", "diffusion", "mailing", "commerciale", "commerciales", "commercial",
           "commerciaux", "promotionnels", "promotionnelles", "demarchage", "envoi", "envois", "sollicitations"},
}
MARKETING_SCOPE = 8
# ...but not when the processing objected to is sharing or profiling: that is Art. 21(1).
NOT_MARKETING_WORDS = {"partners", "partner", "partenaires", "partenaire", "third", "tiers", "profiling",
                       "profilage", "resellers", "revendeur", "revendeurs"}
# "To unsubscribe, click here": a newsletter's footer, not its reader's request.
FOOTER_WORDS = {"click", "cliquez", "here", "ici", "link", "lien", "preferences", "manage", "gerer",
                "cliquant", "clicking", "receive", "recevez", "subscribed", "inscrit", "abonne"}
# ...and a sentence opening with "To unsubscribe" or "To stop receiving" is one (its own words followed).
FOOTER_VERBS = {"unsubscribe", "stop", "opt", "cancel", "manage", "change", "update", "no"}
FOOTER_SENTENCE = 12
FOOTER_KEYWORDS = {"stop", "unsubscribe", "remove", "no", "optout", "end"}
# Words only an access request uses, beside a portability request.
ACCESS_OWN_WORDS = {"copy", "copie", "access", "acces", "d'acces", "15", "sar", "what", "which", "quelles", "quels",
                    "where", "ou", "origine", "source", "hold", "detenez", "know", "savoir"}
# A subject line asking a question names a topic, not a request ("Question sur la portabilité").
QUESTION_WORDS = {"question", "questions", "?", "how", "comment", "quel", "quelle", "quels", "quelles"}
# "Where do I send a subject access request?", "Comment faire une demande d'accès ?": a question about how
# to ask, which names the request without making it (TAXONOMY: `question`); the model then reads it.
REQUEST_NOUNS = {"request", "requests", "sar", "dsar", "demande", "demandes", "form", "formulaire"}
HOW_WORDS = {"how", "where", "which", "what", "whom", "what's", "comment", "ou", "quelle", "quel", "qui"}
PROCEDURE_WORDS = {"send", "sending", "submit", "submitting", "make", "making", "file", "filing", "address",
                   "lodge", "envoyer", "adresser", "faire", "formuler", "deposer", "transmettre", "adresse",
                   "procedure", "process", "form", "formulaire", "faut-il", "dois-je", "post", "write", "ecrire",
                   "courrier", "poster"}
# Raw-text words still respect conditions and enumerations ("if you do not answer", "list_erasure").
_NOT_ASKED = ("if_", "list_")
# fmt: on


@dataclass(frozen=True)
class Cue:
    """One request found: which label, where (token span), and whether it is in the subject line."""

    label: str
    start: int
    end: int
    in_subject: bool


@dataclass(frozen=True)
class WordSpec:
    """One word of a pattern: exact words and word starts, read on the norm or on the raw text."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]
    raw: bool

    def matches(self, norm: str, lower: str) -> bool:
        if self.raw:
            if norm.startswith(_NOT_ASKED):
                return False
            word = lower
        else:
            word = norm
        return word in self.exact or (bool(self.prefixes) and word.startswith(self.prefixes))


@dataclass(frozen=True)
class Gap:
    """Up to `most` words of any kind, inside the sentence."""

    most: int


def compile_pattern(text: str) -> tuple[bool, tuple[WordSpec | Gap, ...]]:
    """Turn one pattern of the notation above into (subject line only?, matching steps)."""
    subject_only = text.startswith("^")
    text = text.lstrip("^")
    steps: list[WordSpec | Gap] = []
    for word in text.split():
        if word.startswith("~"):
            steps.append(Gap(int(word[1:] or 3)))
            continue
        raw = word.startswith("@")
        alternatives = [w.lstrip("@") for w in word.split("|")]
        steps.append(WordSpec(frozenset(w for w in alternatives if not w.endswith("*")),
                              tuple(w[:-1] for w in alternatives if w.endswith("*")), raw))
    if not isinstance(steps[0], WordSpec) or not isinstance(steps[-1], WordSpec):
        raise ValueError(f"a pattern starts and ends with a word: {text!r}")
    return subject_only, tuple(steps)


def _match(steps: tuple[WordSpec | Gap, ...], k: int, pos: int, norms: list[str], lowers: list[str]) -> int:
    """The end of the match of `steps[k:]` at `pos`, or -1 (gaps try the shortest skip first)."""
    if k == len(steps):
        return pos
    step = steps[k]
    if isinstance(step, Gap):
        for skip in range(step.most + 1):
            end = _match(steps, k + 1, pos + skip, norms, lowers)
            if end >= 0:
                return end
            if pos + skip >= len(norms) or norms[pos + skip] in _SENTENCE_ENDS:
                break
        return -1
    if pos < len(norms) and step.matches(norms[pos], lowers[pos]):
        return _match(steps, k + 1, pos + 1, norms, lowers)
    return -1


class CueFinder:
    """Finds the request cues of one language in docs that went through `intent_scopes`.

    A small matcher of its own rather than spaCy's: patterns with gaps make spaCy's `Matcher`
    track many partial states per token, and the cues must keep classification above a
    thousand messages a second. Patterns are indexed by their first word.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in PATTERNS else "en"
        self.patterns = [(label, *compile_pattern(text)) for label, texts in PATTERNS[self.lang].items()
                         for text in texts]
        self.by_first_word: dict[str, list[int]] = {}
        self.by_first_prefix: list[int] = []
        prefixes: list[str] = []
        for index, (_label, _subject_only, steps) in enumerate(self.patterns):
            first = steps[0]
            for word in first.exact:
                self.by_first_word.setdefault(word, []).append(index)
            if first.prefixes:
                self.by_first_prefix.append(index)
                prefixes.extend(first.prefixes)
        self.first_prefixes = tuple(prefixes)
        self.privacy_words = PRIVACY_WORDS[self.lang]
        self.marketing_words = MARKETING_WORDS[self.lang]

    def mentions_privacy(self, doc: Doc) -> bool:
        """Whether any word of the message is about personal data (else a complaint is commercial)."""
        return any(token.norm_ in self.privacy_words or token.lower_ in self.privacy_words for token in doc)

    def find(self, doc: Doc, subject_chars: int = 0) -> list[Cue]:
        """The cues of `doc` in order; a cue starting before `subject_chars` is in the subject line."""
        if not len(doc):
            return []
        strings = doc.vocab.strings
        hashes = doc.to_array([NORM, LOWER]).tolist()
        norms = [strings[norm] for norm, _lower in hashes]
        lowers = [strings[lower] if lower != norm else norms[i] for i, (norm, lower) in enumerate(hashes)]
        about_privacy = not self.privacy_words.isdisjoint(norms) or not self.privacy_words.isdisjoint(lowers)
        cues = []
        seen: set[tuple[str, int]] = set()
        objects_to_marketing = False
        starts = doc.to_array(IDX)
        subject_tokens = int((starts < subject_chars).sum()) if subject_chars else 0
        subject_asks = not QUESTION_WORDS.isdisjoint(norms[:subject_tokens])
        for pos, (norm, lower) in enumerate(zip(norms, lowers, strict=True)):
            candidates = self.by_first_word.get(norm, []) + (self.by_first_word.get(lower, []) if lower != norm
                                                             else [])
            if norm.startswith(self.first_prefixes) or lower.startswith(self.first_prefixes):
                candidates = candidates + self.by_first_prefix
            in_subject = pos < subject_tokens
            for index in candidates:
                label, subject_only, steps = self.patterns[index]
                if (label, pos) in seen or (subject_only and (not in_subject or subject_asks)):
                    continue
                end = _match(steps, 0, pos, norms, lowers)
                if end < 0:
                    continue
                if label == "opt_out" and self._in_footer(norms, pos, end):
                    continue
                seen.add((label, pos))
                if label in ("deletion", "objection") and self._about_marketing(
                        norms, doc, pos, end, _SENTENCE_ENDS if label == "objection" else _CLAUSE_ENDS):
                    objects_to_marketing = objects_to_marketing or label == "objection"
                    label = "opt_out"
                cues.append(Cue(label, pos, end, in_subject))
        if objects_to_marketing:
            # A letter objecting to direct marketing (GDPR Art. 21(2)) repeats "opposition", "cease the
            # processing" about that same purpose: those are its opt-out, not a second objection.
            cues = [cue for cue in cues if cue.label != "objection"]
        if not about_privacy and all(cue.label == "complaint" for cue in cues):
            cues = []
        cues = [cue for cue in cues if cue.label == "complaint" or not self._asks_how_to_request(norms, cue)]
        erasing = [cue for cue in cues if cue.label in ("deletion", "objection", "opt_out")]
        if erasing and any(cue.label == "access" for cue in cues):
            # "Supprimez tout ce que vous avez sur moi", "arrêtez de transmettre mes coordonnées": what is held
            # or passed on is the object of the erasure or objection whose verb it follows, not a second request.
            cues = [cue for cue in cues if cue.label != "access"
                    or not any(other.start <= cue.start <= other.end for other in erasing)]
        if any(cue.label == "portability" for cue in cues):
            # "Send me my data in CSV so I can move it": the sending is the portability request itself;
            # an access request must say so (a copy, what is held, where it came from).
            cues = [cue for cue in cues if cue.label != "access"
                    or not ACCESS_OWN_WORDS.isdisjoint(norms[cue.start:cue.end])]
        return cues

    def _about_marketing(self, norms: list[str], doc: Doc, start: int, end: int, ends: frozenset[str]) -> bool:
        """Whether the clause (for an objection, the sentence) is about a marketing list or purpose."""
        found = False
        scope = MARKETING_SCOPE if ends is _CLAUSE_ENDS else 2 * MARKETING_SCOPE
        for i in range(start, min(end + scope, len(norms))):
            if i >= end and (norms[i] in ends or "\n" in doc[i].text):
                break
            if norms[i] in NOT_MARKETING_WORDS:
                return False
            found = found or norms[i] in self.marketing_words
        return found

    @staticmethod
    def _asks_how_to_request(norms: list[str], cue: Cue) -> bool:
        """Whether the cue is inside a question about how or where to make a request."""
        first, last = cue.start, cue.end
        while first > 0 and norms[first - 1] not in _SENTENCE_ENDS:
            first -= 1
        while last < len(norms) and norms[last] not in _SENTENCE_ENDS:
            last += 1
        sentence = norms[first:last]
        return (last < len(norms) and norms[last] == "?" and not REQUEST_NOUNS.isdisjoint(sentence)
                and not HOW_WORDS.isdisjoint(sentence) and not PROCEDURE_WORDS.isdisjoint(sentence))

    @staticmethod
    def _in_footer(norms: list[str], start: int, end: int) -> bool:
        first = start
        while first > 0 and start - first < FOOTER_SENTENCE and norms[first - 1] not in _SENTENCE_ENDS:
            first -= 1
        if norms[first] == "to" and first + 1 < len(norms) and norms[first + 1] in FOOTER_VERBS:
            # "To stop receiving our emails, reply STOP": a sender's instruction, not its reader's request.
            return True
        window = norms[max(start - 3, 0):end + 2]
        if any(word in ("reply", "text") and following in FOOTER_KEYWORDS
               for word, following in pairwise(window)):
            # "Reply STOP to opt out": the keyword a bulk sender asks for.
            return True
        return not FOOTER_WORDS.isdisjoint(norms[max(start - 4, 0):end + 5])
