"""Compare NLU pipelines on the held-out utterances: quality, training, loading, speed, memory.

Run with `make bench-nlu` (or `python -m bench.nlu_compare [--extra DIR ...] [pipeline ...]`).
Each pipeline is trained from data/nlu with `rasa train nlu`, then loaded in a fresh process
that parses every held-out utterance of tests/nlu_data, and of each `--extra` directory of
<language>.yml files (a blind set kept outside the repository, e.g. /work/blind/v3/dev); the
table is printed in Markdown for docs/nlu.md, the errors of the blind sets on stderr.
Both pipelines share the rule-based scenario extractor, so slot scores differ only through
the tokenisation-independent rules, and the comparison is about the intent classifier.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from tests.nlu_evaluation import evaluation_files, load_file, score_intents, score_slots

ROOT = Path(__file__).resolve().parent.parent
FEATURES: list[dict[str, Any]] = [
    {"name": "WhitespaceTokenizer"},
    {"name": "RegexFeaturizer"},
    {"name": "LexicalSyntacticFeaturizer"},
    {"name": "CountVectorsFeaturizer", "analyzer": "word"},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
]
EXTRACTOR = {"name": "bot.nlu.scenario_entities.ScenarioEntityExtractor"}
LOGREG = {"name": "LogisticRegressionClassifier", "max_iter": 500}
SVM = {"name": "bot.nlu.intent_classifier.TfidfSvmIntentClassifier"}
PIPELINES: dict[str, list[dict[str, Any]]] = {
    "tfidf_svm": [SVM, EXTRACTOR],
    # config.yml's pipeline: the classifier, the FAQ selector (which picks no intent), the
    # rule-based readers and the fallback, so the figure is the server's.
    "chosen": yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"],
    "logreg": [*FEATURES, LOGREG, EXTRACTOR],
    "diet": [
        *FEATURES,
        {
            "name": "DIETClassifier",
            "epochs": 100,
            "entity_recognition": False,
            "constrain_similarities": True,
            "random_seed": 1,
        },
        EXTRACTOR,
    ],
    # The chosen classifier with the fallback below a confidence threshold, as in config.yml:
    # an nlu_fallback counts as an error here.
    **{
        f"logreg_fallback_{threshold}": [
            *FEATURES,
            LOGREG,
            EXTRACTOR,
            {"name": "FallbackClassifier", "threshold": threshold, "ambiguity_threshold": 0.0},
        ]
        for threshold in (0.2, 0.3)
    },
}


def train(name: str, pipeline: list[dict[str, Any]], workdir: Path) -> tuple[Path, float]:
    """Train one pipeline; return the model file and the wall-clock training time."""
    config = {"recipe": "default.v1", "language": "en", "pipeline": pipeline, "policies": []}
    config_path = workdir / f"{name}.yml"
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    started = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).with_name("rasa")),
            "train",
            "nlu",
            "--config",
            str(config_path),
            "--nlu",
            "data/nlu",
            "--out",
            str(workdir),
            "--fixed-model-name",
            name,
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        # No training cache: a cache hit would time a copy, not a training.
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "RASA_MAX_CACHE_SIZE": "0"},
    )
    return workdir / f"{name}.tar.gz", time.perf_counter() - started


def probe(model: Path, extra: list[Path]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.nlu_probe", str(model), *map(str, extra)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def print_intent_detail(
    pipeline: str,
    data_set: str,
    language: str,
    gold: list[Any],
    errors: list[tuple[str, str, str]],
) -> None:
    """Accuracy per intent and the confusion pairs of one blind set (stderr, for docs/nlu.md)."""
    totals = Counter(utterance.intent for utterance in gold)
    wrong = Counter(intent for _, intent, _ in errors)
    per_intent = ", ".join(
        f"{intent} {(totals[intent] - wrong[intent]) / totals[intent]:.2f}"
        for intent in sorted(totals)
    )
    pairs = Counter((intent, guess) for _, intent, guess in errors)
    confusions = ", ".join(f"{a} -> {b} x{n}" for (a, b), n in pairs.most_common())
    print(f"{pipeline} {data_set} {language}: {per_intent}", file=sys.stderr)
    print(f"{pipeline} {data_set} {language} confusions: {confusions or 'none'}", file=sys.stderr)
    for text, intent, guess in errors:
        print(f"    {intent} -> {guess}: {text}", file=sys.stderr)


def compare(
    pipelines: dict[str, list[dict[str, Any]]], extra: list[Path]
) -> list[dict[str, Any]]:
    """Train and probe each pipeline; one row of scores and costs per pipeline."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for pipeline, components in pipelines.items():
            model, train_s = train(pipeline, components, Path(tmp))
            measured = probe(model, extra)
            scores = {}
            for data_set, language, path in evaluation_files(extra):
                gold = load_file(path, language).utterances
                predicted = measured["predictions"][f"{data_set}_{language}"]
                intents = score_intents(gold, [p["intent"] for p in predicted])
                slots = score_slots([u.slots for u in gold], [p["slots"] for p in predicted])
                scores[(data_set, language)] = (
                    intents.accuracy,
                    intents.macro_f1,
                    slots.f1,
                    slots.recall,
                )
                if data_set not in ("heldout", "fresh", "volume"):
                    print_intent_detail(pipeline, data_set, language, gold, intents.errors)
            rows.append({"pipeline": pipeline, "train_s": train_s, "scores": scores, **measured})
            print(f"{pipeline}: trained in {train_s:.0f} s", file=sys.stderr)
    return rows


def print_tables(rows: list[dict[str, Any]]) -> None:
    """The quality table and the cost table, in Markdown."""
    print(
        "| pipeline | set | language | intent accuracy | intent macro-F1 | slot F1 | slots right |"
    )
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        for (data_set, language), values in row["scores"].items():
            accuracy, macro_f1, slot_f1, recall = values
            print(
                f"| {row['pipeline']} | {data_set} | {language} | {accuracy:.3f} | "
                f"{macro_f1:.3f} | {slot_f1:.3f} | {recall:.3f} |"
            )
    print()
    print(
        "| pipeline | training (s) | import rasa (s) | model load (s) | parse median (ms) | "
        "parse p95 (ms) | model memory (MiB) | process peak (MiB) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['pipeline']} | {row['train_s']:.1f} | {row['import_s']:.1f} | "
            f"{row['load_s']:.1f} | {row['parse_ms_median']:.1f} | {row['parse_ms_p95']:.1f} | "
            f"{row['rss_model_mib']:.0f} | {row['rss_total_mib']:.0f} |"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pipelines", nargs="*", metavar="PIPELINE", help=", ".join(PIPELINES))
    parser.add_argument("--extra", type=Path, action="append", default=[], metavar="DIR")
    arguments = parser.parse_args()
    unknown = set(arguments.pipelines) - set(PIPELINES)
    if unknown:
        parser.error(f"unknown pipelines: {', '.join(sorted(unknown))}")
    chosen = {name: PIPELINES[name] for name in arguments.pipelines or PIPELINES}
    print_tables(compare(chosen, arguments.extra))
