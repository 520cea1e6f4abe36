"""Facts about matches that reads and writes share: which side a user is on, which states reveal whom."""

from profiles.models import User

from .models import Match, MatchState

CURATABLE = (MatchState.SUGGESTED, MatchState.SHORTLISTED)
# From these states on, both parties said yes and may see each other.
REVEALED = (MatchState.ACCEPTED, MatchState.PILOTING, MatchState.CONTRACTED, MatchState.CLOSED)
# States in which a match has been put in front of the two parties.
PROPOSED_OR_LATER = (MatchState.PROPOSED, *REVEALED, MatchState.DECLINED)


def is_startup_party(user: User, match: Match) -> bool:
    organisation = user.organisation
    return user.is_startup_member and organisation is not None and organisation.pk == match.offer.organisation_id


def is_officer_party(user: User, match: Match) -> bool:
    organisation = user.organisation
    return user.is_officer and organisation is not None and organisation.pk == match.capability_request.organisation_id
