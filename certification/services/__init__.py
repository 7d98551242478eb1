from .campaigns import campaign_create, campaign_roster_refresh, campaign_update
from .comparison import comparison_import
from .deadline import deadline_execute, deadline_request
from .evidence import evidence_attach, evidence_store
from .matches import match_decide
from .notices import (
    notice_mark_posted,
    notices_execute,
    notices_request,
    objection_record,
    objection_resolve,
    posting_report_receive,
    posting_report_submit,
)
from .records import RecipientNotFound, certification_record, certification_record_by_id_number
from .snapshots import pass_snapshot_compute

__all__ = [
    "RecipientNotFound", "campaign_create", "campaign_roster_refresh", "campaign_update", "certification_record",
    "certification_record_by_id_number", "comparison_import",
    "deadline_execute", "deadline_request", "evidence_attach", "evidence_store", "match_decide", "notice_mark_posted",
    "notices_execute", "notices_request", "objection_record", "objection_resolve", "pass_snapshot_compute",
    "posting_report_receive", "posting_report_submit",
]
