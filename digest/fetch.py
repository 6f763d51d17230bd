"""The one HTTP client every source goes through.

Timeouts on connect and read plus a whole-request deadline, a size cap
counted on the decoded body (so a gzip bomb is caught too), a redirect limit,
http(s) only, conditional GET with the validators kept per source, a
descriptive User-Agent, and bounded concurrency across sources. A failure is
a ``FetchError`` for that one request; the others go on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from digest import __version__
from digest.config import FetchConfig
from digest.exceptions import FetchError, TooLargeError, UnsafeURLError
from digest.store.stories import SourceState

USER_AGENT = f"digest/{__version__} (newsletter digest builder; +https://github.com/digest-newsletter/digest)"


@dataclass(frozen=True, slots=True)
class FetchRequest:
    url: str
    state: SourceState = SourceState()


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response body (or a 304) with what parsing needs to know about it."""

    url: str
    content: bytes = b""
    content_type: str | None = None
    charset: str | None = None
    status: int = 200
    state: SourceState = SourceState()
    seconds: float = 0.0

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def check_url(url: str) -> str:
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        raise UnsafeURLError(f"{url}: only http:// and https:// URLs are fetched")
    try:
        host = httpx.URL(url).host
    except httpx.InvalidURL as exc:
        raise UnsafeURLError(f"{url}: not a valid URL ({exc})") from None
    if not host:
        raise UnsafeURLError(f"{url}: the URL has no host")
    return url


def _size_error(url: str, limit: int) -> TooLargeError:
    return TooLargeError(f"{url}: larger than the {limit:,}-byte limit; not read")


class Fetcher:
    """An async client with the project's limits; use as ``async with Fetcher(cfg) as f``."""

    def __init__(self, config: FetchConfig | None = None) -> None:
        self.config = config or FetchConfig()
        self._semaphore = asyncio.Semaphore(self.config.concurrency)
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        cfg = self.config
        self._client = httpx.AsyncClient(
            follow_redirects=True,
            max_redirects=cfg.max_redirects,
            timeout=httpx.Timeout(cfg.read_timeout, connect=cfg.connect_timeout),
            headers={
                "User-Agent": cfg.user_agent or USER_AGENT,
                "Accept-Encoding": "gzip, deflate",
            },
            limits=httpx.Limits(max_connections=cfg.concurrency * 2),
            # The environment's proxy settings would route loopback tests elsewhere.
            trust_env=False,
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def fetch(self, request: FetchRequest) -> Fetched:
        url = check_url(request.url)
        async with self._semaphore:
            loop = asyncio.get_running_loop()
            started = loop.time()
            try:
                result = await asyncio.wait_for(
                    self._get(url, request.state), self.config.total_timeout
                )
            except TimeoutError:
                raise FetchError(
                    f"{url}: no complete answer within {self.config.total_timeout:g} s"
                ) from None
            return replace(result, seconds=loop.time() - started)

    async def _get(self, url: str, state: SourceState) -> Fetched:
        assert self._client is not None, "use Fetcher as an async context manager"
        headers = {}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        limit = self.config.max_bytes
        try:
            async with self._client.stream("GET", url, headers=headers) as response:
                final_url = str(response.url)
                check_url(final_url)
                if response.status_code == 304:
                    return Fetched(url=final_url, status=304, state=state)
                if response.status_code >= 400:
                    raise FetchError(
                        f"{url}: the server answered {response.status_code} {response.reason_phrase}"
                    )
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise _size_error(url, limit)
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body.extend(chunk)
                    if len(body) > limit:
                        raise _size_error(url, limit)
                content_type = response.headers.get("Content-Type")
                return Fetched(
                    url=final_url,
                    content=bytes(body),
                    content_type=content_type.split(";")[0].strip().lower()
                    if content_type
                    else None,
                    charset=response.charset_encoding,
                    status=response.status_code,
                    state=SourceState(
                        etag=response.headers.get("ETag"),
                        last_modified=response.headers.get("Last-Modified"),
                    ),
                )
        except httpx.TooManyRedirects:
            raise FetchError(f"{url}: more than {self.config.max_redirects} redirects") from None
        except httpx.TimeoutException:
            raise FetchError(f"{url}: timed out waiting for the server") from None
        except httpx.UnsupportedProtocol:
            raise UnsafeURLError(f"{url}: redirected to a URL that is not http(s)") from None
        except httpx.DecodingError as exc:
            raise FetchError(f"{url}: the response could not be decoded ({exc})") from None
        except httpx.HTTPError as exc:
            reason = str(exc) or type(exc).__name__
            raise FetchError(f"{url}: {reason}") from None


async def fetch_all(
    requests: Sequence[FetchRequest], config: FetchConfig | None = None
) -> list[Fetched | FetchError]:
    """Fetch every request concurrently; each slot holds the result or its error."""
    async with Fetcher(config) as fetcher:

        async def one(request: FetchRequest) -> Fetched | FetchError:
            try:
                return await fetcher.fetch(request)
            except FetchError as exc:
                return exc

        return list(await asyncio.gather(*(one(r) for r in requests)))


def read_file(path: Path, max_bytes: int) -> bytes:
    """A local file under the same size cap as a download."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _size_error(str(path), max_bytes)
        return path.read_bytes()
    except FileNotFoundError:
        raise FetchError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise FetchError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise FetchError(f"{path}: cannot read ({exc.strerror or exc})") from None
