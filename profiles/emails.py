"""Account e-mails (confirmation, invitation, vetting decision), rendered in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_account_email(*, template: str, to: str, language: str, context: dict) -> None:
    """Send templates/profiles/email/<template>{_subject.txt,.txt,.html} as one multipart message."""
    context = {**context, "site_url": settings.SITE_URL}
    with translation.override(language):
        subject = render_to_string(f"profiles/email/{template}_subject.txt", context).strip()
        text = render_to_string(f"profiles/email/{template}.txt", context)
        html = render_to_string(f"profiles/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
