## Personal schedules: /shift, /away, /shifts; a manager's absence in pings

absence-kind = { $kind ->
        [vacation] on vacation
        [sick] on sick leave
       *[day_off] on a day off
    }
ping-manager-away = The manager is { absence-kind } until { $until } inclusive, so I am telling you.
