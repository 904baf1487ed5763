# ruff: noqa: E501  (one sentence a line: prose data reads better unwrapped)
"""English fragments the generator assembles into training messages.

Written for this project from how people write to a privacy inbox: polite, angry, terse,
formal letters citing the GDPR, messages on behalf of someone else. Slots in braces are
filled by `generate.py` ({co} company, {date}, {email}, {partner}, {acct}, {person},
{rel} relative, {addr} postal address, {art} an article number).
"""

# One request sentence per line, grouped by what the writer wants done.
REQUESTS: dict[str, str] = {
    "access": """
Where did you get my email address? I never gave it to you.
I'd like to know which of your partners you have shared my details with.
Please send me the notes your sales team recorded about me after our meetings.
I want to see the information collected through your cookies and linked to my account.
Which contact details do you have for me at the moment? Please list them all.
I would like a copy of the data about me that you received from third parties.
Send me the full history of my interactions with your support team, including call recordings.
What exactly do you know about me? I want a copy.
I'd like to receive the log of every time my data was accessed by your staff.
Please send me a copy of all the personal data you hold about me.
I would like to know what personal information {co} has about me.
Under Article 15 of the GDPR, I request access to my personal data.
What data do you have on me? Send me a copy please.
I am making a subject access request.
This is a subject access request under the UK GDPR and the Data Protection Act 2018.
Could you tell me what data you store about me, where you got it and who you shared it with?
send me everything you have on me
I want to see my file. All of it.
Please provide me with a copy of the recordings of my phone calls with your support team.
I'd like a copy of every email, note and record that mentions me.
Kindly provide a copy of the personal data concerning me that you process, together with the purposes of the processing.
I request confirmation as to whether or not you process personal data concerning me and, if so, a copy of that data.
Can I get a copy of my data? The full thing, not a summary.
I need to know which of my details you keep and for what purpose.
Please let me know what information about me is in your CRM and send me an export of it.
I am exercising my right of access: please list the data you hold, its source and its recipients.
I would be grateful if you could send me all the information you hold about me, including internal notes.
Tell me what you know about me and where you got my email address from.
Where did you get my contact details? I want to know the source and a copy of what you hold.
Please give me access to the logs of my connections to your platform and the data attached to my account.
I would like a copy of the CCTV images recorded at your Lille site when I visited on {date}.
I want to find out what personal data about me is being processed and by whom.
Requesting a copy of my personal data as per my rights under GDPR.
Could you send me the data you collected about me through your website and your trade fairs?
I'd like to receive a copy of my customer file, including purchase history and any notes your sales team made.
Please disclose all personal data relating to me that you hold, in any form.
As a former employee, I request a copy of my personnel file and the emails in which I am mentioned.
What personal data of mine have you shared with third parties? Please send me the list and a copy of the data.
I want to know if you are still keeping data about me and, if yes, to get a copy.
SAR please. All data you hold about me.
please tell me what info you have about me
Hello, can you send me a copy of my personal data? My customer number is {acct}.
I would like access to the information you have collected on me, including any profiling.
Please send me details of any automated decisions you have made about me and the data they used.
I hereby request a copy of all data held on me in your systems, both electronic and paper.
Provide me with a copy of my data and tell me how long you intend to keep it.
I am asking you to confirm what data you hold on me and to send me a copy within one month.
""",
    "deletion": """
My aunt, who died in the spring, still has an active account with you; as executor of her estate I ask you to erase it.
I was added to a shared workspace on your platform by a supplier without my agreement. Remove my email address and my profile.
Please delete the profile my former employer created for me on your platform.
Please delete the pictures of me taken during the factory tour.
Please erase the data you collected about me through your website forms.
Please delete my application, I have accepted another job.
I want you to wipe all records of my phone number and home address.
please delet my acount
I ask you to erase my data from your prospect database.
Delete my user account and all messages I posted in the community forum.
Please delete my account and all the personal data associated with it.
I want all my data erased from your systems.
Under Article 17 of the GDPR, I request the erasure of my personal data.
Delete everything you have on me.
I'm exercising my right to be forgotten.
Please remove all my personal information from your database.
Close my account and wipe my data, I don't use your services any more.
I want my account deleted. Permanently.
Kindly erase all records concerning me, including backups where possible.
Could you please delete my profile from your platform?
remove my data from your systems pls
I no longer use your services and would like my account and data to be deleted.
Please confirm once all my personal data has been deleted.
I request that you erase without undue delay all personal data concerning me.
I would like you to permanently remove my details from all your files.
Please delete my old account, the one registered with {email}.
Delete my account. Now.
Please remove my name and photo from the testimonial page on your website.
I am the parent of {person}, who is 14. She created an account without my consent; please delete it and all her data.
My data is no longer necessary for the purpose it was collected for, so I ask you to erase it.
I withdraw my consent and ask you to delete all the data you collected on that basis.
Please get rid of my personal data, I don't want you to keep anything.
I want to close my account and have all information about me destroyed.
Please erase my contact details from your customer and prospect files.
Can you delete my CV and application data? I applied in {date} and no longer want you to keep it.
I'd like my account to be closed and my personal data deleted within the legal time limit.
Remove my email address, phone number and postal address from all your systems.
Please take down the article that names me and delete the comments I posted under my real name.
I demand the deletion of all my data.
I want to be forgotten by {co}.
Please delete the duplicate account I created by mistake with {email}.
Erase my data.
Please delete the recordings of my calls and any transcripts of them.
Please de-reference the page about me and delete my personal details from it.
I request the deletion of my personal data held by {co}, including data held by your processors.
""",
    "opt_out": """
Your sales team keeps phoning me; add my number to your no-call list.
Send me invoices and service updates if you must, but no advertising of any kind.
How do I get off your mailing list? Just remove me please.
I don't want your product announcements and event invitations anymore.
Kindly stop sending marketing texts to my phone.
Please stop adding me to your webinar invitation lists.
I'd like to withdraw my consent to your marketing emails and calls.
Please remove my work address from your prospecting campaigns.
how do i unsubscribe from these emails
I'm not interested in your offers. Stop emailing me.
Please unsubscribe me from your newsletter.
Stop sending me marketing emails.
Remove me from your mailing list.
I no longer wish to receive your newsletters.
Take me off your list please.
unsubscribe
I don't want to receive any more promotional emails from you.
Please stop emailing me about your events and offers.
I object to the use of my data for direct marketing purposes under Article 21(2) GDPR.
I withdraw my consent to receive marketing communications.
Please stop calling me with sales offers.
no more emails please
Stop the newsletters.
The unsubscribe link does not work, please remove my address manually.
I never signed up for your newsletter, please take me off it.
Please remove {email} from all your marketing lists.
I'd like to stop receiving the event invitations and the monthly newsletter.
Stop sending me your promotional mail.
I do not want to be contacted for marketing purposes any more, by email, phone or post.
Please stop sending me your brochures by post.
Opt me out of all marketing communications.
I would like to unsubscribe from all SODEPAC communications except those about my orders.
Please don't send me any more newsletters.
STOP
Kindly remove my address from your distribution list.
I do not want any more commercial emails from you or your partners.
Please stop the SMS campaigns to my mobile number.
I'd like to opt out of your webinars and promotional emails.
Can you take my colleague's old address {email} off your mailing list? She has left the company.
Please cease all direct marketing to me.
I want to stop getting your emails.
Please remove me from the invitation list for your trade fair events.
""",
    "complaint": """
A picture of me at your trade fair stand ended up in your Facebook advert. Nobody ever asked for my permission, which I find outrageous.
Your webinar reminder listed every participant's email in the To field, mine included. That is a data breach.
The delivery note in my parcel showed the name, phone and order of a different client. How can this happen?
Since I signed up on your site I get scam emails quoting my customer number. Either you were hacked or you sold my details.
Your employee posted a screenshot of my account details on social media.
You sent my payslip data to the wrong person. I am very worried and angry.
I was never told you would record the calls. This is a violation of my privacy.
A marketing agency I have never heard of phoned me and said they got my number from you. I never agreed to that.
I want to report a serious incident: my personal documents were visible to other users of your platform.
Your website displays my home address to anyone who searches my name. This is unacceptable and dangerous.
My former manager still has access to my account through your platform, which shows my personal messages.
I am disgusted by the way your company treated my request.
I am filing a formal complaint about the mishandling of my data by your customer service.
You ignored my request completely. This is not acceptable from a company of your size.
I am writing to make a formal complaint about the way you have handled my personal data.
This is completely unacceptable.
I will be reporting you to the ICO.
I have lodged a complaint with the CNIL today.
Your company has clearly breached the GDPR.
I am appalled that my personal details were sent to other customers in an open copy email.
You leaked my data and I want an explanation.
I received a letter addressed to someone else that contained my order details and my phone number. This is a serious data breach.
Your salesperson called me on my private mobile number, which I never gave you. I find this outrageous.
I am extremely disappointed with how your company treats personal data.
Frankly this is a disgrace and a breach of data protection law.
I feel my privacy has been violated.
I will be taking this matter to the data protection authority.
I want to complain about your data protection practices.
You published my photo without my consent, which is unacceptable.
I consider this a serious breach of my rights under the GDPR and I am filing a complaint with the supervisory authority.
Someone at your company shared my personal details with a recruiter without asking me. I am furious.
I received a phishing email that used details only you had. I believe your database has been compromised.
Your staff discussed my account with my employer without my permission. I want to formally complain.
I am fed up with your company.
This is harassment.
I am shocked by the lack of care your company shows for personal data.
""",
    "rectification": """
Your system lists my country as Germany; I live in Austria. Please fix it.
My old mailbox will be closed next month; please use {email} for everything from now on.
Your records still show my former job title; please update it.
My company name is wrong on my account and on your invoices.
You address me as Mrs but I am Mr. Please correct your records.
Please fix my phone number, two digits are swapped.
Your letters spell my surname with one t instead of two.
My postal address in your records is wrong, please correct it to {addr}.
Please update my email address to {email}.
My name is misspelled in your system.
The phone number you have for me is outdated, please update it.
I have changed companies; please update my employer and job title in your database.
Please correct my date of birth, it is wrong on my account.
Under Article 16 GDPR I request the rectification of inaccurate personal data concerning me.
Your records list me as still working at {partner}, which has not been the case for two years. Please correct this.
Please update my surname, I got married and now use {person}.
my address changed, new one is {addr}
The information you hold about me is inaccurate: my job title should be Head of Purchasing, not Assistant.
Please rectify the spelling of my first name on your invoices and certificates.
I moved. Could you update my delivery and billing address?
Your file about me contains errors. Please correct the following: name, phone number and company.
Kindly replace my old email with the new one, {email}.
My title is Dr, not Mr. Please fix this in your files.
Please complete my record, which is missing my professional phone number.
The data you hold on me is out of date and I ask you to correct it.
""",
    "portability": """
Please send me my data in a machine-readable format such as CSV or JSON.
Under Article 20 GDPR, I request a copy of my data in a structured, commonly used and machine-readable format.
I want to transfer my account data to another provider. Can you send it directly to {partner}?
Can I download all my data as a CSV file?
Please export my order history and project files so I can import them into another tool.
I'm exercising my right to data portability.
I'd like an export of all the data I uploaded to your platform, in a format I can reuse.
Please transmit my personal data directly to my new supplier, {partner}, as allowed by the GDPR.
Could you give me a JSON export of my profile, orders and messages?
I need all my data in an Excel or CSV file to move to a competitor.
Please provide my data in an interoperable format so I can move it elsewhere.
export my data pls, csv is fine
""",
    "objection": """
Please turn off any tailoring of the platform's content that relies on my browsing and clicks.
I do not accept that you guess my employer and sector from the domain of my email and adapt your services to it.
I object to the data brokers and ad networks you work with feeding you information about my online behaviour.
I said yes to being photographed for your product catalogue, but I have changed my mind and withdraw that consent.
Please stop displaying my customer review with my full name; I withdraw my consent to that publication.
I no longer consent to my support requests being passed to your affiliated specialists.
Please stop analysing my use of the platform to make recommendations.
I object to the use of my customer data to build marketing segments about me.
I don't want my details passed on to your resellers or distributors.
Please stop using my purchase history for targeted advertising on social networks.
I object to any automated scoring of my company account based on my personal data.
Restrict the processing of my data to storage only until my complaint has been dealt with.
Stop using my data for statistics and product improvement.
I withdraw my permission for the podcast episode in which I speak about our project to be used in your promotion.
I object to the processing of my personal data for profiling.
Please stop sharing my personal data with your partners.
I would like you to restrict the processing of my data while my dispute with you is resolved.
I object, under Article 21(1) GDPR, to the processing of my data based on your legitimate interests.
Stop using my data for analytics purposes.
I withdraw my consent to the use of my photo in your brochures.
Please do not use my data to train your AI models.
I don't want my data to be sold or passed on to third parties.
Please stop tracking my activity on your platform.
I object to my data being used for research and product development.
Please limit the use of my data to what is strictly necessary to deliver my orders.
I ask you to restrict the processing of my data under Article 18 GDPR until you have verified its accuracy.
I do not consent to my interview recording being used in your training videos. Please stop using it.
I object to the personalisation of content based on my browsing history.
Do not share my details with your resellers any more.
I refuse to let you use my data for credit scoring or automated decisions.
Please stop using my contributions in your case studies.
""",
    "question": """
If SODEPAC merges with another group, who will control my data afterwards?
Before deciding whether to close my account, I would like to know what you keep after closure.
Is your marketing based on my consent or on your legitimate interest?
Do you allow apprentices under 16 to create an account on the platform?
Do you check the identity of people who make privacy requests?
How do you handle data of people under 16?
What do your partners do with the data you share with them?
Would I be told if there was a data breach affecting my account?
If my employer administers our account, can they read my messages?
For my own records: what retention period applies to quotes that were never accepted?
How long do you keep the personal data of former customers?
Do you use cookies on your website, and which ones?
Who is the data controller for my data, you or my employer?
Do you transfer personal data outside the European Union?
Which third parties do you share customer data with?
Is my data stored in France or elsewhere?
What is the legal basis for processing my data?
Who is your Data Protection Officer and how can I contact them?
What happens to my data if my company closes its account?
Do you use my data to train artificial intelligence?
How do you protect the data I upload to your platform?
Do you sell personal data?
How long are support tickets kept?
What data do you collect when I use your mobile app?
Are calls to your support line recorded?
Is your hosting provider based in the EU?
Where can I find your privacy policy?
If I delete my account one day, how long will my invoices be kept?
Do you keep my data after my subscription ends?
Which analytics tools do you use on your website?
I just have a question about how you use my data for your newsletter.
""",
    "other": """
I wish to complain about your haulier: the crates were left in the rain and the goods are ruined.
We dispute invoice {acct}: the machining was out of tolerance and we expect a credit note.
Can two of our engineers still sign up for the logistics conference in October?
Our university would like to bring a group of students to visit your warehouse. Is that possible?
Security alert: your email password expires today. Log in through this link to keep your data.
Your message could not be delivered to one or more recipients. User unknown.
Please update the delivery address for our next order to our new warehouse.
Our company changed its name; please update it on future invoices.
Can you send me a copy of the signed contract for our records?
I'd like access to the training videos for the new module.
Please delete the test orders I created in the demo environment.
Could you remove the old contact person from our supplier account and add me instead?
Weekly logistics digest: freight rates, new customs rules, GDPR tips for purchasers, upcoming trade fairs.
We would like a quote for 500 steel brackets delivered to our site in Lyon.
Please find attached our invoice for the month of {date}.
I am applying for the position of logistics coordinator; please find my CV attached.
Our order has not been delivered yet, could you check the status?
I can't log in to my account, I get an access denied error.
Can you send me the technical documentation for your warehouse management module?
We are interested in a partnership with {co} for the distribution of our products.
Could you send us your price list for 2025?
The invoice you sent has the wrong VAT number, could you issue a corrected one?
I would like to book a demo of your planning software.
Congratulations, you have been selected to receive a free iPhone! Click here to claim your prize.
Boost your SEO ranking today with our special offer.
I'm a journalist writing about supply-chain software and would like to interview someone from your team.
Our payment was made on {date}, please confirm receipt.
Is there a training session on your platform next month?
We'd like to cancel our order number {acct}.
Please delete the draft contract I sent yesterday, it contains an error; a corrected version is attached.
Could you grant access to the shared project folder to my colleague {person}?
Thank you for the great workshop last week!
Hi, I'm looking for an internship in supply chain management.
The platform is very slow since this morning.
Our company needs to update the billing address on our invoices for accounting purposes.
Can you remove the late payment fee from invoice {acct}? We paid on time.
""",
}

# Ways to say "not this" before a contrast: "I don't want my account deleted, just ...".
NEGATED: dict[str, str] = {
    "deletion": """
I don't want my account deleted
Please do not delete my account
I'm not asking you to delete anything
No need to delete my data
Don't close my account
I do not want you to erase my data
I don't want to delete my profile
I am not requesting the deletion of my account
Keep my account open
I do not wish to have my account removed
""",
    "opt_out": """
I don't want to unsubscribe
I'm not asking to be removed from the newsletter
I still want to receive your newsletter
Please don't unsubscribe me
I'm happy to keep receiving your emails
""",
    "access": """
I don't need a copy of my data
I'm not asking for a copy of my data
No need to send me my data
I do not want an export of my file
""",
    "complaint": """
I'm not complaining
This is not a complaint
I don't want to make a complaint
I have no complaint about your service
""",
    "objection": """
I don't object to you sharing my data with your partners
I'm fine with the analytics
I am not objecting to the processing
""",
    "rectification": """
My details are correct
No need to change my address
I'm not asking for any correction
""",
}

# Connectors after a negated clause.
CONTRASTS = [", just ", ", I only want to ", ". I just want you to ", ", but please ", " - just ", ", simply ",
             ", only ", ". All I ask is: "]

# Short imperative forms used after a contrast ("..., just stop the emails").
AFTER_CONTRAST: dict[str, str] = {
    "opt_out": """
stop the emails
stop sending me newsletters
take me off the mailing list
unsubscribe me from the marketing emails
stop the promotional messages
remove me from the newsletter
stop the event invitations
""",
    "deletion": """
delete my old duplicate account
erase the data from my previous job application
remove my phone number from your files
""",
    "rectification": """
update my email address to {email}
correct my postal address
fix the spelling of my name
update my job title
""",
    "access": """
send me a copy of the data you hold
tell me what data you have about me
""",
    "objection": """
stop sharing my data with your partners
stop using my data for profiling
stop the analytics tracking
""",
    "question": """
tell me how long you keep my data
let me know whether you transfer my data outside the EU
""",
}

# Complaints that repeat an earlier request: "{complaint, X}".
REMINDERS: dict[str, str] = {
    "deletion": """
I asked you to delete my account on {date} and it is still active. This is unacceptable.
Three weeks ago I requested the deletion of my data. No answer. I expect a reply immediately.
You confirmed that my data had been deleted, yet I just received an email addressed to me by name. You lied to me.
For the second time: delete my data. The legal deadline has passed and I have had no response.
Despite my request of {date}, you still have not erased my personal data. I am filing a complaint with the ICO.
""",
    "opt_out": """
I unsubscribed weeks ago and I am still receiving your newsletters. This is unacceptable.
I have asked you three times to stop emailing me. Stop it now or I will report you to the ICO.
Why do I keep getting your marketing emails after unsubscribing? This is a breach of the rules.
I clicked unsubscribe twice and your emails still arrive every week. Take me off your list, this is ridiculous.
""",
    "access": """
What you sent in answer to my access request is a fraction of what you hold. I expect the full copy without further delay; this is not good enough.
You answered my request of {date} with a one-line summary. That is not what Article 15 requires and I am not satisfied.
I sent a subject access request on {date} and you have not replied within the one-month deadline. This is a breach of Article 12(3) GDPR.
More than a month ago I asked for a copy of my data. Nothing. I want it now, and I consider your silence a breach of the law.
The data you sent me is incomplete: the call recordings and internal notes are missing. This is not acceptable; send me the complete copy.
""",
    "rectification": """
I asked you twice to correct my address and you keep sending letters to the old one. This is unacceptable.
My name is still misspelled on everything you send despite my request last month. I am very unhappy about this.
""",
    "objection": """
I told you I did not want my data shared with your partners, and now one of them has called me. This is a breach of my rights.
Despite my objection of {date}, you are still using my photo in your brochure. I want it withdrawn and I am considering a complaint.
""",
    "portability": """
I requested an export of my data in CSV format on {date} and still have nothing. This delay is unacceptable.
""",
}

# Polite follow-ups are not complaints: they keep the original request only.
FOLLOW_UPS: dict[str, str] = {
    "deletion": """
Just following up on my request to delete my account. Could you confirm when it is done?
I sent a deletion request last week; any news? Thanks.
""",
    "access": """
Following up on my access request of {date}: could you let me know when I can expect the copy of my data?
""",
    "opt_out": """
Just checking that you have removed me from the mailing list as I asked last week.
""",
}

# Conditional warnings at the end of formal letters: not a complaint by themselves.
WARNINGS = """
If I do not receive a response within one month, I reserve the right to lodge a complaint with the supervisory authority.
Should you fail to comply within the statutory period, I will consider contacting the Information Commissioner's Office.
Please note that if you do not respond within 30 days, I may refer the matter to the data protection authority.
If I have not heard from you within one month, I will escalate this to the competent supervisory authority.
""".strip().splitlines()

CONTEXT = """
I have been a customer of yours for several years.
I used your platform at my previous job.
I attended one of your workshops last year.
I received an email from you this morning.
I met one of your sales representatives at a trade fair.
I registered on your website a long time ago.
My company stopped working with you last year.
I'm writing from my personal address because I no longer have access to my work email.
I found your address in your privacy policy.
I hope this is the right address for this.
Sorry if this is not the right department.
I am moving to another supplier.
I have been getting a lot of spam lately.
I'm not very good with computers, so I hope this email is enough.
""".strip().splitlines()

BEHALF = """
I am writing on behalf of my mother, {person}, who is not comfortable with email.
I am contacting you on behalf of my father, {person}, who passed away in {date}.
I act as the legal representative of {person}; a signed authorisation is attached.
As the solicitor acting for {person}, I write to you on her instructions.
I'm writing for my husband, {person}, who asked me to handle this.
As the IT administrator of our company, I am writing about our former employee {person}.
""".strip().splitlines()

GREETINGS = ["Hello,", "Hi,", "Dear Sir or Madam,", "Dear SODEPAC team,", "To whom it may concern,", "Hi there,",
             "Good morning,", "Dear Data Protection Officer,", "Dear privacy team,", "Hello team,", "Dear all,"]
CLOSINGS = ["Thanks,", "Regards,", "Kind regards,", "Best,", "Thank you in advance.", "Cheers,", "Sincerely,",
            "Yours faithfully,", "Many thanks,", "Best regards,", "Thanks for your help.", "Thank you."]
ANGRY_ADDONS = ["This is ridiculous!", "I am sick of this.", "Seriously?!", "Enough is enough.",
                "How many times do I have to ask?", "Unbelievable."]
IDENTIFY = """
My customer number is {acct} and my email address is {email}.
To help you find my records: I registered with {email}.
A copy of my identity document is attached.
My account is registered under {email}.
My postal address is {addr}.
""".strip().splitlines()

SUBJECTS: dict[str, list[str]] = {
    "access": ["Subject access request", "Request for a copy of my data", "Access request", "My personal data",
               "GDPR Article 15 request", "What data do you hold?", "SAR", "Data access request"],
    "deletion": ["Delete my account", "Erasure request", "Right to be forgotten", "Account deletion",
                 "Request for erasure of personal data", "Please delete my data", "Remove my data",
                 "Close my account"],
    "opt_out": ["Unsubscribe", "Stop emails", "Remove me from your list", "Newsletter", "Marketing emails",
                "unsubscribe me", "STOP", "Opt out"],
    "complaint": ["Complaint", "Formal complaint", "Data breach", "Unacceptable", "Very unhappy",
                  "Misuse of my personal data", "Complaint about data handling"],
    "rectification": ["Update my details", "Wrong address", "Correction of my data", "Change of email address",
                      "Incorrect information", "Rectification request"],
    "portability": ["Data export", "Data portability request", "Export of my data", "CSV export",
                    "Transfer my data"],
    "objection": ["Objection to processing", "Stop sharing my data", "Restriction of processing",
                  "Withdrawal of consent", "Use of my data", "Profiling"],
    "question": ["Question about your privacy policy", "Data retention", "Cookies", "Quick question",
                 "Question about my data", "Privacy question"],
    "other": ["Quote request", "Invoice", "Job application", "Order status", "Partnership", "Login problem",
              "Price list", "Demo request", "Payment", "Hello", "Meeting"],
}
GENERIC_SUBJECTS = ["", "", "Request", "Hello", "Re: your email", "Urgent", "My account", "Personal data",
                    "GDPR", "(no subject)", "Fwd: SODEPAC Newsletter", "Re: SODEPAC Newsletter - new dates"]

DISCLAIMERS = """
This email and any attachments are confidential and intended solely for the addressee. If you have received this email in error, please notify the sender and delete it.
CONFIDENTIALITY NOTICE: if you are not the intended recipient, please delete this message and any copies immediately.
Please consider the environment before printing this email.
The information in this message is private. If you received it by mistake, please inform us and erase it from your system.
""".strip().splitlines()

NEWSLETTER_FOOTERS = """
You are receiving this email because you subscribed to our newsletter. Unsubscribe | Manage preferences
To stop receiving these emails, click here to unsubscribe.
If you no longer wish to receive our emails, unsubscribe here. View in browser.
""".strip().splitlines()

# Whole non-privacy messages that mention privacy words in passing.
OTHER_FULL = """
Hi, I can't access my account since the update this morning, it says access denied. Can you help?
Please delete the previous version of the quote I sent, the figures were wrong. New version attached.
Thank you for your order. Your delivery is scheduled for Monday. To unsubscribe from delivery notifications, update your preferences.
SPRING SALE - 30% off all our pallets! Click here to unsubscribe from these offers.
I am out of the office until Monday with limited access to email. For urgent matters contact my colleague.
Delivery failure: the message could not be delivered to the recipient. The mailbox is full.
Our new catalogue is out! Discover the new products. You receive this email as a subscriber; unsubscribe at any time.
Please remove the duplicate line on invoice {acct}; we were charged twice for the same pallet.
Could you give our new intern access to the supplier portal? Her name is {person}.
We are updating our supplier data: please fill in the attached form with your bank details and VAT number.
Dear partner, our data protection policy has been updated. No action is needed on your side.
Meeting request: could we schedule a call next week about the logistics tender?
Our accounting department needs a copy of the delivery notes for March.
Hello, I would like to apply for the warehouse operator job advertised on your website.
Invitation: webinar on warehouse automation, Thursday at 11am.
Your password has been reset. If you did not request this, please contact support.
""".strip().splitlines()

FIRST_NAMES = ["James", "Emma", "Oliver", "Sophie", "Liam", "Grace", "Noah", "Chloe", "Mohammed", "Aisha", "Raj",
               "Priya", "Tom", "Laura", "Peter", "Hannah", "David", "Olivia", "Ian", "Fatima", "Ben", "Claire",
               "Lucas", "Mia", "Kwame", "Yuki", "Sean", "Rachel", "Ahmed", "Nina"]
LAST_NAMES = ["Smith", "Brown", "Taylor", "Wilson", "Evans", "Patel", "Khan", "Murphy", "O'Brien", "Clarke",
              "Walker", "Hughes", "Green", "Nguyen", "Kowalski", "Okafor", "Campbell", "Reid", "Shaw", "Ward"]
TITLES = ["Procurement Manager", "Logistics Coordinator", "Operations Director", "Account Manager", ""]
COMPANIES = ["Northgate Logistics Ltd", "Bramley Foods", "Harbour Freight", "Kestrel Parts", "Ridgeway Retail"]
ADDRESSES = ["14 Elm Street, Leeds LS1 4AB", "22 Harbour Road, Bristol BS1 5TT", "3 Station Lane, York YO1 7HF",
             "101 Queen's Avenue, Glasgow G2 3AA"]

# Formal letters: an opening citing the law, the request, optional enumerations, identification,
# the deadline (Art. 12(3): one month) and a closing. Each paragraph list is drawn from in order.
FORMAL_OPENINGS = """
I am writing to exercise my rights under the General Data Protection Regulation (EU) 2016/679.
I hereby make a request under Article {art} of the General Data Protection Regulation (GDPR).
Pursuant to Article {art} GDPR, I am submitting the following request regarding my personal data.
This letter is a formal request under Article {art} of the UK GDPR.
In accordance with Article {art} of Regulation (EU) 2016/679, please treat this message as a formal request.
""".strip().splitlines()

FORMAL_BODIES: dict[str, list[str]] = {
    "access": [
        "Please confirm whether you process personal data concerning me and, where that is the case, provide me "
        "with a copy of that data together with the following information:\n1. the purposes of each processing;\n"
        "2. the categories of data concerned;\n3. the recipients to whom the data has been or will be disclosed, "
        "in particular recipients in third countries;\n4. the period for which the data will be stored, or the "
        "criteria used to set it;\n5. where the data was not collected from me, its source;\n6. whether automated "
        "decision-making, including profiling, takes place, and the logic involved.",
        "I ask you to send me a copy of all personal data relating to me, in whatever form it is held "
        "(databases, emails, paper files, recordings), and to tell me for what purposes it is used, "
        "to whom it has been disclosed and how long it will be kept. I also wish to be reminded of my rights to "
        "request rectification, erasure or restriction of processing and to object.",
        "I request a copy of my personal data and the information listed in Article 15(1)(a) to (h), including "
        "the safeguards applied to any transfer to a third country under Article 46.",
    ],
    "deletion": [
        "I request that you erase all personal data concerning me without undue delay. At least one of the "
        "grounds of Article 17(1) applies: the data is no longer necessary for the purposes for which it was "
        "collected, and I withdraw any consent on which the processing is based.",
        "Please delete all my personal data, including in backups and in systems operated by your processors, "
        "and inform any recipients to whom it was disclosed of this erasure, as Article 19 requires. Please "
        "confirm the erasure in writing.",
        "I ask you to close my customer account and to erase every item of personal data relating to me, "
        "unless a legal obligation requires you to keep it, in which case please tell me which data and on "
        "what legal basis.",
    ],
    "opt_out": [
        "I object to the processing of my personal data for direct marketing purposes, including profiling "
        "related to such marketing, as Article 21(2) allows. In accordance with Article 21(3), my data must no "
        "longer be processed for those purposes. Please remove me from all your marketing and prospecting lists.",
        "I withdraw any consent I may have given to receive commercial communications and ask you to stop "
        "sending me newsletters, offers and invitations by any channel.",
    ],
    "rectification": [
        "The following personal data concerning me is inaccurate and I ask you to rectify it without undue "
        "delay: my postal address should read {addr}, and my email address should be {email}.",
        "I ask you to correct the inaccurate data you hold about me and to complete the incomplete data, "
        "and to notify the recipients to whom it was disclosed, in accordance with Article 19.",
    ],
    "portability": [
        "I ask you to provide the personal data I have provided to you in a structured, commonly used and "
        "machine-readable format (for example CSV or JSON), and, where technically feasible, to transmit it "
        "directly to {partner}, in accordance with Article 20.",
    ],
    "objection": [
        "I object, on grounds relating to my particular situation, to the processing of my personal data based "
        "on your legitimate interests under Article 6(1)(f). Unless you demonstrate compelling legitimate "
        "grounds, please stop this processing.",
        "I request the restriction of the processing of my personal data under Article 18 while the accuracy of "
        "the data and the lawfulness of its processing are examined.",
        "I object to the sharing of my personal data with your commercial partners and to any profiling "
        "carried out on it.",
    ],
}

FORMAL_DEADLINES = """
Under Article 12(3) GDPR you must respond without undue delay and at the latest within one month of receipt.
Please respond within one month, as required by Article 12(3).
I look forward to your reply within the one-month period provided by the Regulation.
""".strip().splitlines()

FORMAL_CLOSINGS = ["Yours faithfully,", "Yours sincerely,", "Kind regards,"]

# Complaint letters that escalate an unanswered or refused request.
FORMAL_COMPLAINTS = """
On {date} I sent you a request under Article {art} GDPR. The one-month period laid down in Article 12(3) has expired and I have received no response. Your failure to reply infringes the Regulation.
I refer to my request of {date}. You have neither complied nor explained why you refused, in breach of Article 12(4). I hereby give you formal notice to comply within seven days.
Your reply of {date} to my request under Article {art} is incomplete and does not meet the requirements of the GDPR. I am lodging a complaint with the supervisory authority.
""".strip().splitlines()

# Terse messages, as typed on a phone: "text|labels|primary".
TERSE = """
stop|opt_out|opt_out
STOP!!|opt_out|opt_out
stop please|opt_out|opt_out
unsubscribe|opt_out|opt_out
unsubscribe please|opt_out|opt_out
remove|opt_out|opt_out
unsubscribe me and delete my data|opt_out,deletion|deletion
take me off your list and erase my account|opt_out,deletion|deletion
delete my account and stop the emails pls|deletion,opt_out|deletion
copy of my data then delete it all|access,deletion|deletion
stop the newsletter and fix my email address, it's {email}|opt_out,rectification|opt_out
send me my data as csv and close my account|portability,deletion|portability
stop sharing my data with partners and unsubscribe me|objection,opt_out|objection
delete my data pls|deletion|deletion
delete me|deletion|deletion
erase my info thx|deletion|deletion
close my acount|deletion|deletion
pls send me a copy of my data|access|access
what data do u have on me|access|access
can i see my data?|access|access
copy of my personal data please|access|access
remove me|opt_out|opt_out
no more newsletters|opt_out|opt_out
unsub|opt_out|opt_out
stop emailing me|opt_out|opt_out
fix my name pls|rectification|rectification
update my address|rectification|rectification
csv export of my data pls|portability|portability
stop tracking me|objection|objection
dont share my data|objection|objection
how long do you keep my data?|question|question
do you use cookies?|question|question
price list please|other|other
invoice attached|other|other
hi, how do I delete my account?|deletion|deletion
how can i get a copy of my data|access|access
""".strip().splitlines()

# Paragraphs any formal letter may carry, whatever it asks: they must not sway the reading.
FORMAL_BOILERPLATE = """
To the attention of the Data Protection Officer and the legal department of SODEPAC INTERNATIONAL.
Please note that this request is made free of charge, as Article 12(5) GDPR provides.
If you need further information to identify me, please tell me promptly; I expect you not to ask for more data than is necessary.
Please send your answer to the email address from which this request is sent.
This request covers all companies of your group and any processors acting on your behalf.
I would be grateful if you would acknowledge receipt of this letter.
For the avoidance of doubt, my details are as follows: full name, date of birth and customer number as given below.
""".strip().splitlines()

# More ways of wording each formal request.
FORMAL_BODIES['access'] += [
    "Please let me know whether you hold any personal data about me. If you do, I want a copy of it, and I also want to know why you process it, who has received it, how long you will keep it and where you obtained it.",
    "I request a full copy of my personal data, including data in email archives, CRM notes, telephone recordings and any data obtained from third parties, together with the information required by Article 15(1) and (2).",
    "Kindly supply, free of charge, a copy of the personal information you process about me and a description of the purposes, the recipients, the retention period and the source of that information."
]
FORMAL_BODIES['deletion'] += [
    "I hereby ask you to erase all personal data relating to me that you hold, whether in your customer database, your marketing tools, your backups or with your processors. Please confirm once the erasure is complete.",
    "Please delete my customer account and every piece of personal information connected to it. I no longer consent to its processing and there is no overriding legitimate ground for you to keep it.",
    "I request the erasure of my personal data pursuant to Article 17(1)(a), (b) and (d). Where you have made the data public, please take reasonable steps to inform other controllers of my request, as Article 17(2) provides."
]
FORMAL_BODIES['opt_out'] += [
    "I hereby object to any use of my personal data for direct marketing, including newsletters, promotional calls and profiling for advertising. Please add my details to your suppression list so I am not contacted again.",
    "With immediate effect, I withdraw my consent to the processing of my contact details for advertising and ask you to stop all marketing communications to me by email, telephone, text message and post."
]
FORMAL_BODIES['rectification'] += [
    "Your records contain an incorrect surname and an outdated postal address for me. Please replace them with the correct details given below and confirm the correction in writing.",
    "I ask you to correct my personal data: my name is spelled wrongly and my telephone number has changed. The correct information is set out below."
]
FORMAL_BODIES['portability'] += [
    "Please send me the personal data I provided to you, including my order history and uploaded files, as a JSON or CSV export that I can import into another system, as Article 20 allows."
]
FORMAL_BODIES['objection'] += [
    "I object to the processing of my personal data for profiling, analytics and the training of machine learning models. Please stop these processing operations and confirm that you have done so.",
    "Please restrict the processing of my personal data in accordance with Article 18 GDPR: keep it stored but do not use it for any other purpose until this matter is resolved."
]

FORMAL_BODIES["deletion"] += [
    "Please erase the following personal data concerning me:\n- my telephone number;\n- my postal address;\n- my email address;\n- my purchase history.",
    "The data I want erased includes my name, my contact details and every record of my orders and support requests.",
]
FORMAL_BODIES["access"] += [
    "In particular, I would like to receive:\n- my customer file;\n- the emails exchanged with your customer service;\n- the notes made about me by your staff;\n- any recordings of my calls.",
]

# Long letters name rights as information ("tell me about my rights to..."): not requests.
FORMAL_BOILERPLATE += [
    "In your reply, please also inform me of my rights to rectification, erasure and restriction of processing, and of my right to lodge a complaint with a supervisory authority.",
    "I remind you that Article 15(1)(e) requires you to tell me about the existence of the rights to rectification, erasure, restriction and objection.",
    "I reserve the right to refer this matter to the Information Commissioner's Office should I not receive a complete answer within one month.",
    "Nothing in this letter waives any of my other rights under the UK GDPR, including the rights of rectification, erasure and portability.",
    "This request is made in accordance with Articles 12 and 15 to 22 of the GDPR, which set out the rights of access, rectification, erasure, restriction, portability and objection.",
]
# Objecting to direct marketing in legal words is an opt-out (Art. 21(2)-(3)), not an Art. 21(1) objection.
FORMAL_BODIES["opt_out"] += [
    "Under Article 21(2) and (3) GDPR, I object to the processing of my personal data for direct marketing purposes, including any profiling related to such marketing. Please confirm that my details have been suppressed from your marketing lists.",
    "I hereby object to the use of my contact details for prospecting and advertising of any kind, by post, telephone, email or text message.",
    "Please remove my details from the files you use for sending advertising and do not pass them on to other companies for marketing.",
]
# Formal reminders: the unanswered request is now a complaint (Art. 12(3) deadline, Art. 77).
REMINDERS["access"] += """
I wrote to you on {date} with a subject access request under Article 15 GDPR. The one-month period of Article 12(3) has expired and I have received no reply. I now give you fourteen days before I contact the supervisory authority.
This is a follow-up to my data access request of {date}, which remains unanswered. You are in breach of your obligations under the GDPR.
"""
REMINDERS["deletion"] += """
On {date} I sent you an erasure request under Article 17 GDPR. More than a month later I have had no response, which is a breach of Article 12(3). Please treat this as a formal reminder.
My erasure request of {date} has still not been actioned, although the statutory deadline has passed. I am escalating this to the ICO unless you confirm the deletion within seven days.
"""
