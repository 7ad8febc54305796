import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db import models, transaction

from platforms.catalog_file import DEFAULT_CATALOG, catalog_read
from platforms.models import ContactChannel, Platform, ProblemType
from platforms.selectors import CATALOG_GENERATION_KEY


@dataclass
class CatalogLoadResult:
    created: dict[str, int] = field(
        default_factory=lambda: {"platform": 0, "problem": 0, "channel": 0}
    )
    updated: dict[str, int] = field(
        default_factory=lambda: {"platform": 0, "problem": 0, "channel": 0}
    )
    retired: int = 0

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values()) or self.retired > 0


def _upsert(
    model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[models.Model, str]:
    """Create or update one row; return it and 'created', 'updated' or 'unchanged'."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        row = model(**lookup, **values)
        row.full_clean()
        row.save()
        return row, "created"
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if not changed:
        return row, "unchanged"
    for name in changed:
        setattr(row, name, values[name])
    row.full_clean()
    row.save(update_fields=changed)
    return row, "updated"


def _count(result: CatalogLoadResult, kind: str, outcome: str) -> None:
    if outcome == "created":
        result.created[kind] += 1
    elif outcome == "updated":
        result.updated[kind] += 1


def catalog_touch() -> None:
    """After commit, a new catalog generation: pages cached with the old catalog expire.

    Pages that show figures join each snapshot with the catalog (which addresses are dead,
    their names and sources); their cache keys carry the generation (`catalog_generation`).
    """
    transaction.on_commit(lambda: cache.set(CATALOG_GENERATION_KEY, uuid.uuid4().hex, None))


@transaction.atomic
def catalog_load(*, path: Path = DEFAULT_CATALOG) -> CatalogLoadResult:
    """Bring the catalog tables in line with the file: all of it or, on any error, none."""
    catalog = catalog_read(path)
    result = CatalogLoadResult()

    problems: dict[str, ProblemType] = {}
    for position, entry in enumerate(catalog["problems"]):
        problem, outcome = _upsert(
            ProblemType,
            {"slug": entry["slug"]},
            {
                "name_en": entry["name"]["en"],
                "name_fr": entry["name"]["fr"],
                "description_en": entry["description"]["en"],
                "description_fr": entry["description"]["fr"],
                "position": position,
            },
        )
        problems[problem.slug] = problem
        _count(result, "problem", outcome)

    for entry in catalog["platforms"]:
        platform, outcome = _upsert(
            Platform,
            {"slug": entry["slug"]},
            {
                "name": entry["name"],
                "website": entry["website"],
                "help_center_url": entry["help_center_url"],
                "in_app_help_path_en": entry["in_app_help_path"]["en"],
                "in_app_help_path_fr": entry["in_app_help_path"]["fr"],
                "phone_support": entry["phone_support"],
                "notes_en": entry["notes"]["en"],
                "notes_fr": entry["notes"]["fr"],
                "active": entry["active"],
            },
        )
        _count(result, "platform", outcome)
        kept = []
        for position, channel_entry in enumerate(entry["channels"]):
            channel, outcome = _upsert(
                ContactChannel,
                {"platform": platform, "slug": channel_entry["slug"]},
                {
                    "kind": channel_entry["kind"],
                    "label_en": channel_entry["label"]["en"],
                    "label_fr": channel_entry["label"]["fr"],
                    "address": channel_entry["address"],
                    "department": channel_entry["department"],
                    "audience": channel_entry["audience"],
                    "source_url": channel_entry["source_url"],
                    "verified_on": channel_entry["verified_on"],
                    "verification": channel_entry["verification"],
                    "notes_en": channel_entry["notes"]["en"],
                    "notes_fr": channel_entry["notes"]["fr"],
                    "active": True,
                    "position": position,
                },
            )
            wanted = {problems[slug].pk for slug in channel_entry["problems"]}
            current = set(channel.problems.values_list("pk", flat=True))
            if wanted != current:
                channel.problems.set(wanted)
                if outcome == "unchanged":
                    outcome = "updated"
            _count(result, "channel", outcome)
            kept.append(channel.pk)
        result.retired += (
            ContactChannel.objects.filter(platform=platform, active=True)
            .exclude(pk__in=kept)
            .update(active=False)
        )
    if result.changed:
        catalog_touch()
    return result
