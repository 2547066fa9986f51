"""Contact details in a visitor's message, read from the text alone (NLU's job).

`read_contact(text)` says what a message holds, whatever was asked: a valid email address,
a phone number (read once per chat language, because the national plans overlap: "06 12 34
56 78" is a mobile number in France and in the Netherlands), a name the visitor introduced
("my name is Jan de Vries"), how the message reads as a bare answer to "what is your name?"
or to "company, preferred time?", yes / no / skip words, and details typed but unusable.
`bot.nlu.contact_details` passes the reading on as entities (`as_entities`); the handoff
dialogue (actions/contact_answers.py) rebuilds it (`from_entities`) and decides, knowing which
question is open, what the message answers.

Email addresses are checked by email-validator (syntax only, no DNS). Phone numbers by
phonenumbers (bot/extraction/phone.py): international ("+32 470 12 34 56", "0031 6 ...") or
national in the Dutch, Belgian or French plan, the plan chosen by the number itself where it
can be, and a guess marked where it cannot. Free text (names, company, time) is kept as
typed, less control characters, and escaped wherever it is rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from email_validator import EmailNotValidError, validate_email

from bot.extraction import contact_phrases as phrases
from bot.extraction.job_titles import is_job_title
from bot.extraction.phone import PHONE_ATTEMPT as _PHONE_ATTEMPT
from bot.extraction.phone import read_phone
from bot.names import (
    CHAT_LANGUAGES,
    COMPANY,
    CONTACT_CUE,
    CONTACT_PROBLEM,
    DEFAULT_LANGUAGE,
    EMAIL,
    PERSON_NAME,
    PHONE,
    PREFERRED_TIME,
)
from bot.text import MAX_MESSAGE_LENGTH, clean_text, fold, words_pattern

MAX_NAME_LENGTH = 100
MAX_FREE_TEXT_LENGTH = 200
MAX_NAME_WORDS = 6

# fmt: off
# Words that are an answer to a question, never a name (folded: lower case, no accents).
NOT_NAMES = {
    "yes", "no", "ok", "okay", "sure", "hello", "hi", "thanks", "skip", "none", "nothing",
    "oui", "non", "merci", "bonjour", "salut", "rien", "passer", "aucun",
    "ja", "nee", "hallo", "dank", "bedankt", "overslaan", "niets", "geen",
}
SKIP_WORDS = [
    "skip", "no", "no thanks", "none", "nothing", "not now", "pass", "rather not",
    "non", "non merci", "passer", "rien", "aucun", "pas besoin", "plus tard",
    "nee", "nee dank je", "overslaan", "niets", "geen", "liever niet", "sla over",
]
YES_WORDS = [
    "yes", "yes please", "i agree", "agree", "agreed", "ok", "okay", "sure", "fine", "go ahead",
    "oui", "d'accord", "d accord", "j'accepte", "j accepte", "ok pour moi", "bien sur",
    "volontiers", "ja", "akkoord", "prima", "goed", "ik ga akkoord", "ga je gang", "natuurlijk",
    # not "of course", "absolutely", "zeker": "of course not", "absolutely not", "zeker niet"
    "yeah", "yep", "that's fine", "fine by me", "go for it", "ouais", "c'est bon", "ca me va",
    "pas de souci", "pas de probleme", "oke", "is goed", "dat is goed", "doe maar",
    # consent in its own words
    "i consent", "i give my consent", "you have my consent", "that's ok", "fine with me",
    "je consens", "j'y consens", "je donne mon accord", "ca marche", "vas-y", "allez-y",
    "ik geef toestemming", "ik geef u toestemming", "ik stem in", "ik stem ermee in",
    "ga maar", "in orde",
]
NO_WORDS = [
    "no", "no thanks", "i do not agree", "i don't agree", "disagree", "cancel", "stop",
    "non", "non merci", "je refuse", "annuler", "pas d'accord", "nee", "nee dank je",
    "niet akkoord", "annuleren", "liever niet",
    "rather not", "i'd rather not", "i would rather not", "no way", "not really", "nope",
    "je prefere pas", "je prefere ne pas", "pas question", "certainement pas", "surtout pas",
    "plutot pas", "nee hoor", "niet doen", "dat wil ik niet", "absoluut niet", "nee bedankt",
    # refusal in its own words: "I'd rather you didn't", "je n'accepte pas", "geen toestemming"
    "nah", "i do not consent", "i don't consent", "no consent", "i'd rather you didn't",
    "please don't", "don't store", "do not store", "je ne consens pas", "je n'accepte pas",
    "je ne suis pas d'accord", "hors de question", "ne gardez rien", "sans facon",
    "geen toestemming", "niet mee eens", "ik ben het er niet mee eens", "bewaar niets",
    "niet bewaren", "ik geef geen toestemming", "laat maar",
]
# Words of a sentence that no name holds ("it's a Dutch number", "c'est mon numéro", "bel me
# maar"): pronouns, verbs, articles and the names of details, folded. Not the particles of
# surnames ("de", "van", "la", "le", "du", "ten").
SENTENCE_WORDS = {
    "i", "i'm", "im", "it", "it's", "its", "is", "are", "am", "my", "your", "we're", "still",
    "this", "that", "me", "we", "you", "please", "not", "number", "phone", "mobile", "email",
    "address", "call", "here", "there", "work", "just", "yet",
    "je", "j'ai", "c'est", "est", "mon", "ma", "mes", "moi", "vous", "il", "elle", "nous",
    "pas", "numero", "portable", "adresse", "voici", "appelez", "suis", "ce", "ca", "mail",
    "ik", "mijn", "nummer", "u", "jij", "wij", "niet", "dat", "dit", "bel", "nog",
    "graag", "maar", "ben", "mij", "telefoon", "mobiel", "adres", "hier", "werk", "zijn",
    # beside a correction: "ah non, c'est plutôt …", "la bonne c'est …", "oh no, the right one"
    "ah", "oh", "euh", "uh", "hmm", "oops", "oeps", "no", "non", "nee", "yes", "oui", "ja",
    "bon", "bonne", "right", "correct", "juiste", "goede", "wrong", "fout", "mauvaise",
    # how to reach someone: "best to call me on …", "le mieux c'est au …", "liefst op …"
    "best", "better", "easiest", "to", "mieux", "liefst", "makkelijkst",
    # where someone lives is no company: "j'habite à Maastricht", "ik woon in Gent"
    "j'habite", "habite", "live", "lives", "living", "woon", "woont", "wonen", "based",
    "basee", "gevestigd",
    # a correction's filler, away from its detail: "no wait, use the other one", "nee wacht"
    "use", "instead", "rather", "wait", "gebruik", "liever", "wacht", "utilisez", "plutot",
    "attendez", "ring",
    # fillers that open an answer: "oui alors mon adresse c'est …", "well, my number is …"
    "alors", "donc", "enfin", "bref", "well", "so", "um", "umm", "er", "nou", "dus",
    "awel", "allez", "euhm",
    # where to call: "appelez-moi au bureau", "call me at the office", "bel me op kantoor"
    "bureau", "office", "kantoor", "thuis", "home", "domicile", "maison",
    # whom the visitor wants, not who they are: "someone from sales", "iemand van verkoop"
    "someone", "somebody", "anyone", "anybody", "quelqu'un", "iemand", "jemand",
}
# Greetings and yes-words before a name ("Hi, Claire Dubois here", "oui, Marc Petit", "ja
# hoor, Jan Smit"): the answer's opening, never part of the name.
OPENING_WORDS = [
    "hi", "hello", "hey", "good morning", "good afternoon", "good evening", "yes", "yeah", "sure",
    "ok", "okay", "of course",
    "bonjour", "bonsoir", "salut", "oui", "bien sur", "d'accord", "volontiers", "avec plaisir",
    "hallo", "hoi", "goedemorgen", "goedemiddag", "goedenavond", "ja", "ja hoor", "graag",
    "zeker", "natuurlijk", "dag", "goeiedag", "goedendag", "goeiemorgen", "goeiemiddag",
    "goeienavond",
]  # fmt: skip
# A request to be called that opens the message as a clause of its own, before the details
# ("Rappelez-moi svp : Olivier Dumont, …", "Bel mij terug: Lotte van der Berg, …", "call me
# back please, Tom de Smet, …"): like a greeting, it is no part of the name that follows.
CALLBACK_REQUESTS = [
    "call me back", "call me", "ring me back", "ring me", "phone me back", "phone me",
    "contact me", "get back to me", "get in touch", "reach out to me",
    "rappelez-moi", "rappelle-moi", "recontactez-moi", "recontacte-moi", "contactez-moi",
    "appelez-moi", "appelle-moi",
    "bel me terug", "bel mij terug", "bel me", "bel mij", "bellen aub", "contacteer me",
    "contacteer mij", "neem contact met me op", "neem contact met mij op",
    *(f"bel {who} {filler} terug" for who in ("me", "mij") for filler in ("ff", "even", "eens",
                                                                         "gerust", "snel")),
]  # fmt: skip
POLITE_WORDS = [
    "please", "pls", "plz", "asap", "thanks", "svp", "stp", "s'il vous plait", "s'il te plait",
    "merci", "rapidement", "aub", "a.u.b", "alstublieft", "alsjeblieft", "graag", "dringend",
]  # fmt: skip
# The visitor has no company to name ("pas de société", "geen bedrijf", "self-employed").
NO_COMPANY_WORDS = [
    "no company", "not a company", "no company yet", "no business", "self-employed",
    "self employed", "freelance", "freelancer", "private person", "just me", "as a private",
    "pas de societe", "aucune societe", "sans societe", "pas d'entreprise", "aucune entreprise",
    "pas encore de societe", "independant", "independante", "a mon compte", "particulier",
    "particuliere", "geen bedrijf", "nog geen bedrijf", "geen firma", "zzp", "zzp'er",
    "zelfstandige", "zelfstandig", "particulier", "prive",
]
# Words of a preferred time ("tomorrow morning", "après 14h", "dinsdagmiddag").
TIME_WORDS = [
    "morning", "mornings", "afternoon", "afternoons", "evening", "evenings", "tonight", "today",
    "tomorrow", "asap", "anytime", "any time", "weekday", "weekdays", "monday", "tuesday",
    "wednesday", "thursday", "friday",
    "saturday", "sunday", "lunch", "noon", "after", "before", "between",
    "matin", "matinee", "apres-midi", "apres midi", "soir", "soiree", "aujourd'hui", "demain",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "midi", "apres",
    "avant", "entre", "des que possible", "n'importe quand", "fin de journee", "fin de matinee",
    "fin d'apres-midi", "debut de soiree", "heure du dejeuner", "pause de midi",
    "end of the day", "end of day", "late afternoon", "early evening", "lunchtime", "lunch time",
    "over de middag", "einde van de dag", "eind van de dag", "op het einde van de dag",
    "rond de middag", "na de middag", "begin van de avond", "vroeg in de avond",
    "ochtend", "ochtends", "middag", "middags", "avond", "avonds", "vandaag", "morgen",
    "morgenochtend", "morgenmiddag",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "na",
    "voor", "tussen", "zo snel mogelijk", "wanneer", "werkdagen",
    *(f"{day}{part}" for day in ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
                                 "zaterdag", "zondag", "'s") for part in ("ochtend", "middag",
                                                                          "avond")),
]
# fmt: on

# Anything with an @, even without a domain ("jan@"), so that an unfinished address is explained.
_EMAIL_CANDIDATE = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']*")
_SEGMENT_SPLIT = re.compile(
    rf"[,;\n\u2013\u2014]|\s-\s|\s(?:and|et|en){phrases.NO_FIRM_TAIL}\s", re.IGNORECASE
)
# Characters no name has: markup, code, more digits than a "Jan 2" could need.
_NOT_IN_NAMES = re.compile(r"[<>{}\[\]\\|=@#$%^*_~`]|\d{3}")
_NOT_IN_COMPANIES = re.compile(r"[<>{}\[\]\\|=#$%^*_~`]")  # "Studio 100", "3M" have digits
_OPENING = re.compile(rf"^[\W_]*{words_pattern(OPENING_WORDS)}[\s,.!:;\u2013\u2014-]*")
_POLITE = rf"(?:\s*{words_pattern(POLITE_WORDS)}\.?)*"
_CALLBACK_LEAD = re.compile(
    rf"^[\W_]*{_POLITE}\s*{words_pattern(CALLBACK_REQUESTS)}{_POLITE}"
    r"\s*(?:[,:;!\u2013\u2014-]+\s*|$)"  # a clause of its own: a part, or before a comma
)
_SKIP = re.compile(rf"^\W*{words_pattern(SKIP_WORDS)}\W*$")
_YES = re.compile(rf"^\W*{words_pattern(YES_WORDS)}\b")
_NO = re.compile(rf"^\W*{words_pattern(NO_WORDS)}\b")
_NO_COMPANY = re.compile(words_pattern(NO_COMPANY_WORDS))
# Parts of an answer to "company, a good time?": commas and the like, not "et" / "and" / "en",
# which join company names too ("Leroy et Fils"); those split a part only before a time.
_OPTIONAL_SPLIT = re.compile(r"[,;\n\u2013\u2014]|\s-\s")
_JOINER = re.compile(rf"\s(?:and|et|en){phrases.NO_FIRM_TAIL}\s", re.IGNORECASE)
_TIME = re.compile(words_pattern(TIME_WORDS) + r"|\d{1,2}\s*(?:h|:|u|uur|am|pm)")
# The time words that no lower-case name holds (not "na", "voor": "anna voor" may be a name).
_PREPOSITIONS = {"after", "before", "between", "apres", "avant", "entre", "na", "voor", "tussen"}
_TIME_NOUN = re.compile(words_pattern(word for word in TIME_WORDS if word not in _PREPOSITIONS))


def read_email(text: str) -> tuple[str | None, bool]:
    """(normalised address, whether an unusable address was typed)."""
    invalid = False
    for candidate in _EMAIL_CANDIDATE.findall(text):
        try:
            result = validate_email(candidate.rstrip(".!?"), check_deliverability=False)
        except EmailNotValidError:
            invalid = True
            continue
        return str(result.normalized), False
    return None, invalid


def introduced_name(text: str) -> str | None:
    """A name the visitor introduced ("my name is Jan de Vries", "je suis Marie")."""
    return _introduced(_without_details(text))[0]


def _without_details(text: str) -> str:
    """`text` less its email addresses and phone numbers, and the words that lead into them."""
    return _PHONE_ATTEMPT.sub(" ", _EMAIL_CANDIDATE.sub(" ", phrases.without_lead_ins(text)))


def _introduced(rest: str) -> tuple[str | None, str | None]:
    """(name, company) introduced in a message already stripped of addresses and numbers.

    A name given in labelled parts ("first name Olivia, last name Brandt") is the two joined;
    a part alone is no introduced name: `read_contact` passes it on as `first_name` or
    `last_name`, and the dialogue joins it to the name it has.
    """
    first, last = _name_part(rest)
    if first and last:
        return f"{first} {last}", None
    if first or last:
        return None, None
    name, company = phrases.introduced(phrases.without_titles(phrases.without_announcements(rest)))
    usable = _usable_name(name) if name else None
    if usable and company is None and phrases.looks_like_a_company(usable):
        return _name_and_company(usable)  # "it's Tom Baker with Initech LLC"
    return usable, company if usable else None


def _name_part(rest: str) -> tuple[str | None, str | None]:
    """(first name, last name) given with their labels, each usable as a name, or None."""
    first, last = phrases.name_parts(rest)
    return (_usable_name(first) if first else None, _usable_name(last) if last else None)


def _name_and_company(phrase: str) -> tuple[str | None, str | None]:
    """A name-shaped phrase that names a company: (the name before it, if any; the company).

    "Isabelle Renard de Renard Consulting" is both; "Martin Conseil SAS" a company alone.
    """
    candidate, company = phrases.split_company(phrase, company_known=True)
    name = _usable_name(candidate or "") if company else None
    if name is None or phrases.looks_like_a_company(name):
        return None, phrases.company_name(phrase)
    return name, company


def _usable_name(candidate: str) -> str | None:
    """A cleaned name, or None when it cannot be one (no letters, a yes/no, too long)."""
    cleaned = clean_text(candidate, limit=MAX_NAME_LENGTH + 1)
    name = phrases.without_end_dot(phrases.without_quotes(cleaned, " -:()"))
    folded = fold(name)
    if not any(char.isalpha() for char in name) or folded in NOT_NAMES:
        return None
    if _NOT_IN_NAMES.search(name) or phrases.announces_only(name):
        return None
    if len(name) > MAX_NAME_LENGTH or len(name.split()) > MAX_NAME_WORDS or "?" in name:
        return None
    if _is_a_sentence(name) or is_job_title(name):  # "directeur commercial", "Head of Sales"
        return None
    return name


def _is_a_sentence(text: str) -> bool:
    """Words of a sentence and not a name shape ("it's a Dutch number"; not "Will Smith")."""
    if phrases.looks_like_a_name(text):
        return False
    words = fold(text).replace("\u2019", "'").split()
    return any(word.strip(".,!:;") in SENTENCE_WORDS for word in words)


# Cues: how the message reads, for the dialogue to interpret against the open question.
YES, NO, STARTS_WITH_NO, SKIP = "yes", "no", "starts_with_no", "skip"
QUESTION, REST_QUESTION, DIGITS = "question", "rest_question", "digits"
WORDS, PARTS = "words", "parts"  # any text besides the details; a part that may be a name
FEW_WORDS, SHORT_ANSWER, SENTENCE = "few_words", "short_answer", "sentence"
# The phone number's country was assumed (role: the chat language whose reading it is).
PHONE_GUESSED = "phone_guessed"
# The visitor says there is no company to name ("pas de société", "self-employed").
NO_COMPANY = "no_company"
# Text that no company is called: markup, no letters, too long ("<b>Acme</b>", "😀😀").
COMPANY_UNUSABLE = "company_unusable"
# A name or company alone ("Piet van der Meer", "bij HEMA"), whatever the intent classifier
# made of words it never saw (a "no", a goodbye).
NAME_LIKE = "name_like"
# Roles: a name introduced anywhere, or the message read as a bare answer to a question.
INTRODUCED, ANSWER, AFTER_NAME = "introduced", "answer", "after_name"
# Roles of a part of a name given with its label ("voornaam Joost", "last name Brandt").
FIRST_NAME, LAST_NAME = "first_name", "last_name"


@dataclass
class OptionalAnswer:
    """Company and preferred time, as an answer to the optional question reads them."""

    company: str | None = None
    preferred_time: str | None = None


@dataclass
class ContactReading:
    """What one message holds about contact details, whoever asked what.

    `problems` names details typed but unusable ("email_invalid", "phone_invalid").
    """

    email: str | None = None
    phones: dict[str, str] = field(default_factory=dict)  # chat language -> E.164
    # Chat languages whose reading of a national number is a guess (bot/extraction/phone.py).
    guessed_plans: set[str] = field(default_factory=set)
    introduced_name: str | None = None
    # A part of the name with its label alone ("first name Olivia"; both: `introduced_name`).
    first_name: str | None = None
    last_name: str | None = None
    # A company named with the name ("I'm Tom from Initech") or on its own ("I work at Hooli").
    introduced_company: str | None = None
    name_answer: str | None = None  # the first part of the message, when it can be a name
    after_name: OptionalAnswer = field(
        default_factory=OptionalAnswer
    )  # "Jan, Acme, tomorrow morning"
    optional_answer: OptionalAnswer = field(default_factory=OptionalAnswer)  # the whole message
    cues: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def phone(self, language: str) -> str | None:
        """The phone number as read for the chat language's plans."""
        return self.phones.get(language) or self.phones.get(DEFAULT_LANGUAGE)

    def as_entities(self) -> list[dict[str, Any]]:
        """The reading as Rasa entities (without spans: they belong to the whole message)."""
        found: list[tuple[str, Any, str | None]] = []
        if self.email:
            found.append((EMAIL, self.email, None))
        found += [(PHONE, number, language) for language, number in self.phones.items()]
        if self.introduced_name:
            found.append((PERSON_NAME, self.introduced_name, INTRODUCED))
        if self.name_answer:
            found.append((PERSON_NAME, self.name_answer, ANSWER))
        for role, part in ((FIRST_NAME, self.first_name), (LAST_NAME, self.last_name)):
            if part:
                found.append((PERSON_NAME, part, role))
        if self.introduced_company:
            found.append((COMPANY, self.introduced_company, INTRODUCED))
        for role, optional in ((AFTER_NAME, self.after_name), (ANSWER, self.optional_answer)):
            if optional.company:
                found.append((COMPANY, optional.company, role))
            if optional.preferred_time:
                found.append((PREFERRED_TIME, optional.preferred_time, role))
        found += [(CONTACT_CUE, cue, None) for cue in sorted(self.cues)]
        found += [(CONTACT_CUE, PHONE_GUESSED, language) for language in sorted(self.guessed_plans)]
        found += [(CONTACT_PROBLEM, problem, None) for problem in self.problems]
        return [
            {"entity": entity, "value": value, **({"role": role} if role else {})}
            for entity, value, role in found
        ]

    @classmethod
    def from_entities(cls, entities: list[dict[str, Any]]) -> ContactReading:
        """The reading `as_entities` wrote (other extractors' entities are ignored)."""
        reading = cls()
        for entity in entities:
            kind, value, role = entity.get("entity"), entity.get("value"), entity.get("role")
            optional = reading.after_name if role == AFTER_NAME else reading.optional_answer
            if kind == EMAIL:
                reading.email = str(value)
            elif kind == PHONE and role:
                reading.phones[role] = str(value)
            elif kind == PERSON_NAME and role == INTRODUCED:
                reading.introduced_name = str(value)
            elif kind == PERSON_NAME and role == ANSWER:
                reading.name_answer = str(value)
            elif kind == PERSON_NAME and role == FIRST_NAME:
                reading.first_name = str(value)
            elif kind == PERSON_NAME and role == LAST_NAME:
                reading.last_name = str(value)
            elif kind == COMPANY and role == INTRODUCED:
                reading.introduced_company = str(value)
            elif kind == COMPANY:
                optional.company = str(value)
            elif kind == PREFERRED_TIME:
                optional.preferred_time = str(value)
            elif kind == CONTACT_CUE and value == PHONE_GUESSED and role:
                reading.guessed_plans.add(str(role))
            elif kind == CONTACT_CUE:
                reading.cues.add(str(value))
            elif kind == CONTACT_PROBLEM:
                reading.problems.append(str(value))
        return reading


def _segments(text: str) -> list[str]:
    """Comma- or "and"-separated parts of a message, cleaned, without empty ones."""
    return [
        part
        for part in (clean_text(s, MAX_FREE_TEXT_LENGTH) for s in _SEGMENT_SPLIT.split(text))
        if part
    ]


def _optional_segments(rest: str) -> list[str]:
    """The parts of an answer to the optional question ("Leroy et Fils, demain matin")."""
    segments = []
    for part in _OPTIONAL_SPLIT.split(rest):
        pieces = _JOINER.split(part)
        timed = [bool(_TIME.search(fold(piece))) for piece in pieces]
        if any(timed) and not all(timed):  # "Acme and tomorrow morning"
            segments += pieces
        else:
            segments.append(part)
    return [
        segment for segment in (clean_text(s, MAX_FREE_TEXT_LENGTH) for s in segments) if segment
    ]


def _read_optional(rest: str) -> OptionalAnswer:
    """Company and preferred time from an answer to the optional question.

    "No company" and a sentence ("je suis indépendante") name no company, nor does a job
    title ("directrice marketing") or the name before one ("Sophie Martin, directrice
    marketing, Martin Conseil SARL": the company is the part after the title).
    """
    optional = OptionalAnswer()
    segments = [segment for segment in map(_without_opening, _optional_segments(rest)) if segment]
    titled = [phrases.read_job_title(segment) for segment in segments]
    for index, segment in enumerate(segments):
        title = titled[index]
        if title and (title.company or not title.before):
            optional.company = optional.company or title.company  # the title is none of it
            continue
        after = titled[index + 1] if index + 1 < len(segments) else None
        if after and not after.before and phrases.looks_like_a_name(segment):
            continue  # the name of the person whose title follows ("Marc Dubois, directeur …")
        if title and not phrases.looks_like_a_company(title.before):
            continue  # a name or a sentence before a title ("I'm a manager at the moment")
        segment = title.before if title else segment  # "Acme Ltd operations director"
        folded = fold(segment)
        named = _company_phrase(segment)  # "ik werk voor Peeters": "voor" is no time here
        if named:
            optional.company = optional.company or named
        elif _TIME.search(folded):
            optional.preferred_time = ", ".join(filter(None, (optional.preferred_time, segment)))
        elif optional.company is None and not (
            _NO_COMPANY.search(folded) or _is_a_sentence(segment) or "?" in segment
        ):  # "pouvez-vous ?" (what is left of "pouvez-vous me rappeler au … ?") asks
            optional.company = phrases.company_name(segment)
    return optional


def read_contact(text: str) -> ContactReading:
    """Everything `text` holds about contact details (see the module's docstring)."""
    text = text[:MAX_MESSAGE_LENGTH]
    reading = ContactReading()
    without_emails = _EMAIL_CANDIDATE.sub(" ", text)
    without_details = _without_details(text)
    reading.email, bad_email = read_email(text)
    bad_phone = False
    for language in CHAT_LANGUAGES:
        phone = read_phone(without_emails, language)
        bad_phone = phone.invalid
        if phone.number:
            reading.phones[language] = phone.number
        if phone.guessed:
            reading.guessed_plans.add(language)
    if bad_email and not reading.email:
        reading.problems.append("email_invalid")
    if bad_phone and not reading.phones:
        reading.problems.append("phone_invalid")
    rest = clean_text(phrases.without_announcements(without_details), limit=10_000)
    has_details = reading.email or reading.phones or bad_email or bad_phone
    if has_details and phrases.announces_only(rest):
        rest = ""  # "my email is …", "06 55443322 of ruud@hema.example": the details alone
    folded = fold(rest)
    # yes and no in the words as typed: "I'd rather not" is no correction ("or rather …")
    answer = fold(" ".join(without_details.split()))
    reading.introduced_name, company = _introduced(without_details)
    first, last = _name_part(without_details)
    if reading.introduced_name is None:
        reading.first_name, reading.last_name = first, last
    reading.introduced_company = company or _company_phrase(rest)
    cues = reading.cues
    cues.update(
        cue
        for cue, present in (
            (YES, _YES.search(answer)),
            (NO, _NO.search(answer)),
            (STARTS_WITH_NO, _NO.match(answer)),
            (SKIP, _SKIP.match(folded) or folded.strip(" .!") in NOT_NAMES),
            (QUESTION, "?" in text),
            (REST_QUESTION, "?" in rest),
            (DIGITS, any(char.isdigit() for char in text)),
            (WORDS, rest),
            (FEW_WORDS, len(folded.split()) <= 4),
            (SHORT_ANSWER, len(rest.split()) <= 4 and "?" not in rest),
            # "I'm interested", not "I'm the owner of Crumbs Bakery, Jo Reid"
            (SENTENCE, _opens_a_sentence(rest)),
            (NAME_LIKE, _looks_like_a_name(rest, folded)),
            (NO_COMPANY, _NO_COMPANY.search(folded)),
        )
        if present
    )
    parts = _segments(rest)
    if parts:
        cues.add(PARTS)
    if parts and not (first or last):  # "achternaam Verbeek", "nom : Leroy, prénom : Marie"
        _read_name_answer(reading, parts)
    if reading.introduced_name is None and _introduces_oneself(rest, reading, bool(has_details)):
        reading.introduced_name = reading.name_answer  # "Bonsoir, Julie Lambert de chez …, …"
        reading.introduced_company = reading.introduced_company or reading.after_name.company
    names = [name for name in (reading.introduced_name, first, last) if name]
    if rest and "?" not in text:
        reading.optional_answer = _read_optional(_without_name_clause(rest, names))
    if rest and reading.introduced_name and not reading.introduced_company:
        read_already = None if "?" in text else reading.optional_answer  # read above
        reading.introduced_company = _company_beside_name(rest, names, read_already)
    if rest and _unusable_company(rest):
        cues.add(COMPANY_UNUSABLE)
    if NAME_LIKE not in cues and _name_and_company_alone(reading, parts):
        cues.add(NAME_LIKE)  # "Antoine de Villiers, de De Smet Consulting"
    return reading


def _introduces_oneself(rest: str, reading: ContactReading, has_details: bool) -> bool:
    """Whether the name that opens the message is its writer introducing themself.

    "Bonsoir, Julie Lambert de chez Fleurs Lambert SPRL, rappelez-moi au …", "Tom Peeters van
    Peeters Bouw BV, bel me op …", "Hi, Jane Smith here, …": a name of two words or more in
    the message's first part, with two signs of an introduction among a greeting or a yes
    before it (or a request to be called, "Bel mij terug: …"), its company, "here" / "ici" /
    "hier" after it and contact details beside it.
    Then it is the name whatever was asked, as "my name is …" is: also in the request that
    starts the form and before it. One sign is not enough: "Jan de Vries, jan@acme.nl" answers
    the name question only (typed at another question it may be a colleague's), "Hello, Mark
    Evans" may greet someone, "Tom Baker from Initech" may answer another question.
    """
    name = reading.name_answer
    # Capitalised, as names are typed: "graag contact met iemand van sales" has the shape of
    # a name and its company after a yes-word, but no name.
    if not name or len(name.split()) < 2 or not phrases.looks_like_a_name(name):
        return False
    opened = _without_opening(rest)
    first_part = next(iter(_segments(opened)), "")
    if name not in first_part:
        return False
    signs = (
        opened != rest,
        bool(reading.after_name.company or reading.introduced_company),
        phrases.has_name_suffix(first_part),
        has_details,
    )
    return sum(signs) >= 2


def _company_beside_name(
    rest: str, names: list[str], answer: OptionalAnswer | None
) -> str | None:
    """A part beside an introduced name that names a company (a legal form, a trade).

    "My name is Emma Stone, Stone Digital Ltd, …": the message's optional `answer`, read
    already. "Can you call me? I'm Jo Reid, de Reid Boulangerie SA": a message that asks
    something has none (None), so what is left after the request's question mark is read.
    """
    if answer is None:
        answer = _read_optional(_without_name_clause(rest.rsplit("?", 1)[-1], names))
    company = answer.company
    return company if company and phrases.looks_like_a_company(company) else None


def _read_name_answer(reading: ContactReading, parts: list[str]) -> None:
    """The message as an answer to "what is your name?": its first part that can be a name.

    Parts that say whom the request is for ("het gaat om Van Gorp Bakkerijen", "namens Acme")
    and job titles ("directeur commercial", "head of care at Carter Ltd") are passed over; a
    name-shaped company ("Van Dam Logistiek", "Jansen & Zonen") is the company, not the name;
    a title after the name in the same part goes with its company ("Luc Perrin directeur
    général chez Perrin SAS").
    """
    named = [
        part
        for part in (_without_opening(part) for part in parts)
        if part and not phrases.opens_with_company_phrase(part)
    ]
    candidates = [part for part in named if not _is_a_title_part(part)]
    if not candidates:
        return
    titled = phrases.read_job_title(candidates[0])
    # "Ruud Vermeulen van HEMA", "Laura Jennings here"
    first = phrases.without_titles(
        phrases.without_name_suffix(
            phrases.before_company_phrase(titled.before if titled else candidates[0])
        )
    )
    candidate, company = phrases.split_company(first)
    company = company or (titled.company if titled else None)
    name = _usable_name(candidate or "")
    if name and not phrases.looks_like_a_name(name) and _TIME_NOUN.search(fold(name)):
        return  # "tomorrow morning", "demain après-midi": a time, read as the optional answer
    if name and company is None and phrases.looks_like_a_company(name):
        name, company = _name_and_company(first)
        if name is None:  # "Van Dam Logistiek", "Lambert SA": the company, not the name
            reading.introduced_company = reading.introduced_company or company
            return
    reading.name_answer = name
    others = [part for part in named if part is not candidates[0]]
    if name and others:
        reading.after_name = _read_optional(", ".join(others))
    if name and company:
        reading.after_name.company = reading.after_name.company or company


def _is_a_title_part(part: str) -> bool:
    """Whether a part of a message is a job title, with or without its company, and no name
    before it ("directeur commercial", "teamleider klantenservice bij De Vries BV")."""
    titled = phrases.read_job_title(part)
    return titled is not None and not titled.before


def _without_opening(part: str) -> str:
    """A part of an answer less the greetings, yes-words and requests to be called it opens
    with ("Hi", "oui", "Bonjour, rappelez-moi svp :")."""
    while True:
        folded = fold(part)  # folding keeps every character where it was
        opening = _OPENING.match(folded) or _CALLBACK_LEAD.match(folded)
        if not opening or not opening.end():
            return part
        part = part[opening.end() :]


def _without_name_clause(rest: str, names: list[str]) -> str:
    """An answer to the optional question less the parts that give the visitor's name.

    "my name is Jan Peeters, tomorrow morning" answers the time; its name is no company, nor
    are labelled parts of it ("nom : Leroy, prénom : Marie").
    """
    if not names:
        return rest
    parts = _OPTIONAL_SPLIT.split(rest)
    kept = [part for part in parts if not any(name in part for name in names)]
    return phrases.without_introductions(", ".join(kept))


def _opens_a_sentence(rest: str) -> bool:
    """Whether the message starts like "I'm …" and not with the visitor's company."""
    return phrases.opens_with_loose_introduction(rest) and not phrases.opens_with_company_phrase(
        rest
    )


def _unusable_company(rest: str) -> bool:
    """Whether an answer to the company question cannot be a company's name."""
    if not any(char.isalpha() for char in rest) or _NOT_IN_COMPANIES.search(rest):
        return True
    return len(rest) > MAX_NAME_LENGTH and _TIME.search(fold(rest)) is None


def _looks_like_a_name(rest: str, folded: str) -> bool:
    """A name or company alone, and no yes, no or skip word."""
    if folded.strip(" .!") in NOT_NAMES or _NO.match(folded) or _YES.match(folded):
        return False
    return phrases.looks_like_a_name(rest)


def _name_and_company_alone(reading: ContactReading, parts: list[str]) -> bool:
    """A name of two words or more, then its company or a time, each part name-shaped, a
    company phrase or a job title ("Isabelle de Ligne, de la société Ligne Assurances SA",
    "Femke Bakker, projectleider, Bakker Installaties BV")."""
    name = reading.name_answer
    if name is None or len(name.split()) < 2 or not phrases.looks_like_a_name(name):
        return False
    return len(parts) <= 3 and all(
        phrases.looks_like_a_name(part) or _company_phrase(part) or _is_a_title_part(part)
        for part in parts
    )


def _company_phrase(rest: str) -> str | None:
    """A company named in a phrase of its own ("I work at Hooli"), or after a job title
    ("…, directeur commercial chez Dubois SA", "…, directrice marketing, Martin SARL"), unless
    it is a time."""
    company = phrases.company_phrase(rest) or _company_after_title(rest)
    return company if company and not _TIME.search(fold(company)) else None


def _company_after_title(rest: str) -> str | None:
    """The company a job title names: after its marker in the same part, or as the part that
    follows a title alone, when that part is name-shaped ("projectleider, Bakker BV")."""
    parts = [part.strip() for part in _OPTIONAL_SPLIT.split(rest)]
    for index, part in enumerate(parts):
        titled = phrases.read_job_title(part)
        if titled is None:
            continue
        if titled.company:
            return titled.company
        following = parts[index + 1] if index + 1 < len(parts) else ""
        if not titled.before and phrases.looks_like_a_name(following):
            return phrases.company_name(following)
    return None
