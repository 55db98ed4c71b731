## Ежедневный контроль (/digest): утренняя сводка менеджеру в начале его рабочего дня
## и вечерняя проверка в чат отчётов. $deal — ссылка на сделку (HTML) или none.

cmd-digest = утренняя сводка и вечерняя проверка: включить, выключить, время

control-task = задача
control-more = …и ещё { $count }
control-no-manager = без ответственного
control-missed-calls = Клиентам не перезвонили
control-without-task = Сделки без следующего шага
control-stale = ⚠️ Данные CRM на { $at }: свежее получить не удалось, что-то могло уже измениться.

morning-title = 📋 <b>Ваш день, { $weekday } { $date }</b>
morning-overdue = Просроченные задачи
morning-overdue-item = • { $task }{ $deal ->
        [none] {""}
       *[other] { " — " }{ $deal }
    }, просрочена на { $late }
morning-missed-call-item = • { $phone ->
        [none] номер не определился
       *[other] { $phone }
    }, звонил { $at }{ $deal ->
        [none] {""}
       *[other] { " — " }{ $deal }
    }
morning-today = Задачи на сегодня
morning-today-item = • { $time } { $task }{ $deal ->
        [none] {""}
       *[other] { " — " }{ $deal }
    }
morning-without-task-item = • { $deal } — без задачи { $duration }
morning-more-deals = Кнопки — к первым пяти сделкам; ещё { $count } — в /me.

evening-title = 🌆 <b>Вечерняя проверка, { $weekday } { $date }</b>
evening-without-task = Сегодня остались без следующего шага
evening-without-task-item = • { $manager }: { $deal } — без задачи с { $since }
evening-without-task-earlier = Без следующего шага с прошлых дней ещё { $count } — они в утренних сводках менеджеров и в /findings.
evening-missed-call-item = • { $manager }: { $phone ->
        [none] номер не определился
       *[other] { $phone }
    }, звонил { $at }{ $deal ->
        [none] {""}
       *[other] { " — " }{ $deal }
    }
# Вопрос, а не вывод: за тихим днём бывают встречи, обучение, один большой клиент.
evening-question = { $manager }: сегодня { $today ->
        [one] закрыта { $today } задача
        [few] закрыто { $today } задачи
       *[other] закрыто { $today } задач
    } — обычно { $weekday ->
        [1] по понедельникам
        [2] по вторникам
        [3] по средам
        [4] по четвергам
        [5] по пятницам
        [6] по субботам
       *[7] по воскресеньям
    } к { $time } около { $usual }. Всё в порядке?
evening-more-deals = Кнопки — к первым пяти сделкам; ещё { $count } — /findings Имя покажет всё по менеджеру.

digest-settings = <b>Ежедневный контроль</b>
    ☀️ <b>Утренняя сводка</b> — { $morning ->
        [on] включена
       *[off] выключена
    }. Каждому подключённому сотруднику в личные сообщения в начале его рабочего дня, по его графику: просроченные задачи, неотвеченные звонки, задачи на сегодня, сделки без следующего шага. В выходные, праздники и дни отсутствия не приходит; когда сказать нечего — тоже.
    🌆 <b>Вечерняя проверка</b> — { $evening ->
        [on] включена
       *[off] выключена
    }, в { $at } по рабочим дням, в чат отчётов{ $chat ->
        [none] , но он не выбран: напишите /bind в групповом чате руководителей
       *[other] { " " }«{ $chat }»
    }: сделки, оставшиеся сегодня без следующего шага, неотвеченные звонки и вопрос о тех, кто закрыл сегодня меньше половины обычного для этого дня недели.

    Изменить: /digest morning off (или on), /digest evening off (или on), /digest evening 19:30
digest-changed = Сохранено.
digest-unchanged = Так и было.
digest-bad = Не понял «{ $value }». Примеры: /digest morning off — выключить утреннюю сводку, /digest evening on — включить вечернюю проверку, /digest evening 19:30 — перенести её на 19:30.
digest-morning-at = У утренней сводки нет общего времени: она приходит каждому в начале его рабочего дня — по рабочим часам (/hours) или личному графику (/shift). Выключить её: /digest morning off.
digest-bad-time = «{ $value }» — не время. Пример: /digest evening 19:30 (часы от 00 до 23, минуты от 00 до 59).
