"""Plain requests in languages the models were not trained on: German, Dutch, Italian, Spanish, Portuguese.

The inbox answers in English and French, and every message in another language goes to a person
(classifier.py flags it). The person still needs the right queue and the right deadline, so the
commonest ways of asking for each right (GDPR Art. 15-21, as the official translations of the
Regulation name them) are looked up as word stems in the folded text. This is a keyword table, not
a model: it reads "Ich möchte Auskunft über meine Daten" and "Quiero que borren mis datos", and the
review flag stays on.
"""

from __future__ import annotations

import re

# fmt: off
# Stems per label, matched at the start of a word in lower-case, accent-free text (rules.fold_text).
STEMS: dict[str, dict[str, tuple[str, ...]]] = {
    "de": {
        "complaint": ("beschwerde", "beschwere", "datenschutzbehorde", "aufsichtsbehorde", "inakzeptabel",
                      "unverschamt"),
        "deletion": ("losch", "geloscht", "entfern", "vergessenwerden"),
        "access": ("auskunft", "kopie", "einsicht", "welche daten", "art. 15", "artikel 15"),
        "portability": ("datenubertragbarkeit", "ubertragbarkeit", "maschinenlesbar", "csv", "export"),
        "rectification": ("berichtig", "korrigier", "korrektur", "falsch", "aktualisier", "andern sie"),
        "objection": ("widerspr", "widerruf", "einschrank", "profiling"),
        "opt_out": ("abmeld", "abbestell", "newsletter", "werbung", "keine e-mails", "keine werbe"),
    },
    "nl": {
        "complaint": ("klacht", "autoriteit persoonsgegevens", "onaanvaardbaar", "schandalig"),
        "deletion": ("verwijder", "wissen", "wis ", "vergeten te worden"),
        "access": ("inzage", "kopie", "welke gegevens", "artikel 15"),
        "portability": ("overdraagbaarheid", "machineleesbaar", "csv", "export"),
        "rectification": ("rectific", "corrig", "verbeter", "onjuist", "aanpass", "wijzig"),
        "objection": ("bezwaar", "beperking", "intrekk"),
        "opt_out": ("afmeld", "uitschrijv", "nieuwsbrief", "reclame", "geen e-mails", "geen mails"),
    },
    "it": {
        "complaint": ("reclamo", "garante", "inaccettabile", "vergognoso"),
        "deletion": ("cancell", "elimin", "rimuov", "oblio"),
        "access": ("accesso", "copia", "quali dati", "articolo 15"),
        "portability": ("portabilita", "formato strutturato", "csv", "esport"),
        "rectification": ("rettific", "corregg", "correzion", "aggiorn", "errat", "sbagliat"),
        "objection": ("oppos", "oppong", "limitazione", "revoc"),
        "opt_out": ("disiscri", "newsletter", "pubblicit", "promozional", "non ricevere", "non voglio ricevere"),
    },
    "es": {
        "complaint": ("reclamacion", "queja", "denuncia", "aepd", "agencia espanola", "inaceptable"),
        "deletion": ("borr", "supresion", "suprim", "elimin", "olvido", "cancelacion"),
        "access": ("acceso", "copia", "que datos", "articulo 15"),
        "portability": ("portabilidad", "formato estructurado", "csv", "export"),
        "rectification": ("rectific", "corrig", "correccion", "actualic", "actualiz", "erroneo", "incorrect"),
        "objection": ("oposicion", "me opongo", "limitacion", "retir"),
        "opt_out": ("darme de baja", "dar de baja", "baja de", "boletin", "newsletter", "publicidad",
                    "no recibir", "no quiero recibir", "desuscrib"),
    },
    "pt": {
        "complaint": ("reclamacao", "queixa", "cnpd", "inaceitavel"),
        "deletion": ("apag", "elimin", "exclu", "esquecimento"),
        "access": ("acesso", "copia", "que dados", "artigo 15"),
        "portability": ("portabilidade", "csv", "export"),
        "rectification": ("retific", "corrig", "atualiz", "errad", "incorret"),
        "objection": ("oposicao", "oponho", "limitacao", "retir"),
        "opt_out": ("cancelar a subscricao", "newsletter", "publicidade", "nao receber", "descadastr"),
    },
}
# fmt: on
_PATTERNS = {
    lang: {label: re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(stem) for stem in stems) + ")")
           for label, stems in labels.items()}
    for lang, labels in STEMS.items()
}


def foreign_requests(folded_text: str, language: str) -> list[tuple[int, str]]:
    """The requests a message in `language` names, as (position of the first mention, label), in order.

    Empty for a language without a table; the TAXONOMY's order (a complaint first, erasure before
    unsubscribing) is applied by the classifier's `decide`, as for English and French.
    """
    patterns = _PATTERNS.get(language)
    if not patterns:
        return []
    found = []
    for label, pattern in patterns.items():
        match = pattern.search(folded_text)
        if match:
            found.append((match.start(), label))
    return sorted(found)
