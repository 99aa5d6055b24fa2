"""The endpoint's HTTP under faults and load shapes: keep-alive, timeouts, garbage, disconnects, IPv6, limits, shutdown.

Each test speaks raw HTTP over a socket where the point is the bytes on the
wire (a status line, a ``Connection`` header, a closed connection). Every
wait is bounded; nothing here measures speed (scripts/bench_serve.py does).
"""

from __future__ import annotations

import contextlib
import io
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.sparql.server import SparqlServer, make_server

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
LABEL_QUERY = 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s WHERE { ?s rdfs:label "India" }'
VALUES = " ".join(str(i) for i in range(2000))
RUNAWAY = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {VALUES} }} VALUES ?b {{ {VALUES} }} VALUES ?c {{ {VALUES} }} }}"
#: A runaway in a request line short enough for the plan memo (kg.sparql.server.asgi).
SHORT_VALUES = " ".join(str(i) for i in range(200))
SHORT_RUNAWAY = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {SHORT_VALUES} }} VALUES ?b {{ {SHORT_VALUES} }} VALUES ?c {{ {SHORT_VALUES} }} }}"
#: Sorting a cross product of constants: memory grows until something stops it, whatever the graph.
MEMORY_HOG = f"SELECT ?a ?b ?c WHERE {{ VALUES ?a {{ {VALUES} }} VALUES ?b {{ {VALUES} }} VALUES ?c {{ {VALUES} }} }} ORDER BY ?c ?b ?a LIMIT 1"


class _Log(io.StringIO):
    """The access log, readable while the server writes."""

    def lines(self) -> list[str]:
        return self.getvalue().splitlines()

    def wait_for(self, pattern: str, seconds: float = 10) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for line in self.lines():
                if re.search(pattern, line):
                    return line
            time.sleep(0.05)
        raise AssertionError(f"no log line matches {pattern!r}: {self.lines()[-5:]}")


@pytest.fixture(scope="module")
def log() -> _Log:
    return _Log()


@pytest.fixture(scope="module")
def server(log: _Log) -> Iterator[SparqlServer]:
    with make_server(SAMPLE, port=0, timeout=3, workers=2, header_timeout=1.0, log=log).start() as running:
        yield running


def _query_path(query: str = LABEL_QUERY) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


@contextlib.contextmanager
def _connect(server: SparqlServer) -> Iterator[socket.socket]:
    """A connection to the server; its buffered reader (see :func:`_read_response`) is closed with it,
    or the socket stays open behind the reader until the garbage collector finds it (a ResourceWarning)."""
    sock = socket.create_connection((server.host, server.port), timeout=10)
    fileno = sock.fileno()
    _READERS.pop(fileno, None)
    try:
        yield sock
    finally:
        reader = _READERS.pop(fileno, None)
        if reader is not None:
            reader.close()
        sock.close()


def _read_response(sock: socket.socket) -> tuple[bytes, dict[str, str], bytes]:
    """One response: status line, headers (lower-case names), body (by Content-Length).

    Reads through a buffered file kept on the socket, so pipelined responses
    that arrive in one packet are not lost between calls.
    """
    reader = _READERS.get(sock.fileno())
    if reader is None:
        reader = _READERS[sock.fileno()] = sock.makefile("rb")  # type: ignore[assignment]
    status = reader.readline().rstrip(b"\r\n")
    if not status:
        raise ConnectionError("closed before a response")
    headers: dict[str, str] = {}
    while (line := reader.readline().rstrip(b"\r\n")) != b"":
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    body = reader.read(int(headers.get("content-length", "0")))
    return status, headers, body


_READERS: dict[int, io.BufferedReader] = {}


def _closed(sock: socket.socket, seconds: float = 5) -> bool:
    sock.settimeout(seconds)
    reader = _READERS.get(sock.fileno())
    try:
        return (reader.read(1) if reader is not None else sock.recv(1)) == b""
    except (TimeoutError, ConnectionResetError):
        return False


# --------------------------------------------------------------------------- keep-alive


def test_http10_keep_alive_is_honoured_and_answered(server: SparqlServer) -> None:
    """ab -k and other HTTP/1.0 clients: ``Connection: keep-alive`` in, ``Connection: keep-alive`` out, same socket."""
    with _connect(server) as sock:
        for _ in range(3):
            sock.sendall(f"GET {_query_path()} HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n".encode())
            status, headers, body = _read_response(sock)
            assert status.startswith(b"HTTP/1.1 200")
            assert headers["connection"].lower() == "keep-alive"
            assert int(headers["content-length"]) == len(body) and b"india" in body


def test_head_then_get_on_one_connection_and_100_continue(server: SparqlServer) -> None:
    """The head of an answer waits for its body to leave in one write; a HEAD (no body) and a
    ``100 Continue`` must still go out at once, and a kept connection goes on after them."""
    with _connect(server) as sock:
        sock.sendall(f"HEAD {_query_path()} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        reader = _READERS[sock.fileno()] = sock.makefile("rb")  # type: ignore[assignment]
        assert reader.readline().startswith(b"HTTP/1.1 200")
        while reader.readline() not in (b"\r\n", b""):  # a HEAD answer's Content-Length names a body that is not sent
            pass
        sock.sendall(f"GET {_query_path()} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        status, _, body = _read_response(sock)
        assert status.startswith(b"HTTP/1.1 200") and b"india" in body
        form = urllib.parse.urlencode({"query": LABEL_QUERY}).encode()
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % len(form)
        )
        assert reader.readline().startswith(b"HTTP/1.1 100")  # before the body is sent (the socket times out otherwise)
        assert reader.readline() == b"\r\n"
        sock.sendall(form)
        status, _, body = _read_response(sock)
        assert status.startswith(b"HTTP/1.1 200") and b"india" in body


def test_http10_without_keep_alive_is_closed_after_the_answer(server: SparqlServer) -> None:
    with _connect(server) as sock:
        sock.sendall(f"GET {_query_path()} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
        status, headers, _ = _read_response(sock)
        assert status.startswith(b"HTTP/1.1 200") and headers.get("connection") == "close"
        assert _closed(sock)


def test_http11_keeps_the_connection_and_pipelines(server: SparqlServer) -> None:
    with _connect(server) as sock:
        request = f"GET {_query_path()} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
        sock.sendall(request * 3)  # pipelined
        for _ in range(3):
            status, headers, body = _read_response(sock)
            assert status.startswith(b"HTTP/1.1 200") and "connection" not in headers and b"india" in body


def _count_quick_answers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the requests the transport answers on its quick path (kg.sparql.server.quick)."""
    from kg.sparql.server import transport

    calls: list[int] = []
    original = transport.answer_quickly

    def counted(*args: object) -> object:
        calls.append(1)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(transport, "answer_quickly", counted)
    return calls


def _send_on_one_connection(server: SparqlServer, request: bytes, times: int) -> list[tuple[bytes, dict[str, str], bytes]]:
    """Send the same request ``times`` times on one kept-alive connection: each answer's status line, headers (without the date) and body."""
    answers = []
    with _connect(server) as sock:
        for _ in range(times):
            sock.sendall(request)
            status, headers, body = _read_response(sock)
            headers.pop("date")
            answers.append((status, headers, body))
    return answers


@pytest.mark.parametrize("query", ["ASK { ?s ?p ?o }", "SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }", "SELEC"])
def test_a_repeated_get_is_answered_on_the_quick_path_in_the_same_bytes(server: SparqlServer, monkeypatch: pytest.MonkeyPatch, query: str) -> None:
    """The first GET is planned on uvicorn's ASGI path; the same bytes again are answered from the
    remembered plan, with the same status, headers and body (an answer, a refused SERVICE, a syntax error)."""
    quick = _count_quick_answers(monkeypatch)
    request = f"GET {_query_path(query)} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Test: quick path\r\n\r\n".encode()
    answers = _send_on_one_connection(server, request, 3)
    assert len(quick) == 2
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0].startswith(b"HTTP/1.1 200" if query.startswith("ASK") else b"HTTP/1.1 400")


def test_a_kept_alive_get_seen_whole_before_skips_the_parser_with_the_same_answer(server: SparqlServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bytes of one whole kept-alive GET answered on the quick path are learned; the same bytes
    again are answered from the learned plan without the parser, in the same bytes as before."""
    from kg.sparql.server.transport import _Protocol

    parsed: list[bytes] = []
    original = _Protocol.on_message_begin

    def counted(self: _Protocol) -> None:
        parsed.append(b"")
        original(self)

    monkeypatch.setattr(_Protocol, "on_message_begin", counted)
    request = f"GET {_query_path('ASK { ?s ?p ?o }')} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Test: learned\r\n\r\n".encode()
    answers = _send_on_one_connection(server, request, 4)
    assert len(parsed) == 2  # planned on the ASGI path, answered on the quick path and learned, then from the bytes
    assert answers[0] == answers[1] == answers[2] == answers[3]
    assert answers[0][0].startswith(b"HTTP/1.1 200") and "connection" not in answers[0][1]
    assert server.app.known_request(request) is not None
    assert server.app.known_request(request.replace(b"learned", b"learnt")) is None


def test_a_request_body_equal_to_a_learned_get_is_read_as_a_body(server: SparqlServer) -> None:
    """Only bytes that begin at a message boundary are looked up: a POST whose body is, byte for byte,
    a learned GET gets one answer, the POST's, not the GET's (no request smuggled through a body)."""
    learned = f"GET {_query_path('ASK { ?s ?p ?o }')} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Test: smuggled\r\n\r\n".encode()
    with _connect(server) as sock:
        for _ in range(2):
            sock.sendall(learned)
            assert _read_response(sock)[0].startswith(b"HTTP/1.1 200")
        assert server.app.known_request(learned) is not None
        head = f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nContent-Length: {len(learned)}\r\n\r\n"
        sock.sendall(head.encode())
        time.sleep(0.2)  # the body comes in a chunk of its own
        sock.sendall(learned)
        status, _, body = _read_response(sock)
        assert status.startswith(b"HTTP/1.1 400") and b"true" not in body  # the GET's bytes are no query
        sock.sendall(learned)  # the connection goes on, at a boundary again
        status, _, body = _read_response(sock)
        assert status.startswith(b"HTTP/1.1 200") and b"true" in body
    with _connect(server) as sock:  # refused at its head, so answered while its body still comes
        sock.sendall(learned)
        assert _read_response(sock)[0].startswith(b"HTTP/1.1 200")
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nContent-Length: 5000000\r\n\r\n")
        assert _read_response(sock)[0].startswith(b"HTTP/1.1 413")
        sock.sendall(learned)  # still the POST's body
        sock.settimeout(0.5)
        with contextlib.suppress(TimeoutError, ConnectionError):
            assert b"HTTP/1.1 200" not in sock.recv(65536)


def test_a_client_that_leaves_on_the_quick_path_is_logged_and_the_others_go_on(server: SparqlServer, log: _Log, monkeypatch: pytest.MonkeyPatch) -> None:
    quick = _count_quick_answers(monkeypatch)
    request = f"GET {_query_path(SHORT_RUNAWAY)} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Test: leaves\r\n\r\n".encode()
    pattern = r" GET /sparql 499 0 [\d.]+ms client closed the connection before the answer"
    for expected in (1, 2):  # planned on the ASGI path, then the same request on the quick path
        before = sum(1 for line in log.lines() if re.search(pattern, line))
        with _connect(server) as sock:
            sock.sendall(request)
            time.sleep(0.3)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and sum(1 for line in log.lines() if re.search(pattern, line)) == before:
            time.sleep(0.05)
        assert sum(1 for line in log.lines() if re.search(pattern, line)) == before + 1
        assert len(quick) == expected - 1
    assert "Traceback" not in log.getvalue()
    status, _, _ = _get(server, LABEL_QUERY)
    assert status == 200


# --------------------------------------------------------------------------- slow, broken and vanishing clients


def test_slow_headers_get_408_and_are_closed(server: SparqlServer, log: _Log) -> None:
    with _connect(server) as sock:
        sock.sendall(b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finishes its headers
        started = time.monotonic()
        status, _, body = _read_response(sock)
        assert status.startswith(b"HTTP/1.1 408") and b"did not arrive within 1 s" in body
        assert time.monotonic() - started < 5 and _closed(sock)
    with _connect(server) as sock:  # a connection that never sends a byte is not held either
        assert _read_response(sock)[0].startswith(b"HTTP/1.1 408") and _closed(sock)
    log.wait_for(r" - - 408 \d+ [\d.]+ms the request headers did not arrive")


def test_slow_headers_of_a_next_request_on_a_kept_connection_get_408(server: SparqlServer) -> None:
    """After an answer, the next request's headers have the header timeout too, whether its first bytes
    are part of its headers or only blank lines before them."""
    for start in (b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n", b"\r\n"):
        with _connect(server) as sock:
            sock.sendall(f"GET {_query_path()} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            assert _read_response(sock)[0].startswith(b"HTTP/1.1 200")
            sock.sendall(start)  # and never the rest
            status, _, body = _read_response(sock)
            assert status.startswith(b"HTTP/1.1 408") and b"did not arrive within 1 s" in body and _closed(sock)


def test_a_garbage_request_line_gets_a_status_line(server: SparqlServer, log: _Log) -> None:
    with _connect(server) as sock:
        sock.sendall(b"HELLO WORLD\r\n\r\n")
        status, headers, body = _read_response(sock)
        assert status.startswith(b"HTTP/1.1 400 Bad Request") and b"bad request" in body
        assert headers["connection"] == "close" and _closed(sock)
    line = log.wait_for(r" - - 400 \d+ [\d.]+ms bad request")
    assert "Traceback" not in log.getvalue() and "\n" not in line


def test_a_client_that_goes_away_is_logged_in_one_line(server: SparqlServer, log: _Log) -> None:
    with _connect(server) as sock:
        sock.sendall(f"GET {_query_path(RUNAWAY)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        time.sleep(0.6)
    line = log.wait_for(r" GET /sparql 499 0 [\d.]+ms client closed the connection before the answer")
    assert line.startswith(("20",)) and "Traceback" not in log.getvalue()
    status, _, _ = _get(server, LABEL_QUERY)  # its worker was stopped and replaced; others answer
    assert status == 200


def _get(server: SparqlServer, query: str, headers: dict[str, str] | None = None, **params: str) -> tuple[int, object, str]:
    url = server.endpoint + "?" + urllib.parse.urlencode({"query": query, **params})
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=60) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


# --------------------------------------------------------------------------- IPv6


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback here")
def test_ipv6_hosts_work_and_the_host_check_reads_brackets() -> None:
    with make_server(SAMPLE, host="::1", port=0, workers=1, log=None).start() as running:
        assert running.url == f"http://[::1]:{running.port}/"
        status, _, body = _get(running, LABEL_QUERY)  # urllib sends Host: [::1]:port
        assert status == 200 and "india" in body
        status, _, _ = _get(running, LABEL_QUERY, headers={"Host": "evil.example"})
        assert status == 403


# --------------------------------------------------------------------------- limits


def test_a_query_past_the_memory_cap_is_stopped_and_no_worker_passes_it() -> None:
    log = _Log()
    with make_server(SAMPLE, port=0, timeout=60, workers=1, max_memory=600, log=log).start() as running:
        for pid in running.worker_pids:
            limits = Path(f"/proc/{pid}/limits").read_text()
            assert re.search(rf"Max address space\s+{600 * 1024 * 1024}\s+{600 * 1024 * 1024}", limits), limits
        status, _, body = _get(running, MEMORY_HOG)
        assert status == 503 and "more memory than a query worker may use (600 MB)" in body
        assert "reached the memory limit of 600 MB" in log.getvalue()
        status, _, _ = _get(running, LABEL_QUERY)  # a fresh worker answers
        assert status == 200


def test_a_full_queue_turns_requests_away_at_once_with_retry_after() -> None:
    with make_server(SAMPLE, port=0, timeout=3, workers=1, queue=1, cache_mb=0, log=None).start() as running:
        outcomes: list[int] = []
        threads = [threading.Thread(target=lambda: outcomes.append(_get(running, RUNAWAY)[0])) for _ in range(2)]
        for thread in threads:  # one runs, one waits in the queue
            thread.start()
            time.sleep(0.3)
        started = time.monotonic()
        status, headers, body = _get(running, LABEL_QUERY)
        assert status == 503 and headers["Retry-After"] == "1" and "already wait" in body  # type: ignore[index]
        assert time.monotonic() - started < 2
        for thread in threads:
            thread.join(30)
        assert sorted(outcomes) == [503, 503]  # the runaway timed out; the one queued behind it gave up waiting


def test_close_lets_a_running_query_finish(log: _Log) -> None:
    """Graceful shutdown: the request in flight gets its answer, not a reset; then the port is closed."""
    running = make_server(SAMPLE, port=0, timeout=2, workers=1, log=None).start()
    answer: list[int] = []
    thread = threading.Thread(target=lambda: answer.append(_get(running, RUNAWAY)[0]))
    thread.start()
    time.sleep(0.5)
    running.close()
    thread.join(30)
    assert answer == [503]  # timed out after 2 s and said so
    with pytest.raises(OSError):
        socket.create_connection((running.host, running.port), timeout=2)


# --------------------------------------------------------------------------- more than one front process


def test_extra_fronts_share_the_port_are_replaced_and_stop_with_the_server() -> None:
    """--fronts 2: a second process answers on the same port; if it dies another takes over; close stops it and its workers."""
    import os
    import signal

    log = _Log()
    running = make_server(SAMPLE, port=0, timeout=5, workers=2, fronts=2, log=log).start()
    try:
        [front] = running.front_pids
        answered_here = 0
        for n in range(30):  # new connections spread over both fronts (SO_REUSEPORT)
            assert _get(running, LABEL_QUERY + " " * n)[0] == 200
        answered_here = sum(" GET /sparql 200 " in line for line in log.lines())
        assert 0 < answered_here < 30  # the rest were answered by the other front (its log is its stderr)
        os.kill(front, signal.SIGKILL)
        log.wait_for(rf"front process {front} stopped \(status -9\); starting another")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not running.front_pids:
            time.sleep(0.1)
        [replacement] = running.front_pids
        assert replacement != front
    finally:
        running.close()
    time.sleep(0.5)
    assert not Path(f"/proc/{replacement}").exists() or "zombie" in Path(f"/proc/{replacement}/status").read_text().lower()
