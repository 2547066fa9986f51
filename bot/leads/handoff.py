"""What the handoff says and promises: the consent text, and the call-back promise.

Kept apart from the action so that the texts stored with a lead and the texts shown in the
chat come from one function each.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta

from babel.dates import format_date, format_time

from bot.formatting import locale_for
from bot.leads.office_hours import OfficeHours
from bot.leads.settings import LeadSettings, settings
from bot.leads.store import LeadStore
from bot.messages import text
from bot.settings import DEFAULT_SALES_EMAIL

# Change this whenever the consent text in bot/messages.yml changes: each lead records it.
CONSENT_VERSION = "2026-11-28"
WITHIN_HOUR, NEXT_WORKING_DAY = "within_hour", "next_working_day"
# The company's published contact details (the source document), for a visitor the handoff
# could not serve: the values of the {company_phone} and {company_email} placeholders of the
# domain's responses. Leads are emailed to the same address unless SALES_EMAIL says otherwise.
COMPANY_CONTACT = {"company_phone": "+31 (0)85 8884661", "company_email": DEFAULT_SALES_EMAIL}
# "Within the hour" is promised only while the office stays open at least this long.
CALL_BACK_WITHIN = timedelta(hours=1)
# The next opening in 0 or 1 days is "today" or "tomorrow"; later ones are named by their date.
_DAY_PHRASES = {0: "handoff.today", 1: "handoff.tomorrow"}


def consent_text(language: str, config: LeadSettings) -> str:
    """The consent question, with the retention period, as the visitor sees it."""
    return text("handoff.consent", language, days=config.retention_days)


@functools.lru_cache(maxsize=1)
def office_hours() -> OfficeHours:
    """The configured office hours (OFFICE_HOURS, OFFICE_TIMEZONE), read once."""
    config = settings()
    return OfficeHours.parse(config.office_hours, config.office_timezone)


def promise(moment: datetime, hours: OfficeHours, language: str) -> tuple[str, str]:
    """(promise code stored with the lead, the sentence for the visitor).

    "Within the hour" only while the office stays open for at least another hour; otherwise
    the next opening, named as the visitor would check it: today, tomorrow, or its date.
    """
    local = moment.astimezone(hours.zone)
    closing = hours.open_until(local)
    if closing is not None and closing - local >= CALL_BACK_WITHIN:
        return WITHIN_HOUR, text("handoff.within_hour", language)
    locale = locale_for(language)
    opening = hours.next_opening(local)
    when = text(
        _DAY_PHRASES.get((opening.date() - local.date()).days, "handoff.on_day"),
        language,
        day=format_date(opening, "EEEE d MMMM", locale=locale),
        time=format_time(opening, "short", locale=locale),
    )
    if closing is None:
        return NEXT_WORKING_DAY, text("handoff.office_closed", language, when=when)
    closes = format_time(closing, "short", locale=locale)
    return NEXT_WORKING_DAY, text("handoff.office_closing", language, closing=closes, when=when)


@functools.lru_cache(maxsize=1)
def lead_store() -> LeadStore:
    """The process's lead store (LEADS_DB_URL); its engine pools connections."""
    return LeadStore(settings().db_url)
