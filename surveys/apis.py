"""The questionnaire API: read the current version, submit, and edit with the token."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
)
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from surveys.clients import client_address, client_hash, reporter_key
from surveys.ratelimit import changes_wait, rate_limit_hit
from surveys.selectors import choices_for, response_by_token, version_current
from surveys.serializers import (
    DetailOutputSerializer,
    ErrorsOutputSerializer,
    QuestionnaireDetailOutputSerializer,
    ResponseDetailOutputSerializer,
    ResponseSubmitInputSerializer,
    ResponseSubmitOutputSerializer,
    ResponseUpdateInputSerializer,
)
from surveys.services import (
    AnswersInvalid,
    report_public_status,
    response_answers,
    response_delete,
    response_submit,
    response_update,
)

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=[code for code, _name in settings.LANGUAGES],
    description="Language of labels and messages (default: Accept-Language).",
)
TOKEN_PARAMETER = OpenApiParameter(
    "X-Edit-Token",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The edit token returned when the response was submitted.",
)
ERRORS = OpenApiResponse(ErrorsOutputSerializer, description="Messages by answer key.")
TOO_MANY = OpenApiResponse(
    DetailOutputSerializer, description="Rate limit reached; see the Retry-After header."
)
FORBIDDEN = OpenApiResponse(DetailOutputSerializer, description="Missing or wrong edit token.")
NOT_FOUND = OpenApiResponse(DetailOutputSerializer, description="No such questionnaire.")
# A path the API's patterns refuse (an id that is no number, a slug with a slash): the same
# JSON 404 as the API's own, not the site's HTML page (api_not_found, below).
NO_SUCH_PATH = OpenApiResponse(DetailOutputSerializer, description="Malformed path parameter.")


def errors_response(errors: dict) -> Response:
    return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)


def too_many_response(wait: int) -> Response:
    message = _("Too many reports from your network. Try again in %(seconds)s seconds.")
    return Response(
        {"detail": message % {"seconds": wait}},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
        headers={"Retry-After": str(wait)},
    )


class SurveysApi(APIView):
    """No session authentication (so no CSRF): the edit token is the only credential."""

    authentication_classes: list = []
    parser_classes = [JSONParser]

    def initial(self, request, *args, **kwargs):
        lang = request.query_params.get("lang", "")
        if lang in dict(settings.LANGUAGES):
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        super().initial(request, *args, **kwargs)

    def read_body(self, request: Request, serializer_class) -> tuple[dict | None, Response | None]:
        """The validated top-level body, or the 400 to answer: never a 500 for bad JSON."""
        try:
            data = request.data
        except ParseError as error:
            return None, errors_response({"body": [_("Malformed JSON: %s") % error.detail]})
        if not isinstance(data, dict):
            return None, errors_response({"body": [_("Send a JSON object.")]})
        serializer = serializer_class(data=data)
        if not serializer.is_valid():
            return None, errors_response(serializer.errors)
        return serializer.validated_data, None


class QuestionnaireDetailApi(SurveysApi):
    @extend_schema(
        parameters=[LANG_PARAMETER],
        responses={200: QuestionnaireDetailOutputSerializer, 404: NOT_FOUND},
        summary="The questionnaire's current published version",
    )
    def get(self, request: Request, slug: str) -> Response:
        version = version_current(slug)
        questionnaire = version.questionnaire
        data = {
            "slug": questionnaire.slug,
            "title": questionnaire.title,
            "description": questionnaire.description,
            "version": version.number,
            "language": translation.get_language(),
            "questions": [
                {
                    "key": question.key,
                    "type": question.type,
                    "label": question.label,
                    "help": question.help,
                    "required": question.required,
                    "choices": choices_for(question),
                    "min_value": question.min_value,
                    "max_value": question.max_value,
                    "max_length": question.max_length,
                    "show_if": question.show_if,
                }
                for question in version.questions.all()
            ],
        }
        return Response(QuestionnaireDetailOutputSerializer(data).data)


class ResponseSubmitApi(SurveysApi):
    @extend_schema(
        parameters=[LANG_PARAMETER],
        request=ResponseSubmitInputSerializer,
        responses={
            201: ResponseSubmitOutputSerializer,
            400: ERRORS,
            404: NOT_FOUND,
            429: TOO_MANY,
        },
        summary="Submit a response",
    )
    def post(self, request: Request, slug: str) -> Response:
        address = client_address(request)
        hashed = client_hash(address)
        wait = rate_limit_hit(scope="submit", client_hash=hashed)
        if wait:
            return too_many_response(wait)
        body, error = self.read_body(request, ResponseSubmitInputSerializer)
        if error:
            return error
        version = version_current(slug)
        try:
            result = response_submit(
                version=version,
                answers=body["answers"],
                language=body.get("language") or translation.get_language(),
                client_hash=hashed,
                reporter_key=reporter_key(address),
            )
        except AnswersInvalid as invalid:
            return errors_response(invalid.errors)
        output = {
            "id": result.response.pk,
            "edit_token": result.edit_token,
            "status": result.status,
        }
        return Response(ResponseSubmitOutputSerializer(output).data, status=status.HTTP_201_CREATED)


class ResponseDetailApi(SurveysApi):
    """Read, update or delete a response with its edit token (X-Edit-Token header)."""

    def _response(self, request: Request, response_id: int):
        return response_by_token(
            token=request.headers.get("X-Edit-Token", ""), response_id=response_id
        )

    def _editable(self, request: Request, response_id: int):
        """(response, None) when the client may change it, else (None, the 429 or 403)."""
        if wait := changes_wait(request):
            return None, too_many_response(wait)
        response = self._response(request, response_id)
        if response is None:
            return None, self._forbidden()
        return response, None

    def _forbidden(self) -> Response:
        return Response(
            {"detail": _("A valid X-Edit-Token header is required.")},
            status=status.HTTP_403_FORBIDDEN,
        )

    def _output(self, response) -> dict:
        data = {
            "id": response.pk,
            "questionnaire": response.version.questionnaire.slug,
            "version": response.version.number,
            "language": response.language,
            "submitted_at": response.submitted_at,
            "updated_at": response.updated_at,
            "status": report_public_status(response.report),
            "answers": response_answers(response),
        }
        return ResponseDetailOutputSerializer(data).data

    @extend_schema(
        parameters=[TOKEN_PARAMETER],
        responses={200: ResponseDetailOutputSerializer, 403: FORBIDDEN, 404: NO_SUCH_PATH},
        summary="Read a response",
    )
    def get(self, request: Request, response_id: int) -> Response:
        response = self._response(request, response_id)
        if response is None:
            return self._forbidden()
        return Response(self._output(response))

    @extend_schema(
        parameters=[TOKEN_PARAMETER, LANG_PARAMETER],
        request=ResponseUpdateInputSerializer,
        responses={
            200: ResponseDetailOutputSerializer,
            400: ERRORS,
            403: FORBIDDEN,
            404: NO_SUCH_PATH,
            429: TOO_MANY,
        },
        summary="Update a response's outcome",
    )
    def patch(self, request: Request, response_id: int) -> Response:
        response, refusal = self._editable(request, response_id)
        if refusal:
            return refusal
        body, error = self.read_body(request, ResponseUpdateInputSerializer)
        if error:
            return error
        try:
            response_update(response=response, answers=body["answers"])
        except AnswersInvalid as invalid:
            return errors_response(invalid.errors)
        response.refresh_from_db()
        response.report.refresh_from_db()
        return Response(self._output(response))

    @extend_schema(
        parameters=[TOKEN_PARAMETER],
        request=None,
        responses={204: None, 403: FORBIDDEN, 404: NO_SUCH_PATH, 429: TOO_MANY},
        summary="Delete a response and its report",
    )
    def delete(self, request: Request, response_id: int) -> Response:
        response, refusal = self._editable(request, response_id)
        if refusal:
            return refusal
        response_delete(response=response)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
def api_not_found(request: Request, path: str) -> Response:
    """Under /api/, a path no pattern takes answers JSON as the API does, not HTML."""
    return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
