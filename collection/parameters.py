"""The provincial parameter table the installation starts with (a Shanxi-like table, 2024–2026).

These are *initial rows*, loaded once by a data migration; from then on the county edits them in the
browser (collection → parameters). Nothing in the rules reads these constants: services read the rows.

Grades (缴费档次) 200 … 1000, 1500, 2000, 3000, 5000 yuan a year. The government contribution subsidy
(缴费补贴) rises with the grade (≥30 yuan at the lowest, ≥60 from 500, as the national rule asks) and is
paid by the province, the city and the county; the central government funds the basic pension, not
the contribution subsidy, so its column is 0 in this province. The hardship shares say how much of the
lowest grade the government pays (代缴) for each hardship category.
"""

from decimal import ROUND_DOWN, Decimal

GRADES = [200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000, 3000, 5000]
# Total subsidy per grade in 2024; later years add the yearly rise below.
SUBSIDY_2024 = {200: 35, 300: 40, 400: 45, 500: 60, 600: 65, 700: 70, 800: 75, 900: 80, 1000: 90,
                1500: 100, 2000: 110, 3000: 120, 5000: 150}
YEARLY_RISE = {2024: 0, 2025: 5, 2026: 10}
# Paying levels' shares of the subsidy (the county takes the cent remainder).
SPLIT = {"subsidy_central": Decimal("0"), "subsidy_provincial": Decimal("0.5"), "subsidy_municipal": Decimal("0.25")}
HARDSHIP_SHARES = {"severe_disability": "1", "dibao": "1", "tekun": "1", "poverty_monitored": "1", "other": "0.5"}
BACK_PAYMENT_YEARS = 2


def split_subsidy(total: Decimal) -> dict[str, Decimal]:
    parts = {field: (total * share).quantize(Decimal("0.01"), rounding=ROUND_DOWN) for field, share in SPLIT.items()}
    parts["subsidy_county"] = total - sum(parts.values())
    return parts


def grade_rows(year: int, *, rise: int | None = None) -> list[dict]:
    rise = YEARLY_RISE.get(year, 0) if rise is None else rise
    return [
        {"year": year, "amount": Decimal(g), **split_subsidy(Decimal(SUBSIDY_2024[g] + rise))}
        for g in GRADES
    ]


def seed_parameters(apps=None, years=(2024, 2025, 2026)) -> None:
    """Create the table's rows for the given years where none exist yet (loading twice changes nothing).
    `apps` is the migration state registry, or None for the live models."""
    import datetime

    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    Grade = apps.get_model("collection", "ContributionGrade")
    Year = apps.get_model("collection", "CollectionYear")
    Share = apps.get_model("collection", "HardshipShare")
    for year in years:
        if not Grade.objects.filter(year=year).exists():
            Grade.objects.bulk_create([Grade(**row) for row in grade_rows(year)])
        Year.objects.get_or_create(
            year=year,
            defaults={"opens_on": datetime.date(year, 1, 1), "closes_on": datetime.date(year, 12, 31),
                      "back_payment_years": BACK_PAYMENT_YEARS},
        )
        for hardship, share in HARDSHIP_SHARES.items():
            Share.objects.get_or_create(year=year, hardship=hardship, defaults={"share": Decimal(share)})


def seed_history(years) -> None:
    """Older years for the demo's contribution history (demo only): the national grades 100 … 2000
    with the subsidy rising from 30."""
    import datetime

    from .models import CollectionYear, ContributionGrade

    old = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000]
    for year in years:
        if ContributionGrade.objects.filter(year=year).exists():
            continue
        rows = []
        for i, g in enumerate(old):
            total = Decimal(30 + 5 * i + max(0, year - 2014))
            rows.append(ContributionGrade(year=year, amount=Decimal(g), **split_subsidy(total)))
        ContributionGrade.objects.bulk_create(rows)
        CollectionYear.objects.get_or_create(
            year=year, defaults={"opens_on": datetime.date(year, 1, 1), "closes_on": datetime.date(year, 12, 31),
                                 "back_payment_years": BACK_PAYMENT_YEARS},
        )
