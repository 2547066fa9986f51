"""Lead administration: ``python -m bot.leads COMMAND`` (README: Leads and privacy).

* ``deliver`` sends every pending lead once (``--loop`` keeps retrying every
  LEADS_RETRY_SECONDS);
* ``purge [--days N]`` deletes leads older than N days (LEADS_RETENTION_DAYS by default),
  and the tracker store's conversations quiet for that long;
* ``export CONTACT`` prints every lead of that email address or phone number as JSON
  (data-subject access request);
* ``delete CONTACT`` deletes them, and their conversations in the tracker store
  (TRACKER_DB_URL, else var/tracker.db), unless ``--keep-conversations`` (request to be
  forgotten).

CONTACT is read as the handoff form reads it: an address in any case, a phone number with or
without spaces, dots, dashes or brackets, international ("+32 470 12 34 56", "0032 ...") or
national. A national number can belong to several plans ("0475 12 34 56" is Belgian and
Dutch): the lead that holds one of them is meant; if leads hold more than one, the command
refuses and asks for the country code, so that no one else's data is exported or deleted.

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

from bot.extraction.contact import read_email
from bot.extraction.phone import ALL_PHONE_REGIONS, phone_numbers
from bot.leads.conversations import delete_conversations, purge_conversations, tracker_url
from bot.leads.delivery import deliver, retry_forever
from bot.leads.settings import read_settings
from bot.leads.store import DataSubject, LeadStore
from bot.settings import SettingsError, one_line


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot.leads", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    send = commands.add_parser("deliver", help="send pending leads by email and webhook")
    send.add_argument("--loop", action="store_true", help="keep retrying")
    purge = commands.add_parser("purge", help="delete leads older than the retention period")
    purge.add_argument("--days", type=int, help="retention in days (LEADS_RETENTION_DAYS)")
    export = commands.add_parser("export", help="print the leads of an email address or phone")
    export.add_argument("contact", help="email address or phone number")
    erase = commands.add_parser("delete", help="delete them and their conversations")
    erase.add_argument("contact", help="email address or phone number")
    erase.add_argument("--keep-conversations", action="store_true", help="leave the tracker store")
    return parser


class RequestError(ValueError):
    """The request names no one the command can look up (exit 2, one line)."""


def data_subject(store: LeadStore, contact: str) -> DataSubject:
    """The person `contact` names: an email address, or the phone number as the form stores it."""
    if contact.count("@") > 1:
        raise RequestError("one email address or phone number at a time")
    email, _ = read_email(contact)
    if email is not None:
        return DataSubject(email=email)
    if "@" in contact:
        raise RequestError("that is not a usable email address")
    numbers = tuple(dict.fromkeys(phone_numbers(contact, ALL_PHONE_REGIONS)))
    if not numbers:
        raise RequestError("give an email address or a phone number, e.g. +31 6 12345678")
    stored = store.stored_phones(numbers)
    if len(stored) > 1:
        raise RequestError(
            f"leads hold several numbers this can be ({', '.join(stored)}): add the country code"
        )
    return DataSubject(phones=tuple(stored) or numbers)


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
        subject = data_subject(store, args.contact)
        found = store.by_subject(subject)
        if args.command == "export":
            return {"subject": subject.as_json(), "leads": found}
        conversations = sorted({lead["conversation_id"] for lead in found})
        deleted = store.delete_subject(subject)
        events = 0
        if not args.keep_conversations:
            events = delete_conversations(tracker_url(), conversations)
        return {
            "subject": subject.as_json(),
            "deleted": deleted,
            "conversation_events_deleted": events,
        }
    finally:
        store.dispose()


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        result = run(sys.argv[1:] if argv is None else argv)
    except (SettingsError, RequestError, SQLAlchemyError) as error:
        print(f"error: {one_line(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
