from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from aggregation.selectors import recommendations_get
from aggregation.serializers import RecommendationQuerySerializer, RecommendationSerializer
from platforms.models import Platform, ProblemType


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
            400: OpenApiResponse(description="Bad query parameter."),
            404: OpenApiResponse(description="Unknown platform or problem."),
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
