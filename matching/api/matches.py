"""REST API of matches: the list, one match with its explanation (staff) or its party's view, and every action.

A party reads what its page shows: its side's summary and title, the state, the timeline without internal
notes, and the other side only once both accepted (selectors.counterpart_for). Scores, the engine's explanation
and the checklist are for staff, as on the staff pages: as data, and as text in the reader's language. Every
move of `states.MATCH` is one endpoint of one shape, `POST /matches/<id>/<move>/` with the move's fields,
answering the match as the reader now sees it; a move the state forbids answers 409, one that is not the
reader's to make 403. The staff dashboard's figures come from selectors.dashboard, like the page's."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from innovation_office.api.filters import parsed_filters
from innovation_office.api.moves import add_move_endpoints
from needs.services import request_record_read, requests_record_reads

from .. import services, states
from ..checks import FAIL, FIT, WARN
from ..explanations import PHRASES, check_text, explanation_lines, is_legacy
from ..models import DismissReason, Match, MatchState
from ..permissions import is_startup_party, may_see_staff_view
from ..selectors import (
    contacts_for_staff,
    counterpart_for,
    dashboard,
    match_get,
    matches_for,
    timeline_for,
    title_for_officer,
    title_for_startup,
)


class ContactSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    kind_label = serializers.CharField()
    country_label = serializers.CharField()
    website = serializers.CharField()
    person = serializers.CharField()
    email = serializers.CharField()


class EventSerializer(serializers.Serializer):
    action = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    created_at = serializers.DateTimeField()


class OfferRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()


class SharedTermSerializer(serializers.Serializer):
    word = serializers.CharField(help_text="As the request writes it.")
    english = serializers.CharField(required=False, help_text="Its English word, when the request's is another.")


class SharedAreaSerializer(serializers.Serializer):
    area = serializers.CharField(help_text="The capability area's slug.")
    relation = serializers.ChoiceField(choices=["same", "sibling", "broader", "narrower"])


class ExplanationSerializer(serializers.Serializer):
    terms = SharedTermSerializer(many=True, required=False, help_text="Words both texts use, weightiest first.")
    areas = SharedAreaSerializer(
        many=True, required=False, help_text="The offer's capability areas near the request's, closest first."
    )
    text = serializers.ListField(
        child=serializers.CharField(), help_text="The explanation in the reader's language (Accept-Language)."
    )


class CheckSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=list(PHRASES))
    status = serializers.ChoiceField(choices=[FIT, WARN, FAIL])
    values = serializers.DictField(help_text="The numbers and codes the check compared (null: not stated).")
    text = serializers.CharField(help_text="The check in the reader's language.")


class MatchSerializer(serializers.Serializer):
    """A match as the reader may see it. Fields marked “staff only” are absent for the parties."""

    id = serializers.IntegerField()
    title = serializers.CharField(help_text="What the reader may know of the pair.")
    state = serializers.ChoiceField(choices=MatchState.choices)
    offer = OfferRefSerializer()
    summary = serializers.CharField(help_text="The office's summary written for the reader's side.")
    proposed_at = serializers.DateTimeField(allow_null=True)
    startup_accepted = serializers.BooleanField()
    officer_accepted = serializers.BooleanField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
    moves = serializers.ListField(
        child=serializers.CharField(), help_text="The moves the reader may make on the match now (states.MATCH)."
    )
    capability_request = serializers.IntegerField(required=False, help_text="Staff and the requesting officers.")
    score = serializers.FloatField(required=False, help_text="Staff only.")
    explanation = ExplanationSerializer(required=False, help_text="Staff only: what the pair shares.")
    checks = CheckSerializer(
        many=True, required=False, help_text="Staff only: the structural checklist as of the last scoring."
    )
    failed_checks = serializers.IntegerField(required=False, help_text="Staff only.")
    source = serializers.CharField(required=False, help_text="Staff only.")
    summary_for_startup = serializers.CharField(required=False, help_text="Staff only.")
    summary_for_officer = serializers.CharField(required=False, help_text="Staff only.")
    dismiss_reason = serializers.CharField(required=False, help_text="Staff only.")
    pull_note = serializers.CharField(required=False, help_text="Staff only.")


class MatchDetailSerializer(MatchSerializer):
    counterpart = ContactSerializer(allow_null=True, help_text="The other side, once both accepted (parties).")
    contacts = ContactSerializer(many=True, required=False, help_text="Staff only: the startup's, then the officer's.")
    timeline = EventSerializer(many=True)


def _projection(user, match: Match) -> dict:
    """The reader's view of a match: the party pages' rules, as data."""
    startup_side = is_startup_party(user, match)
    view = {
        "id": match.pk,
        "state": match.state,
        "offer": match.offer,
        "title": title_for_startup(match) if startup_side else title_for_officer(match),
        "summary": match.summary_for_startup if startup_side else match.summary_for_officer,
        "proposed_at": match.proposed_at,
        "accepted_at": match.accepted_at,
        "updated_at": match.updated_at,
        "startup_accepted": match.startup_accepted_at is not None,
        "officer_accepted": match.officer_accepted_at is not None,
        "moves": [move.name for move in states.moves_for(user, match)],
    }
    if not startup_side:
        view["capability_request"] = match.capability_request_id
    if may_see_staff_view(user):
        view.update(
            score=match.score,
            explanation=_explanation(match.explanation),
            checks=[{**item, "text": check_text(item)} for item in match.checks or []],
            failed_checks=match.failed_checks,
            source=match.source,
            summary_for_startup=match.summary_for_startup,
            summary_for_officer=match.summary_for_officer,
            dismiss_reason=match.dismiss_reason,
            pull_note=match.pull_note,
        )
    return view


def _explanation(explanation: dict) -> dict:
    """The explanation's data with its text in the active language (an old one: only its text)."""
    data = {} if is_legacy(explanation) else {key: explanation[key] for key in ("terms", "areas") if key in explanation}
    return {**data, "text": explanation_lines(explanation)}


def _detail(user, match: Match) -> dict:
    view = _projection(user, match)
    view["counterpart"] = counterpart_for(user, match)
    contacts = contacts_for_staff(user, match)
    if contacts is not None:
        view["contacts"] = list(contacts)
    view["timeline"] = list(timeline_for(user, match))
    return view


class MatchFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=MatchState.choices)
    capability_request = django_filters.NumberFilter(min_value=1, max_value=2**63 - 1)
    offer = django_filters.NumberFilter(min_value=1, max_value=2**63 - 1)

    class Meta:
        model = Match
        fields = []


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=4000, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=4000, allow_blank=True, default="")


class DismissSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=DismissReason.choices)
    note = serializers.CharField(max_length=4000, allow_blank=True, default="")


class ProposeSerializer(serializers.Serializer):
    summary_for_startup = serializers.CharField(max_length=4000)
    summary_for_officer = serializers.CharField(max_length=4000)


# The fields each move takes (None: none); a step after the introduction takes an optional note.
MOVE_BODIES = {
    "shortlist": None,
    "dismiss": DismissSerializer,
    "propose": ProposeSerializer,
    "accept": MessageSerializer,
    "decline": MessageSerializer,
}


def _valid(serializer_class, request) -> dict:
    if serializer_class is None:
        return {}
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema(tags=["matches"])
class MatchViewSet(viewsets.GenericViewSet):
    serializer_class = MatchSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = MatchFilterSet
    extra_error_codes = (409,)

    def get_queryset(self):
        return Match.objects.none()

    @extend_schema(summary="Matches: proposed to you (parties) or all of them (staff), newest proposal first")
    def list(self, request):
        data = parsed_filters(self, request).form.cleaned_data
        matches = matches_for(
            request.user,
            state=data.get("state") or "",
            capability_request_id=int(data["capability_request"])
            if data.get("capability_request") is not None
            else None,
            offer_id=int(data["offer"]) if data.get("offer") is not None else None,
        )
        page = self.paginate_queryset(matches)
        requests_record_reads([match.capability_request for match in page], by=request.user)
        return self.get_paginated_response(
            MatchSerializer([_projection(request.user, m) for m in page], many=True).data
        )

    @extend_schema(summary="One match, with the engine's explanation for staff", responses=MatchDetailSerializer)
    def retrieve(self, request, pk: int):
        match = match_get(request.user, pk)
        request_record_read(capability_request=match.capability_request, by=request.user)
        return Response(MatchDetailSerializer(_detail(request.user, match)).data)


def _make_move(view, request, pk: int, move) -> Response:
    match = match_get(request.user, pk)
    body = MOVE_BODIES.get(move.name, NoteSerializer)
    services.MOVE_SERVICES[move.name](match=match, by=request.user, **_valid(body, request))
    match = match_get(request.user, pk)
    request_record_read(capability_request=match.capability_request, by=request.user)
    return Response(MatchDetailSerializer(_detail(request.user, match)).data)


add_move_endpoints(
    MatchViewSet,
    states.MATCH,
    make=_make_move,
    noun="a match",
    response=MatchDetailSerializer,
    body_of=lambda move: MOVE_BODIES.get(move.name, NoteSerializer),
)


# The staff dashboard ---------------------------------------------------------------------------------


class TallySerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.IntegerField()


class GapSerializer(serializers.Serializer):
    area = serializers.CharField()
    with_candidate = serializers.IntegerField()
    without_candidate = serializers.IntegerField()
    total = serializers.IntegerField()


class PaceSerializer(serializers.Serializer):
    median_days = serializers.FloatField(allow_null=True)
    count = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    funnel = TallySerializer(many=True, help_text="Matches in each state now, in the order a match moves on.")
    capability_gaps = GapSerializer(
        many=True, help_text="Open requests per top-level area, with and without a candidate."
    )
    requests_by_urgency = TallySerializer(many=True)
    time_to_first_proposal = PaceSerializer(help_text="From a request's opening to its first proposal.")
    time_to_acceptance = PaceSerializer(help_text="From a proposal to both sides' acceptance.")


class DashboardView(APIView):
    """The staff dashboard's figures, as the dashboard page shows them; to anyone else it does not exist."""

    @extend_schema(summary="The staff dashboard's figures (staff)", tags=["dashboard"], responses=DashboardSerializer)
    def get(self, request):
        user = request.user
        figures = {
            "funnel": dashboard.funnel(user),
            "capability_gaps": dashboard.capability_gaps(user),
            "requests_by_urgency": dashboard.requests_by_urgency(user),
            "time_to_first_proposal": dashboard.time_to_first_proposal(user),
            "time_to_acceptance": dashboard.time_to_acceptance(user),
        }
        return Response(DashboardSerializer(figures).data)
