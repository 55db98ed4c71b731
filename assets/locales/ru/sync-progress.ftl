## /sync: the «Синхронизирую CRM…» message, edited with the progress at most every 5 s while a long sync runs.
## $entity is what the CRM is being read for right now; $rows, $requests and $rate are formatted numbers.

sync-progress = ⏳ Синхронизирую CRM ({ $crm }): читаю { $entity ->
        [userGroups] отделы
        [users] сотрудников
        [pipelines] воронки
        [stages] этапы воронок
        [deals] сделки
        [tasks] задачи
        [stageChanges] историю этапов
        [calls] звонки
       *[other] данные
    }.
    Прочитано записей: { $rows } (в среднем { $rate } в секунду), запросов к CRM: { $requests }.
# When the previous full sync says how many rows to expect (a full sync only).
sync-progress-eta = Осталось около { $eta }.
sync-progress-eta-soon = Осталось меньше минуты.
# Past the previous full sync's total: the account grew, or the end is near.
sync-progress-almost-done = Почти готово.
