"""The admin edits and deletes through the same services as the pages and the API."""

from django import forms
from django.contrib import admin, messages
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from surveys.models import (
    Answer,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Report,
    ReportedAddress,
    Response,
)
from surveys.services import (
    MODERATOR_FIELDS,
    VersionInvalid,
    report_channel_validate,
    report_delete,
    report_update,
    response_delete,
    version_publish,
)

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
        published = 0
        for version in queryset.filter(status=QuestionnaireVersion.Status.DRAFT):
            try:
                version_publish(version=version)
            except VersionInvalid as invalid:
                self.message_user(
                    request,
                    _("Not published, %(version)s stays a draft: %(problems)s")
                    % {"version": version, "problems": "; ".join(invalid.problems)},
                    messages.ERROR,
                )
            else:
                published += 1
        if published:
            self.message_user(
                request,
                _("%(count)s version(s) published.") % {"count": published},
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


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["id", "version", "language", "submitted_at", "completion_seconds"]
    list_filter = ["version__questionnaire", "version", "language"]
    date_hierarchy = "submitted_at"
    inlines = [AnswerInline]
    list_select_related = ["version__questionnaire"]

    def delete_model(self, request, obj):
        response_delete(response=obj)

    def delete_queryset(self, request, queryset):
        for response in queryset.order_by("submitted_at", "pk"):
            response_delete(response=response)


class ReportAdminForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = list(MODERATOR_FIELDS)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("platform") is not None:
            report_channel_validate(platform=cleaned["platform"], channel=cleaned.get("channel"))
        return cleaned


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    form = ReportAdminForm
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
    raw_id_fields = ["tip_merged_into"]
    # What the respondent answered stays as sent; `counted` follows from the repeat rule.
    readonly_fields = [
        "response",
        "reporter_key",
        "reported_at",
        "updated_at",
        "channel_other",
        "outcome",
        "days_to_resolution",
        "occurred_on",
        "account_type",
        "tip_text",
        "language",
        "counted",
    ]
    fields = [*MODERATOR_FIELDS, *readonly_fields]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        try:
            report_update(
                report=obj, **{name: form.cleaned_data[name] for name in MODERATOR_FIELDS}
            )
        except Report.DoesNotExist:
            raise Http404("This report was deleted meanwhile.") from None

    def delete_model(self, request, obj):
        report_delete(report=obj)

    def delete_queryset(self, request, queryset):
        for report in queryset.order_by("reported_at", "pk"):
            report_delete(report=report)


@admin.register(ReportedAddress)
class ReportedAddressAdmin(admin.ModelAdmin):
    """Read-mostly: visitors add the rows, a moderator only sets their status."""

    list_display = ["value", "kind", "platform", "reporters", "status", "last_reported_at"]
    list_filter = ["status", "kind", "platform"]
    search_fields = ["value"]
    date_hierarchy = "last_reported_at"
    list_select_related = ["platform"]
    ordering = ["-last_reported_at"]
    readonly_fields = [
        "platform",
        "kind",
        "value",
        "reporters",
        "first_reported_at",
        "last_reported_at",
    ]
    fields = [*readonly_fields, "status"]

    def has_add_permission(self, request):
        return False
