# English: the source language. Every message the public pages use is here; az.ftl
# and ru.ftl translate them, and a message missing there falls back to this one.

## The frame of every public page
site-title = Political prisoners
site-tagline = People jailed for their work or opinions
nav-take-action = Take action
nav-statistics = Statistics
nav-report = Report
nav-open-data = Open data
nav-feed = Feed
footer-data = Data: the public record kept by this organisation.
language = Language
back-to-list = Back to the list

## Errors
error-not-found = Not found
error-bad-request = Bad request
error-other = Error

## The list
list-heading-now = People held now
list-heading-held = People held on { $date }
list-heading-status = People with status “{ $status }” on { $date }
list-count-held = { $count ->
    [one] { $count } person
   *[other] { $count } people
} held on { $date }.
list-count-status = { $count ->
    [one] { $count } person
   *[other] { $count } people
} with status “{ $status }” on { $date }.
filter-name = Name
filter-status = Status
filter-held-any = held (any)
filter-country = Country
filter-any = any
filter-category = Category
filter-as-of = As of
filter-sort = Sort
sort-name = name
sort-arrested = latest arrest
filter-show = Show
col-name = Name
col-country = Country
col-status = Status
col-arrested = Arrested
col-expected-release = Expected release
col-category = Category
page-prev = ← previous
page-next = next →
page-of = page { $page } of { $pages }

## A person's page
person-also-written = Also written:
person-country = Country
person-born = Born
person-category = Category
person-affiliation = Affiliation
person-detention = Detention
person-detention-from = Detention from { $date }
person-detention-by = Detention from { $date } or earlier (the source gives no earlier day)
person-arrested-in = Arrested in
person-arrested-by = Arrested by
person-charges = Charges
person-article = Article { $article }
person-court = Court
person-held-at = Held at
person-expected-release = Expected release
person-pace-yes = Political prisoner under PACE Resolution 1900 (2012), criteria { $criteria }
person-pace-no = Assessed under PACE Resolution 1900 (2012): no criterion met
person-timeline = Timeline
person-months = { $months ->
    [one] { $months } month
   *[other] { $months } months
}
person-next-hearing = next hearing { $date }
person-source = source
person-json = This page as JSON

## Urgent actions
actions-title = Take action
actions-intro = Urgent actions open now: read the case, send the letter, and tell us you sent it.
actions-until = until { $date }
actions-none = No urgent action is open at the moment.
action-closed = This action is closed. Thank you to everyone who wrote.
action-write-before = Write before { $date }.
action-who = Who it is for
action-person = arrested { $date }, held { $days ->
    [one] { $days } day
   *[other] { $days } days
}
action-in = in { $facility }
action-charged = charged under { $charges }
action-ask = What we ask
action-write = Write a letter
action-copy = Copy the letter, sign it, and send it by post or email.
action-pack-pdf = All letters, ready to print (PDF)
action-pack-html = as a web page
action-to = To { $name }
action-letter-to = Letter to { $name }
action-thanks = Thank you: your letter is counted.
action-limit = Letters from this connection were already counted several times this hour, so this one was not. Thank you; try again later.
action-sent-button = I sent a letter
action-sent-so-far = { $count ->
    [one] letter
   *[other] letters
} sent so far. We count a number only: nothing about you is kept.
action-were-sent = { $count ->
    [one] letter was
   *[other] letters were
} sent.

## Statuses
status-detained_pretrial = detained pretrial
status-house_arrest = house arrest
status-on_trial = on trial
status-imprisoned = imprisoned
status-released = released
status-deceased = deceased
status-whereabouts_unknown = whereabouts unknown

## Categories
category-journalist = journalist
category-human_rights_defender = human rights defender
category-lawyer = lawyer
category-activist = activist
category-opposition_member = opposition member
category-religious_believer = religious believer
category-blogger = blogger
category-academic = academic
category-trade_unionist = trade unionist
category-other = other

## Events
event-arrested = arrested
event-charged = charged
event-remanded = remanded
event-house_arrest = house arrest
event-transferred = transferred
event-hearing = hearing
event-sentenced = sentenced
event-appeal_filed = appeal filed
event-appeal_decided = appeal decided
event-released = released
event-died_in_custody = died in custody
event-disappeared = disappeared
event-health_concern = health concern
event-hunger_strike = hunger strike
event-ill_treatment_reported = ill-treatment reported
event-visit_denied = visit denied

## Release reasons
reason-served = sentence served
reason-pardoned = pardoned
reason-amnesty = amnesty
reason-acquitted = acquitted
reason-conditional = conditional release
reason-bail = bail
reason-exchanged = exchanged
reason-charges_dropped = charges dropped
reason-other = other
category-none = no category

## Statistics (English only so far)
stats-title = Statistics
stats-intro = { $count ->
    [one] { $count } person
   *[other] { $count } people
} held on { $date }, from the public record. Each chart's numbers are in a CSV file beside it.
stats-chart-held = People held at the end of each month, by status
stats-chart-arrests = Arrests per month, by category
stats-chart-categories = Held now, by category
stats-chart-charges = Held now, by charge article
stats-csv = The numbers (CSV)

## The report of who was held on a day (English only so far)
report-title = People held on { $date }
report-back = ← The list
report-pdf = PDF
report-held-on = Held on
report-show = Show
report-summary = { $count ->
    [one] { $count } person
   *[other] { $count } people
} held, from the public record; made on { $made }. A person in two categories is listed in both.
report-category = Category
report-people = People
report-articles = Articles

## Open data (English only so far)
data-title = Open data
data-intro = The public record as files, for journalists, researchers and other organisations. Nothing confidential is in them.
data-made-on = Made on
data-licence = Licence:
data-credit = Please name this organisation as the source.
data-file = File
data-what = What it holds
data-cli = The same files come from the command line: habeas export --format csv|json|popolo. The statistics' numbers are on the statistics page, each chart with its CSV.

## The printable letter pack (English only so far)
letters-intro = { $count ->
    [one] { $count } letter
   *[other] { $count } letters
} for “{ $title }”. Print this page: one letter a page.
