"""What a message answers in the handoff, given the open question: the dialogue's decision.

NLU has read the message (bot/extraction/contact.py, as entities); here the open question
and the intent decide what the reading means: "Acme" answers "company?", "no" declines the
handoff when the name is asked but skips the optional question, a question about prices is
left to the dialogue's rules, and a wrong answer is named so that it can be explained.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.extraction import contact as reading_cues
from bot.extraction.contact import ContactReading, OptionalAnswer
from bot.names import (
    AFFIRM,
    ASK_ESTIMATE,
    ASK_SUPPORT_MODELS,
    BOT_CHALLENGE,
    CHANGE_LANGUAGE,
    COMPARE_IN_HOUSE,
    CONTACT_COMPANY,
    CONTACT_CONSENT,
    CONTACT_EMAIL,
    CONTACT_EXTRAS,
    CONTACT_NAME,
    CONTACT_PHONE,
    CONTACT_TIME,
    DENY,
    EXPLAIN_COST_ITEM,
    FAQ,
    GOODBYE,
    GREET,
    INFORM,
    OUT_OF_SCOPE,
    RESTART,
    THANK,
)

# Slot holding each contact detail (a field of the lead).
DETAIL_SLOTS = {
    "name": CONTACT_NAME,
    "email": CONTACT_EMAIL,  # the question "how can we reach you" fills the email slot
    "phone": CONTACT_PHONE,
    "company": CONTACT_COMPANY,
    "preferred_time": CONTACT_TIME,
}
# Messages about something else: left to the dialogue's rules (answer, then ask again).
QUESTIONS = frozenset(
    {
        FAQ, ASK_ESTIMATE, ASK_SUPPORT_MODELS, EXPLAIN_COST_ITEM, COMPARE_IN_HOUSE,
        BOT_CHALLENGE, CHANGE_LANGUAGE, RESTART, GOODBYE,
    }
)  # fmt: skip
# Intents that change the conversation's course, whatever was asked.
REDIRECTS = frozenset({CHANGE_LANGUAGE, RESTART, GOODBYE})
# Intents that are about something else only when the message is a question ("thanks?" is
# rare; "Acme" classified as `inform` is an answer).
QUESTIONS_IF_ASKED = frozenset({INFORM, OUT_OF_SCOPE, GREET, THANK})


@dataclass
class ContactUpdate:
    """What one message said about the visitor's contact details, given the open question.

    `problems` names what could not be accepted ("email_invalid", "phone_invalid",
    "name_unusable", "company_unusable", "reach_missing", "consent_unclear"); the catalogue
    explains each.
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

    def take_optional(self, optional: OptionalAnswer) -> None:
        """Company and preferred time from an answer to the optional question."""
        self.company = optional.company or self.company
        self.preferred_time = optional.preferred_time or self.preferred_time
        self.optional_answered = True


def is_digression(question_mark: bool, intent: str | None) -> bool:
    """Whether the message is about something else (answered by the dialogue's rules)."""
    return intent in QUESTIONS or (intent in QUESTIONS_IF_ASKED and question_mark)


def contact_update(
    reading: ContactReading,
    asked: str | None,
    language: str,
    intent: str | None = None,
    *,
    about_scenario: bool = False,
    known_name: str | None = None,
    known_company: str | None = None,
) -> ContactUpdate:
    """What NLU's `reading` of a message answers, given the question just `asked`.

    `about_scenario`: NLU found scenario parameters in the message ("it's for 3 dedicated
    agents"); without contact details it is then no answer to a contact question, but
    something for the dialogue to note. `known_name`: the name the form has, which a part of
    the name given with its label completes ("voornaam Joost", then "achternaam Verbeek").
    `known_company`: the company the form has; the optional question then asks only for a good
    time, so free text answers that ("plutôt en fin de journée"), not the company.
    """
    cues = reading.cues
    if reading_cues.NAME_LIKE in cues:  # "Piet van der Meer" read as `deny`: no guide here
        intent = None
    fuller = fuller_name(known_name, reading)
    update = ContactUpdate(
        name=reading.introduced_name or completed_name(known_name, reading) or fuller,
        email=reading.email,
        phone=reading.phone(language),
        # "Sarah Connelly I meant, from Acme": the company given with the fuller name
        company=reading.introduced_company or (reading.after_name.company if fuller else None),
        problems=list(reading.problems),
    )
    question = reading_cues.QUESTION in cues
    if asked == CONTACT_CONSENT:
        # The words first: "oui, pas de souci" is a yes, whatever the classifier read in "pas".
        if reading_cues.NO in cues or (intent == DENY and reading_cues.YES not in cues):
            update.consent = False
        elif reading_cues.YES in cues or intent == AFFIRM:
            update.consent = True
        elif not (update.found_anything() or is_digression(question, intent) or about_scenario):
            update.problems.append("consent_unclear")
    elif asked == CONTACT_EXTRAS:
        if intent in (DENY, AFFIRM) or reading_cues.SKIP in cues:
            update.optional_answered = True  # skipped ("no thanks"), or no answer to it ("yes")
        elif reading_cues.NO_COMPANY in cues:  # "pas de société, plutôt le matin"
            update.take_optional(reading.optional_answer)
        elif update.company:  # "I work at Hooli", "Acme BV, dinsdagmiddag": and the time
            update.preferred_time = reading.optional_answer.preferred_time
            update.optional_answered = True
        elif update.email or update.phone:
            pass  # "sorry, wrong address: …": the words beside a detail are no company
        elif fuller:  # "Sarah Connelly I meant": the name, no company; the time if any
            update.preferred_time = reading.after_name.preferred_time
        elif reading_cues.WORDS in cues and not (question or intent in REDIRECTS):
            if reading_cues.COMPANY_UNUSABLE in cues:  # explained and left out, not asked again
                update.problems.append("company_unusable")
                update.optional_answered = True
            elif known_company and not reading.optional_answer.preferred_time:
                # Only a good time was asked: the words read as a company answer that.
                said = reading.optional_answer.company
                update.preferred_time = said if said != known_company else None
                update.optional_answered = True
            else:
                update.take_optional(reading.optional_answer)  # free text: NLU is no guide
    elif asked in (CONTACT_NAME, CONTACT_EMAIL) and _declines(cues, intent, update):
        update.cancelled = True
    elif about_scenario and not (update.email or update.phone or update.name):
        pass  # the scenario slots have it; the question is asked again
    elif _time_only(reading, update):  # "afternoons are best" before the name: kept, asked again
        update.preferred_time = reading.optional_answer.preferred_time
    elif asked == CONTACT_NAME and reading_cues.PARTS in cues and _answers_by_name(reading, update):
        _name_answer(reading, intent, update)
    elif asked == CONTACT_EMAIL and not (
        update.email or update.phone or update.problems or update.company or update.name
    ):  # "ik werk bij Acme" instead: acknowledged, and the question asked again
        if reading_cues.DIGITS in cues:  # "0612": too short to be a number
            update.problems.append("phone_invalid")
        elif not is_digression(question, intent):
            update.problems.append("reach_missing")
    return update


def completed_name(known: str | None, reading: ContactReading) -> str | None:
    """The name with the labelled part the message gives, or None when it gives none.

    A first name goes before a one-word name the form has (taken for the surname) and
    replaces the first word of a longer one; a last name goes after a one-word name and
    replaces what follows the first word of a longer one ("Olivia Smith" + "last name
    Brandt" -> "Olivia Brandt").
    """
    first, last = reading.first_name, reading.last_name
    words = (known or "").split()
    if first:
        rest = words if len(words) == 1 else words[1:]
        return " ".join([first, *[word for word in rest if word != first]])
    if last:
        start = words[:1]
        return " ".join([*[word for word in start if word != last], last])
    return None


def fuller_name(known: str | None, reading: ContactReading) -> str | None:
    """A longer name that begins with the name the form has ("Sarah", then "Sarah Connelly").

    The visitor completes the name given first; it replaces it at any question. A name that
    does not begin with the known one is no correction of it (it may be a colleague's).
    """
    candidate = reading.name_answer
    if not (known and candidate):
        return None
    known_words, words = known.casefold().split(), candidate.casefold().split()
    if len(words) > len(known_words) and words[: len(known_words)] == known_words:
        return candidate
    return None


def _time_only(reading: ContactReading, update: ContactUpdate) -> bool:
    """Whether the message gives a good time to call and nothing else the form asks."""
    optional = reading.optional_answer
    return bool(
        optional.preferred_time and not optional.company and reading.name_answer is None
        and not (update.name or update.email or update.phone or update.company)
    )  # fmt: skip


def _answers_by_name(reading: ContactReading, update: ContactUpdate) -> bool:
    """Whether the message answers the name question as a bare answer: no name introduced,
    or the name it introduces is its first part ("Hi, Jane Cole here, tomorrow morning"),
    whose company and time beside it answer the optional question as well."""
    return update.name is None or update.name == reading.name_answer


def _declines(cues: set[str], intent: str | None, update: ContactUpdate) -> bool:
    """A short "no" instead of a name or contact details: the visitor has changed their mind."""
    if update.name or update.email or update.phone or reading_cues.FEW_WORDS not in cues:
        return False
    return intent == DENY or reading_cues.STARTS_WITH_NO in cues


def _name_answer(reading: ContactReading, intent: str | None, update: ContactUpdate) -> None:
    """The answer to "what is your name?": the first part of the message, and maybe a company.

    A short answer is a name whatever NLU made of it ("Jan" may be read as a greeting);
    a longer one about something else (a question) is left to the dialogue.
    """
    cues = reading.cues
    looks_like_answer = reading_cues.SHORT_ANSWER in cues
    if is_digression(reading_cues.REST_QUESTION in cues, intent) and not looks_like_answer:
        return
    if reading_cues.SENTENCE in cues or reading.name_answer is None:
        # "I'm interested": a sentence, not a name; beside a detail ("my mobile is …, it's a
        # Dutch number") no wrong answer either: the detail is acknowledged, the name asked.
        if not (update.name or update.email or update.phone or update.company):  # "we're Acme"
            update.problems.append("name_unusable")
        return
    update.name = reading.name_answer
    optional = reading.after_name
    if optional.company or optional.preferred_time:  # "Jan de Vries, Acme, tomorrow morning"
        update.take_optional(optional)
