## Pings about a client's missed call nobody returned (norm missed_call_not_returned).
## $phone is the number masked to its last four digits («•••45-67»), or none.

ping-call-manager = ☎️ <b>Клиенту не перезвонили</b>: пропущенный звонок{ $phone ->
        [none] {""}
       *[other] { " " }с номера { $phone }
    }. Перезвоните — клиент, который звонил сам, ждёт ответа.
ping-call-supervisor = ☎️ <b>{ $manager }</b>: клиенту не перезвонили после пропущенного звонка{ $phone ->
        [none] {""}
       *[other] { " " }с номера { $phone }
    }
ping-call-escalation = 🔺 <b>Всё ещё не перезвонили</b>, клиент ждёт { $late }. { $manager }: пропущенный звонок{ $phone ->
        [none] {""}
       *[other] { " " }с номера { $phone }
    }
ping-call-manager-escalation = 🔺 <b>Клиент всё ещё ждёт звонка</b> — { $late } после пропущенного{ $phone ->
        [none] {""}
       *[other] { " " }с номера { $phone }
    }.
ping-call-when = Звонил { $due }, ждёт ответа { $late }
ping-call-returned = ☎️ Перезвонили { $at }
ping-call-gone = Звонок больше не считается пропущенным: правило выключено или прошёл срок, за который бот смотрит звонки.
ping-call-digest-item = { $n }. { $manager }: пропущенный звонок{ $phone ->
        [none] {""}
       *[other] { " " }с номера { $phone }
    } — { $deal }, звонил { $due } (ждёт { $late })
