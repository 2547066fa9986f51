"""Job titles in French, Dutch and English: what a visitor's role at the company is called.

People introduce themselves with their role between their name and their company ("Marc
Dubois, directeur commercial chez Dubois Transports SA", "Anna de Vries, teamleider
klantenservice bij De Vries Logistiek BV", "John Carter, head of customer care at Carter
Logistics Ltd"). The title is neither the name nor the company: the lead has no field for it
and the salesperson reads it in the transcript. Roles are an open class, so a title is read
by its shape: a word for a role (`ROLE_WORDS`, or a Dutch or English compound ending in one:
"accountmanager", "projectleider"), the words for departments and ranks around it
(`TITLE_WORDS`), and the small words that join them ("of", "de", "van").

`ROLES_BEFORE_A_COMPANY` is the part of the vocabulary that names a company after it in any
sentence ("je suis la gérante de …", "I'm the owner of …"; `bot/extraction/contact_phrases.py`).
The other roles name one only beside a name: "un conseiller de votre équipe", "een medewerker
van jullie" are the assistant's own people, not the visitor's company.
"""

from __future__ import annotations

import re

from bot.text import fold

# fmt: off
# Roles that name the company after them wherever they are said (regular expression fragments).
ROLES_BEFORE_A_COMPANY = [
    "owner", "manager", "director", "founder", "co-founder", "ceo", "cfo", "coo", "head",
    "partner", "buyer", "lead", "managing director", "hoofd",
    "gerante?", "g[eé]rante?", "directeur", "directrice", "responsable", "fondateur",
    "fondatrice", "patronne?", "associ[eé]e?", "acheteuse", "acheteur", "pdg", "dg",
    "eigenaar", "eigenares", "zaakvoerder", "zaakvoerster", "oprichter", "bedrijfsleider",
    "verantwoordelijke", "inkoper", "teamleider", "directeur-eigenaar",
]
# Every word for a role, folded (lower case, no accents), for a title beside a name.
ROLE_WORDS = {
    "owner", "manager", "director", "founder", "co-founder", "cofounder", "ceo", "cfo", "coo",
    "cto", "cio", "cmo", "head", "partner", "buyer", "lead", "leader", "officer", "executive",
    "coordinator", "supervisor", "assistant", "administrator", "consultant", "adviser",
    "advisor", "analyst", "specialist", "engineer", "controller", "accountant", "secretary",
    "president", "vp", "chairman", "chairwoman", "representative", "planner", "receptionist",
    "gerant", "gerante", "directeur", "directrice", "responsable", "fondateur", "fondatrice",
    "cofondateur", "cofondatrice", "co-fondateur", "co-fondatrice", "patron", "patronne",
    "associe", "associee", "acheteur", "acheteuse", "pdg", "dg", "chef", "cheffe",
    "assistante", "charge", "chargee", "conseiller", "conseillere", "coordinateur",
    "coordinatrice", "superviseur", "superviseuse", "comptable", "secretaire",
    "presidente", "ingenieur", "ingenieure", "administrateur", "administratrice", "adjoint",
    "adjointe", "delegue", "deleguee", "attache", "attachee", "animateur", "animatrice",
    "eigenaar", "eigenares", "zaakvoerder", "zaakvoerster", "oprichter", "medeoprichter",
    "bedrijfsleider", "verantwoordelijke", "inkoper", "inkoopster", "teamleider", "hoofd",
    "directeur-eigenaar", "medewerker", "medewerkster", "adviseur",
    "adviseuse", "assistent", "assistente", "secretaresse", "voorzitter", "boekhouder",
    "leidinggevende", "beheerder", "bestuurder", "vennoot", "zaakvoerder-eigenaar",
}
# Dutch and English compounds end in a role: "accountmanager", "projectleider",
# "afdelingshoofd", "klantenservicemedewerker", "salesdirecteur".
ROLE_ENDINGS = (
    "manager", "leider", "hoofd", "medewerker", "medewerkster", "directeur", "coordinator",
    "adviseur", "verantwoordelijke", "beheerder", "officer",
)
# Departments, ranks and the words around a role, folded ("commercial", "des ventes",
# "klantenservice", "of customer care", "senior").
TITLE_WORDS = {
    # ranks and kinds of role
    "senior", "junior", "chief", "deputy", "vice", "general", "generale", "principal",
    "interim", "regional", "national", "international", "associate", "executive", "managing",
    "adjoint", "adjointe", "operationeel", "operationele", "algemeen", "algemene",
    "commercieel", "commerciele", "financieel", "financiele", "technisch", "technische",
    "team", "office", "account", "accounts", "key", "grands", "comptes", "commercial",
    "commerciale", "technique", "financier", "financiere", "administratif", "administrative",
    "marketing", "digital", "digitale", "country", "area", "field", "front", "back", "desk",
    # departments
    "sales", "customer", "customers", "care", "service", "services", "support", "client",
    "clients", "clientele", "operations", "operation", "finance", "purchasing",
    "procurement", "it", "ict", "hr", "rh", "human", "resources", "people", "logistics",
    "supply", "chain", "product", "project", "projects", "quality", "business",
    "development", "communication", "communications", "experience", "contact", "center",
    "centre", "helpdesk", "emea", "benelux", "europe", "b2b", "b2c", "ventes", "vente",
    "achats", "achat", "direction", "projet", "projets", "qualite", "logistique",
    "ressources", "humaines", "relation", "relations", "exploitation", "production",
    "informatique", "klantenservice", "klantencontact", "inkoop", "verkoop", "klanten",
    "afdeling", "administratie", "personeelszaken", "facilitair", "kwaliteit", "logistiek",
    "financien", "store", "shop", "group", "groupe", "groep",
}
# The small words inside a title: "head of customer care", "responsable du service client".
TITLE_JOINERS = {
    "of", "the", "for", "and", "&", "de", "du", "des", "d'", "la", "le", "l'", "et",
    "van", "het", "en", "voor", "der",
}
# An article before a title: "the head of …", "la responsable …", "de teamleider …".
TITLE_ARTICLES = {"the", "a", "an", "le", "la", "l'", "un", "une", "de", "het", "een"}
# fmt: on
MAX_TITLE_WORDS = 6
# Words of a sentence, never of a title: "je voudrais parler au responsable".
_SENTENCE_WORDS = {
    "i", "i'm", "im", "me", "my", "we", "our", "you", "your", "je", "j'", "moi", "mon", "ma",
    "nous", "notre", "vous", "votre", "ik", "mij", "mijn", "wij", "ons", "onze", "u", "jij",
    "jullie", "is", "est", "ben", "suis", "am", "are", "zijn", "please", "graag",
}  # fmt: skip
_EDGES = ",.;:!?()\"'\u2019"


_ELISION = re.compile(r"\b([ldLD]['\u2019])(?=\w)")
_ELIDED = re.compile(r"[ldLD]['\u2019]")


def _words(text: str) -> list[tuple[str, str]]:
    """The words of `text` as typed and folded, without the punctuation around them.

    An elided article is a word of its own ("d'achat" is "d'" and "achat").
    """
    pairs = []
    for raw in _ELISION.sub(r"\1 ", text).split():
        typed = raw if _ELIDED.fullmatch(raw) else raw.strip(_EDGES) or raw
        pairs.append((typed, fold(typed).replace("\u2019", "'")))
    return pairs


def is_role_word(word: str) -> bool:
    """Whether a folded word names a role ("directeur", "accountmanager", "co-founder")."""
    return word in ROLE_WORDS or (len(word) > 7 and word.endswith(ROLE_ENDINGS))


def has_role_word(text: str) -> bool:
    """Whether `text` has a word for a role anywhere: a cheap test before reading a title."""
    return any(is_role_word(word) for _, word in _words(text))


def is_title_vocabulary(text: str) -> bool:
    """Whether every word of `text` belongs to titles ("Sales", "Customer Care"): words
    after "Head of" that name a department, not a company."""
    words = _words(text)
    return bool(words) and all(
        is_role_word(word) or word in TITLE_WORDS or word in TITLE_JOINERS for _, word in words
    )


def is_job_title(text: str) -> bool:
    """Whether `text` is a job title and nothing else ("directeur commercial", "VP of Sales").

    Up to six words with a role among them, the others words of departments and ranks, the
    small words that join them or, after the first word, words in lower case ("cheffe de
    projet"). A capitalised word outside the vocabulary is a name or a company ("Marc Dubois
    directeur"), and digits, pronouns and verbs make a sentence ("je voudrais un devis").
    """
    words = _words(text)
    if len(words) > 1 and words[0][1] in TITLE_ARTICLES:
        words = words[1:]
    if not 1 <= len(words) <= MAX_TITLE_WORDS:
        return False
    if not any(is_role_word(word) for _, word in words):
        return False
    for index, (typed, word) in enumerate(words):
        if word in _SENTENCE_WORDS or any(char.isdigit() for char in word):
            return False
        known = is_role_word(word) or word in TITLE_WORDS or word in TITLE_JOINERS
        if not known and (index == 0 or not typed[:1].islower()):
            return False
    return True
