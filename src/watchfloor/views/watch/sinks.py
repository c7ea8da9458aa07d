"""Where alerts go: standard output, a webhook (JSON POST), or email (SMTP).

A webhook is posted through the same address guard as fetching: private,
loopback and link-local addresses are refused unless ``allow_private``,
redirects are not followed and proxies from the environment are ignored.
Email uses the SMTP server named by the environment (``WATCHFLOOR_SMTP_HOST``,
``_PORT`` (587), ``_USER``, ``_PASSWORD``, ``_FROM``, ``_STARTTLS`` (1));
without a host an email sink is a configuration error, never a silent drop.
A delivery that fails raises DeliveryError with one line; the alert stays
pending for that sink and is retried on the next run.
"""

from __future__ import annotations

import json
import os
import smtplib
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

from watchfloor.errors import DeliveryError
from watchfloor.store.watches import Alert
from watchfloor.views.common.text import safe

# Prints one line for the stdout sink (the command line's echo).
Emit = Callable[[str], None]

WEBHOOK_TIMEOUT = 10.0


def alert_json(alert: Alert) -> dict[str, Any]:
    return {
        "watch": alert.watch,
        "key": alert.key,
        "reason": alert.reason,
        "document_id": alert.document_id,
        "fired_at": alert.fired_at.isoformat(),
        **alert.payload,
    }


def alert_line(alert: Alert) -> str:
    """One printable line: the watch, why it fired, and the document."""
    p = alert.payload
    title = safe(p.get("title"), 90) or alert.document_id or ""
    return f"ALERT [{alert.watch}] {safe(alert.reason, 300)} :: {title}"


def _post(url: str, body: dict[str, Any], allow_private: bool) -> None:
    from watchfloor.errors import InputError
    from watchfloor.ingest.fetch import post_json

    try:
        status = post_json(url, body, allow_private=allow_private, timeout=WEBHOOK_TIMEOUT)
    except InputError as exc:
        raise DeliveryError(f"webhook {url}: {exc.reason}") from None
    if status >= 300:
        raise DeliveryError(f"webhook {url}: HTTP {status}")


def _email(to: str, alert: Alert) -> None:
    host = os.environ.get("WATCHFLOOR_SMTP_HOST")
    if not host:
        raise DeliveryError(f"email to {to}: set WATCHFLOOR_SMTP_HOST (and _PORT, _USER, _FROM)")
    msg = EmailMessage()
    msg["Subject"] = f"[watchfloor] {alert.watch}: {safe(alert.reason, 120)}"
    msg["From"] = os.environ.get("WATCHFLOOR_SMTP_FROM", "watchfloor@localhost")
    msg["To"] = to
    msg.set_content(alert_line(alert) + "\n\n" + json.dumps(alert_json(alert), indent=2))
    port = int(os.environ.get("WATCHFLOOR_SMTP_PORT", "587"))
    try:
        with smtplib.SMTP(host, port, timeout=WEBHOOK_TIMEOUT) as smtp:
            if os.environ.get("WATCHFLOOR_SMTP_STARTTLS", "1") != "0":
                smtp.starttls()
            user = os.environ.get("WATCHFLOOR_SMTP_USER")
            if user:
                smtp.login(user, os.environ.get("WATCHFLOOR_SMTP_PASSWORD", ""))
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"email to {to}: {str(exc).splitlines()[0][:200]}") from None


def deliver(
    sink: str, alert: Alert, *, allow_private: bool = False, emit: Emit | None = None
) -> None:
    """Deliver ``alert`` to one sink; DeliveryError when that fails (``stdout`` with no
    ``emit``: nowhere to print here, so the alert stays pending for it)."""
    if sink == "stdout":
        if emit is None:
            raise DeliveryError("stdout: this run has no standard output to print alerts to")
        emit(alert_line(alert))
    elif sink.startswith("webhook:"):
        _post(sink.removeprefix("webhook:"), alert_json(alert), allow_private)
    elif sink.startswith("email:"):
        _email(sink.removeprefix("email:"), alert)
    else:
        raise DeliveryError(f"unknown sink {sink!r}")
