from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets

from platforms.models import ContactChannel, Platform, ProblemType
from platforms.serializers import (
    PlatformDetailSerializer,
    PlatformSerializer,
    ProblemTypeSerializer,
)
from surveys.serializers import DetailOutputSerializer

NOT_FOUND = OpenApiResponse(DetailOutputSerializer, description="No such slug (or retired).")


@extend_schema_view(
    retrieve=extend_schema(responses={200: PlatformDetailSerializer, 404: NOT_FOUND})
)
class PlatformViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalog's platforms; one platform comes with its official contact channels."""

    lookup_field = "slug"
    pagination_class = None

    def get_queryset(self):
        platforms = Platform.objects.active()
        if self.action == "retrieve":
            channels = ContactChannel.objects.filter(active=True).prefetch_related("problems")
            platforms = platforms.prefetch_related(Prefetch("channels", queryset=channels))
        return platforms

    def get_serializer_class(self):
        return PlatformDetailSerializer if self.action == "retrieve" else PlatformSerializer


@extend_schema_view(retrieve=extend_schema(responses={200: ProblemTypeSerializer, 404: NOT_FOUND}))
class ProblemTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """The problems people report (can't log in, hacked account, ...)."""

    queryset = ProblemType.objects.all()
    serializer_class = ProblemTypeSerializer
    lookup_field = "slug"
    pagination_class = None
