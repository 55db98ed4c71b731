## Snooze: a deal or task handled on purpose (the client is away, payment is pending) — no pings and not counted until the chosen day

cmd-snooze = snooze a deal or task: /snooze deal 123 2 weeks payment
cmd-snoozed = what is snoozed and until when; cancel, confirm
ping-snooze-button = ⏸ Snooze
ping-snoozed = ⏸ Snoozed{ $until ->
        [none] {""}
       *[other] {" "}until { $until }
    }
findings-snoozed-note = <i>⏸ Also snoozed: { $count } — not listed; /snoozed shows what and until when.</i>
findings-snooze-button = ⏸ { $scope ->
        [deal] Deal
       *[task] Task
    } #{ $id }
report-snoozed = ⏸ Snoozed: <b>{ $count }</b> ({ $findings } more findings not in the numbers above){ $reasons ->
        [none] {""}
       *[other] {""} — { $reasons }
    }
report-snoozed-reason = { $reason }: { $count }
snooze-reason = { $reason ->
        [away] client away/unavailable
        [payment] waiting for payment/documents
        [season] seasonality
       *[other] other
    }
snooze-target-deal = deal #{ $id }
snooze-target-task = task #{ $id }
snooze-word-deal = deal
snooze-word-task = task
snooze-usage = How to snooze: /snooze deal 123 2 weeks payment
    First what (deal or task and its CRM id), then until when, then why.
    Time: "3 days", "1 week", "2 weeks", "1 month", "end of month", "until 15.01", "15.01.2027".
    Reason: "vacation", "payment", "season" or your own words.
    Easier: the "⏸ Snooze" button under a ping or in /me.
snooze-bad-target = I could not tell what to snooze: "{ $value }". Write "deal" or "task" and its CRM id, e.g. /snooze deal 123 2 weeks payment
snooze-no-expiry = The time is missing. E.g. /snooze deal 123 2 weeks payment (or "end of month", "until 15.01").
snooze-bad-expiry = { $why ->
        [past] "{ $value }" has already come: give a date after today.
        [too-far] "{ $value }" is more than a year away: a snooze lasts at most 365 days.
       *[other] I could not read the time "{ $value }". Try "3 days", "1 week", "2 weeks", "1 month", "end of month", "until 15.01", "15.01.2027".
    } Nothing was changed.
snooze-no-reason = The reason is missing. Add it after the time: "vacation", "payment", "season" or your own words. Nothing was changed.
snooze-note-too-long = The reason is longer than 200 characters; please shorten it. Nothing was changed.
snooze-not-found = Not found: the deal or task may be gone from the CRM, or the snooze may have ended. Nothing was changed.
snooze-not-found-target = { $target } is not in the latest CRM snapshot. Check the id; for a new deal try again after /sync. Nothing was changed.
snooze-closed = This is already closed in the CRM (the task is done or the deal is over): nothing to snooze.
snooze-forbidden = Only the responsible manager, their supervisor or an admin can snooze this. Nothing was changed.
snooze-button-stale = This button is out of date.
snooze-ask-reason = ⏸ Snooze { $target }. Why?
snooze-ask-expiry = ⏸ Snooze { $target } — { $reason }. Until when?
snooze-expiry-button = { $expiry ->
        [d3] 3 days
        [w1] 1 week
        [w2] 2 weeks
       *[me] end of month
    }
snooze-ask-typed = Write the reason and the time in one line, e.g.:
    /snooze { $word } { $id } 2 weeks client is moving offices
    Time: "3 days", "1 week", "end of month", "until 15.01".
snooze-done = ⏸ Snoozed until { $until }: { $target }. Reason: { $reason }.
    { $scope ->
        [deal] No pings for the deal and its tasks, and it is not among open findings,
       *[task] No pings for the task, and it is not among open findings,
    } until that day. /snoozed lists snoozes and cancels them.
snooze-pending = Snoozing { $target } until { $until } needs the supervisor's confirmation: it is longer than the norm ({ $max } days). Reason: { $reason }.
    { $told ->
        [yes] The request was sent. Until it is confirmed, everything goes on as usual.
       *[no] But nobody can confirm it: neither the supervisor nor any admin is connected to the bot. Snooze for no longer than the norm.
    }
snooze-decide-forbidden = Only the manager's supervisor or an admin can confirm or decline. Nothing was changed.
snooze-decided-before = The request ({ $target }) was already decided.
snooze-confirmed = ✅ Confirmed: { $target } is snoozed until { $until }.
snooze-declined = ✖ Declined: { $target } stays under watch.
snooze-cancel-forbidden = Only who snoozed it, the manager's supervisor or an admin can cancel. Nothing was changed.
snooze-cancelled = ▶️ Snooze cancelled: { $target } is under watch again, pings and findings as usual.
snooze-ended-before = The snooze ({ $target }) had already ended.
snooze-confirm-request = ⏸ <b>{ $who }</b> asks to snooze { $target } until { $until }: { $days } days, longer than the norm ({ $max } days).
    Reason: { $reason }.
    Until you answer, pings go on as usual.
snooze-confirm-button = ✅ Confirm
snooze-decline-button = ✖ Decline
snooze-told-confirmed = ✅ Your supervisor confirmed: { $target } is snoozed until { $until }.
snooze-told-declined = ✖ Your supervisor declined the snooze: { $target } stays under watch. You can snooze it for no longer than the norm.
snoozed-not-linked = The snoozed list is for connected staff and admins. Ask an admin for your link (/link).
snoozed-none = Nothing is snoozed now.
snoozed-title = <b>Snoozed: { $count }</b>
snoozed-line = { $n }. { $target } ({ $manager }) — until { $until }, { $reason }{ $status ->
        [pending] {""} · <i>waiting for confirmation</i>
       *[other] {""}
    }
snoozed-cancel-button = ▶️ Cancel #{ $n }
snoozed-confirm-button = ✅ #{ $n }
snoozed-decline-button = ✖ #{ $n }

# After the /sync summary, when something is snoozed.
sync-snoozed = { $count } more are on snoozed deals and tasks and not counted as open (/snoozed).
