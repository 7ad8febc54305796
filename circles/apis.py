"""The circle API: start a circle, answer it through its share token, and read, close or
delete it with the asker's token (X-Owner-Token). Same rules and messages as the pages."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from circles.models import Circle
from circles.selectors import circle_by_owner, circle_by_share, circle_results
from circles.serializers import (
    CircleAnswerInputSerializer,
    CircleAnswerOutputSerializer,
    CircleCloseOutputSerializer,
    CircleDetailOutputSerializer,
    CircleResultsOutputSerializer,
    CircleStartInputSerializer,
    CircleStartOutputSerializer,
)
from circles.services import (
    FIXED_KEYS,
    CircleCapReached,
    CircleClosed,
    CircleFull,
    CircleInvalid,
    circle_answer,
    circle_close,
    circle_delete,
    circle_start,
)
from surveys.apis import (
    ERRORS,
    LANG_PARAMETER,
    TOO_MANY,
    SurveysApi,
    errors_response,
    too_many_response,
)
from surveys.clients import client_address, client_hash, reporter_key
from surveys.models import QuestionnaireVersion
from surveys.ratelimit import changes_wait, rate_limit_hit
from surveys.selectors import choices_for, version_current
from surveys.serializers import DetailOutputSerializer
from surveys.services import AnswersInvalid

QUESTIONNAIRE = "what-worked"
OWNER_TOKEN_PARAMETER = OpenApiParameter(
    "X-Owner-Token",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The owner token returned when the circle was started (not the share token).",
)
FORBIDDEN = OpenApiResponse(DetailOutputSerializer, description="Missing or wrong owner token.")
NOT_FOUND = OpenApiResponse(DetailOutputSerializer, description="No such circle (or deleted).")
GONE = OpenApiResponse(
    DetailOutputSerializer, description="The circle is closed or expired: no new answers."
)


# The messages are the pages' (circles/views.py), so one translation serves both.


def detail_response(message: str, code: int) -> Response:
    return Response({"detail": message}, status=code)


def not_found_response() -> Response:
    return detail_response(
        _("This circle does not exist, or its asker deleted it."), status.HTTP_404_NOT_FOUND
    )


def gone_response() -> Response:
    return detail_response(
        _("This circle is closed: it takes no more answers."), status.HTTP_410_GONE
    )


def circle_questions(version: QuestionnaireVersion) -> list[dict]:
    """The questions as the questionnaire API lists them, without those the circle sets."""
    return [
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
        if question.key not in FIXED_KEYS
    ]


class CircleStartApi(SurveysApi):
    @extend_schema(
        parameters=[LANG_PARAMETER],
        request=CircleStartInputSerializer,
        responses={
            201: CircleStartOutputSerializer,
            400: ERRORS,
            429: OpenApiResponse(
                DetailOutputSerializer,
                description="Rate limit (see Retry-After) or the circles one network may "
                "start in a day.",
            ),
        },
        summary="Start a circle",
    )
    def post(self, request: Request) -> Response:
        hashed = client_hash(client_address(request))
        wait = rate_limit_hit(scope="circle_start", client_hash=hashed)
        if wait:
            return too_many_response(wait)
        body, error = self.read_body(request, CircleStartInputSerializer)
        if error:
            return error
        try:
            started = circle_start(
                platform=body["platform"],
                problem=body["problem"],
                question=body.get("question", ""),
                asker_name=body.get("name", ""),
                language=body["language"],
                client_hash=hashed,
            )
        except CircleInvalid as invalid:
            return errors_response(invalid.errors)
        except CircleCapReached:
            return detail_response(
                _("Your network started many circles today. Try again tomorrow."),
                status.HTTP_429_TOO_MANY_REQUESTS,
            )
        share_path = reverse("circles:answer_form", kwargs={"share_token": started.share_token})
        results_path = reverse("circles:results_link", kwargs={"owner_token": started.owner_token})
        output = {
            "share_token": started.share_token,
            "owner_token": started.owner_token,
            "share_url": request.build_absolute_uri(share_path),
            "results_url": request.build_absolute_uri(results_path),
            "closes_at": started.circle.closes_at,
        }
        return Response(CircleStartOutputSerializer(output).data, status=status.HTTP_201_CREATED)


def changes_limited(request: Request) -> Response | None:
    """The 429 when the client's network went over the limit of changes (the pages' limit
    and message), counted before the owner token is checked so guessing one is too."""
    wait = changes_wait(request)
    if not wait:
        return None
    reply = detail_response(
        _("Too many changes from your network. Try again later."),
        status.HTTP_429_TOO_MANY_REQUESTS,
    )
    reply["Retry-After"] = str(wait)
    return reply


class CircleOwnerApi(SurveysApi):
    """An endpoint of the asker's: the share token finds the circle, the owner token opens it."""

    def owned(self, request: Request, share_token: str) -> tuple[Circle | None, Response | None]:
        """(circle, None) for its asker, else (None, the 404, 403 or, for a change, 429)."""
        if request.method not in ("GET", "HEAD") and (refused := changes_limited(request)):
            return None, refused
        if circle_by_share(share_token) is None:
            return None, not_found_response()
        owner_token = request.headers.get("X-Owner-Token", "")
        circle = circle_by_owner(owner_token, share_token=share_token)
        if circle is None:
            message = _("A valid X-Owner-Token header is required.")
            return None, detail_response(message, status.HTTP_403_FORBIDDEN)
        return circle, None


class CircleDetailApi(CircleOwnerApi):
    @extend_schema(
        parameters=[LANG_PARAMETER],
        responses={200: CircleDetailOutputSerializer, 404: NOT_FOUND, 410: GONE},
        summary="A circle's question and questionnaire, for a friend",
    )
    def get(self, request: Request, share_token: str) -> Response:
        circle = circle_by_share(share_token)
        if circle is None:
            return not_found_response()
        if not circle.is_open():
            return gone_response()
        data = {
            "share_token": circle.share_token,
            "platform": circle.platform.slug,
            "platform_name": circle.platform.name,
            "problem": circle.problem.slug,
            "problem_name": circle.problem.name,
            "question": circle.question,
            "asker_name": circle.asker_name,
            "closes_at": circle.closes_at,
            "questions": circle_questions(version_current(QUESTIONNAIRE)),
        }
        return Response(CircleDetailOutputSerializer(data).data)

    @extend_schema(
        parameters=[OWNER_TOKEN_PARAMETER],
        request=None,
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND, 429: TOO_MANY},
        summary="Delete a circle and its answers",
    )
    def delete(self, request: Request, share_token: str) -> Response:
        circle, refusal = self.owned(request, share_token)
        if refusal:
            return refusal
        circle_delete(circle=circle)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CircleAnswerApi(SurveysApi):
    @extend_schema(
        parameters=[LANG_PARAMETER],
        request=CircleAnswerInputSerializer,
        responses={
            201: CircleAnswerOutputSerializer,
            400: ERRORS,
            404: NOT_FOUND,
            409: OpenApiResponse(
                DetailOutputSerializer, description="The circle has all the answers it takes."
            ),
            410: GONE,
            429: TOO_MANY,
        },
        summary="Answer a circle",
    )
    def post(self, request: Request, share_token: str) -> Response:
        address = client_address(request)
        hashed = client_hash(address)
        wait = rate_limit_hit(scope="circle_answer", client_hash=hashed)
        if wait:
            return too_many_response(wait)
        circle = circle_by_share(share_token)
        if circle is None:
            return not_found_response()
        # Before the body: a closed circle is a 410 whatever the answers (the service checks
        # again, under lock, for an answer racing the close).
        if not circle.is_open():
            return gone_response()
        body, error = self.read_body(request, CircleAnswerInputSerializer)
        if error:
            return error
        try:
            sent = circle_answer(
                circle=circle,
                version=version_current(QUESTIONNAIRE),
                answers=body["answers"],
                never_had_it=body["never_had_it"],
                name=body.get("name", ""),
                count_publicly=body["count_publicly"],
                language=body.get("language") or translation.get_language(),
                client_hash=hashed,
                reporter_key=reporter_key(address),
            )
        except AnswersInvalid as invalid:
            return errors_response(invalid.errors)
        except CircleClosed:
            return gone_response()
        except CircleFull:
            return detail_response(
                _("This circle has all the answers it can take. Thank you all the same."),
                status.HTTP_409_CONFLICT,
            )
        edit_path = reverse("circles:answer_link", kwargs={"token": sent.edit_token})
        output = {
            "id": sent.answer.pk,
            "status": sent.status,
            "edit_token": sent.edit_token,
            "edit_url": request.build_absolute_uri(edit_path),
        }
        return Response(CircleAnswerOutputSerializer(output).data, status=status.HTTP_201_CREATED)


class CircleResultsApi(CircleOwnerApi):
    @extend_schema(
        parameters=[OWNER_TOKEN_PARAMETER, LANG_PARAMETER],
        responses={200: CircleResultsOutputSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
        summary="The answers side by side, what comes back, and the crowd's figures",
    )
    def get(self, request: Request, share_token: str) -> Response:
        circle, refusal = self.owned(request, share_token)
        if refusal:
            return refusal
        results = circle_results(circle=circle, language=translation.get_language())
        data = {
            "platform": circle.platform.slug,
            "problem": circle.problem.slug,
            "question": circle.question,
            "closes_at": circle.closes_at,
            "closed": not circle.is_open(),
            "answers": [
                {
                    "id": row.answer.pk,
                    "answered_at": row.answer.created_at,
                    "name": row.answer.name or None,
                    "never_had_it": row.answer.never_had_it,
                    "channel": row.answer.channel.slug if row.answer.channel else None,
                    "channel_name": row.channel,
                    "outcome": row.answer.outcome or None,
                    "days_to_resolution": row.answer.days_to_resolution,
                    "tip": row.tip or None,
                    "tip_state": row.tip_state,
                    "status": row.status,
                }
                for row in results.rows
            ],
            "recurring": {
                "channels": [
                    {"channel": back.slug, "named_by": back.named_by, "resolved": back.resolved}
                    for back in results.channels
                ],
                "tips": [{"text": tip["text"], "people": tip["people"]} for tip in results.tips],
            },
            "crowd": results.crowd,
            "crowd_computed_at": results.computed_at,
        }
        return Response(CircleResultsOutputSerializer(data).data)


class CircleCloseApi(CircleOwnerApi):
    @extend_schema(
        parameters=[OWNER_TOKEN_PARAMETER],
        request=None,
        responses={
            200: CircleCloseOutputSerializer,
            403: FORBIDDEN,
            404: NOT_FOUND,
            429: TOO_MANY,
        },
        summary="Close a circle: no new answers (closing twice changes nothing)",
    )
    def post(self, request: Request, share_token: str) -> Response:
        circle, refusal = self.owned(request, share_token)
        if refusal:
            return refusal
        circle = circle_close(circle=circle)
        data = {"closed": True, "closed_at": circle.closed_at}
        return Response(CircleCloseOutputSerializer(data).data)
