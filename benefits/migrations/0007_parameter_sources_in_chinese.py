"""The seeded basic-pension rows named their source in English (issue 11: no English on a page): the same
sources in Chinese. Only rows still carrying the seeded text are touched."""

from django.db import migrations

SOURCES = {
    "Guo Ban Fa 2024: national minimum 123 yuan": "国办发〔2024〕：全国最低标准每人每月123元",
    "2025 government work report: +20 yuan": "2025年政府工作报告：提高20元",
    "2026: +20 yuan": "2026年：提高20元",
}


def to_chinese(apps, schema_editor):
    BenefitParameter = apps.get_model("benefits", "BenefitParameter")
    for english, chinese in SOURCES.items():
        BenefitParameter.objects.filter(source=english).update(source=chinese)


def to_english(apps, schema_editor):
    BenefitParameter = apps.get_model("benefits", "BenefitParameter")
    for english, chinese in SOURCES.items():
        BenefitParameter.objects.filter(source=chinese).update(source=english)


class Migration(migrations.Migration):
    dependencies = [("benefits", "0006_other_pension_check")]
    operations = [migrations.RunPython(to_chinese, to_english)]
