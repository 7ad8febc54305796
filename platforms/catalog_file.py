"""Reading and validating the shipped catalog file (platforms/catalog.yaml).

Validation collects every problem with its location (`platforms[2] (whatsapp) >
channels[1] (ban-review) > kind: ...`) before anything is written, so a bad file is
reported whole and never half-loaded.
"""

from pathlib import Path
from typing import Any

import yaml
from rest_framework import serializers

from platforms.models import ContactChannel, Platform

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


class ChannelEntry(serializers.Serializer):
    slug = serializers.SlugField(max_length=50)
    kind = serializers.ChoiceField(choices=ContactChannel.Kind.choices)
    label = RequiredTextSerializer()
    address = serializers.CharField(allow_blank=True, max_length=500)
    department = serializers.ChoiceField(choices=ContactChannel.Department.choices)
    audience = serializers.ChoiceField(choices=ContactChannel.Audience.choices)
    problems = serializers.ListField(child=serializers.SlugField(), allow_empty=False)
    source_url = serializers.URLField(max_length=500)
    verified_on = serializers.DateField(allow_null=True)
    verification = serializers.ChoiceField(choices=ContactChannel.Verification.choices)
    notes = TextSerializer()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["verification"] == "verified" and attrs["verified_on"] is None:
            raise serializers.ValidationError({"verified_on": "a verified channel needs a date."})
        return attrs


class PlatformEntry(serializers.Serializer):
    slug = serializers.SlugField(max_length=50)
    name = serializers.CharField(max_length=80)
    website = serializers.URLField()
    help_center_url = serializers.URLField(allow_blank=True)
    in_app_help_path = TextSerializer()
    phone_support = serializers.ChoiceField(choices=Platform.PhoneSupport.choices)
    notes = TextSerializer()
    active = serializers.BooleanField()
    channels = ChannelEntry(many=True)


class CatalogEntry(serializers.Serializer):
    problems = ProblemEntry(many=True, allow_empty=False)
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
    for kind, slugs in (("problems", problem_slugs), ("platforms", platform_slugs)):
        duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        if duplicates:
            problems.append(f"{kind}: duplicate slugs {', '.join(duplicates)}")
    for p_index, platform in enumerate(catalog["platforms"]):
        seen: set[str] = set()
        for c_index, channel in enumerate(platform["channels"]):
            where = f"platforms[{p_index}] ({platform['slug']}) > "
            where += f"channels[{c_index}] ({channel['slug']})"
            if channel["slug"] in seen:
                problems.append(f"{where}: duplicate channel slug within the platform")
            seen.add(channel["slug"])
            unknown = [slug for slug in channel["problems"] if slug not in problem_slugs]
            if unknown:
                problems.append(f"{where} > problems: unknown problem {', '.join(unknown)}")
    return problems


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
