"""The yardstick: TF-IDF + logistic regression trained on the same data as the model.

Issue 12 asks every candidate to be compared with it: if the rules and models do not beat a plain
linear model on the same messages, they add nothing the data does not already give.
"""

from __future__ import annotations

from intents.types import LABELS, IntentResult


class TfidfBaseline:
    """TF-IDF + one-vs-rest logistic regression for the set, a multinomial one for the primary."""

    def __init__(self, rows: list[dict]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.preprocessing import MultiLabelBinarizer

        texts = [self.text(row.get("subject", ""), row["body"]) for row in rows]
        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        features = self.vectorizer.fit_transform(texts)
        self.binarizer = MultiLabelBinarizer(classes=list(LABELS))
        self.set_model = OneVsRestClassifier(LogisticRegression(max_iter=2000, C=10.0))
        self.set_model.fit(features, self.binarizer.fit_transform([row["intents"] for row in rows]))
        self.primary_model = LogisticRegression(max_iter=2000, C=10.0)
        self.primary_model.fit(features, [row["primary"] for row in rows])

    @staticmethod
    def text(subject: str, body: str) -> str:
        return f"{subject}\n\n{body}"

    def classify_many(self, items: list[tuple[str, str]]) -> list[IntentResult]:
        features = self.vectorizer.transform([self.text(s, b) for s, b in items])
        set_probs = self.set_model.predict_proba(features)
        primaries = self.primary_model.predict(features)
        results = []
        for probs, primary in zip(set_probs, primaries, strict=True):
            scores = dict(zip(LABELS, map(float, probs), strict=True))
            chosen = {label for label, p in scores.items() if p >= 0.5} | {primary}
            if "other" in chosen and len(chosen) > 1:
                chosen = {"other"} if primary == "other" else chosen - {"other"}
                primary = primary if primary in chosen else max(chosen, key=scores.__getitem__)
            results.append(IntentResult(intents=frozenset(chosen), primary=primary, language="", scores=scores))
        return results
