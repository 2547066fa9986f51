"""Where a Rasa server's time goes while it serves, from py-spy's raw output.

``python -m bench.spy_share PROFILE.txt ...``, where each profile was recorded on a running
Rasa server (``py-spy record -r 50 -f raw --nonblocking -p PID -o PROFILE.txt``, py-spy from
PyPI) during ``make bench-load``. Samples taken while the server imported Rasa or loaded its
model are left out; the rest are shared out over the parts of the NLU (docs/performance.md,
"What TensorFlow costs"). A sample counts for a part when that part is anywhere on its stack.
"""

from __future__ import annotations

import argparse
from pathlib import Path

# Part -> frames (py-spy's "function (file:line)") that mark it.
PARTS: dict[str, tuple[str, ...]] = {
    "NLU of a message (parse_message)": ("MessageProcessor.parse_message (",),
    "Rasa's ResponseSelector": ("ResponseSelector.process (rasa/",),
    "TensorFlow and Keras": ("(tensorflow/", "(keras/"),
    "FAQ selector (bot/nlu/faq_selector.py)": ("TfidfSvmResponseSelector.process (",),
    "intent classifier (bot/nlu/intent_classifier.py)": ("TfidfSvmIntentClassifier.process (",),
    "Rasa's tokenizer and featurizers": ("(rasa/nlu/featurizers", "(rasa/nlu/tokenizers"),
}
# Stacks of the start-up, not of serving: the model load and module imports.
START_UP = ("load_agent (", "_find_and_load (")


def shares(profile: Path) -> tuple[int, dict[str, int]]:
    """Serving samples of one raw profile, and how many of them fall in each part."""
    serving = 0
    found = dict.fromkeys(PARTS, 0)
    for line in profile.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or any(marker in stack for marker in START_UP):
            continue
        serving += int(count)
        for part, markers in PARTS.items():
            if any(marker in stack for marker in markers):
                found[part] += int(count)
    return serving, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profiles", nargs="+", type=Path)
    arguments = parser.parse_args()
    results = {profile: shares(profile) for profile in arguments.profiles}
    print("| samples while serving | " + " | ".join(p.name for p in results) + " |")
    print("|---" * (len(results) + 1) + "|")
    print("| all | " + " | ".join(str(serving) for serving, _ in results.values()) + " |")
    for part in PARTS:
        cells = [
            f"{found[part]} ({100 * found[part] / max(serving, 1):.1f} %)"
            for serving, found in results.values()
        ]
        print(f"| {part} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
