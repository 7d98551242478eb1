"""`make run` seeds the demo county through every app's seeder in turn; a small county must come out whole."""

import pytest
from django.core.management import call_command

from collection.models import Contribution
from enrollment.models import Resident
from funds.models import Deposit, InterestPosting
from progress.models import Snapshot


@pytest.mark.db_owner("tests the demo seeder, which moves sequences (setval): the owner's like migrate")
def test_seed_demo_runs_every_apps_seeder_and_a_second_run_with_if_empty_adds_nothing(db, capsys):
    call_command("seed_demo", residents=300, seed=7)
    out = capsys.readouterr().out
    for module in ("enrollment.demo", "collection.demo", "funds.demo", "progress.demo"):
        assert module in out
    counts = (Resident.objects.count(), Contribution.objects.count(), Deposit.objects.count())
    assert counts[0] == 300 and counts[1] > 0 and counts[2] > 0
    assert InterestPosting.objects.exists() and Snapshot.objects.exists()

    call_command("seed_demo", residents=300, seed=7, if_empty=True)
    assert (Resident.objects.count(), Contribution.objects.count(), Deposit.objects.count()) == counts
