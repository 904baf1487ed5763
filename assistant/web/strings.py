"""Every piece of interface text, keyed, so another language is one more dictionary.

Templates call `t("key", name=...)`; values use `str.format` fields. A key missing from a
language falls back to English, so a half-done translation still shows a working console.
"""

from __future__ import annotations

from collections.abc import Callable

ENGLISH: dict[str, str] = {
    "app.name": "Privacy inbox",
    "app.company": "SODEPAC INTERNATIONAL",
    "nav.queue": "Queue",
    "nav.audit": "Audit log",
    "nav.signed_in_as": "Signed in as {name}",
    "nav.sign_out": "Sign out",
    "nav.skip": "Skip to content",
    # sign-in
    "sign_in.title": "Sign in",
    "sign_in.name": "Name",
    "sign_in.password": "Password",
    "sign_in.submit": "Sign in",
    "sign_in.failed": "Wrong name or password.",
    "sign_in.throttled": "Too many failed sign-ins. Try again in {seconds} seconds.",
    "sign_in.expired": "The form had expired. Please try again.",
    "sign_in.signed_out": "You are signed out.",
    # queue
    "queue.title": "Queue",
    "queue.search": "Reference, requester or text",
    "queue.search_label": "Search",
    "queue.status": "Status",
    "queue.intent": "Intent",
    "queue.language": "Language",
    "queue.any": "Any",
    "queue.needs_review": "Needs review",
    "queue.overdue": "Overdue",
    "queue.filter": "Filter",
    "queue.reset": "Reset",
    "queue.count": "{count} tickets",
    "queue.count_one": "1 ticket",
    "queue.empty": "No ticket matches these filters.",
    "queue.col.reference": "Reference",
    "queue.col.requester": "Requester",
    "queue.col.subject": "Subject",
    "queue.col.intents": "Intents",
    "queue.col.language": "Lang.",
    "queue.col.status": "Status",
    "queue.col.draft": "Draft",
    "queue.col.received": "Received",
    "queue.col.due": "Due",
    "queue.previous": "Previous",
    "queue.next": "Next",
    "queue.page": "Page {page} of {pages}",
    "queue.no_subject": "(no subject)",
    # triage: needs input, queue navigation, placeholders, shortcuts (issue 17)
    "triage.needs_input": "Needs input",
    "triage.queue_nav": "Queue navigation",
    "triage.previous": "← Previous ticket",
    "triage.next": "Next ticket →",
    "triage.last": "Last ticket of the queue",
    "triage.next_placeholder": "Next placeholder",
    "triage.placeholders_left": "Not sent: fill in the placeholders first:",
    "bulk.title": "Bulk actions on the selected tickets",
    "bulk.selected": "Selected:",
    "bulk.pick": "Select {reference}",
    "bulk.pick_all": "Select every ticket on this page",
    "bulk.assign_to": "Assign to",
    "bulk.assign": "Assign selected",
    "bulk.noise": "Close selected as noise",
    "bulk.noise_confirm": "Close the selected tickets as noise? They will never be answered (each can be reopened).",
    "bulk.approve": "Approve selected…",
    "bulk.preview_title": "Approve {count} replies?",
    "bulk.preview_intro": ("Exactly these replies will be sent. Each is approved at the version shown here; "
                           "a ticket changed meanwhile is skipped."),
    "bulk.preview_none": "None of the selected tickets has a reply that can be approved as it is.",
    "bulk.to": "To",
    "bulk.subject": "Subject",
    "bulk.begins": "Begins",
    "bulk.send": "Approve and send these {count} replies",
    "bulk.not_included": "Not included",
    "bulk.result_title": "Bulk action: {action}",
    "bulk.action.assign": "assign",
    "bulk.action.noise": "close as noise",
    "bulk.action.approve": "approve",
    "bulk.done": "Done",
    "bulk.skipped": "Skipped",
    "bulk.nothing": "No ticket was selected.",
    "bulk.unknown": "Choose one of the bulk actions.",
    "bulk.back": "Back to the queue",
    "views.title": "My views",
    "views.none": "No saved view yet: filter and sort the queue, then save it under a name.",
    "views.name": "Save this view as",
    "views.save": "Save view",
    "views.delete": "Delete the view {name}",
    "views.no_name": "Give the view a name.",
    "views.too_many": "You have {count} saved views already: delete one first.",
    "context.title": "This requester's history",
    "context.none": "Nothing else from this requester: no other ticket, no reply sent yet.",
    "context.received": "Message received",
    "context.reply.sent": "Reply sent",
    "context.reply.approved": "Reply approved, being sent",
    "context.other_ticket": "Other ticket",
    "context.this_ticket": "this ticket",
    "entity.emails": "Other email address",
    "entity.phones": "Phone number",
    "entity.people": "Person named",
    "entity.reference.customer": "Customer number",
    "entity.reference.account": "Account number",
    "entity.reference.order": "Order number",
    "entity.reference.invoice": "Invoice number",
    "entity.reference.contract": "Contract number",
    "entity.authorities": "Supervisory authority named",
    "entity.minor": "About a child's data",
    "entity.on_behalf": "Written for someone else",
    "entity.deadlines": "Deadline asked for",
    "event.ticket_opened": "Ticket opened",
    "event.status_changed": "Status changed",
    "event.stage_changed": "Stage changed",
    "event.draft_created": "Draft written",
    "event.draft_edited": "Draft edited",
    "event.draft_approved": "Draft approved",
    "event.draft_rejected": "Draft rejected",
    "event.reply_queued": "Reply queued",
    "event.reply_sent": "Reply sent",
    "event.reply_cancelled": "Reply cancelled",
    "event.assigned": "Assigned",
    "event.unassigned": "Unassigned",
    "event.note_added": "Note added",
    "event.ticket_closed": "Ticket closed",
    "event.ticket_closed_as_noise": "Closed as noise",
    "event.ticket_reopened": "Ticket reopened",
    "event.message_received": "Message received",
    "event.message_threaded": "Message added to this ticket",
    "event.reclassified": "Reclassified",
    "event.needs_review": "Flagged for review",
    "event.deadline_extended": "Deadline extended",
    "event.merged_into": "Merged into another ticket",
    "event.merged_from": "Another ticket merged here",
    "shortcuts.button": "Keyboard shortcuts (?)",
    "shortcuts.title": "Keyboard shortcuts",
    "shortcuts.next": "Next row in the queue; next ticket on a ticket page",
    "shortcuts.previous": "Previous row in the queue; previous ticket on a ticket page",
    "shortcuts.open": "Open the selected ticket",
    "shortcuts.approve": "Approve the draft (refused while placeholders remain)",
    "shortcuts.search": "Search the queue",
    "shortcuts.help": "Show this list",
    "shortcuts.close": "Close this list",
    "shortcuts.typing": "Shortcuts do nothing while you type in a field.",
    "shortcuts.close_button": "Close",
    # statuses and badges
    "status.active": "Active (awaiting approval or open)",
    "status.all": "All",
    "status.awaiting_approval": "Awaiting approval",
    "status.open": "Open",
    "status.answered": "Answered",
    "status.closed": "Closed",
    "status.noise": "Noise",
    "draft.pending": "Pending",
    "draft.approved": "Approved",
    "draft.rejected": "Rejected",
    "draft.sent": "Sent",
    "draft.superseded": "Superseded",
    "draft.none": "—",
    "badge.review": "Review",
    "badge.overdue": "Overdue",
    "due.in_days": "in {days} days",
    "due.tomorrow": "tomorrow",
    "due.today": "today",
    "due.days_late": "{days} days late",
    "due.one_day_late": "1 day late",
    # intents
    "intent.complaint": "Complaint",
    "intent.deletion": "Deletion",
    "intent.access": "Access",
    "intent.portability": "Portability",
    "intent.rectification": "Rectification",
    "intent.objection": "Objection",
    "intent.opt_out": "Opt-out",
    "intent.question": "Question",
    "intent.other": "Other",
    # ticket page
    "ticket.title": "Ticket {reference}",
    "ticket.back": "Back to the queue",
    "ticket.from": "From",
    "ticket.received": "Received",
    "ticket.due": "Due",
    "ticket.language": "Language",
    "ticket.channel": "Channel",
    "ticket.linked": "Merged into {reference}",
    "ticket.linked_from": "Merged here: {references}",
    "ticket.thread": "Messages",
    "ticket.message_from": "{sender}, {when}",
    "ticket.no_text": "(no text)",
    "ticket.show_full": "Show the whole message, with quoted text",
    "ticket.show_html": "Show the HTML version (sanitised, nothing loads)",
    "ticket.attachments": "Attachments",
    "ticket.download": "Download",
    "ticket.bytes": "{size} bytes",
    "ticket.kilobytes": "{size} KB",
    "ticket.noise": "Not a request: {rule}",
    "ticket.thread_rule": "Threaded: {rule}",
    "ticket.decision_rule": "Primary intent chosen by rule {rule}: {reason}",
    "ticket.classification": "Classification",
    "ticket.primary": "primary",
    "ticket.review_reasons": "Why it needs review",
    "ticket.entities": "Extracted details",
    "ticket.no_entities": "Nothing extracted.",
    "ticket.draft": "Draft reply",
    "ticket.draft_subject": "Subject",
    "ticket.draft_body": "Reply text",
    "ticket.draft_status": "Draft {status}",
    "ticket.draft_edited": "edited by {name}",
    "ticket.draft_decided": "{status} by {name}, {when}",
    "ticket.no_draft": "No draft for this ticket.",
    "ticket.placeholders": "Fill in before approving: {items}",
    "ticket.save": "Save draft",
    "ticket.reclassify_discard": "Replace the draft edited by {name} (the edits stay in the draft history)",
    "stale.title": "Someone else changed this ticket",
    "stale.who": "Changed by {name} at {when}:",
    "stale.theirs_in_editor": "The editor now shows the draft as it is saved. Your text was not saved: it is below, "
                              "to copy what you need into the editor.",
    "stale.mine": "Your text (not saved)",
    "history.title": "Draft history",
    "team.title": "Assignment",
    "team.assigned_to": "Assigned to {name}",
    "team.unassigned": "Nobody has taken this ticket",
    "team.viewing": "{name} is viewing it",
    "team.editing": "{name} is editing it",
    "team.take": "Take it",
    "team.assign_to": "Assign to",
    "team.nobody": "Nobody",
    "team.assign": "Assign",
    "notes.title": "Internal notes",
    "notes.none": "No notes yet. Notes are never sent to the requester.",
    "notes.add": "Add a note (never sent to the requester)",
    "notes.hint": "@name tells a colleague: the ticket appears in their \u201cmy tickets\u201d",
    "notes.submit": "Add note",
    "compose.title": "Write a reply in your own words",
    "compose.closed": "This ticket is closed: reopen it, with the reason, before writing to the requester.",
    "compose.snippets": "Start from a snippet:",
    "compose.language": "Language of the reply",
    "compose.language.en": "English",
    "compose.language.fr": "French",
    "compose.body": "Your reply",
    "compose.hint": "It becomes the ticket's draft (a pending draft is replaced, and kept in the history): "
                    "approve it to send it. Sending it does not close the request or stop the clock.",
    "compose.submit": "Make it the draft",
    "reopen.title": "Reopen",
    "reopen.clock": "The deadline is not restarted: it still counts from the request's receipt (GDPR Art. 12(3)).",
    "reopen.reason": "Why reopen it",
    "reopen.submit": "Reopen the ticket",
    "done.take": "The ticket is yours.",
    "done.assign": "Assignment changed.",
    "done.compose": "Your reply is the draft now: check it and approve it.",
    "done.note": "Note added.",
    "done.reopen": "Ticket reopened.",
    "done.reclassify_unchanged": "The intents are unchanged: the draft, and the edits saved in it, are kept.",
    "queue.mine": "My tickets (assigned or mentioned)",
    "queue.col.assignee": "Assigned",
    "nav.snippets": "Snippets",
    "snippets.title": "Snippets for free replies",
    "snippets.intro": "Plain text staff can start a reply from. Written as is: {{ }} and [[ ]] stay as typed.",
    "snippets.none": "No snippets yet.",
    "snippets.name": "Name",
    "snippets.language": "Language",
    "snippets.body": "Text",
    "snippets.add": "Add a snippet",
    "snippets.save": "Save",
    "snippets.delete": "Delete",
    "snippets.updated": "Changed by {name}, {when}",
    "done.saved": "Snippet saved.",
    "done.deleted": "Snippet deleted.",
    "history.entry": "Version {version}, by {name}, {when}",
    "history.changes": "What changed from the version before (- removed, + added):",
    "history.full": "The full text:",
    "ticket.approve": "Approve and send",
    "ticket.approve_confirm": "Send this reply to {requester}?",
    "ticket.actions": "Other actions",
    "ticket.reject": "Reject the draft",
    "ticket.reject_reason": "Reason",
    "ticket.reject_submit": "Reject",
    "ticket.reclassify": "Reclassify (writes a new draft)",
    "ticket.reclassify_primary": "Primary intent",
    "ticket.reclassify_submit": "Reclassify",
    "ticket.merge": "Merge into another ticket",
    "ticket.merge_into": "Reference of the ticket to keep",
    "ticket.merge_submit": "Merge",
    "ticket.extend": "Extend the deadline (GDPR Art. 12(3))",
    "ticket.extend_months": "By",
    "ticket.extend_one": "one more month",
    "ticket.extend_two": "two more months",
    "ticket.extend_reason": "Reason (the requester must be told)",
    "ticket.extend_submit": "Extend",
    "ticket.close": "Close the ticket",
    "ticket.close_reason": "Reason (optional)",
    "ticket.close_submit": "Close",
    "ticket.timeline": "Timeline",
    "ticket.not_found": "There is no ticket {reference}.",
    "done.save": "Draft saved.",
    "done.approve": "Reply approved; it is being sent.",
    "done.reject": "Draft rejected.",
    "done.reclassify": "Reclassified; a new draft was written.",
    "done.merge": "Ticket merged.",
    "done.extend": "Deadline extended.",
    "done.close": "Ticket closed.",
    "done.noise": "Closed as noise: kept, never answered.",
    "done.fulfil": "Fulfilment drafted: check it and approve it.",
    "done.refuse": "Refusal drafted: check it and approve it.",
    "done.verify": "Identity recorded as verified.",
    "done.override": "Identity check overridden.",
    "stage.new": "New",
    "stage.awaiting_identity": "Awaiting identity",
    "stage.awaiting_information": "Awaiting information",
    "stage.in_progress": "In progress",
    "stage.fulfilled": "Fulfilled",
    "stage.refused": "Refused",
    "stage.closed": "Closed",
    "stage.noise": "Noise",
    "identity.not_needed": "Identity not needed",
    "identity.pending": "Identity pending",
    "identity.verified": "Identity verified",
    "identity.overridden": "Identity check overridden",
    "clock.paused": "Clock paused: waiting for the requester",
    "clock.extended": "Extended by {months} month(s)",
    "clock.stopped": "Clock stopped: request fulfilled or refused",
    "ticket.verify": "Identity established (GDPR Art. 12(6))",
    "ticket.verify_note": "How was it established? (e.g. customer number matches)",
    "ticket.verify_submit": "Record as verified",
    "ticket.override_reason": "Admins: why proceed without establishing identity?",
    "ticket.override_submit": "Override the identity check",
    "ticket.fulfil": "Fulfil the request",
    "ticket.fulfil_identity_first": "Establish the requester's identity first: no personal data is sent before.",
    "ticket.fulfil_note": "What was done (for the reply)",
    "ticket.fulfil_attach": "Files to send (copy of the data, portable file)",
    "ticket.fulfil_informed": "Recipients informed of the erasure (GDPR Art. 19)",
    "ticket.fulfil_submit": "Draft the fulfilment",
    "ticket.clarify": "Ask the requester a question",
    "ticket.clarify_question": "The question (the clock pauses once it is sent, until they answer)",
    "ticket.clarify_submit": "Draft the question",
    "done.clarify": "Question drafted: check it and approve it.",
    "ticket.refuse": "Refuse the request (GDPR Art. 12(4))",
    "ticket.refuse_reason": "Reasons (they are given to the requester)",
    "ticket.refuse_submit": "Draft the refusal",
    "nav.suppression": "Suppression list",
    "suppression.title": "Suppression list",
    "suppression.intro": "Addresses that must receive no marketing (GDPR Art. 21(3)). An opt-out is added when it is "
                         "filed; take an address off only when the message was misread.",
    "suppression.address": "Address",
    "suppression.since": "Since",
    "suppression.ticket": "Ticket",
    "suppression.empty": "The list is empty.",
    "suppression.remove": "Take off the list",
    "suppression.remove_reason": "Reason",
    "done.unsuppress": "Address taken off the suppression list.",
    "error.refused": "Not done: {reason}",
    # audit
    "audit.title": "Audit log",
    "audit.actor": "Who",
    "audit.kind": "Event",
    "audit.reference": "Ticket",
    "audit.since": "From",
    "audit.until": "To",
    "audit.filter": "Filter",
    "audit.export": "Export as CSV",
    "audit.col.at": "When",
    "audit.col.actor": "Who",
    "audit.col.kind": "Event",
    "audit.col.ticket": "Ticket",
    "audit.col.detail": "Detail",
    "audit.empty": "No event matches these filters.",
    "audit.count": "{count} events",
    # errors
    "error.title": "Error",
    "error.forbidden": "Your account cannot open this page.",
    "error.csrf": "The form had expired or did not come from this console. Go back, reload the page and try again.",
    "error.not_found": "Page not found.",
    # the public website chat (French in CHAT_FRENCH below)
    "chat.title": "Privacy questions and requests",
    "chat.brand": "Privacy",
    "chat.intro": "Ask a question about our privacy policy, or exercise your data-protection rights: a copy of "
                  "your data, a correction, a deletion, an objection. You get a first answer on this page, and a "
                  "member of our privacy team answers every message by email.",
    "chat.address": "Your email address",
    "chat.address_help": "Required: this is where we send our answer.",
    "chat.name": "Your name",
    "chat.optional": "optional",
    "chat.message": "Your message",
    "chat.message_placeholder": "For example: how long do you keep my data?",
    "chat.limit": "Up to {max} characters.",
    "chat.left": "{count} characters left",
    "chat.too_many": "{count} characters too many",
    "chat.submit": "Send",
    "chat.sending": "Sending…",
    "chat.notice": "We use your address and your message to answer you, as our privacy policy describes "
                   "for information you give our support channels.",
    "chat.other_language": "Français",
    "chat.other_language_code": "fr",
    "chat.you_wrote": "Your message",
    "chat.answer_from": "SODEPAC privacy team",
    "chat.thanks": "Thank you for your message.",
    "chat.thanks_name": "Thank you for your message, {name}.",
    "chat.registered_request": "Your request is registered under {reference}.",
    "chat.registered_message": "Your message is registered under {reference}.",
    "chat.received": "We have received your message. We will send you its reference by email.",
    "chat.deadline": "We will answer your request within one month of receiving it, that is by {date} at the "
                     "latest. If your request is complex, or if you have sent us several requests, this period can "
                     "be extended by two further months; we would then tell you before {date} and explain why "
                     "(GDPR Article 12(3)).",
    "chat.deadline_generic": "If your message is a request about your personal data (a copy, a correction, a "
                             "deletion, an objection…), we answer it within one month of receiving it; for a "
                             "complex request this can be extended by two further months, and we would tell you "
                             "why (GDPR Article 12(3)).",
    "chat.identity": "To protect your data, we may need to verify your identity before acting on your request. "
                     "We may ask you one or two questions; please do not send a copy of an identity document "
                     "unless we ask for it.",
    "chat.identity_generic": "For a request about your data, we may need to verify your identity first.",
    "chat.policy_intro": "What our privacy policy says about this:",
    "chat.policy_source": "Quoted from the SODEPAC INTERNATIONAL privacy policy",
    "chat.team_will_answer": "A member of our team will also answer you by email at {address}.",
    "chat.another": "Write another message",
    "chat.back": "Back to the chat",
    "chat.error.title": "Please check the form",
    "chat.error.address_missing": "Please give your email address: it is where we send our answer.",
    "chat.error.address_invalid": "This email address does not look right. Please check it "
                                  "(for example: name@example.com).",
    "chat.error.message_missing": "Please write your message.",
    "chat.error.message_too_long": "Your message is too long ({length} characters; the limit is {max}). Please "
                                   "shorten it, or send it by email to {inbox}.",
    "chat.busy.title": "Please wait a little",
    "chat.busy": "You have sent several messages in a short time. To keep this service open to everyone, please "
                 "wait about {minutes} minutes before writing again, or write to us at {inbox}.",
    "chat.unavailable.title": "Your message could not be sent",
    "chat.unavailable": "We could not record your message just now, so nothing was sent. Please try again in a "
                        "few minutes, or write to us at {inbox}.",
    "chat.expired.title": "This form has expired",
    "chat.expired": "This form was already sent or has expired, so nothing was sent. Please open the chat again "
                    "and write your message.",
    "chat.verify.title": "Confirm your email address",
    "chat.verify.code": "The 6-digit code from our email (or your address, for a new code)",
    "chat.verify.submit": "Confirm",
    "chat.verify.done": "Your request is registered",
}

# The public chat speaks French too; the staff console does not yet (see choose_language).
CHAT_FRENCH: dict[str, str] = {
    "chat.title": "Questions et demandes sur vos données personnelles",
    "chat.brand": "Confidentialité",
    "chat.intro": "Posez une question sur notre politique de confidentialité, ou exercez vos droits sur vos "
                  "données : copie, rectification, effacement, opposition. Vous obtenez une première réponse sur "
                  "cette page, et un membre de notre équipe répond à chaque message par e-mail.",
    "chat.address": "Votre adresse e-mail",
    "chat.address_help": "Obligatoire : c'est à cette adresse que nous vous répondons.",
    "chat.name": "Votre nom",
    "chat.optional": "facultatif",
    "chat.message": "Votre message",
    "chat.message_placeholder": "Par exemple : combien de temps conservez-vous mes données ?",
    "chat.limit": "{max} caractères au plus.",
    "chat.left": "{count} caractères restants",
    "chat.too_many": "{count} caractères en trop",
    "chat.submit": "Envoyer",
    "chat.sending": "Envoi…",
    "chat.notice": "Nous utilisons votre adresse et votre message pour vous répondre, comme le décrit notre "
                   "politique de confidentialité pour les informations transmises à notre support.",
    "chat.other_language": "English",
    "chat.other_language_code": "en",
    "chat.you_wrote": "Votre message",
    "chat.answer_from": "Équipe confidentialité SODEPAC",
    "chat.thanks": "Merci pour votre message.",
    "chat.thanks_name": "Merci pour votre message, {name}.",
    "chat.registered_request": "Votre demande est enregistrée sous la référence {reference}.",
    "chat.registered_message": "Votre message est enregistré sous la référence {reference}.",
    "chat.received": "Nous avons bien reçu votre message. Nous vous enverrons sa référence par e-mail.",
    "chat.deadline": "Nous répondrons à votre demande dans un délai d'un mois à compter de sa réception, soit au "
                     "plus tard le {date}. Si votre demande est complexe, ou si vous nous avez adressé plusieurs "
                     "demandes, ce délai peut être prolongé de deux mois ; nous vous en informerions alors avant "
                     "le {date}, en vous expliquant pourquoi (article 12(3) du RGPD).",
    "chat.deadline_generic": "Si votre message est une demande concernant vos données personnelles (copie, "
                             "rectification, effacement, opposition…), nous y répondons dans un délai d'un mois à "
                             "compter de sa réception ; pour une demande complexe, ce délai peut être prolongé de "
                             "deux mois, et nous vous expliquerions pourquoi (article 12(3) du RGPD).",
    "chat.identity": "Pour protéger vos données, nous pourrons avoir besoin de vérifier votre identité avant de "
                     "donner suite à votre demande. Nous pourrons vous poser une ou deux questions ; merci de ne "
                     "pas nous envoyer de copie de pièce d'identité, sauf si nous vous le demandons expressément.",
    "chat.identity_generic": "Pour une demande concernant vos données, nous pourrons d'abord avoir besoin de "
                             "vérifier votre identité.",
    "chat.policy_intro": "Ce que dit notre politique de confidentialité à ce sujet :",
    "chat.policy_source": "Résumé de la politique de confidentialité de SODEPAC INTERNATIONAL (rédigée en anglais)",
    "chat.team_will_answer": "Un membre de notre équipe vous répondra aussi par e-mail à l'adresse {address}.",
    "chat.another": "Écrire un autre message",
    "chat.back": "Revenir au formulaire",
    "chat.error.title": "Merci de vérifier le formulaire",
    "chat.error.address_missing": "Merci d'indiquer votre adresse e-mail : c'est là que nous vous répondons.",
    "chat.error.address_invalid": "Cette adresse e-mail ne semble pas valide. Merci de la vérifier "
                                  "(par exemple : nom@exemple.fr).",
    "chat.error.message_missing": "Merci d'écrire votre message.",
    "chat.error.message_too_long": "Votre message est trop long ({length} caractères ; la limite est de {max}). "
                                   "Merci de le raccourcir, ou de l'envoyer par e-mail à {inbox}.",
    "chat.busy.title": "Merci de patienter un peu",
    "chat.busy": "Vous avez envoyé plusieurs messages en peu de temps. Pour que ce service reste ouvert à tous, "
                 "merci d'attendre environ {minutes} minutes avant d'écrire à nouveau, ou de nous écrire à {inbox}.",
    "chat.unavailable.title": "Votre message n'a pas pu être envoyé",
    "chat.unavailable": "Nous n'avons pas pu enregistrer votre message pour le moment : rien n'a été envoyé. Merci "
                        "de réessayer dans quelques minutes, ou de nous écrire à {inbox}.",
    "chat.expired.title": "Ce formulaire a expiré",
    "chat.expired": "Ce formulaire a déjà été envoyé ou a expiré : rien n'a été envoyé. Merci de rouvrir le "
                    "formulaire et d'écrire votre message.",
    "chat.verify.title": "Confirmez votre adresse e-mail",
    "chat.verify.code": "Le code à 6 chiffres reçu par e-mail (ou votre adresse, pour un nouveau code)",
    "chat.verify.submit": "Confirmer",
    "chat.verify.done": "Votre demande est enregistrée",
}
CHAT_LANGUAGES = ("en", "fr")

STRINGS: dict[str, dict[str, str]] = {"en": ENGLISH}
DEFAULT_LANGUAGE = "en"


def translator(language: str = DEFAULT_LANGUAGE) -> Callable[..., str]:
    table = STRINGS.get(language, ENGLISH)

    def t(key: str, **values: object) -> str:
        text = table.get(key) or ENGLISH.get(key)
        if text is None:
            raise KeyError(f"no interface text {key!r}")
        return text.format(**values) if values else text

    return t


def chat_translator(language: str) -> Callable[..., str]:
    """The chat's text in English or French; a key without French text falls back to English."""
    if language != "fr":
        return translator("en")

    def t(key: str, **values: object) -> str:
        text = CHAT_FRENCH.get(key) or ENGLISH.get(key)
        if text is None:
            raise KeyError(f"no interface text {key!r}")
        return text.format(**values) if values else text

    return t


def choose_chat_language(asked: str | None, accept_language: str | None) -> str:
    """`?lang=` when it names a chat language, else the browser's first chat language (RFC 9110 §12.5.4)."""
    if asked and asked.lower() in CHAT_LANGUAGES:
        return asked.lower()
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in CHAT_LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def choose_language(accept_language: str | None) -> str:
    """The first language of the browser's Accept-Language (RFC 9110 §12.5.4) that has strings."""
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in STRINGS:
            return code
    return DEFAULT_LANGUAGE
