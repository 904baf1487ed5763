"""A small bilingual vocabulary: the policy's words for what a visitor says in French or in
everyday English ("supprimer" -> "delete", "kicked out of cookies" -> "accept cookies").

Patterns are matched against `replies.keywords.normalise`d text (lower case, no accents). Each
adds the English words of the policy that state the same thing, so BM25 (`retrieval.py`) finds
the paragraph although the visitor never used its words.
"""

from __future__ import annotations

import re

STOP_WORDS = frozenset(
    """a about after all also am an and any are as at be because been but by can could data did do does
    doing for from get got had has have how i if in information into is it its me might my no not of on
    or our personal please should so some that the their them then there these they this those to us was
    we what when where which who why will with would you your yours au aux avec ce ces cette comment
    dans de des du elle en est et il ils je la le les leur leurs ma mes moi mon ne nos notre nous on ou
    par pas plus pour pourquoi puis quand que quel quelle quelles quels qui sa se ses son sont sur ta te
    tes toi ton tu un une vos votre vous y donnees informations information personnelles personnels
    personnel peux pouvez peut est-ce ca sodepac international""".split()  # noqa: SIM905 (a list of words reads better as prose)
)

# (pattern on normalised text, the policy's words it stands for)
SYNONYMS: tuple[tuple[str, str], ...] = (
    # retention
    (r"how long|combien de temps|duree|\bconserv|\bgard(ez|er|e)\b|\bretain|\bretention|\bkept\b|\bkeep\b",
     "length time keep"),
    (r"no longer need|plus besoin|after (that|this) (time|period)|apres (ce|cette) (delai|periode)",
     "length time period delete anonymise"),
    # deletion
    (r"\bsupprim|\beffac|\boubli|\berase|\berasure|\bremove|\bget rid|\bdelet", "delete deletion request restriction"),
    # access, copy
    (r"\bcopie|\bcopy\b|\bacces\b|\baccede|what do you (hold|have|know)|\bsee (everything|all|what)"
     r"|(everything|all) you have|ce que vous (savez|detenez|avez)",
     "request copy access"),
    # rectification
    (r"\brectif|\bcorrig|\bcorrect|\bmettre a jour|mise a jour|\bupdate|\bwrong\b|\berrone|\binexact|\bfaux\b",
     "access update"),
    # portability
    (r"\bportab|another provider|autre (prestataire|fournisseur)|structured|format (electronique|structure)",
     "portability format move"),
    # objection, restriction
    (r"\boppos|\bobject|stop using|arretez d.utiliser|\brestreind|\blimit(er|ez)\b|\brestrict",
     "object stop using restriction marketing purposes opt"),
    # consent withdrawal
    (r"\bconsent|\bretir|withdraw|change my mind|changer d.avis", "consent withdraw change mind"),
    # marketing, unsubscribing
    (r"unsubscrib|desabonn|desinscri|opt.?out|\bspam|"
     r"(stop|arreter|arretez|plus) (de )?(recevoir|receiving|sending|m.envoyer|vos e.?mails?)",
     "opt promotional communications unsubscribe"),
    (r"newsletter|marketing|promot|publicit|prospection", "market promote engagement newsletters"),
    # complaints
    (r"\bplainte|\breclamation|\bcnil\b|\bcomplain|\bregulator|\bautorite", "lodge complaint authority violated"),
    # cookies
    (r"\bcookie|\btraceur", "cookies"),
    (r"\brefus|\breject|\bdecline|\bblock|\bbloqu|sans (les )?cookies|without cookies|don.t accept|n.accepte",
     "accepted functional"),
    (r"\bsuivi|\btrack|do not track|\bdnt\b", "track signals"),
    # sharing and selling
    (r"\b(re)?vend|\bsell|\bsold\b|\bsale\b|\bbuy|\bmonnay", "sell advertisers"),
    (r"\bpartag|\bshar(e|ed|es|ing)\b|\bdonnez|\bgive my|\btransmet", "share third parties"),
    (r"\btiers\b|third.part", "third parties"),
    (r"\bprestataire|sous.traitant|\bprocessors?\b|subcontract|vendors?\b|\bsupplier|\bfournisseur",
     "service providers"),
    (r"\bpartenaire|\bpartner", "partners"),
    # collection and use
    (r"\bcollect|\brecueill|\brecolt|\bgather|quel(le)?s? (types? de )?donnees"
     r"|what (kind of |type of )?data",
     "collect give sources"),
    (r"\butilis|\bfaites de|\bfaites.vous|\bdo you use|\bused for|\bpurpose|\bfinalit|\bwhy do you",
     "use specific purposes depends"),
    (r"base legale|base juridique|fondement|legal bas|lawful|legitimate|interet legitime",
     "legal bases legitimate"),
    # security
    (r"\bsecur|\bsafe|how do you protect|\bprotegez|\bpirat|\bhack|\bbreach|\bfuite|\bleak|\bchiffr"
     r"|\bencrypt|\bvol\b|\bstolen",
     "secure security safeguards intrusion"),
    # children
    (r"\benfant|\bchild|\bkid|\bmineur|\bminor|\bado(lescent)?s?\b|\bteen|\bfils\b|\bfille\b|\bson\b|\bdaughter",
     "children under 16 years"),
    # employer, administrators
    (r"\bemploye|\badministrat|work e.?mail|compte gere|professionnel|\bmy company\b|\bma societe",
     "administrator organisation employer direct privacy questions"),
    # business transfers
    (r"\brach[ae]t|\bfusion|\bmerg|\bacqui|\btakeover|\bbought\b|\bcession", "merger acquisition business"),
    # controller, contact
    (r"\bresponsable|\bcontrol|\bowns?\b|\bwho is behind|\bqui (est|gere)", "controlled controls owns"),
    (r"\bcontact|\bjoindre|\bwrite to|\becrire|\bpostal|\badresse|\baddress|\btelephone|\bphone|\bappeler|\bcall\b",
     "contact phone avenue"),
    # changes to the policy
    (r"\bchang|\bmodifi|\bnouvelle version|new version|\bprevious version|\bupdated? (the|your|votre|la) polic",
     "changes policy notice"),
    # widgets
    (r"linkedin|facebook|widget|social|reseaux sociaux|\bboutons?\b|\bbuttons?\b", "widgets buttons social media"),
    # answering delay
    (r"\bdelai|how (long|quickly|fast) .*(answer|respond|reply)|\brepondre|\breponse", "respond reasonable time"),
    # billing, accounts
    (r"\bfactur|\bbilling|\binvoice|\bpaiement|\bpayment|\bcard\b|\bcarte", "billing payment processing"),
    (r"\binscri|\bsign(ed)? up|\bregist", "account sign"),
    (r"\bsupport|\bassistance|\bhelp desk|\bticket", "support channels issue"),
    (r"\bsondage|\bsurvey|\bconcours|\bcontest|\bevenement|\bevent", "surveys contests events"),
)

_COMPILED = tuple((re.compile(pattern), words) for pattern, words in SYNONYMS)


def expand(normalised_question: str) -> list[str]:
    """The policy's words for every notion the question raises, once each."""
    return [words for pattern, words in _COMPILED if pattern.search(normalised_question)]
