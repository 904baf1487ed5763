"""What the chat says, in English and French. Plain text: the API and the widget show it as text.

Requests are explained in a sentence or two (GDPR Art. 12(1): clear and plain language), with the
right's article, before the address is asked for.
"""

from __future__ import annotations

from replies.language import reply_language

REQUESTS = {
    "en": {
        "access": "You can get a copy of the personal data we hold about you (GDPR Art. 15).",
        "deletion": "You can ask us to delete your personal data (GDPR Art. 17); we will tell you what we "
                    "deleted and anything the law requires us to keep.",
        "opt_out": "You can stop our marketing messages (GDPR Art. 21(3)); transactional messages about our "
                   "services continue.",
        "rectification": "You can have wrong or incomplete data about you corrected (GDPR Art. 16).",
        "portability": "You can receive the data you gave us in a structured, machine-readable format "
                       "(GDPR Art. 20).",
        "objection": "You can object to our use of your data based on our legitimate interests (GDPR Art. 21).",
        "complaint": "We take your complaint seriously: our team will look into it and answer you. You may also "
                     "complain to the CNIL (www.cnil.fr).",
        "question": "Our team will answer your question by email.",
    },
    "fr": {
        "access": "Vous pouvez obtenir une copie des données personnelles que nous détenons sur vous "
                  "(article 15 du RGPD).",
        "deletion": "Vous pouvez nous demander d'effacer vos données personnelles (article 17 du RGPD) ; nous "
                    "vous dirons ce qui a été effacé et ce que la loi nous oblige à conserver.",
        "opt_out": "Vous pouvez ne plus recevoir nos messages commerciaux (article 21(3) du RGPD) ; les messages "
                   "liés à nos services continuent.",
        "rectification": "Vous pouvez faire corriger des données inexactes ou incomplètes (article 16 du RGPD).",
        "portability": "Vous pouvez recevoir les données que vous nous avez fournies dans un format structuré et "
                       "lisible par machine (article 20 du RGPD).",
        "objection": "Vous pouvez vous opposer à l'utilisation de vos données fondée sur notre intérêt "
                     "légitime (article 21 du RGPD).",
        "complaint": "Nous prenons votre réclamation au sérieux : notre équipe va l'examiner et vous répondre. "
                     "Vous pouvez aussi saisir la CNIL (www.cnil.fr).",
        "question": "Notre équipe répondra à votre question par e-mail.",
    },
}

TEXTS = {
    "en": {
        "ask_address": "To make sure nobody files it in your name, type the email address it concerns: we will "
                       "send a one-time code to it, and register your request once you type the code here.",
        "code_sent": "If {address} can receive mail, a 6-digit code is on its way to it. Type the code here; it "
                     "expires in {minutes} minutes. (Type \"cancel\" to stop.)",
        "need_address": "Please type the email address your request concerns, or \"cancel\".",
        "need_code": "Please type the 6-digit code we sent to {address}, type another address to get a new "
                     "code, or \"cancel\".",
        "wrong_code": "That code is not right. Please check the email and try again.",
        "code_exhausted": "Too many wrong codes: that code no longer works. Type your email address again to "
                          "get a new one.",
        "code_expired": "That code has expired. Type your email address again to get a new one.",
        "no_code": "There is no code waiting for this conversation. Type your email address to get one.",
        "too_many_codes": "We cannot send another code now. Please try again in about {minutes} minutes, or "
                          "write to {inbox}.",
        "cancelled": "Cancelled: nothing was registered. Ask me anything else about your personal data.",
        "filed": "Thank you, your address is confirmed. Your request is registered under {reference}. We will "
                 "answer by email at {address} within one month, that is by {due} at the latest "
                 "(GDPR Article 12(3)).",
        "filed_opt_out": "Thank you, your address is confirmed. It is on our marketing suppression list from now "
                         "on: you will receive no more marketing messages from us (GDPR Article 21(3)). "
                         "Reference: {reference}.",
        "filed_pending": "Thank you, your address is confirmed and your request is registered. We will send its "
                         "reference and our answer by email to {address}, within one month (GDPR Article 12(3)).",
        "offer_handoff": "Would you like me to pass your question to our team? Answer \"yes\" and I will ask for "
                         "your email address.",
        "anything_else": "Is there anything else I can help you with?",
        "help": "I can answer questions about how SODEPAC uses your personal data, from our privacy policy, and "
                "register requests such as a copy or the deletion of your data. What would you like to know?",
        "unavailable": "Something went wrong on our side and nothing was registered. Please try again in a "
                       "minute, or write to {inbox}.",
        "restarted": "Our previous conversation had expired, so we start again.",
    },
    "fr": {
        "ask_address": "Pour que personne ne puisse la faire en votre nom, indiquez l'adresse e-mail concernée : "
                       "nous y enverrons un code à usage unique, et enregistrerons votre demande dès que vous "
                       "l'aurez saisi ici.",
        "code_sent": "Si {address} peut recevoir des e-mails, un code à 6 chiffres lui a été envoyé. Saisissez-le "
                     "ici ; il expire dans {minutes} minutes. (Tapez « annuler » pour arrêter.)",
        "need_address": "Indiquez l'adresse e-mail concernée par votre demande, ou « annuler ».",
        "need_code": "Saisissez le code à 6 chiffres envoyé à {address}, indiquez une autre adresse pour "
                     "recevoir un nouveau code, ou « annuler ».",
        "wrong_code": "Ce code n'est pas le bon. Vérifiez l'e-mail et réessayez.",
        "code_exhausted": "Trop de codes erronés : ce code ne fonctionne plus. Indiquez à nouveau votre adresse "
                          "e-mail pour en recevoir un nouveau.",
        "code_expired": "Ce code a expiré. Indiquez à nouveau votre adresse e-mail pour en recevoir un nouveau.",
        "no_code": "Aucun code n'attend dans cette conversation. Indiquez votre adresse e-mail pour en recevoir un.",
        "too_many_codes": "Nous ne pouvons pas envoyer d'autre code pour le moment. Réessayez dans {minutes} "
                          "minutes environ, ou écrivez à {inbox}.",
        "cancelled": "Annulé : rien n'a été enregistré. Posez-moi toute autre question sur vos données.",
        "filed": "Merci, votre adresse est confirmée. Votre demande est enregistrée sous la référence "
                 "{reference}. Nous vous répondrons par e-mail à {address} dans un délai d'un mois, soit au plus "
                 "tard le {due} (article 12, paragraphe 3, du RGPD).",
        "filed_opt_out": "Merci, votre adresse est confirmée. Elle figure dès maintenant sur notre liste "
                         "d'opposition : vous ne recevrez plus nos messages commerciaux (article 21, paragraphe 3, "
                         "du RGPD). Référence : {reference}.",
        "filed_pending": "Merci, votre adresse est confirmée et votre demande est enregistrée. Nous enverrons sa "
                         "référence et notre réponse par e-mail à {address}, dans un délai d'un mois (article 12, "
                         "paragraphe 3, du RGPD).",
        "offer_handoff": "Voulez-vous que je transmette votre question à notre équipe ? Répondez « oui » et je "
                         "vous demanderai votre adresse e-mail.",
        "anything_else": "Puis-je vous aider pour autre chose ?",
        "help": "Je peux répondre à vos questions sur l'utilisation de vos données personnelles par SODEPAC, "
                "d'après notre politique de confidentialité, et enregistrer vos demandes, par exemple une copie "
                "ou l'effacement de vos données. Que souhaitez-vous savoir ?",
        "unavailable": "Un problème est survenu de notre côté et rien n'a été enregistré. Réessayez dans une "
                       "minute, ou écrivez à {inbox}.",
        "restarted": "Notre conversation précédente avait expiré : nous recommençons.",
    },
}

YES = frozenset({"yes", "y", "yes please", "ok", "okay", "sure", "please", "oui", "oui merci", "d'accord",
                 "volontiers", "ok merci", "yes thanks"})
CANCEL = frozenset({"cancel", "stop", "no", "no thanks", "annuler", "annule", "non", "non merci", "arreter"})


def say(language: str, key: str, **values: object) -> str:
    return TEXTS[reply_language(language)][key].format(**values)


def explain_request(language: str, intents: list[str]) -> str:
    """One sentence per right asked for (at most two), in the order the classifier ranked them."""
    table = REQUESTS[reply_language(language)]
    return " ".join(table[intent] for intent in intents[:2] if intent in table)
