"""Gunicorn's access log with the secrets of e-mailed links (invitation, confirmation, reset) masked."""

from gunicorn.glogging import Logger

from .log_masking import mask_tokens


class TokenMaskingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: mask_tokens(value) if isinstance(value, str) else value for key, value in atoms.items()}
