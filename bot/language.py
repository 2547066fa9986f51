"""Which language the assistant chats in: detection, explicit switch requests, stickiness.

The chat language (slot `language`, SPEC section 2) is not the scenario's `support_languages`:
"support in French and Dutch" describes the service being priced, it is no request to chat in
Dutch. Visitors on a Belgian site mix languages freely ("merci" in a Flemish chat, "hello" from a
French speaker), and most chat-widget answers carry no language at all ("3000", "24/7", "ok",
names, e-mail addresses). So the policy here is deliberately conservative: the first message
picks the language (or the page language does, when the message says too little), after that
the language is *sticky* and only an explicit request or a clearly-other-language sentence moves
it. The rules, their thresholds and the measurements behind them are in docs/language.md
(`python -m bench.language_compare` reproduces the numbers).

The detector is lingua (restricted to fr/nl/en), chosen over langdetect on the labelled data in
tests/language_data/turns.yml. Its models load lazily on the first call (about 1 s); call
`warm_up()` at server start-up to take that hit before the first visitor does.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.names import CHAT_LANGUAGES, DEFAULT_LANGUAGE, REQUESTED_LANGUAGE, page_prior
from bot.text import APOSTROPHE_CHARS, fold

Detector = Callable[[str], dict[str, float]]
"""A detector backend: cleaned, non-empty text -> confidence per chat language (may be {})."""

# Only the start of a very long message is looked at: enough to tell the language, and it keeps
# a pasted 10,000-character e-mail from costing more than a short turn.
MAX_CHARS = 1_000
# A switch request is a short message; a long one that names a language is content.
MAX_REQUEST_TOKENS = 25

# ----------------------------------------------------------------------------- lexicons
# Keys are lower-case and accent-free (see bot.text.fold).

LANGUAGE_NAMES: dict[str, str] = {
    # English
    **dict.fromkeys(("english", "anglais", "engels", "englisch", "ingles", "inglese"), "en"),
    **dict.fromkeys(("anglophone", "engelstalig", "engelstalige", "englishspeaking"), "en"),
    # French
    **dict.fromkeys(("french", "francais", "frans", "franse", "franzosisch", "frances"), "fr"),
    **dict.fromkeys(("francese", "francophone", "franstalig", "franstalige"), "fr"),
    # Dutch (Flemish is Dutch for the purpose of chatting)
    **dict.fromkeys(("dutch", "flemish", "neerlandais", "hollandais", "flamand"), "nl"),
    **dict.fromkeys(("nederlands", "vlaams", "hollands", "niederlandisch", "holandes"), "nl"),
    **dict.fromkeys(("neerlandophone", "nederlandstalig", "nederlandstalige"), "nl"),
    # Languages the assistant does not chat in: recognised so that "auf Deutsch?" is understood
    # as a request (for a language we cannot offer) and "French and German" as two languages.
    **dict.fromkeys(("german", "allemand", "duits", "deutsch", "duitse", "duitstalig"), "de"),
    **dict.fromkeys(("spanish", "espagnol", "spaans", "espanol", "castellano"), "es"),
    **dict.fromkeys(("italian", "italien", "italiaans", "italiano"), "it"),
    **dict.fromkeys(("portuguese", "portugais", "portugees", "portugues"), "pt"),
    **dict.fromkeys(("arabic", "arabe", "arabisch"), "ar"),
    **dict.fromkeys(("turkish", "turc", "turks", "turkce"), "tr"),
    **dict.fromkeys(("polish", "polonais", "pools", "polski"), "pl"),
    **dict.fromkeys(("luxembourgish", "luxembourgeois", "luxemburgs"), "lb"),
}

# Words that make a language mention part of the *scenario* (who is served, by whom, how much).
SCENARIO_WORDS = frozenset(
    """
    support supports ondersteuning klantenservice klantendienst service services helpdesk
    agent agents agenten medewerker medewerkers operateur operateurs operator operators staff
    personeel team teams equipe equipes klant klanten client clients clientele customer customers
    caller callers appelant appelants beller bellers call calls appel appels gesprek gesprekken
    oproep oproepen ticket tickets mail mails email emails chats contacts contact
    speaking sprekend sprekende parlant parlants speakers native natives natif natifs moedertaal
    bilingual bilingue tweetalig tweetalige multilingual multilingue meertalig meertalige
    trilingual trilingue drietalig languages langues talen callcenter hotline
    also too aussi egalement ook eveneens only uniquement seulement alleen enkel
    brochure document documents offerte devis quote offer contract contrat
    """.split()
)

# Prepositions that put a language name in "continue *in* X" position.
_PREPOSITIONS = frozenset("in into to en au auf op naar vers".split())
# Verbs of speaking/switching that anchor a language name next to them.
_SPEAK_VERBS = frozenset(
    """
    speak speaks talk chat write answer reply respond communicate continue switch change do
    parler parlez parles parle parlons ecrire ecrivez repondre repondez discuter continuer
    continuons passer passons changer
    spreken spreek spreekt praten schrijven antwoorden doorgaan verdergaan overschakelen
    overstappen sprechen sprichst sprecht
    """.split()
)
_POLITENESS = frozenset(
    "please pls plz plse svp stp sil plait aub alsjeblieft alstublieft asjeblieft graag bitte"
    "".split()
)
# Anything that makes "... in X" a request rather than a remark.
_REQUEST_CUES = (
    _POLITENESS
    | _SPEAK_VERBS
    | frozenset(
        """
        ? can could may would shall possible possibly instead prefer rather then ok okay
        peut peux pouvez pourriez pourrait pourrions pouvons prefere preferer prefererais plutot
        alors possible kan kunnen kunt kun kunde mag mogen liever verder dan toch maar
        oke
        """.split()
    )
)
_PREFER_WORDS = frozenset("prefer rather prefere prefererais plutot liever".split())

# Negated or self-assessing mentions are not requests for that language:
# "I don't speak Dutch", "je ne parle pas bien néerlandais", "mijn Frans is slecht".
_NEGATED_MENTION = re.compile(
    r"\b(?:"
    r"(?:dont|doesnt|cant|cannot|not|never|hardly)(?: (?:really|very|well|much|good|any|a))*"
    r" (?:speak|understand|read|write|talk)(?: (?:very|really|well|much|good|any|a|word|of))*"
    r"|(?:parle|parlons|comprends|comprenons|maitrise|lis|ecris)"
    r" (?:pas|plus|point|guere|mal|peu)(?: (?:tres|trop|vraiment|bien|du|tout|le|la|l|un|mot|de))*"
    r"|(?:spreek|spreekt|versta|verstaat|begrijp|begrijpt|ken|kent|lees|schrijf)"
    r"(?: (?:ik|je|u|ge))?"
    r" (?:geen|niet|slecht|weinig|nauwelijks|amper)(?: (?:zo|goed|echt|veel|het|zoveel|woord))*"
    r"|(?:my|mon|ma|mijn)"
    r"|(?:not|niet|geen|nicht|kein|pas)(?: (?:very|so|that|zo|erg|tres|si))?"
    r" (?:good|great|fluent|bon|bonne|fort|forte|goed|sterk)(?: in het| in| en)?"
    r"|(?:not|niet|geen|nicht|kein)(?: in het| in| en)?"
    r") (\w+)\b"
)
_NEGATED_AFTER = re.compile(
    r"\b(?:spreek|spreekt|versta|verstaat|begrijp|begrijpt|ken|kent) (?:ik |je |u |ge )?(?:het )?"
    r"(\w+) (?:niet|slecht|nauwelijks|amper)\b"
)

# Words shared by the three languages (loanwords, brands, channels, fillers): they say nothing
# about the chat language, so they are removed before the detector sees the text.
NEUTRAL_WORDS = frozenset(
    """
    ok okay okey oki top super cool chat chats email emails e mail mails sms whatsapp facebook
    instagram linkedin messenger teams zoom zendesk salesforce freshdesk hubspot intercom sap
    exact odoo crm erp api sla kpi saas b2b b2c helpdesk callcenter support info contact budget
    ticket tickets agent agents min mins h hr hrs sec eur euro euros k pm am ps per hmm hm hmmm
    haha hahaha hihi lol xd ah oh eh uh fr nl bv bvba nv sa srl sprl ltd gmbh inc vof plc
    www http https com be
    """.split()
)

# Single words that on their own settle the language of a *first* message against the page
# language (the detector is weakest on one word: lingua calls "hallo" English, "hoi" French).
# Words borrowed across the border are missing on purpose: "merci" (Flemish), "hello", "hi",
# "hey", "sorry", "thanks" (everyone).
MARKER_WORDS: dict[str, str] = {
    **dict.fromkeys(
        "bonjour bonsoir salut coucou rebonjour slt bjr cc oui ouais ouaip svp stp".split(), "fr"
    ),
    **dict.fromkeys(
        """
        hallo hoi hoy dag goedemorgen goeiemorgen goedemiddag goeiemiddag goedenavond goeienavond
        goedendag goeiedag goeiendag ja jawel jazeker nee neen graag bedankt dankjewel dankuwel
        """.split(),
        "nl",
    ),
    **dict.fromkeys("yes yeah yep please".split(), "en"),
}

# Greetings, thanks, goodbyes, yes/no and politeness in any of the three languages. A message
# made of nothing else ("thanks a lot", "merci beaucoup", "dank u wel", "ok merci") is a social
# formula: visitors use them across languages, they never flip the chat language.
SOCIAL_WORDS = frozenset(
    """
    hello hi hey hallo hoi dag bonjour bonsoir salut coucou goedemorgen goedemiddag goedenavond
    goedendag goeiedag goeiendag goeiemorgen goeiemiddag
    thanks thank thx you u a lot so much very many merci beaucoup bien mille fois dank je jij wel
    bedankt dankjewel dankuwel hartelijk vriendelijk super top great nice cheers
    bye goodbye see later soon au revoir tantot plus tard tot ziens straks later morgen
    yes yeah yep no nope oui ouais non ja nee neen ok okay oke please svp stp aub graag hoor he
    allee allez hein euh wow oeps oops
    good bon bonne fijne nice day journee dag have een avond soiree evening
    """.split()
)

# Grammatical words that belong to one of the three languages only (shared ones such as "je",
# "de", "en", "in", "we", "is", "a", "me", "on", "of", "over" are left out, and so are social
# words like "merci", "thanks", "please", "ja", which visitors borrow across the border).
# Short sentences are where the detector's confidence is least calibrated (lingua gives
# "vous êtes un robot ?" 0.75 French and "we are a webshop in Belgium" 0.65 Dutch); averaging
# with these words settles most of them.
FUNCTION_WORDS: dict[str, str] = {
    **dict.fromkeys(
        """
        j l c qu n tu il elle nous vous ils elles le la les un une des du au aux ce cet cette ces
        cest est sont suis etes ai avons avez ont pas ne pour avec dans sur par mais ou qui que
        quoi quel quelle quels comment combien pourquoi mon ma mes ton ta votre vos notre nos leur
        tres aussi bien et moi toi lui se peut faut fait etre avoir vraiment alors donc jai
        chez cela ca voudrais voudrait souhaite besoin
        """.split(),
        "fr",
    ),
    **dict.fromkeys(
        """
        ik jij wij jullie zij het een zijn ben bent heb hebt heeft hebben niet geen wat dat die dit
        deze voor met van op naar bij uit om aan ook maar hoe hoeveel waarom wanneer welke wie
        mijn jouw uw ons onze hun er nog al wel graag kan kunnen kunt wil willen moet moeten zou
        zouden mag dan als tot door toch eens nu hier daar dus zo ge gij kunde da wa ongeveer
        """.split(),
        "nl",
    ),
    **dict.fromkeys(
        """
        i you the and to are was were be been have has had do does did don doesn can could would
        should will it this that these those my your our their what how why when which who with
        for from about not there here just some any much many very more
        need want like get an at by if or so but as up isn aren won im
        """.split(),
        "en",
    ),
}

_NAME_PARTICLES = frozenset(
    "van der den de del della di da le la du des von vom ter ten het t d mc mac el al y".split()
)

# --------------------------------------------------------------------------- text helpers

_TAG = re.compile(r"<[^<>]{0,300}>")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+")
_DOMAIN = re.compile(r"\b[\w-]+\.(?:be|nl|fr|com|eu|org|net|lu|uk|de|io)\b", re.IGNORECASE)
_WORD = re.compile(rf"[^\W\d_]+(?:[{APOSTROPHE_CHARS}\-][^\W\d_]+)*")
_APOSTROPHES = re.compile(f"[{APOSTROPHE_CHARS}]")
_WORD_PARTS = re.compile(f"[{APOSTROPHE_CHARS}\\-]")


def clean(text: str) -> str:
    """The visitor's words without markup, links and addresses, cut to MAX_CHARS."""
    text = html.unescape(_TAG.sub(" ", text[: MAX_CHARS * 2]))
    text = _EMAIL.sub(" ", _URL.sub(" ", text))
    return _DOMAIN.sub(" ", text)[:MAX_CHARS]


def words(text: str) -> list[str]:
    """The words of a cleaned text: runs of letters, keeping "c'est" and "peut-être" whole."""
    return _WORD.findall(text)


def _request_tokens(text: str) -> list[str]:
    """Folded words for the request grammar; "?" kept as a token, apostrophes dropped."""
    folded = fold(_APOSTROPHES.sub("", clean(text)))
    folded = folded.replace("?", " ? ")
    return re.findall(r"\?|[a-z]+", re.sub(r"[-_/]", " ", folded))


# ------------------------------------------------------------------------ detector backend


class _LinguaDetector:
    """lingua restricted to fr/nl/en, built on first use (once, even with concurrent callers)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._detector: Any = None
        self._codes: dict[Any, str] = {}

    def _build(self) -> Any:
        if self._detector is None:
            with self._lock:
                if self._detector is None:
                    from lingua import Language, LanguageDetectorBuilder

                    languages = (Language.FRENCH, Language.DUTCH, Language.ENGLISH)
                    self._codes = {
                        language: language.iso_code_639_1.name.lower() for language in languages
                    }
                    self._detector = (
                        LanguageDetectorBuilder.from_languages(*languages)
                        .with_preloaded_language_models()
                        .build()
                    )
        return self._detector

    def __call__(self, text: str) -> dict[str, float]:
        values = self._build().compute_language_confidence_values(text)
        scores = {self._codes[value.language]: float(value.value) for value in values}
        return scores if any(scores.values()) else {}


_default_detector = _LinguaDetector()


def warm_up() -> None:
    """Load the detector's models now (about 1 s), e.g. when the action server starts."""
    _default_detector("bonjour")


def detect(text: str, detector: Detector | None = None) -> dict[str, float]:
    """Confidence per chat language (summing to about 1); {} when the text has no letters.

    The detector's view of the visitor's words (markup, links and e-mail addresses removed),
    averaged with the votes of language-specific function words when there are any. It is
    unreliable on one or two words; `choose_chat_language` decides what to do with it.
    """
    return _blend(words(clean(text)), detector or _default_detector)


def function_word_votes(tokens: list[str]) -> dict[str, float]:
    """Share of the language-specific function words (FUNCTION_WORDS) per language."""
    counts: dict[str, int] = {}
    for token in tokens:
        for part in _WORD_PARTS.split(fold(token)):
            code = FUNCTION_WORDS.get(part)
            if code:
                counts[code] = counts.get(code, 0) + 1
    total = sum(counts.values())
    return {code: count / total for code, count in counts.items()} if total else {}


def _blend(tokens: list[str], detector: Detector) -> dict[str, float]:
    """Detector confidence averaged with the function-word votes (when there are any)."""
    if not tokens:
        return {}
    scores = detector(" ".join(tokens))
    votes = function_word_votes(tokens)
    if not votes:
        return scores
    if not scores:
        return votes
    return {
        code: (scores.get(code, 0.0) + votes.get(code, 0.0)) / 2
        for code in CHAT_LANGUAGES
        if code in scores or code in votes
    }


# ----------------------------------------------------------------------- switch requests


def _negated_positions(tokens: list[str]) -> set[int]:
    """Token positions of language names that are negated ("I don't speak Dutch")."""
    joined = " ".join(tokens)
    starts = [0]
    for token in tokens:
        starts.append(starts[-1] + len(token) + 1)
    positions: set[int] = set()
    for pattern in (_NEGATED_MENTION, _NEGATED_AFTER):
        for match in pattern.finditer(joined):
            if match.group(1) in LANGUAGE_NAMES:
                positions.add(starts.index(match.start(1)))
    return positions


def read_request(text: str) -> tuple[str, bool] | None:
    """(language code, bare?) when the text asks to continue the chat in one language.

    bare means the message is nothing but the language ("Nederlands", "in het Frans?"), which
    is also how a visitor answers "which languages do your customers speak?".
    """
    tokens = _request_tokens(text)
    if not tokens or len(tokens) > MAX_REQUEST_TOKENS:
        return None
    negated = _negated_positions(tokens)
    mentions = [
        (index, LANGUAGE_NAMES[token])
        for index, token in enumerate(tokens)
        if token in LANGUAGE_NAMES and index not in negated
    ]
    codes = {code for _, code in mentions}
    if len(codes) != 1:  # none, or several: "support in French and Dutch" is the scenario
        return None
    if any(token in SCENARIO_WORDS for token in tokens):
        return None
    code = codes.pop()
    named = {index for index, _ in mentions}
    if all(
        index in named or token in _PREPOSITIONS or token in ("?", "het", "t")
        for index, token in enumerate(tokens)
    ):
        return code, True
    for index, _ in mentions:
        before = tokens[max(0, index - 3) : index]
        after = tokens[index + 1 : index + 3]
        anchored = (
            any(token in _PREPOSITIONS or token in _SPEAK_VERBS for token in before)
            or any(token in _PREFER_WORDS for token in before)
            or any(token in _POLITENESS or token in _SPEAK_VERBS for token in after)
        )
        if anchored and any(token in _REQUEST_CUES for token in tokens):
            return code, False
    return None


# Role of a `requested_language` entity when the message is only the language's name.
BARE_REQUEST = "bare"


def request_entity(code: str, bare: bool) -> dict[str, Any]:
    """The request as NLU passes it on: a `requested_language` entity (span added by NLU)."""
    entity: dict[str, Any] = {"entity": REQUESTED_LANGUAGE, "value": code}
    if bare:
        entity["role"] = BARE_REQUEST
    return entity


def request_from_entities(entities: list[dict[str, Any]]) -> tuple[str, bool] | None:
    """The (code, bare) request that `request_entity` wrote, if NLU found one."""
    for entity in entities:
        if entity.get("entity") == REQUESTED_LANGUAGE:
            return str(entity.get("value")), entity.get("role") == BARE_REQUEST
    return None


def requested_any_language(text: str) -> str | None:
    """ISO 639-1 code of the language the visitor asks to chat in, offered or not ("de")."""
    found = read_request(text)
    return found[0] if found else None


def requested_language(text: str) -> str | None:
    """The chat language the visitor explicitly asks for, if it is one we offer.

    "English please", "en français svp", "kan het in het Engels?", "can we speak Dutch" and a
    message that is only a language name ("Nederlands") are requests. Sentences naming several
    languages or naming them as part of the service ("support in French and Dutch", "we need
    English and German speaking agents", "bilingue FR/NL") are not, nor are negated mentions
    ("I don't speak Dutch"). A request for a language we do not chat in ("auf Deutsch?") gives
    None here; `requested_any_language` tells the action which one it was.
    """
    code = requested_any_language(text)
    return code if code in CHAT_LANGUAGES else None


# ----------------------------------------------------------------------------- the policy


def _is_name_like(tokens: list[str]) -> bool:
    """Title-case words with name particles only: "Pieter van der Berg", "Acme Solutions BV"."""
    if not 2 <= len(tokens) <= 6:
        return False
    if any(fold(token) in SOCIAL_WORDS or fold(token) in MARKER_WORDS for token in tokens):
        return False
    has_name = False
    for token in tokens:
        if token.lower() in _NAME_PARTICLES:
            continue
        if not token[0].isupper():
            return False
        has_name = True
    return has_name


@dataclass(frozen=True)
class Evidence:
    """What one visitor message says about the chat language."""

    content: list[str]  # words that can carry language (neutral words, names removed)
    scores: dict[str, float]  # detector confidence on the content words, {} if none
    markers: set[str]  # languages of MARKER_WORDS present
    social_only: bool  # nothing but greetings / thanks / yes / no / fillers

    @property
    def best(self) -> str | None:
        return max(self.scores, key=self.scores.__getitem__) if self.scores else None

    @property
    def letters(self) -> int:
        return sum(len(word) for word in self.content)

    def as_dict(self) -> dict[str, Any]:
        """JSON for the message's parse data (NLU reads the text, the dialogue decides)."""
        return {
            "content": self.content,
            "scores": self.scores,
            "markers": sorted(self.markers),
            "social_only": self.social_only,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Evidence:
        """The evidence `as_dict` wrote; no evidence at all (a button payload) when None."""
        data = data or {}
        return cls(
            content=list(data.get("content") or []),
            scores={str(code): float(score) for code, score in (data.get("scores") or {}).items()},
            markers=set(data.get("markers") or []),
            social_only=bool(data.get("social_only", True)),
        )


@dataclass(frozen=True)
class Policy:
    """The chat-language rules with their thresholds (tuned in bench/language_compare.py).

    first_*: a first message overrides the page language when it has at least
    first_min_words content words and the detector gives its language at least first_confidence.
    flip_*: afterwards a message moves the chat language when it has at least flip_min_words
    content words and flip_min_letters letters, and the detector gives another language at least
    flip_confidence. Explicit requests are not subject to either.
    """

    first_min_words: int = 2
    first_confidence: float = 0.7
    flip_min_words: int = 3
    flip_min_letters: int = 8
    flip_confidence: float = 0.6
    detector: Detector | None = None

    def evidence(self, text: str) -> Evidence:
        """Split a message into language-bearing words and ask the detector about those."""
        tokens = words(clean(text))
        if _is_name_like(tokens):
            tokens = []
        # Language names are evidence for the detector ("néerlandais" is a French word) but do
        # not count as words of the message: "support in French and Dutch" is two words here.
        signal = [
            token
            for token in tokens
            if fold(token) not in NEUTRAL_WORDS
            and not (token.isupper() and len(token) <= 5 and fold(token) not in MARKER_WORDS)
            and any(vowel in fold(token) for vowel in "aeiouy")  # "qsdkjfh" is no word
        ]
        content = [token for token in signal if fold(token) not in LANGUAGE_NAMES]
        folded = [fold(token) for token in content]
        scores = _blend(signal, self.detector or _default_detector)
        return Evidence(
            content=content,
            scores=scores,
            markers={MARKER_WORDS[token] for token in folded if token in MARKER_WORDS},
            social_only=all(token in SOCIAL_WORDS for token in folded),
        )

    def first_language(self, evidence: Evidence, page_language: str | None) -> str:
        """The chat language for a conversation's first message."""
        best = evidence.best
        confident = (
            best is not None
            and len(evidence.content) >= self.first_min_words
            and evidence.scores[best] >= self.first_confidence
            and evidence.markers <= {best}
            and not evidence.social_only
        )
        if confident and best is not None:
            return best
        if len(evidence.markers) == 1:
            return next(iter(evidence.markers))
        prior = page_prior(page_language)
        if prior:
            return prior
        return best or DEFAULT_LANGUAGE

    def flips_to(self, evidence: Evidence, current: str, lenient: bool = False) -> str | None:
        """The other language a message is clearly written in, or None to stay.

        lenient (the visitor asked to change language) accepts a shorter message.
        """
        best = evidence.best
        if best is None or best == current or evidence.social_only:
            return None
        if lenient:
            enough = (
                len(evidence.content) >= self.first_min_words
                and evidence.scores[best] >= self.first_confidence
            )
        else:
            enough = (
                len(evidence.content) >= self.flip_min_words
                and evidence.letters >= self.flip_min_letters
                and evidence.scores[best] >= self.flip_confidence
            )
        return best if enough else None

    def decide(
        self,
        evidence: Evidence,
        request: tuple[str, bool] | None,
        current: str | None,
        page_language: str | None = None,
        *,
        switch_asked: bool = False,
        scenario_answer: bool = False,
    ) -> str:
        """The chat language after a message NLU has read (see `choose_chat_language`)."""
        if request is not None:
            code, bare = request
            # A bare language name that answers "which languages should your customers be
            # served in?" is scenario, not a switch.
            if code in CHAT_LANGUAGES and not (bare and scenario_answer):
                return code
        if current not in CHAT_LANGUAGES:
            return self.first_language(evidence, page_language)
        assert current is not None
        return self.flips_to(evidence, current, lenient=switch_asked) or current


DEFAULT_POLICY = Policy()


def choose_chat_language(
    text: str,
    current: str | None,
    page_language: str | None = None,
    *,
    switch_asked: bool = False,
    scenario_answer: bool = False,
    policy: Policy = DEFAULT_POLICY,
) -> str:
    """The chat language after this visitor message (`policy`: thresholds and detector).

    1. An explicit request for a language we offer wins ("English please", "Nederlands"),
       except a bare language name that answers a scenario question (`scenario_answer`: NLU
       classified it as `inform`).
    2. First message (current is None): the detected language if the message has at least two
       language-bearing words and the detector is confident; else a one-word marker such as
       "bonjour" or "hallo"; else the page language ("fr-BE" -> fr) if we offer it; else the
       detector's best guess; else English.
    3. Afterwards the language is sticky: it changes only on a message with at least three
       language-bearing words (brands, channels, names, numbers, language names and addresses
       do not count) that the detector confidently puts in another language, and never on a
       social formula ("thanks a lot", "merci beaucoup"). When the visitor asked to change
       language (`switch_asked`: intent change_language) two words are enough
       ("kunnen we overschakelen?").

    The assistant runs the two halves apart: NLU reads the message (`Policy.evidence`,
    `read_request`, bot/nlu/language_reader.py) and the dialogue, which knows the current
    language, decides (`Policy.decide`, actions/slots.py).
    """
    text = text or ""
    return policy.decide(
        policy.evidence(text),
        read_request(text),
        current,
        page_language,
        switch_asked=switch_asked,
        scenario_answer=scenario_answer,
    )
