"""Gunicorn's access log with the secrets of e-mailed links (invitation, confirmation, reset) masked."""

import re

from gunicorn.glogging import Logger

# The token segment of the links sent by e-mail; the rest of the path stays readable in the log.
TOKEN_IN_PATH = re.compile(r"(/(?:invitations|account/confirm|account/password-reset/[^/?#\s]+)/)[^/?#\s]+")
MASK = "[token]"


def mask_tokens(text: str) -> str:
    return TOKEN_IN_PATH.sub(rf"\1{MASK}", text)


class TokenMaskingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: mask_tokens(value) if isinstance(value, str) else value for key, value in atoms.items()}
