## The XLSX export (/export, cli export): sheet names and column headers.

cmd-export = выгрузка в Excel: замечания и KPI

export-sheet-findings = Открытые отметки
export-sheet-managers = KPI менеджеров
export-sheet-funnel = Воронка
export-rule = Правило
export-rule-id = Код правила
export-severity = Тип
export-deal-id = ID сделки
export-deal = Сделка
export-task-id = ID задачи
export-manager = Менеджер
export-manager-id = ID менеджера
export-pipeline = Воронка
export-stage = Этап
export-amount = Сумма, ₽
export-since = С какого момента
export-explanation = Что случилось
export-link = Ссылка в CRM
export-snoozed-until = Отложено до
export-new-deals = Новых сделок
export-first-dial-median = Первый звонок, медиана, мин
export-first-dial-p90 = Первый звонок, 90%, мин
export-reached-share = Дозвонились вовремя
export-won-count = Выиграно
export-won-amount = Выиграно, ₽
export-lost-count = Проиграно
export-lost-by-reason = Причины отказа
export-tasks-per-day = Задач в день
export-calls-per-day = Звонков в день
export-backward-moves = Возвраты назад
export-working-days = Рабочих дней
export-stage-id = ID этапа
export-key-stage = КЭВ
export-entered = Вошло
export-moved-forward = Пошло дальше
export-won = Выиграно
export-lost = Проиграно
export-conversion-next = Конверсия дальше
export-conversion-won = Конверсия в победу
export-median-hours = Медиана на этапе, ч

export-private-only = Выгрузку пришлю только в личный чат: в ней названия сделок, а в группе их видят все. Напишите мне /export в личку.
export-caption = { $team ->
    [team] Ваша команда
   *[all] Весь отдел
 }: открытых отметок — { $findings }, KPI за 7 дней — по { $managers } { $managers ->
    [one] сотруднику
   *[other] сотрудникам
 }. Листы: отметки со ссылками на сделки, KPI менеджеров, воронка.
