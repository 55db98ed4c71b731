## /holidays: the production calendar — public holidays, moved days off and the team's own days

cmd-holidays = days off and holidays: the production calendar and your own days
holiday-name = { $id ->
        [new-year] New Year holidays
        [christmas] Orthodox Christmas
        [defender-day] Defender of the Fatherland Day
        [womens-day] International Women's Day
        [spring-labour-day] Spring and Labour Day
        [victory-day] Victory Day
        [russia-day] Russia Day
       *[unity-day] Unity Day
    }
holidays-title = <b>Days off and working days</b> from { $from } to { $to } (working week: { $weekdays }):
holidays-none = All as the usual working week: no holidays, no moved days.
# $why — holidays-why-*.
holidays-line = • { $date }, { $weekday } — { $working ->
        [yes] working day
       *[no] day off
    }: { $why }
holidays-why-holiday = public holiday, { $name }
holidays-why-moved-off = day off moved from { $other }
holidays-why-moved-working = working by a transfer, its day off moved to { $other }
holidays-why-weekday = as the working week goes
holidays-why-own = your mark
holidays-why-own-over = your mark; by the calendar — { $calendar }
holidays-own-title = <b>Your marks</b> (they win over the production calendar):
holidays-own-none = None.
holidays-own-item = • { $date }, { $weekday } — { $working ->
        [yes] working day
       *[no] day off
    }
holidays-own-past = …and in the past: { $count }.
holidays-coverage = The Government's transfers of days off are known for { $years } (data of { $updated }). In other years only the public holidays of art. 112 of the Labour Code are days off; mark transfers yourself.
holidays-usage = To change: /holidays add 31.12 — make a day a day off; /holidays work 31.12 — a working day (even a holiday or a moved day off); /holidays remove 31.12 — take your mark back. Dates as DD.MM (the nearest ahead) or DD.MM.YYYY.
holidays-marked-off = Done: { $date }, { $weekday } is a day off. Working time does not run that day; managers' pings wait for the next working day.
holidays-marked-working = Done: { $date }, { $weekday } is a working day, with the usual hours { $from }–{ $to }.
holidays-already = { $date }, { $weekday } is a { $working ->
        [yes] working day
       *[no] day off
    } already ({ $why }). Nothing changed.
holidays-unmarked = Done: the mark on { $date } is gone. It is now a { $working ->
        [yes] working day
       *[no] day off
    } ({ $why }).
holidays-not-marked = { $date } has no mark of yours — nothing to remove.{ $hint }
holidays-hint-work = {" "}It is a day off by the production calendar; to make it a working day: /holidays work { $date }
holidays-bad-command = I did not understand “{ $value }”. Examples: /holidays — the list; /holidays add 31.12 — a day off; /holidays work 31.12 — a working day; /holidays remove 31.12 — take a mark back.
holidays-bad-date = I did not understand the date “{ $value }”. Write DD.MM or DD.MM.YYYY, e.g. /holidays { $verb } 31.12 or /holidays { $verb } 31.12.2026
holidays-no-date = Which day? Write a date: /holidays { $verb } 31.12 or /holidays { $verb } 31.12.2026
