"""Which posts may do what in the funds app. Area scope is decided by pension.scope."""

from pension.posts import BUSINESS_READERS, Post

# Deposits arrive from the credit cooperative through an integration account, which holds the county
# finance post (finance confirms deposits); a person at county finance may also upload a voucher file.
DEPOSIT_WRITERS = frozenset({Post.COUNTY_FINANCE})
# Who signs off a reconciled day (日清签认), which locks it: county finance (issue 11 item 7).
DAY_SIGNERS = frozenset({Post.COUNTY_FINANCE})
# Who confirms the cancellation of a voucher proposed by someone else: a county officer, business or finance,
# neither the proposer nor the recorder (issue 10 item 5: two people for every money correction).
DEPOSIT_CONFIRMERS = frozenset({Post.COUNTY_FINANCE, Post.COUNTY_OFFICER})
# Money pages (deposits, daily reconciliation, month-end closing): townships see their own township.
MONEY_READERS = frozenset(
    {Post.TOWNSHIP_CLERK, Post.COUNTY_OFFICER, Post.COUNTY_FINANCE, Post.AUDITOR, Post.LEADER}
)
# Interest rates and postings: the county business section posts; finance, audit and leaders read.
INTEREST_POSTERS = frozenset({Post.COUNTY_OFFICER})
INTEREST_READERS = frozenset({Post.COUNTY_OFFICER, Post.COUNTY_FINANCE, Post.AUDITOR, Post.LEADER})
# A resident's account statement is read wherever the resident may be read.
ACCOUNT_READERS = BUSINESS_READERS
# Who confirms (or rejects) the reopening of a signed-off day asked for by someone else: a county officer, finance
# or business, never the one who asked (DESIGN.md: two people for money).
DAY_REOPEN_CONFIRMERS = frozenset({Post.COUNTY_FINANCE, Post.COUNTY_OFFICER})
