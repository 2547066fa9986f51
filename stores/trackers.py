"""The tracker the store hands out: Rasa's, with its applied events kept instead of refiltered.

`DialogueStateTracker.applied_events()` (the events minus those undone by a restart, a new
session, an undone action or message, or a loop's repeated run) filters every event of the
conversation on each call, and Rasa calls it several times per message: the session check
(`MessageProcessor._update_tracker_session`), both policies' states (policies/incremental.py)
and the MemoizationPolicy. Under load that was 9 % of the Rasa server's time, growing with
the conversation (docs/performance.md).

`AppliedEventsTracker` keeps the result and, when only new events came since, appends them as
they are, unless one of them can change what came before (a restart, a new session, an undone
action or message, a loop that starts under a new name, or an action of a loop, which Rasa may
fold into the loop's earlier run): then Rasa's own method filters the whole conversation again.
Each call returns a new list, as Rasa's does. The kept result lives on the tracker object
only: a conversation read again from the database (another process, another instance) starts
from its first event. `tests/test_trackers.py` compares it with Rasa's after every event of
generated conversations and fails when Rasa's method changes.

`stores.tracker_store.CachingSQLTrackerStore` creates and reads every conversation as one of
these; copies Rasa makes (`tracker.copy()`) are Rasa's own class.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

# Events after which Rasa's filter may drop earlier events.
UNDOING = (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted)


@dataclass
class Applied:
    """The applied events of one tracker, as far as its events have been read."""

    events: list[Event]
    seen: int  # how many of tracker.events `events` was made from
    last: Event | None  # tracker.events[seen - 1], to notice a tracker whose events changed
    loop_names: set[str]  # names of the loops activated so far (Rasa's `loop_names`)

    def can_append(self, event: Event) -> bool:
        """Whether Rasa's filter keeps `event` as it is and leaves the earlier events alone."""
        if isinstance(event, UNDOING):
            return False
        if isinstance(event, ActiveLoop):
            return event.name is None or event.name in self.loop_names
        return not (isinstance(event, ActionExecuted) and event.action_name in self.loop_names)


class AppliedEventsTracker(DialogueStateTracker):
    """`DialogueStateTracker` whose `applied_events()` filters only the events added since."""

    _applied: Applied | None = None

    def applied_events(self) -> list[Event]:
        """Rasa's applied events (a new list), from the ones kept plus the new events."""
        events = self.events
        kept = self._applied
        if (
            kept is not None
            and kept.seen <= len(events)
            and (kept.seen == 0 or events[kept.seen - 1] is kept.last)
        ):
            new = list(itertools.islice(events, kept.seen, None))
            if all(kept.can_append(event) for event in new):
                kept.events.extend(new)
                kept.seen = len(events)
                kept.last = events[-1] if events else None
                return list(kept.events)
        loop_names = {e.name for e in events if isinstance(e, ActiveLoop) and e.name}
        self._applied = Applied(
            super().applied_events(), len(events), events[-1] if events else None, loop_names
        )
        return list(self._applied.events)
