"""Registry demo data: a realistic P3KE file imported through the real pipeline, plus hand-entered workers."""

import datetime
import tempfile
from pathlib import Path

from jaring.accounts.models import User

from .models import ImportBatch, Worker
from .samples import write_csv
from .services import import_batch_create, import_batch_run, worker_create

DEMO_ROWS = 3000


def load_registry_demo() -> None:
    """Idempotent: imports the sample file once (about 2% of its rows carry defects), then adds workers by hand."""
    operator = User.objects.filter(username="operator").first()
    if not ImportBatch.objects.filter(file_name="demo-p3ke-jaksel.csv").exists():
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "demo-p3ke-jaksel.csv"
            write_csv(path, DEMO_ROWS, seed=2025, defect_rate=0.02)
            batch = import_batch_create(
                uploaded_by=operator, source="p3ke", file_name=path.name, data=path.read_bytes(), enqueue=False
            )
        import_batch_run(batch_id=batch.pk)
    officer = User.objects.filter(username="kel.rawajati").first()
    if officer and not Worker.objects.filter(nik="3174085506850009").exists():
        from jaring.wilayah.models import Kelurahan

        rawajati = Kelurahan.objects.get(kode="31.74.08.1003")
        worker_create(
            acting_user=officer,
            nik="3174085506850009",
            name="DEWI LESTARI",
            kelurahan=rawajati,
            sex="P",
            birth_date=datetime.date(1985, 6, 15),
            occupation="PEDAGANG KAKI LIMA",
            phone="081234567890",
            p3ke_decile=1,
        )
        # A second entry of the same person under a mistyped NIK: it lands in the duplicate review queue.
        worker_create(
            acting_user=officer,
            nik="3174085506850019",
            name="DEWI LESTARI",
            kelurahan=rawajati,
            sex="P",
            birth_date=datetime.date(1985, 6, 15),
            occupation="PEDAGANG KAKI LIMA",
        )
