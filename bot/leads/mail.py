"""The lead email to the sales team: a readable summary, the estimate table, the transcript.

Built from the stored lead (so a retry sends exactly what was stored), in English, the sales
team's working language; figures are formatted by the same helpers as in the chat. Visitor
text goes into headers only after `clean_text` (no CR/LF, so no header injection; the SMTP
policy would refuse them anyway) and into the HTML part only through `html.escape`.
"""

from __future__ import annotations

import html
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from bot.estimate_reply import describe_value
from bot.formatting import money
from bot.leads.settings import SmtpSettings
from bot.leads.store import delivery_id
from bot.messages import language_name, text
from bot.text import MAX_MESSAGE_LENGTH as TEXT_LIMIT
from bot.text import clean_text

SALES_LANGUAGE = "en"
PROMISES = {"within_hour": "within the hour", "next_working_day": "when the office next opens"}


class DeliveryError(Exception):
    """A notification could not be delivered; the message never holds personal data."""


def _contact_rows(lead: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [
        ("Name", lead["name"]),
        ("Email", lead.get("email") or "-"),
        ("Phone", lead.get("phone") or "-"),
        ("Company", lead.get("company") or "-"),
        ("Preferred time", lead.get("preferred_time") or "-"),
        ("Chat language", language_name(lead["language"], SALES_LANGUAGE)),
        ("Promised call-back", PROMISES.get(lead["promise"], lead["promise"])),
        ("Lead id", lead["id"]),
        ("Received (UTC)", str(lead["created_at"])),
    ]
    return [(label, clean_text(str(value), limit=400)) for label, value in rows]


def _scenario_rows(lead: dict[str, Any]) -> list[tuple[str, str]]:
    estimate = lead.get("estimate") or {}
    scenario = estimate.get("scenario") or lead.get("scenario") or {}
    assumed = set(estimate.get("assumed") or [])
    rows = []
    for name, value in scenario.items():
        if value is None or value == []:
            continue
        shown = describe_value(name, value, SALES_LANGUAGE)
        rows.append((name, f"{shown} (assumed)" if name in assumed else shown))
    return rows


def _range(amount: dict[str, float]) -> str:
    return " / ".join(money(amount[key], SALES_LANGUAGE) for key in ("low", "expected", "high"))


def _estimate_rows(lead: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(form, one-off, monthly, first year) with low / expected / high; in-house last."""
    estimate = lead.get("estimate")
    if not estimate:
        return []
    rows = []
    for option in estimate["options"]:
        label = text(f"model.{option['model']}", SALES_LANGUAGE)
        if option["model"] == estimate.get("recommended"):
            label += " (recommended)"
        rows.append(
            (
                label,
                _range(option["one_off"]),
                _range(option["monthly"]),
                _range(option["first_year"]),
            )
        )
    in_house = estimate.get("in_house")
    if in_house:
        rows.append(("In-house", "-", _range(in_house["monthly"]), _range(in_house["first_year"])))
    return rows


def _transcript(lead: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (
            str(message.get("at", "")),
            clean_text(str(message.get("text", "")), limit=TEXT_LIMIT),
        )
        for message in lead.get("transcript") or []
    ]


def subject(lead: dict[str, Any]) -> str:
    """One line, no visitor-controlled line breaks, short enough for any mail client."""
    who = clean_text(lead["name"], limit=60)
    company = clean_text(lead.get("company") or "", limit=60)
    return f"New lead: {who}" + (f" ({company})" if company else "")


def plain_body(lead: dict[str, Any]) -> str:
    """The email as plain text."""
    lines = ["A visitor asked to be contacted by the cost-estimate assistant.", ""]
    lines += [f"{label}: {value}" for label, value in _contact_rows(lead)]
    lines += ["", "Scenario"] + [f"  {name}: {value}" for name, value in _scenario_rows(lead)]
    estimate = _estimate_rows(lead)
    if estimate:
        lines += ["", "Estimate, EUR excl. VAT (low / expected / high)"]
        for label, one_off, monthly, first_year in estimate:
            lines += [f"  {label}", f"    one-off {one_off}", f"    monthly {monthly}"]
            lines += [f"    first year {first_year}"]
        lines.append(f"  Pricing version: {lead['estimate'].get('pricing_version', '-')}")
    else:
        lines += ["", "No estimate yet: the visitor asked for a person before one was complete."]
    lines += ["", "Visitor's messages"] + [f"  [{at}] {said}" for at, said in _transcript(lead)]
    lines += [
        "",
        f"Consent ({lead['consent_version']}): {clean_text(lead['consent_text'], TEXT_LIMIT)}",
    ]
    return "\n".join(lines) + "\n"


def _table(rows: Sequence[tuple[str, ...]], header: tuple[str, ...] | None = None) -> str:
    cells = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header) if header else ""
    return f"<table border='1' cellpadding='4'><tr>{head}</tr>{cells}</table>"


def html_body(lead: dict[str, Any]) -> str:
    """The email as HTML; every value is escaped, so a name like "<script>" shows as typed."""
    parts = [
        "<p>A visitor asked to be contacted by the cost-estimate assistant.</p>",
        _table(_contact_rows(lead)),
        "<h3>Scenario</h3>",
        _table(_scenario_rows(lead)),
    ]
    estimate = _estimate_rows(lead)
    if estimate:
        parts += [
            "<h3>Estimate, EUR excl. VAT (low / expected / high)</h3>",
            _table(estimate, ("Form", "One-off", "Monthly", "First year")),
        ]
    parts += ["<h3>Visitor's messages</h3>", _table(_transcript(lead))]
    consent = html.escape(clean_text(lead["consent_text"], TEXT_LIMIT))
    parts.append(f"<p>Consent ({html.escape(lead['consent_version'])}): {consent}</p>")
    return "<html><body>" + "\n".join(parts) + "</body></html>"


def build_message(lead: dict[str, Any], smtp: SmtpSettings) -> EmailMessage:
    """The email for one lead; the Message-ID derives from the lead, so mail clients can dedupe."""
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = smtp.sales_email
    message["Subject"] = subject(lead)
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = f"<lead-{delivery_id(lead)}@cost-assistant>"
    if lead.get("email"):
        message["Reply-To"] = lead["email"]  # validated and normalised by email-validator
    message.set_content(plain_body(lead))
    message.add_alternative(html_body(lead), subtype="html")
    return message


def _connect(smtp: SmtpSettings) -> smtplib.SMTP:
    """A connection to the mail server: SMTPS when asked, else plain (maybe upgraded later)."""
    if smtp.implicit_tls:
        return smtplib.SMTP_SSL(
            smtp.host, smtp.port, timeout=smtp.timeout_seconds, context=ssl.create_default_context()
        )
    return smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds)


def send_email(lead: dict[str, Any], smtp: SmtpSettings) -> None:
    """Send one lead email; any failure becomes a DeliveryError naming only its kind."""
    if not smtp.sales_email:
        raise DeliveryError("SALES_EMAIL is not set")
    message = build_message(lead, smtp)
    try:
        with _connect(smtp) as client:
            if smtp.starttls:
                client.starttls(context=ssl.create_default_context())
            if smtp.username:
                client.login(smtp.username, smtp.password)
            client.send_message(message)
    except smtplib.SMTPResponseException as error:  # the server's code, not its text
        raise DeliveryError(f"SMTP {type(error).__name__} {error.smtp_code}") from None
    except (smtplib.SMTPException, OSError) as error:  # refused, timed out, TLS failed
        raise DeliveryError(f"SMTP {type(error).__name__}") from None
