"""Reads: the current questionnaire version, the catalog index, a response by its token,
a platform's facts for the "Is this official?" check.

The questionnaire version and the catalog change rarely (a deploy, `load_catalog`) and
are read by every submission, so each worker process keeps them in memory for
SURVEYS_CATALOG_CACHE_SECONDS (0 turns this off). A published version never changes;
a new one or a catalog change is picked up when the memo expires.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from platforms.models import ContactChannel, Platform, ProblemType
from surveys.clients import edit_token_hash
from surveys.models import Question, QuestionnaireVersion, ReportedAddress, Response
from surveys.official import PlatformFacts
from surveys.screening import OfficialAddress, official_addresses

OTHER = "other"
T = TypeVar("T")
_memo: dict[str, tuple[float, Any]] = {}


def _remember(key: str, load: Callable[[], T]) -> T:
    seconds = settings.SURVEYS_CATALOG_CACHE_SECONDS
    if seconds <= 0:
        return load()
    now = time.monotonic()
    hit = _memo.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = load()
    _memo[key] = (now + seconds, value)
    return value


def memo_clear() -> None:
    """Forget the remembered version and catalog (tests that rewrite them)."""
    _memo.clear()


def _version_load(slug: str) -> QuestionnaireVersion | None:
    version = (
        QuestionnaireVersion.objects.published()
        .filter(questionnaire__slug=slug)
        .select_related("questionnaire")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("position")))
        .order_by("-number")
        .first()
    )
    if version is not None:
        # Evaluated now, so the remembered version carries its questions.
        list(version.questions.all())
    return version


def version_current(slug: str) -> QuestionnaireVersion:
    """The latest published version of a questionnaire with its questions, or 404."""
    version = _remember(f"version:{slug}", lambda: _version_load(slug))
    if version is None:
        raise Http404(f"No published questionnaire {slug!r}.")
    return version


@dataclass
class CatalogIndex:
    """The catalog rows a submission is checked against, by slug."""

    platforms: dict[str, Platform] = field(default_factory=dict)
    problems: dict[str, ProblemType] = field(default_factory=dict)
    channels: dict[tuple[int, str], ContactChannel] = field(default_factory=dict)
    official: dict[int, list[OfficialAddress]] = field(default_factory=dict)


def _catalog_load() -> CatalogIndex:
    index = CatalogIndex()
    index.platforms = {platform.slug: platform for platform in Platform.objects.active()}
    index.problems = {problem.slug: problem for problem in ProblemType.objects.all()}
    links: dict[int, list[str]] = {}
    for channel in ContactChannel.objects.active().select_related("platform"):
        index.channels[(channel.platform_id, channel.slug)] = channel
        if channel.address_is_link and not channel.is_known_dead:
            links.setdefault(channel.platform_id, []).append(channel.address)
    for platform in index.platforms.values():
        official = [*links.get(platform.pk, []), platform.website, platform.help_center_url]
        index.official[platform.pk] = official_addresses(
            [link for link in official if link], [platform.website]
        )
    return index


def catalog_index() -> CatalogIndex:
    return _remember("catalog", _catalog_load)


def official_facts(platform: Platform) -> PlatformFacts:
    """What the "Is this official?" check compares with: the platform's active channels
    (known-dead ones warn) and its official links, from the remembered catalog."""
    catalog = catalog_index()
    channels = [
        channel
        for (platform_id, _slug), channel in catalog.channels.items()
        if platform_id == platform.pk
    ]
    return PlatformFacts(
        name=platform.name,
        website=platform.website,
        official=catalog.official.get(platform.pk, []),
        channels=channels,
        senders=[sender["address"].lower() for sender in platform.genuine_senders],
        scams={
            (address.kind, address.value): address
            for address in ReportedAddress.objects.confirmed_scams().filter(platform=platform)
        },
    )


def response_by_token(*, token: str, response_id: int | None = None) -> Response | None:
    """The response whose edit token this is (and with this id, when given), or None.

    A response whose report a moderator deleted is no longer editable.
    """
    if not token or len(token) > 200:
        return None
    responses = Response.objects.filter(
        edit_token_hash=edit_token_hash(token), report__isnull=False
    )
    if response_id is not None:
        responses = responses.filter(pk=response_id)
    return responses.select_related(
        "version__questionnaire", "report__platform", "report__problem", "report__channel"
    ).first()


def choices_for(question: Question) -> list[dict]:
    """[{"code", "label"} ...] in the active language; channels also carry their platform."""
    kind = question.type
    if kind in (Question.Type.PLATFORM, Question.Type.PROBLEM, Question.Type.CHANNEL):
        catalog = catalog_index()
    if kind == Question.Type.PLATFORM:
        return [{"code": p.slug, "label": p.name} for p in catalog.platforms.values()]
    if kind == Question.Type.PROBLEM:
        return [{"code": p.slug, "label": p.name} for p in catalog.problems.values()]
    if kind == Question.Type.CHANNEL:
        choices = [
            {"code": c.slug, "label": c.choice_label, "platform": c.platform.slug}
            for c in catalog.channels.values()
        ]
        return [*choices, {"code": OTHER, "label": _("Another channel (describe it)")}]
    if kind == Question.Type.YES_NO:
        return [{"code": "yes", "label": _("Yes")}, {"code": "no", "label": _("No")}]
    language_field = "label_fr" if (get_language() or "en")[:2] == "fr" else "label_en"
    return [
        {"code": c["code"], "label": c.get(language_field) or c["label_en"]}
        for c in question.choices
    ]
