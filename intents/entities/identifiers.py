"""References a writer quotes to find their record: customer, account, order, invoice, contract numbers."""

from __future__ import annotations

import re

from intents.types import Reference

_REFERENCE_KINDS = {
    "customer": "customer",
    "client": "customer",
    "cliente": "customer",
    "account": "account",
    "compte": "account",
    "order": "order",
    "commande": "order",
    "invoice": "invoice",
    "facture": "invoice",
    "contract": "contract",
    "contrat": "contract",
}
_NUMBER_WORD = (
    r"(?:number|num[ée]ro|no\.?|nr\.?|n°|nº|#|ref(?:erence)?\.?|réf(?:érence)?\.?|id|identifier"
    r"|identifiant|code|is|est)(?![^\W\d_])"
)
# A reference has a digit; a bare number needs four of them and must not be a year ("contract 2023").
_REFERENCE_VALUE = r"(?P<value>(?=[\w/.-]*\d)[A-Za-z0-9](?:[\w/.-]*[A-Za-z0-9])?)"
_REFERENCE = re.compile(
    rf"(?<![\w-])(?:{_NUMBER_WORD}\s*(?:de\s+|du\s+|of\s+)?)?"
    rf"(?P<kind>{'|'.join(_REFERENCE_KINDS)})(?![^\W\d_])"
    rf"(?:[\s:]*{_NUMBER_WORD})*[\s:#]*{_REFERENCE_VALUE}",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")


def references(text: str) -> list[Reference]:
    found: list[Reference] = []
    for match in _REFERENCE.finditer(text):
        value = match.group("value")
        if value.isdigit() and (len(value) < 4 or _YEAR.fullmatch(value)):
            continue
        reference = Reference(_REFERENCE_KINDS[match.group("kind").lower()], value)
        if reference not in found:
            found.append(reference)
    return found
