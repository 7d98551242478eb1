"""Red-flag rules over benefits and certification (declared entries; the nightly job needs no change)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from benefits import selectors as benefits_selectors
from certification import selectors as certification_selectors
from collection import selectors as collection_selectors

from . import Hit, Rule, register
from .rules import LOOK_BACK_DAYS, _contribution_link


def _payroll_link(payroll_id) -> tuple[str, str]:
    return (str(_("Payroll #%(n)s") % {"n": payroll_id}), reverse("benefits:payroll_detail", args=[payroll_id]))


def _recipient_link(pk) -> tuple[str, str]:
    return (str(_("Recipient")), reverse("benefits:recipient_detail", args=[pk]))


def grade_change_for_recipient(params, today):
    """A contribution for a year of the pension (the start year or later) paid once the pension was being paid.
    A back payment (补缴) or a late payment for a year before the pension started is the person's right and is
    not flagged."""
    starts = benefits_selectors.recipient_start_months()
    if not starts:
        return
    earliest = min(starts.values())
    rows = collection_selectors.contributions_of_residents_from(resident_ids=list(starts), paid_from=earliest,
                                                                year_from=earliest.year)
    for row in rows.iterator(chunk_size=5000):
        start = starts[row["resident_id"]]
        if row["paid_on"] < start or row["year"] < start.year:
            continue
        yield Hit(key=f"contribution#{row['id']}",
                  summary=str(_("A contribution (grade %(grade)s) paid %(day)s for a resident receiving a pension "
                                "since %(start)s") % {"grade": row["grade"], "day": row["paid_on"].isoformat(),
                                                      "start": start.isoformat()}),
                  links=[_contribution_link(row["id"])], state=[str(row["grade"]), row["paid_on"]])


def payments_after_death(params, today):
    for row in benefits_selectors.payments_after_death():
        yield Hit(key=f"payroll_line#{row['id']}",
                  summary=str(_("%(name)s died on %(death)s and was paid %(amount)s for %(month)s")
                              % {"name": row["recipient__resident__name"],
                                 "death": row["recipient__resident__death_date"].isoformat(),
                                 "amount": row["amount"], "month": row["last_month"].strftime("%Y-%m")}),
                  links=[_payroll_link(row["payroll_id"]), _recipient_link(row["recipient_id"])],
                  state=[str(row["amount"]), row["last_month"]])


def shared_bank_account(params, today):
    for group in benefits_selectors.shared_bank_accounts():
        ids = sorted(pk for pk, _name in group["recipients"])
        yield Hit(key=f"account#{ids[0]}",
                  summary=str(_("One bank account is shared by %(n)s recipients: %(names)s")
                              % {"n": len(ids), "names": "、".join(n for _pk, n in group["recipients"])}),
                  links=[_recipient_link(pk) for pk in ids], state=ids)


def payment_growth(params, today):
    since = (today - datetime.timedelta(days=LOOK_BACK_DAYS)).replace(day=1)
    for row in benefits_selectors.payment_growth_above(percent=params.payment_growth_percent, since=since):
        yield Hit(key=f"payroll_line#{row['id']}",
                  summary=str(_("%(name)s: %(month)s payment %(amount)s against %(before)s the month before")
                              % {"name": row["recipient__resident__name"],
                                 "month": row["payroll__month"].strftime("%Y-%m"), "amount": row["amount"],
                                 "before": row["previous_amount"]}),
                  links=[_payroll_link(row["payroll_id"])], state=[str(row["amount"]), str(row["previous_amount"])])


def second_payment_not_failed(params, today):
    for row in benefits_selectors.second_payments_of_lines_not_failed():
        yield Hit(key=f"payroll_line#{row['id']}",
                  summary=str(_("%(name)s: a second payment of %(amount)s repays a line that had not failed")
                              % {"name": row["recipient__resident__name"], "amount": row["amount"]}),
                  links=[_payroll_link(row["payroll_id"])], state=[str(row["amount"]), row["retry_of_id"]])


def certifications_per_day(params, today):
    since = today - datetime.timedelta(days=LOOK_BACK_DAYS)
    for row in certification_selectors.certifications_per_user_day(more_than=params.certifications_per_day,
                                                                   since=since):
        yield Hit(key=f"user#{row['recorded_by_id']}:{row['day'].isoformat()}",
                  summary=str(_("User #%(user)s recorded %(n)s certifications on %(day)s")
                              % {"user": row["recorded_by_id"], "n": row["n"], "day": row["day"].isoformat()}),
                  links=[], state=[row["n"]])


register(Rule("grade_change_for_recipient", _("Grade changes for someone already receiving a pension"),
              _("A contribution for a year of the pension (a grade chosen or changed), paid on or after the "
                "first month of the pension being paid to that resident. Back payments and late payments for "
                "years before the pension started are not flagged."), grade_change_for_recipient,
              ("benefits", "collection")))
register(Rule("payments_after_death", _("Payments for months after a recorded death"),
              _("A payroll line, not failed, that pays a month after the recipient's recorded death."),
              payments_after_death, ("benefits",)))
register(Rule("shared_bank_account", _("One bank account shared by several recipients"),
              _("The same bank account is recorded for two or more recipients whose pension is not stopped."),
              shared_bank_account, ("benefits",)))
register(Rule("payment_growth", _("A payment that grew more than the set percentage month on month"),
              _("A payroll line whose amount exceeds the month before by more than the audit parameter's "
                "percentage."), payment_growth, ("benefits",)))
register(Rule("second_payment_not_failed", _("A second payment of a line that had not failed"),
              _("A later payroll batch repays a line whose first payment had not failed."),
              second_payment_not_failed, ("benefits",)))
register(Rule("certifications_per_day", _("Implausibly many certifications by one user in a day"),
              _("One user recorded more survival certifications in a day than the audit parameter allows."),
              certifications_per_day, ("certification",)))
