"""The guarded fetch path, against local HTTP servers on 127.0.0.1 only.

A local server is private by definition, so most tests trust its exact
``127.0.0.1:PORT`` as if it were public (``AddressPolicy.trusted``); the
SSRF tests then show that any *other* local address is refused.
"""

from __future__ import annotations

import gzip
import re
import time
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from watchfloor.errors import InputError
from watchfloor.ingest import fetch as fetch_mod
from watchfloor.ingest.fetch import (
    USER_AGENT,
    AddressPolicy,
    Fetcher,
    RateLimiter,
    RefusedAddress,
    address_problem,
    check_url,
)

PAGE = b"<html><head><title>T</title></head><body><p>Shelling hit the town.</p></body></html>"


class FakeTime:
    """A clock that only moves when slept on; records every sleep."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def trusting(server: HTTPServer, **kw: object) -> AddressPolicy:
    return AddressPolicy(trusted=frozenset({("127.0.0.1", server.port)}), **kw)  # type: ignore[arg-type]


def make_fetcher(server: HTTPServer, fake: FakeTime | None = None, **kw: object) -> Fetcher:
    fake = fake or FakeTime()
    options: dict[str, object] = {
        "policy": trusting(server),
        "min_interval": 0.0,
        "backoff": 0.01,
        "clock": fake.clock,
        "sleep": fake.sleep,
    }
    options.update(kw)
    return Fetcher(**options)  # type: ignore[arg-type]


def no_robots(server: HTTPServer) -> None:
    server.expect_request("/robots.txt").respond_with_data("", status=404)


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)  # numeric, so the trusted (ip, port) pair is what is connected to


@pytest.fixture
def other_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


# -- the happy path -------------------------------------------------------------


def test_fetch_returns_a_full_record(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    httpserver.expect_request("/a").respond_with_data(
        PAGE,
        content_type="text/html; charset=utf-8",
        headers={"ETag": '"v1"', "Last-Modified": "Tue, 12 Mar 2019 10:00:00 GMT"},
    )
    url = httpserver.url_for("/a")
    with make_fetcher(httpserver) as fetcher:
        got = fetcher.fetch(url)
    assert got.url == got.final_url == url
    assert (got.status, got.content_type, got.charset) == (200, "text/html", "utf-8")
    assert got.data == PAGE
    assert got.etag == '"v1"' and (got.last_modified or "").startswith("Tue, 12 Mar 2019")
    assert got.header("Content-Type") == "text/html; charset=utf-8"
    request = httpserver.log[-1][0]
    assert request.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("watchfloor/") and "+http" in USER_AGENT


def test_gzip_body_is_decoded(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    httpserver.expect_request("/z").respond_with_data(
        gzip.compress(PAGE), content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    with make_fetcher(httpserver) as fetcher:
        assert fetcher.fetch(httpserver.url_for("/z")).data == PAGE


def test_redirects_are_followed_and_recorded(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new"}
    )
    httpserver.expect_request("/new").respond_with_data(PAGE, content_type="text/html")
    with make_fetcher(httpserver) as fetcher:
        got = fetcher.fetch(httpserver.url_for("/old"))
    assert got.final_url == httpserver.url_for("/new")
    assert got.redirects == (httpserver.url_for("/old"),)


# -- limits -----------------------------------------------------------------------


def test_read_timeout(httpserver: HTTPServer) -> None:
    no_robots(httpserver)

    def slow(_request: Request) -> Response:
        time.sleep(0.6)
        return Response(PAGE, content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    url = httpserver.url_for("/slow")
    with make_fetcher(httpserver, read_timeout=0.15) as fetcher, pytest.raises(InputError) as err:
        fetcher.fetch(url)
    assert "timed out" in str(err.value) and str(err.value).startswith(url)


def test_total_deadline_stops_a_trickling_server(httpserver: HTTPServer) -> None:
    no_robots(httpserver)

    def trickle(_request: Request) -> Response:
        def body() -> Iterator[bytes]:
            for _ in range(20):
                time.sleep(0.05)
                yield b"<p>x</p>" * 10

        return Response(body(), content_type="text/html")

    httpserver.expect_request("/trickle").respond_with_handler(trickle)
    with make_fetcher(httpserver, total_timeout=0.2) as fetcher, pytest.raises(InputError) as err:
        fetcher.fetch(httpserver.url_for("/trickle"))
    assert "to download" in str(err.value)


def test_size_cap_from_content_length(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    httpserver.expect_request("/big").respond_with_data(b"x" * 5000, content_type="text/plain")
    with make_fetcher(httpserver, max_bytes=1000) as fetcher, pytest.raises(InputError) as err:
        fetcher.fetch(httpserver.url_for("/big"))
    assert "over the 1,000 cap" in str(err.value)


def test_size_cap_while_streaming_without_length(httpserver: HTTPServer) -> None:
    no_robots(httpserver)

    def endless(_request: Request) -> Response:
        def body() -> Iterator[bytes]:
            for _ in range(10_000):  # bounded: far more than the cap, never forever
                yield b"y" * 1024

        return Response(body(), content_type="text/plain")

    httpserver.expect_request("/stream").respond_with_handler(endless)
    with make_fetcher(httpserver, max_bytes=50_000) as fetcher, pytest.raises(InputError) as err:
        fetcher.fetch(httpserver.url_for("/stream"))
    assert "over the 50,000-byte cap" in str(err.value)


def test_size_cap_applies_to_decompressed_bytes(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    bomb = gzip.compress(b"\0" * 20_000_000)  # ~20 KB on the wire, 20 MB inflated
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    with make_fetcher(httpserver, max_bytes=100_000) as fetcher, pytest.raises(InputError) as err:
        fetcher.fetch(httpserver.url_for("/bomb"))
    assert "cap" in str(err.value)


def test_unknown_content_encoding_is_refused(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    httpserver.expect_request("/br").respond_with_data(
        b"\x8b\x00", content_type="text/html", headers={"Content-Encoding": "br"}
    )
    with make_fetcher(httpserver) as fetcher, pytest.raises(InputError, match="'br'"):
        fetcher.fetch(httpserver.url_for("/br"))


def test_redirect_cap(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    for i in range(10):
        httpserver.expect_request(f"/r{i}").respond_with_data(
            "", status=302, headers={"Location": f"/r{i + 1}"}
        )
    with make_fetcher(httpserver, max_redirects=3) as fetcher, pytest.raises(InputError) as err:
        fetcher.fetch(httpserver.url_for("/r0"))
    assert "more than 3 redirects" in str(err.value)
    assert len([r for r, _ in httpserver.log if r.path != "/robots.txt"]) == 4


def test_redirect_loop_is_bounded(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    httpserver.expect_request("/loop").respond_with_data(
        "", status=307, headers={"Location": "/loop"}
    )
    with make_fetcher(httpserver) as fetcher, pytest.raises(InputError, match="redirects"):
        fetcher.fetch(httpserver.url_for("/loop"))


def test_redirect_to_another_scheme_is_refused(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    httpserver.expect_request("/f").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    with make_fetcher(httpserver) as fetcher, pytest.raises(InputError, match="only http"):
        fetcher.fetch(httpserver.url_for("/f"))


@pytest.mark.parametrize("ctype", ["application/pdf", "image/png", "application/json"])
def test_content_type_refused(httpserver: HTTPServer, ctype: str) -> None:
    no_robots(httpserver)
    httpserver.expect_request("/doc").respond_with_data(b"%PDF-1.4", content_type=ctype)
    with make_fetcher(httpserver) as fetcher, pytest.raises(InputError) as err:
        fetcher.fetch(httpserver.url_for("/doc"))
    assert ctype in str(err.value)


@pytest.mark.parametrize(
    "ctype", ["application/rss+xml", "application/atom+xml", "text/xml", "text/plain"]
)
def test_feed_and_text_types_accepted(httpserver: HTTPServer, ctype: str) -> None:
    no_robots(httpserver)
    httpserver.expect_request("/feed").respond_with_data(b"<rss/>", content_type=ctype)
    with make_fetcher(httpserver) as fetcher:
        assert fetcher.fetch(httpserver.url_for("/feed")).content_type == ctype


def test_http_error_names_status_and_url(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    url = httpserver.url_for("/gone")
    with make_fetcher(httpserver) as fetcher, pytest.raises(InputError) as err:
        fetcher.fetch(url)
    assert str(err.value) == f"{url}: HTTP 404 Not Found from {url}"


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "file:///etc/passwd", "/relative", "http://"]
)
def test_non_http_urls_refused(url: str) -> None:
    with pytest.raises(InputError):
        check_url(url)


# -- retries and rate limit ---------------------------------------------------------


def test_5xx_is_retried_with_backoff_then_succeeds(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    answers = iter([Response("down", status=503), Response("down", status=502)])

    def flaky(_request: Request) -> Response:
        return next(answers, Response(PAGE, content_type="text/html"))

    httpserver.expect_request("/flaky").respond_with_handler(flaky)
    fake = FakeTime()
    with make_fetcher(httpserver, fake, backoff=1.0, retries=2) as fetcher:
        assert fetcher.fetch(httpserver.url_for("/flaky")).data == PAGE
    assert fake.sleeps == [1.0, 2.0]  # exponential backoff


def test_5xx_retries_are_bounded(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    httpserver.expect_request("/down").respond_with_data("down", status=500)
    fake = FakeTime()
    with make_fetcher(httpserver, fake, retries=2) as fetcher, pytest.raises(InputError) as err:
        fetcher.fetch(httpserver.url_for("/down"))
    assert "HTTP 500" in str(err.value)
    assert len([r for r, _ in httpserver.log if r.path == "/down"]) == 3


def test_retry_after_too_long_gives_up(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    httpserver.expect_request("/busy").respond_with_data(
        "", status=503, headers={"Retry-After": "3600"}
    )
    with make_fetcher(httpserver) as fetcher, pytest.raises(InputError, match="Retry-After"):
        fetcher.fetch(httpserver.url_for("/busy"))
    assert len([r for r, _ in httpserver.log if r.path == "/busy"]) == 1


def test_connection_error_is_retried_then_reported(httpserver: HTTPServer) -> None:
    port = httpserver.port
    httpserver.stop()  # nothing listens on the port now
    fake = FakeTime()
    policy = AddressPolicy(trusted=frozenset({("127.0.0.1", port)}))
    fetcher = Fetcher(
        policy=policy, min_interval=0.0, backoff=0.5, clock=fake.clock, sleep=fake.sleep
    )
    url = f"http://127.0.0.1:{port}/x"
    with fetcher, pytest.raises(InputError) as err:
        fetcher.fetch(url)
    assert "unreachable" in str(err.value) or "cannot connect" in str(err.value)
    assert fake.sleeps == [0.5, 1.0]
    httpserver.start()


def test_rate_limiter_with_fake_clock() -> None:
    fake = FakeTime()
    limiter = RateLimiter(2.0, clock=fake.clock, sleep=fake.sleep)
    limiter.wait("a.example")
    limiter.wait("b.example")  # another host: no wait
    assert fake.sleeps == []
    fake.now += 0.5
    limiter.wait("a.example")
    assert fake.sleeps == [1.5]
    fake.now += 10
    limiter.wait("a.example")
    assert fake.sleeps == [1.5]
    limiter.slow_down("a.example", 10_000)  # a Crawl-delay is capped
    limiter.wait("a.example")
    assert fake.sleeps[-1] == fetch_mod.MAX_CRAWL_DELAY


def test_requests_to_one_host_are_spaced(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    httpserver.expect_request("/p").respond_with_data(PAGE, content_type="text/html")
    fake = FakeTime()
    with make_fetcher(httpserver, fake, min_interval=3.0) as fetcher:
        fetcher.fetch(httpserver.url_for("/p"))  # robots.txt, then the page
        fetcher.fetch(httpserver.url_for("/p"))
    assert fake.sleeps == [3.0, 3.0]


# -- robots.txt -----------------------------------------------------------------------


def test_robots_disallow_is_respected(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: watchfloor\nDisallow: /private/\n\nUser-agent: *\nAllow: /\n",
        content_type="text/plain",
    )
    httpserver.expect_request("/open").respond_with_data(PAGE, content_type="text/html")
    with make_fetcher(httpserver) as fetcher:
        assert fetcher.fetch(httpserver.url_for("/open")).status == 200
        with pytest.raises(InputError, match=r"disallowed by .*robots\.txt"):
            fetcher.fetch(httpserver.url_for("/private/page"))
    robots_requests = [r for r, _ in httpserver.log if r.path == "/robots.txt"]
    assert len(robots_requests) == 1  # cached per host
    assert not [r for r, _ in httpserver.log if r.path.startswith("/private")]


def test_robots_crawl_delay_slows_the_host(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nCrawl-delay: 7\n", content_type="text/plain"
    )
    httpserver.expect_request("/p").respond_with_data(PAGE, content_type="text/html")
    fake = FakeTime()
    with make_fetcher(httpserver, fake, min_interval=1.0) as fetcher:
        fetcher.fetch(httpserver.url_for("/p"))
    assert fake.sleeps == [7.0]


def test_robots_5xx_means_disallow_all(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=503)
    httpserver.expect_request("/p").respond_with_data(PAGE, content_type="text/html")
    with make_fetcher(httpserver, retries=0) as fetcher, pytest.raises(InputError, match="503"):
        fetcher.fetch(httpserver.url_for("/p"))
    assert not [r for r, _ in httpserver.log if r.path == "/p"]


def test_robots_can_be_switched_off(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/p").respond_with_data(PAGE, content_type="text/html")
    with make_fetcher(httpserver, respect_robots=False) as fetcher:
        assert fetcher.fetch(httpserver.url_for("/p")).data == PAGE
    assert not [r for r, _ in httpserver.log if r.path == "/robots.txt"]


# -- SSRF -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.9", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata endpoint
        ("100.64.0.1", "not a globally routable"),  # carrier-grade NAT
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("::ffff:10.0.0.1", "private"),
        ("2002:7f00:1::1", "loopback"),  # 6to4 embedding 127.0.0.1
        ("64:ff9b::a00:1", "private"),  # NAT64 embedding 10.0.0.1
    ],
)
def test_non_public_addresses_are_named(address: str, why: str) -> None:
    problem = address_problem(address)
    assert problem is not None and why in problem


@pytest.mark.parametrize("address", ["8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert address_problem(address) is None


def test_direct_private_ip_is_refused_without_connecting(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data(PAGE, content_type="text/html")
    url = httpserver.url_for("/x")  # 127.0.0.1, not trusted here
    fetcher = Fetcher(min_interval=0.0)
    with fetcher, pytest.raises(RefusedAddress) as err:
        fetcher.fetch(url)
    message = str(err.value)
    assert message.startswith(url) and "loopback" in message and "--allow-private" in message
    assert "\n" not in message
    assert not httpserver.log  # not even robots.txt was asked


def test_direct_private_ip_with_flag_is_fetched(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    httpserver.expect_request("/x").respond_with_data(PAGE, content_type="text/html")
    with Fetcher(allow_private=True, min_interval=0.0) as fetcher:
        assert fetcher.fetch(httpserver.url_for("/x")).data == PAGE


def test_hostname_resolving_to_loopback_is_refused(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    httpserver.expect_request("/x").respond_with_data(PAGE, content_type="text/html")

    def resolver(host: str, port: int) -> list[str]:
        assert host == "news.example"
        return ["127.0.0.1"]

    url = f"http://news.example:{httpserver.port}/x"
    fetcher = Fetcher(policy=AddressPolicy(resolver=resolver), min_interval=0.0)
    with fetcher, pytest.raises(RefusedAddress, match=re.escape("127.0.0.1 is a loopback")):
        fetcher.fetch(url)
    assert not httpserver.log
    policy = AddressPolicy(resolver=resolver)
    with Fetcher(policy=policy, allow_private=True, min_interval=0.0) as fetcher:
        assert fetcher.fetch(url).data == PAGE  # connected to the checked address
    assert httpserver.log[-1][0].headers["Host"] == f"news.example:{httpserver.port}"


def test_hostname_with_one_private_address_among_public_is_refused() -> None:
    policy = AddressPolicy(resolver=lambda host, port: ["8.8.8.8", "10.0.0.7"])
    with (
        Fetcher(policy=policy) as fetcher,
        pytest.raises(RefusedAddress, match=re.escape("10.0.0.7")),
    ):
        fetcher.fetch("http://mixed.example/")


def test_dns_rebinding_between_check_and_connect_is_refused(httpserver: HTTPServer) -> None:
    """The name resolves to a trusted address when first checked, then to another
    loopback address when the connection is opened: the connect-time check refuses it."""
    httpserver.expect_request("/x").respond_with_data(PAGE, content_type="text/html")
    answers = iter([["127.0.0.1"], ["127.0.0.2"]])
    policy = AddressPolicy(
        resolver=lambda host, port: next(answers),
        trusted=frozenset({("127.0.0.1", httpserver.port)}),
    )
    url = f"http://rebind.example:{httpserver.port}/x"
    fetcher = Fetcher(policy=policy, min_interval=0.0, respect_robots=False)
    with fetcher, pytest.raises(RefusedAddress, match=re.escape("127.0.0.2 is a loopback")):
        fetcher.fetch(url)
    assert not httpserver.log
    assert next(answers, None) is None  # both lookups were made: precheck, then connect


def test_connect_uses_the_checked_address(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data(PAGE, content_type="text/html")
    lookups: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]

    policy = AddressPolicy(resolver=resolver, trusted=frozenset({("127.0.0.1", httpserver.port)}))
    with Fetcher(policy=policy, min_interval=0.0, respect_robots=False) as fetcher:
        assert fetcher.fetch(f"http://trusted.example:{httpserver.port}/x").data == PAGE
    assert lookups == ["trusted.example", "trusted.example"]


def test_redirect_to_loopback_is_refused_without_the_flag(
    httpserver: HTTPServer, other_server: HTTPServer
) -> None:
    no_robots(httpserver)
    no_robots(other_server)
    target = other_server.url_for("/internal")
    other_server.expect_request("/internal").respond_with_data(b"secret", content_type="text/plain")
    httpserver.expect_request("/go").respond_with_data("", status=302, headers={"Location": target})
    url = httpserver.url_for("/go")
    with make_fetcher(httpserver) as fetcher, pytest.raises(RefusedAddress) as err:
        fetcher.fetch(url)
    message = str(err.value)
    assert message.startswith(url) and target in message and "loopback" in message
    assert not other_server.log  # never connected to
    with make_fetcher(httpserver, allow_private=True) as fetcher:
        got = fetcher.fetch(url)
    assert (got.final_url, got.data) == (target, b"secret")


def test_ipv6_loopback_url_is_refused() -> None:
    with Fetcher() as fetcher, pytest.raises(RefusedAddress, match="::1 is a loopback"):
        fetcher.fetch("http://[::1]:9/x")


def test_ipv4_mapped_ipv6_url_is_refused() -> None:
    with (
        Fetcher() as fetcher,
        pytest.raises(RefusedAddress, match=re.escape("IPv4 127.0.0.1 inside IPv6")),
    ):
        fetcher.fetch("http://[::ffff:127.0.0.1]:9/x")


def test_unresolvable_host_is_an_input_error() -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise fetch_mod._Guard(f"cannot resolve host {host!r}", refused=False)

    fetcher = Fetcher(policy=AddressPolicy(resolver=resolver))
    with fetcher, pytest.raises(InputError, match="cannot resolve") as err:
        fetcher.fetch("http://nowhere.example/")
    assert not isinstance(err.value, RefusedAddress)


def test_module_fetch_function(httpserver: HTTPServer) -> None:
    no_robots(httpserver)
    httpserver.expect_request("/m").respond_with_data(PAGE, content_type="text/html")
    with pytest.raises(RefusedAddress):
        fetch_mod.fetch(httpserver.url_for("/m"), min_interval=0.0)
    got = fetch_mod.fetch(httpserver.url_for("/m"), allow_private=True, min_interval=0.0)
    assert got.data == PAGE
