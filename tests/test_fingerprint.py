"""The model fingerprint (scripts/runtools.py): retrain when, and only when, an input changed.

Inputs are Rasa's files (config, domain, data) and the project code that training runs: the
components config.yml names and what they import. Test and benchmark code, replies and other
product code are not inputs.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
COPIED = (
    "config.yml", "domain.yml", "data", "pyproject.toml", "bot", "actions",
    "tests/nlu_evaluation.py",
)  # fmt: skip


def load_runtools() -> ModuleType:
    spec = importlib.util.spec_from_file_location("runtools", ROOT / "scripts" / "runtools.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


runtools = load_runtools()


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the files that could matter to training."""
    for name in COPIED:
        source, target = ROOT / name, tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    return tmp_path


def append(path: str, line: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        with (root / path).open("a", encoding="utf-8") as handle:
            handle.write(line)

    return change


@pytest.mark.parametrize(
    "change",
    [
        append("config.yml", "# a comment\n"),
        append("data/nlu/fr.yml", "\n"),
        append("bot/nlu/no_words.py", "# a pipeline component\n"),
        append("bot/extraction/numbers.py", "# imported by a pipeline component\n"),
        append("bot/nlu/__init__.py", "# run by every import of bot.nlu\n"),
        append("bot/pricing/rate_card.yml", "# packaged with an imported package\n"),
    ],
    ids=["config", "data", "component", "imported", "package init", "package data"],
)
def test_an_input_of_training_changes_the_fingerprint(
    project: Path, change: Callable[[Path], None]
) -> None:
    before = runtools.fingerprint(project)
    change(project)
    assert runtools.fingerprint(project) != before


@pytest.mark.parametrize(
    "change",
    [
        append("tests/nlu_evaluation.py", "# an evaluation helper\n"),
        append("bot/messages.yml", "# a reply text\n"),
        append("actions/__init__.py", "# the dialogue's code\n"),
    ],
    ids=["evaluation helper", "reply text", "actions"],
)
def test_what_training_does_not_read_leaves_the_fingerprint(
    project: Path, change: Callable[[Path], None]
) -> None:
    before = runtools.fingerprint(project)
    change(project)
    assert runtools.fingerprint(project) == before


def test_the_components_of_config_yml_are_found_with_their_imports() -> None:
    sources = {path.relative_to(ROOT).as_posix() for path in runtools.component_sources(ROOT)}
    assert {"bot/nlu/scenario_entities.py", "bot/extraction/scenario.py"} <= sources
    assert not any(name.startswith(("tests/", "bench/", "actions/")) for name in sources)
