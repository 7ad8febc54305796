from django.core.cache import cache
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from platforms.models import ContactChannel, Platform, ProblemType


def platform_list():
    """Active platforms with how many official channels each has."""
    # An aggregate drops Meta.ordering: order again, or the rows come in storage order.
    return (
        Platform.objects.active()
        .annotate(
            channel_count=Count(
                "channels",
                filter=Q(channels__active=True) & ~Q(channels__verification="known_dead"),
            )
        )
        .order_by("name")
    )


def platform_get(slug: str) -> Platform:
    """An active platform with its active channels and their problems, or 404."""
    channels = ContactChannel.objects.filter(active=True).prefetch_related("problems")
    return get_object_or_404(
        Platform.objects.active().prefetch_related(Prefetch("channels", queryset=channels)),
        slug=slug,
    )


def channels_by_problem(platform: Platform) -> list[tuple[ProblemType, list[ContactChannel]]]:
    """The platform's working public channels under each problem they are meant for,
    catalog order (systems for officials are not contact points for the public)."""
    groups: dict[int, list[ContactChannel]] = {}
    for channel in platform.channels.all():
        if channel.is_known_dead or channel.is_for_officials:
            continue
        for problem in channel.problems.all():
            groups.setdefault(problem.pk, []).append(channel)
    return [
        (problem, groups[problem.pk])
        for problem in ProblemType.objects.all()
        if problem.pk in groups
    ]


def dead_channels(platform: Platform) -> list[ContactChannel]:
    """Addresses that circulate for this platform but are known not to work."""
    return [channel for channel in platform.channels.all() if channel.is_known_dead]


def problem_get(slug: str) -> ProblemType:
    """A problem type by its slug, or 404."""
    return get_object_or_404(ProblemType, slug=slug)


# Channels one writes a message to: an email, a web form, or an in-app report box.
DRAFT_KINDS = (
    ContactChannel.Kind.EMAIL,
    ContactChannel.Kind.WEB_FORM,
    ContactChannel.Kind.IN_APP,
)


def draft_channels(*, platform: Platform, problem: ProblemType) -> list[ContactChannel]:
    """The platform's own channels a person can write to about this problem, catalog
    order (outside bodies have their own forms and rules: the ladder shows them)."""
    return list(
        ContactChannel.objects.public()
        .filter(platform=platform, problems=problem, kind__in=DRAFT_KINDS)
        .filter(owner=ContactChannel.Owner.PLATFORM)
        # Legal departments take requests from officials and authorities, not messages.
        .exclude(department=ContactChannel.Department.LEGAL)
        # An empty address is an entry point the research did not record: nowhere to send.
        .exclude(address="")
        .select_related("platform")
    )


CATALOG_GENERATION_KEY = "catalog:generation"


def catalog_generation() -> str:
    """Changes whenever the catalog does (`services.catalog_touch`): part of cache keys."""
    return cache.get(CATALOG_GENERATION_KEY) or "0"
