"""REST API of the user's own notifications: the list and marking them read."""

import django_filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from innovation_office.api.filters import parsed_filters

from .models import Notification
from .selectors import notification_get, notifications_of
from .services import notifications_mark_read
from .subjects import shown


class NotificationSerializer(serializers.ModelSerializer):
    """A notification as its reader may see it now: give it what `subjects.shown` prepared."""

    text = serializers.CharField(
        help_text="The notification's text; a neutral line when its reader may no longer see what it was about."
    )
    url = serializers.CharField(source="link", allow_null=True, help_text="A link into the site, or null.")

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "url", "created_at", "read_at"]
        read_only_fields = fields


class NotificationFilterSet(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(help_text="Only unread (true) or only read (false) notifications.")

    class Meta:
        model = Notification
        fields = []


MarkedSerializer = inline_serializer(name="MarkedRead", fields={"marked": serializers.IntegerField()})


@extend_schema(tags=["notifications"])
class NotificationViewSet(viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = NotificationFilterSet

    def get_queryset(self):
        return Notification.objects.none()

    @extend_schema(summary="Your notifications, newest first")
    def list(self, request):
        unread = parsed_filters(self, request).form.cleaned_data.get("unread")
        page = shown(request.user, self.paginate_queryset(notifications_of(request.user, unread=unread)))
        return self.get_paginated_response(NotificationSerializer(page, many=True).data)

    @extend_schema(summary="Mark one of your notifications read", request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk: int):
        notification = notification_get(request.user, pk)
        notifications_mark_read(user=request.user, ids=[notification.pk])
        (notification,) = shown(request.user, [notification_get(request.user, pk)])
        return Response(NotificationSerializer(notification).data)

    @extend_schema(summary="Mark all your notifications read", request=None, responses=MarkedSerializer)
    @action(detail=False, methods=["post"], url_path="read-all", filterset_class=None)
    def read_all(self, request):
        return Response({"marked": notifications_mark_read(user=request.user)})
