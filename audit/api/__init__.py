"""The audit API: plans and their sampled items, findings with their workflow actions, red flags, key-data
modification requests. Serializers shape data; services decide; selectors choose what a user may read."""

from .findings import FindingViewSet
from .flags import FlagViewSet
from .key_data import ModificationRequestViewSet
from .plans import PlanViewSet

__all__ = ["FindingViewSet", "FlagViewSet", "ModificationRequestViewSet", "PlanViewSet"]
