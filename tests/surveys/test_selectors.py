import pytest

from surveys.selectors import catalog_index, memo_clear, version_current

pytestmark = pytest.mark.django_db


def test_the_version_and_catalog_are_remembered_for_the_configured_time(
    settings, django_assert_num_queries
):
    settings.SURVEYS_CATALOG_CACHE_SECONDS = 60
    memo_clear()
    first_version, first_catalog = version_current("what-worked"), catalog_index()
    with django_assert_num_queries(0):
        assert version_current("what-worked") is first_version
        assert catalog_index() is first_catalog
        assert len(list(first_version.questions.all())) == 8


def test_with_no_cache_time_every_call_reads_the_database(settings, django_assert_num_queries):
    settings.SURVEYS_CATALOG_CACHE_SECONDS = 0
    with django_assert_num_queries(2):
        version_current("what-worked")


def test_the_catalog_index_knows_each_platforms_official_links():
    index = catalog_index()
    instagram = index.platforms["instagram"]
    hosts = {address.host for address in index.official[instagram.pk]}
    assert "instagram.com" in hosts
    assert (instagram.pk, "hacked-hub") in index.channels
