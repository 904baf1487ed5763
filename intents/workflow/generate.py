"""Write the generated training set, `generated.jsonl`, from the hand-written fragments.

Why generate: a real privacy inbox mixes tones (polite, angry, terse, legal), lengths, typos,
several requests in one mail, negations ("don't delete my account, just stop the emails"),
reminders that turn a request into a complaint, and mail that is not about privacy at all.
Assembling fragments gives the model that variety in thousands of messages; the fixed seed
makes the file, and so the model, reproducible.

Run: `python -m intents.workflow generate` (rewrites intents/data/generated.jsonl).
"""

from __future__ import annotations

import json
import random
import unicodedata
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from intents.workflow.phrases import families_en, families_fr, phrases_en, phrases_fr

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
OUTPUT = DATA_DIR / "generated.jsonl"
SEED = 20240601
PER_LANGUAGE = 5000

PHRASES: dict[str, ModuleType] = {"en": phrases_en, "fr": phrases_fr}
# Whole-message families per language, drawn after the fragments with a random stream of their own,
# so adding a family leaves every other training message (and the other language's model) unchanged.
FAMILIES: dict[str, ModuleType] = {"en": families_en, "fr": families_fr}
PER_FAMILY = 40
# Families a bag of words needs more of to outweigh a strong word: a reply's subject naming a right, a
# question naming the request it asks how to make.
FAMILY_WEIGHT = {"question_reply": 3, "identity_reply": 2, "question_procedure": 2}
ACTIONS = ("access", "deletion", "opt_out", "rectification", "portability", "objection")
# The GDPR article a formal letter cites for each request.
ARTICLES = {"access": "15", "deletion": "17", "opt_out": "21", "rectification": "16", "portability": "20",
            "objection": "21"}
# Of two requests, which one the reply answers first when the writer does not say (TAXONOMY.md):
# erasure is the stronger right than unsubscribing or a copy.
STRONGER = {frozenset({"deletion", "opt_out"}): "deletion", frozenset({"deletion", "access"}): "deletion"}


def lines(block: str) -> list[str]:
    return [line.strip() for line in block.strip().splitlines() if line.strip()]


class Writer:
    """Assembles messages in one language from that language's fragments."""

    def __init__(self, lang: str, rng: random.Random) -> None:
        self.lang = lang
        self.rng = rng
        self.p = PHRASES[lang]
        self.requests = {label: lines(block) for label, block in self.p.REQUESTS.items()}

    # -- slots -------------------------------------------------------------------------------
    def fill(self, text: str) -> str:
        r = self.rng
        first, last = r.choice(self.p.FIRST_NAMES), r.choice(self.p.LAST_NAMES)
        slots = {
            "co": r.choice(["SODEPAC", "SODEPAC INTERNATIONAL", "your company", "Sodepac"]
                           if self.lang == "en" else ["SODEPAC", "SODEPAC INTERNATIONAL", "votre société", "Sodepac"]),
            "date": r.choice(["3 March", "12/01/2024", "last month", "15 June 2024", "January", "2 septembre",
                              "le mois dernier" if self.lang == "fr" else "two months ago"]),
            "email": f"{first.lower()}.{last.lower()}@example.{r.choice(['com', 'fr', 'net', 'org'])}",
            "partner": r.choice(self.p.COMPANIES),
            "acct": f"{r.choice(['C', 'CL-', 'SOD-', ''])}{r.randint(10000, 999999)}",
            "person": f"{r.choice(self.p.FIRST_NAMES)} {r.choice(self.p.LAST_NAMES)}",
            "addr": r.choice(self.p.ADDRESSES),
            "art": r.choice(["15", "17", "21", "16"]),
        }
        for key, value in slots.items():
            text = text.replace("{" + key + "}", value)
        return text

    def identity_block(self) -> str:
        """The sender's details as letters give them: header lines or a labelled list."""
        r = self.rng
        name = f"{r.choice(self.p.FIRST_NAMES)} {r.choice(self.p.LAST_NAMES)}"
        email = self.fill("{email}")
        phone = r.choice(["07700 900", "+44 20 7946 0", "06 12 34 5", "+33 3 20 55 "]) + str(r.randint(100, 999))
        account = self.fill("{acct}")
        birth = f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{r.randint(1950, 2002)}"
        if self.lang == "fr":
            labels = ["Nom", "Adresse", "Téléphone", "E-mail", "Numéro client", "Date de naissance"]
        else:
            labels = ["Name", "Address", "Phone", "Email", "Customer number", "Date of birth"]
        values = [name, r.choice(self.p.ADDRESSES), phone, email, account, birth]
        chosen = sorted(r.sample(range(6), r.randint(2, 6)))
        if r.random() < 0.5:
            return "\n".join(values[i] for i in chosen)
        return "\n".join(f"{labels[i]} : {values[i]}" if self.lang == "fr" else f"{labels[i]}: {values[i]}"
                         for i in chosen)

    def pick(self, options: list[str]) -> str:
        return self.fill(self.rng.choice(options))

    def request(self, label: str) -> str:
        return self.pick(self.requests[label])

    # -- frame -------------------------------------------------------------------------------
    def signature(self) -> str:
        r = self.rng
        name = f"{r.choice(self.p.FIRST_NAMES)} {r.choice(self.p.LAST_NAMES)}"
        roll = r.random()
        if roll < 0.25:
            return ""
        if roll < 0.45:
            return name.split()[0]
        if roll < 0.6:
            title, company = r.choice(self.p.TITLES), r.choice(self.p.COMPANIES)
            return "\n".join(part for part in (name, title, company) if part)
        return name

    def frame(self, sentences: list[str], *, greet: float = 0.7, close: float = 0.7, sign: bool = True,
              one_paragraph: bool | None = None) -> str:
        r = self.rng
        parts = []
        if r.random() < 0.25:
            parts.append(self.pick(self.p.CONTEXT))
        parts.extend(sentences)
        if one_paragraph is None:
            one_paragraph = r.random() < 0.45
        body = " ".join(parts) if one_paragraph else "\n\n".join(parts)
        head = r.choice(self.p.GREETINGS) if r.random() < greet else ""
        tail = r.choice(self.p.CLOSINGS) if r.random() < close else ""
        signature = self.signature() if sign else ""
        blocks = [b for b in (head, body, "\n".join(x for x in (tail, signature) if x)) if b]
        text = ("\n\n" if not one_paragraph else "\n").join(blocks)
        if r.random() < 0.08:
            text += "\n\n" + self.pick(self.p.DISCLAIMERS)
        return text

    def subject(self, primary: str) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.55:
            subject = r.choice(self.p.SUBJECTS[primary])
        elif roll < 0.8:
            subject = r.choice(self.p.GENERIC_SUBJECTS)
            if "Newsletter" in subject or "Lettre" in subject:
                subject = "" if primary not in ("opt_out", "deletion", "complaint") else subject
        else:
            subject = ""
        if subject and r.random() < 0.15:
            subject = r.choice(["Re: ", "RE: ", "Fwd: ", "TR: "]) + subject
        if subject and r.random() < 0.1:
            subject = subject.upper()
        return subject

    # -- message kinds -----------------------------------------------------------------------
    def single(self, label: str) -> tuple[str, str, set[str], str]:
        r = self.rng
        sentences = []
        if r.random() < 0.1:
            sentences.append(self.pick(self.p.BEHALF))
        sentences.append(self.request(label))
        if r.random() < 0.3:
            sentences.append(self.request(label))
        if label in ACTIONS and r.random() < 0.2:
            sentences.append(self.pick(self.p.IDENTIFY))
        if label != "rectification" and r.random() < 0.15:
            sentences.append(self.identity_block())
        return self.subject(label), self.frame(sentences), {label}, label

    def terse(self, label: str) -> tuple[str, str, set[str], str]:
        r = self.rng
        text = self.request(label)
        if r.random() < 0.5:
            text = text.lower().rstrip(".")
        subject = self.subject(label) if r.random() < 0.6 else ""
        if r.random() < 0.25:  # the subject says it all, the body is a word or two
            subject, text = text, r.choice(["", "thanks", "merci", "please", "svp", "?"])
        return subject, text, {label}, label

    def terse_line(self) -> tuple[str, str, set[str], str]:
        """A one-liner from the TERSE list, sometimes in the subject with an empty body."""
        text, labels, primary = self.rng.choice(self.p.TERSE).split("|")
        text = self.fill(text)
        if self.rng.random() < 0.3:
            text = text.capitalize()
        if self.rng.random() < 0.3:
            return text, "", set(labels.split(",")), primary
        return ("" if self.rng.random() < 0.7 else self.subject(primary)), text, set(labels.split(",")), primary

    def multi(self, labels: list[str], primary: str) -> tuple[str, str, set[str], str]:
        r = self.rng
        order = [primary] + [x for x in labels if x != primary]
        stronger = STRONGER.get(frozenset(labels))
        if stronger and r.random() < 0.5:
            order.reverse()  # "unsubscribe me and delete everything": deletion still comes first
        sentences = [self.request(label) for label in order]
        if r.random() < 0.5 and len(sentences) == 2:
            joiner = {"en": [" Also, ", " And ", " In addition, ", " Finally, ", "\n\nWhile I'm at it: ",
                             "\n\nOne more thing: ", " Second, ", "\n\nSeparately, "],
                      "fr": [" Par ailleurs, ", " Et ", " De plus, ", " Enfin, ", "\n\nAu passage, ",
                             "\n\nAutre chose : ", " Ensuite, ", "\n\nPar ailleurs, "]}[self.lang]
            second = sentences[1]
            sentences = [sentences[0] + r.choice(joiner) + second[0].lower() + second[1:]]
        return self.subject(primary), self.frame(sentences), set(labels), primary

    def negated(self, negated: str, wanted: str) -> tuple[str, str, set[str], str]:
        r = self.rng
        first = self.pick(lines(self.p.NEGATED[negated]))
        if wanted in self.p.AFTER_CONTRAST and r.random() < 0.65:
            sentence = first + r.choice(self.p.CONTRASTS) + self.pick(lines(self.p.AFTER_CONTRAST[wanted])) + "."
        else:
            sentence = first + ". " + self.request(wanted)
        if r.random() < 0.3:
            sentence = sentence.lower()
        return self.subject(wanted), self.frame([sentence]), {wanted}, wanted

    def reminder(self, request: str) -> tuple[str, str, set[str], str]:
        r = self.rng
        sentences = [self.pick(lines(self.p.REMINDERS[request]))]
        if r.random() < 0.4:
            sentences.append(self.request(request))
        if r.random() < 0.3:
            sentences.append(r.choice(self.p.ANGRY_ADDONS))
        if r.random() < 0.3:
            sentences.append(self.request("complaint"))
        text = self.frame(sentences)
        if r.random() < 0.1:
            text = text.upper()
        return self.subject(r.choice(["complaint", request])), text, {"complaint", request}, "complaint"

    def complaint_with(self, request: str, *, first: bool = True) -> tuple[str, str, set[str], str]:
        sentences = [self.request("complaint"), self.request(request)]
        if not first:  # the request first, the complaint after: still answered as a complaint
            sentences.reverse()
        if self.rng.random() < 0.4:
            sentences.append(self.rng.choice(self.p.ANGRY_ADDONS))
        return self.subject("complaint"), self.frame(sentences), {"complaint", request}, "complaint"

    def follow_up(self, request: str) -> tuple[str, str, set[str], str]:
        return (self.subject(request), self.frame([self.pick(lines(self.p.FOLLOW_UPS[request]))]),
                {request}, request)

    def formal(self, labels: list[str], primary: str) -> tuple[str, str, set[str], str]:
        r = self.rng
        paragraphs = []
        if r.random() < 0.6:
            paragraphs.append(self.identity_block())
        if r.random() < 0.2:
            paragraphs.append(self.pick(self.p.BEHALF))
        if "complaint" in labels:
            paragraphs.append(self.pick(self.p.FORMAL_COMPLAINTS))
        opening = self.rng.choice(self.p.FORMAL_OPENINGS)
        first_action = next((x for x in labels if x != "complaint"), primary)
        paragraphs.append(opening.replace("{art}", ARTICLES.get(first_action, "15")))
        for label in labels:
            if label == "complaint":
                continue
            paragraphs.append(self.pick(self.p.FORMAL_BODIES[label]))
        if r.random() < 0.5:
            paragraphs.append(self.pick(self.p.IDENTIFY))
        if r.random() < 0.4:
            paragraphs.append(self.identity_block())
        for _ in range(r.choice([0, 1, 2, 2])):
            paragraphs.insert(r.randint(0, len(paragraphs)), self.pick(self.p.FORMAL_BOILERPLATE))
        if r.random() < 0.7:
            paragraphs.append(self.pick(self.p.FORMAL_DEADLINES))
        if "complaint" not in labels and r.random() < 0.5:
            paragraphs.append(self.pick(self.p.WARNINGS))  # a conditional warning is not a complaint
        paragraphs.append(r.choice(self.p.FORMAL_CLOSINGS))
        body = "\n\n".join(paragraphs)
        if r.random() < 0.5:
            body = r.choice(self.p.GREETINGS) + "\n\n" + body
        return self.subject(primary), body, set(labels), primary

    def other(self) -> tuple[str, str, set[str], str]:
        r = self.rng
        roll = r.random()
        if roll < 0.45:
            sentences = [self.request("other")]
            if r.random() < 0.3:
                sentences.append(self.request("other"))
            body = self.frame(sentences)
        elif roll < 0.8:
            body = self.frame([self.pick(self.p.OTHER_FULL)], greet=0.4, close=0.5)
        else:  # a newsletter or notification forwarded or bounced to the privacy address
            body = self.pick(self.p.OTHER_FULL) + "\n\n" + self.pick(self.p.NEWSLETTER_FOOTERS)
        if r.random() < 0.3:
            body += "\n\n" + self.pick(self.p.DISCLAIMERS)
        return self.subject("other"), body, {"other"}, "other"

    def with_footer(self, label: str) -> tuple[str, str, set[str], str]:
        """A request above a forwarded newsletter whose footer says 'unsubscribe'."""
        subject, body, labels, primary = self.single(label)
        footer = self.pick(self.p.NEWSLETTER_FOOTERS)
        return subject, body + "\n\n" + footer, labels, primary


# -- noise ---------------------------------------------------------------------------------------
def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def typos(text: str, rng: random.Random, rate: float = 0.04) -> str:
    """Drop, double or swap a letter in a few words, as hurried writers do."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) > 3 and rng.random() < rate:
            j = rng.randrange(1, len(word) - 1)
            kind = rng.random()
            if kind < 0.4:
                word = word[:j] + word[j + 1:]
            elif kind < 0.7:
                word = word[:j] + word[j] + word[j:]
            else:
                word = word[:j - 1] + word[j] + word[j - 1] + word[j + 1:]
            words[i] = word
    return " ".join(words)


def add_noise(row: dict, rng: random.Random) -> dict:
    body = row["body"]
    if row["lang"] == "fr" and rng.random() < 0.2:
        body, row["subject"] = strip_accents(body), strip_accents(row["subject"])
    if rng.random() < 0.15:
        body = typos(body, rng)
    if rng.random() < 0.07:
        body = body.lower()
    row["body"] = body
    return row


# -- recipes -------------------------------------------------------------------------------------
def recipes(w: Writer) -> list[tuple[float, Callable[[], tuple[str, str, set[str], str]]]]:
    r = w.rng
    pairs = [("deletion", "opt_out"), ("access", "deletion"), ("opt_out", "objection"), ("objection", "opt_out"),
             ("portability", "deletion"), ("access", "portability"), ("portability", "access"),
             ("deletion", "objection"), ("objection", "deletion"), ("rectification", "opt_out"),
             ("opt_out", "rectification"), ("access", "rectification"), ("rectification", "access"),
             ("deletion", "portability"), ("access", "objection"), ("objection", "access"), ("opt_out", "access"),
             ("access", "opt_out"), ("deletion", "rectification"), ("rectification", "objection")]

    def pair() -> tuple[str, str, set[str], str]:
        a, b = r.choice(pairs)
        primary = STRONGER.get(frozenset((a, b)), a)
        return w.multi([a, b], primary)

    def triple() -> tuple[str, str, set[str], str]:
        labels = r.choice([["deletion", "opt_out", "objection"], ["access", "deletion", "opt_out"],
                           ["access", "portability", "deletion"]])
        return w.multi(labels, labels[0] if labels[0] != "access" else "deletion")

    def negation() -> tuple[str, str, set[str], str]:
        negated = r.choice(list(w.p.NEGATED))
        wanted = r.choice([x for x in ("opt_out", "rectification", "access", "objection", "question", "deletion")
                           if x != negated])
        return w.negated(negated, wanted)

    def formal() -> tuple[str, str, set[str], str]:
        roll = r.random()
        if roll < 0.6:
            label = r.choice(["access", "access", "deletion", "deletion", "opt_out", "rectification",
                              "portability", "objection"])
            return w.formal([label], label)
        if roll < 0.8:
            label = r.choice(["access", "deletion", "opt_out", "rectification"])
            return w.formal(["complaint", label], "complaint")
        a, b = r.choice([("deletion", "objection"), ("access", "portability"), ("opt_out", "deletion"),
                         ("deletion", "opt_out"), ("access", "deletion"), ("objection", "deletion"),
                         ("access", "objection"), ("access", "rectification")])
        return w.formal([a, b], STRONGER.get(frozenset((a, b)), a))

    every = ("access", "deletion", "opt_out", "complaint", "rectification", "portability", "objection",
             "question")
    return [
        (24, lambda: w.single(r.choice(every))),
        (9, lambda: w.terse(r.choice(every))),
        (5, w.terse_line),
        (10, w.other),
        (9, pair),
        (2, triple),
        (8, negation),
        (7, lambda: w.reminder(r.choice(list(w.p.REMINDERS)))),
        (4, lambda: w.complaint_with(r.choice(["deletion", "opt_out", "access", "objection", "rectification"]))),
        (2, lambda: w.complaint_with(r.choice(["deletion", "opt_out", "access", "objection"]), first=False)),
        (2, lambda: w.follow_up(r.choice(list(w.p.FOLLOW_UPS)))),
        (16, formal),
        (3, lambda: w.with_footer(r.choice(["opt_out", "deletion", "access", "question"]))),
    ]


def family_rows(lang: str, seed: int = SEED, per_family: int = PER_FAMILY) -> list[dict]:
    """Messages from the whole-message families of `lang` (families_en.py, families_fr.py), framed and noised."""
    module = FAMILIES.get(lang)
    if module is None:
        return []
    rng = random.Random(f"{seed}-{lang}-families")
    writer = Writer(lang, rng)
    rows, seen = [], set()
    for name, (subjects, block, intents, primary) in module.FAMILIES.items():
        bodies = lines(block)
        for _ in range(per_family * 3 * FAMILY_WEIGHT.get(name, 1)):
            if sum(1 for row in rows if row["family"] == name) >= per_family * FAMILY_WEIGHT.get(name, 1):
                break
            request = rng.choice(sorted(module.REQUEST_SUBJECTS))
            subject = rng.choice(subjects).replace("{subject}", rng.choice(module.REQUEST_SUBJECTS[request]))
            body = writer.frame([writer.pick(bodies)], greet=0.5, close=0.5)
            labels = sorted(label.replace("{request}", request) for label in intents)
            row = add_noise({"lang": lang, "subject": writer.fill(subject), "body": body, "intents": labels,
                             "primary": primary.replace("{request}", request), "family": name}, rng)
            if (row["subject"], row["body"]) not in seen:
                seen.add((row["subject"], row["body"]))
                rows.append(row)
    for row in rows:
        del row["family"]
    return rows


def generate(seed: int = SEED, per_language: int = PER_LANGUAGE) -> list[dict]:
    rows = []
    for lang in ("en", "fr"):
        rng = random.Random(f"{seed}-{lang}")
        writer = Writer(lang, rng)
        table = recipes(writer)
        weights = [weight for weight, _ in table]
        makers = [maker for _, maker in table]
        seen: set[tuple[str, str]] = set()
        count = 0
        while count < per_language:
            subject, body, labels, primary = rng.choices(makers, weights)[0]()
            row = add_noise({"lang": lang, "subject": subject, "body": body,
                             "intents": sorted(labels), "primary": primary}, rng)
            key = (row["subject"], row["body"])
            if key not in seen:
                seen.add(key)
                rows.append(row)
                count += 1
        rows.extend(family_rows(lang, seed))
    return rows


def main() -> None:
    rows = generate()
    with OUTPUT.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} messages to {OUTPUT}")


if __name__ == "__main__":
    main()
