"""Which FAQ answer the assistant picks, per language: `make bench-faq`.

Two measurements (docs/nlu.md, "The FAQ"):

* ``python -m bench.faq_bench [--model MODEL] SET.yml ...``: parses every question of a FAQ
  set (YAML ``questions: [{text, language, topic}]``, ``topic`` the ``faq/`` suffix) with a
  trained model (models/assistant.tar.gz) and prints, per language, the share of questions
  whose selected answer is the topic's, and the share the visitor gets (intent `faq` *and*
  the right answer; else another intent or the fallback answered); each miss on stderr;
* ``python -m bench.faq_bench --cross-validate 5``: Rasa's ``ResponseSelector`` (config.yml's
  features, as before issue 11) against the TF-IDF SVM selector (bot/nlu/faq_selector.py) on
  the ``faq/*`` training examples, in stratified folds (by language and answer); every other
  training example stays in each fold's training data.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.nlu_compare import FEATURES
from bot.names import FAQ

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fr", "nl", "en")
PIPELINES: dict[str, list[dict[str, Any]]] = {
    "ResponseSelector": [
        *FEATURES,
        {"name": "ResponseSelector", "retrieval_intent": FAQ, "epochs": 60, "random_seed": 1},
    ],
    "TfidfSvmResponseSelector": [
        {"name": "bot.nlu.faq_selector.TfidfSvmResponseSelector", "retrieval_intent": FAQ}
    ],
}


@dataclass(frozen=True)
class Question:
    text: str
    language: str
    topic: str  # the faq/ suffix: "startup_time"


def load_questions(path: Path) -> list[Question]:
    """A FAQ set: `questions: [{text, language, topic}]`."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Question(q["text"], q["language"], q["topic"]) for q in document["questions"]]


def selected(parse: dict[str, Any]) -> str | None:
    """The answer's topic that the FAQ selector put in a parse result (None: no selector)."""
    prediction = parse.get("response_selector", {}).get(FAQ, {}).get("response", {})
    key = prediction.get("intent_response_key")
    return key.split("/", 1)[1] if key else None


def parse_all(model: Path, texts: list[str]) -> list[dict[str, Any]]:
    """Parse results of a trained model (NLU only; no tracker, no dialogue)."""
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # not every parse result on stdout
    agent = Agent.load(str(model))

    async def parse() -> list[dict[str, Any]]:
        return [await agent.parse_message(text) for text in texts]

    return asyncio.run(parse())


def table(questions: list[Question], parses: list[dict[str, Any]], title: str) -> str:
    """Per language: questions, right answer selected, right answer given (intent `faq` too)."""
    right: Counter[str] = Counter()
    given: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    for question, parse in zip(questions, parses, strict=True):
        asked[question.language] += 1
        intent = parse.get("intent", {}).get("name")
        if selected(parse) == question.topic:
            right[question.language] += 1
            given[question.language] += intent == FAQ
        if selected(parse) != question.topic or intent != FAQ:
            print(
                f"{title}: {question.language} {question.topic!r} -> {selected(parse)!r}"
                f" (intent {intent}): {question.text}",
                file=sys.stderr,
            )
    lines = [
        f"### {title}",
        "",
        "| language | questions | right answer selected | right answer given (intent faq) |",
        "|---|---|---|---|",
    ]
    for language in [lang for lang in LANGUAGES if asked[lang]]:
        n = asked[language]
        lines.append(
            f"| {language} | {n} | {right[language] / n:.3f} ({right[language]}) "
            f"| {given[language] / n:.3f} ({given[language]}) |"
        )
    return "\n".join(lines)


def faq_examples() -> list[tuple[Question, Any]]:
    """The `faq/*` training examples of data/nlu/<language>.yml, as questions."""
    from rasa.shared.nlu.training_data.loading import load_data

    found = []
    for language in LANGUAGES:
        for example in load_data(str(ROOT / "data" / "nlu" / f"{language}.yml")).intent_examples:
            if example.get("intent") == FAQ:
                topic = example.get("intent_response_key").split("/", 1)[1]
                found.append((Question(example.get("text"), language, topic), example))
    return found


def cross_validate(folds: int, seed: int) -> Iterable[str]:
    """Train each pipeline on all NLU data minus one fold of the FAQ examples; score the fold."""
    os.environ.setdefault("RASA_MAX_CACHE_SIZE", "0")  # every fold is new data: no cache
    from rasa.model_training import train_nlu
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from sklearn.model_selection import StratifiedKFold

    examples = faq_examples()
    others = [
        example
        for language in LANGUAGES
        for example in load_data(str(ROOT / "data" / "nlu" / f"{language}.yml")).training_examples
        if example.get("intent") != FAQ
    ]
    strata = [f"{q.language}/{q.topic}" for q, _ in examples]
    splits = StratifiedKFold(folds, shuffle=True, random_state=seed).split(strata, strata)
    parses: dict[str, dict[int, dict[str, Any]]] = {name: {} for name in PIPELINES}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for fold, (train_rows, test_rows) in enumerate(splits):
            data = work / f"fold{fold}.yml"
            fold_data = TrainingData([*others, *(examples[i][1] for i in train_rows)])
            data.write_text(fold_data.nlu_as_yaml(), encoding="utf-8")
            for name, pipeline in PIPELINES.items():
                config = work / f"{name}.yml"
                config.write_text(
                    yaml.safe_dump(
                        {"recipe": "default.v1", "language": "en", "pipeline": pipeline,
                         "policies": []}
                    ),
                    encoding="utf-8",
                )
                model = train_nlu(
                    str(config), str(data), str(work / "models"), fixed_model_name=f"{name}{fold}",
                    domain=str(ROOT / "domain.yml"),
                )
                assert model is not None, f"training {name} failed"
                fold_parses = parse_all(Path(model), [examples[i][0].text for i in test_rows])
                for row, parse in zip(test_rows, fold_parses, strict=True):
                    parses[name][row] = {**parse, "intent": {"name": FAQ}}
    questions = [question for question, _ in examples]
    for name in PIPELINES:
        in_order = [parses[name][row] for row in range(len(examples))]
        yield table(questions, in_order, f"{name}, {folds}-fold cross-validation")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", type=Path, help="FAQ sets (text, language, topic)")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "assistant.tar.gz")
    parser.add_argument("--cross-validate", type=int, metavar="FOLDS", default=0)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    if arguments.cross_validate:
        for text in cross_validate(arguments.cross_validate, arguments.seed):
            print(text, end="\n\n", flush=True)
    for path in arguments.sets:
        questions = load_questions(path)
        parses = parse_all(arguments.model, [question.text for question in questions])
        print(table(questions, parses, f"{path} with {arguments.model.name}"), end="\n\n")


if __name__ == "__main__":
    main()
