"""Lead administration: ``python -m bot.leads COMMAND`` (README: Leads and privacy).

* ``deliver`` sends every pending lead once (``--loop`` keeps retrying every
  LEADS_RETRY_SECONDS);
* ``purge [--days N]`` deletes leads older than N days (LEADS_RETENTION_DAYS by default),
  and the tracker store's conversations quiet for that long;
* ``export EMAIL`` prints every lead of that address as JSON (data-subject access request);
* ``delete EMAIL`` deletes them, and their conversations in the tracker store
  (TRACKER_DB_URL, else var/tracker.db), unless ``--keep-conversations`` (request to be
  forgotten).

The database is `LEADS_DB_URL`. Output is JSON on stdout; errors are one line on stderr and
exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.leads.conversations import delete_conversations, purge_conversations, tracker_url
from bot.leads.delivery import deliver, retry_forever
from bot.leads.settings import read_settings
from bot.leads.store import LeadStore
from bot.settings import SettingsError, one_line


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot.leads", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    send = commands.add_parser("deliver", help="send pending leads by email and webhook")
    send.add_argument("--loop", action="store_true", help="keep retrying")
    purge = commands.add_parser("purge", help="delete leads older than the retention period")
    purge.add_argument("--days", type=int, help="retention in days (LEADS_RETENTION_DAYS)")
    commands.add_parser("export", help="print the leads of an email address").add_argument("email")
    erase = commands.add_parser("delete", help="delete them and their conversations")
    erase.add_argument("email")
    erase.add_argument("--keep-conversations", action="store_true", help="leave the tracker store")
    return parser


def run(argv: list[str]) -> dict[str, Any]:
    """Execute one command; the result to print."""
    args = _parser().parse_args(argv)
    settings = read_settings()
    store = LeadStore(settings.db_url)
    try:
        if args.command == "deliver":
            if args.loop:
                asyncio.run(retry_forever(store, settings))
            report = deliver(store, settings)
            return {"sent": report.sent, "failed": report.failed}
        if args.command == "purge":
            days = args.days if args.days is not None else settings.retention_days
            if days < 1:
                raise SettingsError("--days must be at least 1")
            return {
                "deleted": store.purge(days),
                "conversations_deleted": purge_conversations(tracker_url(), days),
                "older_than_days": days,
            }
        if args.command == "export":
            return {"leads": store.by_email(args.email)}
        conversations = sorted({lead["conversation_id"] for lead in store.by_email(args.email)})
        deleted = store.delete_email(args.email)
        if args.keep_conversations:
            return {"deleted": deleted, "conversation_events_deleted": 0}
        events = delete_conversations(tracker_url(), conversations)
        return {"deleted": deleted, "conversation_events_deleted": events}
    finally:
        store.dispose()


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        result = run(sys.argv[1:] if argv is None else argv)
    except (SettingsError, SQLAlchemyError) as error:
        print(f"error: {one_line(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
