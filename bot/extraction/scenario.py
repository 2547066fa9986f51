"""Scenario parameters (SPEC section 2) from one chat message, in French, Dutch or English.

Rules rather than a trained extractor: the values must be normalised (per day -> per month,
seconds -> minutes, "French" -> "fr") and a wrong number in a price is worse than a missed
one, so every pattern is explicit and tested. The message is normalised first (number words
to digits, then lower case without accents); numbers are claimed by the most specific pattern
first (money, opening hours, volumes, handling times, agents, systems, contract length), and
whatever number is left is reported as a bare `number` for the dialogue to place.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from bot.extraction import vocabulary as vocab
from bot.extraction.numbers import NUMBER_PATTERN, OffsetMap, read_number, words_to_digits
from bot.names import ADDED, LANGUAGE_COUNT, MULTILINGUAL, REMOVED
from bot.pricing.scenario import LIST_SLOTS
from bot.text import MAX_MESSAGE_LENGTH, alternatives, fold, words_pattern

BARE_NUMBER = "number"
# The shortest span a clock range without h / u / am / pm counts as opening hours.
MIN_OPEN_SPAN = 4


@dataclass(frozen=True)
class Extracted:
    """One parameter value found in the message; `start`/`end` point into the original text."""

    entity: str
    value: Any
    start: int
    end: int
    role: str | None = None  # a channel or language: ADDED, REMOVED, or None (it replaces)

    def as_rasa_entity(self, text: str, extractor: str) -> dict[str, Any]:
        """The entity dict Rasa puts in a parsed message."""
        found = {
            "entity": self.entity,
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "text": text[self.start : self.end],
            "confidence_entity": 1.0,
            "extractor": extractor,
        }
        if self.role is not None:
            found["role"] = self.role
        return found


_NUMBER = NUMBER_PATTERN.pattern
_FLAGS = re.VERBOSE | re.IGNORECASE


@functools.lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """Compiled once: the patterns are large alternations."""
    periods = {name: alternatives(words) for name, words in vocab.PERIODS.items()}
    any_period = "|".join(f"(?P<{name}>{pattern})" for name, pattern in periods.items())
    hour_start = vocab.HOUR_TOKEN.format(name="from_hour")
    hour_end = vocab.HOUR_TOKEN.format(name="to_hour")
    one = alternatives(vocab.ONE_WORDS)
    not_governed = [*vocab.NOT_GOVERNED, *vocab.ONLY_CUES]  # "not only phone but also chat"
    return {
        "money_before": re.compile(rf"(?:€|\beur\b|\beuros?\b)\s*{_NUMBER}", _FLAGS),
        "money_after": re.compile(rf"{_NUMBER}\s*(?:€|eur\b|euros?\b|cents?\b)", _FLAGS),
        "hour_range": re.compile(
            rf"(?<!\d){hour_start}\s*{alternatives(vocab.RANGE_JOINERS)}\s*{hour_end}(?![\d/])",
            _FLAGS,
        ),
        "closing_hour": re.compile(
            rf"(?<![\w]){alternatives(vocab.CLOSING_CUES)}\s+{vocab.CLOSING_HOUR}", _FLAGS
        ),
        "volume": re.compile(
            rf"""{_NUMBER}\s*
                # a noun as one word with its prefix: "WhatsApp-berichten", "d'appels"
                (?:(?P<noun>(?:[a-z'-]+\s+){{0,3}}?(?:[a-z]+-|d')?
                   {alternatives(vocab.CONTACT_NOUNS)}(?![\w-]))
                   (?:\s+(?:[a-z'-]+\s+){{0,3}}?)?)?    # words between need a contact noun
                \s*(?:{any_period})(?![\w])""",
            _FLAGS,
        ),
        "volume_noun": re.compile(
            rf"{_NUMBER}\s*(?:[a-z'-]+\s+){{0,3}}?(?:[a-z]+-|d')?{alternatives(vocab.CONTACT_NOUNS)}(?![\w-])",
            _FLAGS,
        ),
        "aht": re.compile(
            rf"""(?:(?:een\s+)?minuu?t(?:je)?\s+of\s+(?P<about>\d{{1,3}})   # "een minuut of 5"
                 |(?P<mins>\d{{1,2}}):(?P<secs>\d{{2}})\s*(?:{alternatives(vocab.MINUTE_UNITS)})?
                 |{_NUMBER}\s*(?:(?P<minute>{alternatives(vocab.MINUTE_UNITS)})
                              |(?P<second>{alternatives(vocab.SECOND_UNITS)})))(?![\w])
               (?P<half_after>\s+(?:et\s+demie?|and\s+a\s+half))?""",
            _FLAGS,
        ),
        "agents": re.compile(
            rf"""(?:{_NUMBER}|(?<![\w])(?P<one>{one}))\s+
                 (?:de\s+|d')?    # "une dizaine d'agents", "une vingtaine de conseillers"
                 (?:{alternatives(vocab.AGENT_ADJECTIVES)}\s+){{0,4}}
                 {alternatives(vocab.AGENT_NOUNS)}(?![\w])""",
            _FLAGS,
        ),
        "languages_counted": re.compile(
            rf"{_NUMBER}\s+(?:[a-z'-]+\s+)?(?:languages|langues|talen|langs)(?![\w])", _FLAGS
        ),
        "systems": re.compile(
            rf"{_NUMBER}\s+(?:[a-z'-]+\s+)?{words_pattern(vocab.SYSTEM_NOUNS)}", _FLAGS
        ),
        "named_system": re.compile(
            "|".join(
                f"(?P<{name}>{words_pattern(words)})" for name, words in vocab.NAMED_SYSTEMS.items()
            ),
            _FLAGS,
        ),
        "contract": re.compile(
            rf"""(?:{_NUMBER}|(?<![\w])(?P<one>{one}))\s*-?\s*
                 (?:(?P<months>{alternatives(vocab.MONTH_UNITS)})
                   |(?P<years>{alternatives(vocab.YEAR_UNITS)}))(?![\w])""",
            _FLAGS,
        ),
        "contract_cue": re.compile(words_pattern(vocab.CONTRACT_CUES), _FLAGS),
        "year_contract": re.compile(words_pattern(vocab.YEAR_CONTRACTS), _FLAGS),
        "half_year": re.compile(words_pattern(vocab.HALF_YEAR), _FLAGS),
        "no_system": re.compile(vocab.NO_SYSTEM, _FLAGS),
        "connect_cue": re.compile(words_pattern(vocab.CONNECT_CUES), _FLAGS),
        # the offer sent by email: its mail word (group "mail", "me" or "after") is no channel
        "sent_by_mail": re.compile(
            rf"""(?<![\w-])(?:{alternatives(vocab.SENDING_VERBS)})(?!\w)
                 (?:[\s-]+[\w'-]+){{0,4}}?[\s-]+(?:{alternatives(vocab.OFFER_NOUNS)})
                 (?:\s+[\w'-]+){{0,4}}?\s+(?:{alternatives(vocab.BY_MAIL)})\s+
                 (?P<mail>{alternatives(vocab.MAIL_WORDS)})(?![\w-])
               |(?<![\w-])(?P<me>{alternatives(vocab.MAIL_ME)})(?![\w-])
               |(?<![\w-])(?:{alternatives(vocab.OFFER_NOUNS)})(?:\s+[\w'-]+){{0,3}}?\s+
                 (?P<after>{alternatives(vocab.MAIL_AFTER_OFFER)})(?!\w)""",
            _FLAGS,
        ),
        "number": NUMBER_PATTERN,
        **{
            f"coverage_{name}": re.compile(words_pattern(phrases), _FLAGS)
            for name, phrases in vocab.COVERAGE_PHRASES.items()
        },
        **{
            f"channel_{name}": re.compile(words_pattern(words), _FLAGS)
            for name, words in vocab.CHANNEL_WORDS.items()
        },
        **{
            f"complexity_{name}": re.compile(words_pattern(words), _FLAGS)
            for name, words in vocab.COMPLEXITY_WORDS.items()
        },
        **{
            f"model_{name}": re.compile(words_pattern(words), _FLAGS)
            for name, words in vocab.SUPPORT_MODEL_WORDS.items()
        },
        "negation": re.compile(rf"{words_pattern(vocab.NEGATIONS)}(?:\s+\w+)?\s*$", _FLAGS),
        "language_name": re.compile(words_pattern(vocab.language_names()), _FLAGS),
        "several_languages": re.compile(words_pattern(vocab.MULTILINGUAL_WORDS), _FLAGS),
        **{
            f"counted_languages_{count}": re.compile(words_pattern(words), _FLAGS)
            for count, words in vocab.COUNTED_LANGUAGE_WORDS.items()
        },
        # What a named channel or language does to its list (vocabulary: "Refinements").
        "remove_before": re.compile(
            rf"""{words_pattern(vocab.REMOVE_BEFORE)}
                 (?:\s+(?!{alternatives(not_governed)}(?![\w]))[\w'-]+){{0,{vocab.GOVERNED_WORDS}}}
                 \s*$""",
            _FLAGS,
        ),
        "remove_after": re.compile(
            rf"^\s*(?:[\w'-]+\s+){{0,{vocab.GOVERNED_WORDS}}}?{words_pattern(vocab.REMOVE_AFTER)}",
            _FLAGS,
        ),
        "add_cue": re.compile(rf"{words_pattern(vocab.ADD_CUES)}|{vocab.ADD_SPLIT}", _FLAGS),
        "only_before": re.compile(
            rf"{words_pattern(vocab.ONLY_CUES)}(?:\s+[\w'-]+){{0,2}}\s*$", _FLAGS
        ),
        "only_after": re.compile(rf"^\s*(?:[\w'-]+\s+)?{words_pattern(vocab.ONLY_CUES)}", _FLAGS),
        "clause_break": re.compile(r"[.;:!?,()]|\s-\s"),
        "language_codes": re.compile(
            r"(?<![\w])(?P<codes>[a-z]{2}(?:\s*[/+&-]\s*[a-z]{2})+)(?![\w])", _FLAGS
        ),
        # "en fr et nl", "fr, nl and lb": codes that are no word, joined by words too
        "plain_codes": re.compile(
            rf"""(?<![\w])(?P<codes>{alternatives(vocab.PLAIN_CODES)}
                 (?:(?:\s*[,/+&-]\s*|\s+(?:and|et|en|und|&)\s+){alternatives(vocab.PLAIN_CODES)})+)
                 (?![\w])""",
            _FLAGS,
        ),
        # "FR et EN", "NL, FR en EN": capitals only, "en" and "et" are words too.
        "capital_codes": re.compile(
            r"(?<![\w])(?P<codes>[A-Z]{2}(?:(?:\s*[,/+&-]\s*|\s+(?:and|et|en|und|&)\s+)"
            r"[A-Z]{2})+)(?![\w])"
        ),
    }


class _Claims:
    """Spans of the normalised text already used by a pattern, so each number counts once."""

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(
            end <= taken_start or start >= taken_end for taken_start, taken_end in self._spans
        )

    def take(self, start: int, end: int) -> None:
        self._spans.append((start, end))


class _Extraction:
    """One run of the extractor over one message."""

    def __init__(self, text: str) -> None:
        self.original = text[:MAX_MESSAGE_LENGTH]
        normalised = words_to_digits(self.original, approximate=vocab.APPROXIMATE_NUMBERS)
        self.cased = normalised  # same positions as self.text: folding keeps the length
        self.text = fold(normalised)
        self.offsets = OffsetMap(self.original, normalised)
        self.claims = _Claims()
        self.sent_by_mail = _Claims()  # mail words that say how to send the offer
        self.found: list[Extracted] = []
        self.duration_ends: list[int] = []
        self.patterns = _patterns()

    def add(self, entity: str, value: Any, start: int, end: int, role: str | None = None) -> None:
        original_start, original_end = self.offsets.to_original(start, end)
        self.found.append(Extracted(entity, value, original_start, original_end, role))

    def matches(self, name: str) -> list[re.Match[str]]:
        """Matches of a pattern that do not overlap what earlier patterns claimed."""
        return [
            match
            for match in self.patterns[name].finditer(self.text)
            if self.claims.free(match.start(), match.end())
        ]

    def claim(self, name: str) -> list[re.Match[str]]:
        """Like `matches`, and mark the matches as used."""
        found = []
        for match in self.matches(name):
            if self.claims.free(match.start(), match.end()):
                self.claims.take(match.start(), match.end())
                found.append(match)
        return found

    def run(self) -> list[Extracted]:
        self.claim("money_before")  # "0,75 € per minute" is a price, not a parameter
        self.claim("money_after")
        self._coverage()
        self._handling_times()  # before volumes: "4 minutes per call" is a duration
        self._volumes()
        self._agents()
        self._integrations()
        self._contract()
        for match in self.claim("languages_counted"):  # "in 3 languages", also "in 400 languages"
            self.add(LANGUAGE_COUNT, read_number(match), match.start(), match.end())
        for match in self.claim("number"):
            self.add(BARE_NUMBER, read_number(match), match.start(), match.end())
        self._languages()
        self._multilingual()
        self._sent_by_mail()
        self._channels()
        self._complexity()
        self._support_model()
        return sorted(self.found, key=lambda item: (item.start, item.entity))

    def _coverage(self) -> None:
        """The widest opening hours named: "office hours and weekends" is extended hours.

        The widest phrases claim their words first, so that "7j/7 24h/24" is not read as
        "7j/7" (seven days) with the rest left over.
        """
        levels = ["office_hours", "extended_hours", "24_7"]
        named: list[tuple[int, int, int]] = []
        for level in reversed(range(len(levels))):
            named += [(level, m.start(), m.end())
                      for m in self.claim(f"coverage_{levels[level]}")]
        for match in self.matches("hour_range"):
            start, end = int(match.group("from_hour")), int(match.group("to_hour"))
            afternoon = match.group(0).rstrip().endswith("pm")
            if (end < start or afternoon) and end < 12:  # "9 to 5", "7am to 10pm"
                end += 12
            marked = re.search(r"\d\s*(?:h|u|uur|heures?|am|pm|:\d\d)", match.group(0))
            # Opening hours span hours: a bare "1-2" or "2 to 3" is a count, not a clock.
            if not (0 <= start < end <= 24) or (not marked and end - start < MIN_OPEN_SPAN):
                continue
            self.claims.take(match.start(), match.end())
            level = 2 if end - start >= 24 else 1 if end > 19 or start < 7 else 0
            named.append((level, match.start(), match.end()))
        for match in self.claim("closing_hour"):  # "until 9pm", "jusqu'à 21h", "tot 22u"
            end = int(match.group("to_hour")) + (12 if "pm" in match.group(0) else 0)
            if 0 < end <= 24:
                named.append((1 if end > 19 else 0, match.start(), match.end()))
        if named:
            level, start, end = max(named)
            self.add("coverage", levels[level], start, end)

    def _volumes(self) -> None:
        for match in self.claim("volume"):
            period = next(name for name in vocab.PERIODS if match.group(name))
            monthly = read_number(match) * vocab.PERIOD_TO_MONTH[period]
            self.add("monthly_contacts", round(monthly, 2), match.start(), match.end())
        for match in self.claim("volume_noun"):  # "3000 calls": the question is asked per month
            self.add("monthly_contacts", read_number(match), match.start(), match.end())

    def _handling_times(self) -> None:
        for match in self.claim("aht"):
            self.duration_ends.append(match.end())
            if match.group("about"):
                minutes = float(match.group("about"))
            elif match.group("mins"):
                minutes = int(match.group("mins")) + int(match.group("secs")) / 60
            else:
                value = read_number(match) + (0.5 if match.group("half_after") else 0)
                minutes = value if match.group("minute") else value / 60
            self.add("aht_minutes", round(minutes, 2), match.start(), match.end())

    def _agents(self) -> None:
        for match in self.claim("agents"):
            value = 1.0 if match.group("one") else read_number(match)
            self.add("agents", value, match.start(), match.end())

    def _integrations(self) -> None:
        counted = self.claim("systems")
        for match in counted:
            self.add("integrations", read_number(match), match.start(), match.end())
        none = self.patterns["no_system"].search(self.text)
        if counted or none:
            if none and not counted:
                self.add("integrations", 0.0, none.start(), none.end())
            return
        if not self.patterns["connect_cue"].search(self.text):
            return
        names: dict[str, re.Match[str]] = {}
        for match in self.matches("named_system"):
            name = next(key for key, value in match.groupdict().items() if value)
            names.setdefault(name, match)
        if names:
            first = min(match.start() for match in names.values())
            last = max(match.end() for match in names.values())
            self.add("integrations", float(len(names)), first, last)

    def _contract(self) -> None:
        for match in self.claim("year_contract"):
            self.add("contract_months", 12.0, match.start(), match.end())
        for match in self.claim("half_year"):
            self.add("contract_months", 6.0, match.start(), match.end())
        for match in self.claim("contract"):
            count = 1.0 if match.group("one") else read_number(match)
            if match.group("one") and not self.patterns["contract_cue"].search(self.text):
                continue  # "un an" alone is too vague; "contrat d'un an" is not
            months = count if match.group("months") else count * 12
            self.add("contract_months", months, match.start(), match.end())

    def _languages(self) -> None:
        seen: set[str] = set()
        names = vocab.language_names()
        for match in self.patterns["language_name"].finditer(self.text):
            code = names[re.sub(r"\s+", " ", match.group(0))]
            if code not in seen:
                seen.add(code)
                self._add_to_list("support_languages", code, match.start(), match.end())
        code_lists = [
            *self.patterns["language_codes"].finditer(self.text),
            *self.patterns["plain_codes"].finditer(self.text),
            *self.patterns["capital_codes"].finditer(self.cased),
        ]
        for match in code_lists:
            codes = re.split(r"\s*[,/+&-]\s*|\s+(?:and|et|en|und)\s+", match.group("codes").lower())
            if all(code in vocab.SERVED_LANGUAGES for code in codes):
                for code in codes:
                    if code not in seen:
                        seen.add(code)
                        self._add_to_list("support_languages", code, match.start(), match.end())

    def _multilingual(self) -> None:
        """ "Multilingual support", "en plusieurs langues": several languages, none named;
        "bilingue", "drietalig": a number of them, none named."""
        if any(item.entity == "support_languages" for item in self.found):
            return
        match = self.patterns["several_languages"].search(self.text)
        if match:
            self.add(MULTILINGUAL, True, match.start(), match.end())
        for count in vocab.COUNTED_LANGUAGE_WORDS:
            for match in self.patterns[f"counted_languages_{count}"].finditer(self.text):
                self.add(LANGUAGE_COUNT, float(count), match.start(), match.end())

    def _sent_by_mail(self) -> None:
        """Set aside the mail word of "send me the quote by email" (and "email me the offer"):
        how the offer should reach the visitor, not a channel their customers use."""
        for match in self.patterns["sent_by_mail"].finditer(self.text):
            group = next(name for name in ("mail", "me", "after") if match.group(name))
            self.sent_by_mail.take(match.start(group), match.end(group))

    def _channels(self) -> None:
        """Every channel mentioned, at its first mention that nothing else claimed; "3000
        calls" names the phone channel too."""
        for name in vocab.CHANNEL_WORDS:
            match = next(
                (
                    match
                    for match in self.patterns[f"channel_{name}"].finditer(self.text)
                    if self.sent_by_mail.free(match.start(), match.end())
                ),
                None,
            )
            if match:
                self._add_to_list("channels", name, match.start(), match.end())

    def _add_to_list(self, entity: str, value: str, start: int, end: int) -> None:
        """A channel or language, with what the message does with it (`_list_role`)."""
        self.add(entity, value, start, end, self._list_role(start, end))

    def _list_role(self, start: int, end: int) -> str | None:
        """REMOVED when a removal cue governs the name in its clause, ADDED when the message
        says to add, None when it replaces the list (a plain statement, or "only email")."""
        breaks = [match.span() for match in self.patterns["clause_break"].finditer(self.text)]
        clause_start = max((b_end for _, b_end in breaks if b_end <= start), default=0)
        clause_end = min(
            (b_start for b_start, _ in breaks if b_start >= end), default=len(self.text)
        )
        before, after = self.text[clause_start:start], self.text[end:clause_end]
        if self.patterns["remove_before"].search(before) or self.patterns["remove_after"].search(
            after
        ):
            return REMOVED
        if self.patterns["only_before"].search(before) or self.patterns["only_after"].search(after):
            return None
        return ADDED if self.patterns["add_cue"].search(self.text) else None

    def _support_model(self) -> None:
        """The first support form named; "4 minutes per call" names a duration, not a form."""
        for name in vocab.SUPPORT_MODEL_WORDS:
            for match in self.patterns[f"model_{name}"].finditer(self.text):
                if any(0 <= match.start() - end <= 2 for end in self.duration_ends):
                    continue
                self.add("support_model", name, match.start(), match.end())
                return

    def _complexity(self) -> None:
        """The first complexity named; "pas compliqué" / "not complex" means simple.

        "Standard" phrases are tried first because several contain "complex" ("moyennement
        complexe", "not too complex").
        """
        for name in ("standard", "complex", "simple"):
            match = self.patterns[f"complexity_{name}"].search(self.text)
            if not match:
                continue
            negated = self.patterns["negation"].search(
                self.text[max(0, match.start() - 20) : match.start()]
            )
            value = "simple" if name == "complex" and negated else name
            self.add("complexity", value, match.start(), match.end())
            return


def extract(text: str) -> list[Extracted]:
    """Every scenario parameter stated in `text`, with SPEC section 2 values."""
    if not text or not text.strip():
        return []
    return _Extraction(text).run()


def extract_values(text: str) -> dict[str, Any]:
    """The parameters as slot values: lists for languages and channels, else the first value."""
    values: dict[str, Any] = {}
    for item in extract(text):
        if item.entity in LIST_SLOTS:
            values.setdefault(item.entity, [])
            if item.value not in values[item.entity]:
                values[item.entity].append(item.value)
        else:
            values.setdefault(item.entity, item.value)
    return values
