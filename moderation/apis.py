"""The moderation API: session authentication only, moderators only."""

from django.core.paginator import Paginator
from django.urls import reverse
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from moderation.security import two_factor_pending
from moderation.selectors import QueueFilters, decisions_get, queue_get, report_number
from moderation.serializers import (
    BulkInputSerializer,
    DecisionInputSerializer,
    DecisionSerializer,
    QueueItemSerializer,
    QueueQuerySerializer,
)
from moderation.services import CHANGED, DecisionInvalid, report_decide, reports_decide
from moderation.views import PERMISSION
from surveys.models import Report
from surveys.serializers import DetailOutputSerializer
from surveys.services import ReportChanged

PAGE_SIZE = 50

# What every moderation endpoint may answer besides its own replies, so the schema tells
# clients the truth (tests/api checks every reply against it).
INVALID = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Bad input: messages by field, or {"errors": {field: messages}} for a '
    "decision the rules refuse.",
)
SIGNED_OUT = OpenApiResponse(DetailOutputSerializer, description="Not signed in.")
NOT_MODERATOR = OpenApiResponse(
    DetailOutputSerializer,
    description="Not a moderator, or two-factor is on and no code was entered this session.",
)
REFUSALS = {401: SIGNED_OUT, 403: NOT_MODERATOR}


def detail_reply(description: str) -> OpenApiResponse:
    return OpenApiResponse(DetailOutputSerializer, description=description)


def page_of(name: str, item, **fields) -> serializers.Serializer:
    """The paged envelope the list endpoints answer: a count, the page, and its items."""
    return inline_serializer(
        name,
        {
            "count": serializers.IntegerField(),
            "page": serializers.IntegerField(),
            **fields,
            "results": item(many=True),
        },
    )


class SessionAuthentication401(SessionAuthentication):
    """Sessions, answering 401 (not 403) to a request that is not signed in."""

    def authenticate_header(self, request) -> str:
        return 'Session realm="moderation"'


class ModeratorSessionScheme(SessionScheme):
    """The schema names the moderators' session cookie as these endpoints' credential."""

    target_class = SessionAuthentication401
    name = "moderatorSession"


class IsModerator(BasePermission):
    """Moderators only; one with two-factor on must have entered a code in this session."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.has_perm(PERMISSION)):
            return False
        if two_factor_pending(user):
            # DRF puts these in its 403 (a new permission object is made for each request).
            self.message = (
                "Two-factor sign-in is on for this account: enter a code at "
                f"{reverse('two_factor:verify')} first."
            )
            self.code = "two_factor_required"
            return False
        return True


class ModerationApi(APIView):
    authentication_classes = [SessionAuthentication401]
    permission_classes = [IsModerator]


class QueueApi(ModerationApi):
    """Held reports, newest first, with their hold reasons and version."""

    @extend_schema(
        parameters=[QueueQuerySerializer],
        responses={
            200: page_of(
                "QueuePage",
                QueueItemSerializer,
                pages=serializers.IntegerField(),
                reasons=serializers.DictField(
                    child=serializers.IntegerField(), help_text="Held reports by hold reason."
                ),
            ),
            400: INVALID,
            **REFUSALS,
        },
    )
    def get(self, request):
        query = QueueQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page_number = query.validated_data.pop("page")
        queue = queue_get(QueueFilters(**query.validated_data), limit=10_000)
        page = Paginator(queue.reports, PAGE_SIZE).get_page(page_number)
        return Response(
            {
                "count": queue.total,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "reasons": dict(queue.counts.most_common()),
                "results": QueueItemSerializer(page.object_list, many=True).data,
            }
        )


class DecisionApi(ModerationApi):
    """Approve or reject one held report, as of the version it was read at."""

    @extend_schema(
        request=DecisionInputSerializer,
        responses={
            201: DecisionSerializer,
            400: INVALID,
            **REFUSALS,
            404: detail_reply("No such report."),
            409: OpenApiResponse(
                inline_serializer(
                    "DecisionConflict",
                    {"detail": serializers.CharField(), "version": serializers.CharField()},
                ),
                description="The report changed since it was read: its current version.",
            ),
        },
    )
    def post(self, request, report_id: int):
        body = DecisionInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = (
            Report.objects.select_related("platform", "problem", "channel")
            .filter(pk=report_id)
            .first()
        )
        if report is None:
            raise NotFound("No such report.")
        try:
            decision = report_decide(report=report, moderator=request.user, **body.validated_data)
        except DecisionInvalid as error:
            return Response({"errors": error.errors}, status=status.HTTP_400_BAD_REQUEST)
        except ReportChanged as changed:
            return Response(
                {"detail": CHANGED, "version": changed.report.version},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class BulkDecisionApi(ModerationApi):
    """One decision for many reports: one result per item; stale ones are refused."""

    @extend_schema(
        request=BulkInputSerializer,
        responses={
            200: inline_serializer(
                "BulkDecisionOutput",
                {
                    "results": serializers.ListField(
                        child=inline_serializer(
                            "BulkDecisionResult",
                            {
                                "id": serializers.IntegerField(),
                                "outcome": serializers.CharField(),
                                "detail": serializers.CharField(),
                                "decision": serializers.IntegerField(allow_null=True),
                            },
                        )
                    )
                },
            ),
            400: INVALID,
            **REFUSALS,
        },
    )
    def post(self, request):
        body = BulkInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        items = [(item["id"], item["version"]) for item in data.pop("items")]
        try:
            results = reports_decide(items=items, moderator=request.user, **data)
        except DecisionInvalid as error:
            return Response({"errors": error.errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {
                "results": [
                    {
                        "id": result.report_id,
                        "outcome": result.outcome,
                        "detail": result.detail,
                        "decision": result.decision.pk if result.decision else None,
                    }
                    for result in results
                ]
            }
        )


class LogApi(ModerationApi):
    """The history of decisions, newest first; `report` or `moderator` filter it."""

    @extend_schema(
        parameters=[
            OpenApiParameter("report", OpenApiTypes.STR, description="A report number."),
            OpenApiParameter("moderator", OpenApiTypes.STR, description="A username."),
            OpenApiParameter("page", OpenApiTypes.STR, description="Out of range: the last."),
        ],
        responses={200: page_of("DecisionPage", DecisionSerializer), **REFUSALS},
    )
    def get(self, request):
        report = request.query_params.get("report", "")
        decisions = decisions_get(
            report_id=report_number(report),
            moderator=request.query_params.get("moderator", "")[:150],
        )
        page_number = request.query_params.get("page", "1")
        page = Paginator(decisions, PAGE_SIZE).get_page(page_number)
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "results": DecisionSerializer(page.object_list, many=True).data,
            }
        )
