"""The words around contact details: announcements, name introductions, companies."""

from __future__ import annotations

import pytest

from bot.extraction.contact_phrases import (
    announces_only,
    company_name,
    company_phrase,
    introduced,
    name_parts,
    split_company,
    without_announcements,
    without_titles,
)


@pytest.mark.parametrize(
    "text",
    [
        "my email is",
        "My e-mail address is",
        "here's my number:",
        "my phone number is",
        "you can reach me at",
        "call me on",
        "mon adresse est",
        "mon adresse e-mail c'est",
        "mon numéro c'est le",
        "Mon numéro de téléphone :",
        "vous pouvez me joindre au",
        "mijn nummer is",
        "mijn e-mail:",
        "Mijn telefoonnummer is",
        "bel me op",
        "u kunt mij bereiken op",
        "e-mail :",
        "sorry, wrong address, it's",
        "pardon :",
        "oeps, verkeerd adres, het goede adres is",
    ],
)
def test_a_phrase_that_announces_a_detail_is_no_name(text: str) -> None:
    assert announces_only(text), without_announcements(text)


@pytest.mark.parametrize("text", ["Anna", "Jan Peeters", "Hélène Roux", "Acme"])
def test_names_are_no_announcement(text: str) -> None:
    assert not announces_only(text)
    assert without_announcements(text) == text


@pytest.mark.parametrize(
    ("text", "name", "company"),
    [
        ("I'm Tom Baker from Initech, ", "Tom Baker", "Initech"),
        ("this is Olivia Bennett at Globex", "Olivia Bennett", "Globex"),
        ("Hi, I'm Mark Evans from Acme Ltd, can you call me?", "Mark Evans", "Acme Ltd"),
        ("my name is Sanne de Boer", "Sanne de Boer", None),
        (
            "je m'appelle Sophie Laurent de Michelin et mon adresse est",
            "Sophie Laurent",
            "Michelin",
        ),
        ("Je m'appelle Charles de Villiers", "Charles de Villiers", None),
        ("Je suis Marc Favre de Nestlé, ", "Marc Favre", "Nestlé"),
        ("C'est Nathalie Petit", "Nathalie Petit", None),
        ("moi c'est Karim Benali chez Decathlon", "Karim Benali", "Decathlon"),
        ("Ik ben Jan Peeters van Acme, bel me op", "Jan Peeters", "Acme"),
        ("Dit is Kees van Dijk van Bakkerij Jansen", "Kees van Dijk", "Bakkerij Jansen"),
        ("Ik ben Anna de Groot", "Anna de Groot", None),
        ("mijn naam is Els van den Berg", "Els van den Berg", None),
    ],
)
def test_an_introduced_name_and_its_company(text: str, name: str, company: str | None) -> None:
    assert introduced(text) == (name, company)


@pytest.mark.parametrize(
    "text",
    [
        "I'm interested",
        "je suis intéressé",
        "ik ben benieuwd",
        "this is urgent",
        "c'est pour un devis",
    ],
)
def test_a_sentence_introduces_no_name(text: str) -> None:
    assert introduced(text) == (None, None)


@pytest.mark.parametrize(
    ("phrase", "name", "company"),
    [
        ("Ruud Vermeulen van HEMA", "Ruud Vermeulen", "HEMA"),
        ("Piet van der Meer", "Piet van der Meer", None),
        ("Piet van Dijk", "Piet van Dijk", None),
        ("Sanne de Boer", "Sanne de Boer", None),
        ("Laura Palmer from Double R Diner", "Laura Palmer", "Double R Diner"),
        ("Hélène Roux de chez Roux Emballages", "Hélène Roux", "Roux Emballages"),
    ],
)
def test_a_bare_name_and_company(phrase: str, name: str, company: str | None) -> None:
    assert split_company(phrase) == (name, company)


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("My name is Priya Shah, I work at Hooli", "Hooli"),
        ("Mijn naam is Lotte Visser, ik werk bij Coolblue", "Coolblue"),
        ("je travaille chez Solvay", "Solvay"),
        ("Moi c'est Karim Benali, de chez Decathlon", "Decathlon"),
        ("Anke Schulz, bij Zalando", "Zalando"),
        ("call me at 5", None),
        ("from tomorrow on", None),
    ],
)
def test_a_company_in_a_phrase_of_its_own(text: str, company: str | None) -> None:
    assert company_phrase(text) == company


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("chez Solvay", "Solvay"),
        ("bij Zalando", "Zalando"),
        ("from Initech.", "Initech"),
        ("Roux & Fils", "Roux & Fils"),
        ("de chez Decathlon", "Decathlon"),
        ("bij", None),
        ("Van den Berg Retail", "Van den Berg Retail"),
    ],
)
def test_a_company_answer_loses_its_preposition(text: str, company: str | None) -> None:
    assert company_name(text) == company


@pytest.mark.parametrize(
    ("text", "name", "company"),
    [
        ("Name's Dave Miller", "Dave Miller", None),
        ("Hi, this is Emma Clark (Globex). My email:", "Emma Clark", "Globex"),
        ("Met Jan de Vries van Bouwbedrijf De Vries", "Jan de Vries", "Bouwbedrijf De Vries"),
    ],
)
def test_more_ways_to_introduce_oneself(text: str, name: str, company: str | None) -> None:
    assert introduced(text) == (name, company)


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("My name is John Smith and I'm calling from Acme", "Acme"),
        ("je suis Pierre Lefèvre, de la société Dupont SA", "Dupont SA"),
        ("Ik ben van Acme", "Acme"),
    ],
)
def test_more_ways_to_name_a_company(text: str, company: str) -> None:
    assert company_phrase(text) == company


# --- Particles, companies that begin like a surname, companies named at work ----------------


@pytest.mark.parametrize(
    ("phrase", "name", "company"),
    [
        # a lower-case particle continues the surname, a capitalised word starts the company
        ("Sanne de Vries van De Lijn", "Sanne de Vries", "De Lijn"),
        ("Jan Peeters van Van Dam Logistiek", "Jan Peeters", "Van Dam Logistiek"),
        ("Kris De Smet van Proximus", "Kris De Smet", "Proximus"),
        ("Peter Van den Bossche", "Peter Van den Bossche", None),
        ("Wim van der Linden", "Wim van der Linden", None),
        ("Joris De Vries", "Joris De Vries", None),
        ("noor el idrissi van bakkerij smits", "noor el idrissi", "bakkerij smits"),
    ],
)
def test_particles_and_companies_after_van(phrase: str, name: str, company: str | None) -> None:
    assert split_company(phrase) == (name, company)


@pytest.mark.parametrize(
    ("phrase", "name", "company"),
    [
        ("Hélène de la Tour", "Hélène de la Tour", None),
        ("Luc Moreau de Groupe Safran", "Luc Moreau", "Groupe Safran"),
        ("Claire Petit de la société Martin Frères", "Claire Petit", "Martin Frères"),
    ],
)
def test_particles_and_companies_after_de_in_french(
    phrase: str, name: str, company: str | None
) -> None:
    assert split_company(phrase, french=True) == (name, company)


@pytest.mark.parametrize(
    ("text", "company"),
    [
        # a preposition or a common noun in lower case before the name goes
        ("van Bakkerij Smits", "Bakkerij Smits"),
        ("de Martin Conseil", "Martin Conseil"),
        ("la société Lemoine Transports", "Lemoine Transports"),
        ("société Lemoine", "Lemoine"),
        ("het bedrijf Smits Installaties", "Smits Installaties"),
        ("my company Brightline", "Brightline"),
        # ... but a name that begins with one stays whole
        ("Van Dam Logistiek", "Van Dam Logistiek"),
        ("De Lijn", "De Lijn"),
        ("De Vries Bouw", "De Vries Bouw"),
        ("Groupe Safran", "Groupe Safran"),
        ("Société Générale", "Société Générale"),
        ("d'Arcy Conseil", "d'Arcy Conseil"),
        ("van den broek", "van den broek"),  # all lower case: nothing tells, kept as typed
        # an article before a word for a company goes, not before a name ("la Poste")
        ("la Société Renard", "Société Renard"),
        ("het Bedrijf Claes", "Bedrijf Claes"),
        ("la Poste", "la Poste"),
        ("l'Atelier Mercier", "l'Atelier Mercier"),
        # the family and the legal form are part of the name, with their dots
        ("Renard et Fils", "Renard et Fils"),
        ("Claes en Zonen B.V.", "Claes en Zonen B.V."),
        ("Whitmore & Sons Ltd.", "Whitmore & Sons Ltd."),
        ("'t Veer Techniek", "'t Veer Techniek"),
    ],
)
def test_an_answer_to_the_company_question(text: str, company: str | None) -> None:
    assert company_name(text) == company


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("je bosse chez Maison Ricard", "Maison Ricard"),
        ("moi je bosse pour Lambert Immo", "Lambert Immo"),
        ("je suis consultante chez Arvato", "Arvato"),
        ("notre société s'appelle Delcourt", "Delcourt"),
        ("ik ben werkzaam bij Van Dam Logistiek", "Van Dam Logistiek"),
        ("ons bedrijf heet De Groene Stad", "De Groene Stad"),
        ("I'm employed by Brightline", "Brightline"),
        ("I'm at Initrode Ltd", "Initrode Ltd"),
        ("I'm working for Northwind, mornings are best", "Northwind"),
        # for whom, in a sentence: a sure phrase, or a loose one before a capital
        ("on bosse pour Mercier et Fils, plutôt le matin", "Mercier et Fils"),
        ("wij werken voor Claes en Zonen B.V.", "Claes en Zonen B.V."),
        ("het gaat om het bedrijf Claes", "Claes"),
        ("c'est de la part de Lemaire SA", "Lemaire SA"),
        ("we're with Okafor Media", "Okafor Media"),
    ],
)
def test_a_company_named_at_work(text: str, company: str) -> None:
    assert company_phrase(text) == company


@pytest.mark.parametrize(
    "text",
    ["c'est pour un devis", "het gaat om een offerte", "we're interested", "it's for tomorrow"],
)
def test_a_loose_company_phrase_before_a_lower_case_word_names_none(text: str) -> None:
    assert company_phrase(text) is None


@pytest.mark.parametrize(
    ("text", "company"),
    [
        # where the company is, is no part of its name
        ("Durieux Emballages à Liège", "Durieux Emballages"),
        ("Peeters Logistics in Antwerp", "Peeters Logistics"),
        ("Bakkerij Claes te Sint-Niklaas", "Bakkerij Claes"),
        ("Verhoeven Bouw uit Den Bosch", "Verhoeven Bouw"),
        ("Marchal SA, basée à Charleroi", "Marchal SA"),
        ("Marchal SA basée à Charleroi", "Marchal SA"),
        # ... but a name that is only a place stays (nothing before it)
        ("In Vino", "In Vino"),
        # an article before a kind of company goes, the kind stays
        ("le Groupe Marchal", "Groupe Marchal"),
        ("la Boulangerie Petit", "Boulangerie Petit"),
        ("het Groep Claes", "Groep Claes"),
        ("de Drukkerij Hermans", "Drukkerij Hermans"),
        ("the Holding Okafor", "Holding Okafor"),
        # Flemish "van bij": both words go
        ("van bij De Kleine Wereld", "De Kleine Wereld"),
        ("van bij 't Molenhuis in Lier", "'t Molenhuis"),
    ],
)
def test_a_company_without_its_place_or_article(text: str, company: str) -> None:
    assert company_name(text) == company


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("voornaam: Wout", "Wout", None),
        ("mijn achternaam is De Smet", None, "De Smet"),
        ("my first name is Grace", "Grace", None),
        ("surname: Okafor", None, "Okafor"),
        ("prénom : Camille", "Camille", None),
        ("nom de famille : Marchal", None, "Marchal"),
        ("nom : Marchal, prénom : Camille", "Camille", "Marchal"),
        ("Voornaam Wout, naam Claes", "Wout", "Claes"),
        ("given name Grace and family name Okafor", "Grace", "Okafor"),
        # the whole name after "naam" / "nom" / "name" alone is no part
        ("naam: Wout Claes", None, None),
        ("mon nom est Camille Marchal", None, None),
    ],
)
def test_labelled_parts_of_a_name(text: str, first: str | None, last: str | None) -> None:
    assert name_parts(text) == (first, last)


@pytest.mark.parametrize(
    ("text", "without"),
    [
        ("Mme Marchal", "Marchal"),
        ("c'est Monsieur Camille Marchal", "c'est Camille Marchal"),
        ("dhr. Claes", "Claes"),
        ("ik ben mevrouw De Smet", "ik ben De Smet"),
        ("Dr. Grace Okafor", "Grace Okafor"),
        ("Mrs Okafor", "Okafor"),
        # a title without a name after it, or inside a word, stays
        ("ask for the doctor", "ask for the doctor"),
        ("Mister", "Mister"),
        ("ING Belgium", "ING Belgium"),
    ],
)
def test_titles_before_a_name_go(text: str, without: str) -> None:
    assert without_titles(text) == without
