"""The audit API: plans and their sampled items, findings with their workflow actions, red flags, key-data
modification requests. Serializers shape data; services decide; selectors choose what a user may read."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from pension.models import Area, AreaLevel, Post
from pension.parsers import JSONParser
from pension.permissions import REGISTRARS, PostPermission

from . import selectors, services
from .apps import KEY_DATA_POSTS, SECTION_POSTS
from .models import AuditPlan, Finding, KeyDataChangeRequest, PlanCheckItem, RedFlag, SampleRecord, SpotCheckAnswer

AUDITORS = frozenset({Post.AUDITOR})
AUDIT_READERS = frozenset({Post.AUDITOR, Post.LEADER})


class PlanSerializer(serializers.ModelSerializer):
    sampled_records = serializers.SerializerMethodField()

    class Meta:
        model = AuditPlan
        fields = ["id", "year", "quarter", "period_start", "period_end", "due_on", "sample_size", "seed", "status",
                  "drawn_at", "completed_at", "sampled_records"]
        read_only_fields = fields

    def get_sampled_records(self, obj) -> int:
        n = getattr(obj, "n_samples", None)
        return obj.samples.count() if n is None else n


class PlanCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    sample_size = serializers.IntegerField(min_value=1, max_value=500, required=False)


class AnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpotCheckAnswer
        fields = ["item", "answer", "method", "notes", "answered_by", "answered_at"]
        read_only_fields = fields


class SampleSerializer(serializers.ModelSerializer):
    focus_area = serializers.IntegerField(source="area.number", read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)
    check_items = serializers.SerializerMethodField()

    class Meta:
        model = SampleRecord
        fields = ["id", "focus_area", "kind", "key", "label", "url", "occurred_on", "check_items", "answers"]
        read_only_fields = fields

    def get_check_items(self, obj) -> list[dict]:
        return [{"id": i.pk, "number": i.number, "text": i.text} for i in obj.area.items.all()]


class AnswerInputSerializer(serializers.Serializer):
    sample = serializers.IntegerField()
    item = serializers.IntegerField()
    answer = serializers.CharField(max_length=20)
    method = serializers.CharField(max_length=20)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [PostPermission]
    read_posts = AUDIT_READERS
    write_posts = AUDITORS
    serializer_class = PlanSerializer

    def get_queryset(self):
        return selectors.plan_list()

    def get_object(self):
        return selectors.plan_get(pk=self.kwargs["pk"])

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanSerializer})
    def create(self, request):
        s = PlanCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        plan = services.plan_create(actor=request.user, **s.validated_data)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses=SampleSerializer(many=True))
    @extend_schema(methods=["post"], request=AnswerInputSerializer, responses=SampleSerializer)
    @action(detail=True, methods=["get", "post"])
    def items(self, request, pk=None):
        """GET: the sampled records with their check items and answers. POST: answer one check item."""
        plan = self.get_object()
        if request.method == "GET":
            qs = selectors.samples_of(plan=plan, area_number=None)
            page = self.paginate_queryset(qs)
            return self.get_paginated_response(SampleSerializer(page, many=True).data)
        s = AnswerInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        sample = selectors.sample_get(plan=plan, pk=s.validated_data["sample"])
        item = PlanCheckItem.objects.filter(pk=s.validated_data["item"], area__plan=plan).first()
        if item is None:
            raise NotFound(_("No such check item in this plan."))
        services.spotcheck_answer(actor=request.user, sample=sample, item=item, answer=s.validated_data["answer"],
                                  method=s.validated_data["method"], notes=s.validated_data["notes"])
        return Response(SampleSerializer(selectors.sample_get(plan=plan, pk=sample.pk)).data)


class FindingSerializer(serializers.ModelSerializer):
    township = serializers.CharField(source="township.code", read_only=True, default=None)

    class Meta:
        model = Finding
        fields = ["id", "plan", "sample", "flag", "focus_area", "title", "description", "section", "township",
                  "status", "raised_by", "raised_at", "head_signed_by", "head_signed_at", "leader_signed_by",
                  "leader_signed_at", "respond_by", "explanation", "rectification_plan", "rectify_by",
                  "evidence_note", "closed_by", "closed_at", "close_note"]
        read_only_fields = fields


class FindingCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField()
    section = serializers.CharField(max_length=10)
    township = serializers.CharField(max_length=15, required=False, allow_blank=True, help_text="9-digit code")
    plan = serializers.IntegerField(required=False)
    sample = serializers.IntegerField(required=False)


class FindingActionSerializer(serializers.Serializer):
    explanation = serializers.CharField(required=False, allow_blank=True, default="")
    plan = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.FileField(required=False, allow_null=True, default=None)


def _township(code):
    if not code:
        return None
    area = Area.objects.filter(level=AreaLevel.TOWNSHIP, code=code).first()
    if area is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"township": _("Unknown township code.")})
    return area


class FindingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [PostPermission]
    read_posts = AUDIT_READERS | SECTION_POSTS
    write_posts = AUDITORS
    serializer_class = FindingSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Finding.objects.none()
        return selectors.finding_list(user=self.request.user, status=self.request.query_params.get("status"))

    def get_object(self):
        return selectors.finding_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=FindingCreateSerializer, responses={201: FindingSerializer})
    def create(self, request):
        s = FindingCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        sample = None
        if d.get("sample"):
            sample = SampleRecord.objects.filter(pk=d["sample"]).first()
            if sample is None:
                raise NotFound(_("No such sampled record."))
        finding = services.finding_raise(actor=request.user, title=d["title"], description=d["description"],
                                         section=d["section"], township=_township(d.get("township")), sample=sample)
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    def _act(self, request, fn, **kw):
        s = FindingActionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        finding = fn(actor=request.user, finding=self.get_object(), **{k: s.validated_data[v] for k, v in kw.items()})
        return Response(FindingSerializer(finding).data)

    @extend_schema(request=None, responses=FindingSerializer)
    @action(detail=True, methods=["post"], url_path="sign-head", write_posts=AUDITORS)
    def sign_head(self, request, pk=None):
        return self._act(request, services.finding_sign_head)

    @extend_schema(request=None, responses=FindingSerializer)
    @action(detail=True, methods=["post"], url_path="sign-leader", write_posts=frozenset({Post.LEADER}))
    def sign_leader(self, request, pk=None):
        return self._act(request, services.finding_sign_leader)

    @extend_schema(request=FindingActionSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"], write_posts=SECTION_POSTS)
    def explain(self, request, pk=None):
        return self._act(request, services.finding_explain, explanation="explanation")

    @extend_schema(request=FindingActionSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"], write_posts=SECTION_POSTS)
    def rectify(self, request, pk=None):
        return self._act(request, services.finding_plan_rectification, plan="plan", deadline="deadline")

    @extend_schema(request=FindingActionSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"], write_posts=SECTION_POSTS)
    def evidence(self, request, pk=None):
        return self._act(request, services.finding_submit_evidence, upload="evidence", note="note")

    @extend_schema(request=FindingActionSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"], write_posts=AUDITORS)
    def accept(self, request, pk=None):
        return self._act(request, services.finding_accept, note="note")

    @extend_schema(request=FindingActionSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"], write_posts=AUDITORS)
    def reject(self, request, pk=None):
        return self._act(request, services.finding_reject_response, reason="reason")


class FlagSerializer(serializers.ModelSerializer):
    rule_title = serializers.SerializerMethodField()
    rule_text = serializers.SerializerMethodField()

    class Meta:
        model = RedFlag
        fields = ["id", "rule", "rule_title", "rule_text", "key", "summary", "links", "status", "first_seen",
                  "last_seen", "gone_at", "dismissed_by", "dismissed_at", "dismiss_reason"]
        read_only_fields = fields

    def _rule(self, obj):
        from .flags import RULES

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
                                           section=d["section"], township=_township(d["township"]))
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)


class KeyDataSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.name", read_only=True)
    changes = serializers.SerializerMethodField()

    class Meta:
        model = KeyDataChangeRequest
        fields = ["id", "resident", "resident_name", "changes", "before", "reason", "status", "requested_by",
                  "requested_at", "township_checked_by", "county_checked_by", "leader_signed_by", "rejected_by",
                  "reject_reason", "applied_at"]
        read_only_fields = fields

    def get_changes(self, obj) -> dict:
        from pension import idnumber

        return {k: idnumber.mask(v) if k == "id_number" else v for k, v in obj.changes.items()}


class KeyDataCreateSerializer(serializers.Serializer):
    resident = serializers.IntegerField()
    name = serializers.CharField(required=False, allow_blank=True, default="")
    id_number = serializers.CharField(required=False, allow_blank=True, default="")
    birth_date = serializers.CharField(required=False, allow_blank=True, default="")
    first_month = serializers.CharField(required=False, allow_blank=True, default="", help_text="YYYY-MM")
    reason = serializers.CharField()
    evidence = serializers.FileField()


class KeyDataRejectSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ModificationRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Key-data modification requests. Create with multipart form data (the evidence is a file)."""

    permission_classes = [PostPermission]
    read_posts = KEY_DATA_POSTS
    write_posts = REGISTRARS
    serializer_class = KeyDataSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return KeyDataChangeRequest.objects.none()
        return selectors.keydata_list(user=self.request.user, status=self.request.query_params.get("status"))

    def get_object(self):
        return selectors.keydata_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=KeyDataCreateSerializer, responses={201: KeyDataSerializer})
    def create(self, request):
        s = KeyDataCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        changes = {f: d[f] for f in ("name", "id_number", "birth_date", "first_month") if d[f]}
        req = services.keydata_request(actor=request.user, resident_id=d["resident"], changes=changes,
                                       reason=d["reason"], evidence=d["evidence"])
        return Response(KeyDataSerializer(req).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=KeyDataSerializer)
    @action(detail=True, methods=["post"], url_path="township-check",
            write_posts=frozenset({Post.TOWNSHIP_CLERK}))
    def township_check(self, request, pk=None):
        req = services.keydata_township_check(actor=request.user, request=self.get_object())
        return Response(KeyDataSerializer(req).data)

    @extend_schema(request=None, responses=KeyDataSerializer)
    @action(detail=True, methods=["post"], url_path="county-check", write_posts=frozenset({Post.COUNTY_OFFICER}))
    def county_check(self, request, pk=None):
        req = services.keydata_county_check(actor=request.user, request=self.get_object())
        return Response(KeyDataSerializer(req).data)

    @extend_schema(request=None, responses=KeyDataSerializer)
    @action(detail=True, methods=["post"], write_posts=frozenset({Post.LEADER}))
    def sign(self, request, pk=None):
        req = services.keydata_sign(actor=request.user, request=self.get_object())
        return Response(KeyDataSerializer(req).data)

    @extend_schema(request=KeyDataRejectSerializer, responses=KeyDataSerializer)
    @action(detail=True, methods=["post"],
            write_posts=frozenset({Post.TOWNSHIP_CLERK, Post.COUNTY_OFFICER, Post.LEADER}))
    def reject(self, request, pk=None):
        s = KeyDataRejectSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        req = services.keydata_reject(actor=request.user, request=self.get_object(), reason=s.validated_data["reason"])
        return Response(KeyDataSerializer(req).data)
