"""Seed the yearly book interest rates (记账利率) as dated parameter rows the county edits.

The values follow the pattern provinces announced for residents' accounts in 2020–2026 (about 2.5%–2.62%,
rounded half up to the cent, money earning from the month after it was credited). They are a starting
table: the county checks each row against its province's notice and corrects it before posting a year.
"""

from decimal import Decimal

from django.db import migrations

RATES = {
    2020: "2.5000",
    2021: "2.5000",
    2022: "2.5500",
    2023: "2.6200",
    2024: "2.6200",
    2025: "2.6000",
    2026: "2.5000",
}
SOURCE = "初始参数：请按省人社厅、省财政厅当年记账利率通知核对"


def seed(apps, schema_editor):
    InterestRate = apps.get_model("funds", "InterestRate")
    for year, rate in RATES.items():
        InterestRate.objects.get_or_create(
            year=year,
            defaults={"rate_percent": Decimal(rate), "rounding": "half_up", "month_rule": "after_value_month",
                      "source": SOURCE},
        )


class Migration(migrations.Migration):
    dependencies = [("funds", "0002_deposits_interest")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
