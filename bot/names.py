"""Every name the Rasa data files share with the Python code, spelled once.

Slot names, intent names, entity names and the chat languages (with their locales) are
contracts between domain.yml, data/, the widget and the code (SPEC sections 2 and 3).
`tests/test_names.py` holds domain.yml, data/ and web/widget.js to this module, so a name
that changes here and not there (or the other way round) fails the suite.
"""

from __future__ import annotations

import re
from typing import Final

# ------------------------------------------------------------------------ chat languages
# The languages the assistant chats in, and the Babel locale each one formats numbers with.
LOCALES: Final = {"fr": "fr_FR", "nl": "nl_NL", "en": "en_GB"}
CHAT_LANGUAGES: Final[tuple[str, ...]] = tuple(LOCALES)

DEFAULT_LANGUAGE: Final = "en"


def page_prior(page_language: str | None) -> str | None:
    """The chat language a page's language tag names ("fr-BE" -> "fr"), if we offer it."""
    if not page_language:
        return None
    code = re.split(r"[-_]", page_language.strip(), maxsplit=1)[0].lower()
    return code if code in CHAT_LANGUAGES else None


# ------------------------------------------------------------------------------ intents
GREET: Final = "greet"
GOODBYE: Final = "goodbye"
AFFIRM: Final = "affirm"
DENY: Final = "deny"
THANK: Final = "thank"
ASK_ESTIMATE: Final = "ask_estimate"
INFORM: Final = "inform"
ASK_SUPPORT_MODELS: Final = "ask_support_models"
EXPLAIN_COST_ITEM: Final = "explain_cost_item"
COMPARE_IN_HOUSE: Final = "compare_in_house"
REQUEST_HUMAN: Final = "request_human"
CHANGE_LANGUAGE: Final = "change_language"
BOT_CHALLENGE: Final = "bot_challenge"
OUT_OF_SCOPE: Final = "out_of_scope"
RESTART: Final = "restart"
FAQ: Final = "faq"  # a retrieval intent: faq/<question>
INTENTS: Final = (
    FAQ, GREET, GOODBYE, AFFIRM, DENY, THANK, ASK_ESTIMATE, INFORM, ASK_SUPPORT_MODELS,
    EXPLAIN_COST_ITEM, COMPARE_IN_HOUSE, REQUEST_HUMAN, CHANGE_LANGUAGE, BOT_CHALLENGE,
    OUT_OF_SCOPE, RESTART,
)  # fmt: skip

# -------------------------------------------------------------------------------- slots
# The scenario parameters (SPEC section 2) are the fields of bot.pricing.Scenario; their slots
# carry the same names. The slots below are the dialogue's own.
LANGUAGE: Final = "language"  # the chat language (SPEC section 2)
REQUESTED_PARAMETER: Final = "requested_parameter"  # the scenario question asked last
SKIPPED_PARAMETERS: Final = "skipped_parameters"  # parameters the visitor could not give
ESTIMATE_SHOWN: Final = "estimate_shown"  # an estimate has been given in this conversation
CONTACT_OFFERED: Final = "contact_offered"  # only then does "yes" start the handoff
LEAD_STORED: Final = "lead_stored"  # the last handoff stored a lead
CONTACT_FAILURES: Final = "contact_failures"  # wrong answers in this handoff
CONTACT_NAME: Final = "contact_name"
CONTACT_EMAIL: Final = "contact_email"  # "how can we reach you": an email or a phone number
CONTACT_PHONE: Final = "contact_phone"
CONTACT_COMPANY: Final = "contact_company"
CONTACT_TIME: Final = "contact_time"
CONTACT_EXTRAS: Final = "contact_extras"  # company and preferred time, asked once, may be skipped
CONTACT_CONSENT: Final = "contact_consent"
# "Multilingual" said without naming the languages: the rate card's reading of it is assumed.
MULTILINGUAL: Final = "multilingual"
# "Bilingual", "in 3 languages" without naming them: that many of the rate card's languages.
LANGUAGE_COUNT: Final = "language_count"
REQUESTED_SLOT: Final = "requested_slot"  # Rasa's own: the form's open question
DIALOGUE_SLOTS: Final = (
    LANGUAGE, REQUESTED_PARAMETER, SKIPPED_PARAMETERS, ESTIMATE_SHOWN, CONTACT_OFFERED,
    LEAD_STORED, CONTACT_FAILURES, CONTACT_NAME, CONTACT_EMAIL, CONTACT_PHONE, CONTACT_COMPANY,
    CONTACT_TIME, CONTACT_EXTRAS, CONTACT_CONSENT, MULTILINGUAL, LANGUAGE_COUNT,
)  # fmt: skip

HANDOFF_FORM: Final = "handoff_form"

# ----------------------------------------------------------------------------- entities
# Besides the scenario parameters (entity name = slot name), what NLU reads in a message.
BARE_NUMBER: Final = "number"  # a number without a unit ("3000")
# LANGUAGE_COUNT (above) is also the entity: "bilingue", "in twee talen" (the maximum is checked).
# LANGUAGE (above) is also an entity: a chat language chosen with a quick-reply button, and
# MULTILINGUAL: "multilingual", "en plusieurs langues", "meertalig" (value true).
REQUESTED_LANGUAGE: Final = "requested_language"  # "English please", "auf Deutsch?" (any code)
COST_ITEM: Final = "cost_item"  # "c'est quoi les frais de démarrage ?" -> startup_fee
EMAIL: Final = "email"  # a valid address, normalised
PHONE: Final = "phone"  # a valid number in E.164; role: the chat language it was read for
PERSON_NAME: Final = "person_name"  # role: "introduced" ("my name is …") or "answer" (bare)
COMPANY: Final = "company"  # role: "answer" (whole message) or "after_name"
PREFERRED_TIME: Final = "preferred_time"  # role as for COMPANY
CONTACT_CUE: Final = "contact_cue"  # yes / no / skip / question / digits / … (bot/extraction)
CONTACT_PROBLEM: Final = "contact_problem"  # a detail typed but unusable (email_invalid, …)
MESSAGE_ENTITIES: Final = (
    BARE_NUMBER, LANGUAGE_COUNT, LANGUAGE, MULTILINGUAL, REQUESTED_LANGUAGE, COST_ITEM, EMAIL,
    PHONE, PERSON_NAME, COMPANY, PREFERRED_TIME, CONTACT_CUE, CONTACT_PROBLEM,
)  # fmt: skip
# Roles of a channels / support_languages entity after an estimate: "add chat", "sans le
# téléphone". An entity without a role replaces the list.
ADDED: Final = "added"
REMOVED: Final = "removed"
# The message property (beside intent and entities) where NLU puts its language evidence.
LANGUAGE_EVIDENCE: Final = "language_evidence"
