"""Handoff conversations against the running assistant: per-conversation results for any set.

    make bench-handoff FILES="tests/handoff_data/handoff_dev_*.yml"

Starts the whole assistant (scripts/run.sh; ports from RASA_PORT / ACTIONS_PORT / WEB_PORT,
read by bot.settings as `make run` reads them) with a lead database of its own and no SMTP
server, plays every conversation of every file (bench/handoff_dialogues.py), and prints one
line per conversation, what was wrong, and per file how many were right and how many had one
message twice in a row. `--transcripts` prints the conversations that went wrong. Exit status
0 whatever the score: this reports; the slow test in tests/test_running_assistant.py fails.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench.handoff_dialogues import Outcome, RestClient, load_set, run_set, transcript
from bench.running import ROOT, running_assistant
from bot.settings import settings

TOKEN = "bench-token-not-secret"


def report(path: Path, outcomes: list[Outcome], transcripts: bool) -> None:
    """Per-conversation lines and the file's summary."""
    print(f"\n{path}")
    for outcome in outcomes:
        mark = "ok  " if outcome.right else "FAIL"
        print(f"  {mark} {outcome.played.conversation.id}  (longest repeat {outcome.repeats})")
        for line in outcome.wrong:
            print(f"         - {line}")
        if transcripts and not outcome.right:
            print(transcript(outcome.played))
    right = sum(outcome.right for outcome in outcomes)
    twice = sum(outcome.repeats >= 2 for outcome in outcomes)
    print(
        f"  {right}/{len(outcomes)} right; {twice} with one message twice or more in a row;"
        f" {sum(outcome.repeats >= 3 for outcome in outcomes)} three times or more"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--transcripts", action="store_true", help="print failed conversations")
    args = parser.parse_args(argv)
    sets = [load_set(path) for path in args.files]
    config = settings()  # RASA_PORT, ACTIONS_PORT, WEB_PORT as `make run` reads them
    ports = {
        "RASA_PORT": str(config.rasa_port),
        "ACTIONS_PORT": str(config.actions_port),
        "WEB_PORT": str(config.web_port),
    }
    with tempfile.TemporaryDirectory() as scratch:
        leads_db = f"sqlite:///{Path(scratch) / 'leads.sqlite3'}"
        env = {**ports, "RASA_TOKEN": TOKEN, "LEADS_DB_URL": leads_db, "SMTP_HOST": ""}
        print(f"starting the assistant on port {ports['RASA_PORT']} ...", file=sys.stderr)
        with running_assistant(env, ROOT / "var" / "bench-handoff.log") as base:
            total = right = 0
            for conversations in sets:
                # A client, hence sender ids, per set: two sets may use the same ids ("en-h1").
                outcomes = run_set(RestClient(base, TOKEN), conversations, leads_db)
                report(conversations.path, outcomes, args.transcripts)
                total += len(outcomes)
                right += sum(outcome.right for outcome in outcomes)
    print(f"\nall files: {right}/{total} conversations right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
