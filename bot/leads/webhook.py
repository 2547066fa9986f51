"""The optional CRM webhook: the stored lead as JSON, POSTed to `LEADS_WEBHOOK_URL`.

The `Idempotency-Key` header carries the lead id, so a CRM that honours it ignores the rare
repeat after a crash between sending and recording the delivery.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from bot.leads.mail import DeliveryError

TIMEOUT_SECONDS = 10
# Delivery bookkeeping stays in the database; the CRM gets the lead itself.
INTERNAL_FIELDS = (
    "dedupe_key",
    *(
        f"{channel}_{name}"
        for channel in ("email", "webhook")
        for name in ("state", "attempts", "claimed_until", "sent_at", "error")
    ),
)


def webhook_body(lead: dict[str, Any]) -> bytes:
    """The JSON document a CRM receives."""
    public = {name: value for name, value in lead.items() if name not in INTERNAL_FIELDS}
    return json.dumps({"type": "lead", "lead": public}, ensure_ascii=False).encode()


def post_lead(lead: dict[str, Any], url: str) -> None:
    """POST one lead; anything but a 2xx answer is a DeliveryError."""
    if not url.startswith(("http://", "https://")):
        raise DeliveryError("LEADS_WEBHOOK_URL must be an http(s) URL")
    request = urllib.request.Request(
        url,
        data=webhook_body(lead),
        method="POST",
        headers={"Content-Type": "application/json", "Idempotency-Key": lead["id"]},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        raise DeliveryError(f"webhook HTTP {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        raise DeliveryError(f"webhook {type(error).__name__}") from None
    if not 200 <= status < 300:
        raise DeliveryError(f"webhook HTTP {status}")
