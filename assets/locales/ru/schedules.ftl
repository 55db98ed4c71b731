## Личные графики: /shift, /away, /shifts; отсутствие менеджера в уведомлениях

absence-kind = { $kind ->
        [vacation] в отпуске
        [sick] на больничном
       *[day_off] в отгуле
    }
ping-manager-away = Менеджер { absence-kind } до { $until } включительно, поэтому пишу вам.
