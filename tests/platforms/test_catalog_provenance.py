"""The catalog loader's provenance rules and its outside bodies, through load_catalog."""

import copy

import pytest
from django.core.management import CommandError

from platforms.models import ContactChannel
from surveys import official
from surveys.selectors import official_facts
from tests.platforms.test_load_catalog import load, shipped, write

pytestmark = pytest.mark.django_db


def channel_of(data: dict, platform: str, slug: str) -> dict:
    entry = next(item for item in data["platforms"] if item["slug"] == platform)
    return next(item for item in entry["channels"] if item["slug"] == slug)


def body_of(data: dict, slug: str) -> dict:
    return next(item for item in data["outside_bodies"] if item["slug"] == slug)


def refused(tmp_path, data: dict) -> str:
    with pytest.raises(CommandError) as error:
        load("--file", write(tmp_path, data))
    return str(error.value)


def test_a_verified_row_below_high_confidence_is_refused_and_nothing_is_loaded(tmp_path):
    before = ContactChannel.objects.get(platform__slug="x", slug="hacked-form").verification
    data = shipped()
    channel_of(data, "x", "hacked-form")["verification"] = "verified"
    message = refused(tmp_path, data)
    assert "(x) > channels[2] (hacked-form) > verification: confidence M cannot be verified" in (
        message
    )
    assert ContactChannel.objects.get(platform__slug="x", slug="hacked-form").verification == before


def test_an_address_cited_as_its_own_source_must_be_the_official_page(tmp_path):
    data = shipped()
    row = channel_of(data, "tiktok", "hacked-account")
    row["source_url"] = row["address"]
    assert "an address is its own source only when that page is the official one" in refused(
        tmp_path, data
    )
    row["source_kind"] = "official"
    load("--file", write(tmp_path, data))


def test_a_low_confidence_email_is_not_a_contact_point_unless_it_is_a_warning(tmp_path):
    data = shipped()
    row = copy.deepcopy(channel_of(data, "facebook", "email-info"))
    row.update(slug="rumoured-email", verification="needs_check", confidence="L")
    next(item for item in data["platforms"] if item["slug"] == "facebook")["channels"].append(row)
    assert "an address at confidence L is not a contact point to show" in refused(tmp_path, data)
    row["verification"] = "known_dead"
    load("--file", write(tmp_path, data))
    assert ContactChannel.objects.get(slug="rumoured-email").is_known_dead


def test_a_system_for_officials_is_never_verified(tmp_path):
    data = shipped()
    row = channel_of(data, "facebook", "law-enforcement-requests")
    row.update(verification="verified", confidence="H")
    assert "a channel for officials is a fact to explain" in refused(tmp_path, data)


def test_a_verified_row_without_the_date_its_fact_was_taken_is_refused(tmp_path):
    data = shipped()
    channel_of(data, "twitch", "appeals-portal")["sourced_on"] = None
    assert "appeals-portal) > sourced_on: a verified channel needs the date" in refused(
        tmp_path, data
    )


def test_an_outside_body_is_defined_once_and_made_a_row_for_each_platform_it_covers():
    rows = ContactChannel.objects.filter(body="helpline-3018", active=True)
    assert rows.count() == 12
    assert set(rows.values_list("owner", flat=True)) == {"outside"}
    assert set(rows.values_list("address", flat=True)) == {"3018"}
    assert set(rows.values_list("hours_en", flat=True)) == {"9:00 to 23:00, 7 days a week"}
    centre = ContactChannel.objects.filter(body="appeals-centre-europe")
    assert sorted(centre.values_list("platform__slug", flat=True)) == [
        "facebook", "instagram", "pinterest", "tiktok", "youtube",
    ]  # fmt: skip
    row = centre.get(platform__slug="tiktok")
    assert (row.rung, row.region, row.eligibility, row.deadline_days) == (
        4,
        "eu",
        "eu_residents",
        180,
    )
    assert row.published_figures[0]["source_url"].startswith("https://appealscentre.eu/")


def test_a_body_is_as_sure_as_its_coverage_of_each_platform():
    dpc = ContactChannel.objects.filter(body="dpc-ireland")
    assert dpc.get(platform__slug="tiktok").verification == "verified"
    facebook = dpc.get(platform__slug="facebook")
    assert (facebook.confidence, facebook.verification) == ("M", "needs_check")
    guide = ContactChannel.objects.filter(body="cybermalveillance")
    assert set(guide.values_list("verification", flat=True)) == {"needs_check"}
    assert not guide.filter(notes_en__icontains="link to").exists()


def test_editing_a_body_once_changes_every_platforms_row(tmp_path):
    data = shipped()
    body_of(data, "helpline-3018")["hours"] = {"en": "9:00 to 22:00", "fr": "De 9 h à 22 h"}
    out = load("--file", write(tmp_path, data))
    assert "channels: 0 created, 12 updated" in out
    hours = ContactChannel.objects.filter(body="helpline-3018").values_list("hours_en", flat=True)
    assert set(hours) == {"9:00 to 22:00"}


def test_a_body_dropping_a_platform_retires_that_row_only(tmp_path):
    data = shipped()
    covers = body_of(data, "oversight-board")["covers"]
    body_of(data, "oversight-board")["covers"] = [c for c in covers if c["platform"] != "instagram"]
    out = load("--file", write(tmp_path, data))
    assert "channels retired: 1" in out
    rows = ContactChannel.objects.filter(body="oversight-board")
    assert dict(rows.values_list("platform__slug", "active")) == {
        "facebook": True,
        "instagram": False,
    }


def test_a_body_covering_an_unknown_platform_or_reusing_a_channel_slug_is_refused(tmp_path):
    data = shipped()
    body_of(data, "ic3")["covers"].append({"platform": "myspace", "confidence": "H"})
    channel_of(data, "twitch", "appeals-portal")["slug"] = "cnil"
    message = refused(tmp_path, data)
    assert "outside_bodies[" in message and "(ic3) > covers: unknown platform myspace" in message
    assert "(twitch) > channels[0] (cnil): the slug of an outside body" in message


def test_deadlines_that_were_in_notes_are_in_the_field():
    twitch = ContactChannel.objects.get(platform__slug="twitch", slug="appeals-portal")
    assert twitch.deadline_days == 60
    form = ContactChannel.objects.get(platform__slug="facebook", slug="disabled-account-form")
    assert form.deadline_days is None
    assert "180 days is cited, but not confirmed" in form.deadline_note_en
    assert "180" not in form.notes_en


def test_the_instagram_security_sender_is_a_fact_not_a_contact_channel():
    assert not ContactChannel.objects.filter(slug="security-sender", active=True).exists()
    instagram = ContactChannel.objects.get(platform__slug="instagram", slug="hacked-hub").platform
    assert instagram.genuine_senders[0]["address"] == "security@mail.instagram.com"


def test_a_bodys_address_is_official_for_every_platform_it_covers():
    for slug in ("tiktok", "reddit", "twitch"):
        platform = ContactChannel.objects.filter(platform__slug=slug).first().platform
        findings = official.addresses_check("3018", facts=official_facts(platform))
        assert [finding.verdict for finding in findings] == [official.OFFICIAL]
