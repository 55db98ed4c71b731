## Units and money

money = RUB { $amount }
money-thousands = RUB { $amount }k
money-millions = RUB { $amount }M
unit-days = { $n } d
unit-hours = { $n } h
unit-minutes = { $n } min

## Rules

rule-task_overdue = Overdue tasks
rule-deal_without_task = Deals without a task
rule-stage_time_exceeded = Too long on a stage
rule-deal_lifetime_exceeded = Deal past its lifetime
rule-first_contact_slow = Slow first contact
rule-lost_without_reason = Lost without a reason
rule-task_without_deadline = Task without a deadline
rule-manager_overloaded = Manager overloaded
rule-high_value_unattended = Large deal unattended

severity-violation = violation
severity-remark = remark

## One finding, explained

finding-task_overdue = Task “{ $task }” is { $lateMs } overdue (it was due { $dueAt }).
finding-deal_without_task = The deal has had no task for { $withoutTaskMs }.
finding-stage_time_exceeded = { $inStageMs } on the stage against a norm of { $normMs } (since { $enteredAt }).
finding-deal_lifetime_exceeded = The deal is { $ageMs } old against a lifetime of { $normMs }.
finding-first_contact_slow = { $contactedAt ->
    [none] The client has waited { $waitedMs } for a first contact (norm { $normMs }).
   *[other] First contact came after { $waitedMs } (norm { $normMs }).
}
finding-lost_without_reason = Closed as lost on { $closedAt } without a loss reason.
finding-task_without_deadline = Task “{ $task }” has no deadline (created { $createdAt }).
finding-manager_overloaded = { $openDeals } open deals against a maximum of { $maxOpenDeals }.
finding-high_value_unattended = { $reason ->
    [overdue_task] A { $price } deal is waiting: its task is overdue.
   *[no_task] A { $price } deal has no task.
}

## Weekly report

report-title = <b>Sales quality control</b>
    Week { $from } — { $to }
report-totals = Violations: <b>{ $violations }</b> { $violationsChange }
    Remarks: <b>{ $remarks }</b> { $remarksChange }
report-change-up = (▲ { $percent }% on last week)
report-change-down = (▼ { $percent }% on last week)
report-change-same = (same as last week)
report-change-new = (none last week)
report-money = In deals with open violations: <b>{ $amount }</b>
report-nothing = No violations or remarks this week: the process runs to its norms. Keep it up!
report-worst-title = <b>Where most problems are</b>
report-worst-line = { $place }. { $stage } — { $total } (mostly: { $rule })
report-managers-title = <b>By manager</b> (total · per 100 open deals)
report-manager-line = • { $name } — { $total } · { $per100 }
report-manager-line-no-deals = • { $name } — { $total } · no open deals
report-manager-line-few-deals = • { $name } — { $total } · too few deals to compare
report-unassigned = Unassigned
report-rules-title = <b>By rule</b>
report-rule-line = • { $rule } — { $total }
report-recommendations-title = <b>What to do this week</b>
report-footer = A violation already costs money; a remark soon will. Norms can be tuned to your process.

## Recommendations

rec-stage-stuck = • { $count } deals stayed on “{ $stage }” longer than the norm ({ $hours } h). Check whether the stage bundles several different actions: split it in two, or revise the norm.
rec-money-stage = • Most money with open violations sits on “{ $stage }”: RUB { NUMBER($amount, maximumFractionDigits: 0) }. Start there: call the clients and set the next step.
rec-no-task = • { $count } deals were left without a task. Have a task created automatically on every stage change so each deal has a next step.
rec-first-contact = • { $count } new leads waited longer than { $minutes } min for a first contact. Clients compare offers: whoever calls first, sells.
rec-loss-reason = • { $count } deals were closed as lost without a reason. Make the loss reason mandatory, or you cannot see where clients are lost.
rec-fairness = • { $name } has the most marks ({ $total }), but { $per100 } per 100 deals, close to the team's typical rate ({ $median }). That is volume, not negligence: help with the task backlog without pulling them off sales.
rec-overloaded = • { $name } has { $open } open deals against a norm of { $max }. Redistribute some deals or pass clients who are not ready yet to warming-up.
rec-growth = • { $percent }% more violations than the week before. Check what changed: lead flow, the team or the pipeline setup.

## Charts

chart-stages-title = Violations and remarks by stage
chart-stages-caption = Stages with the most marks this week, by rule. Most on “{ $stage }”: { $total }.
chart-managers-title = Share of marks by manager
chart-managers-caption = Share of this week's violations and remarks by manager. Read it next to “per 100 deals”: whoever handles more deals gets more marks.
chart-rate-title = Marks per 100 open deals
chart-rate-caption = The fair comparison: marks per 100 of the manager's open deals. Best: { $best }.
chart-rate-axis = per 100 deals
chart-trend-title = Week by week
chart-trend-caption = Violations and remarks over the last { $weeks } weeks. This week: { $violations } violations and { $remarks } remarks.
chart-trend-violations = Violations
chart-trend-remarks = Remarks
chart-money-title = Money in deals with open violations
chart-money-caption = Total price of deals that have a violation now, by stage. In all: { $amount }.
chart-empty = No data this week
