"""The estimate PDF (bot/estimate_pdf.py) and its links (bot/estimate_link.py)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from babel.dates import format_date
from pypdf import PdfReader

from bot.company import company
from bot.estimate_link import LinkError, StaleLink, open_reference, reference_for
from bot.estimate_pdf import estimate_pdf
from bot.formatting import locale_for, money
from bot.messages import text
from bot.names import CHAT_LANGUAGES
from bot.pricing import Scenario, estimate

LANGUAGES = list(CHAT_LANGUAGES)
SECRET = b"test-secret"


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    content = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(content.replace("\u202f", " ").split())


def plain(value: str) -> str:
    return " ".join(value.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "scenario",
    [
        {"monthly_contacts": 3000, "coverage": "24_7", "support_languages": ["fr", "nl"]},
        {"monthly_contacts": 400, "support_model": "per_minute", "channels": ["email", "chat"]},
        {"agents": 12, "support_model": "dedicated", "coverage": "extended_hours"},
    ],
)
def test_one_page_with_every_figure_in_the_visitors_language(
    language: str, scenario: dict[str, object]
) -> None:
    result = estimate(Scenario.parse_obj(scenario), language_hint=language)
    day = dt.date(2026, 12, 1)
    pages, content = pdf_text(estimate_pdf(result, language, today=day))
    assert pages == 1
    assert plain(text("document.title", language)) in content
    assert plain(format_date(day, format="long", locale=locale_for(language))) in content
    for option in result.options:
        assert plain(text(f"model.{option.model}", language)) in content
        for figure in (option.monthly.low, option.monthly.high, option.first_year.expected):
            assert plain(money(figure, language)) in content
    assert plain(money(result.in_house.first_year.expected, language)) in content
    for item in result.not_included:
        assert plain(text(f"not_included.{item}", language)) in content
    for name in result.assumed:
        assert plain(text(f"parameter.{name}", language)) in content
    assert company().phone in content and company().email in content
    assert result.pricing_version in content


def payload(language: str = "fr") -> dict[str, object]:
    result = estimate(
        Scenario(monthly_contacts=3000, coverage="24_7", support_languages=["fr"]),
        language_hint=language,
    )
    return result.payload(language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_link_opens_the_estimate_it_was_made_for(language: str) -> None:
    sent = payload(language)
    result, opened_language = open_reference(reference_for(sent, SECRET), SECRET)
    assert opened_language == language
    assert result.payload(language) == sent


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_link_to_an_estimate_with_multilingual_assumed_opens_it(language: str) -> None:
    sent = estimate(
        Scenario(monthly_contacts=3000, coverage="24_7"), language_hint=language, multilingual=True
    ).payload(language)
    assert len(sent["scenario"]["support_languages"]) == 3  # type: ignore[index]
    result, _ = open_reference(reference_for(sent, SECRET), SECRET)
    assert result.payload(language) == sent


@pytest.mark.parametrize("count", [2, 5])
def test_a_link_to_an_estimate_with_a_number_of_languages_assumed_opens_it(count: int) -> None:
    sent = estimate(
        Scenario(monthly_contacts=3000), language_hint="nl", language_count=count
    ).payload("nl")
    assert len(sent["scenario"]["support_languages"]) == count  # type: ignore[index]
    result, _ = open_reference(reference_for(sent, SECRET), SECRET)
    assert result.payload("nl") == sent


def test_a_link_carries_no_more_than_the_given_scenario() -> None:
    reference = reference_for(payload(), SECRET)
    assert "@" not in reference and len(reference) < 400


def test_another_secret_opens_no_link() -> None:
    with pytest.raises(LinkError):
        open_reference(reference_for(payload(), SECRET), b"other")


def test_a_link_from_another_rate_card_is_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    reference = reference_for(payload(), SECRET)
    from bot.pricing import rate_card

    real = rate_card.default_rate_card()
    changed = real.copy(update={"pricing_version": "another"})
    monkeypatch.setattr("bot.estimate_link.default_rate_card", lambda: changed)
    with pytest.raises(StaleLink):
        open_reference(reference, SECRET)


def test_a_payload_with_other_figures_gets_no_link() -> None:
    sent = payload()
    sent["recommended"] = "dedicated" if sent["recommended"] != "dedicated" else "per_minute"
    with pytest.raises(StaleLink):
        reference_for(sent, SECRET)
