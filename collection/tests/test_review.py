"""Second review, maker-checker, account crediting, corrections by reversal."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum

from collection import services
from collection.models import Contribution, ContributionReversal, ContributionStatus
from funds.models import AccountEntry
from funds.tests.ledger import entries_of
from pension.errors import Conflict

pytestmark = pytest.mark.django_db


def test_approval_credits_the_account_component_by_component(enter, payer, officer):
    c = enter(payer, grade="1000")
    services.contribution_approve(actor=officer, contribution=c)
    c.refresh_from_db()
    assert c.status == ContributionStatus.APPROVED and c.checker == officer and c.checked_at
    entries = entries_of(c)
    assert entries.aggregate(s=Sum("amount"))["s"] == c.total
    assert set(entries.values_list("component", flat=True)) == {
        "personal", "subsidy_provincial", "subsidy_municipal", "subsidy_county"}


def test_the_maker_cannot_approve_their_own_entry(enter, payer, officer):
    c = enter(payer, actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.contribution_approve(actor=officer, contribution=c)
    assert "checker" in exc.value.message_dict
    assert not AccountEntry.objects.exists()


def test_the_database_refuses_maker_equal_to_checker(enter, payer, clerk_a):
    c = enter(payer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.filter(pk=c.pk).update(checker=clerk_a)


def test_a_clerk_cannot_approve(enter, payer, clerk_a, clerk_b):
    c = enter(payer)
    with pytest.raises(PermissionDenied):
        services.contribution_approve(actor=clerk_b, contribution=c)


def test_approving_twice_is_a_conflict_and_credits_once(enter, payer, officer, officer2):
    c = enter(payer)
    services.contribution_approve(actor=officer, contribution=c)
    with pytest.raises(Conflict):
        services.contribution_approve(actor=officer2, contribution=c)
    assert entries_of(c).count() == 4


def test_return_needs_a_reason_and_changes_nothing_else(enter, payer, officer):
    c = enter(payer)
    with pytest.raises(ValidationError):
        services.contribution_return(actor=officer, contribution=c, reason="  ")
    services.contribution_return(actor=officer, contribution=c, reason="票据号与存根不符")
    c.refresh_from_db()
    assert c.status == ContributionStatus.RETURNED and c.return_reason == "票据号与存根不符"
    assert c.grade == Decimal("300.00") and not AccountEntry.objects.exists()


def test_township_corrects_a_returned_entry_and_it_is_reviewed_again(enter, payer, officer, clerk_a):
    c = enter(payer, receipt_number="26010001")
    services.contribution_return(actor=officer, contribution=c, reason="档次错了，应为500")
    services.contribution_resubmit(actor=clerk_a, contribution=c, grade="500")
    c.refresh_from_db()
    assert c.status == ContributionStatus.ENTERED and c.grade == Decimal("500.00")
    assert c.checker is None and c.maker == clerk_a and c.receipt_number == "26010001"
    services.contribution_approve(actor=officer, contribution=c)


def test_the_reviewer_never_edits_a_returned_entry(enter, payer, officer):
    c = enter(payer)
    services.contribution_return(actor=officer, contribution=c, reason="核对")
    with pytest.raises(ValidationError) as exc:
        services.contribution_resubmit(actor=officer, contribution=c, grade="500")
    assert "checker" in exc.value.message_dict


def test_only_returned_entries_can_be_resubmitted(enter, payer, clerk_a):
    c = enter(payer)
    with pytest.raises(Conflict):
        services.contribution_resubmit(actor=clerk_a, contribution=c, grade="500")


def test_township_cancels_a_returned_entry_with_a_reason_and_keeps_the_receipt_accounted(
        enter, payer, officer, clerk_a, book_a):
    from collection.selectors import receipt_book_gaps

    c = enter(payer, receipt_number="26010001")
    services.contribution_return(actor=officer, contribution=c, reason="本人未缴费")
    services.contribution_cancel(actor=clerk_a, contribution=c, reason="收款有误，已退还")
    c.refresh_from_db()
    assert c.status == ContributionStatus.CANCELLED and c.cancel_reason
    assert "26010001" not in receipt_book_gaps(book=book_a)["unused"]


def test_approved_contribution_cannot_be_cancelled_only_reversed(enter, payer, officer, clerk_a):
    c = enter(payer)
    services.contribution_approve(actor=officer, contribution=c)
    with pytest.raises(Conflict):
        services.contribution_cancel(actor=clerk_a, contribution=c, reason="x")


def _reverse(c, *, proposer, confirmer, reason):
    proposal = services.contribution_reversal_propose(actor=proposer, contribution=c, reason=reason)
    return services.contribution_reversal_confirm(actor=confirmer, proposal=proposal)


def test_reversal_needs_a_reason_and_posts_mirror_entries(enter, payer, officer, officer2, clerk_b, county):
    from pension.models import Post, User

    third = User.objects.create(username="officer3", post=Post.COUNTY_OFFICER, area=county)
    c = enter(payer)
    services.contribution_approve(actor=officer, contribution=c)
    with pytest.raises(ValidationError):
        services.contribution_reversal_propose(actor=officer2, contribution=c, reason="")
    _reverse(c, proposer=officer2, confirmer=third, reason="重复缴费，冲正")
    c.refresh_from_db()
    assert c.status == ContributionStatus.REVERSED
    assert ContributionReversal.objects.get(contribution=c).reason == "重复缴费，冲正"
    assert entries_of(c).aggregate(s=Sum("amount"))["s"] == 0
    assert c.personal_amount == Decimal("300.00")  # amounts kept as they were
    with pytest.raises(Conflict):
        services.contribution_reversal_propose(actor=officer2, contribution=c, reason="again")


def test_after_a_reversal_the_right_contribution_can_be_entered(enter, payer, officer, officer2):
    c = enter(payer, grade="300")
    services.contribution_approve(actor=officer, contribution=c)
    _reverse(c, proposer=officer, confirmer=officer2, reason="档次错误")
    right = enter(payer, grade="500")
    assert right.status == ContributionStatus.ENTERED


@pytest.mark.postgres
def test_the_database_refuses_to_edit_or_delete_an_approved_contribution(enter, payer, officer, officer2):
    """(The reversal is proposed by officer, confirmed by officer2: neither is clerk_a, the maker.)"""
    from django.db import DatabaseError

    c = enter(payer)
    services.contribution_approve(actor=officer, contribution=c)
    with pytest.raises(DatabaseError), transaction.atomic():
        Contribution.objects.filter(pk=c.pk).update(grade=Decimal("500.00"))
    with pytest.raises(DatabaseError), transaction.atomic():
        Contribution.objects.filter(pk=c.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        Contribution.objects.filter(pk=c.pk).update(status="entered")
    _reverse(c, proposer=officer, confirmer=officer2, reason="错录")  # the one change allowed
    with pytest.raises(DatabaseError), transaction.atomic():
        Contribution.objects.filter(pk=c.pk).update(status="approved")


def test_clerk_of_township_b_gets_404_resubmitting_cancelling_or_reversing_a_township_a_entry(
        enter, payer, officer, clerk_b):
    from django.http import Http404

    c = enter(payer)
    services.contribution_return(actor=officer, contribution=c, reason="档次有误")
    with pytest.raises(Http404):
        services.contribution_resubmit(actor=clerk_b, contribution=c, grade=Decimal("500"))
    with pytest.raises(Http404):
        services.contribution_cancel(actor=clerk_b, contribution=c, reason="录错")
    c.refresh_from_db()
    assert c.status == ContributionStatus.RETURNED
