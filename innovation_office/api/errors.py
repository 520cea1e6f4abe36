"""One error shape for the whole API, `{"error": {"code", "message", "fields"}}`, and its place in the schema."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from innovation_office.transitions import IllegalTransition

ERROR_MESSAGES = {
    status.HTTP_400_BAD_REQUEST: "The request is not valid.",
    status.HTTP_404_NOT_FOUND: "Not found.",
    status.HTTP_409_CONFLICT: "The object is not in a state that allows this.",
}


def _messages(detail) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _messages(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _messages(value)]
    return [str(detail)]


def _fields(detail) -> dict[str, list[str]]:
    if not isinstance(detail, dict):
        return {}
    return {name: _messages(value) for name, value in detail.items() if name not in ("non_field_errors", "__all__")}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = ERROR_MESSAGES[status.HTTP_409_CONFLICT]
    default_code = "illegal_transition"


@csrf_exempt  # it changes nothing: a POST to a wrong address gets the 404 rather than a CSRF page
def not_found(request, path: str = "") -> JsonResponse:
    """Any other address under /api/v1/ (an id that is not a number, a mistyped path): 404 in the API's shape."""
    return JsonResponse({"error": {"code": "not_found", "message": ERROR_MESSAGES[404], "fields": {}}}, status=404)


def _from_django(exc: Exception) -> Exception:
    """Services speak Django; the API answers in DRF's exceptions."""
    if isinstance(exc, IllegalTransition):
        return Conflict(" ".join(exc.messages))
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return exceptions.ValidationError(detail)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(" ".join(exc.args) or None)
    return exc


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Every error as `{"error": {"code", "message", "fields"}}` with the status that says what happened."""
    exc = _from_django(exc)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    detail = exc.detail
    fields = _fields(detail)
    if isinstance(detail, dict):
        general = _messages({k: v for k, v in detail.items() if k in ("non_field_errors", "__all__")})
        message = " ".join(general) or ERROR_MESSAGES.get(response.status_code, "Error.")
        code = "invalid"
    else:
        message = " ".join(_messages(detail))
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else (codes[0] if codes else exc.default_code)
    response.data = {"error": {"code": code, "message": message, "fields": fields}}
    return response


ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "error": inline_serializer(
            name="ErrorBody",
            fields={
                "code": serializers.CharField(help_text="A stable, machine-readable code, e.g. not_found."),
                "message": serializers.CharField(help_text="What went wrong, for a person."),
                "fields": serializers.DictField(
                    child=serializers.ListField(child=serializers.CharField()),
                    help_text="Messages per input field (empty when the error is not about a field).",
                ),
            },
        )
    },
)

ERROR_DESCRIPTIONS = {
    400: "The input is not valid; `fields` says what to change.",
    401: "No credentials, or a token that is invalid, expired or revoked.",
    403: "Signed in, but this action is not yours to take (or the CSRF check of a session call failed).",
    404: "No such object, or it is outside your view.",
    405: "The method is not allowed here.",
    406: "The requested representation is not available.",
    409: "The object is not in a state that allows this action.",
    415: "The request body's media type is not supported.",
    429: "Too many requests: wait as many seconds as Retry-After says.",
}


class ApiAutoSchema(AutoSchema):
    """Adds the documented error responses to every operation: which ones a view answers is declared on it."""

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        codes = {401, 403, 404, 405, 406, 429}
        if self.method in ("POST", "PUT", "PATCH"):
            codes |= {400, 415}
        if self.method == "GET" and (getattr(self.view, "filterset_class", None) or self._is_list_view()):
            codes.add(400)
        if self.method != "GET":
            codes |= set(getattr(self.view, "extra_error_codes", ()))
        for code in sorted(codes):
            if str(code) not in bodies:
                body = self._get_response_for_code(ErrorSerializer, str(code), direction=direction)
                body["description"] = ERROR_DESCRIPTIONS[code]
                bodies[str(code)] = body
        return bodies


def ids_are_natural_numbers(result, generator, request, public):
    """Path ids are matched by [0-9]+: say so, so that clients (and schemathesis) send only such ids."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                    parameter["schema"].update(minimum=0, maximum=2**63 - 1)
    return result
