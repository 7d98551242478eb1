"""Issue 10 item 5: two people for every money correction. A reversal or the voiding of a range is proposed by
one person and takes effect only when a second county officer confirms it, neither the original maker."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse

from collection import services
from collection.models import Contribution, ContributionStatus, ReversalProposal, VoidedReceipt
from funds.models import AccountEntry, Component, EntryKind, InterestPosting, InterestRun
from pension.models import Post, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(enter, payer, officer):
    c = enter(payer)
    return services.contribution_approve(actor=officer, contribution=c)


def test_one_officer_alone_cannot_reverse_a_contribution(approved, officer2):
    proposal = services.contribution_reversal_propose(actor=officer2, contribution=approved, reason="错录")
    approved.refresh_from_db()
    assert approved.status == ContributionStatus.APPROVED  # nothing happens on a proposal
    with pytest.raises(ValidationError) as exc:
        services.contribution_reversal_confirm(actor=officer2, proposal=proposal)
    assert "decided_by" in exc.value.message_dict
    approved.refresh_from_db()
    assert approved.status == ContributionStatus.APPROVED
    assert AccountEntry.objects.filter(source_kind="contribution", source_id=approved.pk,
                                       kind=EntryKind.REVERSAL).count() == 0


def test_the_maker_of_the_entry_can_neither_propose_nor_confirm(approved, clerk_a, officer, officer2):
    with pytest.raises(ValidationError):
        services.contribution_reversal_propose(actor=clerk_a, contribution=approved, reason="错录")
    proposal = services.contribution_reversal_propose(actor=officer2, contribution=approved, reason="错录")
    services.contribution_reversal_confirm(actor=officer, proposal=proposal)
    approved.refresh_from_db()
    assert approved.status == ContributionStatus.REVERSED
    assert approved.reversal.reversed_by == officer


@pytest.mark.postgres
def test_the_database_refuses_a_confirmer_who_proposed(approved, officer2):
    proposal = services.contribution_reversal_propose(actor=officer2, contribution=approved, reason="错录")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReversalProposal.objects.filter(pk=proposal.pk).update(decided_by=officer2, status="confirmed")


def test_a_township_clerk_cannot_confirm(approved, officer2, clerk_b, township_a):
    clerk2 = User.objects.create(username="clerk_a2", post=Post.TOWNSHIP_CLERK, area=township_a)
    proposal = services.contribution_reversal_propose(actor=clerk2, contribution=approved, reason="错录")
    with pytest.raises(PermissionDenied):
        services.contribution_reversal_confirm(actor=clerk_b, proposal=proposal)
    services.contribution_reversal_confirm(actor=officer2, proposal=proposal)


def test_a_reversal_takes_back_the_interest_the_money_earned(enter, payer, officer, officer2, clerk_a):
    # Paid and approved in 2025, 2025's interest posted, reversed in April 2026.
    c = Contribution.objects.create(
        resident=payer, township_id=payer.township_id, village_id=payer.village_id, year=2025, kind="normal",
        grade=Decimal("300"), personal_amount=Decimal("300"), channel="bank", paid_on=datetime.date(2025, 3, 2),
        status="entered", maker=clerk_a)
    services.contribution_approve(actor=officer, contribution=c)
    run = InterestRun.objects.create(year=2025, status="succeeded")
    InterestPosting.objects.create(year=2025, run=run, rate_percent=Decimal("2.62"), rounding="half_up",
                                   month_rule="after_value_month", accounts=1, entries=1,
                                   total_interest=Decimal("5.90"))
    account = payer.account
    # The 2025 posting's interest on 300 from March: 300 × 9 × 2.62% ÷ 12 = 5.895 → 5.90.
    AccountEntry.objects.create(account=account, year=2025, value_date=datetime.date(2025, 12, 31),
                                component=Component.INTEREST, kind=EntryKind.INTEREST, amount=Decimal("5.90"))
    proposal = services.contribution_reversal_propose(actor=officer, contribution=c, reason="重复缴费")
    services.contribution_reversal_confirm(actor=officer2, proposal=proposal, on_date=datetime.date(2026, 4, 1))
    taken = AccountEntry.objects.get(source_kind="contribution", source_id=c.pk, kind=EntryKind.REVERSAL,
                                  component=Component.INTEREST)
    assert taken.amount == Decimal("-5.90")
    # Summed in fen: SQLite (the demo database) adds decimals as floating point.
    assert AccountEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"].quantize(Decimal("0.01")) == 0


def test_a_reversal_in_the_year_of_payment_leaves_nothing_to_earn_interest(approved, officer, officer2):
    proposal = services.contribution_reversal_propose(actor=officer, contribution=approved, reason="错录")
    services.contribution_reversal_confirm(actor=officer2, proposal=proposal, on_date=datetime.date(2026, 9, 1))
    mirrors = AccountEntry.objects.filter(source_kind="contribution", source_id=approved.pk, kind=EntryKind.REVERSAL)
    assert {e.value_date for e in mirrors} == {approved.paid_on}  # the 2026 posting sees a net zero


def test_voiding_a_range_needs_a_second_person(clerk_a, officer, book_a):
    with pytest.raises(ValidationError):
        services.receipt_void(actor=clerk_a, book=book_a, first_number="26010010", last_number="26010012",
                              reason="丢失")
    proposal = services.receipt_void_propose(actor=clerk_a, book=book_a, first_number="26010010",
                                             last_number="26010012", reason="丢失")
    assert not VoidedReceipt.objects.filter(book=book_a).exists()
    with pytest.raises(PermissionDenied):
        services.receipt_void_confirm(actor=clerk_a, proposal=proposal)  # the proposer, and not county
    assert services.receipt_void_confirm(actor=officer, proposal=proposal) == 3
    assert VoidedReceipt.objects.filter(book=book_a).count() == 3


def test_officer_confirms_a_reversal_in_the_browser(web, approved, officer, officer2):
    url = reverse("collection:contribution_detail", args=[approved.pk])
    web(officer2).post(reverse("collection:contribution_reverse", args=[approved.pk]), {"reason": "错录"})
    assert "reversal-proposal" in web(officer).get(url).content.decode()
    web(officer).post(reverse("collection:contribution_reverse_confirm", args=[approved.pk]))
    approved.refresh_from_db()
    assert approved.status == ContributionStatus.REVERSED
