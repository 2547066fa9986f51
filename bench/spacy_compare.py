"""Does spaCy 3.4 do a job better than today's code? The tokenisation feeding the intent model.

Run with `make bench-spacy` (all candidates: half an hour on a loaded 2-core machine) or
``python -m bench.spacy_compare whitespace spacy_blank_fr`` (figures and decision in
docs/nlu.md). No pretrained
spaCy 3.4 pipeline can be installed here (PITFALLS), so what spaCy offers offline is its blank
language pipelines: rule-based, language-specific tokenisers (French ``l'`` and ``c'`` split
off, ``24/7`` and ``12.000`` kept whole). This bench:

1. trains the chosen pipeline (config.yml: WhitespaceTokenizer, count vectors, logistic
   regression, the scenario extractor) and the same pipeline with Rasa's ``SpacyNLP`` +
   ``SpacyTokenizer`` on a blank French, Dutch, English or multi-language (``xx``) spaCy
   pipeline, saved as a directory in a temporary folder (offline, nothing downloaded);
2. scores every model on the held-out and blind sets of tests/nlu_data (intent accuracy,
   macro-F1, scenario parameters) and times loading and parsing, through bench/nlu_compare.py;
3. times the tokenisers alone on every held-out utterance, in this process, next to the whole
   rule-based readings that a spaCy ``Matcher`` / ``PhraseMatcher`` would replace (the cost
   items, the scenario parameters): a matcher needs a tokenised ``Doc`` first, so when the
   tokeniser alone is slower than today's whole reading, spaCy cannot win there on speed, and
   with the same vocabulary it cannot find more.

The rule-based scenario extractor reads the text itself, so the parameter columns can differ
only through the intent (parameters count only under scenario intents).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.nlu_compare import EXTRACTOR, FEATURES, LOGREG, compare, print_tables
from tests.nlu_evaluation import EVALUATION_SETS, load_heldout

BLANK_LANGUAGES = ("fr", "nl", "en", "xx")


def blank_pipeline(language: str, directory: Path) -> Path:
    """A blank spaCy pipeline (tokeniser only) saved as a directory SpacyNLP can load."""
    import spacy

    path = directory / f"blank_{language}"
    spacy.blank(language).to_disk(path)
    return path


def pipelines(directory: Path) -> dict[str, list[dict[str, Any]]]:
    """The chosen pipeline, and the same with spaCy's tokeniser for each blank language."""
    _whitespace, *featurizers = FEATURES
    candidates = {"whitespace": [*FEATURES, LOGREG, EXTRACTOR]}
    for language in BLANK_LANGUAGES:
        candidates[f"spacy_blank_{language}"] = [
            {"name": "SpacyNLP", "model": str(blank_pipeline(language, directory))},
            {"name": "SpacyTokenizer"},
            *featurizers,
            LOGREG,
            EXTRACTOR,
        ]
    return candidates


def texts() -> list[str]:
    """Every utterance of the held-out and blind sets."""
    return [
        utterance.text
        for name, language in EVALUATION_SETS
        for utterance in load_heldout(language, name).utterances
    ]


def median_us(work: Callable[[str], Any], corpus: list[str], rounds: int = 5) -> float:
    """Median over `rounds` of the mean time per utterance, in microseconds."""
    means = []
    for _ in range(rounds):
        started = time.perf_counter()
        for text in corpus:
            work(text)
        means.append((time.perf_counter() - started) / len(corpus) * 1e6)
    return statistics.median(means)


def tokeniser_speeds() -> list[tuple[str, float, float | None]]:
    """(work, median µs per utterance, tokens per utterance) on the held-out texts."""
    import spacy
    from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.message import Message

    from bot.extraction.scenario import extract
    from bot.extraction.topics import cost_items

    corpus = texts()
    whitespace = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())

    def rasa_whitespace(text: str) -> list[Any]:
        return whitespace.tokenize(Message({TEXT: text}), TEXT)

    rows: list[tuple[str, float, float | None]] = [
        (
            "today: cost items (bot.extraction.topics.cost_items)",
            median_us(cost_items, corpus),
            None,
        ),
        (
            "today: scenario parameters (bot.extraction.scenario.extract)",
            median_us(extract, corpus),
            None,
        ),
        (
            "Rasa WhitespaceTokenizer",
            median_us(rasa_whitespace, corpus),
            statistics.mean(len(rasa_whitespace(text)) for text in corpus),
        ),
    ]
    for language in BLANK_LANGUAGES:
        tokenizer = spacy.blank(language).tokenizer
        rows.append(
            (
                f"spaCy blank {language}",
                median_us(tokenizer, corpus),
                statistics.mean(len(tokenizer(text)) for text in corpus),
            )
        )
    return rows


def main(names: list[str]) -> None:
    """Time the tokenisers, then train and score the pipelines `names` (default: all)."""
    print("| work | median µs per utterance | tokens per utterance |")
    print("|---|---|---|")
    for name, micros, tokens in tokeniser_speeds():
        print(f"| {name} | {micros:.1f} | {'' if tokens is None else f'{tokens:.1f}'} |")
    print(f"\n{len(texts())} utterances; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    sys.stdout.flush()
    with tempfile.TemporaryDirectory() as tmp:
        candidates = pipelines(Path(tmp))
        rows = compare({name: candidates[name] for name in names or candidates})
    print_tables(rows)


if __name__ == "__main__":
    main(sys.argv[1:])
