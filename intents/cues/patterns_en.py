"""English request cues: the phrasings by which people ask for each right, in the notation of the
package docstring (`__init__.py`), and the English words the matcher weighs them with. Data only."""

# fmt: off
PATTERNS: dict[str, list[str]] = {
    "deletion": [
        "delete*|erase*|remove|removing|removal|wipe*|destroy*|purge* ~3 my|all|his|her|any|our|every ~3 "
        "data|account*|details|information|info|records|record|profile*|file*|personal|cv|application|"
        "photo*|picture*|recording*|everything|address|number|name|images|footage|messages|posts",
        "delete|erase|wipe|remove everything|all|it|them",
        "delete*|erase*|remove|wipe* ~2 the|any|those|these ~3 profile*|segments|data|information|records ~8 "
        "about|on ~2 me",
        "^deletion|erasure|delete|erase|forgotten",
        "close|closing|terminate|deactivate ~2 my|his|her|the ~2 account*",
        "right to erasure|deletion|be",
        "be forgotten",
        "forget me",
        "erasure|deletion|removal ~2 of ~3 my|all|personal|the ~2 data|account*|details|information|record*",
        "request*|demand*|want|asking|ask ~2 erasure|deletion|removal",
        "article|art 17",
        "erasure request",
        "deletion request",
        # "You never answered my erasure request": the request named stands, negation or not.
        "@my|@our @erasure|@deletion @request|@requests",
        "delete|erase|remove|wipe|purge me ~2 from ~3 system*|database*|records|files|servers|crm|everything",
        "want|like|need|have|get ~4 data|details|information|info|account*|it|them|everything|records|cv|profile*|"
        "photo*|name ~2 erased|deleted|removed|wiped|destroyed|purged",
        "take|taking ~2 it|them|this|that|everything ~2 down",
        "take down",
    ],
    "access": [
        "subject access|access request",
        "^copy|access|sar|dsar",
        "dsar|sar",
        "right of|to access",
        "article|art 15",
        "copy ~2 of ~2 the ~2 personal ~2 data|information",
        "copy|printout ~2 of ~2 my|all|everything|any ~3 personal|data|information|info|file|"
        "records|details|emails|notes|recordings|logs|history|profile",
        "copy ~2 of ~2 what",
        "send|give|provide|share|tell|show|disclose|communicate|forward|supply ~2 me|us ~5 data|information|"
        "info|everything|file|records|copy|details|personal|notes|logs",
        "what|which ~3 data|information|info|details|records ~2 you|do|does|have|is|are|has ~3 hold|have|"
        "holding|store|keep|process|processing|collected|stored|held|retain",
        "what ~2 you ~2 know|have|hold ~2 about|on ~2 me",
        "access ~2 to ~3 my|the ~3 data|information|file|records|personal",
        "where|how ~4 get|got|obtain|obtained|find|found|source ~3 my ~2 email*|address|details|data|"
        "number|contact|name|information",
        "see ~2 my ~2 data|file|information|records",
        "source ~2 of ~3 my ~2 data|details|information|email|address",
        "who ~3 gave|sold|passed|provided|shared ~4 my ~2 details|data|number|address|information|email|contact",
        "which|what ~5 you ~3 have|hold|keep ~2 on ~2 file|record",
        "confirm*|confirmation ~2 whether|if ~6 data|information ~4 collected|used|processed|held|stored|shared",
        "confirm*|confirmation ~2 whether|if ~4 you ~3 process*|hold|holding|store|storing|use|using|keep ~4 "
        "data|information|details",
        "what ~4 sent|received|shared|passed ~2 you ~2 about ~2 me",
        "who|whom ~3 have|has|did ~2 you ~3 shared|passed|sold|disclosed|given|sent|share|pass|sell|disclose|"
        "give|send ~2 it|them|my|this ~3 with|to",
    ],
    "opt_out": [
        "unsub*",
        "@no|@nothing ~2 @promotional|@promotions|@newsletters|@advertising|@adverts",
        "opt|opted ~2 out",
        "opt-out",
        "stop|cease|quit ~3 send*|email*|mail*|call*|phon*|text*|market*|newsletter*|spam*|promot*|advert*|"
        "contacting|bombard*|messag*|invitations",
        "^spam|unsubscribe|opt-out|unsubcribe",
        "take|remove|delete|drop|exclude|strike ~4 off|from ~3 list|lists|mailing*|newsletter*|marketing|"
        "distribution|campaign*|prospect*",
        "off ~2 your ~2 list|lists|mailing",
        "@no @longer ~2 wish|want|like ~2 receive|get|be",
        "@don't|@not|@n't ~2 @want|@wish ~3 @receive|@get ~4 newsletter*|email*|marketing|promot*|offers|mail*|"
        "advert*|communication*|messages|invitations|brochures|calls",
        "@no @more ~2 @emails|@newsletter*|@marketing|@mail*|@calls|@messages|@spam|@offers",
        "withdraw* ~4 consent ~4 marketing|newsletter*|communications|emails|promot*|commercial",
        "object* ~4 direct ~2 marketing",
        "object* ~6 marketing|advertising|prospecting|promotional",
        "do|does ~2 not|n't|nt ~2 contact|call|email ~2 me",
        "no-call|do-not-call",
        "@not|@never|@n't @send|@email|@mail|@contact|@call @me ~2 @any|@again|@anymore|@further ~2 @more|"
        "@marketing|@emails|@offers|@newsletters|@of|@it|@them",
        "@not|@never|@n't @send|@email|@mail|@contact|@call @me @again|@anymore",
    ],
    "complaint": [
        "^complaint|complaints|complain|reminder|unanswered|escalation|ignored|breach|leak|leaked|ico|cnil|"
        "despite",
        "make|making|lodge|lodging|file|filing|submit|raise|raising|formal|this|my ~2 complaint",
        "i|we ~2 complain|complaining",
        "unacceptable|outrageous|disgrace*|appalling|scandal*|shocking|disgusting|infuriat*|ridiculous|"
        "inexcusable|deplorable",
        "@not @acceptable|@good|@satisfied|@happy|@ok|@okay|@proper|@compliant",
        "@still ~3 @not|@n't|@no|@nothing|@never|@haven't|@hasn't",
        "@still @receiv*|@getting|@get|@waiting",
        "despite|although ~4 unsubscrib*|request*|asking|opting|objecting|told",
        "even after ~3 unsubscrib*|request*|asking|opting|objecting|telling",
        "two|three|four|several|multiple|repeated ~2 requests|reminders|letters",
        "@no|@not|@never|@n't ~3 @reply|@response|@answer|@replied|@responded|@answered|@acknowledg*|"
        "@heard",
        "second|third|fourth|fifth|final|last|repeated|another ~2 request|reminder|time|attempt|email|letter|"
        "mail|message",
        "chasing",
        "harass*|harrass*|intrusive|nuisance|bombarded",
        "junk ~2 mail|mails|email*|calls",
        "after|since ~2 i ~2 unsubscribed|opted",
        "after|since|despite ~3 asking|asked|told ~4 stop|not|never",
        "fed up|had enough",
        "ignored|ignoring",
        "violation|violating|infringe*|unlawful*|illegal*|leaked|exposed",
        "that|this|it 's|is|was ~3 breach|leak|violation",
        "you ~3 breached|leaked|violated|ignored|exposed",
        "report|reporting|escalat*|contact*|refer* ~4 ico|authority|regulator|cnil|commissioner",
        "reply|response|answer|responses|replies ~4 incomplete|insufficient|inadequate",
        "incomplete|insufficient|inadequate|partial ~2 reply|response|answer",
        "overdue|exceeded|deadline ~2 passed",
    ],
    "rectification": [
        "correct|rectify|update|amend|change|fix|modify|edit ~4 my|the|his|her|our ~3 name|surname|address|"
        "email|phone|number|details|data|information|record*|spelling|company|organisation|organization|"
        "title|birth|job|employer|profile|file|entry",
        "is|are|was|were|be ~2 wrong|incorrect|outdated|inaccurate|misspelled|misspelt|obsolete",
        "is|are|was|were|be ~2 out of date",
        "my ~3 address|number|email|name|surname|details|employer|company|phone ~2 has|have|is ~2 changed|now",
        "my new ~2 address|number|email|name|surname|employer|company|phone",
        "wrong|incorrect|outdated|inaccurate|old|misspelled ~2 name|surname|address|email|number|details|"
        "spelling|company",
        "rectify|rectified",
        "^rectification|correction|correct|update|wrong|incorrect",
        "request*|exercis*|want|ask*|seek* ~3 rectification|correction",
        "article|art 16",
    ],
    "portability": [
        "^portability|export|transfer",
        "request*|exercis*|invok*|claim* ~4 portability",
        "right ~2 to ~2 data ~2 portability",
        "machine-readable|machine ~2 readable",
        "csv|json|xml",
        "structured ~3 format",
        "reusable|interoperable ~2 format",
        "transfer*|transmit*|move|port ~3 my|our|the|this|it|them ~3 data|information|files|it|them|account "
        "~4 to ~3 another|new|other|different|our ~2 provider|company|service|supplier|controller|platform",
        "export*",
        "article|art 20",
    ],
    "objection": [
        "^objection|object|restriction|restrict|profiling",
        "i|we ~3 object|objecting",
        "object ~3 to ~3 processing|the|my|any|your|profiling|sharing|use",
        "my ~2 objection",
        "restrict* ~4 processing|use|using|sharing",
        "restriction ~2 of ~2 processing",
        "stop|cease|end|cessation ~4 sharing|processing|profiling|using|analys*|analyz*|tracking|selling|"
        "passing|transferring|disclosing|personalis*|personaliz*|combining|feeding|training|tailoring|scoring|"
        "building|profile",
        "@not|@n't|@nt|@don't|@refuse ~3 @want|@wish|@agree|@consent|@to ~6 @shared|@sharing|@sold|@passed|"
        "@personalis*|@personaliz*|@profil*|@tailor*|@analys*|@train|@training",
        "exclude ~3 me|my ~4 from ~3 profiling|scoring|training|personalis*|analytics",
        "not|n't|nt ~2 use ~5 train|training|ai|models|profiling|personalis*",
        "withdraw* ~4 consent",
        "do|does ~2 not|n't ~2 sell|share",
        "article|art 18",
        "^article|art 21",
        "opt ~2 out ~3 of ~3 profiling|analytics|sharing|tracking",
    ],
}
# Words that say a message is about personal data at all: without any, a "complaint" about a late
# delivery is a commercial matter (TAXONOMY: `other`), not a privacy complaint.
PRIVACY_WORDS = {"data", "personal", "gdpr", "privacy", "unsubscribe", "newsletter", "newsletters", "marketing",
                 "consent", "ico", "cnil", "erase", "erasure", "delete", "deleted", "deletion", "details", "email",
                 "emails", "information", "account", "request", "mailing", "address", "unsubscribed", "sar",
                 "authority", "spam", "contact", "calls", "breach", "promotional", "promotions", "opted", "offers",
                 "harassment", "harassing", "unsolicited", "nuisance"}
# A marketing list or purpose in the same clause turns "remove my details" into an unsubscription and
# an objection into one to direct marketing (GDPR Art. 21(2)-(3)).
MARKETING_WORDS = {"marketing", "mailing", "newsletter", "newsletters", "promotional", "advertising", "prospecting",
                   "list", "lists", "campaign", "campaigns", "promotions", "offers", "adverts", "commercial"}
# fmt: on
