## The XLSX export (/export, cli export): sheet names and column headers.

cmd-export = Excel export: findings and KPIs

export-sheet-findings = Open findings
export-sheet-managers = Managers' KPIs
export-sheet-funnel = Funnel
export-rule = Rule
export-rule-id = Rule id
export-severity = Severity
export-deal-id = Deal id
export-deal = Deal
export-task-id = Task id
export-manager = Manager
export-manager-id = Manager id
export-pipeline = Pipeline
export-stage = Stage
export-amount = Amount
export-since = Since
export-explanation = What happened
export-link = CRM link
export-snoozed-until = Snoozed until
export-new-deals = New deals
export-first-dial-median = First dial, median, min
export-first-dial-p90 = First dial, p90, min
export-reached-share = Reached in time
export-won-count = Won
export-won-amount = Won, amount
export-lost-count = Lost
export-lost-by-reason = Loss reasons
export-tasks-per-day = Tasks per day
export-calls-per-day = Calls per day
export-backward-moves = Backward moves
export-working-days = Working days
export-stage-id = Stage id
export-key-stage = Key stage
export-entered = Entered
export-moved-forward = Moved forward
export-won = Won
export-lost = Lost
export-conversion-next = Conversion to next
export-conversion-won = Conversion to won
export-median-hours = Median hours in stage

export-private-only = I send the export only in a private chat: it holds deal names, which everyone in a group would see. Write /export to me privately.
export-caption = { $team ->
    [team] Your team
   *[all] The whole department
 }: { $findings } open findings, the last 7 days' KPIs for { $managers } people. Sheets: findings with deal links, managers' KPIs, the funnel.
