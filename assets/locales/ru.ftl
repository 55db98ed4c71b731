## Units and money

money = { $amount } ₽
money-thousands = { $amount } тыс. ₽
money-millions = { $amount } млн ₽
unit-days = { $n } дн
unit-hours = { $n } ч
unit-minutes = { $n } мин

## Rules: short names as a sales head says them

rule-task_overdue = Просроченные задачи
rule-deal_without_task = Сделки без задачи
rule-stage_time_exceeded = Дольше нормы на этапе
rule-deal_lifetime_exceeded = Сделка дольше срока жизни
rule-first_contact_slow = Долгий первый контакт
rule-lost_without_reason = Отказ без причины
rule-task_without_deadline = Задача без срока
rule-manager_overloaded = Перегруз менеджера
rule-high_value_unattended = Крупная сделка без внимания

severity-violation = нарушение
severity-remark = замечание

## One finding, explained: what, since when, by how much

finding-task_overdue = Задача «{ $task }» просрочена на { $lateMs } (срок был { $dueAt }).
finding-deal_without_task = В сделке нет задачи уже { $withoutTaskMs }.
finding-stage_time_exceeded = На этапе { $inStageMs } при норме { $normMs } (с { $enteredAt }).
finding-deal_lifetime_exceeded = Сделке { $ageMs } при сроке жизни { $normMs }.
finding-first_contact_slow = { $contactedAt ->
    [none] Клиент ждёт первого контакта уже { $waitedMs } при норме { $normMs }.
   *[other] Первый контакт через { $waitedMs } при норме { $normMs }.
}
finding-lost_without_reason = Сделка закрыта как нереализованная { $closedAt } без причины отказа.
finding-task_without_deadline = У задачи «{ $task }» нет срока (поставлена { $createdAt }).
finding-manager_overloaded = Открытых сделок: { $openDeals } при норме не больше { $maxOpenDeals }.
finding-high_value_unattended = { $reason ->
    [overdue_task] Сделка на { $price } ждёт: задача по ней просрочена.
   *[no_task] Сделка на { $price } осталась без задачи.
}

## Weekly report

report-title = <b>Контроль качества продаж</b>
    Неделя { $from } — { $to }
report-totals = Нарушений: <b>{ $violations }</b> { $violationsChange }
    Замечаний: <b>{ $remarks }</b> { $remarksChange }
report-change-up = (▲ { $percent }% к прошлой неделе)
report-change-down = (▼ { $percent }% к прошлой неделе)
report-change-same = (как на прошлой неделе)
report-change-new = (на прошлой неделе не было)
report-money = В сделках с открытыми нарушениями: <b>{ $amount }</b>
report-nothing = За неделю нарушений и замечаний нет — процесс идёт по нормам. Так держать!
report-worst-title = <b>Где больше всего проблем</b>
report-worst-line = { $place }. { $stage } — { $total } (чаще всего: { $rule })
report-managers-title = <b>По менеджерам</b> (всего · на 100 открытых сделок)
report-manager-line = • { $name } — { $total } · { $per100 }
report-manager-line-no-deals = • { $name } — { $total } · нет открытых сделок
report-manager-line-few-deals = • { $name } — { $total } · мало сделок для сравнения
report-unassigned = Без ответственного
report-rules-title = <b>По правилам</b>
report-rule-line = • { $rule } — { $total }
report-recommendations-title = <b>Что сделать на этой неделе</b>
report-footer = Нарушение — то, что уже стоит денег; замечание — то, что скоро начнёт. Нормы можно поменять под ваш процесс.

## Recommendations

rec-stage-stuck = • На этапе «{ $stage }» { $count } { $count ->
    [one] сделка задержалась
    [few] сделки задержались
   *[many] сделок задержались
 } дольше нормы ({ $hours } ч). Проверьте, не собрано ли на этапе несколько разных действий: такой этап стоит разбить на два — или пересмотреть норматив.
rec-money-stage = • Больше всего денег с открытыми нарушениями на этапе «{ $stage }»: { NUMBER($amount, maximumFractionDigits: 0) } ₽. Начните разбор с него — обзвоните клиентов и поставьте следующий шаг.
rec-no-task = • { $count } { $count ->
    [one] сделка осталась
    [few] сделки остались
   *[many] сделок остались
 } без задачи. Настройте автоматическую постановку задачи при смене этапа, чтобы у каждой сделки был следующий шаг.
rec-first-contact = • { $count } { $count ->
    [one] новое обращение ждало
    [few] новых обращения ждали
   *[many] новых обращений ждали
 } первого контакта дольше { $minutes } мин. Клиент выбирает из нескольких предложений: кто дозвонился первым, тот и продал.
rec-loss-reason = • { $count } { $count ->
    [one] сделка закрыта
    [few] сделки закрыты
   *[many] сделок закрыты
 } без причины отказа. Сделайте поле «Причина отказа» обязательным — без него не понять, где теряем клиентов.
rec-fairness = • { $name }: больше всего отметок ({ $total }), но на 100 сделок — { $per100 }, почти как в среднем по отделу ({ $median }). Это объём, а не небрежность: помогите разобрать «хвост» задач, не отвлекая от продаж.
rec-overloaded = • { $name }: { $open } { $open ->
    [one] открытая сделка
    [few] открытые сделки
   *[many] открытых сделок
 } при норме { $max }. Перераспределите часть сделок или передайте неготовых клиентов на прогрев.
rec-growth = • Нарушений на { $percent }% больше, чем неделей раньше. Посмотрите, что изменилось: поток заявок, состав команды или настройки воронки.

## Charts

chart-stages-title = Нарушения и замечания по этапам
chart-stages-caption = Этапы с наибольшим числом отметок за неделю, по правилам. Больше всего — «{ $stage }»: { $total }.
chart-managers-title = Доля отметок по менеджерам
chart-managers-caption = Доля нарушений и замечаний за неделю по менеджерам. Смотрите рядом с графиком «на 100 сделок»: у того, кто ведёт больше сделок, отметок больше.
chart-rate-title = Отметок на 100 открытых сделок
chart-rate-caption = Справедливое сравнение: число отметок на 100 открытых сделок менеджера. Лучше всех — { $best }.
chart-rate-axis = на 100 сделок
chart-trend-title = Динамика по неделям
chart-trend-caption = Нарушения и замечания за последние { $weeks } недель. На этой неделе: нарушений — { $violations }, замечаний — { $remarks }.
chart-trend-violations = Нарушения
chart-trend-remarks = Замечания
chart-money-title = Деньги в сделках с открытыми нарушениями
chart-money-caption = Сумма сделок, в которых сейчас есть нарушение, по этапам. Всего: { $amount }.
chart-empty = Нет данных за неделю
