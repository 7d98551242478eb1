"""What the two-person request endpoints (/api/v1/terminations/, /api/v1/hardship-changes/) share: who may read
and ask, the list filtered by status (awaiting confirmation by default) and resident, and the object found in
the user's scope (another township's request answers 404)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError

from pension.params import int_param
from pension.permissions import BUSINESS_READERS, REGISTRARS, PostPermission


class TwoPersonRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [PostPermission]
    read_posts = BUSINESS_READERS
    write_posts = REGISTRARS
    statuses = None  # the model's status choices; the first value is the default filter
    list_selector = None  # staticmethod(selector(*, user, status, resident_id))
    get_selector = None  # staticmethod(selector(*, user, pk))

    def get_queryset(self):
        p = self.request.query_params
        wanted = p.get("status") or self.statuses.values[0]
        if wanted not in self.statuses.values and wanted != "all":
            raise ValidationError({"status": [_("Unknown status.")]})
        return self.list_selector(user=self.request.user, status=None if wanted == "all" else wanted,
                                  resident_id=int_param(p, "resident", minimum=1, label=_("Resident")))

    def get_object(self):
        return self.get_selector(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[
        OpenApiParameter("status", str, required=False,
                         description="requested (default), confirmed, rejected, withdrawn, or all"),
        OpenApiParameter("resident", int, required=False)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
