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
rule-missed_call_not_returned = Пропущенный звонок без перезвона
rule-lost_without_reason = Отказ без причины
rule-task_without_deadline = Задача без срока
rule-manager_overloaded = Перегруз менеджера
rule-high_value_unattended = Крупная сделка без внимания

severity-violation = нарушение
severity-remark = замечание

## One finding, explained: what, since when, by how much

finding-task_overdue = Задача { $task ->
        [none] без текста
        [hidden] (текст скрыт)
       *[other] «{ $task }»
    } просрочена на { $lateMs } (срок был { $dueAt }).
finding-deal_without_task = В сделке нет задачи уже { $withoutTaskMs }.
finding-stage_time_exceeded = На этапе { $inStageMs } при норме { $normMs } (с { $enteredAt }).
finding-deal_lifetime_exceeded = Сделке { $ageMs } при сроке жизни { $normMs }.
finding-first_contact_slow = { $contactedAt ->
    [none] Клиент ждёт первого контакта уже { $waitedMs } при норме { $normMs }.
   *[other] Первый контакт через { $waitedMs } при норме { $normMs }.
}
finding-missed_call_not_returned = Пропущенный звонок { $phone ->
    [none] клиента
   *[other] с номера { $phone }
 } { $calledAt }: { $returnedAt ->
    [none] не перезвонили уже { $waitedMs } при норме { $normMs }.
   *[other] перезвонили через { $waitedMs } при норме { $normMs }.
}
finding-lost_without_reason = Сделка закрыта как нереализованная { $closedAt } без причины отказа.
finding-task_without_deadline = У задачи { $task ->
        [none] без текста
        [hidden] (текст скрыт)
       *[other] «{ $task }»
    } нет срока (поставлена { $createdAt }).
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
report-data-as-of = Данные CRM на { $at }.
report-stale = ⚠️ <b>Данные CRM от { $at }</b>: синхронизация не проходит — { $reason ->
        [none] причина неизвестна, подробности в /status
       *[other] { $reason }
    }. Всё ниже — на тот момент, свежие изменения в отчёт не попали.

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
rec-missed-calls = • { $count } { $count ->
    [one] пропущенный звонок клиента остался
    [few] пропущенных звонка клиентов остались
   *[many] пропущенных звонков клиентов остались
 } без перезвона дольше { $minutes } мин. Клиент, который позвонил сам, — самый тёплый: назначьте, кто перезванивает по пропущенным, пока менеджер занят.
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

## Bot: command descriptions (the menu next to the input field)

cmd-start = начать работу с ботом
cmd-help = что умеет бот
cmd-me = мои открытые замечания
cmd-report = отчёт о качестве за неделю — сейчас («/report me» — мой)
cmd-lang = язык бота: русский или английский
cmd-bind = сделать этот чат чатом отчётов
cmd-managers = сотрудники CRM и кто подключён
cmd-link = ссылка для подключения сотрудника
cmd-unlink = отключить сотрудника от бота
cmd-norms = нормы контроля
cmd-setnorm = изменить норму
cmd-hours = рабочие часы и тихое время
cmd-schedule = когда приходит еженедельный отчёт
cmd-privacy = что бот показывает в групповых чатах о клиентах
cmd-sync = синхронизировать CRM сейчас
cmd-status = состояние бота
cmd-findings = замечания менеджера или этапа
cmd-admins = администраторы бота

## Bot: replies

bot-welcome = Здравствуйте! Я бот контроля качества продаж. Смотрю CRM и нахожу, где процесс буксует: просроченные задачи, сделки без следующего шага, зависшие этапы, отказы без причины. Раз в неделю присылаю руководителям отчёт с графиками и подсказками, что поправить в первую очередь.

    Как начать:
    • администратор добавляет меня в чат руководителей и пишет там /bind;
    • /report — отчёт за последнюю неделю прямо сейчас;
    • /help — все команды.
bot-help = <b>Что я умею</b>
    /me — ваши открытые замечания (для подключённых сотрудников)
    /shifts — ваш график и когда вы работаете в следующий раз
    /report me — ваша неделя: цифры и открытые замечания, в личные сообщения
    /snooze сделка 123 2 недели ждём оплату — отложить свою сделку или задачу (или кнопка «⏸ Отложить» под уведомлением и в /me); /snoozed — что отложено, отменить
    /help — эта справка
    /lang en — по-английски (/lang ru — по-русски)

    Еженедельный отчёт приходит в чат руководителей { $schedule }. О просроченной задаче я пишу менеджеру сразу — в рабочее время и со ссылкой на сделку. В начале рабочего дня — короткая сводка: просрочки, неотвеченные звонки, задачи на сегодня, сделки без следующего шага (если сказать нечего, не пишу).
bot-help-supervisor = <b>Для руководителей</b>
    /report — отчёт о качестве за последние 7 дней, сейчас
    /findings Имя — открытые замечания менеджера; /findings Этап — замечания на этапе
    /export — в личном чате: файл Excel с открытыми замечаниями (со ссылками на сделки) и KPI вашей команды за неделю
    /snoozed — что отложили ваши менеджеры; подтвердить или отклонить отложение дольше нормы, отменить любое; /snooze — отложить за менеджера
    /pings always — уведомления о задачах менеджеров в любое время, кроме тихого (/pings working — только в рабочее время)
    /shifts — кто когда работает; /shift Имя 3/3 с 01.12 09:00-21:00 — личный график вашего менеджера; /away Имя 10.12-20.12 отпуск — отпуск, больничный, отгул
bot-help-admin = <b>Для администраторов</b>
    /bind — в групповом чате: присылать сюда еженедельный отчёт
    /bind supervisors — в групповом чате: присылать сюда уведомления для руководителей
    /managers — сотрудники CRM и кто подключён
    /link Имя — одноразовая ссылка, чтобы сотрудник подключился
    /unlink Имя — отключить сотрудника
    /norms — нормы; /setnorm — изменить норму (по шагам или одной строкой: /setnorm stage_time_exceeded "Контакт установлен" 24h)
    /hours — рабочие часы, тихое время: /hours 09:00-18:00 пн-пт Europe/Moscow, /hours quiet 22:00-08:00, /hours supervisors always
    /schedule — когда приходит отчёт: /schedule пн 09:00
    /digest — утренняя сводка менеджерам и вечерняя проверка в чате отчётов: /digest morning off, /digest evening 19:30
    /holidays — выходные и праздники: /holidays add 31.12 (выходной), /holidays work 31.12 (рабочий), /holidays remove 31.12
    /shift, /away — личные графики и отсутствия любого сотрудника (так же, как у руководителей); /shifts — кто когда работает
    /snooze, /snoozed — отложить любую сделку или задачу, подтвердить или отменить отложение (норма без подтверждения — snoozeMaxDays в файле норм)
    /privacy — что видно в групповых чатах: /privacy strict (только номера сделок) или /privacy masked (названия без телефонов, почты и имён)
    /sync — синхронизировать CRM сейчас
    /status — последняя синхронизация, очередь сообщений, кто подключён
    /supervisors — руководители групп CRM: /supervisors Отдел продаж = Сергей
    /admins — администраторы: /admins add 123456789, /admins remove 123456789
bind-only-in-groups = Команду /bind пишут в групповом чате, куда должен приходить отчёт: добавьте меня в чат руководителей и напишите там /bind.
bind-bad-argument = Не понял «{ $argument }». Напишите /bind — чтобы сюда приходил отчёт, или /bind supervisors — чтобы сюда приходили уведомления для руководителей.
bind-done-report = Готово: сюда будет приходить еженедельный отчёт о качестве продаж — { $schedule }. Прислать отчёт за последнюю неделю сейчас — /report.
bind-done-supervisors = Готово: сюда будут приходить уведомления для руководителей о просроченных задачах.
bind-moved = Раньше это приходило в «{ $previous }», теперь — сюда.
admin-only = Эта команда — для администраторов бота. Если она вам нужна, попросите администратора дать вам права.
unbound-group = Я пока не подключён к этому чату. Чтобы сюда приходил отчёт о качестве продаж, администратор бота должен написать здесь /bind.
report-building = Собираю отчёт за неделю, это займёт несколько секунд…
report-sent = Отчёт за неделю { $from } — { $to } отправлен.
report-no-snapshot = Данных из CRM пока нет: первая синхронизация ещё не прошла. Попробуйте через пару минут.
error-generic = Не получилось выполнить команду — ошибка уже записана в журнал. Попробуйте ещё раз через минуту; если не пройдёт, напишите администратору.

schedule-weekly = по { $day ->
    [1] понедельникам
    [2] вторникам
    [3] средам
    [4] четвергам
    [5] пятницам
    [6] субботам
   *[7] воскресеньям
 } в { $time } ({ $timezone })
schedule-cron = по расписанию «{ $cron }» ({ $timezone })

## Overdue pings

crm-unreachable = ⚠️ <b>CRM не отвечает</b> с { $at }: { $reason }
    Уведомления о просрочке задач ждут: без подтверждения из CRM я их не отправляю, чтобы не написать о задаче, которую уже выполнили. Напишу, когда связь восстановится.
snapshot-stale = ⚠️ <b>Данные CRM устарели</b>: последняя успешная синхронизация — { $at }, дальше не проходит ({ $reason ->
        [none] причина неизвестна
       *[other] { $reason }
    }).
    Новые уведомления о просрочке ждут, а отчёт предупредит, что данные старые. Проверьте доступ к CRM: /status, /sync.
snapshot-fresh = ✅ <b>Синхронизация снова проходит</b> ({ $at }): данные CRM свежие, уведомления о просрочке идут дальше.
crm-reachable = ✅ <b>CRM снова отвечает</b> ({ $at }). Уведомления о просрочке идут дальше; отложенные проверю в CRM и отправлю.
ping-manager = ⏰ <b>Задача ждёт выполнения</b>: { $task ->
        [none] без текста
        [hidden] (текст скрыт)
       *[other] «{ $task }»
    }
ping-supervisor = ⏰ <b>{ $manager }</b>: просрочена задача { $task ->
        [none] без текста
        [hidden] (текст скрыт)
       *[other] «{ $task }»
    }
ping-escalation = 🔺 <b>Всё ещё не выполнено</b>, прошло { $late } после срока. { $manager }: { $task ->
        [none] задача без текста
        [hidden] задача (текст скрыт)
       *[other] «{ $task }»
    }
ping-deal = Сделка: { $deal }
ping-no-deal = без сделки
deal-number = сделка №{ $id }
deal-number-short = №{ $id }
ping-stage = Этап: { $stage } ({ $pipeline })
ping-due = Срок был { $due }, просрочено на { $late }
ping-manager-not-reached = Менеджер пока не получает уведомления от бота, поэтому пишу вам. Подключить его — /managers.
ping-open-deal = Открыть сделку
ping-done = ✅ Выполнено { $at }
ping-moved = ↪️ Срок перенесён на { $due }
ping-gone = Задача удалена в CRM
ping-digest-title = { $kind ->
    [calls] ☎️ <b>Пропущенные звонки без перезвона: { $count }</b>
    [both] ⏰ <b>Просроченные задачи и пропущенные звонки: { $count }</b>
   *[tasks] ⏰ <b>Просроченные задачи: { $count }</b>
}
ping-digest-item = { $n }. { $manager }: { $task ->
        [none] задача без текста
        [hidden] задача (текст скрыт)
       *[other] «{ $task }»
    } — { $deal }, срок был { $due } (просрочено на { $late })
ping-unreachable = { $manager } заблокировал(а) бота в Telegram, и уведомления о задачах теперь приходят вам. Когда { $manager } снова напишет боту /start, уведомления пойдут напрямую.

## Linking CRM users to Telegram

link-you-are = Вы подключены как { $name } из CRM: уведомления о просроченных задачах приходят сюда. Ваши открытые замечания — /me.
link-code-unknown = Эта ссылка не подходит. Попросите администратора прислать новую (команда /link).
link-code-used = По этой ссылке уже подключились. Если это были не вы, попросите администратора прислать новую (команда /link).
link-code-expired = Срок действия ссылки истёк. Попросите администратора прислать новую (команда /link).
link-done-manager = Готово, { $name }! Теперь я буду писать вам, когда задача в CRM просрочена, — в рабочее время и со ссылкой на сделку. Ваши открытые замечания — /me.
link-summary-open = <b>Что открыто у вас сейчас</b>: { $list }.
link-summary-none = Сейчас открытых замечаний у вас нет — так держать.
link-summary-oldest = <b>Дольше всего ждут</b>:
link-summary-oldest-line = • «{ $task }»{ $deal ->
        [none] {""}
       *[other] , { $deal }
    } — срок был { $due }
link-summary-hours = Пишу вам в рабочее время: { $days }, { $from }–{ $to } ({ $timezone }); что просрочится вне его, придёт в начале следующего рабочего дня.
link-summary-help = Все ваши замечания — /me, ваша неделя — /report me, что я умею — /help.
link-done-supervisor = Готово, { $name }! Вы руководитель группы: я буду писать вам о просроченных задачах ваших менеджеров и о том, что не сдвинулось за пару часов. Команды — /help.
link-private-only = Ссылку для подключения присылаю только в личном чате, чтобы ею не воспользовался кто-то другой. Напишите мне /link в личные сообщения.
link-invite = Ссылка для подключения { $name }:
    { $url }

    Перешлите её сотруднику: он откроет её и нажмёт «Запустить». Ссылка одноразовая и действует до { $expires }.
managers-title = <b>Сотрудники в CRM: { $count }</b>, подключены к боту: { $linked }
managers-role-supervisor = {" "}(руководитель)
managers-not-linked = не подключён
managers-linked = подключён: { $telegram }
managers-blocked = заблокировал бота ({ $telegram }): уведомления идут руководителю
managers-invite-button = 🔗 Ссылка для: { $name }
managers-hint = Ссылка для подключения — /link Имя (или кнопки ниже, в личном чате). Отключить — /unlink Имя.
managers-empty = В CRM пока нет сотрудников: первая синхронизация ещё не прошла. Попробуйте через пару минут.
person-missing = Напишите после команды имя сотрудника из CRM, например: /{ $command } Ипполит
person-not-found = Не нашёл в CRM сотрудника «{ $query }». Список сотрудников — /managers.
person-ambiguous = «{ $query }» подходит к нескольким сотрудникам: { $names }. Напишите имя точнее.
unlink-usage = Отключить сотрудника: /unlink Имя (для администраторов). Вы сами к боту не подключены.
unlink-self-done = Готово: вы отключены от бота, уведомления о задачах больше не придут. Подключиться снова можно по новой ссылке от администратора.
unlink-done = Готово: { $name } отключён от бота. Его уведомления о задачах теперь получает руководитель.
unlink-not-linked = { $name } и так не подключён к боту.

## Findings in the chat

findings-deal-number = Сделка №{ $id }
findings-none = Открытых замечаний нет — так держать!
findings-more = …и ещё { $count }
findings-usage = Напишите после команды имя менеджера или название этапа, например: /findings Ипполит или /findings Контакт установлен
findings-nothing-matches = Не нашёл ни менеджера, ни открытого этапа «{ $query }». Сотрудники — /managers.
findings-title-manager = Открытые замечания: { $name }
findings-title-stage = Открытые замечания на этапе «{ $stage }»
me-not-linked = Вы пока не подключены к боту как сотрудник CRM. Попросите администратора прислать ссылку для подключения.
me-title = Ваши открытые замечания, { $name }
me-open-now = Что открыто сейчас
supervisors-only = Эта команда — для руководителей и администраторов бота.
report-for-heads = Отчёт для чата руководителей присылаю по команде руководителей и администраторов. Ваша неделя — /report me.
report-usage = Напишите /report — отчёт за неделю, или /report me — ваша неделя в личные сообщения.
report-me-summary = <b>{ $name }, ваша неделя { $from } — { $to }</b>
    Замечаний и нарушений: { $total } (нарушений: { $violations }, замечаний: { $remarks })
    Открытых сделок: { $openDeals }
report-me-open-private = Не могу написать вам в личные сообщения: сначала откройте чат со мной (@{ $bot }) и нажмите «Запустить».
report-me-sent-privately = Отправил вам в личные сообщения.
unknown-command = Не знаю такой команды. Что я умею — /help.

## Norms in the chat

norms-title = <b>Нормы контроля</b>
    Рабочее время: { $days }, { $from }–{ $to } ({ $timezone })
norms-off = выключено
norms-hint = Изменить: /setnorm — по шагам, или одной строкой, например /setnorm stage_time_exceeded "Контакт установлен" 24h
weekday-short = { $day ->
    [1] пн
    [2] вт
    [3] ср
    [4] чт
    [5] пт
    [6] сб
   *[7] вс
 }
norm-param-task_overdue-graceMinutes = допуск
norm-param-deal_without_task-graceMinutes = допуск
norm-param-stage_time_exceeded-hours = норма
norm-param-deal_lifetime_exceeded-days = срок
norm-param-first_contact_slow-minutes = не дольше
norm-param-missed_call_not_returned-minutes = перезвонить не дольше
norm-param-manager_overloaded-maxOpenDeals = открытых сделок больше
norm-param-high_value_unattended-minAmount = от суммы
setnorm-ask-rule = Какую норму меняем?
setnorm-ask-pipeline = Для какой воронки? Или для всех сразу:
setnorm-ask-stage = Для какого этапа?
setnorm-scope-all = Для всех (сейчас { $value })
setnorm-ask-value-minutes = Напишите новое значение, например 30m, 2h или 1d (минуты, часы, дни). Отменить — /cancel.
setnorm-ask-value-hours = Напишите новое значение в часах или днях, например 24h или 3d. Отменить — /cancel.
setnorm-ask-value-days = Напишите новое значение в днях, например 7d или 14. Отменить — /cancel.
setnorm-ask-value-count = Напишите число, например 150. Отменить — /cancel.
setnorm-ask-value-money = Напишите сумму в рублях, например 300000 или 300k. Отменить — /cancel.
setnorm-bad-value-minutes = «{ $value }» — не длительность. Примеры: 0, 30m, 2h, 1d.
setnorm-bad-value-hours = «{ $value }» — не длительность больше нуля. Примеры: 24h, 36ч, 3d.
setnorm-bad-value-days = «{ $value }» — не число дней больше нуля. Примеры: 7, 14d.
setnorm-bad-value-count = «{ $value }» — не целое число больше нуля. Пример: 150.
setnorm-bad-value-money = «{ $value }» — не сумма больше нуля. Примеры: 300000, 300k, 1.5m.
setnorm-use-buttons = Выберите вариант кнопкой под сообщением или напишите /cancel, чтобы отменить.
setnorm-confirm = Сохранить?
setnorm-save-button = ✅ Сохранить
setnorm-cancel-button = Отмена
setnorm-cancelled = Хорошо, ничего не меняю.
setnorm-saved = Сохранено.
setnorm-changed = { $param }{ $scope ->
    [none] {""}
   *[other] {" "}для «{ $scope }»
 }: было { $before }, стало { $after }.
setnorm-enabled = Правило «{ $rule }» включено.
setnorm-disabled = Правило «{ $rule }» выключено: новых замечаний по нему не будет, пока его не включат снова.
setnorm-invalid = Такую норму сохранить нельзя: { $error }
setnorm-usage = Как менять норму: /setnorm — по шагам, с кнопками.
setnorm-examples = Примеры:
    /setnorm stage_time_exceeded "Контакт установлен" 24h
    /setnorm deal_lifetime_exceeded Продажи 10d
    /setnorm task_overdue escalation 0 менеджер, 0 руководитель, 2ч руководитель, 1д чат отчёта
    /setnorm lost_without_reason off
    Без аргументов /setnorm проведёт по шагам.
setnorm-unknown-rule = Нет правила «{ $rule }». Правила: { $rules }.
setnorm-missing-value = Не хватает значения для { $rule }.
setnorm-no-value = У правила { $rule } нет числовой нормы: его можно только включить или выключить (on / off).
setnorm-no-scope = Правило { $rule } не настраивается по этапам и воронкам, а «{ $scope }» похоже на этап или воронку.
setnorm-unknown-stage = Не нашёл открытого этапа «{ $scope }». Этапы с нормами — /norms; по шагам — /setnorm.
setnorm-unknown-pipeline = Не нашёл воронки «{ $scope }». По шагам, с кнопками, — /setnorm.

## Hours and schedule

hours-summary = <b>Рабочее время</b>: { $days }, { $from }–{ $to } ({ $timezone })
    Менеджерам пишу только в рабочее время; что случилось вне его, приходит в начале следующего рабочего дня.
    <b>Тихое время</b>: { $quiet ->
        [none] не задано
       *[other] { $quiet } — в это время не пишу никому
    }
    <b>Руководителям</b>: { $supervisors ->
        [always] в любое время, кроме тихого
       *[working] тоже только в рабочее время
    }

    Изменить: /hours 09:00-18:00 пн-пт Europe/Moscow · /hours quiet 22:00-08:00 (или off) · /hours supervisors always (или working)
hours-bad-working = Не понял «{ $value }». Пример: /hours 09:00-18:00 пн-пт Europe/Moscow (дни и часовой пояс можно не писать).
hours-bad-quiet = Не понял «{ $value }». Пример: /hours quiet 22:00-08:00, выключить — /hours quiet off.
hours-bad-supervisors = Не понял «{ $value }». Напишите /hours supervisors always — писать руководителям в любое время, кроме тихого, или /hours supervisors working — только в рабочее время.
hours-invalid = Такие рабочие часы сохранить нельзя: { $problems }. Пример: /hours 09:00-18:00 пн-пт Europe/Moscow
schedule-current = Еженедельный отчёт приходит { $schedule }. Изменить: /schedule пн 09:00 (для администраторов).
schedule-changed = Готово: теперь отчёт будет приходить { $schedule }.
schedule-bad = Не понял «{ $value }». Примеры: /schedule пн 09:00, /schedule пт 17:30, или выражение cron: /schedule 0 9 * * 1

## Sync and status

sync-started = Синхронизирую CRM ({ $crm })…
sync-done = Синхронизация прошла за { $seconds } с: сделок { $deals }, задач { $tasks }. Новых замечаний: { $opened }, закрылось: { $resolved }, открыто сейчас: { $open }. Новых уведомлений о просрочке: { $pings }.
sync-failed = Синхронизация не удалась: { $reason }
    Предыдущие данные не тронуты. Подробности — /status.
sync-busy = Синхронизация уже идёт — её запустили в { $since } из другого процесса (pid { $pid }), например командой из консоли. Повторите /sync, когда она закончится.
status-title = Бот контроля качества · { $account } · CRM: { $crm }
status-last-sync-ok = Последняя синхронизация: { $at }, успешно
status-last-sync-failed = Последняя синхронизация: { $at }, ошибка: { $error }
status-last-sync-running = Синхронизация идёт с { $at }
status-never-synced = Синхронизаций ещё не было.
status-freshness = Данные из CRM свежие на { $age } назад
status-no-data = Данных из CRM ещё нет.
status-stale = ⚠️ Данные из CRM устарели: последняя успешная синхронизация { $age } назад. Новые уведомления о просрочке ждут, пока синхронизация не пройдёт.
status-queue = Сообщений в очереди: { $count }
status-linked = Подключено сотрудников: { $linked } из { $total }
status-report-chat = Чат отчётов: { $chat ->
    [none] не выбран (/bind в групповом чате)
   *[other] { $chat }
 }
status-supervisors-chat = Чат руководителей: { $chat ->
    [none] не выбран (уведомления руководителям — в личные сообщения или в чат отчётов)
   *[other] { $chat }
 }
status-schedule = Отчёт приходит { $schedule }

## Admins

admins-title = Администраторы бота:
admins-configured = (из настроек ADMIN_TELEGRAM_IDS)
admins-hint = Добавить: /admins add ID, убрать: /admins remove ID. ID пользователя Telegram — число; его покажет, например, @userinfobot.
admins-usage = Пример: /admins add 123456789 или /admins remove 123456789
admins-added = Готово: { $id } теперь администратор бота.
admins-removed = Готово: { $id } больше не администратор.
admins-not-admin = { $id } и так не администратор.
admins-configured-stays = { $id } задан в ADMIN_TELEGRAM_IDS: убрать его можно только в настройках бота.

## Language

lang-usage = Сейчас я пишу вам по-{ $current ->
    [en] английски
   *[ru] русски
 }. Сменить: /lang ru — по-русски, /lang en — по-английски.
lang-set = Хорошо, теперь пишу вам по-русски.
lang-private-only = Язык выбирают в личном чате со мной; в группе я пишу на языке отчёта.
cmd-pings = когда мне приходят уведомления о задачах менеджеров
pings-supervisors-only = Команда — для руководителей групп, подключённых к боту: она задаёт, когда им приходят уведомления о задачах менеджеров.
pings-usage = Уведомления о задачах ваших менеджеров приходят { $current ->
    [always] в любое время, кроме тихого
   *[working] только в рабочее время
 }. Изменить: /pings always — в любое время, кроме тихого; /pings working — только в рабочее время.
pings-set = Готово: уведомления о задачах ваших менеджеров будут приходить { $current ->
    [always] в любое время, кроме тихого
   *[working] только в рабочее время
 }.

## Supervisors of CRM groups

cmd-supervisors = руководители групп CRM
supervisors-title = <b>Руководители групп</b>
supervisors-none = не назначен (уведомления — в чат руководителей)
supervisors-set-here = {" "}(назначен в боте)
supervisors-hint = Назначить: /supervisors Отдел продаж = Сергей. Вернуть как в CRM: /supervisors Отдел продаж = -
supervisors-usage = Пример: /supervisors Отдел продаж = Сергей (или = -, чтобы вернуть как в CRM). Группы — /supervisors.
supervisors-unknown-group = Нет группы «{ $group }» в CRM. Группы — /supervisors.
supervisors-set = Готово: руководитель группы «{ $group }» — { $name }. Уведомления о просроченных задачах его менеджеров пойдут ему.
supervisors-cleared = Готово: для группы «{ $group }» снова действует руководитель из CRM.
supervisors-no-groups = В CRM пока нет групп: первая синхронизация ещё не прошла, или группы не заведены.
