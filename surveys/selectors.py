"""Reads: the current questionnaire version, a response by its edit token, choices."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from platforms.models import ContactChannel, Platform, ProblemType
from surveys.models import Question, Questionnaire, QuestionnaireVersion, Response
from surveys.services import edit_token_hash
from surveys.validation import OTHER


def version_current(slug: str) -> QuestionnaireVersion:
    """The latest published version of a questionnaire with its questions, or 404."""
    version = (
        QuestionnaireVersion.objects.published()
        .filter(questionnaire__slug=slug)
        .select_related("questionnaire")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("position")))
        .order_by("-number")
        .first()
    )
    if version is None:
        raise Http404(f"No published questionnaire {slug!r}.")
    return version


def questionnaire_exists(slug: str) -> bool:
    return Questionnaire.objects.filter(slug=slug).exists()


def response_by_token(*, token: str, response_id: int | None = None) -> Response | None:
    """The response whose edit token this is (and with this id, when given), or None."""
    if not token or len(token) > 200:
        return None
    responses = Response.objects.filter(edit_token_hash=edit_token_hash(token))
    if response_id is not None:
        responses = responses.filter(pk=response_id)
    return (
        responses.select_related("version__questionnaire", "report__platform", "report__problem")
        .select_related("report__channel")
        .first()
    )


def choices_for(question: Question) -> list[dict]:
    """[{"code", "label"} ...] in the active language; channels also carry their platform."""
    kind = question.type
    if kind == Question.Type.PLATFORM:
        return [{"code": p.slug, "label": p.name} for p in Platform.objects.active()]
    if kind == Question.Type.PROBLEM:
        return [{"code": p.slug, "label": p.name} for p in ProblemType.objects.all()]
    if kind == Question.Type.CHANNEL:
        channels = ContactChannel.objects.active().select_related("platform")
        choices = [
            {"code": c.slug, "label": c.label, "platform": c.platform.slug} for c in channels
        ]
        return [
            *choices,
            {"code": OTHER, "label": _("Another channel (describe it)"), "platform": None},
        ]
    if kind == Question.Type.YES_NO:
        return [{"code": "yes", "label": _("Yes")}, {"code": "no", "label": _("No")}]
    language_field = "label_fr" if (get_language() or "en")[:2] == "fr" else "label_en"
    return [
        {"code": c["code"], "label": c.get(language_field) or c["label_en"]}
        for c in question.choices
    ]
