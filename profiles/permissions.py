"""Every "may this user…" rule of accounts and organisations, and the one standing rule that every
selector and service of every app calls: an organisation acts and is seen only while in good standing."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import IdentityChange, MembershipRole, Organisation, OrganisationKind, User, VettingProposal, VettingState

# Standing ------------------------------------------------------------------------------------------


def in_good_standing(organisation: Organisation | None) -> bool:
    """The office always; any other organisation only while vetted (not pending, rejected or suspended)."""
    if organisation is None:
        return False
    return organisation.kind == OrganisationKind.OFFICE or organisation.vetting_state == VettingState.VETTED


def in_good_standing_q(path: str = "") -> Q:
    """The same rule as a filter: `path` leads from the queried model to the organisation ("organisation__")."""
    return Q(**{f"{path}kind": OrganisationKind.OFFICE}) | Q(**{f"{path}vetting_state": VettingState.VETTED})


def may_act(user: User) -> bool:
    """An active member of an organisation in good standing; a removed member belongs to none."""
    return user.is_authenticated and user.is_active and in_good_standing(user.organisation)


def reads_own_records(user: User) -> bool:
    """Whatever their organisation's standing, its active members read its own records (offers, requests,
    introductions) and change nothing; they see nobody else's."""
    return user.is_authenticated and user.is_active and user.organisation is not None


def may_draft_offers(user: User) -> bool:
    """A startup awaiting vetting may prepare offers, and do nothing else, until the office decides."""
    if may_act(user):
        return user.is_startup_member or user.is_office_staff
    organisation = user.organisation
    return (
        user.is_authenticated
        and user.is_active
        and user.is_startup_member
        and organisation.vetting_state == VettingState.PENDING
    )


# Roles ----------------------------------------------------------------------------------------------


def is_staff(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_office_staff


def is_admin_of(user: User, organisation: Organisation) -> bool:
    return organisation.memberships.filter(user=user, role=MembershipRole.ADMIN).exists()


def may_vet(user: User, organisation: Organisation) -> bool:
    """Staff decide every organisation's standing but the office's own."""
    return is_staff(user) and organisation.kind != OrganisationKind.OFFICE


def may_confirm_vetting(user: User, proposal: VettingProposal) -> bool:
    """The four-eyes rule: a staff member other than the proposer confirms (or declines) a proposed decision."""
    return may_vet(user, proposal.organisation) and proposal.proposed_by_id != user.pk


def may_read_registration_documents(user: User, organisation: Organisation) -> bool:
    """The evidence a startup gave at registration: office staff, and the organisation's own active members."""
    if is_staff(user):
        return True
    return reads_own_records(user) and user.organisation.pk == organisation.pk


def may_add_registration_documents(user: User, organisation: Organisation) -> bool:
    """A startup awaiting vetting adds evidence later: its own administrators, while it is pending."""
    return (
        reads_own_records(user)
        and user.organisation.pk == organisation.pk
        and organisation.kind == OrganisationKind.STARTUP
        and organisation.vetting_state == VettingState.PENDING
        and is_admin_of(user, organisation)
    )


def may_manage_people_of(user: User, organisation: Organisation) -> bool:
    """Who invites into an organisation, revokes its invitations and removes its members: its own
    administrators while it is in good standing, and staff (for the office itself, only its admins)."""
    if is_staff(user):
        return organisation.kind != OrganisationKind.OFFICE or user.is_organisation_admin
    membership = user.primary_membership if may_act(user) else None
    return (
        membership is not None
        and membership.organisation_id == organisation.pk
        and membership.role == MembershipRole.ADMIN
    )


# Identity -------------------------------------------------------------------------------------------


def has_passed_vetting(organisation: Organisation) -> bool:
    """Vetted or suspended: the office has vouched for who it is, so its identity (legal name, registration
    number, country, kind) changes only when the office approves. The office itself is vetted by nobody."""
    return organisation.kind != OrganisationKind.OFFICE and organisation.vetting_state in (
        VettingState.VETTED,
        VettingState.SUSPENDED,
    )


def may_request_identity_change(user: User, organisation: Organisation) -> bool:
    """Staff, for any organisation but the office; otherwise an administrator of the organisation while it
    is in good standing (a suspended organisation changes nothing)."""
    if is_staff(user):
        return organisation.kind != OrganisationKind.OFFICE
    membership = user.primary_membership if may_act(user) else None
    return (
        membership is not None
        and membership.organisation_id == organisation.pk
        and membership.role == MembershipRole.ADMIN
    )


def may_decide_identity_change(user: User, change: IdentityChange) -> bool:
    """Who approves or declines a change of identity: whoever vets the organisation (staff)."""
    return may_vet(user, change.organisation)


# Closing one's own account -------------------------------------------------------------------------


def account_close_refusal(user: User) -> str:
    """Why the user may not close their own account, or "" when they may: staff accounts are closed by an
    administrator of the platform, and the last administrator of an organisation that has other active
    members must first make one of them an administrator."""
    if user.is_staff or user.is_superuser or user.is_office_staff:
        return _("Office staff accounts are closed by an administrator of the platform. Ask them to close yours.")
    for membership in user.memberships.filter(role=MembershipRole.ADMIN).select_related("organisation"):
        others = membership.organisation.memberships.exclude(user=user).filter(user__is_active=True)
        if others.exists() and not others.filter(role=MembershipRole.ADMIN).exists():
            return _(
                "You are the last administrator of %(organisation)s, which has other members. Hand over first: "
                "ask the office to make one of them an administrator, then close your account."
            ) % {"organisation": membership.organisation.legal_name}
    return ""


def may_close_account(user: User) -> bool:
    return user.is_authenticated and user.is_active and not account_close_refusal(user)


# Two factors ---------------------------------------------------------------------------------------


def requires_second_factor(user: User) -> bool:
    """Staff and Ukrainian officers always; anyone else once they have enrolled an authenticator."""
    if user.is_superuser or user.is_office_staff or user.is_officer:
        return True
    return has_confirmed_device(user)


_NOT_READ = object()


def has_confirmed_device(user: User) -> bool:
    # The signed-in user comes with their first confirmed authenticator, read with them (profiles/backends.py):
    # a startup's page, which asks on every request, asks the database nothing more.
    device = getattr(user, "first_confirmed_device", _NOT_READ)
    if device is not _NOT_READ:
        return device is not None
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
