"""Job titles beside a name and before a company ("…, directeur commercial chez …")."""

from __future__ import annotations

import pytest

from bot.extraction.contact_phrases import TitledPart, read_job_title
from bot.extraction.job_titles import is_job_title


@pytest.mark.parametrize(
    "text",
    [
        # fr
        "directeur commercial", "directrice des ventes", "cheffe de projet",
        "responsable du service client", "assistante de direction", "gérant",
        "chargée de clientèle", "Directeur Général",
        # nl
        "teamleider klantenservice", "accountmanager", "hoofd inkoop", "office manager",
        "projectleider", "klantenservicemedewerker", "zaakvoerder",
        # en
        "head of customer care", "VP of Operations", "customer care manager",
        "Operations Director", "CEO", "senior account manager", "co-founder",
    ],
)  # fmt: skip
def test_a_job_title(text: str) -> None:
    assert is_job_title(text)


@pytest.mark.parametrize(
    "text",
    [
        "Marc Dubois", "Anna de Vries", "John Carter", "Dubois Transports SA",
        "De Vries Logistiek BV", "jan de leider", "Marc Dubois directeur",
        "je voudrais un devis pour 3000 appels", "how much for 24/7", "ik wil een offerte",
        "chez nous", "bij ons", "at the moment", "tomorrow morning", "demain matin",
        "Live Chat", "manager 3000",
    ],
)  # fmt: skip
def test_no_job_title(text: str) -> None:
    assert not is_job_title(text)


@pytest.mark.parametrize(
    ("text", "before", "title", "company"),
    [
        # fr
        ("directeur commercial chez Dubois Transports SA", "", "directeur commercial",
         "Dubois Transports SA"),
        ("cheffe de projet chez Fontaine Événements", "", "cheffe de projet",
         "Fontaine Événements"),
        ("responsable du service client de Girard Assurances SA", "",
         "responsable du service client", "Girard Assurances SA"),
        ("Luc Perrin directeur général chez Perrin SAS", "Luc Perrin", "directeur général",
         "Perrin SAS"),
        # nl: a company that starts with "De" keeps it
        ("teamleider klantenservice bij De Vries Logistiek BV", "", "teamleider klantenservice",
         "De Vries Logistiek BV"),
        ("office manager bij De Wit Vastgoed", "", "office manager", "De Wit Vastgoed"),
        ("hoofd klantenservice van Peeters Bouw NV", "", "hoofd klantenservice",
         "Peeters Bouw NV"),
        # en: the marker of the company is "at", not the "of" inside the title
        ("head of customer care at Carter Logistics Ltd", "", "head of customer care",
         "Carter Logistics Ltd"),
        ("VP of Operations at Lewis Freight Inc.", "", "VP of Operations", "Lewis Freight Inc."),
        ("senior account manager with Patel Systems Ltd", "", "senior account manager",
         "Patel Systems Ltd"),
        ("Sales Director for Northwind Traders", "", "Sales Director", "Northwind Traders"),
        # a title alone, or before words that name no company
        ("directeur commercial", "", "directeur commercial", None),
        ("Head of Sales", "", "Head of Sales", None),
        ("directeur commercial chez nous", "", "directeur commercial", None),
        ("teamleider bij ons", "", "teamleider", None),
        ("team lead at the moment", "", "team lead", None),
    ],
)  # fmt: skip
def test_a_job_title_and_its_company(
    text: str, before: str, title: str, company: str | None
) -> None:
    assert read_job_title(text) == TitledPart(before, title, company)


@pytest.mark.parametrize(
    "text",
    [
        "Julie Lambert de chez Fleurs Lambert SPRL",
        "Bonjour, je voudrais un devis pour 3000 appels",
        "Hi, how much for 24/7?",
        "ik werk bij Coolblue",
        "chez nous",
        "bij ons",
        "at the moment",
        "I'm looking for 3000 calls a month",
    ],
)
def test_no_job_title_in_a_part(text: str) -> None:
    assert read_job_title(text) is None
