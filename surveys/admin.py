from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aggregation.dirty import platform_mark_dirty
from surveys.models import Answer, Question, Questionnaire, QuestionnaireVersion, Report, Response
from surveys.services import version_publish

QUESTION_FIELDS = [
    "position",
    "key",
    "type",
    "label_en",
    "label_fr",
    "help_en",
    "help_fr",
    "required",
    "choices",
    "min_value",
    "max_value",
    "max_length",
    "show_if",
]


def _is_draft(version: QuestionnaireVersion | None) -> bool:
    return version is None or version.status == QuestionnaireVersion.Status.DRAFT


class QuestionInline(admin.StackedInline):
    """Editable while the version is a draft; read-only once published."""

    model = Question
    fields = QUESTION_FIELDS
    extra = 0

    def has_add_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_delete_permission(request, obj)


class VersionInline(admin.TabularInline):
    model = QuestionnaireVersion
    fields = ["number", "status", "published_at"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["slug", "title_en", "title_fr"]
    search_fields = ["slug", "title_en", "title_fr"]
    inlines = [VersionInline]


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(admin.ModelAdmin):
    list_display = ["questionnaire", "number", "status", "published_at"]
    list_filter = ["questionnaire", "status"]
    inlines = [QuestionInline]
    actions = ["publish"]

    def get_readonly_fields(self, request, obj=None):
        fields = ["status", "published_at", "content_hash", "created_at"]
        if not _is_draft(obj):
            fields += ["questionnaire", "number"]
        return fields

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_delete_permission(request, obj)

    @admin.action(description=_("Publish the selected drafts"))
    def publish(self, request, queryset):
        drafts = queryset.filter(status=QuestionnaireVersion.Status.DRAFT)
        for version in drafts:
            version_publish(version=version)
        self.message_user(
            request,
            _("%(count)s version(s) published.") % {"count": drafts.count()},
            messages.SUCCESS,
        )


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["question", "value"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _mark_reports_dirty(reports) -> None:
    for platform_id in set(reports.values_list("platform", flat=True)):
        platform_mark_dirty(platform_id=platform_id)


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["id", "version", "language", "submitted_at", "completion_seconds"]
    list_filter = ["version__questionnaire", "version", "language"]
    date_hierarchy = "submitted_at"
    inlines = [AnswerInline]
    list_select_related = ["version__questionnaire"]

    # Deleting a response deletes its report: aggregation must hear of it.
    @transaction.atomic
    def delete_model(self, request, obj):
        _mark_reports_dirty(Report.objects.filter(response=obj))
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        _mark_reports_dirty(Report.objects.filter(response__in=queryset))
        super().delete_queryset(request, queryset)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "platform",
        "problem",
        "channel",
        "outcome",
        "days_to_resolution",
        "status",
        "counted",
        "reported_at",
    ]
    list_filter = ["status", "outcome", "counted", "platform", "problem", "language"]
    search_fields = ["tip_text", "channel_other", "hold_reason"]
    date_hierarchy = "reported_at"
    list_select_related = ["platform", "problem", "channel"]
    raw_id_fields = ["response", "tip_merged_into"]
    readonly_fields = ["response", "reporter_key", "reported_at", "updated_at"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        """Admin saves run in a transaction: the dirty marks join it."""
        previous = form.initial.get("platform")
        super().save_model(request, obj, form, change)
        platform_mark_dirty(platform_id=obj.platform_id)
        if previous and previous != obj.platform_id:
            platform_mark_dirty(platform_id=previous)

    @transaction.atomic
    def delete_model(self, request, obj):
        platform_mark_dirty(platform_id=obj.platform_id)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        _mark_reports_dirty(queryset)
        super().delete_queryset(request, queryset)
