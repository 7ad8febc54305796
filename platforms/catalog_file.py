"""Reading and validating the shipped catalog file (platforms/catalog.yaml).

Validation collects every problem with its location (`platforms[2] (whatsapp) >
channels[1] (ban-review) > kind: ...`) before anything is written, so a bad file is
reported whole and never half-loaded.

Provenance rules a row must keep (the pages put these facts in front of people):
- every row names its source, and an address is never its own source;
- a row claims no more than its confidence: only a high-confidence fact is `verified`;
- outside bodies (dispute bodies, helplines, authorities) are defined once, with the
  platforms they cover; `bodies_expand` makes each covered platform's row from it.
"""

from pathlib import Path
from typing import Any

import yaml
from rest_framework import serializers

from platforms.models import Confidence, ContactChannel, Platform

DEFAULT_CATALOG = Path(__file__).resolve().parent / "catalog.yaml"


class DataFileError(Exception):
    """A shipped data file that cannot be loaded, with every problem found in it."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))

    def report(self, what: str) -> str:
        """The operator's message: one line per problem."""
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        count = len(self.problems)
        return f"{self.path}: the {what} was not loaded ({count} problem(s)):\n{lines}"


class CatalogError(DataFileError):
    pass


class TextSerializer(serializers.Serializer):
    en = serializers.CharField(allow_blank=True, trim_whitespace=True)
    fr = serializers.CharField(allow_blank=True, trim_whitespace=True)


class RequiredTextSerializer(serializers.Serializer):
    en = serializers.CharField(trim_whitespace=True)
    fr = serializers.CharField(trim_whitespace=True)


class ProblemEntry(serializers.Serializer):
    slug = serializers.SlugField(max_length=50)
    name = RequiredTextSerializer()
    description = TextSerializer()


class FigureEntry(serializers.Serializer):
    """A figure an outside body publishes about itself ("more than 75% overturned")."""

    text = RequiredTextSerializer()
    source_url = serializers.URLField(max_length=500)
    as_of = serializers.CharField(max_length=20)


class DeadlineEntry(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, allow_null=True)
    note = TextSerializer()


# A platform's own channel; an outside body has the same fields and its coverage.
class ChannelEntry(serializers.Serializer):
    slug = serializers.SlugField(max_length=50)
    kind = serializers.ChoiceField(choices=ContactChannel.Kind.choices)
    label = RequiredTextSerializer()
    address = serializers.CharField(allow_blank=True, max_length=500)
    address_language = serializers.CharField(allow_blank=True, max_length=10, default="")
    department = serializers.ChoiceField(choices=ContactChannel.Department.choices)
    audience = serializers.ChoiceField(choices=ContactChannel.Audience.choices)
    problems = serializers.ListField(child=serializers.SlugField(), allow_empty=False)
    source_url = serializers.URLField(max_length=500)
    source_kind = serializers.ChoiceField(choices=ContactChannel.SourceKind.choices)
    sourced_on = serializers.DateField(allow_null=True)
    confidence = serializers.ChoiceField(choices=Confidence.choices)
    verification = serializers.ChoiceField(choices=ContactChannel.Verification.choices)
    notes = TextSerializer()
    rung = serializers.ChoiceField(choices=ContactChannel.Rung.choices)
    region = serializers.ChoiceField(
        choices=ContactChannel.Region.choices, default=ContactChannel.Region.EVERYWHERE
    )
    eligibility = serializers.ChoiceField(
        choices=ContactChannel.Eligibility.choices, default=ContactChannel.Eligibility.EVERYONE
    )
    preconditions = TextSerializer(required=False)
    deadline = DeadlineEntry(required=False)
    fee = TextSerializer(required=False)
    hours = TextSerializer(required=False)
    published_figures = FigureEntry(many=True, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors = provenance_problems(attrs)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


# Kinds whose address is itself the contact point a person would use.
ADDRESS_KINDS = {
    ContactChannel.Kind.EMAIL,
    ContactChannel.Kind.PHONE,
    ContactChannel.Kind.SOCIAL_ACCOUNT,
}


def provenance_problems(attrs: dict[str, Any]) -> dict[str, str]:
    """What a row claims beyond what its source and confidence back, by field."""
    errors = {}
    verified = attrs["verification"] == ContactChannel.Verification.VERIFIED
    dead = attrs["verification"] == ContactChannel.Verification.KNOWN_DEAD
    if verified and attrs["sourced_on"] is None:
        errors["sourced_on"] = "a verified channel needs the date its fact was taken."
    if verified and attrs["confidence"] != Confidence.HIGH:
        errors["verification"] = (
            f"confidence {attrs['confidence']} cannot be verified: only H is; use needs_check."
        )
    same = attrs["address"].rstrip("/") == attrs["source_url"].rstrip("/")
    if same and attrs["source_kind"] != ContactChannel.SourceKind.OFFICIAL:
        errors["source_url"] = (
            "an address is its own source only when that page is the official one: "
            "name the page the fact was read on."
        )
    weak = attrs["confidence"] in (Confidence.LOW, Confidence.UNVERIFIED)
    if weak and not dead and attrs["kind"] in ADDRESS_KINDS and attrs["address"]:
        errors["confidence"] = (
            f"an address at confidence {attrs['confidence']} is not a contact point to show: "
            "check it (then raise the confidence) or leave it out."
        )
    if attrs["audience"] == ContactChannel.Audience.OFFICIALS and verified:
        # Officials' systems are facts to explain, never contact points to recommend.
        errors["audience"] = "a channel for officials is a fact to explain: use needs_check."
    return errors


class CoverageEntry(serializers.Serializer):
    """One platform an outside body covers, and how sure the research is that it does."""

    platform = serializers.SlugField(max_length=50)
    confidence = serializers.ChoiceField(choices=Confidence.choices)


class BodyEntry(ChannelEntry):
    """An outside body, defined once; `covers` lists its platforms ("all" for every one)."""

    covers = CoverageEntry(many=True, allow_empty=False)


class SenderEntry(serializers.Serializer):
    address = serializers.CharField(max_length=200)
    source_url = serializers.URLField(max_length=500)
    confidence = serializers.ChoiceField(choices=Confidence.choices)


class MonetizationEntry(serializers.Serializer):
    programme = RequiredTextSerializer()
    requirements = RequiredTextSerializer()
    source_url = serializers.URLField(max_length=500)
    confidence = serializers.ChoiceField(choices=Confidence.choices)
    as_of = serializers.CharField(max_length=20, allow_null=True)


class PlatformEntry(serializers.Serializer):
    slug = serializers.SlugField(max_length=50)
    name = serializers.CharField(max_length=80)
    website = serializers.URLField()
    help_center_url = serializers.URLField(allow_blank=True)
    in_app_help_path = TextSerializer()
    phone_support = serializers.ChoiceField(choices=Platform.PhoneSupport.choices)
    phone_support_confidence = serializers.ChoiceField(choices=Confidence.choices)
    phone_support_source_url = serializers.URLField(max_length=500, allow_blank=True)
    genuine_senders = SenderEntry(many=True, required=False)
    monetization = MonetizationEntry(many=True, required=False)
    notes = TextSerializer()
    active = serializers.BooleanField()
    channels = ChannelEntry(many=True)


class CatalogEntry(serializers.Serializer):
    problems = ProblemEntry(many=True, allow_empty=False)
    outside_bodies = BodyEntry(many=True, required=False)
    platforms = PlatformEntry(many=True, allow_empty=False)


def errors_flatten(errors: Any, data: Any, where: str = "") -> list[str]:
    """Turn DRF's nested errors into one line per problem, named by its location.

    DRF reports a list's errors as {index: errors} (or a list with empty entries).
    """
    if isinstance(errors, list) and errors and not isinstance(errors[0], str):
        errors = {index: value for index, value in enumerate(errors) if value}
    if isinstance(errors, dict):
        lines = []
        for key, value in errors.items():
            if isinstance(key, int):
                child = data[key] if isinstance(data, list) and key < len(data) else None
                slug = child.get("slug") if isinstance(child, dict) else None
                label = f"{where}[{key}]" + (f" ({slug})" if slug else "")
            else:
                child = data.get(key) if isinstance(data, dict) else None
                named = "" if key == "non_field_errors" else key
                label = f"{where} > {named}" if where and named else (named or where)
            lines += errors_flatten(value, child, label)
        return lines
    messages = errors if isinstance(errors, list) else [errors]
    return [f"{where or 'file'}: {message}" for message in messages]


def _check_references(catalog: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    problem_slugs = [entry["slug"] for entry in catalog["problems"]]
    platform_slugs = [entry["slug"] for entry in catalog["platforms"]]
    body_slugs = [entry["slug"] for entry in catalog.get("outside_bodies", [])]
    for kind, slugs in (
        ("problems", problem_slugs),
        ("platforms", platform_slugs),
        ("outside_bodies", body_slugs),
    ):
        duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        if duplicates:
            problems.append(f"{kind}: duplicate slugs {', '.join(duplicates)}")
    for b_index, body in enumerate(catalog.get("outside_bodies", [])):
        where = f"outside_bodies[{b_index}] ({body['slug']})"
        unknown = [slug for slug in body["problems"] if slug not in problem_slugs]
        if unknown:
            problems.append(f"{where} > problems: unknown problem {', '.join(unknown)}")
        covered = [entry["platform"] for entry in body["covers"]]
        unknown = [slug for slug in covered if slug not in platform_slugs and slug != "all"]
        if unknown:
            problems.append(f"{where} > covers: unknown platform {', '.join(unknown)}")
    for p_index, platform in enumerate(catalog["platforms"]):
        seen: set[str] = set()
        for c_index, channel in enumerate(platform["channels"]):
            where = f"platforms[{p_index}] ({platform['slug']}) > "
            where += f"channels[{c_index}] ({channel['slug']})"
            if channel["slug"] in seen:
                problems.append(f"{where}: duplicate channel slug within the platform")
            seen.add(channel["slug"])
            if channel["slug"] in body_slugs:
                problems.append(f"{where}: the slug of an outside body (it makes that row)")
            unknown = [slug for slug in channel["problems"] if slug not in problem_slugs]
            if unknown:
                problems.append(f"{where} > problems: unknown problem {', '.join(unknown)}")
    return problems


_CONFIDENCE_ORDER = [Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW, Confidence.UNVERIFIED]


def _weaker(first: str, second: str) -> str:
    return max(first, second, key=_CONFIDENCE_ORDER.index)


def bodies_expand(catalog: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each platform's rows made from the outside bodies that cover it, by platform slug.

    A row is as sure as the weaker of the body's facts and of its coverage of that
    platform: a body whose coverage is not high-confidence is `needs_check` there.
    """
    rows: dict[str, list[dict[str, Any]]] = {entry["slug"]: [] for entry in catalog["platforms"]}
    for body in catalog.get("outside_bodies", []):
        coverage = {entry["platform"]: entry for entry in body["covers"]}
        everyone = coverage.get("all")
        for slug in rows:
            covered = coverage.get(slug, everyone)
            if covered is None:
                continue
            row = {key: value for key, value in body.items() if key != "covers"}
            row["confidence"] = _weaker(body["confidence"], covered["confidence"])
            if row["confidence"] != Confidence.HIGH and body["verification"] == "verified":
                row["verification"] = ContactChannel.Verification.NEEDS_CHECK
            row["owner"] = ContactChannel.Owner.OUTSIDE
            row["body"] = body["slug"]
            rows[slug].append(row)
    return rows


def data_file_read(
    path: Path, entry: type[serializers.Serializer], error: type[DataFileError]
) -> dict[str, Any]:
    """Parse a YAML data file and validate it with `entry`; raise `error` listing problems."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as problem:
        raise error(path, [f"cannot read the file: {problem.strerror}"]) from None
    except yaml.YAMLError as problem:
        raise error(path, [f"not valid YAML: {problem}"]) from None
    if not isinstance(raw, dict):
        fields = ", ".join(f"'{name}'" for name in entry().fields)
        raise error(path, [f"the file must hold a mapping with {fields}"])
    validated = entry(data=raw)
    if not validated.is_valid():
        raise error(path, errors_flatten(validated.errors, raw))
    return validated.validated_data


def catalog_read(path: Path = DEFAULT_CATALOG) -> dict[str, Any]:
    """Parse and validate a catalog file; raise CatalogError listing every problem."""
    catalog = data_file_read(path, CatalogEntry, CatalogError)
    problems = _check_references(catalog)
    if problems:
        raise CatalogError(path, problems)
    return catalog
