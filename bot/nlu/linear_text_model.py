"""A trained TF-IDF + linear SVM pipeline as plain arrays: one message scored in numpy, stored
without pickle.

The intent classifier and the FAQ selector are scikit-learn pipelines (TF-IDF vectorizers in a
`FeatureUnion`, then a `LinearSVC`), fitted at training time. Serving them as pipelines cost
most of the NLU's time: scikit-learn is built for batches, and for the single message of a chat
turn its checks (`check_is_fitted` on every step, the `idf_` property rebuilt from a sparse
diagonal on every call, sparse matrices built, validated and stacked) took about 6 of the 10 ms
a message spends in the NLU (docs/performance.md). The arithmetic itself is a handful of
n-grams times a few columns of the SVM's weights. `LinearTextModel` keeps, per vectorizer, its
vocabulary and idf weights, and the SVM's weights as a dense matrix (features x classes), and
computes the same margins directly: equal to the pipeline's `decision_function` to rounding
(tests/test_linear_text_model.py).

Stored as a `.npz` of arrays (read with `allow_pickle=False`) and a JSON file of the
vocabularies and settings, so loading runs no code from the file, as skops' format guaranteed
before, without importing skops (about 11 s of the model's load here, docs/performance.md).
The text is still split by scikit-learn's own analyzer, built from the stored settings, so
the n-grams are exactly the training ones.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

# What a vectorizer's analyzer is built from; anything else of its settings must be the
# defaults `margins` computes (checked by `from_pipeline`).
ANALYZER_SETTINGS = ("analyzer", "ngram_range", "token_pattern", "lowercase", "strip_accents")
SUPPORTED = {
    "norm": "l2",
    "use_idf": True,
    "binary": False,
    "preprocessor": None,
    "tokenizer": None,
    "stop_words": None,
}
ARRAYS_SUFFIX = ".npz"
SETTINGS_SUFFIX = ".json"


@dataclass(frozen=True)
class TextFeatures:
    """One TF-IDF vectorizer of the union: how it splits text, its vocabulary, idf and weight."""

    settings: dict[str, Any]  # ANALYZER_SETTINGS, plus sublinear_tf
    vocabulary: dict[str, int]  # term -> row of LinearTextModel.weights (offset included)
    idf: numpy.ndarray  # per term, in the order of its rows
    offset: int  # the first row of this vectorizer's terms
    weight: float  # the union's transformer weight

    analyze: Callable[[str], list[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        analyzer = {key: self.settings[key] for key in ANALYZER_SETTINGS}
        analyzer["ngram_range"] = tuple(analyzer["ngram_range"])
        object.__setattr__(self, "analyze", TfidfVectorizer(**analyzer).build_analyzer())

    def rows_and_values(self, text: str) -> tuple[numpy.ndarray, numpy.ndarray]:
        """The rows of the text's known terms and their TF-IDF values, L2-normalised, weighted.

        As `TfidfVectorizer.transform` computes them: counts, 1 + log(count) if sublinear,
        times idf, divided by the vector's Euclidean norm; then the union's weight.
        """
        counts = Counter(term for term in self.analyze(text) if term in self.vocabulary)
        if not counts:
            return numpy.empty(0, dtype=numpy.intp), numpy.empty(0)
        rows = numpy.fromiter(
            (self.vocabulary[term] for term in counts), dtype=numpy.intp, count=len(counts)
        )
        values = numpy.fromiter(counts.values(), dtype=numpy.float64, count=len(counts))
        if self.settings["sublinear_tf"]:
            values = numpy.log(values) + 1.0
        values *= self.idf[rows - self.offset]
        norm = math.sqrt(float(values @ values))
        return rows, values * (self.weight / norm)


@dataclass(frozen=True)
class LinearTextModel:
    """Margins of a linear SVM over a union of TF-IDF vectorizers, one message at a time."""

    features: tuple[TextFeatures, ...]
    weights: numpy.ndarray  # (all terms, classes)
    intercept: numpy.ndarray  # (classes,)
    classes: tuple[str, ...]

    @classmethod
    def from_pipeline(cls, pipeline: Pipeline) -> LinearTextModel:
        """The arrays of a fitted `make_pipeline(FeatureUnion(TfidfVectorizers), LinearSVC)`."""
        union, svm = pipeline[0], pipeline[-1]
        if len(pipeline) != 2 or not isinstance(union, FeatureUnion):
            raise ValueError("expected a FeatureUnion of TfidfVectorizers, then a linear model")
        union_weights = union.transformer_weights or {}
        features, offset = [], 0
        for name, vectorizer in union.transformer_list:
            params = vectorizer.get_params()
            unsupported = {
                key: params[key] for key, value in SUPPORTED.items() if params[key] != value
            }
            if not isinstance(vectorizer, TfidfVectorizer) or unsupported:
                raise ValueError(f"vectorizer {name!r} is not supported: {unsupported}")
            settings = {key: params[key] for key in ANALYZER_SETTINGS}
            settings["ngram_range"] = list(settings["ngram_range"])
            settings["sublinear_tf"] = bool(params["sublinear_tf"])
            vocabulary = {
                str(term): int(column) + offset for term, column in vectorizer.vocabulary_.items()
            }
            features.append(
                TextFeatures(
                    settings,
                    vocabulary,
                    numpy.asarray(vectorizer.idf_, dtype=numpy.float64),
                    offset,
                    float(union_weights.get(name, 1.0)),
                )
            )
            offset += len(vectorizer.vocabulary_)
        coef = numpy.asarray(svm.coef_, dtype=numpy.float64)
        intercept = numpy.asarray(svm.intercept_, dtype=numpy.float64)
        if coef.shape[0] == 1:  # two classes: scikit-learn keeps one column (the second's)
            coef, intercept = (
                numpy.vstack([-coef, coef]),
                numpy.concatenate([-intercept, intercept]),
            )
        return cls(
            tuple(features),
            numpy.ascontiguousarray(coef.T),
            intercept,
            tuple(str(label) for label in svm.classes_),
        )

    def margins(self, texts: Sequence[str]) -> numpy.ndarray:
        """The SVM's margin of every class for every text (rows: texts, columns: classes)."""
        found = numpy.tile(self.intercept, (len(texts), 1))
        for row, text in zip(found, texts, strict=True):
            for part in self.features:
                rows, values = part.rows_and_values(text)
                if len(rows):
                    row += values @ self.weights[rows]
        return found

    def save(self, path: Path) -> None:
        """Write `path`.npz (the arrays) and `path`.json (classes, settings, vocabularies)."""
        arrays = {"weights": self.weights, "intercept": self.intercept}
        arrays |= {f"idf_{index}": part.idf for index, part in enumerate(self.features)}
        numpy.savez(path.with_suffix(ARRAYS_SUFFIX), **arrays)
        described = {
            "classes": list(self.classes),
            "features": [
                {
                    "settings": part.settings,
                    "offset": part.offset,
                    "weight": part.weight,
                    "vocabulary": part.vocabulary,
                }
                for part in self.features
            ],
        }
        path.with_suffix(SETTINGS_SUFFIX).write_text(json.dumps(described), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LinearTextModel:
        """Read what `save` wrote; no pickle, so a model file can run no code.

        Raises ValueError (also for missing keys or arrays of the wrong shape) or
        FileNotFoundError.
        """
        described = json.loads(path.with_suffix(SETTINGS_SUFFIX).read_text(encoding="utf-8"))
        try:
            with numpy.load(path.with_suffix(ARRAYS_SUFFIX), allow_pickle=False) as arrays:
                weights, intercept = arrays["weights"], arrays["intercept"]
                features = tuple(
                    TextFeatures(
                        part["settings"],
                        part["vocabulary"],
                        arrays[f"idf_{index}"],
                        int(part["offset"]),
                        float(part["weight"]),
                    )
                    for index, part in enumerate(described["features"])
                )
            classes = tuple(str(label) for label in described["classes"])
        except KeyError as error:
            raise ValueError(f"incomplete model file: {error}") from error
        terms = sum(len(part.vocabulary) for part in features)
        if weights.shape != (terms, len(classes)) or intercept.shape != (len(classes),):
            raise ValueError(f"model arrays do not fit: {weights.shape}, {terms} terms")
        return cls(features, weights, intercept, classes)
