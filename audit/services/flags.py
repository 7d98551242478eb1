"""The nightly red-flag run, and the auditor's decision on a flag: a finding, or dismissed with a reason. A
dismissed flag comes back only when its records change (its fingerprint differs from the one dismissed)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict
from pension.oplog import log_operation, snapshot

from .. import flags
from ..models import FlagRun, FlagStatus, RedFlag
from .common import clean_text, parameters_on, require_auditor
from .findings import finding_raise

BATCH = 2000


@transaction.atomic
def _apply_rule(*, rule, hits, now, run) -> tuple[int, int]:
    existing = {f.key: f for f in RedFlag.objects.select_for_update().filter(rule=rule.code)}
    seen, new, changed, reopened = set(), [], [], []
    for hit in hits:
        if hit.key in seen:
            continue
        seen.add(hit.key)
        flag = existing.get(hit.key)
        fp = hit.fingerprint
        links = [list(link) for link in hit.links]
        if flag is None:
            new.append(RedFlag(rule=rule.code, key=hit.key[:120], fingerprint=fp, summary=hit.summary[:300],
                               links=links, last_seen=now))
            continue
        if flag.status == FlagStatus.DISMISSED and fp != flag.dismissed_fingerprint:
            flag.status = FlagStatus.NEW
            reopened.append(flag)
        flag.fingerprint, flag.summary, flag.links, flag.last_seen, flag.gone_at = (
            fp, hit.summary[:300], links, now, None)
        changed.append(flag)
    RedFlag.objects.bulk_create(new, batch_size=BATCH)
    RedFlag.objects.bulk_update(changed, ["status", "fingerprint", "summary", "links", "last_seen", "gone_at"],
                                batch_size=BATCH)
    RedFlag.objects.filter(rule=rule.code, gone_at__isnull=True).exclude(key__in=seen).update(gone_at=now)
    for flag in reopened:
        log_operation(actor=None, action="red_flag.reopen", obj=flag, after={"fingerprint": flag.fingerprint},
                      reason=_("Its records changed since it was dismissed."))
    return len(seen), len(new) + len(reopened)


def flag_run_execute(*, actor=None, today: datetime.date | None = None, rules=None) -> FlagRun:
    """Run every available rule (or those named), one transaction per rule, and record the run."""
    if actor is not None:
        require_auditor(actor)
    today = today or timezone.localdate()
    params = parameters_on(today)
    run = FlagRun.objects.create(requested_by=actor)
    counts, total_new = {}, 0
    try:
        for code, rule in flags.available_rules().items():
            if rules is not None and code not in rules:
                continue
            found, fresh = _apply_rule(rule=rule, hits=rule.find(params, today), now=timezone.now(), run=run)
            counts[code] = found
            total_new += fresh
        run.status = "done"
    except Exception as exc:  # the run records its failure for the county to see, then re-raises
        run.status, run.error = "failed", repr(exc)[:2000]
        raise
    finally:
        run.finished_at, run.counts, run.new_flags = timezone.now(), counts, total_new
        run.save()
        with transaction.atomic():
            log_operation(actor=actor, action="red_flag.run", obj=run,
                          after={"status": run.status, "counts": counts, "new": total_new})
    return run


def _locked(flag) -> RedFlag:
    return RedFlag.objects.select_for_update().get(pk=flag.pk)


@transaction.atomic
def flag_dismiss(*, actor, flag: RedFlag, reason: str) -> RedFlag:
    require_auditor(actor)
    reason = clean_text("dismiss_reason", reason)
    flag = _locked(flag)
    if flag.status != FlagStatus.NEW:
        raise Conflict({"status": _("This flag is already dealt with.")})
    before = snapshot(flag, ["status"])
    flag.status, flag.dismissed_by, flag.dismissed_at = FlagStatus.DISMISSED, actor, timezone.now()
    flag.dismiss_reason, flag.dismissed_fingerprint = reason, flag.fingerprint
    flag.save()
    log_operation(actor=actor, action="red_flag.dismiss", obj=flag, before=before,
                  after=snapshot(flag, ["status", "dismissed_fingerprint"]), reason=reason)
    return flag


@transaction.atomic
def flag_to_finding(*, actor, flag: RedFlag, title: str = "", description: str = "", section: str,
                    township=None):
    require_auditor(actor)
    flag = _locked(flag)
    if flag.status != FlagStatus.NEW:
        raise Conflict({"status": _("This flag is already dealt with.")})
    rule = flags.RULES.get(flag.rule)
    if not (title or "").strip() and rule is None:
        raise ValidationError({"title": _("This field is required.")})
    finding = finding_raise(actor=actor, title=title or str(rule.title), description=description or flag.summary,
                            section=section, township=township, flag=flag)
    before = snapshot(flag, ["status"])
    flag.status = FlagStatus.FINDING
    flag.save(update_fields=["status"])
    log_operation(actor=actor, action="red_flag.to_finding", obj=flag, before=before,
                  after={"status": flag.status, "finding": finding.pk})
    return finding
