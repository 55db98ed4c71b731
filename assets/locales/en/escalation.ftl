## The escalation ladder of overdue pings (norm task_overdue.escalation)

norm-param-task_overdue-escalation = who is told and when
# One step of the ladder in words; $when is "now" or a duration ("2 h"), $again is yes when that recipient was told by an earlier step.
ladder-step = { $when ->
        [now] at once
       *[other] after { $when }
    } — { $to ->
        [manager] the manager
        [supervisor] the supervisor
        [supervisors_chat] the supervisors' chat
       *[report_chat] the report chat
    }{ $again ->
        [yes] {" "}again
       *[no] {""}
    }
setnorm-ask-value-ladder = Write who is told of an overdue task and when: steps separated by commas, each "when whom", in order of time. Time counts from when I noticed the task overdue.
    When: 0 (at once), 30m, 2h, 1d.
    Whom: manager, supervisor, supervisors_chat, report_chat.
    Now: { $current }.
    Example: 0 manager, 0 supervisor, 2h supervisor, 1d report_chat
    To cancel: /cancel.
ladder-problem = { $kind ->
        [empty] I see no steps.
        [too-many] That is { $count } steps; at most { $max }.
        [unsorted] Steps go in order of time, and “{ $step }” comes before the step above it.
        [duplicate] The step “{ $step }” is written twice.
        [bad-step] I did not understand the step “{ $step }”: write "when whom", e.g. “2h supervisor”.
        [too-late] “{ $step }” is more than 30 days away: the ladder does not go that far.
        [bad-duration] In the step “{ $step }”, “{ $value }” is not a duration. Examples: 0, 30m, 2h, 1d.
       *[unknown-recipient] In the step “{ $step }”, whom is “{ $value }”? One of: manager, supervisor, supervisors_chat, report_chat.
    } Nothing was changed.
    Steps separated by commas, "when whom", in order of time. Example: 0 manager, 0 supervisor, 2h supervisor, 1d report_chat
ping-manager-escalation = 🔺 <b>The task is still waiting</b>, { $late } past the due time: { $task ->
        [none] no text
        [hidden] (text hidden)
       *[other] “{ $task }”
    }
