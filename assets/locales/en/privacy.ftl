## /privacy: what group chats may show of deal names and task texts

privacy-strict = 🔒 <b>Strict mode</b> (the default): in group chats a deal is “Deal #…” with its pipeline, stage, amount and CRM link; deal names and task texts are not shown, a task is named by its type.
privacy-masked = 🔏 <b>Masked mode</b>: group chats see deal names and task texts with phone numbers, e-mails, messenger handles and people's names replaced by “•••”.
privacy-private-chats = In private, a manager sees their own deals and their supervisor sees the team's as they are in the CRM. Everyone else sees them as a group does.
privacy-how-to-change = To change: /privacy strict or /privacy masked.
privacy-bad = I did not understand “{ $value }”. Write /privacy strict for deal numbers only in groups, or /privacy masked for deal names and task texts without phones, e-mails and names.
