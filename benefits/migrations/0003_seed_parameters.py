"""The basic pension from 2024 (national minimum 123 yuan, raised to 143 in 2025 and 163 in 2026) with example
provincial and county top-ups; the county corrects them on the parameter page (every change is a new dated row)."""

import datetime
from decimal import Decimal

from django.db import migrations

ROWS = [
    (datetime.date(2024, 1, 1), "123.00", "Guo Ban Fa 2024: national minimum 123 yuan"),
    (datetime.date(2025, 1, 1), "143.00", "2025 government work report: +20 yuan"),
    (datetime.date(2026, 1, 1), "163.00", "2026: +20 yuan"),
]


def seed(apps, schema_editor):
    BenefitParameter = apps.get_model("benefits", "BenefitParameter")
    for valid_from, national, source in ROWS:
        BenefitParameter.objects.get_or_create(valid_from=valid_from, defaults={
            "basic_national": Decimal(national), "basic_provincial": Decimal("20.00"),
            "basic_county": Decimal("10.00"), "extra_per_year": Decimal("2.00"), "extra_after_years": 15,
            "divisor": 139, "rounding": "cent_half_up", "funeral_grant": Decimal("0.00"),
            "scheme_start_year": 2011, "back_payment_per_year": Decimal("200.00"), "source": source})


class Migration(migrations.Migration):
    dependencies = [("benefits", "0002_awards_payroll_parameters")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
