## The weekly report's funnel KPIs: the text lines, the KPI card, the funnels and each manager's trend.

kpi-text-title = <b>Показатели недели</b>
kpi-text-better = 📈 { $name }: { $figure } — { $before } → { $now }. Что сработало? Стоит рассказать команде.
kpi-text-worse = 📉 { $name }: { $figure } — { $before } → { $now }. Что изменилось на неделе — поток лидов, отпуск, сложные сделки? Хороший вопрос для разговора один на один.
kpi-text-steady = Заметных перемен в показателях менеджеров нет: всё в пределах четверти от прошлой недели.
kpi-text-leak = 🔻 Воронка «{ $pipeline }»: больше всего теряем на этапе «{ $stage }» — дальше пошли { $share } ({ $moved } из { $entered }).
kpi-text-leak-before = 🔻 Воронка «{ $pipeline }»: больше всего теряем на этапе «{ $stage }» — дальше пошли { $share } ({ $moved } из { $entered }), неделей раньше — { $before }.

kpi-figure-newDeals = новых сделок
kpi-figure-reachedShare = доля лидов, до которых дозвонились вовремя
kpi-figure-firstDial = время до первого звонка (медиана)
kpi-figure-won = выиграно сделок
kpi-figure-tasksPerDay = закрытых задач в день
kpi-figure-callsPerDay = звонков в день
kpi-under-a-minute = < 1 мин

kpi-card-title = KPI менеджеров: { $from } — { $to } против прошлой недели
kpi-card-subtitle = Крупно — эта неделя, ниже серым — прошлая. Зелёным — стало лучше, красным — хуже (время до звонка лучше, когда меньше).
kpi-card-manager = Менеджер
kpi-col-newDeals = Новые сделки
kpi-col-reachedShare = Дозвон вовремя
kpi-col-firstDial = До 1-го звонка
kpi-col-won = Выиграно: шт · ₽
kpi-col-tasksPerDay = Задач в день
kpi-col-callsPerDay = Звонков в день
kpi-card-median = Медиана команды
kpi-card-note = Дозвон и время до звонка — по новым сделкам; задачи и звонки — на рабочий день менеджера.
kpi-card-left = Ещё { $count } { $count ->
    [one] менеджер
    [few] менеджера
   *[many] менеджеров
 } — в выгрузке /export.
kpi-card-caption = Показатели менеджеров за неделю против прошлой: новые сделки, доля лидов, до которых дозвонились вовремя, время до первого звонка (медиана), выигранные сделки и их сумма, закрытые задачи и звонки в рабочий день. Стрелка — куда сдвинулось, цвет — к лучшему (зелёный) или нет (красный); внизу — медиана команды.

kpi-funnel-title = Воронки: { $from } — { $to }
kpi-funnel-subtitle = Сколько сделок вошло на этап за неделю и какая доля из них пошла дальше — на следующие этапы или в успех.
kpi-funnel-legend-entered = вошло на этап
kpi-funnel-legend-key = ключевой этап (КЭВ)
kpi-funnel-legend-leak = где теряем больше всего
kpi-funnel-key-mark = КЭВ
kpi-funnel-onward = дальше { $share }
kpi-funnel-leak = Теряем больше всего: «{ $stage }» — дальше { $share } ({ $moved } из { $entered })
kpi-funnel-no-leak = Мало сделок, чтобы найти слабое место (нужно от 5 на этапе)
kpi-funnel-caption = Воронки за неделю: сколько сделок вошло на каждый этап и какая доля пошла дальше. Сделки, вошедшие в конце недели, ещё не успели продвинуться — сравнивайте недели между собой.
kpi-funnel-caption-leak = В воронке «{ $pipeline }» больше всего теряем на этапе «{ $stage }»: дальше пошли { $share }%.
kpi-funnel-caption-no-key = Ключевой этап (КЭВ) не задан: его задают в нормах (keyStages).
kpi-funnel-caption-left = Ещё { $count } { $count ->
    [one] воронка
    [few] воронки
   *[many] воронок
 } — в выгрузке /export.

kpi-trend-title = Отметок на 100 открытых сделок: { $weeks } недель по каждому менеджеру
kpi-trend-subtitle = Пунктир — медиана команды; шкала у всех общая, от { $low } до { $high } (верхняя и нижняя линии). Зелёным — отметок стало меньше, красным — больше.
kpi-trend-caption = Отметок на 100 открытых сделок у каждого менеджера за { $weeks } недель: кто исправляется. Крайняя точка справа — эта неделя; разрыв — неделя, когда открытых сделок было меньше 10.
kpi-trend-caption-best = Заметнее всех снизил(а) — { $name }: хороший повод спросить, что помогло.
kpi-trend-caption-none = На этой неделе заметно не снизил никто — посмотрите, у кого линия растёт.
kpi-trend-caption-left = Ещё { $count } — не поместились: здесь те, у кого больше открытых сделок.
