## Personal schedules: /shift, /away, /shifts; a manager's absence in pings

absence-kind = { $kind ->
        [vacation] on vacation
        [sick] on sick leave
       *[day_off] on a day off
    }
ping-manager-away = The manager is { absence-kind } until { $until } inclusive, so I am telling you.

cmd-shift = a person's own schedule: shifts like 3/3, own hours
cmd-away = a person's vacation, sick leave, day off
cmd-shifts = who works when

shift-usage = How to set a person's own schedule:
    /shift Ippolit 3/3 from 01.12 09:00-21:00 — three days on, three off, from 1 December
    /shift Ippolit 1/3 09:00-09:00 — a 24-hour shift every fourth day
    /shift Ippolit 2/2 21:00-09:00 — night shifts
    /shift Ippolit mon-fri 10:00-19:00 — a week of their own
    /shift Ippolit reset — back to the company's hours
    Who works when — /shifts.
away-usage = How to mark an absence:
    /away Ippolit 10.12-20.12 vacation — a vacation (also sick, day-off)
    /away Ippolit 07.12 — a single day off
    /away Ippolit until 20.12 sick — from today
    /away Ippolit remove 15.12 — takes back the absence that holds 15.12
    /away Ippolit — their absences; /away — everyone's coming ones

shift-pattern-cycle = shifts { $on }/{ $off } from { $start }, { $hours }
shift-pattern-weekly = { $days }, { $hours }
shift-pattern-account = the company's hours ({ $pattern })
absence-name = { $kind ->
        [vacation] vacation
        [sick] sick leave
       *[day_off] day off
    }
away-item = { absence-name } { $one ->
        [yes] { $from }
       *[no] { $from } – { $to }
    }
shifts-working-until = working now, until { $until }
shifts-next = next working time: { $day } { $date }, { $time }
shifts-never = no working time ahead — check the schedule
shifts-away = away: { $absence }
shifts-title = <b>Who works when</b>
shifts-line = • <b>{ $name }</b> — { $schedule }; { $when }
shifts-rest = The other CRM users ({ $count }) are not connected to the bot and work the company's hours.
shifts-hint = Set a person's own schedule — /shift, mark a vacation — /away. Overdue pings reach a person only in their working time, and their supervisor while they are away.

schedule-error-no-name = Write a CRM user's name after /{ $command }.
schedule-error-no-schedule = I could not tell which schedule to set.
schedule-error-bad-cycle = “{ $word }” does not read as shifts: write “days on/days off”, 1 to 14, like 3/3 or 2/2.
schedule-error-no-hours = Give the shift's hours, like 09:00-21:00.
schedule-error-bad-hours = “{ $word }” does not read as hours: write HH:MM-HH:MM, like 09:00-21:00 (a night shift: 21:00-09:00).
schedule-error-bad-days = Give either shifts (3/3) or weekdays (mon-fri), not both.
schedule-error-bad-date = “{ $word }” does not read as a date: write DD.MM or DD.MM.YYYY, like 10.12.
schedule-error-no-dates = Give the dates, like 10.12-20.12.
schedule-error-dates-reversed = The end date is before the start date.
schedule-error-too-long = An absence longer than a year — check the dates.
schedule-error-unknown-word = I did not understand “{ $word }”.
schedules-not-allowed-anyone = A schedule can be changed by a bot admin or by the person's supervisor. Your own schedule and absences — /shifts, and /away with your name.
schedules-not-allowed = { $name }'s schedule can be changed by a bot admin or by their supervisor.

shift-set = Done: { $name } now works { $pattern }. Pings come only then, and working-time norms count it; { $next }.
shift-reset = Done: { $name } works the company's hours again — { $pattern }.
shift-already-account = { $name } has no schedule of their own: they work the company's hours — { $pattern }.
away-added = Done: { $name } — { $absence }. { $hasSupervisor ->
        [yes] While they are away, their overdue pings go to their supervisor, { $supervisor }, saying until when.
       *[no] While they are away, their overdue pings do not go to them: with no supervisor, they go to the supervisors' chat (/bind supervisors).
    } Working-time norms do not run for them on those days.
away-removed = Taken back: { $name } — { $absence }.
away-none-on = { $name } has no absence that holds { $date }. Their absences — /away { $name }.
away-overlaps = { $name } already has: { $absence }. To change it, take it back first: /away { $name } remove { $date }
away-title = <b>Absences</b> (now and coming):
away-title-person = <b>Absences: { $name }</b>
away-line = • { $name } — { $absence }
away-none = Nobody is away and no absence is planned.

# After a manager's line in the report: findings that lived only while the manager was away.
report-manager-set-aside = { " · " }{ $count } more while away, not counted

# Right after linking, when the person has a schedule of their own.
link-summary-own-hours = I write to you in your working time: { $pattern } ({ $timezone }); what goes overdue outside it comes at the start of your next shift.

# In a supervisor's digest, after an item of a manager who is away.
ping-digest-away = { " " }— the manager is { absence-kind } until { $until }
