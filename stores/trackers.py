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

It also copies itself without replaying the conversation. Rasa's processor copies the
tracker before every action it runs (`MessageProcessor._run_action`), and Rasa's `copy()`
builds a new tracker and replays every event into it: 5-7 % of the server's time under load,
growing with the conversation (docs/performance.md). A tracker's state is, by Rasa's design,
what its events make of it ("MUST be re-creatable by processing all the events"), so the copy
takes the same event objects and a copy of each state field instead. The one field Rasa
changes without an event is the follow-up action, which the processor clears when it
predicts it: from then until the next message or action (whose events clear it too), and
whenever the latest event was not applied through `update` (a tracker just recreated from
the database, or adopted), the copy is Rasa's.
`tests/test_trackers.py` compares every field of both copies after every event of generated
conversations, and fails when Rasa's tracker gains a field or its copy changes.

`stores.tracker_store.CachingSQLTrackerStore` creates and reads every conversation as one of
these; copies (`tracker.copy()`) are Rasa's own class, as Rasa's copy makes them.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

# Events whose `apply_to` clears the follow-up action (the one field the processor changes
# without an event): after one, the state is again exactly what the events make.
CLEARING_FOLLOWUP = (UserUttered, ActionExecuted)
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
    # For `copy`: whether the state is what replaying the events makes, as of `_last_applied`.
    _replayable = False
    _last_applied: Event | None = None
    _applying = False  # inside `update`: a follow-up action cleared now is the event's doing

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

    def update(self, event: Event, domain: Domain | None = None) -> None:
        """Rasa's update; note whether the state is still exactly what the events make."""
        self._applying = True
        try:
            super().update(event, domain)
        finally:
            self._applying = False
        if isinstance(event, CLEARING_FOLLOWUP):
            self._replayable = True
        self._last_applied = event

    def clear_followup_action(self) -> None:
        """Rasa's; when the processor (not an event) clears it, the events say otherwise."""
        if not self._applying:
            self._replayable = False
        super().clear_followup_action()

    def copy(self) -> DialogueStateTracker:
        """What Rasa's `copy()` makes (a `DialogueStateTracker`), without replaying the events.

        Only when the state is known to be what the events make: every event applied by
        `update` since one that clears the follow-up action, which the processor did not clear
        since. Otherwise Rasa's copy.
        """
        if not (self._replayable and self.events and self.events[-1] is self._last_applied):
            return super().copy()
        duplicate = self.init_copy()
        duplicate.events.extend(self.events)
        for name, slot in self.slots.items():
            duplicate.slots[name] = copy.copy(slot)
        duplicate._paused = self._paused
        duplicate.followup_action = self.followup_action
        duplicate.latest_action = copy.copy(self.latest_action)
        duplicate.latest_message = self.latest_message
        duplicate.latest_bot_utterance = self.latest_bot_utterance
        duplicate.active_loop = copy.copy(self.active_loop)
        return duplicate
