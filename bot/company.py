"""The contact centre's own details (from the source document), for the PDF and the website.

Phone and email are the lead core's `COMPANY_CONTACT` (what the bot tells a visitor who would
rather call), so that they are written down once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from bot.leads.handoff import COMPANY_CONTACT


@dataclass(frozen=True)
class Company:
    """Name, postal address and the ways to reach the sales team."""

    name: str
    street: str
    postcode_city: str
    phone: str
    email: str

    @property
    def phone_uri(self) -> str:
        """The phone number as a `tel:` URI ("+31 (0)85 8884661" -> "tel:+31858884661")."""
        digits = self.phone.replace("(0)", "")
        return "tel:" + "".join(c for c in digits if c.isdigit() or c == "+")


@functools.lru_cache(maxsize=1)
def company() -> Company:
    """The company, with phone and email from the lead core's contact details."""
    return Company(
        name="SpangenbergGroup",
        street="Randwycksingel 20 (C03)",
        postcode_city="6229 EE Maastricht",
        phone=COMPANY_CONTACT["company_phone"],
        email=COMPANY_CONTACT["company_email"],
    )
