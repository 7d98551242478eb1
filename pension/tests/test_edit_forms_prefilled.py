"""Issue 11 item 11: "Forms are prefilled with the current values". Every GET of a form that changes an existing
object shows that object's current values in its inputs (and the bank account masked as on the detail page). The
forms, found through the URL conf: a resident (enrollment:resident_edit), a contribution grade
(collection:grade_edit), a collection year's dates and rules (collection:parameter_year, "year" form), a year's
interest rate (funds:interest_rate_edit?year=), the progress thresholds (progress:milestones, thresholds form) and a
township's split of its target to villages (progress:township_split, in progress/tests/test_target_split.py),
a certification campaign's dates
(certification:campaign_list, edited inline, and its opening form). Not covered here: benefits:recipient_change.
The staff pages have no edit form (create, deactivate, unlock, reset a password); receipt books are issued, voided
or written off, never edited."""

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class Inputs(HTMLParser):
    """name -> the value the browser would send unchanged (inputs' value, checked boxes, selected options,
    textareas)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox":
                self.values[a["name"]] = "on" if "checked" in a else ""
            elif a.get("type") not in ("hidden", "submit", "file"):
                self.values[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.values[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def inputs(response) -> dict[str, str]:
    assert response.status_code == 200
    parser = Inputs()
    parser.feed(response.content.decode())
    return parser.values


def test_resident_edit_form_shows_every_current_value_and_masks_the_bank_account(web, clerk_a, village_a,
                                                                                 make_resident):
    resident = make_resident(village_a, bank_account="6230123456781234", phone="13900001111")
    resident.hukou_address, resident.ethnicity = "城关镇幸福路1号", "回族"
    resident.save(update_fields=["hukou_address", "ethnicity"])
    response = web(clerk_a).get(reverse("enrollment:resident_edit", args=[resident.pk]))
    values = inputs(response)
    assert values["phone"] == "13900001111" and values["village"] == str(village_a.pk)
    assert values["hukou_address"] == "城关镇幸福路1号"
    assert values.get("ethnicity", "回族") == "回族"
    page = response.content.decode()
    assert "6230123456781234" not in page and "************1234" in page


def test_grade_edit_form_shows_the_grade(web, officer):
    from collection.models import ContributionGrade

    grade = ContributionGrade.objects.filter(year=2026).order_by("amount").last()
    values = inputs(web(officer).get(reverse("collection:grade_edit", args=[grade.pk])))
    assert Decimal(values["amount"]) == grade.amount
    for level in ("subsidy_central", "subsidy_provincial", "subsidy_municipal", "subsidy_county"):
        assert Decimal(values[level] or "0") == getattr(grade, level), level
    assert values["active"] == ("on" if grade.active else "")


def test_collection_year_form_shows_the_year(web, officer):
    from collection import services

    services.collection_year_save(actor=officer, year=2027, opens_on=datetime.date(2027, 1, 5),
                                  closes_on=datetime.date(2027, 11, 30), back_payment_years=3,
                                  back_payment_over_60=True, late_entry_days=7)
    values = inputs(web(officer).get(reverse("collection:parameter_year", args=[2027])))
    assert values["year-opens_on"] == "2027-01-05" and values["year-closes_on"] == "2027-11-30"
    assert values["year-back_payment_years"] == "3" and values["year-late_entry_days"] == "7"
    assert values["year-back_payment_over_60"] == "on"


def test_interest_rate_form_shows_the_years_rate(web, officer):
    from funds.services import interest_rate_set

    interest_rate_set(actor=officer, year=2026, rate_percent=Decimal("2.62"), rounding="half_up",
                      month_rule="after_value_month", source="省人社厅文件 2026-3")
    values = inputs(web(officer).get(reverse("funds:interest_rate_edit") + "?year=2026"))
    assert values["year"] == "2026" and Decimal(values["rate_percent"]) == Decimal("2.62")
    assert values["rounding"] == "half_up" and values["month_rule"] == "after_value_month"
    assert values["source"] == "省人社厅文件 2026-3"


def test_thresholds_form_shows_the_years_thresholds(web, officer):
    from progress import services

    services.thresholds_set(actor=officer, year=2026, behind_points=Decimal("7"), far_behind_points=Decimal("18"))
    values = inputs(web(officer).get(reverse("progress:milestones") + "?year=2026"))
    assert Decimal(values["behind_points"]) == 7 and Decimal(values["far_behind_points"]) == 18


def test_campaign_forms_show_their_dates_as_a_date_input_reads_them(web, officer):
    """Campaign dates are edited inline on the campaign list; the opening form proposes 1 May – 30 June. Both came
    out in the locale's 2027/05/03 in the opening form, which a date input shows as blank."""
    from django.utils import timezone

    from certification import services

    services.campaign_create(actor=officer, year=2027, starts_on=datetime.date(2027, 5, 3),
                             ends_on=datetime.date(2027, 7, 15))
    page = web(officer).get(reverse("certification:campaign_list"))
    html = page.content.decode()
    assert 'value="2027-05-03"' in html and 'value="2027-07-15"' in html
    year = timezone.localdate().year
    assert f'value="{year}-05-01"' in html and f'value="{year}-06-30"' in html
