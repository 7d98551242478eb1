from .assessment import AssessmentStage, RiskAssessment, SectionSelfCheck
from .findings import AuditHead, Finding, FindingStatus, Section
from .flags import FlagRun, FlagStatus, RedFlag
from .keydata import KeyDataChangeRequest, KeyDataStatus
from .parameters import AuditParameters
from .plans import (
    Answer,
    AnswerAttachment,
    AuditPlan,
    CheckItem,
    CheckMethod,
    FocusArea,
    PlanCheckItem,
    PlanFocusArea,
    PlanStatus,
    SampleRecord,
    SpotCheckAnswer,
)

__all__ = [
    "Answer", "AnswerAttachment", "AssessmentStage", "AuditHead", "AuditParameters", "AuditPlan", "CheckItem",
    "CheckMethod", "Finding", "FindingStatus", "FlagRun", "FlagStatus", "FocusArea", "KeyDataChangeRequest",
    "KeyDataStatus", "PlanCheckItem", "PlanFocusArea", "PlanStatus", "RedFlag", "RiskAssessment", "SampleRecord",
    "Section", "SectionSelfCheck", "SpotCheckAnswer",
]
