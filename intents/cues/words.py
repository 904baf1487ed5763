"""Words of both languages the matcher weighs cues with (norms are folded: no accents). Data only."""

# fmt: off
# How far past a deletion or objection cue its clause is searched for a marketing list or purpose.
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
# fmt: on
