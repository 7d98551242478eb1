"""The red-flag rules over the apps on main. Each reads through the apps' selectors, set-based (one or two
grouped queries), so that a 500,000-resident county is checked in seconds."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collection import reconciliation as collection_reconciliation
from collection import selectors as collection_selectors
from pension import selectors as pension_selectors

from ..sampling.kinds import COUNTY_READER
from . import Hit, Rule, register

LOOK_BACK_DAYS = 400  # a year of business and the weeks before it


def _since(today: datetime.date) -> datetime.datetime:
    start = today - datetime.timedelta(days=LOOK_BACK_DAYS)
    return datetime.datetime.combine(start, datetime.time.min, timezone.get_current_timezone())


def _contribution_link(pk) -> tuple[str, str]:
    return (str(_("Contribution #%(n)s") % {"n": pk}), reverse("collection:contribution_detail", args=[pk]))


def cash_without_deposit(params, today):
    end = today - datetime.timedelta(days=params.deposit_grace_days)
    start = today - datetime.timedelta(days=LOOK_BACK_DAYS)
    for day in collection_reconciliation.reconciliation_days(user=COUNTY_READER, date_from=start, date_to=end):
        if day.collected > day.deposited:
            url = f"{reverse('reconciliation:reconciliation')}?township={day.township.code}&date={day.date.isoformat()}"
            yield Hit(
                key=f"{day.township.code}:{day.date.isoformat()}",
                summary=str(_("%(township)s %(day)s: cash collected %(c)s, deposited %(d)s")
                            % {"township": day.township.name, "day": day.date.isoformat(), "c": day.collected,
                               "d": day.deposited}),
                links=[(str(_("Daily reconciliation")), url)],
                state=[str(day.collected), str(day.deposited), day.collected_count, day.deposit_count])


# (object type, maker actions, checker actions) whose maker and checker must differ, as the log records them.
MAKER_CHECKER_PAIRS = [
    ("collection.contribution", ("contribution.enter", "contribution.import", "contribution.resubmit"),
     ("contribution.approve", "contribution.return")),
    ("audit.keydatachangerequest", ("key_data_request.submit",),
     ("key_data_request.township_check", "key_data_request.county_check", "key_data_request.sign")),
]


def maker_is_checker(params, today):
    for object_type, makers, checkers in MAKER_CHECKER_PAIRS:
        for row in pension_selectors.same_actor_made_and_checked(
                object_type=object_type, maker_actions=makers, checker_actions=checkers, since=_since(today)):
            links = []
            if object_type == "collection.contribution":
                links.append(_contribution_link(row["object_id"]))
            yield Hit(key=f"{object_type}#{row['object_id']}",
                      summary=str(_("%(type)s #%(id)s was made and checked by the same user (user #%(user)s)")
                                  % {"type": object_type, "id": row["object_id"], "user": row["actor_id"]}),
                      links=links, state=[row["actor_id"], row["id"]])


def key_data_without_request(params, today):
    checks = [
        ("enrollment.resident", ["name", "id_number", "birth_date"], ["resident.register", "resident.key_data_change"]),
        ("enrollment.enrollment", ["first_month"], ["enrollment.create"]),
    ]
    for object_type, fields, approved in checks:
        for op in pension_selectors.operations_changing(object_type=object_type, fields=fields, since=_since(today),
                                                        exclude_actions=approved):
            changed = [f for f in fields if (op.before or {}).get(f) != (op.after or {}).get(f)]
            links = []
            if object_type == "enrollment.resident":
                links.append((str(_("Resident")), reverse("enrollment:resident_detail", args=[int(op.object_id)])))
            yield Hit(key=f"oplog#{op.pk}",
                      summary=str(_("%(action)s changed %(fields)s of %(type)s #%(id)s on %(day)s without an "
                                    "approved key-data request")
                                  % {"action": op.action, "fields": ", ".join(changed), "type": object_type,
                                     "id": op.object_id, "day": timezone.localtime(op.at).date().isoformat()}),
                      links=links, state=[op.pk])


def missing_receipts(params, today):
    since = today - datetime.timedelta(days=LOOK_BACK_DAYS)
    for row in collection_selectors.cash_contributions_without_receipt(since=since):
        yield Hit(key=f"contribution#{row['id']}",
                  summary=str(_("Cash contribution of %(name)s paid %(day)s has no receipt number")
                              % {"name": row["resident__name"], "day": row["paid_on"].isoformat()}),
                  links=[_contribution_link(row["id"])], state=[row["paid_on"], str(row["personal_amount"])])
    for book in collection_selectors.receipt_gaps_by_book():
        yield Hit(key=f"receipt_book#{book['book_id']}",
                  summary=str(_("Receipt book %(first)s–%(last)s: %(n)s numbers below %(high)s neither used nor "
                                "voided") % {"first": book["first"], "last": book["last"], "n": book["missing"],
                                             "high": book["highest"]}),
                  links=[(str(_("Receipt book")), reverse("collection:book_detail", args=[book["book_id"]]))],
                  state=[book["missing"], book["highest"]])


register(Rule("cash_without_deposit", _("Contributions without a matching deposit"),
              _("Cash collected by a township on a day exceeds the deposits recorded for that township and day, "
                "once the days allowed for depositing have passed."), cash_without_deposit, ("collection", "funds")))
register(Rule("maker_is_checker", _("One user both made and checked a record"),
              _("The operation log shows the same user entering (or resubmitting) a record and reviewing it."),
              maker_is_checker))
register(Rule("key_data_without_request", _("Key fields changed without an approved request"),
              _("Name, ID number, birth date or first enrolment month changed other than by applying an approved "
                "key-data change request."), key_data_without_request, ("enrollment",)))
register(Rule("missing_receipts", _("Missing receipt numbers"),
              _("A cash contribution without a receipt number, or receipt numbers below the highest used in a book "
                "that were neither used nor voided."), missing_receipts, ("collection",)))
