## /holidays: производственный календарь — праздники, переносы выходных и свои дни команды

cmd-holidays = выходные и праздники: производственный календарь и свои дни
holiday-name = { $id ->
        [new-year] Новогодние каникулы
        [christmas] Рождество Христово
        [defender-day] День защитника Отечества
        [womens-day] Международный женский день
        [spring-labour-day] Праздник Весны и Труда
        [victory-day] День Победы
        [russia-day] День России
       *[unity-day] День народного единства
    }
holidays-title = <b>Выходные и рабочие дни</b> с { $from } по { $to } (рабочая неделя: { $weekdays }):
holidays-none = Всё по обычной рабочей неделе: ни праздников, ни переносов.
# $why — holidays-why-*.
holidays-line = • { $date }, { $weekday } — { $working ->
        [yes] рабочий день
       *[no] выходной
    }: { $why }
holidays-why-holiday = праздник, { $name }
holidays-why-moved-off = выходной перенесён с { $other }
holidays-why-moved-working = рабочий по переносу, выходной перенесён на { $other }
holidays-why-weekday = так по рабочей неделе
holidays-why-own = ваша отметка
holidays-why-own-over = ваша отметка; по календарю — { $calendar }
holidays-own-title = <b>Ваши отметки</b> (важнее производственного календаря):
holidays-own-none = Нет.
holidays-own-item = • { $date }, { $weekday } — { $working ->
        [yes] рабочий день
       *[no] выходной
    }
holidays-own-past = …и ещё в прошлом: { $count }.
holidays-coverage = Переносы выходных по постановлениям Правительства известны за { $years } (данные от { $updated }). В другие годы выходные — только праздники из ст. 112 Трудового кодекса; переносы отметьте сами.
holidays-usage = Изменить: /holidays add 31.12 — сделать день выходным; /holidays work 31.12 — рабочим (даже праздник или перенесённый выходной); /holidays remove 31.12 — снять свою отметку. Дата — ДД.ММ (ближайшая впереди) или ДД.ММ.ГГГГ.
holidays-marked-off = Готово: { $date }, { $weekday } — выходной. Рабочее время в этот день не считается, уведомления менеджерам ждут следующего рабочего дня.
holidays-marked-working = Готово: { $date }, { $weekday } — рабочий день, часы обычные: { $from }–{ $to }.
holidays-already = { $date }, { $weekday } — и так { $working ->
        [yes] рабочий день
       *[no] выходной
    } ({ $why }). Ничего не менял.
holidays-unmarked = Готово: отметка на { $date } снята. Теперь это { $working ->
        [yes] рабочий день
       *[no] выходной
    } ({ $why }).
holidays-not-marked = На { $date } вашей отметки нет — снимать нечего.{ $hint }
holidays-hint-work = {" "}Это выходной по производственному календарю; сделать его рабочим: /holidays work { $date }
holidays-bad-command = Не понял «{ $value }». Примеры: /holidays — список; /holidays add 31.12 — выходной; /holidays work 31.12 — рабочий день; /holidays remove 31.12 — снять отметку.
holidays-bad-date = Не понял дату «{ $value }». Пишите ДД.ММ или ДД.ММ.ГГГГ, например: /holidays { $verb } 31.12 или /holidays { $verb } 31.12.2026
holidays-no-date = Какой день? Напишите дату: /holidays { $verb } 31.12 или /holidays { $verb } 31.12.2026
