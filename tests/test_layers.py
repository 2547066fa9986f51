"""The layout shows the architecture (docs/architecture.md): no import runs back up the flow.

channels -> NLU components (bot/nlu) -> dialogue (actions) -> core (bot/pricing, bot/leads,
texts) -> stores. Each package below may import only the packages listed for it; a new edge
is a design decision, to be made here and in docs/architecture.md, not by accident.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The readers (bot.extraction, bot.language) and the core share the vocabulary and the text
# primitives; the readers use the pricing core's scenario model for SPEC values.
# bot.settings (every environment variable) is a leaf every layer may read.
CORE = {"bot.names", "bot.text", "bot.formatting", "bot.messages", "bot.settings"}
ALLOWED: dict[str, set[str]] = {
    # The service layer tells a visitor when the tracker store fails, and asks it for readiness.
    "channels": {"rasa", "stores", *CORE},
    "stores": {"rasa"},  # Rasa's tracker and lock stores: know nothing of the assistant
    "policies": {"rasa"},  # Rasa's policies, made cheaper: know nothing of the assistant
    "bot.nlu": {"rasa", "bot.extraction", "bot.language", "bot.pricing", *CORE},
    "bot.extraction": {"bot.pricing", *CORE},
    "bot.language": {*CORE},
    "actions": {
        "rasa_sdk", "bot.extraction", "bot.language", "bot.pricing", "bot.leads",
        "bot.estimate_reply", *CORE,
    },
    "bot.estimate_reply": {"bot.pricing", *CORE},
    "bot.estimate_pdf": {"bot.company", "bot.estimate_reply", "bot.pricing", *CORE},
    "bot.estimate_link": {"bot.pricing", *CORE},
    "bot.company": {"bot.leads"},
    # The lead CLI reads a data subject's email address or phone number as the form does.
    "bot.leads": {"bot.estimate_reply", "bot.extraction", *CORE},
    "bot.pricing": {"bot.names", "bot.settings"},
    "bot.messages": {"bot.names"},
    "bot.formatting": {"bot.names"},
    "bot.names": set(),
    "bot.text": set(),
    "bot.settings": set(),
}  # fmt: skip
WATCHED_ROOTS = {"bot", "actions", "channels", "stores", "policies", "rasa", "rasa_sdk"}


def package_of(module: str) -> str:
    """The unit of the layout a module belongs to: a top-level package, or bot.<part>."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "bot" and len(parts) > 1 else parts[0]


def modules() -> list[Path]:
    return sorted(
        path
        for top in ("bot", "actions", "channels", "stores", "policies")
        for path in (ROOT / top).rglob("*.py")
    )


def imports(path: Path) -> set[str]:
    """The watched packages a module imports (at any depth, also inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        found |= {package_of(name) for name in names if name.split(".")[0] in WATCHED_ROOTS}
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_imports_follow_the_flow(path: Path) -> None:
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    package = package_of(module)
    if module in ("bot.__init__", "bot"):
        package = "bot.names"  # the package marker imports nothing
    assert package in ALLOWED, f"{package}: add it to the layout (docs/architecture.md)"
    wrong = imports(path) - ALLOWED[package] - {package}
    assert not wrong, f"{module} imports {sorted(wrong)}"


def test_the_layout_check_sees_a_wrong_import(tmp_path: Path) -> None:
    module = tmp_path / "wrong.py"
    module.write_text("from actions.estimate import priced\nimport rasa.core\n", encoding="utf-8")
    assert imports(module) == {"actions", "rasa"}
