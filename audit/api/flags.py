"""The audit API: red flags and their decisions."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pension.permissions import PostPermission

from .. import selectors, services
from ..models import RedFlag
from .common import AUDIT_READERS, AUDITORS, township_by_code
from .findings import FindingSerializer


class FlagSerializer(serializers.ModelSerializer):
    rule_title = serializers.SerializerMethodField()
    rule_text = serializers.SerializerMethodField()

    class Meta:
        model = RedFlag
        fields = ["id", "rule", "rule_title", "rule_text", "key", "summary", "links", "status", "first_seen",
                  "last_seen", "gone_at", "dismissed_by", "dismissed_at", "dismiss_reason"]
        read_only_fields = fields

    def _rule(self, obj):
        from ..flags import RULES

        return RULES.get(obj.rule)

    def get_rule_title(self, obj) -> str:
        rule = self._rule(obj)
        return str(rule.title) if rule else obj.rule

    def get_rule_text(self, obj) -> str:
        rule = self._rule(obj)
        return str(rule.text) if rule else ""


class FlagDecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    title = serializers.CharField(required=False, allow_blank=True, default="")
    section = serializers.CharField(required=False, allow_blank=True, default="")
    township = serializers.CharField(required=False, allow_blank=True, default="")


class FlagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [PostPermission]
    read_posts = AUDIT_READERS
    write_posts = AUDITORS
    serializer_class = FlagSerializer

    def get_queryset(self):
        p = self.request.query_params
        return selectors.flag_list(status=p.get("status", "new") or None, rule=p.get("rule") or None)

    def get_object(self):
        return selectors.flag_get(pk=self.kwargs["pk"])

    @extend_schema(request=FlagDecisionSerializer, responses=FlagSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        s = FlagDecisionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        flag = services.flag_dismiss(actor=request.user, flag=self.get_object(), reason=s.validated_data["reason"])
        return Response(FlagSerializer(flag).data)

    @extend_schema(request=FlagDecisionSerializer, responses={201: FindingSerializer})
    @action(detail=True, methods=["post"], url_path="to-finding")
    def to_finding(self, request, pk=None):
        s = FlagDecisionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        finding = services.flag_to_finding(actor=request.user, flag=self.get_object(), title=d["title"],
                                           section=d["section"], township=township_by_code(d["township"]))
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)
