from rest_framework import serializers

from moderation.models import Decision
from moderation.selectors import reason_kinds
from moderation.services import MESSAGE_MAX


class QueueQuerySerializer(serializers.Serializer):
    platform = serializers.SlugField(required=False, default="")
    problem = serializers.SlugField(required=False, default="")
    reason = serializers.CharField(required=False, default="", max_length=60)
    language = serializers.ChoiceField(choices=["", "en", "fr"], required=False, default="")
    page = serializers.IntegerField(required=False, default=1, min_value=1)


class QueueItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    version = serializers.CharField()
    platform = serializers.CharField(source="platform.slug")
    problem = serializers.CharField(source="problem.slug")
    channel = serializers.SerializerMethodField()
    outcome = serializers.CharField(source="get_outcome_display")
    reported_at = serializers.DateTimeField()
    language = serializers.CharField()
    # "circle" for a friend's answer to an "ask your circle" questionnaire, given with
    # consent to count publicly; its asker sees the tip only once it is published.
    source = serializers.CharField()
    tip_text = serializers.CharField()
    hold_reasons = serializers.SerializerMethodField()
    hold_reason_kinds = serializers.SerializerMethodField()

    def get_channel(self, report) -> str:
        return report.channel.slug if report.channel else report.channel_other

    def get_hold_reasons(self, report) -> list[str]:
        return [part for part in report.hold_reason.split("; ") if part]

    def get_hold_reason_kinds(self, report) -> list[str]:
        return reason_kinds(report.hold_reason)


class DecisionInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=Decision.Action.choices)
    reason = serializers.ChoiceField(
        choices=Decision.Reason.choices, required=False, allow_blank=True, default=""
    )
    message = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=MESSAGE_MAX
    )
    version = serializers.RegexField(r"^[0-9a-f]{1,20}$")
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    target = serializers.CharField(required=False, allow_blank=True, default="", max_length=32)


class BulkItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1)
    version = serializers.RegexField(r"^[0-9a-f]{1,20}$")


class BulkInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=Decision.Action.choices)
    reason = serializers.ChoiceField(
        choices=Decision.Reason.choices, required=False, allow_blank=True, default=""
    )
    message = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=MESSAGE_MAX
    )
    items = BulkItemSerializer(many=True, allow_empty=False, max_length=500)


class DecisionSerializer(serializers.ModelSerializer):
    moderator = serializers.CharField(source="moderator.get_username")
    report = serializers.IntegerField(source="report_id", allow_null=True)
    reported_address = serializers.IntegerField(source="reported_address_id", allow_null=True)

    class Meta:
        model = Decision
        fields = ["id", "report", "reported_address", "tip_key", "recommendation",
                  "moderator", "action", "reason", "message", "before", "after",
                  "decided_at"]  # fmt: skip
