## The weekly report's funnel KPIs: the text lines, the KPI card, the funnels and each manager's trend.

kpi-text-title = <b>This week's KPIs</b>
kpi-text-better = 📈 { $name }: { $figure } — { $before } → { $now }. What worked? Worth sharing with the team.
kpi-text-worse = 📉 { $name }: { $figure } — { $before } → { $now }. What changed this week — lead flow, time off, hard deals? A good question for a one-to-one.
kpi-text-steady = No notable change in the managers' KPIs: everything within a quarter of last week.
kpi-text-leak = 🔻 Pipeline «{ $pipeline }»: we lose most at «{ $stage }» — { $share } went on ({ $moved } of { $entered }).
kpi-text-leak-before = 🔻 Pipeline «{ $pipeline }»: we lose most at «{ $stage }» — { $share } went on ({ $moved } of { $entered }), { $before } the week before.

kpi-figure-newDeals = new deals
kpi-figure-reachedShare = share of leads reached in time
kpi-figure-firstDial = time to first dial (median)
kpi-figure-won = deals won
kpi-figure-tasksPerDay = tasks done a day
kpi-figure-callsPerDay = calls a day
kpi-under-a-minute = < 1 min

kpi-card-title = Managers' KPIs: { $from } — { $to } against the week before
kpi-card-subtitle = Large: this week; below in grey: last week. Green: better, red: worse (a shorter time to dial is better).
kpi-card-manager = Manager
kpi-col-newDeals = New deals
kpi-col-reachedShare = Reached in time
kpi-col-firstDial = To 1st dial
kpi-col-won = Won: deals · RUB
kpi-col-tasksPerDay = Tasks a day
kpi-col-callsPerDay = Calls a day
kpi-card-median = Team median
kpi-card-note = Reached in time and time to dial: over new deals; tasks and calls: per the manager's working day.
kpi-card-left = { $count } more { $count ->
    [one] manager
   *[other] managers
 } in the /export workbook.
kpi-card-caption = The managers' KPIs this week against last week: new deals, share of leads reached in time, time to first dial (median), deals won and their amount, tasks done and calls per working day. The arrow shows which way it moved, the colour whether for the better (green) or not (red); the last row is the team's median.

kpi-funnel-title = Pipelines: { $from } — { $to }
kpi-funnel-subtitle = How many deals entered each stage this week, and the share of them that went on — to a later stage or to won.
kpi-funnel-legend-entered = entered the stage
kpi-funnel-legend-key = key stage
kpi-funnel-legend-leak = where we lose most
kpi-funnel-key-mark = key
kpi-funnel-onward = on { $share }
kpi-funnel-leak = We lose most at «{ $stage }»: { $share } went on ({ $moved } of { $entered })
kpi-funnel-no-leak = Too few deals to find the weak spot (5 a stage needed)
kpi-funnel-caption = This week's pipelines: how many deals entered each stage and the share that went on. Deals that entered late in the week have had little time to move: compare weeks with each other.
kpi-funnel-caption-leak = We lose most in «{ $pipeline }» at «{ $stage }»: { $share }% went on.
kpi-funnel-caption-no-key = No key stage set: set one in the norms (keyStages).
kpi-funnel-caption-left = { $count } more { $count ->
    [one] pipeline
   *[other] pipelines
 } in the /export workbook.

kpi-trend-title = Findings per 100 open deals: { $weeks } weeks, manager by manager
kpi-trend-subtitle = Dashed: the team's median; one scale for all, { $low } to { $high } (the top and bottom lines). Green: fewer findings, red: more.
kpi-trend-caption = Findings per 100 open deals for each manager over { $weeks } weeks: who improves. The rightmost point is this week; a gap is a week with fewer than 10 open deals.
kpi-trend-caption-best = The largest drop: { $name } — a good reason to ask what helped.
kpi-trend-caption-none = Nobody dropped notably this week — look at whose line is rising.
kpi-trend-caption-left = { $count } more left out: these are the managers with the most open deals.
