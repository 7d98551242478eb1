import pytest
from django.urls import reverse

from certification import services
from certification.models import PassSnapshot
from progress.services import progress_compute

pytestmark = pytest.mark.django_db


def test_progress_snapshot_job_writes_pass_rates_by_township_village_and_mode(officer, clerk_a, campaign,
                                                                               recipients, township_a, village_a):
    services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site", result="alive")
    services.certification_record(actor=clerk_a, resident=recipients[1].resident, mode="home_visit",
                                  result="alive")
    progress_compute(year=campaign.year, actor=officer)
    township = PassSnapshot.objects.get(area=township_a, current=True)
    assert (township.due, township.certified) == (3, 2)
    assert township.by_mode == {"on_site": 1, "home_visit": 1}
    village = PassSnapshot.objects.get(area=village_a, current=True)
    assert village.level == "village" and village.due == 3
    # Recomputing the same day supersedes, never deletes.
    progress_compute(year=campaign.year, actor=officer)
    assert PassSnapshot.objects.filter(area=township_a).count() == 2
    assert PassSnapshot.objects.filter(area=township_a, current=True).count() == 1


def test_dashboard_shows_townships_to_the_county_and_villages_to_a_clerk_with_who_is_left(
        web, officer, clerk_a, clerk_b, campaign, recipients, township_a, township_b, village_a, client):
    services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site", result="alive")
    services.pass_snapshot_compute()
    page = web(officer).get(reverse("certification:dashboard")).content.decode()
    assert township_a.name in page and township_b.name in page and "33.33" in page
    client.logout()
    page = web(clerk_a).get(reverse("certification:dashboard")).content.decode()
    assert village_a.name in page and township_b.name not in page
    assert f"village={village_a.pk}&status=due" in page
    client.logout()
    assert web(clerk_b).get(reverse("certification:dashboard") + f"?township={township_a.pk}").status_code == 404
