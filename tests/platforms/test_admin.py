import pytest
from django.contrib.auth.models import User
from django.utils.html import escape

from platforms.models import Platform

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    user = User.objects.create_superuser("operator", "operator@whatworked.invalid", "pw")
    client.force_login(user)
    return client


def test_the_operator_can_filter_channels_by_platform_and_verification(operator):
    facebook = Platform.objects.get(slug="facebook")
    dead = facebook.channels.filter(verification="known_dead")
    alive = facebook.channels.exclude(verification="known_dead")
    response = operator.get(
        "/admin/platforms/contactchannel/",
        {"platform__id__exact": facebook.pk, "verification__exact": "known_dead"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f"{dead.count()} contact channels" in body
    assert all(escape(channel.label_en) in body for channel in dead)
    assert not any(f">{escape(channel.label_en)}<" in body for channel in alive)


def test_the_operator_can_search_channels(operator):
    response = operator.get("/admin/platforms/contactchannel/", {"q": "hacked"})
    assert response.status_code == 200
    assert b"hacked" in response.content.lower()


def test_the_platform_admin_shows_its_channels_inline(operator):
    response = operator.get("/admin/platforms/platform/")
    assert response.status_code == 200
    assert b"Facebook" in response.content


def test_an_outsider_cannot_reach_the_catalog_admin(client):
    response = client.get("/admin/platforms/contactchannel/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_marking_a_channel_dead_in_the_admin_removes_it_from_the_cached_recommendations(
    operator, django_capture_on_commit_callbacks
):
    from aggregation import services
    from platforms.models import ContactChannel
    from tests.aggregation.factories import reports

    channel = ContactChannel.objects.get(platform__slug="instagram", slug="hacked-hub")
    reports(6, channel=channel)
    services.snapshot_refresh(platform_id=channel.platform_id)
    url = "/api/platforms/instagram/recommendations/?problem=hacked-account"
    assert [item["channel"] for item in operator.get(url).json()["channels"]] == ["hacked-hub"]

    change = f"/admin/platforms/contactchannel/{channel.pk}/change/"
    form = operator.get(change).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(verification="known_dead", sourced_on="", problems=[p.pk for p in data["problems"]])
    with django_capture_on_commit_callbacks(execute=True):
        assert operator.post(change, data).status_code == 302

    body = operator.get(url).json()
    assert body["channels"] == []
    assert "hacked-hub" in [item["channel"] for item in body["do_not_use"]]
