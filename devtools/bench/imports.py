"""Bench of the ERP import: 10,000 rows end to end, against a bare bulk_create of the same rows.

Needs a database with an agreement loaded (PostgreSQL for the numbers that count):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_imports \\
        .venv/bin/python manage.py shell -c "from devtools.bench import imports; print(imports.run())"

The import is timed as a manager goes through it: upload (checks), preview (a dry
run of every row), confirm (every row again, written in one transaction). The
roll-up it queues is left to the worker, as in production, and not timed. Everything
the bench writes is deleted afterwards, so it can run again on the same database.
"""

import csv
import io
import random
import secrets
import time
from datetime import timedelta
from decimal import Decimal
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from openpyxl import Workbook

from agreement.models import Agreement, Organisation, User
from agreement.services import user_save
from goals.models import ActivityType
from reporting.erp_import import services
from reporting.erp_import.columns import COLUMNS
from reporting.erp_import.writing import GoalLinkHistory
from reporting.models import Activity, Firm, ImportBatch, complete_cvr
from reporting.rollups import tasks

ROWS = 10_000
FIRMS = 4_000
HOUSE_KEY = "vaeksthus-hovedstaden"
MANAGER = "bench.import"
# The mix of a growth house's year: mostly guidance and growth mappings, with firms.
TYPE_WEIGHTS = {
    "guidance": 45,
    "growth_mapping": 25,
    "growth_course": 10,
    "event": 8,
    "collaboration": 6,
    "startup_attracted": 3,
    "labour_case": 3,
}
TOPICS = (
    "eksport til Tyskland",
    "digitalisering af produktionen",
    "finansiering og kapital",
    "rekruttering af faglært arbejdskraft",
    "ledelse og strategi",
    "grøn omstilling",
)


def run(rows: int = ROWS, kind: str = "xlsx", repeat: int = 3) -> dict[str, float]:
    """Return the import's seconds for the rows, and its ratio to a bare bulk_create of them.

    The export is an Excel workbook, or with kind="csv" a Danish CSV (semicolons, cp1252).
    Each is the best of `repeat` runs, the import and the bulk_create taking turns, so that
    a busy machine slows both alike.
    """
    with override_settings(DEBUG=False):
        agreement = Agreement.objects.current()
        house = Organisation.objects.get(key=HOUSE_KEY)
        manager = user_save(
            username=MANAGER,
            password=secrets.token_urlsafe(),
            role=User.Role.MANAGER,
            organisation=house,
            first_name="Bench",
        )
        timings = [_run_once(agreement, house, manager, rows, kind) for _ in range(repeat)]
    import_seconds = min(seconds for seconds, _bulk in timings)
    bulk_seconds = min(bulk for _seconds, bulk in timings)
    return {
        "import_seconds_10k": round(import_seconds, 3),
        "import_over_bulk_create_ratio": round(import_seconds / bulk_seconds, 2),
    }


def _run_once(agreement, house, manager, rows, kind):
    """Time one import of a new file of the rows, then the bare bulk_create; clean up after."""
    token = secrets.token_hex(3)
    data = _rows(agreement, house, rows, token)
    content = _workbook(data) if kind == "xlsx" else _csv(data)
    batch = None
    try:
        with (
            # The roll-up's drain is the roll-up bench's: its records wait here, unrecounted.
            mock.patch.object(tasks.rollup_drain, "delay"),
            # The preview's step runs here, in this process, not as a queued task.
            mock.patch.object(services.tasks, "delay_on_commit"),
        ):
            started = time.perf_counter()
            batch = services.import_upload(
                house=house,
                user=manager,
                upload=SimpleUploadedFile(f"erp-{token}.{kind}", content),
            )
            services.import_read(batch=batch, user=manager)
            batch = services.import_confirm(batch=batch, user=manager)
            import_seconds = time.perf_counter() - started
        if batch.created_count != rows:
            raise RuntimeError(f"{batch.error_count} rows of the bench's file have errors")
        bulk_seconds = _bare_bulk_create(agreement, house, manager, data)
    finally:
        _clean_up(batch, token)
    return import_seconds, bulk_seconds


def _rows(agreement, house, count, token):
    """Return the ERP export's rows: realistic types, firms seen several times, Danish values."""
    chosen = random.Random(2018)
    types = {t.code: t for t in ActivityType.objects.filter(code__in=TYPE_WEIGHTS)}
    codes = _municipality_codes(house)
    firms = []
    prefix = 9_000_000 + chosen.randrange(0, 900_000)
    while len(firms) < FIRMS:
        cvr = complete_cvr(str(prefix))
        prefix += 1
        if cvr:
            firms.append((cvr, f"Bench {token} Virksomhed {len(firms) + 1} ApS"))
    known = set(Firm.objects.filter(cvr__in=[cvr for cvr, _name in firms]).values_list("cvr"))
    firms = [firm for firm in firms if (firm[0],) not in known]
    days = (agreement.period_end - agreement.period_start).days
    rows = []
    for number in range(count):
        activity_type = types[chosen.choices(list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values()))[0]]
        cvr, name = chosen.choice(firms) if activity_type.counts_firms else ("", "")
        day = agreement.period_start + timedelta(days=chosen.randrange(days + 1))
        rows.append(
            {
                "date": day,
                "activity_type": activity_type.name_da,
                "house": house.short_name,
                "delivered_in": "",
                "cvr": cvr,
                "firm_name": name,
                "municipality_code": chosen.choice(codes),
                "quantity": "2,5" if number % 20 == 0 else 1,
                "description": f"{activity_type.name_da} om {chosen.choice(TOPICS)}.",
                "erp_id": f"BENCH-{token}-{number:05d}",
            }
        )
    return rows


def _municipality_codes(house):
    from agreement.models import Municipality

    kkr = Organisation.objects.filter(kind=Organisation.Kind.KKR, region=house.region_id).first()
    return list(Municipality.objects.filter(kkr=kkr).values_list("code", flat=True))


def _workbook(rows):
    # As Excel saves it: a normal workbook declares its dimensions, a write-only one does not.
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Aktiviteter"
    columns = _columns_of(rows)
    sheet.append([column.header for column in columns])
    for row in rows:
        sheet.append([row[column.key] for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv(rows):
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    columns = _columns_of(rows)
    writer.writerow([column.header for column in columns])
    for row in rows:
        cells = {**row, "date": f"{row['date']:%d.%m.%Y}", "quantity": str(row["quantity"])}
        writer.writerow([cells[column.key] for column in columns])
    return text.getvalue().encode("cp1252")


def _columns_of(rows):
    """Return the format's columns the rows fill in (an ERP export has no optional goal)."""
    return [column for column in COLUMNS if column.key in rows[0]]


def _bare_bulk_create(agreement, house, manager, rows):
    """Time Activity.objects.bulk_create of the same rows, their firms and all known; delete them."""
    from agreement.models import Municipality

    types = {t.name_da: t for t in ActivityType.objects.all()}
    firms = dict(
        Firm.objects.filter(cvr__in={r["cvr"] for r in rows if r["cvr"]}).values_list("cvr", "pk")
    )
    municipalities = dict(Municipality.objects.values_list("code", "pk"))
    activities = [
        Activity(
            agreement=agreement,
            house=house,
            author=manager,
            activity_type=types[row["activity_type"]],
            date=row["date"],
            firm_id=firms.get(row["cvr"]),
            municipality_id=municipalities[row["municipality_code"]],
            quantity=Decimal("2.5") if row["quantity"] == "2,5" else Decimal(row["quantity"]),
            description=row["description"],
            status=Activity.Status.APPROVED,
            erp_id=f"{row['erp_id']}-bare",
        )
        for row in rows
    ]
    started = time.perf_counter()
    with transaction.atomic():
        Activity.objects.bulk_create(activities)
    seconds = time.perf_counter() - started
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        Activity.objects.filter(pk__in=[activity.pk for activity in activities]).delete()
    return seconds


def _clean_up(batch, token):
    """Delete what the bench wrote: activities, their goals and history, firms, the batch."""
    # Deleting makes no history of its own here: the bench leaves no trace.
    with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
        activities = Activity.objects.filter(erp_id__startswith=f"BENCH-{token}-")
        activity_ids = list(activities.values_list("pk", flat=True))
        GoalLinkHistory.objects.filter(activity_id__in=activity_ids).delete()
        Activity.history.filter(id__in=activity_ids).delete()
        activities.delete()
        Firm.history.filter(name__startswith=f"Bench {token} ").delete()
        Firm.objects.filter(name__startswith=f"Bench {token} ").delete()
        if batch is not None:
            batch.file.delete(save=False)
            ImportBatch.objects.filter(pk=batch.pk).delete()
