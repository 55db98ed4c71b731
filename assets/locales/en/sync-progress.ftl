## /sync: the "Syncing the CRM…" message, edited with the progress at most every 5 s while a long sync runs.
## $entity is what the CRM is being read for right now; $rows, $requests and $rate are formatted numbers.

sync-progress = ⏳ Syncing the CRM ({ $crm }): reading { $entity ->
        [userGroups] departments
        [users] users
        [pipelines] pipelines
        [stages] pipeline stages
        [deals] deals
        [tasks] tasks
        [stageChanges] stage history
        [calls] calls
       *[other] data
    }.
    Rows read: { $rows } ({ $rate } a second on average), requests to the CRM: { $requests }.
# When the previous full sync says how many rows to expect (a full sync only).
sync-progress-eta = About { $eta } left.
sync-progress-eta-soon = Less than a minute left.
# Past the previous full sync's total: the account grew, or the end is near.
sync-progress-almost-done = Almost done.
