## Pings about a client's missed call nobody returned (norm missed_call_not_returned).
## $phone is the number masked to its last four digits («•••45-67»), or none.

ping-call-manager = ☎️ <b>A client was not called back</b>: a missed call{ $phone ->
        [none] {""}
       *[other] { " " }from { $phone }
    }. Call back: a client who called you is waiting for an answer.
ping-call-supervisor = ☎️ <b>{ $manager }</b>: a client was not called back after a missed call{ $phone ->
        [none] {""}
       *[other] { " " }from { $phone }
    }
ping-call-escalation = 🔺 <b>Still not called back</b>, the client has waited { $late }. { $manager }: a missed call{ $phone ->
        [none] {""}
       *[other] { " " }from { $phone }
    }
ping-call-manager-escalation = 🔺 <b>The client is still waiting for a call</b> — { $late } since the missed call{ $phone ->
        [none] {""}
       *[other] { " " }from { $phone }
    }.
ping-call-when = Called { $due }, waiting { $late }
ping-call-returned = ☎️ Called back { $at }
ping-call-gone = The call no longer counts as missed: the rule was turned off, or it is older than the bot looks back.
ping-call-digest-item = { $n }. { $manager }: a missed call{ $phone ->
        [none] {""}
       *[other] { " " }from { $phone }
    } — { $deal }, called { $due } (waiting { $late })
