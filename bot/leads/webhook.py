"""The optional CRM webhook: the stored lead as JSON, POSTed to `LEADS_WEBHOOK_URL`.

The `Idempotency-Key` header carries the lead id, so a CRM that honours it ignores the rare
repeat after a crash between sending and recording the delivery. With
`LEADS_WEBHOOK_SECRET` set, `X-Signature-SHA256` carries the HMAC-SHA256 of the body, so the
CRM can refuse posts that do not come from us.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from typing import Any

from bot.leads.mail import DeliveryError
from bot.leads.store import delivery_id

TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-Signature-SHA256"
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


def signature(body: bytes, secret: str) -> str:
    """HMAC-SHA256 of the body with the shared secret, hex: the receiver recomputes it."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_lead(lead: dict[str, Any], url: str, secret: str = "") -> None:
    """POST one lead (signed when a secret is set); anything but 2xx is a DeliveryError."""
    if not url.startswith(("http://", "https://")):
        raise DeliveryError("LEADS_WEBHOOK_URL must be an http(s) URL")
    body = webhook_body(lead)
    headers = {"Content-Type": "application/json", "Idempotency-Key": delivery_id(lead)}
    if secret:
        headers[SIGNATURE_HEADER] = signature(body, secret)
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        raise DeliveryError(f"webhook HTTP {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        raise DeliveryError(f"webhook {type(error).__name__}") from None
    if not 200 <= status < 300:
        raise DeliveryError(f"webhook HTTP {status}")
