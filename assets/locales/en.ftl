## Units and money

money = RUB { $amount }
money-thousands = RUB { $amount }k
money-millions = RUB { $amount }M
unit-days = { $n } d
unit-hours = { $n } h
unit-minutes = { $n } min

## Rules

rule-task_overdue = Overdue tasks
rule-deal_without_task = Deals without a task
rule-stage_time_exceeded = Too long on a stage
rule-deal_lifetime_exceeded = Deal past its lifetime
rule-first_contact_slow = Slow first contact
rule-missed_call_not_returned = Missed call not returned
rule-lost_without_reason = Lost without a reason
rule-task_without_deadline = Task without a deadline
rule-manager_overloaded = Manager overloaded
rule-high_value_unattended = Large deal unattended

severity-violation = violation
severity-remark = remark

## One finding, explained

finding-task_overdue = Task { $task ->
        [none] (no text)
        [hidden] (text hidden)
       *[other] “{ $task }”
    } is { $lateMs } overdue (it was due { $dueAt }).
finding-deal_without_task = The deal has had no task for { $withoutTaskMs }.
finding-stage_time_exceeded = { $inStageMs } on the stage against a norm of { $normMs } (since { $enteredAt }).
finding-deal_lifetime_exceeded = The deal is { $ageMs } old against a lifetime of { $normMs }.
finding-first_contact_slow = { $contactedAt ->
    [none] The client has waited { $waitedMs } for a first contact (norm { $normMs }).
   *[other] First contact came after { $waitedMs } (norm { $normMs }).
}
finding-missed_call_not_returned = Missed call { $phone ->
    [none] from a client
   *[other] from { $phone }
 } on { $calledAt }: { $returnedAt ->
    [none] not returned for { $waitedMs } (norm { $normMs }).
   *[other] returned after { $waitedMs } (norm { $normMs }).
}
finding-lost_without_reason = Closed as lost on { $closedAt } without a loss reason.
finding-task_without_deadline = Task { $task ->
        [none] (no text)
        [hidden] (text hidden)
       *[other] “{ $task }”
    } has no deadline (created { $createdAt }).
finding-manager_overloaded = { $openDeals } open deals against a maximum of { $maxOpenDeals }.
finding-high_value_unattended = { $reason ->
    [overdue_task] A { $price } deal is waiting: its task is overdue.
   *[no_task] A { $price } deal has no task.
}

## Weekly report

report-title = <b>Sales quality control</b>
    Week { $from } — { $to }
report-totals = Violations: <b>{ $violations }</b> { $violationsChange }
    Remarks: <b>{ $remarks }</b> { $remarksChange }
report-change-up = (▲ { $percent }% on last week)
report-change-down = (▼ { $percent }% on last week)
report-change-same = (same as last week)
report-change-new = (none last week)
report-money = In deals with open violations: <b>{ $amount }</b>
report-nothing = No violations or remarks this week: the process runs to its norms. Keep it up!
report-worst-title = <b>Where most problems are</b>
report-worst-line = { $place }. { $stage } — { $total } (mostly: { $rule })
report-managers-title = <b>By manager</b> (total · per 100 open deals)
report-manager-line = • { $name } — { $total } · { $per100 }
report-manager-line-no-deals = • { $name } — { $total } · no open deals
report-manager-line-few-deals = • { $name } — { $total } · too few deals to compare
report-unassigned = Unassigned
report-rules-title = <b>By rule</b>
report-rule-line = • { $rule } — { $total }
report-recommendations-title = <b>What to do this week</b>
report-footer = A violation already costs money; a remark soon will. Norms can be tuned to your process.
report-data-as-of = CRM data as of { $at }.
report-stale = ⚠️ <b>CRM data from { $at }</b>: syncs are not getting through — { $reason ->
        [none] reason unknown, see /status
       *[other] { $reason }
    }. Everything below is as of then; recent changes are not in this report.

## Recommendations

rec-stage-stuck = • { $count } deals stayed on “{ $stage }” longer than the norm ({ $hours } h). Check whether the stage bundles several different actions: split it in two, or revise the norm.
rec-money-stage = • Most money with open violations sits on “{ $stage }”: RUB { NUMBER($amount, maximumFractionDigits: 0) }. Start there: call the clients and set the next step.
rec-no-task = • { $count } deals were left without a task. Have a task created automatically on every stage change so each deal has a next step.
rec-first-contact = • { $count } new leads waited longer than { $minutes } min for a first contact. Clients compare offers: whoever calls first, sells.
rec-missed-calls = • { $count } missed client calls were not returned within { $minutes } min. A client who calls you is the warmest one: name who returns missed calls while a manager is busy.
rec-loss-reason = • { $count } deals were closed as lost without a reason. Make the loss reason mandatory, or you cannot see where clients are lost.
rec-fairness = • { $name } has the most marks ({ $total }), but { $per100 } per 100 deals, close to the team's typical rate ({ $median }). That is volume, not negligence: help with the task backlog without pulling them off sales.
rec-overloaded = • { $name } has { $open } open deals against a norm of { $max }. Redistribute some deals or pass clients who are not ready yet to warming-up.
rec-growth = • { $percent }% more violations than the week before. Check what changed: lead flow, the team or the pipeline setup.

## Charts

chart-stages-title = Violations and remarks by stage
chart-stages-caption = Stages with the most marks this week, by rule. Most on “{ $stage }”: { $total }.
chart-managers-title = Share of marks by manager
chart-managers-caption = Share of this week's violations and remarks by manager. Read it next to “per 100 deals”: whoever handles more deals gets more marks.
chart-rate-title = Marks per 100 open deals
chart-rate-caption = The fair comparison: marks per 100 of the manager's open deals. Best: { $best }.
chart-rate-axis = per 100 deals
chart-trend-title = Week by week
chart-trend-caption = Violations and remarks over the last { $weeks } weeks. This week: { $violations } violations and { $remarks } remarks.
chart-trend-violations = Violations
chart-trend-remarks = Remarks
chart-money-title = Money in deals with open violations
chart-money-caption = Total price of deals that have a violation now, by stage. In all: { $amount }.
chart-empty = No data this week

## Bot: command descriptions

cmd-start = start using the bot
cmd-help = what the bot does
cmd-me = my open findings
cmd-report = this week's quality report, now (“/report me”: mine)
cmd-lang = the bot's language: Russian or English
cmd-bind = make this chat the report chat
cmd-managers = CRM users and who is linked
cmd-link = a link for a CRM user to connect
cmd-unlink = unlink a CRM user
cmd-norms = the norms
cmd-setnorm = change a norm
cmd-hours = working hours and quiet hours
cmd-schedule = when the weekly report comes
cmd-privacy = what group chats see about customers
cmd-sync = sync the CRM now
cmd-status = how the bot is doing
cmd-findings = a manager's or a stage's findings
cmd-admins = the bot's admins

## Bot: replies

bot-welcome = Hello! I am a sales quality-control bot. I read the CRM and find where the process stalls: overdue tasks, deals with no next step, stuck stages, losses without a reason. Once a week I send the sales heads a report with charts and hints on what to fix first.

    To start:
    • an admin adds me to the sales heads' chat and writes /bind there;
    • /report — the last week's report right now;
    • /help — all commands.
bot-help = <b>What I do</b>
    /me — your open findings (for linked CRM users)
    /shifts — your schedule and when you work next
    /report me — your week: numbers and open findings, privately
    /snooze deal 123 2 weeks payment — snooze your deal or task (or the "⏸ Snooze" button under a ping and in /me); /snoozed — what is snoozed, cancel
    /help — this help
    /lang ru — in Russian (/lang en — in English)

    The weekly report comes to the sales heads' chat { $schedule }. When a task goes overdue, I tell the manager at once — during working hours, with a link to the deal. At the start of your working day — a short digest: overdue tasks, calls not returned, today's tasks, deals without a next step (nothing when there is nothing).
bot-help-supervisor = <b>For supervisors</b>
    /report — the quality report for the last 7 days, now
    /findings Name — a manager's open findings; /findings Stage — the findings on a stage
    /export — in a private chat: an Excel file with the open findings (with deal links) and your team's KPIs for the week
    /snoozed — what your managers snoozed; confirm or decline a snooze longer than the norm, cancel any; /snooze — snooze for a manager
    /pings always — your managers' task notifications at any time except quiet hours (/pings working — working time only)
    /shifts — who works when; /shift Name 3/3 from 01.12 09:00-21:00 — your manager's own schedule; /away Name 10.12-20.12 vacation — a vacation, sick leave, day off
bot-help-admin = <b>For admins</b>
    /bind — in a group: send the weekly report here
    /bind supervisors — in a group: send supervisors' notifications here
    /managers — CRM users and who is linked
    /link Name — a one-time link for a CRM user to connect
    /unlink Name — unlink a CRM user
    /norms — the norms; /setnorm — change one (step by step, or in one line: /setnorm stage_time_exceeded "Contact made" 24h)
    /hours — working and quiet hours: /hours 09:00-18:00 mon-fri Europe/Moscow, /hours quiet 22:00-08:00, /hours supervisors always
    /schedule — when the report comes: /schedule mon 09:00
    /digest — the managers' morning digest and the evening check in the report chat: /digest morning off, /digest evening 19:30
    /holidays — days off and holidays: /holidays add 31.12 (day off), /holidays work 31.12 (working day), /holidays remove 31.12
    /shift, /away — anyone's own schedule and absences (as supervisors do for their managers); /shifts — who works when
    /snooze, /snoozed — snooze any deal or task, confirm or cancel snoozes (the longest without confirmation: snoozeMaxDays in the norms file)
    /privacy — what group chats see: /privacy strict (deal numbers only) or /privacy masked (names without phones, e-mails and people's names)
    /sync — sync the CRM now
    /status — last sync, message queue, who is linked
    /supervisors — supervisors of the CRM groups: /supervisors Sales = Sergey
    /admins — admins: /admins add 123456789, /admins remove 123456789
bind-only-in-groups = /bind is written in the group chat that should get the report: add me to the sales heads' chat and write /bind there.
bind-bad-argument = I did not understand “{ $argument }”. Write /bind to get the report here, or /bind supervisors to get supervisors' notifications here.
bind-done-report = Done: the weekly sales quality report will come here { $schedule }. For the last week's report now, write /report.
bind-done-supervisors = Done: supervisors' notifications about overdue tasks will come here.
bind-moved = It used to go to “{ $previous }”; now it comes here.
admin-only = This command is for the bot's admins. If you need it, ask an admin to grant you the rights.
unbound-group = I am not connected to this chat yet. For the sales quality report to come here, a bot admin writes /bind in this chat.
report-building = Building the week's report, this takes a few seconds…
report-sent = The report for { $from } — { $to } is sent.
report-no-snapshot = There is no CRM data yet: the first sync has not finished. Try again in a couple of minutes.
error-generic = The command failed; the error is in the log. Try again in a minute, and if it still fails, tell an admin.

schedule-weekly = on { $day ->
    [1] Mondays
    [2] Tuesdays
    [3] Wednesdays
    [4] Thursdays
    [5] Fridays
    [6] Saturdays
   *[7] Sundays
 } at { $time } ({ $timezone })
schedule-cron = on the schedule “{ $cron }” ({ $timezone })

## Overdue pings

crm-unreachable = ⚠️ <b>The CRM is not answering</b> since { $at }: { $reason }
    Overdue pings are on hold: without the CRM confirming a task is still open I send none, so nobody is told about a task already done. I will write when the CRM answers again.
snapshot-stale = ⚠️ <b>CRM data is out of date</b>: the last successful sync was at { $at } and none gets through since ({ $reason ->
        [none] reason unknown
       *[other] { $reason }
    }).
    New overdue pings are on hold, and the report will say its data is old. Check the CRM access: /status, /sync.
snapshot-fresh = ✅ <b>Syncs get through again</b> ({ $at }): CRM data is fresh, overdue pings go on.
crm-reachable = ✅ <b>The CRM answers again</b> ({ $at }). Overdue pings go on; those on hold are checked with the CRM and sent.
ping-manager = ⏰ <b>A task is waiting</b>: { $task ->
        [none] no text
        [hidden] (text hidden)
       *[other] “{ $task }”
    }
ping-supervisor = ⏰ <b>{ $manager }</b>: task { $task ->
        [none] (no text)
        [hidden] (text hidden)
       *[other] “{ $task }”
    } is overdue
ping-escalation = 🔺 <b>Still not done</b>, { $late } past the due time. { $manager }: { $task ->
        [none] a task with no text
        [hidden] a task (text hidden)
       *[other] “{ $task }”
    }
ping-deal = Deal: { $deal }
ping-no-deal = no deal
deal-number = deal #{ $id }
deal-number-short = #{ $id }
ping-stage = Stage: { $stage } ({ $pipeline })
ping-due = Was due { $due }, overdue by { $late }
ping-manager-not-reached = The manager does not get the bot's messages yet, so I am telling you. Connect them with /managers.
ping-open-deal = Open the deal
ping-done = ✅ Done { $at }
ping-moved = ↪️ Due time moved to { $due }
ping-gone = The task was deleted in the CRM
ping-digest-title = { $kind ->
    [calls] ☎️ <b>Missed calls not returned: { $count }</b>
    [both] ⏰ <b>Overdue tasks and missed calls: { $count }</b>
   *[tasks] ⏰ <b>Overdue tasks: { $count }</b>
}
ping-digest-item = { $n }. { $manager }: { $task ->
        [none] a task with no text
        [hidden] a task (text hidden)
       *[other] “{ $task }”
    } — { $deal }, was due { $due } (overdue by { $late })
ping-unreachable = { $manager } blocked the bot in Telegram, so task notifications now come to you. Once { $manager } writes /start to the bot again, they go directly.

## Linking CRM users to Telegram

link-you-are = You are linked as { $name } from the CRM: overdue task notifications come here. Your open findings: /me.
link-code-unknown = This link does not work. Ask an admin for a new one (the /link command).
link-code-used = Someone has already used this link. If it was not you, ask an admin for a new one (the /link command).
link-code-expired = This link has expired. Ask an admin for a new one (the /link command).
link-summary-open = <b>What is open for you now</b>: { $list }.
link-summary-none = Nothing is open for you right now — keep it up.
link-summary-oldest = <b>Waiting longest</b>:
link-summary-oldest-line = • “{ $task }”{ $deal ->
        [none] {""}
       *[other] , { $deal }
    } — due { $due }
link-summary-hours = I write to you during working hours: { $days }, { $from }–{ $to } ({ $timezone }); what goes overdue outside them comes at the start of the next working day.
link-summary-help = All your findings — /me, your week — /report me, what I can do — /help.
link-done-manager = Done, { $name }! I will message you when a CRM task goes overdue, during working hours and with a link to the deal. Your open findings: /me.
link-done-supervisor = Done, { $name }! You lead a group: I will tell you about your managers' overdue tasks and about those that have not moved for a couple of hours. Commands: /help.
link-private-only = I only send linking links in a private chat, so that nobody else uses them. Write /link to me privately.
link-invite = Link for { $name }:
    { $url }

    Forward it to them: they open it and press “Start”. The link works once and is valid until { $expires }.
managers-title = <b>People in the CRM: { $count }</b>, linked to the bot: { $linked }
managers-role-supervisor = {" "}(supervisor)
managers-not-linked = not linked
managers-linked = linked: { $telegram }
managers-blocked = blocked the bot ({ $telegram }): notifications go to the supervisor
managers-invite-button = 🔗 Link for: { $name }
managers-hint = A linking link: /link Name (or the buttons below, in a private chat). Unlink: /unlink Name.
managers-empty = There is nobody in the CRM yet: the first sync has not finished. Try again in a couple of minutes.
person-missing = Write a CRM user's name after the command, e.g. /{ $command } Ippolit
person-not-found = No CRM user “{ $query }”. The list: /managers.
person-ambiguous = “{ $query }” matches several people: { $names }. Be more specific.
unlink-usage = To unlink someone: /unlink Name (admins). You are not linked to the bot yourself.
unlink-self-done = Done: you are unlinked from the bot and will get no more task notifications. You can link again with a new link from an admin.
unlink-done = Done: { $name } is unlinked. Their task notifications now go to the supervisor.
unlink-not-linked = { $name } is not linked to the bot.

## Findings in the chat

findings-deal-number = Deal #{ $id }
findings-none = No open findings. Keep it up!
findings-more = …and { $count } more
findings-usage = Write a manager's name or a stage after the command, e.g. /findings Ippolit or /findings Contact made
findings-nothing-matches = No manager and no open stage matches “{ $query }”. People: /managers.
findings-title-manager = Open findings: { $name }
findings-title-stage = Open findings on the stage “{ $stage }”
me-not-linked = You are not linked to the bot as a CRM user yet. Ask an admin for a linking link.
me-title = Your open findings, { $name }
me-open-now = Open now
supervisors-only = This command is for supervisors and the bot's admins.
report-for-heads = The report for the heads' chat is sent at the request of supervisors and admins. Your week: /report me.
report-usage = Write /report for the week's report, or /report me for your week, privately.
report-me-summary = <b>{ $name }, your week { $from } — { $to }</b>
    Findings: { $total } (violations: { $violations }, remarks: { $remarks })
    Open deals: { $openDeals }
report-me-open-private = I cannot write to you privately: open a chat with me (@{ $bot }) and press “Start” first.
report-me-sent-privately = Sent to you privately.
unknown-command = I do not know that command. What I can do: /help.

## Norms in the chat

norms-title = <b>Norms</b>
    Working time: { $days }, { $from }–{ $to } ({ $timezone })
norms-off = off
norms-hint = To change: /setnorm step by step, or in one line, e.g. /setnorm stage_time_exceeded "Contact made" 24h
weekday-short = { $day ->
    [1] Mon
    [2] Tue
    [3] Wed
    [4] Thu
    [5] Fri
    [6] Sat
   *[7] Sun
 }
norm-param-task_overdue-graceMinutes = grace
norm-param-deal_without_task-graceMinutes = grace
norm-param-stage_time_exceeded-hours = norm
norm-param-deal_lifetime_exceeded-days = limit
norm-param-first_contact_slow-minutes = within
norm-param-missed_call_not_returned-minutes = call back within
norm-param-manager_overloaded-maxOpenDeals = open deals above
norm-param-high_value_unattended-minAmount = from
setnorm-ask-rule = Which norm shall we change?
setnorm-ask-pipeline = For which pipeline? Or for all at once:
setnorm-ask-stage = For which stage?
setnorm-scope-all = For all (now { $value })
setnorm-ask-value-minutes = Write the new value, e.g. 30m, 2h or 1d. To cancel: /cancel.
setnorm-ask-value-hours = Write the new value in hours or days, e.g. 24h or 3d. To cancel: /cancel.
setnorm-ask-value-days = Write the new value in days, e.g. 7d or 14. To cancel: /cancel.
setnorm-ask-value-count = Write a number, e.g. 150. To cancel: /cancel.
setnorm-ask-value-money = Write an amount, e.g. 300000 or 300k. To cancel: /cancel.
setnorm-bad-value-minutes = “{ $value }” is not a duration. Examples: 0, 30m, 2h, 1d.
setnorm-bad-value-hours = “{ $value }” is not a duration above zero. Examples: 24h, 36h, 3d.
setnorm-bad-value-days = “{ $value }” is not a number of days above zero. Examples: 7, 14d.
setnorm-bad-value-count = “{ $value }” is not a whole number above zero. Example: 150.
setnorm-bad-value-money = “{ $value }” is not an amount above zero. Examples: 300000, 300k, 1.5m.
setnorm-use-buttons = Choose with a button under the message, or write /cancel to stop.
setnorm-confirm = Save?
setnorm-save-button = ✅ Save
setnorm-cancel-button = Cancel
setnorm-cancelled = All right, nothing changed.
setnorm-saved = Saved.
setnorm-changed = { $param }{ $scope ->
    [none] {""}
   *[other] {" "}for “{ $scope }”
 }: was { $before }, now { $after }.
setnorm-enabled = The rule “{ $rule }” is on.
setnorm-disabled = The rule “{ $rule }” is off: it finds nothing new until it is turned on again.
setnorm-invalid = This norm cannot be saved: { $error }
setnorm-usage = To change a norm: /setnorm, step by step with buttons.
setnorm-examples = Examples:
    /setnorm stage_time_exceeded "Contact made" 24h
    /setnorm deal_lifetime_exceeded Sales 10d
    /setnorm task_overdue escalation 0 manager, 0 supervisor, 2h supervisor, 1d report_chat
    /setnorm lost_without_reason off
    /setnorm with no arguments walks you through it.
setnorm-unknown-rule = There is no rule “{ $rule }”. Rules: { $rules }.
setnorm-missing-value = A value for { $rule } is missing.
setnorm-no-value = The rule { $rule } has no number to set: it can only be turned on or off.
setnorm-no-scope = The rule { $rule } is not set per stage or pipeline, and “{ $scope }” looks like one.
setnorm-unknown-stage = No open stage “{ $scope }”. Stages with norms: /norms; step by step: /setnorm.
setnorm-unknown-pipeline = No pipeline “{ $scope }”. Step by step, with buttons: /setnorm.

## Hours and schedule

hours-summary = <b>Working time</b>: { $days }, { $from }–{ $to } ({ $timezone })
    Managers only hear from me during working time; what happens outside it arrives at the start of the next working day.
    <b>Quiet hours</b>: { $quiet ->
        [none] not set
       *[other] { $quiet }, when I write to nobody
    }
    <b>Supervisors</b>: { $supervisors ->
        [always] any time except quiet hours
       *[working] during working time only, too
    }

    To change: /hours 09:00-18:00 mon-fri Europe/Moscow · /hours quiet 22:00-08:00 (or off) · /hours supervisors always (or working)
hours-bad-working = I did not understand “{ $value }”. Example: /hours 09:00-18:00 mon-fri Europe/Moscow (days and time zone are optional).
hours-bad-quiet = I did not understand “{ $value }”. Example: /hours quiet 22:00-08:00; to turn off: /hours quiet off.
hours-bad-supervisors = I did not understand “{ $value }”. Write /hours supervisors always (any time except quiet hours) or /hours supervisors working (working time only).
hours-invalid = These working hours cannot be saved: { $problems }. Example: /hours 09:00-18:00 mon-fri Europe/Moscow
schedule-current = The weekly report comes { $schedule }. To change: /schedule mon 09:00 (admins).
schedule-changed = Done: the report will now come { $schedule }.
schedule-bad = I did not understand “{ $value }”. Examples: /schedule mon 09:00, /schedule fri 17:30, or a cron expression: /schedule 0 9 * * 1

## Sync and status

sync-started = Syncing the CRM ({ $crm })…
sync-done = Sync finished in { $seconds } s: { $deals } deals, { $tasks } tasks. New findings: { $opened }, resolved: { $resolved }, open now: { $open }. New overdue notifications: { $pings }.
sync-failed = The sync failed: { $reason }
    The previous data is intact. Details: /status.
sync-busy = A sync is already running: it was started at { $since } by another process (pid { $pid }), e.g. from the console. Send /sync again when it is over.
status-title = Quality-control bot · { $account } · CRM: { $crm }
status-last-sync-ok = Last sync: { $at }, successful
status-last-sync-failed = Last sync: { $at }, failed: { $error }
status-last-sync-running = A sync is running since { $at }
status-never-synced = No sync yet.
status-freshness = CRM data is { $age } old
status-no-data = No CRM data yet.
status-stale = ⚠️ CRM data is out of date: the last successful sync was { $age } ago. New overdue pings wait until a sync gets through.
status-queue = Messages in the queue: { $count }
status-linked = Linked CRM users: { $linked } of { $total }
status-report-chat = Report chat: { $chat ->
    [none] not chosen (/bind in a group)
   *[other] { $chat }
 }
status-supervisors-chat = Supervisors' chat: { $chat ->
    [none] not chosen (supervisors' notifications go privately or to the report chat)
   *[other] { $chat }
 }
status-schedule = The report comes { $schedule }

## Admins

admins-title = The bot's admins:
admins-configured = (from ADMIN_TELEGRAM_IDS)
admins-hint = Add: /admins add ID, remove: /admins remove ID. A Telegram user id is a number; @userinfobot, for one, shows it.
admins-usage = Example: /admins add 123456789 or /admins remove 123456789
admins-added = Done: { $id } is now an admin of the bot.
admins-removed = Done: { $id } is no longer an admin.
admins-not-admin = { $id } is not an admin.
admins-configured-stays = { $id } is set in ADMIN_TELEGRAM_IDS: only the bot's settings can remove them.

## Language

lang-usage = I write to you in { $current ->
    [ru] Russian
   *[en] English
 } now. To change: /lang ru for Russian, /lang en for English.
lang-set = All right, I write to you in English now.
lang-private-only = The language is chosen in a private chat with me; in a group I write in the report's language.
cmd-pings = when my managers' task notifications reach me
pings-supervisors-only = This command is for group supervisors linked to the bot: it sets when their managers' task notifications reach them.
pings-usage = Your managers' task notifications reach you { $current ->
    [always] at any time except quiet hours
   *[working] during working time only
 }. To change: /pings always (any time except quiet hours) or /pings working (working time only).
pings-set = Done: your managers' task notifications will reach you { $current ->
    [always] at any time except quiet hours
   *[working] during working time only
 }.

## Supervisors of CRM groups

cmd-supervisors = supervisors of the CRM groups
supervisors-title = <b>Group supervisors</b>
supervisors-none = none (notifications go to the supervisors' chat)
supervisors-set-here = {" "}(set in the bot)
supervisors-hint = To set: /supervisors Sales = Sergey. Back to the CRM's: /supervisors Sales = -
supervisors-usage = Example: /supervisors Sales = Sergey (or = - for the CRM's). Groups: /supervisors.
supervisors-unknown-group = There is no group “{ $group }” in the CRM. Groups: /supervisors.
supervisors-set = Done: { $name } supervises “{ $group }”. Their managers' overdue notifications go to them.
supervisors-cleared = Done: “{ $group }” has the CRM's supervisor again.
supervisors-no-groups = There are no groups in the CRM yet: the first sync has not finished, or there are none.
