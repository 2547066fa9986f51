"""Office hours: whether, and until when, the office is open, and when it opens next.

`OFFICE_HOURS` lists day ranges with opening times, e.g. ``mon-fri 09:00-17:30`` or
``mon-thu 09:00-17:30, fri 09:00-16:00``, in `OFFICE_TIMEZONE` (Europe/Amsterdam). Public
holidays are not known: a holiday counts as a working day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.settings import SettingsError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_GROUP = re.compile(
    r"^(?P<first>[a-z]{3})(?:-(?P<last>[a-z]{3}))?\s+"
    r"(?P<open>\d{1,2}:\d{2})-(?P<close>\d{1,2}:\d{2})$"
)


@dataclass(frozen=True)
class OfficeHours:
    """Opening times per weekday (0 = Monday) in one time zone."""

    hours: dict[int, tuple[time, time]]
    zone: ZoneInfo

    @classmethod
    def parse(cls, spec: str, timezone: str) -> OfficeHours:
        """Read ``mon-fri 09:00-17:30[, sat 10:00-12:00]``; a bad value raises SettingsError."""
        try:
            zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise SettingsError(f"OFFICE_TIMEZONE is not a known time zone: {timezone!r}") from None
        hours: dict[int, tuple[time, time]] = {}
        for group in filter(None, (part.strip().lower() for part in spec.split(","))):
            match = _GROUP.match(group)
            if not match or match["first"] not in DAYS or (match["last"] or "mon") not in DAYS:
                raise SettingsError(f"OFFICE_HOURS: cannot read {group!r} (mon-fri 09:00-17:30)")
            first = DAYS.index(match["first"])
            last = DAYS.index(match["last"]) if match["last"] else first
            opening, closing = _clock(match["open"]), _clock(match["close"])
            if not opening < closing or last < first:
                raise SettingsError(f"OFFICE_HOURS: {group!r} is an empty range")
            hours.update({day: (opening, closing) for day in range(first, last + 1)})
        if not hours:
            raise SettingsError("OFFICE_HOURS names no opening hours")
        return cls(hours, zone)

    def is_open(self, moment: datetime) -> bool:
        """Whether the office is open at `moment` (an aware datetime)."""
        local = moment.astimezone(self.zone)
        opening_hours = self.hours.get(local.weekday())
        return opening_hours is not None and opening_hours[0] <= local.time() < opening_hours[1]

    def open_until(self, moment: datetime) -> datetime | None:
        """When the office closes, if it is open at `moment`; None when it is closed."""
        if not self.is_open(moment):
            return None
        local = moment.astimezone(self.zone)
        return datetime.combine(local.date(), self.hours[local.weekday()][1], tzinfo=self.zone)

    def next_opening(self, moment: datetime) -> datetime:
        """The next time the office opens after `moment`, in the office's time zone."""
        local = moment.astimezone(self.zone)
        for days_ahead in range(8):
            day = (local + timedelta(days=days_ahead)).date()
            if day.weekday() not in self.hours:
                continue
            opening = datetime.combine(day, self.hours[day.weekday()][0], tzinfo=self.zone)
            if opening > local:
                return opening
        raise AssertionError("a week always has an opening")  # parse() requires one day


def _clock(value: str) -> time:
    """ "9:00" -> 09:00; hours and minutes out of range raise SettingsError."""
    hours, minutes = (int(part) for part in value.split(":"))
    if hours > 23 or minutes > 59:
        raise SettingsError(f"OFFICE_HOURS: {value!r} is no time of day")
    return time(hours, minutes)
