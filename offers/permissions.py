"""Every "may this user…" rule about offers and company profiles.

Standing comes from the one rule in `profiles.permissions`: a pending startup may prepare drafts and
its profile and nothing else; a suspended or rejected organisation may do nothing, and its officers
no longer read the catalogue."""

from typing import NoReturn

from django.utils.translation import gettext as _

from innovation_office.refusals import forbidden
from profiles.models import Organisation, OrganisationKind, User
from profiles.permissions import in_good_standing, is_admin_of, is_staff, may_act, may_draft_offers

from .models import Offer


def _works_on_offers_of(user: User, organisation: Organisation) -> bool:
    """A member of this startup whose standing still lets them prepare its offers."""
    own = user.is_authenticated and user.organisation is not None and user.organisation.pk == organisation.pk
    return own and organisation.kind == OrganisationKind.STARTUP and may_draft_offers(user)


def may_draft_offer_for(user: User, organisation: Organisation) -> bool:
    """Members of a startup that is vetted or awaiting vetting, and office staff."""
    return is_staff(user) or _works_on_offers_of(user, organisation)


def may_edit_offer(user: User, offer: Offer) -> bool:
    """Changing an offer's content, archiving and restoring it: as for drafting one."""
    return may_draft_offer_for(user, offer.organisation)


def may_publish(user: User, offer: Offer) -> bool:
    """Putting an offer in the catalogue, or taking it out, needs an organisation in good standing."""
    return may_edit_offer(user, offer) and in_good_standing(offer.organisation)


def may_edit_profile(user: User, organisation: Organisation) -> bool:
    """The company profile: the startup's administrators (while it may work on offers), and office staff."""
    return is_staff(user) or (_works_on_offers_of(user, organisation) and is_admin_of(user, organisation))


def may_browse_catalogue(user: User) -> bool:
    """Office staff, and officers of a Ukrainian organisation in good standing; startups have no catalogue."""
    return is_staff(user) or (user.is_authenticated and user.is_officer and may_act(user))


def may_download_datasheet(user: User, offer: Offer) -> bool:
    """Whoever may read the offer: its startup's members, and the catalogue's readers."""
    own = user.is_authenticated and user.organisation is not None and user.organisation.pk == offer.organisation_id
    return own or may_browse_catalogue(user)


def refuse_offer_change() -> NoReturn:
    """The answer (403) to a user who may see the offers of an organisation but not change them."""
    forbidden(_("You cannot change this organisation's offers."))
