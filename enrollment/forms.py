from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from pension import idnumber
from pension.models import Area, AreaLevel
from pension.scope import scoped_areas

from .models import Hardship, ListSource, TerminationReason


class AreaChoiceField(forms.ModelChoiceField):
    """Shows "township village" (villages) or just the name (natural villages), without a query per option."""

    def label_from_instance(self, obj):
        if obj.level == AreaLevel.VILLAGE and obj.parent is not None:
            return f"{obj.parent.name} {obj.name}"
        return obj.name


class ResidentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=40)
    village = AreaChoiceField(label=_("Village / community"), queryset=None)
    natural_village = AreaChoiceField(label=_("Natural village"), queryset=None, required=False)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=20, initial="汉族", required=False)
    hukou_address = forms.CharField(label=_("Hukou address"), max_length=200, required=False)
    hardship = forms.ChoiceField(label=_("Hardship category"), choices=Hardship.choices, initial=Hardship.NONE,
                                 help_text=_("A category other than none is asked for, not recorded: it takes effect "
                                             "when a county business officer other than you confirms it."))
    hardship_reason = forms.CharField(label=_("Reason for the hardship category"), max_length=200, required=False)
    hardship_evidence = forms.CharField(
        label=_("Hardship evidence (document and number)"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. dibao certificate No. 123")}))
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    bank_account = forms.CharField(label=_("Bank account"), max_length=40, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        areas = scoped_areas(user).select_related("parent")
        self.fields["village"].queryset = areas.filter(level=AreaLevel.VILLAGE).order_by("code")
        # Natural villages: only those of the chosen village are offered (the page reloads the list with
        # htmx when the village changes); validation accepts any in scope and the service checks the parent.
        self.fields["natural_village"].queryset = areas.filter(level=AreaLevel.NATURAL).order_by("code")
        village_id = self._chosen_village_id()
        self.natural_choices = (
            areas.filter(level=AreaLevel.NATURAL, parent_id=village_id).order_by("code")
            if village_id
            else Area.objects.none()
        )
        self.fields["natural_village"].widget.choices = [("", "---------")] + [
            (a.pk, a.name) for a in self.natural_choices
        ]
        self.fields["village"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("enrollment:natural_village_options"),
                "hx-target": "#id_natural_village",
                "hx-trigger": "change",
                "hx-include": "this",
            }
        )
        if "id_number" in self.fields:
            self.fields["id_number"].widget.attrs.update(
                {
                    "autocomplete": "off",
                    "maxlength": "40",
                    # Tell the clerk what the number says (or what is wrong) before they save.
                    "hx-post": reverse_lazy("enrollment:id_number_check"),
                    "hx-trigger": "input changed delay:300ms, change",
                    "hx-target": "#id-number-check",
                }
            )

    def _chosen_village_id(self):
        raw = self.data.get(self.add_prefix("village")) if self.is_bound else self.initial.get("village")
        if isinstance(raw, Area):
            return raw.pk
        try:
            return int(raw)
        except (TypeError, ValueError):
            return None

    def clean_id_number(self):
        # An early, friendly check; the service checks again and is the authority.
        raw = self.cleaned_data["id_number"]
        try:
            return idnumber.parse(raw).number
        except ValidationError as exc:
            raise ValidationError(exc.messages)


class ResidentEditForm(ResidentForm):
    reason = forms.CharField(label=_("Reason for the change"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Key data is locked after registration; the hardship category changes only through a confirmed request
        # (the page shows it read-only with the way to ask).
        for name in ("name", "id_number", "hardship", "hardship_reason", "hardship_evidence"):
            del self.fields[name]


class TerminationRequestForm(forms.Form):
    """No defaults: the reason, the date and the evidence are always typed or chosen (issue 11 item 2)."""

    reason = forms.ChoiceField(label=_("Termination reason"), choices=[("", _("Choose…")), *TerminationReason.choices])
    terminated_on = forms.DateField(label=_("Termination date"),
                                    widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    evidence = forms.CharField(label=_("Evidence (document and number)"), max_length=200,
                               widget=forms.TextInput(attrs={"placeholder": _("e.g. death certificate No. 123")}))
    # Checked by content in the service (pension.uploads); the accept list only helps the file picker.
    evidence_file = forms.FileField(
        label=_("Evidence file (scan or photo; JPEG, PNG or PDF)"), required=False,
        help_text=_("Required for a death: the death certificate."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf"}))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "term")
        super().__init__(*args, **kwargs)


class TerminationRejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), max_length=500)


class HardshipChangeForm(forms.Form):
    """No defaults: the new category, the reason and the evidence are always chosen or typed."""

    to_category = forms.ChoiceField(label=_("New hardship category"),
                                    choices=[("", _("Choose…")), *Hardship.choices])
    reason = forms.CharField(label=_("Reason for the change"), max_length=200)
    evidence = forms.CharField(label=_("Evidence (document and number)"), max_length=200,
                               widget=forms.TextInput(attrs={"placeholder": _("e.g. dibao certificate No. 123")}))

    def __init__(self, *args, current=None, **kwargs):
        kwargs.setdefault("prefix", "hs")
        super().__init__(*args, **kwargs)
        if current is not None:
            self.fields["to_category"].choices = [c for c in self.fields["to_category"].choices if c[0] != current]


class HardshipImportForm(forms.Form):
    source = forms.ChoiceField(label=_("List"), choices=[("", _("Choose…")), *ListSource.choices])
    file = forms.FileField(label=_("Excel file"))
