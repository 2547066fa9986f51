"""Contact details in a visitor's message: name, email, phone, company, preferred time, consent.

One function, `read_contact_message`, reads whatever the message holds (several details at
once: "Jan Peeters, jan@acme.be, 0470 12 34 56") and says what was wrong with what it could
not accept, so the dialogue can explain instead of asking the same question again.

Email addresses are checked by email-validator (syntax only, no DNS). Phone numbers by
phonenumbers: international ("+32 470 12 34 56", "0031 6 ...") or national in the Dutch,
Belgian or French plan, tried in an order that depends on the chat language because the
plans overlap ("06 12 34 56 78" is a mobile number in France and in the Netherlands).
Free text (names, company, time) is kept as typed, less control characters, and escaped
wherever it is rendered.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from bot.extraction.scenario import words_pattern
from bot.extraction.vocabulary import fold

# The slots the handoff asks for (also the names of the questions in the domain).
NAME = "contact_name"
REACH = "contact_email"  # "how can we reach you": satisfied by an email address or a phone number
OPTIONAL = "contact_extras"  # company and preferred time, asked once, may be skipped
CONSENT = "contact_consent"

MAX_NAME_LENGTH = 100
MAX_FREE_TEXT_LENGTH = 200
# Characters of a message that are read (as the widget channel keeps): the patterns below are
# quadratic on long runs without spaces, and contact details never need more.
MAX_MESSAGE_LENGTH = 2_000
MAX_NAME_WORDS = 6

# Phone plans to try, by chat language: the company is Dutch; French speakers are more often
# Belgian than French ("0470 12 34 56" is a Belgian mobile, and also a valid French number).
PHONE_REGIONS = {"nl": ("NL", "BE", "FR"), "fr": ("BE", "FR", "NL"), "en": ("NL", "BE", "FR")}

# Messages about something else: left to the dialogue's rules (answer, then ask again).
QUESTIONS = frozenset(
    {
        "faq", "ask_estimate", "ask_support_models", "explain_cost_item", "compare_in_house",
        "bot_challenge", "change_language", "restart", "goodbye",
    }
)  # fmt: skip
# Intents that change the conversation's course, whatever was asked.
REDIRECTS = frozenset({"change_language", "restart", "goodbye"})
# Intents that are about something else only when the message is a question ("thanks?" is
# rare; "Acme" classified as `inform` is an answer).
QUESTIONS_IF_ASKED = frozenset({"inform", "out_of_scope", "greet", "thank"})

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
]
NO_WORDS = [
    "no", "no thanks", "i do not agree", "i don't agree", "disagree", "cancel", "stop",
    "non", "non merci", "je refuse", "annuler", "pas d'accord", "nee", "nee dank je",
    "niet akkoord", "annuleren", "liever niet",
]
# Phrases that introduce a name. The loose ones ("I'm", "je suis", "ik ben") need a capital
# letter after them, so that "I'm interested" or "je suis intéressé" is no name.
APOSTROPHE = "['\u2019]"  # ' or the typographic one phones type
NAME_INTRODUCTIONS = [
    r"my name is", r"my name's", r"name\s*:", r"this is", rf"je m{APOSTROPHE}appelle",
    r"mon nom est", rf"mon nom c{APOSTROPHE}est", r"nom\s*:", rf"moi c{APOSTROPHE}est", r"ik heet",
    r"mijn naam is", r"naam\s*:", r"u spreekt met", r"je spreekt met",
]
LOOSE_NAME_INTRODUCTIONS = [
    rf"i{APOSTROPHE}m", r"i am", r"je suis", r"ik ben", rf"c{APOSTROPHE}est",
]
# Words of a preferred time ("tomorrow morning", "après 14h", "dinsdagmiddag").
TIME_WORDS = [
    "morning", "mornings", "afternoon", "afternoons", "evening", "evenings", "tonight", "today",
    "tomorrow", "asap", "anytime", "any time", "weekday", "weekdays", "monday", "tuesday",
    "wednesday", "thursday", "friday",
    "saturday", "sunday", "lunch", "noon", "after", "before", "between",
    "matin", "matinee", "apres-midi", "apres midi", "soir", "soiree", "aujourd'hui", "demain",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "midi", "apres",
    "avant", "entre", "des que possible", "n'importe quand",
    "ochtend", "ochtends", "middag", "middags", "avond", "avonds", "vandaag", "morgen",
    "morgenochtend", "morgenmiddag",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "na",
    "voor", "tussen", "zo snel mogelijk", "wanneer", "werkdagen",
    *(f"{day}{part}" for day in ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
                                 "zaterdag", "zondag", "'s") for part in ("ochtend", "middag",
                                                                          "avond")),
]
# fmt: on

E164 = phonenumbers.PhoneNumberFormat.E164
# Anything with an @, even without a domain ("jan@"), so that an unfinished address is explained.
_EMAIL_CANDIDATE = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']*")
# Something that looks like an attempt at a phone number: 6 or more digits, maybe spaced.
_PHONE_ATTEMPT = re.compile(r"\+?\(?\d[\d\s().\-/]{4,}\d")
# Not "van": it starts Dutch surnames ("Els van den Berg", "Piet van Dijk").
_CLAUSE_END = re.compile(r"[,;.!?\n/]|\s(?:and|et|en|from|de chez|bij)\s", re.IGNORECASE)
_SEGMENT_SPLIT = re.compile(r"[,;\n]|\s(?:and|et|en)\s", re.IGNORECASE)
_INTRO = re.compile(
    rf"(?:^|\b)(?:{'|'.join(NAME_INTRODUCTIONS)})\s*(?P<name>[^\d@,;.!?\n]+)", re.IGNORECASE
)
_LOOSE_INTRO = re.compile(
    rf"(?:^|\b)(?i:{'|'.join(LOOSE_NAME_INTRODUCTIONS)})\s+(?P<name>[A-ZÀ-Ý][^\d@,;.!?\n]*)"
)
# A reply that opens with a loose introduction but no capital after it ("je suis intéressé").
_LOOSE_START = re.compile(rf"^\W*(?:{'|'.join(LOOSE_NAME_INTRODUCTIONS)})\s", re.IGNORECASE)
_INTRO_ANYWHERE = re.compile(
    rf"(?:^|\b)(?:{'|'.join(NAME_INTRODUCTIONS + LOOSE_NAME_INTRODUCTIONS)})\s*", re.IGNORECASE
)
_SKIP = re.compile(rf"^\W*{words_pattern(SKIP_WORDS)}\W*$")
_YES = re.compile(rf"^\W*{words_pattern(YES_WORDS)}\b")
_NO = re.compile(rf"^\W*{words_pattern(NO_WORDS)}\b")
_TIME = re.compile(words_pattern(TIME_WORDS) + r"|\d{1,2}\s*(?:h|:|u|uur|am|pm)")


@dataclass
class ContactUpdate:
    """What one message said about the visitor's contact details.

    `problems` names what could not be accepted ("email_invalid", "phone_invalid",
    "name_unusable", "reach_missing", "consent_unclear"); the catalogue explains each.
    """

    name: str | None = None
    email: str | None = None
    phone: str | None = None  # E.164, "+31612345678"
    company: str | None = None
    preferred_time: str | None = None
    optional_answered: bool = False  # company/time answered or skipped
    consent: bool | None = None
    cancelled: bool = False  # "no" to the handoff itself
    problems: list[str] = field(default_factory=list)

    def found_anything(self) -> bool:
        """Whether the message answered anything, or was wrong in a way worth explaining."""
        return bool(
            self.name or self.email or self.phone or self.company or self.preferred_time
            or self.optional_answered or self.consent is not None or self.cancelled
            or self.problems
        )  # fmt: skip


def clean_text(value: str, limit: int = MAX_FREE_TEXT_LENGTH) -> str:
    """Visitor text fit for a record: control characters and line breaks become spaces.

    Nothing else is removed: "<b>" stays as typed and is escaped where it is shown, so the
    record says what the visitor wrote. CR and LF can therefore never reach an email header.
    """
    spaced = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") else char
        for char in unicodedata.normalize("NFC", value)
    )
    return " ".join(spaced.split())[:limit].strip()


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


def read_phone(text: str, language: str) -> tuple[str | None, bool]:
    """(E.164 number, whether an unusable number was typed), trying the plans in order."""
    for region in PHONE_REGIONS.get(language, PHONE_REGIONS["en"]):
        for match in phonenumbers.PhoneNumberMatcher(text, region, phonenumbers.Leniency.VALID):
            return phonenumbers.format_number(match.number, E164), False
    digits = [re.sub(r"\D", "", attempt) for attempt in _PHONE_ATTEMPT.findall(text)]
    return None, any(len(run) >= 6 for run in digits)


def introduced_name(text: str) -> str | None:
    """A name the visitor introduced ("my name is Jan de Vries", "je suis Marie")."""
    return _introduced_name(_PHONE_ATTEMPT.sub(" ", _EMAIL_CANDIDATE.sub(" ", text)))


def _introduced_name(rest: str) -> str | None:
    """introduced_name on a message already stripped of addresses and numbers."""
    match = _INTRO.search(rest) or _LOOSE_INTRO.search(rest)
    if not match:
        return None
    name = _CLAUSE_END.split(match["name"])[0]
    return _usable_name(name)


def _usable_name(candidate: str) -> str | None:
    """A cleaned name, or None when it cannot be one (no letters, a yes/no, too long)."""
    name = clean_text(candidate, limit=MAX_NAME_LENGTH + 1).strip(" -:'\"")
    folded = fold(name)
    if not any(char.isalpha() for char in name) or folded in NOT_NAMES:
        return None
    if len(name) > MAX_NAME_LENGTH or len(name.split()) > MAX_NAME_WORDS or "?" in name:
        return None
    return name


def _segments(text: str) -> list[str]:
    """Comma- or "and"-separated parts of a message, cleaned, without empty ones."""
    return [part for part in (clean_text(s) for s in _SEGMENT_SPLIT.split(text)) if part]


def _read_optional(rest: str, update: ContactUpdate) -> None:
    """Company and preferred time from the answer to the optional question."""
    for segment in _segments(rest):
        if _TIME.search(fold(segment)):
            update.preferred_time = ", ".join(filter(None, (update.preferred_time, segment)))
        elif update.company is None:
            update.company = segment
    update.optional_answered = True


def is_digression(text: str, intent: str | None) -> bool:
    """Whether the message is about something else (answered by the dialogue's rules)."""
    return intent in QUESTIONS or (intent in QUESTIONS_IF_ASKED and "?" in text)


def read_contact_message(
    text: str,
    asked: str | None,
    language: str,
    intent: str | None = None,
    *,
    about_scenario: bool = False,
) -> ContactUpdate:
    """Everything `text` says about the contact details, given the question just `asked`.

    `about_scenario`: NLU found scenario parameters in the message ("it's for 3 dedicated
    agents"); without contact details it is then no answer to a contact question, but
    something for the dialogue to note.
    """
    text = text[:MAX_MESSAGE_LENGTH]
    update = ContactUpdate()
    without_emails = _EMAIL_CANDIDATE.sub(" ", text)
    without_details = _PHONE_ATTEMPT.sub(" ", without_emails)
    update.email, bad_email = read_email(text)
    update.phone, bad_phone = read_phone(without_emails, language)
    if bad_email and not update.email:
        update.problems.append("email_invalid")
    if bad_phone and not update.phone:
        update.problems.append("phone_invalid")
    rest = clean_text(without_details, limit=10_000)
    folded = fold(rest)
    update.name = _introduced_name(without_details)

    if asked == CONSENT:
        if _NO.search(folded) or intent == "deny":
            update.consent = False
        elif _YES.search(folded) or intent == "affirm":
            update.consent = True
        elif not (update.found_anything() or is_digression(text, intent) or about_scenario):
            update.problems.append("consent_unclear")
    elif asked == OPTIONAL:
        if intent in ("deny", "affirm") or _SKIP.match(folded) or folded.strip(" .!") in NOT_NAMES:
            update.optional_answered = True  # skipped ("no thanks"), or no answer to it ("yes")
        elif rest and not ("?" in text or intent in REDIRECTS):  # free text: NLU is no guide
            _read_optional(_INTRO_ANYWHERE.sub("", rest) if update.name else rest, update)
    elif asked in (NAME, REACH) and _declines(folded, intent, update):
        update.cancelled = True
    elif about_scenario and not (update.email or update.phone or update.name):
        pass  # the scenario slots have it; the question is asked again
    elif asked == NAME and update.name is None and rest:
        _read_name_answer(rest, intent, update)
    elif asked == REACH and not (update.email or update.phone or update.problems):
        if any(char.isdigit() for char in text):  # "0612": too short to be a number
            update.problems.append("phone_invalid")
        elif not is_digression(text, intent):
            update.problems.append("reach_missing")
    return update


def _declines(folded: str, intent: str | None, update: ContactUpdate) -> bool:
    """A short "no" instead of a name or contact details: the visitor has changed their mind."""
    if update.name or update.email or update.phone or len(folded.split()) > 4:
        return False
    return intent == "deny" or bool(_NO.match(folded))


def _read_name_answer(rest: str, intent: str | None, update: ContactUpdate) -> None:
    """The answer to "what is your name?": the first part of the message, and maybe a company.

    A short answer is a name whatever NLU made of it ("Jan" may be read as a greeting);
    a longer one about something else (a question) is left to the dialogue.
    """
    parts = _segments(rest)
    looks_like_answer = len(rest.split()) <= 4 and "?" not in rest
    if not parts or (is_digression(rest, intent) and not looks_like_answer):
        return
    if _LOOSE_START.match(rest):  # "I'm interested": a sentence, not a name
        update.problems.append("name_unusable")
        return
    name = _usable_name(parts[0])
    if name is None:
        update.problems.append("name_unusable")
        return
    update.name = name
    if len(parts) > 1:  # "Jan de Vries, Acme, tomorrow morning"
        _read_optional(", ".join(parts[1:]), update)
