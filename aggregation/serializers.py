from rest_framework import serializers


class RecommendationQuerySerializer(serializers.Serializer):
    problem = serializers.SlugField(
        required=False, help_text="A problem slug, e.g. hacked-account."
    )


class ProvenanceSerializer(serializers.Serializer):
    source_url = serializers.URLField()
    source_kind = serializers.ChoiceField(choices=["official", "copy", "secondary"])
    sourced_on = serializers.DateField(
        allow_null=True, help_text="The day the fact was taken from its source, not a live check."
    )
    confidence = serializers.ChoiceField(choices=["H", "M", "L", "U"])
    verification = serializers.ChoiceField(choices=["verified", "needs_check", "known_dead"])


class ChannelRecommendationSerializer(serializers.Serializer):
    channel = serializers.SlugField()
    name = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True, help_text="Null: not enough reports.")
    reports = serializers.IntegerField()
    resolved = serializers.IntegerField()
    partly = serializers.IntegerField()
    not_resolved = serializers.IntegerField()
    waiting = serializers.IntegerField(
        help_text="Still waiting, for less than the horizon (30 days): not in the rate yet."
    )
    no_answer = serializers.IntegerField(
        help_text="Still waiting past the horizon: counted as not resolved."
    )
    reporters = serializers.IntegerField(help_text="Distinct people among the counted reports.")
    effective_reports = serializers.FloatField(
        help_text="Time-decayed number of decided reports the estimate rests on."
    )
    reports_recent = serializers.IntegerField(
        help_text="Reports whose first contact was in the last 90 days."
    )
    last_report_on = serializers.DateField()
    estimate = serializers.FloatField(allow_null=True)
    score = serializers.FloatField(allow_null=True, help_text="10 % quantile of the posterior.")
    range = serializers.ListField(
        child=serializers.FloatField(), allow_null=True, help_text="90 % credible interval."
    )
    median_days = serializers.FloatField(
        allow_null=True, help_text="Kaplan-Meier median days to resolution; ranked channels only."
    )
    days_quartiles = serializers.ListField(child=serializers.FloatField(), allow_null=True)
    low_confidence = serializers.BooleanField()
    trend = serializers.ChoiceField(choices=["worse", "better", "stable"], allow_null=True)
    provenance = ProvenanceSerializer(help_text="Where the catalog's fact comes from.")
    pinned = serializers.BooleanField(help_text="Shown first by a moderator, whatever its rank.")
    moderator_note = serializers.CharField(allow_blank=True)


class HiddenChannelSerializer(serializers.Serializer):
    channel = serializers.SlugField()
    name = serializers.CharField()
    note = serializers.CharField(allow_blank=True, help_text="Why a moderator hid it.")


class WarningSerializer(serializers.Serializer):
    channel = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.CharField()
    address = serializers.CharField(allow_blank=True, help_text="Not official: do not use it.")
    notes = serializers.CharField(allow_blank=True)
    reports = serializers.IntegerField()
    reporters = serializers.IntegerField(help_text="People who reported being sent there.")
    reports_recent = serializers.IntegerField()
    last_report_on = serializers.DateField(allow_null=True)


class TipSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="The tip's identity, the same from one snapshot to the next."
    )
    text = serializers.CharField()
    reporters = serializers.IntegerField(help_text="Distinct people who gave this tip.")


class RecommendationSerializer(serializers.Serializer):
    platform = serializers.SlugField()
    problem = serializers.SlugField()
    computed_at = serializers.DateTimeField(allow_null=True)
    as_of = serializers.DateField(allow_null=True)
    snapshot = serializers.IntegerField(allow_null=True)
    reports = serializers.IntegerField()
    channels = ChannelRecommendationSerializer(many=True)
    do_not_use = WarningSerializer(
        many=True, help_text="Known-dead or fake addresses: never recommended."
    )
    tips = TipSerializer(many=True)
    hidden_by_moderator = HiddenChannelSerializer(many=True)


class ExportChannelSerializer(serializers.Serializer):
    channel = serializers.SlugField()
    rank = serializers.IntegerField(allow_null=True, help_text="Null: not enough reports.")
    estimate = serializers.FloatField(allow_null=True)
    range_low = serializers.FloatField(allow_null=True, help_text="5 % quantile.")
    range_high = serializers.FloatField(allow_null=True, help_text="95 % quantile.")
    people = serializers.IntegerField(help_text="Distinct people among the counted reports.")
    effective_reports = serializers.FloatField()
    reports_last_90_days = serializers.IntegerField()
    median_days = serializers.FloatField(allow_null=True)
    trend = serializers.ChoiceField(choices=["worse", "better", "stable"], allow_null=True)


class ExportWarningSerializer(serializers.Serializer):
    channel = serializers.SlugField()
    kind = serializers.CharField()
    address = serializers.CharField(allow_blank=True, help_text="Not official: do not use it.")
    people = serializers.IntegerField(help_text="People who reported being sent there.")
    reports = serializers.IntegerField()
    reports_last_90_days = serializers.IntegerField()
    last_report_on = serializers.DateField(allow_null=True)


class ExportTipSerializer(serializers.Serializer):
    text = serializers.CharField()
    people = serializers.IntegerField(help_text="Distinct people who gave this tip.")


class ExportTipsSerializer(serializers.Serializer):
    en = ExportTipSerializer(many=True)
    fr = ExportTipSerializer(many=True)


class ExportEntrySerializer(serializers.Serializer):
    platform = serializers.SlugField()
    problem = serializers.SlugField()
    snapshot_time = serializers.DateTimeField(allow_null=True)
    as_of = serializers.DateField(allow_null=True)
    channels = ExportChannelSerializer(many=True)
    do_not_use = ExportWarningSerializer(
        many=True, help_text="Known-dead or fake addresses: warnings, never recommended."
    )
    tips = ExportTipsSerializer(help_text="The recurring tips shown on the pages.")
