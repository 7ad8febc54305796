from rest_framework import serializers

from platforms.models import ContactChannel, Platform, ProblemType


class ProblemTypeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)

    class Meta:
        model = ProblemType
        fields = ["slug", "name", "description"]


class ContactChannelSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    notes = serializers.CharField(read_only=True)
    problems = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = ContactChannel
        fields = [
            "slug",
            "kind",
            "label",
            "address",
            "department",
            "audience",
            "problems",
            "source_url",
            "source_kind",
            "sourced_on",
            "confidence",
            "verification",
            "address_language",
            "notes",
            "owner",
            "body",
            "rung",
            "region",
            "eligibility",
            "deadline_days",
        ]


class PlatformSerializer(serializers.ModelSerializer):
    in_app_help_path = serializers.CharField(read_only=True)
    notes = serializers.CharField(read_only=True)

    class Meta:
        model = Platform
        fields = [
            "slug",
            "name",
            "website",
            "help_center_url",
            "in_app_help_path",
            "phone_support",
            "phone_support_confidence",
            "notes",
        ]


class PlatformDetailSerializer(PlatformSerializer):
    channels = ContactChannelSerializer(many=True, read_only=True)

    class Meta(PlatformSerializer.Meta):
        fields = [*PlatformSerializer.Meta.fields, "channels"]
