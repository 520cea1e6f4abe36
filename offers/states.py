"""The offer's life as data: a draft is published to the catalogue, taken back, archived and restored."""

from django.utils.translation import gettext_lazy as _

from innovation_office.transitions import Move, StateMachine

from .models import OfferState
from .permissions import may_edit_offer, may_publish

OFFER_STATES = StateMachine(
    states=OfferState,
    initial=OfferState.DRAFT,
    moves=[
        Move("publish", (OfferState.DRAFT,), OfferState.PUBLISHED, who=may_publish, label=_("Publish")),
        Move("unpublish", (OfferState.PUBLISHED,), OfferState.DRAFT, who=may_publish, label=_("Unpublish")),
        Move(
            "archive",
            (OfferState.DRAFT, OfferState.PUBLISHED),
            OfferState.ARCHIVED,
            who=may_edit_offer,
            label=_("Archive"),
        ),
        Move("restore", (OfferState.ARCHIVED,), OfferState.DRAFT, who=may_edit_offer, label=_("Restore as draft")),
    ],
)
