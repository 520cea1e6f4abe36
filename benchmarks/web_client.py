"""The web benchmark's clients: logging a role in through the site's own forms, an open-loop load at a fixed
rate that measures each response from the moment its request was due, and a closed loop flat out.

Plain asyncio over raw sockets, one connection per request (gunicorn's sync workers close each connection
after its response), so that the client costs little of the CPU it shares with the server.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.client
import itertools
import re
import resource
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Behind the deployment's proxy the site is served over HTTPS; the proxy says so in this header.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


class SignInFailed(RuntimeError):
    pass


@dataclass
class Session:
    """A browser's cookies for one role; empty for the anonymous visitor."""

    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict, str]:
        """One request on a fresh connection; keeps the cookies it sets. Returns status, headers, body."""
        headers = {**PROXY_HEADERS, "Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        body = None
        if form is not None:
            body = urlencode(form)
            origin = f"https://{self.host}:{self.port}"
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": origin,
                    "Referer": origin + path,
                }
            )
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie_name, _, rest = value.partition("=")
                    self.cookies[cookie_name] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), text
        finally:
            connection.close()

    def raw_get(self, path: str) -> bytes:
        """The bytes of a GET of `path` as this role's browser sends it."""
        lines = [f"GET {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in PROXY_HEADERS.items()]
        if self.cookies:
            lines.append(f"Cookie: {self.cookie_header()}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _run(coroutine):
    """asyncio.run, also from a thread whose event loop is already running (a browser test's, say): then
    on a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _submit(session: Session, path: str, fields: dict) -> tuple[int, dict, str]:
    status, _, page = session.request("GET", path)
    token = CSRF_FIELD.search(page)
    if status != 200 or token is None:
        raise SignInFailed(f"GET {path} answered {status} without a form")
    return session.request("POST", path, {"csrfmiddlewaretoken": token.group(1), **fields})


def sign_in(host: str, port: int, email: str, password: str, totp_code=None) -> Session:
    """Logs in with the login form and, when the site asks for it, the authenticator's current code
    (`totp_code()` gives it); returns the signed-in browser's cookies."""
    session = Session(host, port)
    status, headers, _ = _submit(session, "/account/login/", {"username": email, "password": password})
    if status != 302:
        raise SignInFailed(f"{email}: the login form answered {status}")
    status, headers, _ = session.request("GET", "/home/")
    asked = headers.get("Location", "")
    if status == 302 and asked.startswith("/account/two-factor/"):
        if totp_code is None:
            raise SignInFailed(f"{email}: the site asks for a second factor")
        status, headers, _ = _submit(session, asked, {"token": totp_code()})
        if status != 302:
            raise SignInFailed(f"{email}: the second factor answered {status}")
        status, headers, _ = session.request("GET", "/home/")
    if status != 200:
        raise SignInFailed(f"{email}: /home/ answered {status} {headers.get('Location', '')}")
    return session


@dataclass
class Outcome:
    """One phase's requests: how long each took to be answered or to fail (a timed-out one counts its
    timeout), how many were answered 200, the other statuses, connections that failed, and timing."""

    latencies: list[float] = field(default_factory=list)
    ok: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: int = 0
    wall: float = 0.0
    client_cpu: float = 0.0

    @property
    def errors(self) -> int:
        return self.failures + sum(self.statuses.values())

    @property
    def rate(self) -> float:
        """Responses 200 completed per second."""
        return self.ok / self.wall if self.wall else 0.0

    def percentile_ms(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def record(self, status: int | None, elapsed: float) -> None:
        """`status` None: the connection failed or timed out."""
        self.latencies.append(elapsed)
        if status == 200:
            self.ok += 1
        elif status is None:
            self.failures += 1
        else:
            self.statuses[status] = self.statuses.get(status, 0) + 1


async def _exchange(host: str, port: int, raw: bytes, timeout: float) -> int:
    """Sends one request, reads the whole response (to the server's close); returns its status."""

    async def talk() -> int:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            writer.write(raw)
            head = await reader.readline()
            await reader.read()
            return int(head.split()[1])
        finally:
            writer.close()

    return await asyncio.wait_for(talk(), timeout)


async def _answer(host: str, port: int, raw: bytes, timeout: float) -> int | None:
    """The status of the response to `raw`, or None when the connection failed or timed out."""
    try:
        return await _exchange(host, port, raw, timeout)
    except (OSError, TimeoutError, ValueError, IndexError):
        return None


def settle(host: str, port: int, *, path: str = "/healthz", quick: float = 0.5, patience: float = 20) -> bool:
    """Waits until the server answers `path` within `quick` seconds again (requests a client gave up on may
    still wait in its queue); False when it did not within `patience` seconds."""
    raw = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode()

    async def run() -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + patience
        while loop.time() < deadline:
            sent = loop.time()
            await _answer(host, port, raw, max(0.1, deadline - sent))
            if loop.time() - sent < quick:
                return True
        return False

    return _run(run())


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def open_loop(host: str, port: int, raws: list[bytes], *, rate: float, seconds: float, timeout: float = 10) -> Outcome:
    """Sends the requests `raws` in turn at `rate` per second for `seconds` whatever the answers, each timed from
    its due time (so a server that falls behind shows its queue in the latencies, not a slower client)."""
    outcome = Outcome()
    # Each request waiting for its answer holds a socket: allow as many as the system lets this process.
    _, most = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (most, most))

    async def one(due: float, raw: bytes) -> None:
        loop = asyncio.get_running_loop()
        status = await _answer(host, port, raw, timeout)
        outcome.record(status, loop.time() - due)

    async def run() -> None:
        loop = asyncio.get_running_loop()
        start = loop.time() + 0.01
        tasks = []
        for number in range(max(1, round(rate * seconds))):
            due = start + number / rate
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(due, raws[number % len(raws)])))
        await asyncio.gather(*tasks)
        outcome.wall = max(seconds, loop.time() - start)

    cpu = _cpu_seconds()
    _run(run())
    outcome.client_cpu = _cpu_seconds() - cpu
    return outcome


def flat_out(
    host: str, port: int, raws: list[bytes], *, connections: int, seconds: float, timeout: float = 10
) -> Outcome:
    """`connections` clients, each sending the next of the requests `raws` (in turn) as soon as its last is
    answered, for `seconds`."""
    outcome = Outcome()
    sent_so_far = itertools.count()

    async def client(stop: float) -> None:
        loop = asyncio.get_running_loop()
        while loop.time() < stop:
            sent = loop.time()
            status = await _answer(host, port, raws[next(sent_so_far) % len(raws)], timeout)
            outcome.record(status, loop.time() - sent)

    async def run() -> None:
        loop = asyncio.get_running_loop()
        start = loop.time()
        await asyncio.gather(*(client(start + seconds) for _ in range(connections)))
        outcome.wall = loop.time() - start

    cpu = _cpu_seconds()
    began = time.monotonic()
    _run(run())
    outcome.wall = outcome.wall or time.monotonic() - began
    outcome.client_cpu = _cpu_seconds() - cpu
    return outcome
