"""The moderation API for the items other than reports: scam and reported addresses,
tips, and recommendations."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from moderation.apis import INVALID, REFUSALS, ModerationApi, detail_reply
from moderation.serializers import DecisionSerializer
from moderation.services import (
    DecisionInvalid,
    recommendation_decide,
    reported_address_judge,
    scam_address_add,
    tip_decide,
)
from platforms.models import ContactChannel, Platform, ProblemType
from surveys.addresses import NOTE_MAX, AddressDecided
from surveys.models import ReportedAddress


class ScamAddressInputSerializer(serializers.Serializer):
    platform = serializers.SlugRelatedField(slug_field="slug", queryset=Platform.objects.all())
    kind = serializers.ChoiceField(choices=ReportedAddress.Kind.choices)
    value = serializers.CharField(max_length=500)
    note = serializers.CharField(max_length=NOTE_MAX, required=False, allow_blank=True, default="")


class AddressDecisionInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["confirm_scam", "dismiss"])
    note = serializers.CharField(max_length=NOTE_MAX, required=False, allow_blank=True, default="")


class ScamAddressApi(ModerationApi):
    """Put an address on a platform's do-not-use list (the check and pages use it at once)."""

    serializer_class = ScamAddressInputSerializer

    @extend_schema(responses={201: DecisionSerializer, 400: INVALID, **REFUSALS})
    def post(self, request):
        body = ScamAddressInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            decision = scam_address_add(moderator=request.user, **body.validated_data)
        except DecisionInvalid as error:
            return Response({"errors": error.errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class AddressDecisionApi(ModerationApi):
    """Confirm a visitor-reported address as a scam, or dismiss it (409 once judged)."""

    serializer_class = AddressDecisionInputSerializer

    @extend_schema(
        responses={
            201: DecisionSerializer,
            400: INVALID,
            **REFUSALS,
            404: detail_reply("No such reported address."),
            409: detail_reply("Another moderator judged it already."),
        }
    )
    def post(self, request, address_id: int):
        body = AddressDecisionInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        address = ReportedAddress.objects.filter(pk=address_id).first()
        if address is None:
            raise NotFound("No such reported address.")
        try:
            decision = reported_address_judge(
                address=address, moderator=request.user, **body.validated_data
            )
        except AddressDecided as decided:
            return Response(
                {"detail": f"already judged: {decided.address.status}"},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class TipDecisionInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["hide_tip", "keep_tip"])
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class TipDecisionApi(ModerationApi):
    """Hide a recurring tip from the pages and the API, or keep it (answering its flags)."""

    serializer_class = TipDecisionInputSerializer

    @extend_schema(
        responses={
            201: DecisionSerializer,
            400: INVALID,
            **REFUSALS,
            404: detail_reply("No shown tip has this key."),
        }
    )
    def post(self, request, key: str):
        body = TipDecisionInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            decision = tip_decide(key=key, moderator=request.user, **body.validated_data)
        except DecisionInvalid as error:
            if "tip" in error.errors:
                raise NotFound(error.errors["tip"]) from None
            return Response({"errors": error.errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class RecommendationInputSerializer(serializers.Serializer):
    platform = serializers.SlugRelatedField(slug_field="slug", queryset=Platform.objects.all())
    problem = serializers.SlugRelatedField(slug_field="slug", queryset=ProblemType.objects.all())
    channel = serializers.SlugField()
    action = serializers.ChoiceField(choices=["pin", "hide", "clear", "keep"])
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        channel = ContactChannel.objects.filter(
            platform=attrs["platform"], slug=attrs["channel"]
        ).first()
        if channel is None:
            raise serializers.ValidationError({"channel": "no such channel for this platform."})
        return {**attrs, "channel": channel}


class RecommendationDecisionApi(ModerationApi):
    """Pin a channel's recommendation first, hide it, or clear either (with a note)."""

    serializer_class = RecommendationInputSerializer

    @extend_schema(responses={201: DecisionSerializer, 400: INVALID, **REFUSALS})
    def post(self, request):
        body = RecommendationInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            decision = recommendation_decide(moderator=request.user, **body.validated_data)
        except DecisionInvalid as error:
            return Response({"errors": error.errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)
