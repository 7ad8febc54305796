from django.core.cache import cache
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from platforms.models import ContactChannel, Platform, ProblemType


def platform_list():
    """Active platforms with how many official channels each has."""
    return Platform.objects.active().annotate(
        channel_count=Count(
            "channels", filter=Q(channels__active=True) & ~Q(channels__verification="known_dead")
        )
    )


def platform_get(slug: str) -> Platform:
    """An active platform with its active channels and their problems, or 404."""
    channels = ContactChannel.objects.filter(active=True).prefetch_related("problems")
    return get_object_or_404(
        Platform.objects.active().prefetch_related(Prefetch("channels", queryset=channels)),
        slug=slug,
    )


def channels_by_problem(platform: Platform) -> list[tuple[ProblemType, list[ContactChannel]]]:
    """The platform's working channels under each problem they are meant for, catalog order."""
    groups: dict[int, list[ContactChannel]] = {}
    for channel in platform.channels.all():
        if channel.is_known_dead:
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


CATALOG_GENERATION_KEY = "catalog:generation"


def catalog_generation() -> str:
    """Changes whenever the catalog does (`services.catalog_touch`): part of cache keys."""
    return cache.get(CATALOG_GENERATION_KEY) or "0"
