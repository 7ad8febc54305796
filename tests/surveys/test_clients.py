from django.test import RequestFactory

from surveys.clients import client_address, client_hash, reporter_key


def request_from(address: str, forwarded: str = ""):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=address, **headers)


def test_an_ipv6_address_counts_as_its_64_block():
    one = client_address(request_from("2001:db8:1:2::1"))
    other = client_address(request_from("2001:db8:1:2:ffff::9"))
    assert one == other == "2001:db8:1:2::/64"


def test_forwarded_for_is_ignored_unless_proxies_are_trusted(settings):
    request = request_from("10.0.0.1", forwarded="203.0.113.9, 10.0.0.1")
    settings.SURVEYS_TRUSTED_PROXIES = 0
    assert client_address(request) == "10.0.0.1"
    settings.SURVEYS_TRUSTED_PROXIES = 1
    assert client_address(request) == "10.0.0.1"
    settings.SURVEYS_TRUSTED_PROXIES = 2
    assert client_address(request) == "203.0.113.9"


def test_hashes_are_keyed_distinct_and_never_the_address():
    assert client_hash("203.0.113.9") != reporter_key("203.0.113.9")
    assert "203.0.113.9" not in client_hash("203.0.113.9")
    assert client_hash("203.0.113.9") == client_hash("203.0.113.9")
    assert client_hash("203.0.113.9") != client_hash("203.0.113.10")
