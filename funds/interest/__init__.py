"""Yearly interest on individual accounts (记账利率结息).

Every parameter comes from the year's `InterestRate` row and is copied onto the `InterestPosting`, so a
posted year can always be recomputed from what it says about itself.

Definitions
- r: the year's annual book rate, in percent (`rate_percent`).
- An entry's interest date is its `interest_from` when set, else its value date. Only reversals have one: a
  reversal made after the reversed money's year was posted is dated the day it is made but counts from the
  reversed credit's value date, and the interest it takes back from the 31 December it was credited, so the
  reversed money earns nothing in the years not yet posted (issue 10 item 5).
- Opening balance B: the sum of every entry whose interest date is before 1 January of the year (credits,
  reversals, payouts, and the interest of earlier years, which is dated 31 December of its year).
- Movements: every other entry whose interest date falls in the year: credits count plus, reversals and
  payouts minus. The year's own interest is not a movement.
- Months held h(v) of a movement with value date v (month m, day d), by the year's month rule:
    * after_value_month (default): h = 12 − m. Money credited in March earns April to December, 9 months;
      money credited in December earns nothing this year and a full year from next year's opening balance.
    * including_value_month: h = 13 − m (March → 10 months, December → 1 month).
    * mid_month: h = 13 − m when d ≤ 15, else 12 − m.
- Interest of an account for the year = round((B × 12 + Σ amount × h) × r ÷ 100 ÷ 12) to the cent, by the
  year's rounding rule (half up, down, or half to even), rounded ONCE per account and year, never per
  entry. So a full-year opening balance earns B × r, and money credited during the year earns
  amount × h × r ÷ 12, exactly as the national rules describe.
- Death (issue 10 item 4): a dead resident's account earns nothing after the month of death. With
  lost = 12 − month of death in the year of death (12 in later years, `months_lost`), B is held 12 − lost
  months and a movement max(0, h − lost).
- The interest entry is dated 31 December of the year, component and kind "interest". A zero result
  writes no entry (the account is still counted as processed).
- A death recorded after its year was posted (`interest_take_back_after_death`, on enrollment's
  `termination_confirmed`): one entry takes back what the posted years paid beyond the months up to the death.

Idempotency
- One `InterestPosting` per year (unique) and at most one year-end interest entry per account and year
  (a unique constraint on the entries). The posting locks the year's rate row first, so two runs at the
  same time are serialised and the second one finds the posting and changes nothing (status "skipped").
- Every attempt leaves an `InterestRun` (requested, started, finished, accounts, entries, total, error),
  visible to the county on the interest page.

Order
- A year is posted only after it has ended, with its rate entered, and after the previous year was posted
  whenever money was in accounts before it (that interest belongs to this year's opening balance).
- The rate row of a posted year can no longer change.

Speed
- No query per account. On PostgreSQL the year is one aggregate over the entries (GROUP BY account, rounding
  in SQL, into a temporary table, so the scan may use parallel workers) and one INSERT … SELECT; elsewhere
  (SQLite) one aggregated query, Decimal rounding in Python and bulk_create in batches. Both are tested
  against `interest_on`, the definition written out. See bench/interest_posting.py.
"""

from .death import interest_take_back_after_death
from .engines import weighted_sums
from .posting import interest_post_year, interest_rate_set, interest_run_execute, interest_run_request
from .rule import interest_earned_by_year, interest_on, months_held, months_lost, round_interest

__all__ = [
    "interest_earned_by_year",
    "interest_on",
    "interest_post_year",
    "interest_rate_set",
    "interest_run_execute",
    "interest_run_request",
    "interest_take_back_after_death",
    "months_held",
    "months_lost",
    "round_interest",
    "weighted_sums",
]
