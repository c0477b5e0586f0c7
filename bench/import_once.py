"""One import in a fresh process (so peak memory is this import's own). Prints a JSON line.

DATABASE_URL=... python bench/import_once.py FILE SOURCE
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from jaring.registry.services import import_batch_create, import_batch_run  # noqa: E402


def main(path: str, source: str) -> None:
    started = time.perf_counter()
    data = Path(path).read_bytes()
    batch = import_batch_create(uploaded_by=None, source=source, file_name=Path(path).name, data=data, enqueue=False)
    del data
    batch = import_batch_run(batch_id=batch.pk)
    wall = time.perf_counter() - started
    print(
        json.dumps(
            {
                "status": batch.status,
                "error": batch.error,
                "wall_s": round(wall, 2),
                "rows": batch.total_rows,
                "created": batch.created_count,
                "updated": batch.updated_count,
                "unchanged": batch.unchanged_count,
                "rejected": batch.rejected_count,
                "flagged": batch.flagged_count,
                "seen_before": batch.seen_before_id is not None,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
