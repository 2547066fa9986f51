"""The website server (web/serve.py): pages per language, the widget's config, PDF links."""

from __future__ import annotations

import http.client
import json
import re
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from typing import Any

import pytest

from bot.formatting import money
from bot.names import CHAT_LANGUAGES
from bot.pricing import Scenario, estimate
from web.serve import Handler, preferred_language, site_texts

LANGUAGES = list(CHAT_LANGUAGES)


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    """The website on a free port of 127.0.0.1."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()


def request(
    port: int, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    data = (
        None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    )
    connection.request(method, path, body=data, headers=headers or {})
    response = connection.getresponse()
    answer = response.status, dict(response.getheaders()), response.read()
    connection.close()
    return answer


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("nl-BE,nl;q=0.9,en;q=0.8", "nl"),
        ("de-DE,de;q=0.9,fr;q=0.5,en;q=0.4", "fr"),
        ("en-US,en;q=0.9", "en"),
        ("fr;q=0.2, nl;q=0.8", "nl"),
        ("de, *;q=0.1", "en"),
        ("", "en"),
        (None, "en"),
        ("fr;q=0, nl", "nl"),
        ("fr;q=abc, nl;q=0.1", "nl"),
    ],
)
def test_the_language_of_the_browser_picks_the_page(header: str | None, language: str) -> None:
    assert preferred_language(header) == language


def test_the_root_redirects_by_accept_language(server: int) -> None:
    status, headers, _ = request(server, "GET", "/", headers={"Accept-Language": "nl-NL,nl"})
    assert status == 302 and headers["Location"] == "/nl/"
    assert "Accept-Language" in headers["Vary"]
    assert request(server, "GET", "/fr")[1]["Location"] == "/fr/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_page_is_in_its_language_with_the_widget(server: int, language: str) -> None:
    status, headers, body = request(server, "GET", f"/{language}/")
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert f'<html lang="{language}">' in page
    assert re.search(r'<script src="/widget.js" data-language="' + language + '"', page)
    assert page.count("<script") == 1  # the widget is one script tag; it loads the rest
    for code in LANGUAGES:
        assert f'href="/{code}/"' in page
    assert (
        f'<a href="/{language}/" lang="{language}" hreflang="{language}" aria-current="page">'
        in page
    )
    h1 = site_texts()["page"]["h1"][language]
    assert h1.replace("'", "&#x27;") in page
    assert money(30, language, cents=False) in page  # the dedicated rate, from the rate card
    assert "$" not in re.sub(r"<[^>]+>", "", page)  # every placeholder was filled
    assert "http://" not in page and "https://" not in page  # nothing from the internet


def test_the_config_gives_the_widget_its_languages_and_texts(server: int) -> None:
    status, _, body = request(server, "GET", "/config.js", headers={"Host": "127.0.0.1:8000"})
    assert status == 200
    text = body.decode()
    config = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    assert config["languages"] == LANGUAGES
    assert set(config["strings"]) == set(LANGUAGES) == set(config["labels"])
    assert config["strings"]["nl"]["send"] == site_texts()["widget"]["send"]["nl"]
    assert config["labels"]["fr"]["model"]["dedicated"] == "Agents dédiés"
    assert config["socketUrl"].startswith("http://127.0.0.1:")


def payload(language: str, **scenario: Any) -> dict[str, Any]:
    result = estimate(Scenario.parse_obj(scenario), language_hint=language)
    return result.payload(language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_estimate_gets_a_pdf_link_and_the_link_gives_the_pdf(server: int, language: str) -> None:
    sent = payload(language, monthly_contacts=3000, coverage="24_7", support_languages=["fr", "nl"])
    status, _, body = request(
        server, "POST", "/estimates", sent, {"Content-Type": "application/json"}
    )
    assert status == 200, body
    url = json.loads(body)["url"]
    assert re.fullmatch(r"/estimates/[A-Za-z0-9_.-]+\.pdf", url)
    status, headers, pdf = request(server, "GET", url)
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF-")
    assert headers["Content-Disposition"].startswith("attachment; filename=")


def test_two_links_to_the_same_estimate_differ(server: int) -> None:
    sent = payload("en", monthly_contacts=500, coverage="office_hours", support_languages=["en"])
    urls = {json.loads(request(server, "POST", "/estimates", sent)[2])["url"] for _ in range(3)}
    assert len(urls) == 3


def test_figures_that_the_pricing_core_did_not_make_get_no_link(server: int) -> None:
    forged = payload("fr", monthly_contacts=3000, coverage="24_7", support_languages=["fr"])
    forged["options"][0]["first_year"]["expected"] = 1
    status, _, body = request(server, "POST", "/estimates", forged)
    assert status == 409, body


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"[]", b'{"type": "estimate"}', json.dumps({"type": "handoff"}).encode()],
)
def test_bad_link_requests_get_a_clear_400(server: int, body: bytes) -> None:
    status, _, answer = request(server, "POST", "/estimates", body)
    assert status == 400 and "error" in json.loads(answer)


def test_a_tampered_or_made_up_link_is_not_found(server: int) -> None:
    sent = payload("en", monthly_contacts=3000, coverage="24_7", support_languages=["en"])
    url = json.loads(request(server, "POST", "/estimates", sent)[2])["url"]
    reference = url.removeprefix("/estimates/").removesuffix(".pdf")
    body, signature = reference.split(".")
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    for bad in (f"{flipped}.{signature}", f"{body}.{signature[::-1]}", "abc.def", "x"):
        assert request(server, "GET", f"/estimates/{bad}.pdf")[0] == 404


def test_unknown_paths_are_not_found(server: int) -> None:
    for path in ("/web/serve.py", "/../bot/messages.yml", "/de/", "/page.html", "/site.yml"):
        assert request(server, "GET", path)[0] == 404


def test_every_site_text_is_in_the_three_languages_with_the_same_placeholders() -> None:
    for section, entries in site_texts().items():
        for key, texts in entries.items():
            assert list(texts) == LANGUAGES, f"{section}.{key}"
            placeholders = {frozenset(re.findall(r"\{(\w+)\}", text)) for text in texts.values()}
            assert len(placeholders) == 1, f"{section}.{key}: {placeholders}"
