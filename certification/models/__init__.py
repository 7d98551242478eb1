from .campaigns import Campaign, CampaignEntry, CertificationRun, EntryStatus, NoticeParameter
from .comparison import ComparisonImport, ComparisonKind, MatchCase, MatchKind, MatchStatus
from .notices import Notice, Objection, PostingReport
from .records import Evidence, IdempotencyKey, Mode, PassSnapshot, Record, Result

__all__ = [
    "Campaign", "CampaignEntry", "CertificationRun", "ComparisonImport", "ComparisonKind", "EntryStatus", "Evidence",
    "IdempotencyKey", "MatchCase", "MatchKind", "MatchStatus", "Mode", "Notice", "NoticeParameter", "Objection",
    "PassSnapshot", "PostingReport", "Record", "Result",
]
