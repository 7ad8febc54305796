import functools

from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from aggregation import exports
from aggregation.feedback import NOTE_MAX, recommendation_flag, shown_tip, tip_flag
from aggregation.models import TipSignal
from aggregation.selectors import recommendations_get
from aggregation.serializers import (
    ExportEntrySerializer,
    RecommendationQuerySerializer,
    RecommendationSerializer,
)
from platforms.models import ContactChannel, Platform, ProblemType
from surveys.clients import client_address, client_hash
from surveys.ratelimit import rate_limit_hit
from surveys.serializers import DetailOutputSerializer


class RecommendationListApi(APIView):
    """Contact channels ranked by what worked, from the platform's current snapshot."""

    @extend_schema(
        parameters=[RecommendationQuerySerializer],
        responses={
            200: PolymorphicProxySerializer(
                component_name="Recommendations",
                serializers=[RecommendationSerializer, RecommendationSerializer(many=True)],
                resource_type_field_name=None,
                many=False,
            ),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Messages by parameter."),
            404: OpenApiResponse(
                DetailOutputSerializer, description="Unknown platform or problem."
            ),
        },
        description="With `problem`, one object; without it, a list with one per problem. "
        "Tips are those in the request's language.",
    )
    def get(self, request, slug: str):
        query = RecommendationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        platform = Platform.objects.active().filter(slug=slug).first()
        if platform is None:
            raise NotFound(f"No platform with the slug {slug!r}.")
        problem = None
        if "problem" in query.validated_data:
            problem_slug = query.validated_data["problem"]
            problem = ProblemType.objects.filter(slug=problem_slug).first()
            if problem is None:
                raise NotFound(f"No problem with the slug {problem_slug!r}.")
        return Response(
            recommendations_get(platform=platform, problem=problem, language=get_language())
        )


# Snapshots change at most every few minutes: let browsers and proxies keep a copy.
EXPORT_MAX_AGE = 300


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if isinstance(data, dict):  # an error response (405...): its message, as one cell
            return exports.csv_bytes([{"detail": data.get("detail", "")}], ["detail"])
        return exports.csv_bytes(data, exports.CSV_FIELDS)


class _ExportApi(APIView):
    # Anonymous and the same for everyone: no session read, so no "Vary: Cookie".
    authentication_classes = ()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=EXPORT_MAX_AGE)
        return response


class RecommendationExportCsvApi(_ExportApi):
    """Every active platform's current snapshot, one row per problem and channel."""

    renderer_classes = [CsvRenderer]

    @extend_schema(
        operation_id="export_recommendations_csv",
        responses={(200, "text/csv"): OpenApiResponse(response=OpenApiTypes.STR)},
        description="UTF-8 with a byte-order mark, a header row: "
        + ", ".join(exports.CSV_FIELDS)
        + ". Channels without enough reports have an empty rank and estimate. Known-dead "
        "addresses are not rows: see the JSON export's `do_not_use`.",
    )
    def get(self, request):
        return Response(
            exports.export_rows(),
            headers={"Content-Disposition": 'attachment; filename="recommendations.csv"'},
        )


class RecommendationExportJsonApi(_ExportApi):
    """Every active platform's current snapshot: channels, dead addresses, recurring tips."""

    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="export_recommendations_json",
        responses={200: ExportEntrySerializer(many=True)},
        description="One entry per active platform and problem with channels, known-dead "
        "addresses or recurring tips; tips in English and in French.",
    )
    def get(self, request):
        return Response(exports.export_entries())


class TipFlagInputSerializer(serializers.Serializer):
    """A flag on a shown tip (`tip`, its key) or on a recommendation (`platform`,
    `problem` and `channel` slugs)."""

    tip = serializers.RegexField(r"^[0-9a-f]{1,32}$", required=False)
    platform = serializers.SlugField(required=False)
    problem = serializers.SlugField(required=False)
    channel = serializers.SlugField(required=False)
    reason = serializers.ChoiceField(choices=TipSignal.Reason.choices)
    note = serializers.CharField(max_length=NOTE_MAX, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        recommendation = [attrs.get(name) for name in ("platform", "problem", "channel")]
        if bool(attrs.get("tip")) == any(recommendation):
            raise serializers.ValidationError(
                "name a tip, or a recommendation by platform, problem and channel."
            )
        if any(recommendation) and not all(recommendation):
            raise serializers.ValidationError(
                "a recommendation needs platform, problem and channel."
            )
        return attrs


class FlagOutputSerializer(serializers.Serializer):
    flagged = serializers.BooleanField(help_text="False: this visitor flagged it already.")


FLAGGED = OpenApiResponse(FlagOutputSerializer, description="Flagged.")


class TipFlagApi(APIView):
    """Flag a shown tip or a recommendation for the moderators: one flag per visitor per
    item, rate limited; past TIP_FLAGS_TO_HIDE flags a tip is hidden until they decide.
    JSON only: a form on another site cannot make its visitors' browsers flag a tip."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=TipFlagInputSerializer,
        responses={
            201: FLAGGED,
            200: OpenApiResponse(FlagOutputSerializer, description="Flagged already."),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Messages by field."),
            404: OpenApiResponse(DetailOutputSerializer, description="No such tip or channel."),
            429: OpenApiResponse(
                DetailOutputSerializer, description="Rate limit reached; see Retry-After."
            ),
        },
    )
    def post(self, request):
        body = TipFlagInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        visitor = client_hash(client_address(request))
        if data.get("tip"):
            tip = shown_tip(data["tip"])
            if tip is None:
                raise NotFound("No shown tip has this key.")
            flag = functools.partial(tip_flag, tip=tip)
        else:
            channel = (
                ContactChannel.objects.active()
                .filter(platform__slug=data["platform"], slug=data["channel"])
                .first()
            )
            problem = ProblemType.objects.filter(slug=data["problem"]).first()
            if channel is None or problem is None:
                raise NotFound("No such recommendation.")
            flag = functools.partial(
                recommendation_flag,
                platform_id=channel.platform_id,
                problem_id=problem.pk,
                channel_id=channel.pk,
            )
        wait = rate_limit_hit(scope="flag", client_hash=visitor)
        if wait:
            reply = Response({"detail": "Too many flags from your network."}, status=429)
            reply["Retry-After"] = str(wait)
            return reply
        flagged = flag(client_hash=visitor, reason=data["reason"], note=data["note"])
        return Response({"flagged": flagged}, status=201 if flagged else 200)
