"""The nightly red-flag run, and the auditor's decision on a flag: a finding, or dismissed with a reason. A
dismissed flag comes back only when its records change (its fingerprint differs from the one dismissed)."""

import datetime
import json

from django.core.exceptions import ValidationError
from django.db import connection, transaction
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
    """Save one rule's cases set-based: new cases in one bulk insert; cases seen again get last_seen in one
    UPDATE; only cases whose records changed (or that come back) are rewritten, in one UPDATE ... FROM on
    PostgreSQL; cases not seen tonight are marked gone in one UPDATE. Nothing is loaded but the rule's keys."""
    existing = {key: (pk, status, fp, dismissed_fp, gone_at, summary)
                for pk, key, status, fp, dismissed_fp, gone_at, summary in RedFlag.objects.select_for_update()
                .filter(rule=rule.code).values_list("id", "key", "status", "fingerprint", "dismissed_fingerprint",
                                                    "gone_at", "summary").iterator(chunk_size=BATCH)}
    seen, new, changed, same_ids, reopened = set(), [], [], [], []
    for hit in hits:
        key = hit.key[:120]
        if key in seen:
            continue
        seen.add(key)
        fp = hit.fingerprint
        row = existing.get(key)
        if row is None:
            new.append(RedFlag(rule=rule.code, key=key, fingerprint=fp, summary=hit.summary[:300],
                               links=[list(link) for link in hit.links], last_seen=now))
            continue
        pk, status, old_fp, dismissed_fp, gone_at, old_summary = row
        reopen = status == FlagStatus.DISMISSED and fp != dismissed_fp
        if reopen:
            status = FlagStatus.NEW
            reopened.append(pk)
        if reopen or fp != old_fp or gone_at is not None or hit.summary[:300] != old_summary:
            changed.append((pk, status, fp, hit.summary[:300], [list(link) for link in hit.links]))
        else:
            same_ids.append(pk)
    RedFlag.objects.bulk_create(new, batch_size=BATCH)
    for i in range(0, len(same_ids), 20000):
        RedFlag.objects.filter(pk__in=same_ids[i:i + 20000]).update(last_seen=now)
    _rewrite(changed, now)
    RedFlag.objects.filter(rule=rule.code, gone_at__isnull=True, last_seen__lt=now).update(gone_at=now)
    if reopened:
        for flag in RedFlag.objects.filter(pk__in=reopened):
            log_operation(actor=None, action="red_flag.reopen", obj=flag, after={"fingerprint": flag.fingerprint},
                          reason=_("Its records changed since it was dismissed."))
    return len(seen), len(new) + len(reopened)


def _rewrite(changed: list[tuple], now) -> None:
    """Cases whose records changed: status, fingerprint, summary, links, seen now, not gone."""
    if not changed:
        return
    if connection.vendor != "postgresql":
        flags = [RedFlag(pk=pk, status=status, fingerprint=fp, summary=summary, links=links, last_seen=now,
                         gone_at=None) for pk, status, fp, summary, links in changed]
        RedFlag.objects.bulk_update(flags, ["status", "fingerprint", "summary", "links", "last_seen", "gone_at"],
                                    batch_size=BATCH)
        return
    table = connection.ops.quote_name(RedFlag._meta.db_table)
    with connection.cursor() as cursor:
        for i in range(0, len(changed), 20000):
            part = changed[i:i + 20000]
            cursor.execute(
                f"UPDATE {table} AS f SET status = v.status, fingerprint = v.fp, summary = v.summary, "  # noqa: S608
                "links = v.links::jsonb, last_seen = %s, gone_at = NULL "
                "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[]) "
                "AS v(id, status, fp, summary, links) WHERE f.id = v.id",
                [now, [c[0] for c in part], [c[1] for c in part], [c[2] for c in part], [c[3] for c in part],
                 [json.dumps(c[4], ensure_ascii=False) for c in part]])


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
