"""Pass-rate snapshots (certified ÷ due, by mode) per village and township of the current campaign, written by
progress's snapshot job (and the county's button). A recomputation of a day supersedes that day's rows."""

import datetime

from django.db import transaction
from django.utils import timezone

from pension.models import AreaLevel
from pension.oplog import log_operation

from .. import selectors
from ..models import PassSnapshot


@transaction.atomic
def pass_snapshot_compute(*, day: datetime.date | None = None, actor=None) -> int:
    day = day or timezone.localdate()
    campaign = selectors.campaign_current(day)
    if campaign is None:
        return 0
    counts = selectors.pass_counts(campaign=campaign)
    townships: dict[int, dict] = {}
    rows = []
    for (township_id, village_id), cell in counts.items():
        rows.append(PassSnapshot(campaign=campaign, day=day, area_id=village_id, township_id=township_id,
                                 level=AreaLevel.VILLAGE, due=cell["due"], certified=cell["certified"],
                                 by_mode=cell["by_mode"]))
        t = townships.setdefault(township_id, {"due": 0, "certified": 0, "by_mode": {}})
        t["due"] += cell["due"]
        t["certified"] += cell["certified"]
        for mode, n in cell["by_mode"].items():
            t["by_mode"][mode] = t["by_mode"].get(mode, 0) + n
    for township_id, t in townships.items():
        rows.append(PassSnapshot(campaign=campaign, day=day, area_id=township_id, township_id=township_id,
                                 level=AreaLevel.TOWNSHIP, **t))
    superseded = PassSnapshot.objects.filter(campaign=campaign, day=day, current=True).update(current=False)
    PassSnapshot.objects.bulk_create(rows, batch_size=1000)
    log_operation(actor=actor, action="certification.pass_snapshot", obj=campaign,
                  after={"day": day.isoformat(), "rows": len(rows), "superseded": superseded})
    return len(rows)
