"""Every write to accounts and organisations: each checks its actor and records what happened."""

from .accounts import (
    EMAIL_CONFIRMATION_SALT,
    account_close,
    email_confirm,
    email_confirmation_send,
    email_confirmation_token,
    personal_data_export,
    startup_register,
    totp_device_confirm,
    totp_device_start,
    totp_device_verify,
    user_password_set,
    user_set_language,
)
from .evidence import registration_documents_add
from .identity import (
    identity_change_approve,
    identity_change_decline,
    identity_change_request,
    registration_number_check,
    registration_number_guard,
)
from .organisations import organisation_set_vetting, vetting_proposal_confirm, vetting_proposal_decline
from .people import (
    invitation_accept,
    invitation_check,
    invitation_create,
    invitation_revoke,
    invitations_purge_expired,
    membership_remove,
)
from .tokens import (
    API_TOKEN_PREFIX,
    API_TOKEN_TOUCH_INTERVAL,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    api_tokens_revoke_all,
)

__all__ = [
    "API_TOKEN_PREFIX",
    "API_TOKEN_TOUCH_INTERVAL",
    "EMAIL_CONFIRMATION_SALT",
    "account_close",
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "api_tokens_revoke_all",
    "email_confirm",
    "email_confirmation_send",
    "email_confirmation_token",
    "identity_change_approve",
    "identity_change_decline",
    "identity_change_request",
    "invitation_accept",
    "invitation_check",
    "invitation_create",
    "invitation_revoke",
    "invitations_purge_expired",
    "membership_remove",
    "organisation_set_vetting",
    "personal_data_export",
    "registration_documents_add",
    "registration_number_check",
    "registration_number_guard",
    "startup_register",
    "totp_device_confirm",
    "totp_device_start",
    "totp_device_verify",
    "user_password_set",
    "user_set_language",
    "vetting_proposal_confirm",
    "vetting_proposal_decline",
]
