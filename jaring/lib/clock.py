"""The one way Jaring learns "today" and "now".

Services, forms, templates (the ``today`` context variable) and PDFs ask this module, never
``datetime.date.today()``: it answers in the configured time zone (Asia/Jakarta), so a date typed in a form and
the date a service checks it against are the same day. Tests move the clock for all of them at once with
``time-machine`` (``JARING_TEST_TODAY`` in ``make test``), never by patching one module's helper.
"""

from __future__ import annotations

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    """The current moment, timezone-aware (UTC)."""
    return timezone.now()


def today() -> datetime.date:
    """Today's date in the configured time zone."""
    return timezone.localdate()


def this_month() -> datetime.date:
    """The first day of the current month."""
    return today().replace(day=1)
