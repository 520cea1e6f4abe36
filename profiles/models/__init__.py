"""Models of the profiles app: accounts and organisations, and the offers startups publish."""

from .accounts import (
    UKRAINIAN_KINDS,
    VETTING_TRANSITIONS,
    ApiToken,
    Invitation,
    Language,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    User,
    UserManager,
    VettingEvent,
    VettingState,
    hash_token,
)
from .offers import TRL_DEFINITIONS, ExportControl, Offer, OfferState, ml_categories, trl_label

__all__ = [
    "UKRAINIAN_KINDS",
    "VETTING_TRANSITIONS",
    "ApiToken",
    "ExportControl",
    "Invitation",
    "Language",
    "Membership",
    "MembershipRole",
    "Offer",
    "OfferState",
    "Organisation",
    "OrganisationKind",
    "User",
    "UserManager",
    "VettingEvent",
    "VettingState",
    "TRL_DEFINITIONS",
    "hash_token",
    "ml_categories",
    "trl_label",
]
