from rest_framework import serializers


class RecommendationQuerySerializer(serializers.Serializer):
    problem = serializers.SlugField(
        required=False, help_text="A problem slug, e.g. hacked-account."
    )


class ChannelRecommendationSerializer(serializers.Serializer):
    channel = serializers.SlugField()
    name = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True, help_text="Null: not enough reports.")
    reports = serializers.IntegerField()
    resolved = serializers.IntegerField()
    partly = serializers.IntegerField()
    not_resolved = serializers.IntegerField()
    waiting = serializers.IntegerField()
    reporters = serializers.IntegerField()
    estimate = serializers.FloatField(allow_null=True)
    score = serializers.FloatField(allow_null=True, help_text="10 % quantile of the posterior.")
    range = serializers.ListField(
        child=serializers.FloatField(), allow_null=True, help_text="90 % credible interval."
    )
    median_days = serializers.FloatField(allow_null=True)
    days_quartiles = serializers.ListField(child=serializers.FloatField(), allow_null=True)
    low_confidence = serializers.BooleanField()
    trend = serializers.ChoiceField(choices=["worse", "better", "stable"], allow_null=True)


class TipSerializer(serializers.Serializer):
    text = serializers.CharField()
    count = serializers.IntegerField()


class RecommendationSerializer(serializers.Serializer):
    platform = serializers.SlugField()
    problem = serializers.SlugField()
    computed_at = serializers.DateTimeField(allow_null=True)
    snapshot = serializers.IntegerField(allow_null=True)
    reports = serializers.IntegerField()
    channels = ChannelRecommendationSerializer(many=True)
    tips = TipSerializer(many=True)
