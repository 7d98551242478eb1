from django.conf import settings
from django.core.management.base import BaseCommand

from pension.services import areas_load_county


class Command(BaseCommand):
    help = "Load the county's townships and villages from the shipped statistical data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--county", default=settings.PENSION_COUNTY_CODE)

    def handle(self, *args, **opts):
        county = areas_load_county(code=opts["county"])
        self.stdout.write(f"{county.code} {county.name}: {county.children.count()} townships")
