"""Hand-built workers and pledges for coverage tests (created directly: the registry's import is not needed)."""

import datetime
import itertools

from jaring.conftest import make_sponsor
from jaring.lib.dates import add_months, first_of_month
from jaring.registry.models import Worker
from jaring.sponsors.models import Pledge
from jaring.wilayah.models import Kelurahan

_serial = itertools.count(1)
NEXT_MONTH = add_months(first_of_month(datetime.date.today()), 1)


def make_worker(kelurahan="Rawajati", **extra) -> Worker:
    n = next(_serial)
    values = {
        "nik": f"3174{n:012d}",
        "name": f"PEKERJA UJI {n}",
        "birth_date": datetime.date(1985, 6, 15),
        "occupation": "PEDAGANG KAKI LIMA",
        "sex": "L",
        "p3ke_decile": 2,
    }
    values.update(extra)
    if isinstance(kelurahan, str):
        kelurahan = Kelurahan.objects.get(nama=kelurahan)
    return Worker.objects.create(kelurahan=kelurahan, **values)


def make_pledge(sponsor=None, *, workers=2, months=12, start_month=None, status=Pledge.Status.APPROVED, **extra):
    kecamatan = extra.pop("kecamatan", [])
    kelurahan = extra.pop("kelurahan", [])
    pledge = Pledge.objects.create(
        sponsor=sponsor or make_sponsor(),
        fund_type=extra.pop("fund_type", Pledge.FundType.CSR),
        workers=workers,
        months=months,
        start_month=start_month or NEXT_MONTH,
        status=status,
        **extra,
    )
    pledge.kecamatan.set(kecamatan)
    pledge.kelurahan.set(kelurahan)
    return pledge
