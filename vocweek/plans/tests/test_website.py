"""The topic-website check against a real local server: titles in GBK and UTF-8, redirects, errors,
slow and oversized answers; and, with private addresses refused, no connection at all."""

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from vocweek.plans.enums import WebsiteStatus
from vocweek.plans.website import check_website, is_public_address, page_title

GBK_TITLE = "太原市职业教育活动周专题网站"
TIMEOUT = 0.8
MAX_BYTES = 8 * 1024


def html(title: str, encoding: str, head: str = "", padding: int = 0) -> bytes:
    filler = "<p>" + "职业教育活动周 " * (padding // 20) + "</p>"
    page = f"<!doctype html><html><head>{head}<title>{title}</title></head><body>{filler}</body>"
    return page.encode(encoding)


class Site(BaseHTTPRequestHandler):
    """A few pages of a topic website, each showing one way a real site answers."""

    def do_GET(self) -> None:
        self.server.seen.append(self.path)
        page = self.path.split("?")[0]
        if page == "/gbk":  # charset only in the page's <meta>
            self.answer(200, html(GBK_TITLE, "gbk", '<meta charset="gbk">'), "text/html")
        elif page == "/gb2312":  # declared GB 2312 in the header, with a character only GBK has
            body = html("运城市活动周 镕铸匠心", "gbk")
            self.answer(200, body, "text/html; charset=GB2312")
        elif page == "/undeclared":  # no charset anywhere, not UTF-8: read as GB 18030
            self.answer(200, html("大同市职教活动周", "gbk"), "text/html")
        elif page == "/entities":
            body = "<title>\n  开放校园 &amp;\t技能展示 &#x4E13;题  </title>".encode()
            self.answer(200, body, "text/html; charset=utf-8")
        elif page.startswith("/hop/"):
            left = int(page.removeprefix("/hop/"))
            self.redirect(f"/hop/{left - 1}" if left > 1 else "/entities")
        elif page == "/missing":
            self.answer(404, b"<title>Not Found</title>", "text/html")
        elif page == "/broken":
            self.answer(503, b"<title>Service Unavailable</title>", "text/html")
        elif page == "/slow":
            time.sleep(TIMEOUT * 3)
            self.answer(200, html("迟到的页面", "utf-8"), "text/html; charset=utf-8")
        elif page == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            with contextlib.suppress(OSError):  # the check gives up, as it should
                for char in "<title>一点一点地到来</title>" * 20:
                    self.wfile.write(char.encode())
                    self.wfile.flush()
                    time.sleep(0.05)
        elif page == "/large":  # 2 MB, the title at the top
            self.answer(200, html("吕梁市职教活动周", "utf-8", padding=2_000_000), "text/html")
        elif page == "/title-too-far":  # the title only after the bytes the check reads
            body = b"<html><head>" + b" " * (MAX_BYTES * 2) + "<title>看不到</title>".encode()
            self.answer(200, body, "text/html; charset=utf-8")
        elif page == "/to-localhost":
            self.redirect(f"http://localhost:{self.server.server_port}/entities")
        elif page == "/to-ftp":
            self.redirect("ftp://example.cn/")
        else:
            self.answer(404, b"", "text/plain")

    def answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the check stopped reading: the point of /large
            self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def site() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    server.block_on_close = False
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def local(settings, site) -> str:
    """The local site's base URL, with private addresses allowed as in no deployment."""
    settings.VOCWEEK_WEBSITE_CHECK_ALLOW_PRIVATE = True
    settings.VOCWEEK_WEBSITE_CHECK_TIMEOUT = TIMEOUT
    settings.VOCWEEK_WEBSITE_CHECK_MAX_BYTES = MAX_BYTES
    return f"http://127.0.0.1:{site.server_port}"


def test_a_gbk_page_declared_in_its_meta_answers_with_its_title(local, site):
    check = check_website(f"{local}/gbk")
    assert (check.status, check.http_status, check.title) == (
        WebsiteStatus.REACHABLE,
        200,
        GBK_TITLE,
    )
    assert site.seen == ["/gbk"]


def test_a_gb2312_header_and_an_undeclared_chinese_page_are_read_as_gb18030(local):
    assert check_website(f"{local}/gb2312").title == "运城市活动周 镕铸匠心"
    assert check_website(f"{local}/undeclared").title == "大同市职教活动周"


def test_the_title_has_entities_unescaped_and_whitespace_collapsed(local):
    assert check_website(f"{local}/entities").title == "开放校园 & 技能展示 专题"


def test_three_redirects_are_followed_to_the_page(local, site):
    check = check_website(f"{local}/hop/3")
    assert (check.status, check.http_status, check.title) == (
        WebsiteStatus.REACHABLE,
        200,
        "开放校园 & 技能展示 专题",
    )
    assert site.seen == ["/hop/3", "/hop/2", "/hop/1", "/entities"]


def test_a_fourth_redirect_is_not_followed(local, site):
    check = check_website(f"{local}/hop/4")
    assert (check.status, check.http_status, check.title) == (WebsiteStatus.REACHABLE, 302, "")
    assert site.seen == ["/hop/4", "/hop/3", "/hop/2", "/hop/1"]


@pytest.mark.parametrize(("page", "status"), [("/missing", 404), ("/broken", 503)])
def test_an_error_answer_is_unreachable_with_its_status(local, page, status):
    check = check_website(local + page)
    assert (check.status, check.http_status, check.title) == (
        WebsiteStatus.UNREACHABLE,
        status,
        "",
    )


def test_an_answer_slower_than_the_time_limit_is_unreachable_in_time(local):
    started = time.monotonic()
    check = check_website(f"{local}/slow")
    assert check.status == WebsiteStatus.UNREACHABLE and check.http_status is None
    assert "timed out" in check.reason
    assert time.monotonic() - started < TIMEOUT + 0.5


def test_a_trickling_page_is_cut_off_at_the_time_limit(local):
    started = time.monotonic()
    check = check_website(f"{local}/trickle")
    assert (check.status, check.reason) == (WebsiteStatus.UNREACHABLE, "timed out")
    assert time.monotonic() - started < TIMEOUT + 0.5


def test_only_the_first_bytes_of_a_large_page_are_read(local):
    started = time.monotonic()
    check = check_website(f"{local}/large")
    assert (check.status, check.title) == (WebsiteStatus.REACHABLE, "吕梁市职教活动周")
    assert time.monotonic() - started < TIMEOUT
    far = check_website(f"{local}/title-too-far")
    assert (far.status, far.http_status, far.title) == (WebsiteStatus.REACHABLE, 200, "")


def test_https_to_a_server_without_tls_is_unreachable_with_a_reason(local, site):
    check = check_website(f"https://127.0.0.1:{site.server_port}/gbk")
    assert check.status == WebsiteStatus.UNREACHABLE and check.http_status is None
    assert check.reason.startswith(("TLS failed", "invalid certificate"))


@pytest.mark.parametrize(
    "url",
    ["ftp://example.cn/zjhdz", "file:///etc/passwd", "javascript:alert(1)", "http://", "zjhdz"],
)
def test_anything_but_http_and_https_is_refused(local, url):
    check = check_website(url)
    assert check.status == WebsiteStatus.UNREACHABLE and check.reason


def test_a_redirect_to_another_scheme_is_refused(local, site):
    check = check_website(f"{local}/to-ftp")
    assert check.status == WebsiteStatus.UNREACHABLE and "scheme" in check.reason


def test_a_host_that_does_not_resolve_is_unreachable(local):
    check = check_website("http://no-such-host.invalid/zjhdz")
    assert check.status == WebsiteStatus.UNREACHABLE and check.http_status is None


# With private addresses refused, as deployed ------------------------------------------------------


@pytest.fixture
def no_connections(monkeypatch) -> list:
    """Records every attempt to open a connection (there must be none)."""
    attempts: list = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        attempts.append(address)
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1:{port}",
        "localhost:{port}",
        "[::1]:{port}",
        "[::ffff:127.0.0.1]:{port}",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254/latest/meta-data/",
        "100.64.0.1",
        "0.0.0.0:{port}",
        "224.0.0.1",
        "[fe80::1]",
        "[fc00::1]",
        "[64:ff9b::a9fe:a9fe]",
    ],
)
def test_private_addresses_are_refused_without_a_connection(
    settings, site, no_connections, address
):
    settings.VOCWEEK_WEBSITE_CHECK_ALLOW_PRIVATE = False
    url = "http://" + address.format(port=site.server_port)
    check = check_website(url)
    assert check.status == WebsiteStatus.UNREACHABLE and check.http_status is None
    assert "non-public address" in check.reason
    assert no_connections == [] and site.seen == []


def test_a_host_with_one_private_address_among_public_ones_is_refused(
    settings, monkeypatch, no_connections
):
    """Every address must be public: a name that also points inside (DNS rebinding) is refused."""
    settings.VOCWEEK_WEBSITE_CHECK_ALLOW_PRIVATE = False
    answers = [
        (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("202.99.192.68", 80)),
        (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("127.0.0.1", 80)),
    ]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: answers)
    check = check_website("http://jyj.taiyuan.example.cn/zjhdz")
    assert check.status == WebsiteStatus.UNREACHABLE and "127.0.0.1" in check.reason
    assert no_connections == []


def test_each_redirect_is_looked_up_anew_and_connected_by_address(
    local, site, monkeypatch, no_connections
):
    looked_up: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        looked_up.append(host)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    check = check_website(f"{local}/to-localhost")
    assert check.title == "开放校园 & 技能展示 专题"
    assert looked_up == ["127.0.0.1", "localhost"]
    assert site.seen == ["/to-localhost", "/entities"]
    assert {address[0] for address in no_connections} <= {"127.0.0.1", "::1"}


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("202.99.192.68", True),
        ("2400:3200::1", True),
        ("::ffff:202.99.192.68", True),
        ("::ffff:10.0.0.1", False),
        ("::ffff:169.254.169.254", False),
        ("198.18.0.1", False),
        ("240.0.0.1", False),
        ("::", False),
    ],
)
def test_public_addresses_are_told_from_the_others(address, public):
    import ipaddress

    assert is_public_address(ipaddress.ip_address(address)) is public


def test_a_title_is_cut_to_200_characters_and_a_page_without_one_has_none():
    assert page_title(("<title>" + "专" * 300 + "</title>").encode()) == "专" * 200
    assert page_title(b"<html><body>no title</body></html>") == ""
    assert page_title("<title>半个字".encode()[:-1]) == "半个"
