"""API input and output shapes (answers themselves are checked by surveys.validation)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from surveys.validation import printable_key

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class StrictSerializer(serializers.Serializer):
    """Refuses keys it does not declare, so a typo is an error rather than ignored."""

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError(
                {printable_key(key): [_("Unknown field.")] for key in sorted(unknown)}
            )
        return attrs


class ResponseSubmitInputSerializer(StrictSerializer):
    language = serializers.ChoiceField(choices=LANGUAGE_CODES, required=False)
    answers = serializers.DictField(
        help_text="Answers by question key: slugs for platform, problem and channel "
        '(or {"code": "other", "text": "..."}), choice codes, whole numbers, '
        "dates as YYYY-MM-DD, text."
    )


class ResponseUpdateInputSerializer(StrictSerializer):
    answers = serializers.DictField(
        help_text="Only outcome and days_to_resolution can change after sending."
    )


class ResponseSubmitOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    edit_token = serializers.CharField(
        help_text="Shown once: send it as X-Edit-Token to read, update or delete the response."
    )
    status = serializers.ChoiceField(
        choices=["counted", "held_for_moderation", "not_counted_repeat"],
        help_text="counted: in the next aggregation; held_for_moderation: the tip or channel "
        "text holds contact details a moderator checks first; not_counted_repeat: you "
        "already reported this case within 30 days, it is kept but counted once.",
    )


class ResponseDetailOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    questionnaire = serializers.CharField()
    version = serializers.IntegerField()
    language = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    status = serializers.CharField()
    answers = serializers.DictField()


class ChoiceOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    platform = serializers.CharField(
        required=False, allow_null=True, help_text="Channels only: the platform it belongs to."
    )


class QuestionOutputSerializer(serializers.Serializer):
    key = serializers.CharField()
    type = serializers.CharField()
    label = serializers.CharField()
    help = serializers.CharField()
    required = serializers.BooleanField()
    choices = ChoiceOutputSerializer(many=True)
    min_value = serializers.IntegerField(allow_null=True)
    max_value = serializers.IntegerField(allow_null=True)
    max_length = serializers.IntegerField(allow_null=True)
    show_if = serializers.JSONField(
        allow_null=True,
        help_text='{"key": "<earlier key>", "in": [codes]}: asked only when that answer is one '
        "of the codes. For dates, min_value and max_value are offsets in days from today.",
    )


class QuestionnaireDetailOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    version = serializers.IntegerField()
    language = serializers.CharField()
    questions = QuestionOutputSerializer(many=True)


class ErrorsOutputSerializer(serializers.Serializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages by answer key (or by top-level field: body, language, answers).",
    )


class DetailOutputSerializer(serializers.Serializer):
    detail = serializers.CharField()
