"""The reply gallery: every kind of draft x intent x language, rendered on sample tickets.

`python -m replies.gallery` rewrites `docs/replies/` (one Markdown page per kind, plus the
special cases and an index) so that a privacy officer can review the whole reply set in one
place; `python -m replies.gallery --check` exits 1 when the committed pages are stale. The
samples use `SAMPLE_COMPANY`, example facts standing in for the `[company]` section.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from intents.types import LABELS
from replies.context import NEEDS_IDENTITY
from replies.render import render_draft
from replies.types import CompanyInfo, DraftKind, DraftRequest, EarlierRequest, RenderedDraft

GALLERY_DIR = Path(__file__).resolve().parents[1] / "docs" / "replies"
PARIS = ZoneInfo("Europe/Paris")
LANGUAGE_NAMES = {"en": "English", "fr": "French"}

# Example facts, as a privacy officer would fill `[company]`: they are not the company's.
SAMPLE_COMPANY = CompanyInfo(
    dpo="Claire Martin, dpo@sodepac.com",
    sales_contact="sales@sodepac.com, +33 (0)3 20 07 63 40",
    support_contact="support@sodepac.com, +33 (0)3 61 31 86 76",
    accounts_contact="accounts@sodepac.com",
    recruitment_contact="jobs@sodepac.com",
    retention_en=["Customer accounts and contact details: 3 years after the end of the business relationship",
                  "Invoices and accounting records: 10 years (French Commercial Code, art. L123-22)",
                  "Prospects' contact details: 3 years after the last contact"],
    retention_fr=["Comptes clients et coordonnées : 3 ans après la fin de la relation commerciale",
                  "Factures et pièces comptables : 10 ans (Code de commerce, art. L123-22)",
                  "Coordonnées des prospects : 3 ans après le dernier contact"],
    storage_en="Our systems are hosted by our service providers in data centres in France.",
    storage_fr="Nos systèmes sont hébergés par nos prestataires dans des centres de données en France.",
    transfers_en="Your data does not leave the European Economic Area.",
    transfers_fr="Vos données ne quittent pas l'Espace économique européen.",
)

# What a requester might write for each intent, in each language (the register and the
# question's topic are read from it).
SAMPLE_TEXTS = {
    "en": {
        "access": "Hello, please send me a copy of all the personal data you hold about me.",
        "deletion": "Hello, please delete my account and all the personal data you hold about me.",
        "opt_out": "Hello, please stop sending me your newsletter.",
        "complaint": "Hello, I keep receiving your offers although I never signed up. This is unacceptable.",
        "rectification": "Hello, my postal address is wrong in your records: it is 12 rue Nationale, Lille.",
        "portability": "Hello, I would like my data in a file I can take to another supplier.",
        "objection": "Hello, I object to your use of my data for marketing purposes.",
        "question": "Hello, how long do you keep my data, and do you use cookies?",
        "other": "Hello, could you send me a quote for 300 pallets?",
    },
    "fr": {
        "access": "Bonjour, merci de m'envoyer une copie de toutes les données que vous détenez sur moi.",
        "deletion": "Bonjour, merci de supprimer mon compte et toutes mes données personnelles.",
        "opt_out": "Bonjour, merci de ne plus m'envoyer votre lettre d'information.",
        "complaint": "Bonjour, je reçois toujours vos offres alors que je ne me suis jamais inscrit.",
        "rectification": "Bonjour, mon adresse postale est fausse dans vos fichiers : c'est 12 rue Nationale, Lille.",
        "portability": "Bonjour, je voudrais mes données dans un fichier à transmettre à un autre fournisseur.",
        "objection": "Bonjour, je m'oppose à l'utilisation de mes données à des fins de prospection.",
        "question": "Bonjour, combien de temps conservez-vous mes données, et utilisez-vous des cookies ?",
        "other": "Bonjour, pourriez-vous m'envoyer un devis pour 300 palettes ?",
    },
}
STAFF_NOTES = {
    "en": {DraftKind.CLARIFICATION: "Which email address did you use when you ordered from us?",
           DraftKind.EXTENSION_NOTICE: "your data is spread over twelve years of orders held in three systems.",
           DraftKind.REFUSAL: "we could not establish that the request comes from the person whose data it is."},
    "fr": {DraftKind.CLARIFICATION: "Quelle adresse électronique avez-vous utilisée pour vos commandes ?",
           DraftKind.EXTENSION_NOTICE: "vos données sont réparties sur douze ans de commandes dans trois systèmes.",
           DraftKind.REFUSAL: "nous n'avons pas pu établir que la demande vient de la personne concernée."},
}
KIND_TITLES = {
    DraftKind.ACKNOWLEDGEMENT: "Acknowledgement: identity established or not needed",
    DraftKind.IDENTITY_REQUEST: "Identity request: what we will do once identity is confirmed",
    DraftKind.CLARIFICATION: "Clarification: staff ask the requester a question",
    DraftKind.EXTENSION_NOTICE: "Extension notice (GDPR Art. 12(3))",
    DraftKind.FULFILMENT: "Fulfilment: the request done",
    DraftKind.REFUSAL: "Refusal (GDPR Art. 12(4))",
    DraftKind.ANSWER: "Answer: a question, complaint or other message",
}


def sample_request(kind: DraftKind, intents: list[str], language: str, **changes) -> DraftRequest:
    """A sample ticket for one kind of draft, with what staff would supply for that kind."""
    values = {
        "reference": "PRIV-2026-000123",
        "language": language,
        "intents": intents,
        "requester_email": "sam.taylor@example.net" if language == "en" else "camille.roux@example.fr",
        "requester_name": "Sam Taylor" if language == "en" else "Camille Roux",
        "subject": "My personal data" if language == "en" else "Mes données personnelles",
        "received_at": datetime(2026, 3, 2, 10, 15, tzinfo=PARIS),
        "due_at": datetime(2026, 4, 2, 23, 59, tzinfo=PARIS) if kind is not DraftKind.EXTENSION_NOTICE
        else datetime(2026, 6, 2, 23, 59, tzinfo=PARIS),
        "kind": kind,
        "new_text": " ".join(SAMPLE_TEXTS[language][intent] for intent in intents),
        "identity_pending": kind is DraftKind.IDENTITY_REQUEST,
        "suppressed": bool({"opt_out", "objection"} & set(intents)),
        "extension_months": 2 if kind is DraftKind.EXTENSION_NOTICE else 0,
        "staff_note": STAFF_NOTES[language].get(kind, ""),
        "attachments": ["sodepac-data-export.zip"] if kind is DraftKind.FULFILMENT else [],
        "recipients_informed": [],
    }
    values.update(changes)
    return DraftRequest(**values)


def special_cases(language: str) -> list[tuple[str, DraftRequest]]:
    """Situations the per-kind pages do not show: combined intents, representatives, register, delay."""
    earlier = EarlierRequest("PRIV-2026-000042", datetime(2026, 1, 5, 9, 0, tzinfo=PARIS),
                             datetime(2026, 2, 5, 23, 59, tzinfo=PARIS))
    formal = {"en": "Dear Sir or Madam, I hereby request the erasure of my personal data. Yours faithfully",
              "fr": "Madame, Monsieur, je vous prie de supprimer mes données. Veuillez agréer, Madame, Monsieur, "
                    "mes salutations distinguées."}[language]
    casual = {"en": "hi, pls stop the newsletter thx", "fr": "salut, stp arrêtez la newsletter, merci !"}[language]
    ack, identity = DraftKind.ACKNOWLEDGEMENT, DraftKind.IDENTITY_REQUEST
    return [
        ("Access and unsubscribe, identity pending (the unsubscribe is already done)",
         sample_request(identity, ["access", "opt_out"], language)),
        ("Complaint, deletion and unsubscribe in one message",
         sample_request(ack, ["complaint", "deletion", "opt_out"], language)),
        ("A parent asks to delete a child's data", sample_request(identity, ["deletion"], language,
                                                                    representative="parent")),
        ("A lawyer asks for a client's data", sample_request(ack, ["access"], language,
                                                               representative="third_party")),
        ("A complaint about an earlier request whose deadline has passed",
         sample_request(DraftKind.ANSWER, ["complaint"], language, earlier_request=earlier,
                        received_at=datetime(2026, 2, 20, 8, 0, tzinfo=PARIS))),
        ("A formal letter", sample_request(ack, ["deletion"], language, new_text=formal)),
        ("A casual note", sample_request(DraftKind.FULFILMENT, ["opt_out"], language, new_text=casual)),
        ("Deletion done, recipients informed",
         sample_request(DraftKind.FULFILMENT, ["deletion"], language,
                        recipients_informed=["service_providers", "partners"])),
        ("A question the policy does not answer",
         sample_request(DraftKind.ANSWER, ["question"], language,
                        new_text={"en": "Do you have parking for visitors?",
                                  "fr": "Avez-vous un parking visiteurs ?"}[language])),
    ]


def _entry(title: str, draft: RenderedDraft) -> str:
    return f"### {title}\n\nSubject: `{draft.subject}`\n\n```text\n{draft.text}```\n"


def kind_page(kind: DraftKind) -> str:
    """One page: every intent in both languages for one kind of draft."""
    parts = [f"# {KIND_TITLES[kind]}\n\n"
             "Generated by `python -m replies.gallery` from the templates in `replies/templates/`; do not edit.\n"]
    for intent in LABELS:
        parts.append(f"\n## {intent}\n")
        for language in LANGUAGE_NAMES:
            request = sample_request(kind, [intent], language)
            title = LANGUAGE_NAMES[language]
            if kind is DraftKind.IDENTITY_REQUEST and intent not in NEEDS_IDENTITY:
                # Never drafted by the pipeline; shown to prove the renderer falls back sensibly.
                request = replace(request, identity_pending=False)
                title += " (this request needs no identity check: the pipeline never drafts this kind for it)"
            parts.append("\n" + _entry(title, render_draft(request, SAMPLE_COMPANY)))
    return "".join(parts)


def special_page() -> str:
    parts = ["# Special cases\n\nGenerated by `python -m replies.gallery`; do not edit.\n"]
    for language, name in LANGUAGE_NAMES.items():
        parts.append(f"\n## {name}\n")
        for title, request in special_cases(language):
            parts.append("\n" + _entry(title, render_draft(request, SAMPLE_COMPANY)))
    return "".join(parts)


def index_page() -> str:
    rows = "\n".join(f"| [{kind}]({kind}.md) | {KIND_TITLES[kind]} |" for kind in DraftKind)
    return (
        "# The reply gallery\n\n"
        "Every kind of draft, for every intent, in English and French, rendered on sample tickets by\n"
        "`python -m replies.gallery` (a test fails when these pages are stale). The company facts are\n"
        "examples standing in for the `[company]` section of `config.toml`: with that section empty, the\n"
        "drafts that need a fact keep a `[[STAFF: ...]]` placeholder instead. Staff approve every draft.\n\n"
        "| kind | what it does |\n| --- | --- |\n"
        f"{rows}\n| [special cases](special_cases.md) | combined intents, representatives, register, delays |\n"
    )


def gallery_pages() -> dict[str, str]:
    """File name -> content, for the whole gallery."""
    pages = {f"{kind}.md": kind_page(kind) for kind in DraftKind}
    pages["special_cases.md"] = special_page()
    pages["README.md"] = index_page()
    return pages


def stale_pages(directory: Path | None = None) -> list[str]:
    """Pages missing, different or no longer generated in `directory` (default: docs/replies)."""
    directory = directory or GALLERY_DIR
    pages = gallery_pages()
    present = {path.name for path in directory.glob("*.md")} if directory.is_dir() else set()
    stale = [name for name, text in pages.items()
             if name not in present or (directory / name).read_text(encoding="utf-8") != text]
    return sorted(stale + sorted(present - set(pages)))


def write_gallery(directory: Path | None = None) -> None:
    directory = directory or GALLERY_DIR
    directory.mkdir(parents=True, exist_ok=True)
    pages = gallery_pages()
    for path in directory.glob("*.md"):
        if path.name not in pages:
            path.unlink()
    for name, text in pages.items():
        (directory / name).write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed gallery is stale")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_pages()
        if stale:
            print(f"docs/replies is stale ({', '.join(stale)}): run python -m replies.gallery", file=sys.stderr)
            return 1
        return 0
    write_gallery()
    print(f"wrote {len(gallery_pages())} pages to {GALLERY_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
