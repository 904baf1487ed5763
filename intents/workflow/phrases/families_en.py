# ruff: noqa: E501  (one sentence a line: prose data reads better unwrapped)
"""English phrasing families the fragment generator under-covered, written as whole messages.

Each family is one rule of TAXONOMY.md that a bag of words gets wrong without examples: a
marketing opt-out with no "unsubscribe" (preference settings, "nothing promotional"); an
access request about the SOURCE of the data; a question sent as a reply to an answered
request, or about a hypothetical; a complaint about mail received after unsubscribing that
never says "complaint"; an objection to AI training, personalisation or profiling (Art. 21(1),
not erasure); a reply to an identity check, which continues the earlier request named in the
subject; phishing and cold sales that mention data or unsubscribing (`other`).

A family is (subjects, bodies, intents, primary). `{subject}` in a reply's subject is filled with
one of the request's usual subjects. Slots as in phrases_en.py.
"""

FAMILIES: dict[str, tuple[list[str], str, list[str], str]] = {
    "opt_out_preferences": (
        ["Marketing preferences", "My email settings", "Email preferences", "Promotional emails", "",
         "Communication settings", "Only the useful emails please", "Account notifications"],
        """
I'm happy to keep getting order confirmations and delivery notices, but none of the promotional material please. Could you adjust my settings?
Please keep the service emails (invoices, password resets) and drop everything else: no offers, no event invitations, no product news.
Could you switch my account to essential communications only? I can't find where to do it myself.
nothing promotional from now on please, just the invoices
I only want transactional emails from you. Please change my communication preferences so nothing marketing-related reaches me.
Can someone set my contact preferences to "no marketing"? The toggle in the portal doesn't save.
I'd rather not hear about sales, webinars or new catalogues any more. Technical notices are fine. Please update my preferences.
No more special offers and product announcements for me please. Keep the shipping notifications.
Please make sure I'm not on any promotional mailing from now on; I still need the account emails.
Could you untick all the marketing boxes on my profile for me? Only operational messages from now on.
unsubscirbe me from the promos pls
how can I stop the newsletter? there is no link at the bottom
Is there a way to stop all these promotional emails? I'd like them to end.
where do I opt out of the marketing mails, please do it for me if you can
Please turn off the weekly digest and the product promotions for my address {email}.
I no longer want the sales emails. Please leave only the notifications about my orders.
""",
        ["opt_out"], "opt_out"),
    "access_source": (
        ["Where did you get my details?", "How do you have my number?", "Source of my data", "", "Your email to me",
         "Unsolicited email", "Who gave you my address?"],
        """
I've never dealt with your company, yet you emailed me at {email}. Where did you obtain this address?
How did you come to have my mobile number? I don't recall ever giving it to you. Please tell me where it came from.
Who gave you my contact details? I want to know the source and what else you hold about me.
I received a letter from you at my home address. I never gave it to you, so please explain how you got it.
Your sales rep called me by name on my private line. Which company sold or passed you my details?
I'd like to know where my personal email address came from, because I only use it for family.
Please tell me from which list or partner you bought my contact information.
you emailed my work address but I never signed up. where did you find it and what do you have on me?
Can you tell me the origin of the data you have on me and who you have shared it with?
I got a brochure from you addressed to my late husband's name at my address. Where did you get these details?
""",
        ["access"], "access"),
    "question_reply": (
        ["Re: {subject}", "RE: {subject}", "Re: Your request", "Re: Your data request - reply", "Re: Ticket {acct}"],
        """
Thanks, I got the file. Just out of interest, how long do you keep the order history shown in it?
Many thanks for the export, it all looks fine. One question: do you share any of those records with your carriers?
Received, thank you. Could you explain what the "segment" column in the spreadsheet means?
Thanks for dealing with this so quickly. Out of curiosity, do you also use cookies on the customer portal?
Thank you for confirming. For my own understanding, which country are your servers located in?
Got it, thanks. Does the deletion also apply to the backups, and if so how long do they last?
Thanks for the reply. I'm just wondering who the data controller is for the French subsidiary?
That's all clear, thank you. Is there a privacy contact I should write to in future, or is this address fine?
Thanks for removing me. Quick question: how long do you keep the list of people who unsubscribed?
Appreciated. Do you ever transfer customer data outside the EU, and under what safeguards?
All received, thanks. Which of your sites actually stores the archive, and is it backed up abroad?
Perfect, thank you. Who else in your group can see this kind of information?
Thanks for the quick answer. I was curious: are phone calls to your support line recorded at all?
Great, that's sorted. Is the same policy applied to the data of my colleagues at the same company?
Thank you, the PDF opened fine. What does "legitimate interest" mean in the third table?
Noted with thanks. For how many years do you keep signed contracts after they end?
OK thanks. Do you use any processors in the US for email?
Thanks, that answers it. Can you remind me which authority supervises you, the CNIL?
""",
        ["question"], "question"),
    "question_hypothetical": (
        ["Question", "A question about my data", "Merger rumours", "If I close my account", "Quick question", "",
         "Privacy question", "What happens to my data?"],
        """
I read that {co} may be bought by a competitor. What would happen to customer data in that case? Would we be informed?
If I stopped using the portal, what would happen to my order history? Would it be kept or erased?
Out of curiosity, what happens to an account's data when the customer company goes bankrupt?
Suppose I close my account next year: how long would you still keep my invoices?
If my employer ends its contract with you, would my user profile be deleted automatically or do I need to ask?
What would become of my personal information if your company were sold or merged?
In the event that I move to another supplier, what would you do with the data you hold about me?
I'm just curious: would my data be removed automatically after a period of inactivity?
Hypothetically, if I asked for a copy of my data, how long would it take and in what format would it come?
Are children's details deleted automatically if a parent registers them by mistake?
""",
        ["question"], "question"),
    "complaint_unwanted_mail": (
        ["Still getting your emails", "Unsubscribed but still receiving", "Stop emailing me", "Again?!", "",
         "Your emails", "Unwanted mail", "This has to stop"],
        """
I unsubscribed a month ago and your promotions keep landing in my inbox. Take me off for good.
This is the third time I've asked to be removed from your mailings and another one arrived today.
I opted out twice. Your emails still come every week. This is harassment and it needs to stop now.
Why am I still being emailed? I clicked the unsubscribe link in March and confirmed it. Remove me properly.
Your newsletters keep coming even though I asked to be taken off your list weeks ago. Sort it out.
Since I unsubscribed I've had four more of your offers. Is anyone actually reading these requests?
Stop spamming me. I've unsubscribed from your list multiple times and you ignore it.
Every week I get your marketing despite having opted out long ago. I've had enough; remove my address today.
I keep getting your sales calls although I told your colleague last month never to call me again.
you keep mailing me after i unsubscribed!!! stop it
Another promotional email this morning, after I unsubscribed on {date}. Please stop for good this time.
I am fed up with your calls and emails. I asked to be removed from your lists and nothing has changed.
""",
        ["complaint", "opt_out"], "complaint"),
    "complaint_passed_on": (
        ["My details", "Junk mail and calls", "Data passed to third parties?", "", "Request to remove my details",
         "Nuisance calls"],
        """
Since I bought from you, I get junk mail and cold calls from firms I've never heard of. I think you passed my details on. Please erase them from your systems.
Strangers keep calling me about logistics offers and they mention your company. Someone there shared my number. Delete my details now.
I've started receiving spam at an address I only ever gave to you. It looks like my data was leaked or sold. Remove everything you hold about me.
Ever since I registered with {co} my phone rings every day with sales pitches from other companies. I want my details deleted from your database at once.
""",
        ["complaint", "deletion"], "complaint"),
    "objection_ai": (
        ["AI training", "Use of my data for AI", "Profiling", "Personalisation", "Machine learning",
         "Objection", "", "My data and your models"],
        """
Please do not use any of my data, including my support conversations, to train or improve your AI models.
I object to my messages and orders being used to train machine-learning or language models. Please exclude my account.
Stop feeding my usage data into your recommendation algorithms. I don't want personalised content.
I don't want you to tailor what I see on the portal based on my browsing or purchase history. Please stop that processing.
Please exclude me from any automated scoring or profiling of customers.
I don't agree to my account activity being analysed to build a profile of me. Stop it, please.
Kindly stop combining information from data brokers with my customer record.
Please don't use my chats with your assistant as training material for your AI.
I'm fine staying a customer, but I refuse to have my data used to build or test your AI tools.
Please stop the personalised recommendations; I don't want my behaviour tracked for that.
""",
        ["objection"], "objection"),
    "objection_ai_and_deletion": (
        ["AI training and my data", "Profiling - object and delete", "Stop and erase", ""],
        """
I object to the profiling of my account. Please stop it and erase the profile and segments you have already built on me.
Do not use my data to train your AI models any more, and delete whatever copies you made for that purpose.
Please stop analysing my purchase history for personalised offers, and remove the behavioural data you collected.
""",
        ["deletion", "objection"], "objection"),
    "identity_reply": (
        ["Re: {subject}", "RE: {subject}", "Re: {subject} - identity check", "Re: Verification of your identity - {subject}"],
        """
As you asked, here is a scan of my passport. Please go ahead now.
Please find attached my driving licence to confirm who I am.
Here's the ID you requested. My customer number is {acct}.
You asked me to confirm my identity: attached is a copy of my ID card with the photo visible and the number hidden.
I've attached the proof of address you wanted (a utility bill from last month). Can you proceed?
My date of birth is 04/07/1986 and my postcode is the one on my account. I hope that's enough to verify me.
I'm not comfortable sending a passport. Could you verify me through my account email and last order number instead?
What exactly do you need to verify my identity, and how long will you keep the document?
Sent the ID as requested in your last email. Looking forward to hearing from you.
Attached: photo ID and a recent bank statement, as requested. Thanks.
""",
        ["{request}"], "{request}"),
    "other_phishing": (
        ["Action required: mailbox quota", "Your account will be suspended", "Security alert", "Password expiry notice",
         "Verify your account", "Invoice overdue - pay now", "URGENT: confirm your details"],
        """
Shared documents on your drive expire tonight and will be wiped. Sign in at http://docs-renew.example.net to keep them.
Dear user, your password expires today. Keep your account by entering your credentials at the link below.
We detected unusual sign-in activity. Your account and all your files will be removed unless you verify now.
Your email account will be closed and your data erased. Click here to keep it active.
Final warning: confirm your details within 12 hours or your account will be permanently deleted.
""",
        ["other"], "other"),
    "other_sales": (
        ["Is your company GDPR-ready?", "Free compliance check", "Cut your data protection costs", "Partnership proposal",
         "Research interview request", "Survey for my dissertation", "Guest post opportunity"],
        """
Most firms fail at least one GDPR requirement. Our consultants offer a free audit of your privacy programme. Book a call this week! To stop receiving our emails, reply STOP.
We help companies answer data subject requests 3x faster with our software. Can we show you a demo? To unsubscribe, reply with UNSUBSCRIBE.
I'm doing a PhD on warehouse automation and would welcome a short call with one of your engineers. Any notes I take will be stored securely and shared with no one.
Would your data protection officer be interested in speaking at our privacy conference next spring?
We are looking for partners to resell our cookie consent tool. Interested in a quick chat? If you do not wish to hear from us again, just let us know.
I'm writing an article on GDPR compliance in logistics. Could I ask your team three short questions by email?
""",
        ["other"], "other"),
    "question_procedure": (
        ["How to make a request", "Procedure", "Quick question", "Privacy policy", "", "Your privacy notice",
         "Which address?", "Data requests - process"],
        """
How do I go about making a subject access request? Is there a form, or is an email enough?
Which email address should an erasure request be sent to? I'd rather not send it to the wrong team.
What identification will you need if I later decide to file a data access request?
Can you point me to your privacy notice for website visitors? The link in the footer is broken.
Could you email me a PDF of your current privacy policy? I need it for our vendor file.
Is there a postal address for data protection requests, or do you only accept them by email?
who do i write to if i want to ask for my data one day?
Do you have a standard form for deletion requests, and where do I submit it?
Please could you share the privacy statement that covers job applicants? I can't find it online.
What is the usual turnaround for a SAR, and to which address does it go?
Where can I read how you handle supplier contacts' personal data?
Is it the group DPO or the local office that deals with access requests?
do you sell customer details to other firms?
Do you pass any of my details to marketing agencies?
Where should a letter asking for erasure be posted? Is there a particular department?
If someone wanted to request deletion of their account, what is the process on your side?
To whom should I address a rectification request, the branch or head office?
Is a deletion request by phone valid, or does it have to be in writing?
what's the right contact for GDPR requests? your website lists three different emails
How long does it normally take you to answer an erasure request once it's received?
Can a portability request be made through the customer portal, or only by email?
Which team handles objections to profiling, and how do they prefer to be contacted?
Would you mind sending me a link to the privacy notice for your customer portal?
Can I get a copy of your data protection policy? Our auditors ask for it from every supplier.
I'm looking for your cookie policy, could you send it over?
""",
        ["question"], "question"),
    "other_service": (
        ["Application status", "My parcel", "Refund", "Delivery slot", "Portal login", "Order {acct}",
         "Missing items", "Interview"],
        """
I applied for the forklift driver vacancy last month. Has a decision been made yet?
Is the interview for the warehouse planner role still on for Thursday? I haven't had a confirmation.
My shipment turned up with two cartons missing. Who handles claims for lost goods?
The goods were soaked when they arrived. How do I get my money back?
Could I book a delivery slot for Friday morning instead of Wednesday?
I can't log into the customer portal, the reset link never arrives. Can someone help?
The tracking page has said "in transit" for nine days. Where is my consignment?
Can you tell me whether the job I applied for in March has been filled?
Please issue a credit note for the damaged pallet on order {acct}.
The driver left the delivery in the rain outside the wrong unit. Who do I speak to about compensation?
""",
        ["other"], "other"),
}

# The earlier request an identity-check reply continues, with the subjects such a request carries.
REQUEST_SUBJECTS: dict[str, list[str]] = {
    "access": ["Subject access request", "Data access request", "SAR - {acct}", "Copy of my personal data",
               "Request for my data (Art. 15)"],
    "deletion": ["Deletion request", "Erasure request", "Please delete my account", "Right to be forgotten",
                 "Account deletion - {acct}"],
    "portability": ["Data portability request", "Export of my data"],
    "rectification": ["Correction of my details", "Rectification request"],
}
