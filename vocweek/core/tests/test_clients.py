"""Which address a request is counted under, with and without reverse proxies in front."""

from django.test import RequestFactory

from vocweek.core.clients import client_address


def request_from(remote: str, forwarded: str = ""):
    headers = {"REMOTE_ADDR": remote}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_proxies_the_socket_address_counts_and_the_header_is_ignored(settings):
    settings.VOCWEEK_PROXY_COUNT = 0

    assert client_address(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_visitor_wrote(settings):
    settings.VOCWEEK_PROXY_COUNT = 1

    # A visitor forging "1.1.1.1" gets it prepended; the proxy appends the real address.
    forged = request_from("10.0.0.2", "1.1.1.1, 198.51.100.23")

    assert client_address(forged) == "198.51.100.23"


def test_behind_two_proxies_the_outer_proxys_entry_counts(settings):
    settings.VOCWEEK_PROXY_COUNT = 2

    assert client_address(request_from("10.0.0.3", "198.51.100.23, 10.0.0.2")) == "198.51.100.23"


def test_a_header_shorter_than_the_proxies_falls_back_to_the_socket(settings):
    settings.VOCWEEK_PROXY_COUNT = 2

    assert client_address(request_from("10.0.0.3", "198.51.100.23")) == "10.0.0.3"
