"""The web benchmark at a tiny size, so that it keeps working: the catalogue builds and scores, the open-loop
client counts what it is answered and times each request from its due time, and the server starts as the
Dockerfile starts it."""

import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from pathlib import Path

import pytest

from matching.bridge import worker
from matching.models import Match
from notifications.models import Notification
from offers.models import Offer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import bench_web  # noqa: E402
import web_catalogue  # noqa: E402
import web_client  # noqa: E402
import web_scoring  # noqa: E402


class Answers(BaseHTTPRequestHandler):
    delay = 0.0
    asked: list[str] = []

    def do_GET(self):
        time.sleep(self.delay)
        self.asked.append(self.path)
        status = 200 if self.path.split("?")[0] == "/" else 302
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


# The handler class of each test server, by port: what it was asked.
HANDLERS: dict[int, type[Answers]] = {}


@pytest.fixture
def server(request):
    handler = type("Handler", (Answers,), {"delay": getattr(request, "param", 0.0), "asked": []})
    kind = HTTPServer if handler.delay else ThreadingHTTPServer
    httpd = kind(("127.0.0.1", 0), handler)
    HANDLERS[httpd.server_address[1]] = handler
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_the_catalogue_builds_and_is_scored(transactional_db):
    # given a tiny catalogue
    web_catalogue.build(offers=20, requests=10, startups=3)
    # when the full rescore runs with the lexical engine
    worker.forget()
    web_scoring.score(engine="lexical")
    worker.forget()
    # then every offer is published with its own text, and the pages have rows to open
    held = web_scoring.describe()
    assert (held.offers, held.requests, held.startups, held.engine) == (20, 10, 3, "lexical")
    assert held.matches == Match.objects.count() > 0
    assert len(set(Offer.objects.values_list("description", flat=True))) == 20
    assert set(held.pages) == {"offer", "match", "request_startup", "request_officer"}
    assert Notification.objects.filter(recipient__email=web_catalogue.STAFF_EMAIL).exists()


def test_the_open_loop_client_counts_every_answer(server):
    # when 20 requests a second are offered for one second
    outcome = web_client.open_loop("127.0.0.1", server, [b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"], rate=20, seconds=1)
    # then each is answered and timed
    assert (outcome.ok, outcome.errors, len(outcome.latencies)) == (20, 0, 20)
    assert 15 <= outcome.rate <= 20
    assert outcome.percentile_ms(0.99) < 500
    assert outcome.client_cpu < 1


def test_an_answer_other_than_200_is_an_error(server):
    outcome = web_client.open_loop("127.0.0.1", server, [b"GET /login HTTP/1.1\r\nHost: x\r\n\r\n"], rate=10, seconds=1)
    assert (outcome.ok, outcome.errors, outcome.statuses) == (0, 10, {302: 10})


@pytest.mark.parametrize("server", [0.1], indirect=True)
def test_a_slow_server_cannot_hide_its_queue(server):
    # given a server answering one request at a time in 100 ms, when 20 a second are offered for one second
    outcome = web_client.open_loop("127.0.0.1", server, [b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"], rate=20, seconds=1)
    # then the last ones waited in its queue: about a second behind their due time
    assert outcome.ok == 20
    assert outcome.percentile_ms(0.99) > 800
    assert outcome.rate < 12


def test_the_flat_out_client_keeps_its_connections_busy(server):
    outcome = web_client.flat_out(
        "127.0.0.1", server, [b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"], connections=2, seconds=0.5
    )
    assert outcome.ok > 10 and outcome.errors == 0


def test_the_server_starts_as_the_dockerfile_starts_it():
    command = bench_web.dockerfile_command(8123)
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123"
    assert command[command.index("--workers") + 1] == "3"
    assert command[command.index("--logger-class") + 1] == "innovation_office.gunicorn.TokenMaskingLogger"


def test_a_page_of_many_paths_asks_each_in_turn(server):
    raws = [f"GET /?q={number} HTTP/1.1\r\nHost: x\r\n\r\n".encode() for number in range(3)]
    web_client.open_loop("127.0.0.1", server, raws, rate=30, seconds=0.2)
    web_client.flat_out("127.0.0.1", server, raws, connections=1, seconds=0.1)
    handler = HANDLERS[server]
    assert handler.asked[:6] == ["/?q=0", "/?q=1", "/?q=2", "/?q=0", "/?q=1", "/?q=2"]
    assert handler.asked[6:9] == ["/?q=0", "/?q=1", "/?q=2"]


def test_a_search_no_reader_asked_before_has_as_many_paths_as_a_run_needs():
    paths = bench_web._paths(bench_web.PAGES["catalogue_search_fresh"][1], {})
    assert len(set(paths)) == len(paths) >= 150 * 10
