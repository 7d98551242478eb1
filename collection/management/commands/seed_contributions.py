"""Seed demo contributions for the demo county's enrolled residents (demo and benchmark data only)."""

import random

from django.core.management.base import BaseCommand, CommandError

from collection import demo
from pension.demo import seed_staff
from pension.models import Area, AreaLevel


class Command(BaseCommand):
    help = "Demo only: give the demo county's enrolled residents contributions (e.g. --target 2000000)."

    def add_arguments(self, parser):
        parser.add_argument("--target", type=int, default=None, help="about this many contributions")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **opts):
        if demo.already_seeded():
            raise CommandError("Contributions already exist; seed an empty database.")
        county = Area.objects.filter(level=AreaLevel.COUNTY).order_by("code").first()
        if county is None:
            raise CommandError("No county loaded: run seed_demo first.")
        staff = seed_staff(county=county)
        summary = demo.seed_contributions(county=county, rng=random.Random(opts["seed"]), staff=staff,
                                          stdout=self.stdout, target=opts["target"])
        self.stdout.write(summary)
