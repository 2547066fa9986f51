"""Deliver stored leads: email and webhook, each at most once per lead, retried until sent.

The action server calls `deliver` for a new lead right after storing it, and runs
`retry_forever` in the background; `make deliver-leads` (python -m bot.leads deliver) does one
pass by hand. Claims in the store make concurrent passes safe.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.leads.mail import DeliveryError, send_email
from bot.leads.settings import LeadSettings
from bot.leads.store import CHANNELS, LeadStore
from bot.leads.webhook import post_lead

logger = logging.getLogger(__name__)

Sender = Callable[[dict[str, Any]], None]


def senders(settings: LeadSettings) -> dict[str, Sender]:
    """The configured channels and how each sends a lead."""
    configured: dict[str, Sender] = {}
    if settings.smtp is not None:
        smtp = settings.smtp
        configured["email"] = lambda lead: send_email(lead, smtp)
    if settings.webhook_url:
        url, secret = settings.webhook_url, settings.webhook_secret
        configured["webhook"] = lambda lead: post_lead(lead, url, secret)
    return configured


def channels_on(settings: LeadSettings) -> dict[str, bool]:
    """Which channels a new lead must be delivered on."""
    configured = senders(settings)
    return {channel: channel in configured for channel in CHANNELS}


@dataclass
class DeliveryReport:
    """What one pass did, per channel."""

    sent: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)

    def add(self, channel: str, ok: bool) -> None:
        """Count one attempt."""
        tally = self.sent if ok else self.failed
        tally[channel] = tally.get(channel, 0) + 1


def deliver(
    store: LeadStore, settings: LeadSettings, lead_ids: list[str] | None = None
) -> DeliveryReport:
    """Send `lead_ids` (or every pending lead) on every configured channel they still need."""
    report = DeliveryReport()
    for channel, send in senders(settings).items():
        for lead_id in lead_ids if lead_ids is not None else store.pending(channel):
            if not store.claim(lead_id, channel):
                continue  # sent already, or another sender has it now
            lead = store.get(lead_id)
            if lead is None:  # deleted meanwhile (data-subject request)
                continue
            try:
                send(lead)
            except DeliveryError as error:
                store.release(lead_id, channel, str(error))
                logger.warning("lead %s: %s failed (%s), will retry", lead_id, channel, error)
                report.add(channel, ok=False)
                continue
            store.mark_sent(lead_id, channel)
            logger.info("lead %s: delivered by %s", lead_id, channel)
            report.add(channel, ok=True)
    return report


async def retry_forever(store: LeadStore, settings: LeadSettings) -> None:
    """Deliver pending leads every `LEADS_RETRY_SECONDS`, in a thread (smtplib blocks)."""
    while True:
        try:
            await asyncio.to_thread(deliver, store, settings)
        except Exception:  # a database outage must not end the loop; logged with its cause
            logger.exception("lead delivery pass failed")
        await asyncio.sleep(settings.retry_seconds)
