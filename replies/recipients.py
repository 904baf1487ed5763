"""The categories of recipients the policy names ("Why do we share the information we collect?").

A deletion or rectification is passed on to every recipient the data was disclosed to (GDPR
Art. 19). Staff tick the categories concerned; a draft names them in the reply's language.
Callers may pass these keys or their own words (shown as given).
"""

from __future__ import annotations

from replies.language import reply_language

RECIPIENT_CATEGORIES: dict[str, dict[str, str]] = {
    "service_providers": {
        "en": "our service providers (hosting, maintenance, backup, storage, payment, analytics)",
        "fr": "nos prestataires (hébergement, maintenance, sauvegarde, stockage, paiement, statistiques)",
    },
    "partners": {
        "en": "our partners (resellers, marketing and lead generation)",
        "fr": "nos partenaires (revendeurs, marketing et prospection)",
    },
    "organisation": {
        "en": "the administrators of the account managed by your organisation",
        "fr": "les administrateurs du compte géré par votre organisation",
    },
    "other_users": {
        "en": "the other users of our services the data was shared with",
        "fr": "les autres utilisateurs de nos services avec qui les données avaient été partagées",
    },
    "consented": {
        "en": "the third parties you had authorised (case studies, testimonials)",
        "fr": "les tiers que vous aviez autorisés (études de cas, témoignages)",
    },
    "authorities": {
        "en": "the authorities the data was disclosed to under a legal obligation",
        "fr": "les autorités à qui les données avaient été communiquées en vertu d'une obligation légale",
    },
}


def recipient_label(category: str, language: str) -> str:
    """The category's name in the reply's language; anything else as given."""
    labels = RECIPIENT_CATEGORIES.get(category.strip())
    return labels[reply_language(language)] if labels else category
