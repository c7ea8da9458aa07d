"""Fetch web pages and feeds safely: the one guarded path to the network.

Every request watchfloor makes goes through a ``Fetcher``: connect and read
timeouts and a whole-body deadline, a size cap enforced while streaming (on
the decoded bytes, so a compressed bomb stops too), redirects followed by
hand and capped, a content-type check, robots.txt (RFC 9309) respected, a
minimum interval per host, a User-Agent naming watchfloor, and bounded
retries with exponential backoff on 5xx answers and connection errors.

Server-side request forgery: an address that is not globally routable
(private, loopback, link-local, shared, reserved, multicast, unspecified;
IPv4, IPv6, and IPv4 embedded in IPv6) is refused unless ``allow_private``.
The check is made where the connection is opened: our httpcore network
backend resolves the host name itself, checks every address, and connects to
the checked address (never resolving the name a second time), so DNS
rebinding cannot slip another address in between the check and the connect.
It runs again for every redirect hop, every retry and the robots.txt fetch,
because each of those opens its connection through the same backend.

Every failure is an ``InputError`` whose one-line reason names the URL.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from watchfloor import __version__
from watchfloor.errors import InputError, RefusedAddress

# A reachable server accepts a TCP (and TLS) connection within seconds; 10 s
# covers slow links without stalling a batch on a dead host.
CONNECT_TIMEOUT = 10.0
# Longest silence allowed between two reads once connected: news sites answer
# within a few seconds, and a silent server must not hold the batch.
READ_TIMEOUT = 20.0
# Whole-response deadline: a server trickling one byte per READ_TIMEOUT could
# otherwise keep a download alive for hours.
TOTAL_TIMEOUT = 60.0
# Largest response body read (after decompression). Article pages, inline
# scripts included, are rarely above 3 MB; feeds are smaller.
MAX_RESPONSE_BYTES = 5_000_000
# RFC 9309 section 2.5: crawlers must parse at least 500 KiB of robots.txt and
# may ignore the rest; we read that much and drop what follows.
MAX_ROBOTS_BYTES = 500 * 1024
# Redirect hops followed: http->https->canonical needs 2-3; RFC 9309 asks
# crawlers to follow at least 5 for robots.txt; browsers stop at 20.
MAX_REDIRECTS = 5
# Extra attempts after a 5xx or a failed connection: a transient fault clears
# in one or two tries; more only hammers a server that is down.
MAX_RETRIES = 2
# First backoff delay in seconds, doubled for each further retry (1 s, 2 s).
BACKOFF_BASE = 1.0
# A server's Retry-After is honoured up to this many seconds; longer waits
# are not worth holding a batch for, so the fetch fails instead.
MAX_RETRY_AFTER = 60.0
# Seconds between two requests to the same host: the customary polite-crawler
# interval; a robots.txt Crawl-delay raises it for that host.
MIN_HOST_INTERVAL = 1.0
# A Crawl-delay above this is taken as this: honouring an hour-long delay
# would stall a batch; the site is still asked at most once a minute.
MAX_CRAWL_DELAY = 60.0
# Addresses of one host name tried in turn (as a browser does) before giving up.
MAX_ADDRESSES_TRIED = 4

# The product token robots.txt groups are matched against.
ROBOTS_AGENT = "watchfloor"
# Placeholder until the project has a public home; site owners look it up.
PROJECT_URL = "https://example.org/watchfloor"
USER_AGENT = f"watchfloor/{__version__} (+{PROJECT_URL})"

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x-rss+xml",
    }
)
# What we can read: web pages, plain text, feeds. Anything else (PDF, images,
# JSON, binaries) is refused before its body is read.
ALLOWED_TYPES = HTML_TYPES | FEED_TYPES | frozenset({"text/plain"})
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8"
)
# Only encodings we can decompress with a bound on the output (zlib).
ACCEPT_ENCODING = "gzip, deflate"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
SCHEMES = ("http", "https")
# IPv6 prefix whose last 32 bits embed an IPv4 address (RFC 6052 NAT64).
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")

Resolver = Callable[[str, int], Sequence[str]]
Clock = Callable[[], float]
Sleep = Callable[[float], None]


class _Guard(Exception):
    """Raised inside the network backend; carries the reason and whether it is a refusal."""

    def __init__(self, reason: str, *, refused: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.refused = refused


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order, without repeats."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise _Guard(f"cannot resolve host {host!r} ({exc})", refused=False) from None
    seen: dict[str, None] = {}
    for info in infos:
        seen.setdefault(str(info[4][0]), None)
    return list(seen)


def address_problem(address: str) -> str | None:
    """Why ``address`` must not be fetched ("a loopback address", ...), or None if public."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            inner = address_problem(str(embedded))
            return f"{inner} (IPv4 {embedded} inside IPv6)" if inner else None
    checks = (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_reserved, "a reserved address"),
        (ip.is_private, "a private address"),
        (not ip.is_global, "not a globally routable address"),
    )
    return next((why for bad, why in checks if bad), None)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses may be connected to.

    ``trusted`` lists exact ``(ip, port)`` pairs treated as public: tests use
    it to stand a local server in for a public one, so that a redirect from it
    to another local address is really refused. ``resolver`` turns a host name
    into addresses (injectable for tests).
    """

    allow_private: bool = False
    trusted: frozenset[tuple[str, int]] = frozenset()
    resolver: Resolver = system_resolver

    def check(self, address: str, port: int) -> None:
        if self.allow_private or (_normal(address), port) in self._trusted_normal:
            return
        why = address_problem(address)
        if why is not None:
            raise _Guard(
                f"refused: {address} is {why} (use --allow-private to fetch it)", refused=True
            )

    @property
    def _trusted_normal(self) -> frozenset[tuple[str, int]]:
        return frozenset((_normal(a), p) for a, p in self.trusted)

    def resolve(self, host: str, port: int) -> list[str]:
        """The host's addresses, every one checked; a single bad one refuses the host."""
        host = host.strip("[]")
        addresses = [host] if _is_ip(host) else list(self.resolver(host, port))
        if not addresses:
            raise _Guard(f"host {host!r} has no address", refused=False)
        for address in addresses:
            self.check(address, port)
        return addresses


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _normal(address: str) -> str:
    try:
        return ipaddress.ip_address(address.strip("[]")).compressed
    except ValueError:
        return address


class GuardedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that connects only to addresses the policy allows.

    It resolves the host itself and connects to the very address it checked;
    TLS still verifies the certificate against the host name (httpcore passes
    the origin's name as server_hostname).
    """

    def __init__(self, policy: AddressPolicy, inner: httpcore.NetworkBackend | None = None):
        self.policy = policy
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.policy.resolve(host, port)[:MAX_ADDRESSES_TRIED]
        failure: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise _Guard("refused: unix sockets are not fetched", refused=True)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool opened through a GuardedBackend.

    ``trust_env`` is off: a proxy from the environment would be connected to
    instead of the checked address.
    """

    def __init__(self, policy: AddressPolicy) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=GuardedBackend(policy),
        )


@dataclass(frozen=True, slots=True)
class Fetched:
    """One fetched resource. ``status`` 304 means not modified (``data`` empty)."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content_type: str | None  # media type, lower case, without parameters
    charset: str | None
    data: bytes = field(repr=False)
    etag: str | None = None
    last_modified: str | None = None
    headers: tuple[tuple[str, str], ...] = ()  # response headers, names lower case
    redirects: tuple[str, ...] = ()  # the URLs redirected from, in order

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)


class RateLimiter:
    """At least ``interval`` seconds between two requests to one host."""

    def __init__(
        self,
        interval: float = MIN_HOST_INTERVAL,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._host_interval: dict[str, float] = {}

    def slow_down(self, host: str, seconds: float) -> None:
        """Raise one host's interval (a robots.txt Crawl-delay), capped at MAX_CRAWL_DELAY."""
        self._host_interval[host] = min(max(seconds, self.interval), MAX_CRAWL_DELAY)

    def wait(self, host: str) -> None:
        interval = self._host_interval.get(host, self.interval)
        last = self._last.get(host)
        if last is not None:
            delay = last + interval - self._clock()
            if delay > 0:
                self._sleep(delay)
        self._last[host] = self._clock()


@dataclass(frozen=True, slots=True)
class _Robots:
    """The robots.txt verdict for one origin: rules, or allow/deny everything."""

    parser: RobotFileParser | None
    allow_all: bool = False
    why: str = ""

    def allowed(self, url: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return self.parser.can_fetch(ROBOTS_AGENT, url)


def check_url(url: str, where: str | None = None) -> str:
    """``url`` if it is an absolute http(s) URL with a host; otherwise an InputError."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise InputError(f"malformed URL ({exc})", where=where or url) from None
    if parts.scheme.lower() not in SCHEMES:
        raise InputError(
            f"only http and https URLs are fetched, not {parts.scheme or 'a relative URL'!r}",
            where=where or url,
        )
    if not parts.hostname:
        raise InputError("URL has no host", where=where or url)
    return parts.geturl()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower().rsplit('@', 1)[-1]}"


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class Fetcher:
    """One batch's HTTP client: connection pool, rate limiter and robots.txt cache.

    Use as a context manager (or call ``close``). ``clock`` and ``sleep`` drive
    the rate limit and the retry backoff (tests pass fakes).
    """

    def __init__(
        self,
        *,
        allow_private: bool = False,
        policy: AddressPolicy | None = None,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        total_timeout: float = TOTAL_TIMEOUT,
        max_bytes: int = MAX_RESPONSE_BYTES,
        max_redirects: int = MAX_REDIRECTS,
        retries: int = MAX_RETRIES,
        backoff: float = BACKOFF_BASE,
        min_interval: float = MIN_HOST_INTERVAL,
        respect_robots: bool = True,
        allowed_types: frozenset[str] = ALLOWED_TYPES,
        user_agent: str = USER_AGENT,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        policy = policy or AddressPolicy()
        self.policy = replace(policy, allow_private=True) if allow_private else policy
        self.total_timeout = total_timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.backoff = backoff
        self.respect_robots = respect_robots
        self.allowed_types = allowed_types
        self.limiter = RateLimiter(min_interval, clock=clock, sleep=sleep)
        self._sleep = sleep
        self._robots: dict[str, _Robots] = {}
        self._client = httpx.Client(
            transport=GuardedTransport(self.policy),
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            follow_redirects=False,
            trust_env=False,
            headers={
                "User-Agent": user_agent,
                "Accept": ACCEPT,
                "Accept-Encoding": ACCEPT_ENCODING,
            },
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """GET ``url`` under every rule of the fetch policy.

        With ``etag`` / ``last_modified`` the request is conditional and a
        ``Fetched`` with status 304 and no data means nothing changed.
        """
        where = url
        url = check_url(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        got = self._exchange(url, headers=headers, where=where, robots=self.respect_robots)
        if got.status == 304 and headers:
            return got
        if not 200 <= got.status < 300:
            reason = _status_reason(got)
            raise InputError(
                f"HTTP {got.status} {reason} from {got.final_url}".strip(), where=where
            )
        return got

    # -- the guarded exchange ------------------------------------------------

    def _exchange(
        self,
        url: str,
        *,
        headers: dict[str, str],
        where: str,
        robots: bool,
        robots_cap: int | None = None,
    ) -> Fetched:
        """Follow redirects by hand; read the body of a 2xx answer only."""
        chain: list[str] = []
        current = url
        for _hop in range(self.max_redirects + 1):
            self._precheck(current, where)
            if robots:
                self._check_robots(current, where)
            response = self._send(current, headers, where)
            try:
                if response.status_code in REDIRECT_STATUSES:
                    location = response.headers.get("location")
                    if not location:
                        raise InputError(
                            f"HTTP {response.status_code} redirect without a Location header",
                            where=where,
                        )
                    chain.append(current)
                    current = check_url(urljoin(current, location.strip()), where=where)
                    continue
                return self._record(url, current, response, chain, where, robots_cap=robots_cap)
            finally:
                response.close()
        raise InputError(f"more than {self.max_redirects} redirects (last: {current})", where=where)

    def _precheck(self, url: str, where: str) -> None:
        """Refuse a hop before any request to it (robots.txt included), naming the hop.

        Only for the message and to spare the request: the binding check is
        the one the network backend makes on the address it connects to.
        """
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        try:
            self.policy.resolve(parts.hostname or "", port)
        except _Guard as exc:
            kind = RefusedAddress if exc.refused else InputError
            raise kind(
                exc.reason if url == where else f"{url}: {exc.reason}", where=where
            ) from None

    def _record(
        self,
        url: str,
        final: str,
        response: httpx.Response,
        chain: list[str],
        where: str,
        *,
        robots_cap: int | None,
    ) -> Fetched:
        media = (response.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
        data = b""
        if 200 <= response.status_code < 300:
            if robots_cap is None:
                self._check_type(media, final, where)
                data = self._read(response, self.max_bytes, where, truncate=False)
            else:
                data = self._read(response, robots_cap, where, truncate=True)
        return Fetched(
            url=url,
            final_url=final,
            status=response.status_code,
            content_type=media or None,
            charset=response.charset_encoding,
            data=data,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            headers=tuple((k.lower(), v) for k, v in response.headers.items()),
            redirects=tuple(chain),
        )

    def _check_type(self, media: str, url: str, where: str) -> None:
        if not media:
            raise InputError(f"no Content-Type in the answer from {url}", where=where)
        if media not in self.allowed_types:
            raise InputError(
                f"content type {media!r} from {url} is not a web page, text or feed", where=where
            )

    def _send(self, url: str, headers: dict[str, str], where: str) -> httpx.Response:
        """One request, retried on 5xx and connection errors with exponential backoff."""
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            self.limiter.wait(_host(url))
            try:
                request = self._client.build_request("GET", url, headers=headers)
                response = self._client.send(request, stream=True)
            except _Guard as exc:
                kind = RefusedAddress if exc.refused else InputError
                hop = "" if url == where else f"{url}: "
                raise kind(hop + exc.reason, where=where) from None
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError) as exc:
                if last:
                    raise InputError(_transport_reason(exc, url), where=where) from None
                self._sleep(self.backoff * 2**attempt)
                continue
            except httpx.HTTPError as exc:
                raise InputError(_transport_reason(exc, url), where=where) from None
            if response.status_code >= 500 and not last:
                delay = self._retry_delay(response, attempt)
                response.close()
                if delay is None:
                    raise InputError(
                        f"HTTP {response.status_code} from {url}, and its Retry-After asks "
                        f"for more than {MAX_RETRY_AFTER:.0f} s",
                        where=where,
                    )
                self._sleep(delay)
                continue
            return response
        raise AssertionError("unreachable")  # pragma: no cover - the loop always returns

    def _retry_delay(self, response: httpx.Response, attempt: int) -> float | None:
        """Backoff for this attempt, raised to the server's Retry-After; None if too long."""
        delay = self.backoff * 2**attempt
        after = response.headers.get("retry-after", "").strip()
        if after.isdigit():
            if float(after) > MAX_RETRY_AFTER:
                return None
            delay = max(delay, float(after))
        return delay

    def _read(self, response: httpx.Response, cap: int, where: str, *, truncate: bool) -> bytes:
        """The decoded body, at most ``cap`` bytes: refused above it, or cut if ``truncate``."""
        url = str(response.request.url)
        declared = response.headers.get("content-length", "").strip()
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if not truncate and declared.isdigit() and encoding == "identity" and int(declared) > cap:
            raise InputError(f"{url} is {int(declared):,} bytes, over the {cap:,} cap", where=where)
        deadline = time.monotonic() + self.total_timeout
        parts: list[bytes] = []
        size = 0
        try:
            for chunk in _decoded(response.iter_raw(), encoding, cap, url, where):
                parts.append(chunk)
                size += len(chunk)
                if size > cap:
                    if truncate:
                        return b"".join(parts)[:cap]
                    raise InputError(f"{url} is over the {cap:,}-byte cap", where=where)
                if time.monotonic() > deadline:
                    raise InputError(
                        f"{url} took over {self.total_timeout:g} s to download", where=where
                    )
        except httpx.HTTPError as exc:
            raise InputError(_transport_reason(exc, url), where=where) from None
        return b"".join(parts)

    # -- robots.txt ------------------------------------------------------------

    def robots_allowed(self, url: str) -> bool:
        """Whether robots.txt of ``url``'s origin lets watchfloor fetch it (fetched once)."""
        return self._robots_for(check_url(url), url).allowed(url)

    def _check_robots(self, url: str, where: str) -> None:
        rules = self._robots_for(url, where)
        if not rules.allowed(url):
            why = rules.why or f"disallowed by {_origin(url)}/robots.txt"
            raise InputError(f"{url}: {why}" if url != where else why, where=where)

    def _robots_for(self, url: str, where: str) -> _Robots:
        origin = _origin(url)
        cached = self._robots.get(origin)
        if cached is None:
            cached = self._load_robots(origin, where)
            self._robots[origin] = cached
        return cached

    def _load_robots(self, origin: str, where: str) -> _Robots:
        """RFC 9309: 2xx -> its rules; 4xx -> no rules; 5xx or unreachable -> disallow all."""
        robots_url = origin + "/robots.txt"
        try:
            got = self._exchange(
                robots_url, headers={}, where=where, robots=False, robots_cap=MAX_ROBOTS_BYTES
            )
        except RefusedAddress:
            raise
        except InputError as exc:
            return _Robots(None, why=f"{robots_url} is unreachable ({exc.reason}), so not fetched")
        if 400 <= got.status < 500:
            return _Robots(None, allow_all=True)
        if not 200 <= got.status < 300:
            return _Robots(None, why=f"{robots_url} answered HTTP {got.status}, so not fetched")
        parser = RobotFileParser(robots_url)
        parser.parse(got.data.decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(ROBOTS_AGENT)
        if delay:
            self.limiter.slow_down(_host(origin), float(delay))
        return _Robots(parser)


def _decoded(
    chunks: Iterator[bytes], encoding: str, cap: int, url: str, where: str
) -> Iterator[bytes]:
    """Undo gzip/deflate incrementally, never producing more than ``cap`` + 1 bytes at once.

    Raw bytes are capped too, so data after the end of a compressed stream
    cannot be streamed forever.
    """
    if encoding in ("identity", ""):
        yield from chunks
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise InputError(
            f"{url} uses content encoding {encoding!r}, which we do not read", where=where
        )
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # zlib or gzip header, detected
    raw = 0
    try:
        for chunk in chunks:
            raw += len(chunk)
            if raw > cap:
                raise InputError(f"{url} is over the {cap:,}-byte cap (compressed)", where=where)
            data = chunk
            while data and not inflater.eof:
                yield inflater.decompress(data, cap + 1)
                data = inflater.unconsumed_tail
        yield inflater.flush()
    except zlib.error as exc:
        raise InputError(f"{url} has a corrupt {encoding} body ({exc})", where=where) from None


def _status_reason(got: Fetched) -> str:
    return httpx.codes.get_reason_phrase(got.status)


def _transport_reason(exc: httpx.HTTPError, url: str) -> str:
    kinds: dict[type[httpx.HTTPError], str] = {
        httpx.ConnectTimeout: "connection timed out",
        httpx.ReadTimeout: "read timed out",
        httpx.WriteTimeout: "write timed out",
        httpx.PoolTimeout: "no free connection",
        httpx.ConnectError: "cannot connect",
        httpx.RemoteProtocolError: "broken HTTP answer",
        httpx.ReadError: "connection lost while reading",
    }
    kind = kinds.get(type(exc), type(exc).__name__)
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{kind} ({url}{': ' + detail if detail else ''})"


def fetch(url: str, *, allow_private: bool = False, **options: Any) -> Fetched:
    """Fetch one URL with a one-off ``Fetcher`` (options as for ``Fetcher``)."""
    with Fetcher(allow_private=allow_private, **options) as fetcher:
        return fetcher.fetch(url)


def post_json(
    url: str, body: Any, *, allow_private: bool = False, timeout: float = CONNECT_TIMEOUT
) -> int:
    """POST ``body`` as JSON to ``url`` through the address guard; the HTTP status.

    For outgoing notifications (watch webhooks): the same address policy as
    fetching (private, loopback and link-local refused unless ``allow_private``),
    no redirects, no proxy from the environment. RefusedAddress or InputError
    (one line naming the URL) when it cannot be sent.
    """
    transport = GuardedTransport(AddressPolicy(allow_private=allow_private))
    try:
        with httpx.Client(
            transport=transport, timeout=timeout, follow_redirects=False, trust_env=False
        ) as client:
            return client.post(url, json=body).status_code
    except _Guard as exc:
        kind = RefusedAddress if exc.refused else InputError
        raise kind(exc.reason, where=url) from None
    except httpx.HTTPError as exc:
        raise InputError(str(exc).splitlines()[0][:200] or type(exc).__name__, where=url) from None
