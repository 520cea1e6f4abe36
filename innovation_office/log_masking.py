"""Keeps the secrets of e-mailed links (invitation, confirmation, password reset) out of every log."""

import logging
import re

# The token segment of the links sent by e-mail; the rest of the path stays readable in the log.
TOKEN_IN_PATH = re.compile(r"(/(?:invitations|account/confirm|account/password-reset/[^/?#\s]+)/)[^/?#\s]+")
MASK = "[token]"


def mask_tokens(text: str) -> str:
    return TOKEN_IN_PATH.sub(rf"\1{MASK}", text)


class MaskTokensFilter(logging.Filter):
    """Masks them in Django's request log ("Not Found: /invitations/…"), which names the path."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_tokens(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask_tokens(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True
