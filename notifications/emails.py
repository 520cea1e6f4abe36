"""Notification e-mails, rendered in the recipient's language, each with a Message-ID that never changes."""

import hashlib
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .kinds import email_template, localised_context, notification_text
from .models import EmailChannel, Notification


def _message_domain() -> str:
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return address.rpartition("@")[2] or "innovation-office.example"


def notification_message_id(notification: Notification) -> str:
    """Stable per notification: a re-sent copy carries the same id, so a mailbox can drop it."""
    return f"<notification.{notification.pk}@{_message_domain()}>"


def digest_message_id(recipient_id: int, channel: str, notification_ids: list[int]) -> str:
    digest = hashlib.sha256(",".join(map(str, sorted(notification_ids))).encode()).hexdigest()[:24]
    return f"<digest.{channel}.{recipient_id}.{digest}@{_message_domain()}>"


def _render(template: str, context: dict) -> tuple[str, str, str]:
    subject = render_to_string(f"{template}_subject.txt", context)
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    return " ".join(subject.split()), text, html


def _message(*, to: str, subject: str, text: str, html: str, message_id: str) -> EmailMultiAlternatives:
    headers = {"Message-ID": message_id, "Auto-Submitted": "auto-generated"}
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], headers=headers)
    message.attach_alternative(html, "text/html")
    return message


def _item(notification: Notification) -> dict:
    return {
        "notification": notification,
        "text": notification_text(notification.kind, notification.context),
        "link": settings.SITE_URL + notification.url,
    }


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    """The immediate e-mail for one notification (its recipient loaded); a calendar invitation in its context
    (`ics`, a meeting confirmed or cancelled) is attached for the recipient's calendar."""
    recipient = notification.recipient
    with translation.override(recipient.preferred_language):
        context = {**localised_context(notification.context), **_item(notification), "recipient": recipient}
        subject, text, html = _render(email_template(notification.kind), context)
    message = _message(
        to=recipient.email,
        subject=subject,
        text=text,
        html=html,
        message_id=notification_message_id(notification),
    )
    if invitation := notification.context.get("ics"):
        method = "CANCEL" if "METHOD:CANCEL" in invitation else "REQUEST"
        message.attach("meeting.ics", invitation, f"text/calendar; method={method}")
    return message


def digest_email(recipient, channel: str, notifications: list[Notification]) -> EmailMultiAlternatives:
    """One e-mail listing `notifications`: the daily digest, or the weekly "requests you may answer"."""
    with translation.override(recipient.preferred_language):
        context = {
            "recipient": recipient,
            "weekly": channel == EmailChannel.WEEKLY,
            "items": [_item(notification) for notification in notifications],
            "inbox_link": settings.SITE_URL + reverse("notifications:list"),
        }
        subject, text, html = _render("notifications/email/digest", context)
    return _message(
        to=recipient.email,
        subject=subject,
        text=text,
        html=html,
        message_id=digest_message_id(recipient.pk, channel, [n.pk for n in notifications]),
    )
