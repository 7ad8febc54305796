"""API input and output shapes of "ask your circle" (answers themselves are checked by
surveys.validation, the circle's fields by circles.services)."""

from rest_framework import serializers

from surveys.serializers import LANGUAGE_CODES, QuestionOutputSerializer, StrictSerializer

TIP_STATES = ["shown", "held", "removed", "withheld"]
# A plain string in the schema: as an enum it would collide with the report's `status`.
STATUS_HELP = (
    "counted, held_for_moderation, not_counted_repeat: as for any report (with consent); "
    "rejected: a moderator refused its report; private: for the asker only, never counted; "
    "never_had_it."
)


class CircleStartInputSerializer(StrictSerializer):
    # Plain text, checked by the service: its messages are the page's.
    platform = serializers.CharField(help_text="A platform slug, e.g. instagram.")
    problem = serializers.CharField(help_text="A problem slug, e.g. hacked-account.")
    question = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Your question in your own words (at most 300 characters), shown to your "
        "friends: no phone numbers, emails, handles or links that are not the platform's own.",
    )
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="A first name or nickname that signs the question.",
    )
    language = serializers.CharField(help_text="en or fr: the language of the circle.")


class CircleStartOutputSerializer(serializers.Serializer):
    share_token = serializers.CharField(help_text="Passed around: it opens the questionnaire.")
    owner_token = serializers.CharField(
        help_text="Shown once: send it as X-Owner-Token to read the results, close or delete."
    )
    share_url = serializers.URLField(help_text="The page to send to friends.")
    results_url = serializers.URLField(help_text="The asker's private results page.")
    closes_at = serializers.DateTimeField()


class CircleDetailOutputSerializer(serializers.Serializer):
    share_token = serializers.CharField()
    platform = serializers.SlugField()
    platform_name = serializers.CharField()
    problem = serializers.SlugField()
    problem_name = serializers.CharField()
    question = serializers.CharField(allow_blank=True)
    asker_name = serializers.CharField(allow_blank=True)
    closes_at = serializers.DateTimeField()
    questions = QuestionOutputSerializer(
        many=True, help_text="The questionnaire's questions, without platform and problem."
    )


class CircleAnswerInputSerializer(StrictSerializer):
    answers = serializers.DictField(
        required=False,
        default=dict,
        help_text="Answers by question key, as for a report; platform and problem are the "
        "circle's (leave them out). May be omitted when never_had_it is true.",
    )
    never_had_it = serializers.BooleanField(
        required=False, default=False, help_text="“I never had this problem”: a whole answer."
    )
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="A first name or nickname, shown to the asker only.",
    )
    count_publicly = serializers.BooleanField(
        help_text="Whether the answer may also count, anonymously, in the public figures."
    )
    language = serializers.ChoiceField(choices=LANGUAGE_CODES, required=False)


class CircleAnswerOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text=STATUS_HELP)
    edit_token = serializers.CharField(
        help_text="Shown once: the friend's own link to update or withdraw the answer."
    )
    edit_url = serializers.URLField()


class ResultsAnswerOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    answered_at = serializers.DateTimeField()
    name = serializers.CharField(allow_null=True)
    never_had_it = serializers.BooleanField()
    channel = serializers.SlugField(
        allow_null=True, help_text="Null: never had it, or another channel (see channel_name)."
    )
    channel_name = serializers.CharField(allow_blank=True)
    outcome = serializers.ChoiceField(
        choices=["resolved", "partly", "not_resolved", "waiting"], allow_null=True
    )
    days_to_resolution = serializers.IntegerField(allow_null=True)
    tip = serializers.CharField(
        allow_null=True, help_text="Null when there is none or it is not shown (tip_state)."
    )
    tip_state = serializers.ChoiceField(
        choices=TIP_STATES,
        help_text="shown; held: a moderator checks it first; removed: a moderator refused "
        "it; withheld: a private answer whose text holds contact details that are not official.",
    )
    status = serializers.CharField(help_text=STATUS_HELP)


class RecurringChannelOutputSerializer(serializers.Serializer):
    channel = serializers.SlugField()
    named_by = serializers.IntegerField(help_text="Friends who named this channel.")
    resolved = serializers.IntegerField(help_text="Of them, those whose problem was resolved.")


class RecurringTipOutputSerializer(serializers.Serializer):
    text = serializers.CharField()
    people = serializers.IntegerField(help_text="Friends who gave this tip.")


class RecurringOutputSerializer(serializers.Serializer):
    channels = RecurringChannelOutputSerializer(many=True)
    tips = RecurringTipOutputSerializer(many=True)


class CrowdChannelOutputSerializer(serializers.Serializer):
    estimate = serializers.FloatField(allow_null=True, help_text="Null: not enough reports.")
    people = serializers.IntegerField(help_text="Distinct people among the counted reports.")
    rank = serializers.IntegerField(allow_null=True)
    reports = serializers.IntegerField()
    reports_recent = serializers.IntegerField()
    last_report_on = serializers.DateField(allow_null=True)
    range = serializers.ListField(
        child=serializers.FloatField(), allow_null=True, help_text="90 % credible interval."
    )
    median_days = serializers.FloatField(allow_null=True)


class CircleResultsOutputSerializer(serializers.Serializer):
    platform = serializers.SlugField()
    problem = serializers.SlugField()
    question = serializers.CharField(allow_blank=True)
    closes_at = serializers.DateTimeField()
    closed = serializers.BooleanField(help_text="Closed by the asker or expired.")
    answers = ResultsAnswerOutputSerializer(many=True)
    recurring = RecurringOutputSerializer(help_text="What comes back from several friends.")
    crowd = serializers.DictField(
        child=CrowdChannelOutputSerializer(),
        help_text="The crowd's figures by channel slug, from the current snapshot.",
    )
    crowd_computed_at = serializers.DateTimeField(allow_null=True)


class CircleCloseOutputSerializer(serializers.Serializer):
    closed = serializers.BooleanField()
    closed_at = serializers.DateTimeField()
