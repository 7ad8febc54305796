from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from platforms.catalog_file import DEFAULT_CATALOG
from platforms.models import ContactChannel, Platform, ProblemType

PLATFORMS = [
    "facebook", "instagram", "whatsapp", "youtube", "linkedin", "snapchat",
    "tiktok", "x", "pinterest", "reddit", "discord", "twitch",
]  # fmt: skip
PROBLEMS = [
    "cannot-log-in", "hacked-account", "disabled-account", "monetization",
    "registration", "ads-billing-refund", "impersonation", "harassment-report",
]  # fmt: skip

pytestmark = pytest.mark.django_db


def shipped() -> dict:
    return yaml.safe_load(DEFAULT_CATALOG.read_text(encoding="utf-8"))


def write(tmp_path, data) -> str:
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def load(*args) -> str:
    out = StringIO()
    call_command("load_catalog", *args, stdout=out)
    return out.getvalue()


def table_state() -> tuple:
    return (
        list(Platform.objects.values_list("slug", "name", "notes_en", "active")),
        list(ProblemType.objects.values_list("slug", "name_en")),
        list(ContactChannel.objects.values_list("platform__slug", "slug", "label_en", "active")),
    )


def test_the_shipped_catalog_has_the_twelve_platforms_and_eight_problems():
    assert sorted(Platform.objects.values_list("slug", flat=True)) == sorted(PLATFORMS)
    assert list(ProblemType.objects.values_list("slug", flat=True)) == PROBLEMS


def test_every_platform_has_sourced_channels_and_says_whether_it_has_phone_support():
    for platform in Platform.objects.all():
        channels = platform.channels.filter(active=True)
        assert channels.count() >= 3, platform.slug
        assert all(channel.source_url.startswith("https://") for channel in channels)
        assert platform.phone_support in Platform.PhoneSupport.values


def test_facts_below_high_confidence_are_not_marked_verified():
    dead = ContactChannel.objects.filter(verification="known_dead")
    assert dead.exists(), "the catalog should warn about addresses known not to work"
    verified = ContactChannel.objects.filter(verification="verified")
    assert not verified.filter(sourced_on=None).exists()
    assert set(verified.values_list("confidence", flat=True)) == {"H"}


def test_loading_twice_changes_nothing():
    before = table_state()
    out = load()
    assert "catalog already up to date" in out
    assert "0 created, 0 updated" in out
    assert table_state() == before


def test_it_loads_into_empty_tables_and_counts_what_it_created():
    ContactChannel.objects.all().delete()
    Platform.objects.all().delete()
    ProblemType.objects.all().delete()
    out = load()
    assert "platforms: 12 created" in out
    assert "problems: 8 created" in out
    assert Platform.objects.count() == 12


def test_an_edited_file_updates_rows_without_duplicating(tmp_path):
    data = shipped()
    data["platforms"][0]["notes"]["en"] = "Edited note."
    first_channel = data["platforms"][0]["channels"][0]
    first_channel["label"]["fr"] = "Libellé modifié"
    first_channel["problems"] = ["registration"]
    channels_before = ContactChannel.objects.count()

    out = load("--file", write(tmp_path, data))

    facebook = Platform.objects.get(slug=data["platforms"][0]["slug"])
    assert facebook.notes_en == "Edited note."
    channel = facebook.channels.get(slug=first_channel["slug"])
    assert channel.label_fr == "Libellé modifié"
    assert list(channel.problems.values_list("slug", flat=True)) == ["registration"]
    assert ContactChannel.objects.count() == channels_before
    assert "platforms: 0 created, 1 updated" in out
    assert "channels: 0 created, 1 updated" in out


def test_a_channel_dropped_from_the_file_is_retired_not_deleted(tmp_path):
    data = shipped()
    dropped = data["platforms"][1]["channels"].pop()
    load("--file", write(tmp_path, data))
    channel = ContactChannel.objects.get(
        platform__slug=data["platforms"][1]["slug"], slug=dropped["slug"]
    )
    assert channel.active is False


def test_a_bad_file_is_reported_with_locations_and_nothing_is_loaded(tmp_path):
    data = shipped()
    data["platforms"][0]["notes"]["en"] = "This edit must not land."
    data["platforms"][2]["channels"][1]["kind"] = "fax"
    data["platforms"][3]["channels"][0]["problems"] = ["no-such-problem"]
    data["platforms"][4]["website"] = "not a url"
    before = table_state()

    with pytest.raises(CommandError) as error:
        load("--file", write(tmp_path, data))

    message = str(error.value)
    assert "the catalog was not loaded" in message
    whatsapp_channel = data["platforms"][2]["channels"][1]["slug"]
    assert f"platforms[2] (whatsapp) > channels[1] ({whatsapp_channel}) > kind" in message
    assert "fax" in message
    assert "platforms[4] (linkedin) > website" in message
    assert table_state() == before


def test_unknown_problem_slugs_and_duplicate_channels_are_refused(tmp_path):
    data = shipped()
    data["platforms"][3]["channels"][0]["problems"] = ["no-such-problem"]
    data["platforms"][5]["channels"].append(dict(data["platforms"][5]["channels"][0]))
    with pytest.raises(CommandError) as error:
        load("--file", write(tmp_path, data))
    assert "unknown problem no-such-problem" in str(error.value)
    assert "duplicate channel slug" in str(error.value)


def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("platforms: [unclosed\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid YAML"):
        load("--file", str(path))


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read the file"):
        load("--file", str(tmp_path / "nowhere.yaml"))


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- facebook\n- instagram\n", encoding="utf-8")
    with pytest.raises(
        CommandError, match="must hold a mapping with 'problems', 'outside_bodies', 'platforms'"
    ):
        load("--file", str(path))
