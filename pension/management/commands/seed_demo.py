"""Seed a demo county: areas, one demo account per post, and each app's demo data.

Deterministic for a given --seed. The kernel imports no app: each app's seeder is named in
settings.DEMO_SEEDERS and called in order with the same random generator state.
"""

import random
import time
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.module_loading import import_string

from pension.demo import DEMO_PASSWORD, seed_staff
from pension.services import areas_load_county


class Command(BaseCommand):
    help = "Seed the demo county (areas, demo accounts, residents …). Demo only: never on a real county's database."

    def add_arguments(self, parser):
        parser.add_argument("--residents", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when residents already exist")

    def handle(self, *args, **opts):
        seeders = [import_string(path) for path in settings.DEMO_SEEDERS]
        started = time.perf_counter()
        # A demo database is seeded again rather than repaired: no waiting for the disk at each of the ~330
        # commits (this connection only; the server's own connections keep the database's defaults).
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite" and not connection.in_atomic_block:  # (SQLite refuses it in one)
                cursor.execute("PRAGMA synchronous = OFF")
            elif connection.vendor == "postgresql":
                cursor.execute("SET synchronous_commit = off")
        county = areas_load_county(code=settings.PENSION_COUNTY_CODE)
        with transaction.atomic():
            staff = seed_staff(county=county)
        for seeder in seeders:
            # A seeder module says whether its data is there with a module-level `already_seeded()`.
            already = getattr(seeder, "already_seeded", None) or getattr(
                import_module(seeder.__module__), "already_seeded", None
            )
            if already and already():
                if opts["if_empty"]:
                    self.stdout.write("demo data already present; nothing seeded")
                    break
                raise CommandError("The database already holds demo data; seed an empty database.")
            rng = random.Random(opts["seed"])
            step = time.perf_counter()
            summary = seeder(county=county, residents=opts["residents"], rng=rng, staff=staff, stdout=self.stdout)
            self.stdout.write(f"{seeder.__module__}: {summary} ({time.perf_counter() - step:.1f} s)")
        self.stdout.write(f"seeded in {time.perf_counter() - started:.1f} s")
        self.stdout.write("Demo logins (demo only, password %s):" % DEMO_PASSWORD)
        for user in staff:
            self.stdout.write(f"  {user.username:<12} {user.get_post_display()} · {user.area.name}")
