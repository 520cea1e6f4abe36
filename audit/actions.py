"""The security-relevant actions the audit trail records: one line each, with its label for staff."""

from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, str] = {
    "organisation.registered": _("Organisation registered"),
    "organisation.vetting": _("Vetting decision"),
    "organisation.vetting_proposed": _("Vetting decision proposed (awaits a second staff member)"),
    "organisation.vetting_declined": _("Proposed vetting decision declined by a second staff member"),
    "organisation.document_added": _("Registration document added"),
    "organisation.identity_change": _("Identity change"),
    "invitation.issued": _("Invitation issued"),
    "invitation.used": _("Invitation used"),
    "invitation.revoked": _("Invitation revoked"),
    "member.removed": _("Member removed"),
    "member.role_changed": _("Member's role changed"),
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
    "api_token.first_used": _("API token used for the first time"),
    "offer.state": _("Offer state change"),
    "request.state": _("Request state change"),
    "request.read_restricted": _("Restricted request read"),
    "request.curator": _("Request curator changed"),
    "audit.exported": _("Audit trail exported"),
    "account.data_exported": _("Personal data downloaded"),
    "account.closed": _("Account closed"),
}


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))
