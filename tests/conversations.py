"""Visitor turns shared by the end-to-end tests."""

# "What would 24/7 multilingual support cost?" in three turns: an estimate for 3,000 contacts a
# month, 24/7, in French and Dutch.
MULTILINGUAL_24_7 = {
    "en": ["What would 24/7 multilingual support cost?", "about 3000 a month", "French and Dutch"],
    "fr": [
        "Combien coûterait un support multilingue 24h/24 et 7j/7 ?",
        "environ 3000 par mois",
        "français et néerlandais",
    ],
    "nl": [
        "Wat kost meertalige klantenservice 24/7?",
        "ongeveer 3000 per maand",
        "Frans en Nederlands",
    ],
}
