import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db import models, transaction

from platforms.catalog_file import DEFAULT_CATALOG, bodies_expand, catalog_read
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


def _texts(entry: dict[str, Any], name: str) -> dict[str, str]:
    """`name_en` and `name_fr` from an optional {en, fr} entry."""
    text = entry.get(name) or {}
    return {f"{name}_en": text.get("en", ""), f"{name}_fr": text.get("fr", "")}


def _channel_values(entry: dict[str, Any], position: int) -> dict[str, Any]:
    """A channel row's columns from its catalog entry (own channel or outside body)."""
    deadline = entry.get("deadline") or {"days": None, "note": {}}
    return {
        "kind": entry["kind"],
        "label_en": entry["label"]["en"],
        "label_fr": entry["label"]["fr"],
        "address": entry["address"],
        "address_language": entry["address_language"],
        "department": entry["department"],
        "audience": entry["audience"],
        "source_url": entry["source_url"],
        "source_kind": entry["source_kind"],
        "sourced_on": entry["sourced_on"],
        "confidence": entry["confidence"],
        "verification": entry["verification"],
        "notes_en": entry["notes"]["en"],
        "notes_fr": entry["notes"]["fr"],
        "owner": entry.get("owner", ContactChannel.Owner.PLATFORM),
        "body": entry.get("body", ""),
        "rung": entry["rung"],
        "region": entry["region"],
        "eligibility": entry["eligibility"],
        **_texts(entry, "preconditions"),
        "deadline_days": deadline["days"],
        "deadline_note_en": deadline["note"].get("en", ""),
        "deadline_note_fr": deadline["note"].get("fr", ""),
        **_texts(entry, "fee"),
        **_texts(entry, "hours"),
        "published_figures": [dict(figure) for figure in entry.get("published_figures", [])],
        "active": True,
        "position": position,
    }


def _plain(value: Any) -> Any:
    """Validated data (OrderedDicts, dates) as plain JSON values for a JSONField."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


@transaction.atomic
def catalog_load(*, path: Path = DEFAULT_CATALOG) -> CatalogLoadResult:
    """Bring the catalog tables in line with the file: all of it or, on any error, none."""
    catalog = catalog_read(path)
    body_rows = bodies_expand(catalog)
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
                "phone_support_confidence": entry["phone_support_confidence"],
                "phone_support_source_url": entry["phone_support_source_url"],
                "genuine_senders": _plain(entry.get("genuine_senders", [])),
                "monetization": _plain(entry.get("monetization", [])),
                "notes_en": entry["notes"]["en"],
                "notes_fr": entry["notes"]["fr"],
                "active": entry["active"],
            },
        )
        _count(result, "platform", outcome)
        kept = []
        # The platform's own channels first, then the outside bodies that cover it.
        channel_entries = [*entry["channels"], *body_rows[entry["slug"]]]
        for position, channel_entry in enumerate(channel_entries):
            channel, outcome = _upsert(
                ContactChannel,
                {"platform": platform, "slug": channel_entry["slug"]},
                _channel_values(_plain(channel_entry), position),
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
