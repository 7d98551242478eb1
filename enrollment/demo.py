"""Demo residents for the demo county: valid ID numbers, Chinese names, a rural age pyramid, about
60% of the eligible enrolled. Deterministic for a given random generator. Demo only."""

import datetime
import io
import random

from django.db import connection, transaction
from django.utils import timezone
from faker.providers.person.zh_CN import Provider as ZhNames

from pension import idnumber
from pension.bulk import insert_rows, next_ids
from pension.models import Area, AreaLevel
from pension.oplog import log_operation
from pension.posts import Post

from .models import Enrollment, Hardship, Resident, ResidentStanding, name_search_key

# Rural age structure (share of registered population by age band); older bands are heavier
# because the young work away but keep their hukou.
AGE_BANDS = [((0, 15), 0.12), ((16, 29), 0.14), ((30, 44), 0.19), ((45, 59), 0.27), ((60, 74), 0.20), ((75, 95), 0.08)]
HARDSHIP_MIX = [(Hardship.NONE, 0.93), (Hardship.DIBAO, 0.035), (Hardship.SEVERE_DISABILITY, 0.015),
                (Hardship.TEKUN, 0.01), (Hardship.POVERTY_MONITORED, 0.01)]
# Most people were first registered in this county; some keep the code of a neighbouring or an
# abolished county (140402 was merged away), which the ID rules must accept.
OTHER_BIRTH_CODES = ["140402", "140429", "140430", "141030", "140481"]
ENROL_SHARE = 0.60
BATCH = 5000
TODAY = datetime.date(2026, 11, 26)  # fixed so the same seed gives the same county on any day


RESIDENT_COLUMNS = (
    "name", "name_search", "id_number", "gender", "birth_date", "ethnicity", "hukou_address", "township_id",
    "village_id", "natural_village_id", "hardship", "phone", "bank_account", "enrolment_status",
)


def _bulk_create_batch(batch, *, clerk_id) -> int:
    """Any database (SQLite here): the same rows and columns as the COPY below, through pension.bulk."""
    now = timezone.now()
    first = next_ids(Resident, len(batch))
    insert_rows(Resident, ["id", *RESIDENT_COLUMNS, "registered_at", "registered_by_id"],
                [(first + n, *(values[c] for c in RESIDENT_COLUMNS), now, clerk_id)
                 for n, (values, _day) in enumerate(batch)])
    enrolments = [(first + n, "active", day, day.replace(day=1), "", "", now, clerk_id)
                  for n, (_values, day) in enumerate(batch) if day]
    insert_rows(Enrollment, ["resident_id", "status", "enrolled_on", "first_month", "termination_reason",
                             "termination_note", "created_at", "created_by_id"], enrolments)
    return len(enrolments)


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    text = value.isoformat() if isinstance(value, datetime.date) else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy(cursor, table: str, columns, rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_value(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _copy_batch(batch, *, clerk_id) -> int:
    """PostgreSQL: COPY, several times faster than INSERT for 500,000 rows. Ids come from the table's own
    sequence first, so that the enrolments can point at their residents."""
    now = timezone.now()
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg2's own cursor, for copy_expert
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('enrollment_resident', 'id')) FROM generate_series(1, %s)",
            [len(batch)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        _copy(
            cursor,
            "enrollment_resident",
            ("id", *RESIDENT_COLUMNS, "registered_at", "registered_by_id"),
            ([pk, *(values[c] for c in RESIDENT_COLUMNS), now, clerk_id] for pk, (values, _day) in zip(ids, batch,
                                                                                                        strict=True)),
        )
        enrolments = [
            (pk, "active", day, day.replace(day=1), "", "", now, clerk_id)
            for pk, (_values, day) in zip(ids, batch, strict=True)
            if day
        ]
        _copy(
            cursor,
            "enrollment_enrollment",
            ("resident_id", "status", "enrolled_on", "first_month", "termination_reason", "termination_note",
             "created_at", "created_by_id"),
            enrolments,
        )
    return len(enrolments)


def already_seeded() -> bool:
    return Resident.objects.exists()


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def seed_residents(*, county: Area, residents: int, rng: random.Random, staff, stdout=None, today=TODAY) -> str:
    surnames = list(ZhNames.last_names.keys())
    surname_weights = list(ZhNames.last_names.values())
    male, female = list(ZhNames.first_names_male), list(ZhNames.first_names_female)
    male_1, male_2 = [n for n in male if len(n) == 1], [n for n in male if len(n) == 2]
    female_1, female_2 = [n for n in female if len(n) == 1], [n for n in female if len(n) == 2]
    villages = list(Area.objects.filter(level=AreaLevel.VILLAGE, township__parent=county).order_by("code"))
    naturals: dict[int, list[int]] = {}
    for area_id, parent_id in Area.objects.filter(level=AreaLevel.NATURAL, township__parent=county).values_list(
        "id", "parent_id"
    ):
        naturals.setdefault(parent_id, []).append(area_id)
    village_weights = [rng.uniform(0.4, 1.6) for _ in villages]
    township_names = dict(Area.objects.filter(level=AreaLevel.TOWNSHIP).values_list("id", "name"))
    addresses = {v.id: f"{county.name}{township_names[v.township_id]}{v.name}" for v in villages}
    clerk = next((u for u in staff if u.post == Post.TOWNSHIP_CLERK), None)
    used: set[str] = set()
    created = enrolled = 0

    def person():
        band = _weighted(rng, AGE_BANDS)
        age = rng.randint(*band)
        # Exactly `age` years old today: born between (age+1) years and age years ago.
        birth = _add_years(today, -age) - datetime.timedelta(days=rng.randint(0, 364))
        is_male = rng.random() < 0.51
        code = county.code if rng.random() < 0.93 else rng.choice(OTHER_BIRTH_CODES)
        while True:
            seq = rng.randrange(0, 500) * 2 + (1 if is_male else 0)
            number = idnumber.build(code, birth, seq)
            if number not in used:
                used.add(number)
                break
        # Given names of one or two characters (about a third are one), as on rural registers.
        singles, doubles = (male_1, male_2) if is_male else (female_1, female_2)
        if rng.random() < 0.34:
            given = rng.choice(singles)
        elif rng.random() < 0.3:
            given = rng.choice(doubles)
        else:
            given = rng.choice(singles) + rng.choice(singles)
        name = rng.choices(surnames, weights=surname_weights, k=1)[0] + given
        village = rng.choices(villages, weights=village_weights, k=1)[0]
        natural_ids = naturals.get(village.id, [])
        enrol_day = None
        if age >= 16 and rng.random() < ENROL_SHARE:
            years_back = rng.randint(0, min(age - 16, 14))
            enrol_day = min(datetime.date(today.year - years_back, rng.randint(1, 5), rng.randint(1, 28)), today)
            # Never before the 16th birthday (the years are approximate near the band edges).
            sixteenth = _add_years(birth, 16)
            if enrol_day < sixteenth:
                enrol_day = min(sixteenth, today)
        return {
            "name": name,
            "name_search": name_search_key(name),
            "id_number": number,
            "gender": "M" if is_male else "F",
            "birth_date": birth,
            "ethnicity": "汉族",
            "hukou_address": f"{addresses[village.id]}{rng.randint(1, 200)}号",
            "township_id": village.township_id,
            "village_id": village.id,
            "natural_village_id": rng.choice(natural_ids) if natural_ids else None,
            "hardship": _weighted(rng, HARDSHIP_MIX),
            "phone": f"1{rng.choice('35789')}{rng.randint(0, 999999999):09d}" if rng.random() < 0.7 else "",
            "bank_account": f"6230{rng.randint(0, 10**15 - 1):015d}" if rng.random() < 0.8 else "",
            "enrolment_status": ResidentStanding.ACTIVE.value if enrol_day else ResidentStanding.NOT_ENROLLED.value,
        }, enrol_day

    write = _copy_batch if connection.vendor == "postgresql" else _bulk_create_batch
    clerk_id = clerk.pk if clerk else None
    with transaction.atomic():
        remaining = residents
        while remaining > 0:
            n = min(BATCH, remaining)
            batch = [person() for _ in range(n)]
            enrolled += write(batch, clerk_id=clerk_id)
            created += n
            remaining -= n
            if stdout and created % 100000 == 0:
                stdout.write(f"  {created} residents …")
        log_operation(
            actor=None, action="demo.seed_residents", obj=county,
            after={"residents": created, "enrolled": enrolled}, area=county,
        )
    return f"{created} residents, {enrolled} enrolled"
