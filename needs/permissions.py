"""Every "may this user…" rule about capability requests. Each calls the one standing rule of
`profiles.permissions`: an officer of a suspended organisation reads its requests and changes nothing,
and a startup reads the anonymised catalogue only while vetted."""

from profiles.models import User
from profiles.permissions import is_staff, may_act, reads_own_records

from .models import CapabilityRequest, Visibility


def may_write_requests(user: User) -> bool:
    """Ukrainian officers of an organisation in good standing draft requests for it."""
    return may_act(user) and user.is_officer


def reads_own_requests(user: User) -> bool:
    """Officers read their own organisation's requests, whatever its standing."""
    return reads_own_records(user) and user.is_officer


def sees_full_requests(user: User) -> bool:
    """Staff, and officers for their own organisation's requests, read whole records (organisation,
    officer, budget); everyone else at most the anonymised projection. A budget is never shown to a startup."""
    return is_staff(user) or reads_own_requests(user)


def reads_anonymised_requests(user: User) -> bool:
    """Members of a vetted startup browse the open, `vetted`-visibility requests without the requester."""
    return may_act(user) and user.is_startup_member


def may_manage(user: User, capability_request: CapabilityRequest) -> bool:
    """Staff manage every request; an officer in good standing manages their own organisation's."""
    if is_staff(user):
        return True
    return may_write_requests(user) and user.organisation.pk == capability_request.organisation_id


def may_assign_curators(user: User) -> bool:
    """Staff give a request its curator (themselves or a colleague), or take it away."""
    return is_staff(user)


def may_curate_request(user: User) -> bool:
    """Only an active member of the office can be a request's curator."""
    return is_staff(user)


def is_audited_read(user: User, capability_request: CapabilityRequest) -> bool:
    """Staff reading a restricted request leave a record; the owning officers read their own freely."""
    return capability_request.visibility == Visibility.RESTRICTED and is_staff(user)
