"""REST API of the work after the introduction: what the work page shows (the conversation, meetings, the pilot
plan, the export checkpoint, the trial slot and the report) as one read, and a message written to the
conversation. Both answer 404 to anyone but the two parties and staff, and before both sides accepted; the
steps on meetings, plans, licences and reports are made on the site's work page."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from innovation_office.refusals import forbidden
from offers.models import ExportControl

from .. import services, states
from ..exports import export_implication
from ..models import CriterionOutcome, LicenceStatus, MatchState, MeetingState, ShippingPaidBy
from ..permissions import may_write_message
from ..selectors.together import conversation_for, meetings_for, message_rows, report_results, work_match_get
from ..services.together import MESSAGE_MAX_CHARS


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField(help_text="The author's name, as the page shows it.")
    side = serializers.CharField(help_text="The side the author writes for, in the reader's language.")
    body = serializers.CharField(allow_blank=True)
    attachment_name = serializers.CharField(allow_blank=True, help_text="Empty when nothing is attached.")
    created_at = serializers.DateTimeField()


class NewMessageSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=MESSAGE_MAX_CHARS, help_text="Attachments are sent on the site.")


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    topic = serializers.CharField()
    state = serializers.ChoiceField(choices=MeetingState.choices)
    duration_minutes = serializers.IntegerField()
    times = serializers.ListField(child=serializers.DateTimeField(), help_text="The proposed times (UTC).")
    starts_at = serializers.DateTimeField(allow_null=True, help_text="The time picked, once confirmed.")
    cancel_reason = serializers.CharField(allow_blank=True)


class PlanSerializer(serializers.Serializer):
    location = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    quantity = serializers.IntegerField()
    shipping_paid_by = serializers.ChoiceField(choices=ShippingPaidBy.choices)
    criteria = serializers.ListField(child=serializers.CharField())
    startup_confirmed = serializers.BooleanField()
    officer_confirmed = serializers.BooleanField()
    ended_at = serializers.DateTimeField(allow_null=True)


class ExportSerializer(serializers.Serializer):
    controlled = serializers.BooleanField()
    implication = serializers.CharField(help_text="What the offer's status implies, in the reader's language.")
    licence_status = serializers.ChoiceField(choices=[("", "None"), *LicenceStatus.choices])
    licence_number = serializers.CharField(allow_blank=True)
    issuing_authority = serializers.CharField(allow_blank=True)
    valid_until = serializers.DateField(allow_null=True)
    overridden = serializers.BooleanField(help_text="Staff let the pilot start without a held licence.")
    override_reason = serializers.CharField(allow_blank=True)


class BookingSerializer(serializers.Serializer):
    place = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class ResultSerializer(serializers.Serializer):
    criterion = serializers.CharField()
    outcome = serializers.ChoiceField(choices=CriterionOutcome.choices)
    note = serializers.CharField(allow_blank=True)


class ReportSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    what_worked = serializers.CharField()
    what_failed = serializers.CharField(allow_blank=True)
    would_order_more = serializers.BooleanField()
    results = ResultSerializer(many=True)
    created_at = serializers.DateTimeField()


class WorkSerializer(serializers.Serializer):
    messages = MessageSerializer(many=True, help_text="The latest messages, oldest first.")
    earlier_messages = serializers.IntegerField(help_text="Older messages not listed here.")
    meetings = MeetingSerializer(many=True, help_text="Newest first.")
    plan = PlanSerializer(allow_null=True)
    pilot_refusal = serializers.CharField(allow_blank=True, help_text="Why the pilot may not start yet, if so.")
    export = ExportSerializer()
    booking = BookingSerializer(allow_null=True)
    report = ReportSerializer(allow_null=True)


def _work(user, match) -> dict:
    conversation = conversation_for(user, match)
    plan = states.related(match, "pilot_plan")
    licence = states.related(match, "export_licence")
    booking = states.related(match, "slot_booking")
    report = states.related(match, "trial_report")
    return {
        "messages": [
            {
                "id": row["message"].pk,
                "author": row["message"].author.display_name if row["message"].author else "",
                "side": str(row["side_label"]),
                "body": row["message"].body,
                "attachment_name": row["message"].attachment_name,
                "created_at": row["message"].created_at,
            }
            for row in conversation.rows
        ],
        "earlier_messages": conversation.earlier,
        "meetings": [
            {
                "id": meeting.pk,
                "topic": meeting.topic,
                "state": meeting.state,
                "duration_minutes": meeting.duration_minutes,
                "times": [slot.starts_at for slot in meeting.slots.all()],
                "starts_at": meeting.starts_at,
                "cancel_reason": meeting.cancel_reason,
            }
            for meeting in meetings_for(match)
        ],
        "plan": None
        if plan is None
        else {
            "location": plan.location,
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
            "quantity": plan.quantity,
            "shipping_paid_by": plan.shipping_paid_by,
            "criteria": [criterion.text for criterion in plan.criteria.all()],
            "startup_confirmed": plan.startup_confirmed_at is not None,
            "officer_confirmed": plan.officer_confirmed_at is not None,
            "ended_at": plan.ended_at,
        },
        "pilot_refusal": states.pilot_refusal(match) if match.state == MatchState.ACCEPTED else "",
        "export": {
            "controlled": match.offer.export_control != ExportControl.NOT_CONTROLLED,
            "implication": export_implication(match.offer),
            "licence_status": licence.status if licence else "",
            "licence_number": licence.number if licence else "",
            "issuing_authority": licence.issuing_authority if licence else "",
            "valid_until": licence.valid_until if licence else None,
            "overridden": bool(licence and licence.override_at),
            "override_reason": licence.override_reason if licence else "",
        },
        "booking": None
        if booking is None
        else {"place": booking.slot.place, "starts_on": booking.slot.starts_on, "ends_on": booking.slot.ends_on},
        "report": None
        if report is None
        else {
            "rating": report.rating,
            "what_worked": report.what_worked,
            "what_failed": report.what_failed,
            "would_order_more": report.would_order_more,
            "results": [
                {"criterion": row.criterion.text, "outcome": row.outcome, "note": row.note}
                for row in report_results(match)
            ],
            "created_at": report.created_at,
        },
    }


class MatchWorkView(APIView):
    """The work after the introduction, as the work page shows it to the reader."""

    @extend_schema(
        summary="The work together on a match both sides accepted (the parties and staff)",
        tags=["matches"],
        responses=WorkSerializer,
    )
    def get(self, request, pk: int):
        match = work_match_get(request.user, pk)
        return Response(WorkSerializer(_work(request.user, match)).data)


class MatchMessagesView(APIView):
    """A message to the match's conversation: the two parties and staff, while the match is worked on (409 after)."""

    extra_error_codes = (409,)

    @extend_schema(
        summary="Write to the conversation of a match both sides accepted",
        tags=["matches"],
        request=NewMessageSerializer,
        responses={201: MessageSerializer},
    )
    def post(self, request, pk: int):
        match = work_match_get(request.user, pk)
        if not may_write_message(request.user, match):
            forbidden(_("Only the two parties and the office write in this conversation."))
        body = NewMessageSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        message = services.message_send(match=match, by=request.user, body=body.validated_data["body"])
        (row,) = message_rows(match, [message])
        data = {
            "id": message.pk,
            "author": request.user.display_name,
            "side": str(row["side_label"]),
            "body": message.body,
            "attachment_name": "",
            "created_at": message.created_at,
        }
        return Response(MessageSerializer(data).data, status=status.HTTP_201_CREATED)
