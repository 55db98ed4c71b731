## Daily control (/digest): the morning digest to a manager at the start of their working day
## and the evening check in the report chat. $deal is a link to the deal (HTML) or none.

cmd-digest = morning digest and evening check: on, off, time

control-task = task
control-more = …and { $count } more
control-no-manager = no responsible
control-missed-calls = Clients not called back
control-without-task = Deals without a next step
control-stale = ⚠️ CRM data as of { $at }: fresher data could not be read, something may have changed since.

morning-title = 📋 <b>Your day, { $weekday } { $date }</b>
morning-overdue = Overdue tasks
morning-overdue-item = • { $task }{ $deal ->
        [none] {""}
       *[other] { " — " }{ $deal }
    }, overdue by { $late }
morning-missed-call-item = • { $phone ->
        [none] number unknown
       *[other] { $phone }
    }, called { $at }{ $deal ->
        [none] {""}
       *[other] { " — " }{ $deal }
    }
morning-today = Today's tasks
morning-today-item = • { $time } { $task }{ $deal ->
        [none] {""}
       *[other] { " — " }{ $deal }
    }
morning-without-task-item = • { $deal } — no task for { $duration }
morning-more-deals = Buttons lead to the first five deals; { $count } more in /me.

evening-title = 🌆 <b>Evening check, { $weekday } { $date }</b>
evening-without-task = Left without a next step today
evening-without-task-item = • { $manager }: { $deal } — no task since { $since }
evening-without-task-earlier = { $count } more without a next step since earlier days — in the managers' morning digests and /findings.
evening-missed-call-item = • { $manager }: { $phone ->
        [none] number unknown
       *[other] { $phone }
    }, called { $at }{ $deal ->
        [none] {""}
       *[other] { " — " }{ $deal }
    }
# A question, not a verdict: a quiet day may hold meetings, training, one big client.
evening-question = { $manager }: { $today ->
        [one] { $today } task
       *[other] { $today } tasks
    } closed today — on { $weekday ->
        [1] Mondays
        [2] Tuesdays
        [3] Wednesdays
        [4] Thursdays
        [5] Fridays
        [6] Saturdays
       *[7] Sundays
    } by { $time } usually about { $usual }. Is everything all right?
evening-more-deals = Buttons lead to the first five deals; { $count } more — /findings Name shows all of a manager's.

digest-settings = <b>Daily control</b>
    ☀️ <b>Morning digest</b> — { $morning ->
        [on] on
       *[off] off
    }. To each linked person privately at the start of their working day, by their schedule: overdue tasks, calls not returned, today's tasks, deals without a next step. Not on days off, holidays or absences; nor when there is nothing to say.
    🌆 <b>Evening check</b> — { $evening ->
        [on] on
       *[off] off
    }, at { $at } on working days, in the report chat{ $chat ->
        [none] , but none is bound: write /bind in the sales heads' group
       *[other] { " " }“{ $chat }”
    }: deals left without a next step today, calls not returned, and a question about anyone who closed less than half their usual for this weekday.

    Change: /digest morning off (or on), /digest evening off (or on), /digest evening 19:30
digest-changed = Saved.
digest-unchanged = It already was so.
digest-bad = I did not understand “{ $value }”. Examples: /digest morning off — turn the morning digest off, /digest evening on — turn the evening check on, /digest evening 19:30 — move it to 19:30.
digest-morning-at = The morning digest has no time of its own: it comes to each person at the start of their working day — by the working hours (/hours) or their own schedule (/shift). To turn it off: /digest morning off.
digest-bad-time = “{ $value }” is not a time. Example: /digest evening 19:30 (hours 00 to 23, minutes 00 to 59).
