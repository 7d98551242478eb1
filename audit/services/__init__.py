"""Every write of the audit app. Audit writes only its own records; the one exception, applying an approved
key-data change, goes through enrollment's service."""

from .assessment import (
    assessment_city_check,
    assessment_create,
    assessment_report,
    assessment_spot_check,
    assessment_team_form,
    self_check_submit,
)
from .findings import (
    audit_head_appoint,
    finding_accept,
    finding_explain,
    finding_plan_rectification,
    finding_raise,
    finding_reject_response,
    finding_sign_head,
    finding_sign_leader,
    finding_submit_evidence,
)
from .flags import flag_dismiss, flag_run_execute, flag_to_finding
from .keydata import keydata_county_check, keydata_reject, keydata_request, keydata_sign, keydata_township_check
from .plans import (
    attachment_add,
    check_item_save,
    focus_area_save,
    plan_complete,
    plan_create,
    plan_create_for_previous_quarter,
    spotcheck_answer,
)

__all__ = [
    "assessment_city_check", "assessment_create", "assessment_report", "assessment_spot_check",
    "assessment_team_form", "attachment_add", "audit_head_appoint", "check_item_save", "finding_accept",
    "finding_explain", "finding_plan_rectification", "finding_raise", "finding_reject_response",
    "finding_sign_head", "finding_sign_leader", "finding_submit_evidence", "flag_dismiss", "flag_run_execute",
    "flag_to_finding", "focus_area_save", "keydata_county_check", "keydata_reject", "keydata_request",
    "keydata_sign", "keydata_township_check", "plan_complete", "plan_create", "plan_create_for_previous_quarter",
    "self_check_submit", "spotcheck_answer",
]
