"""The waiting list sorts only the deciles a page reaches; the order must still be the allocation order."""

import pytest

from jaring.coverage import selectors
from jaring.coverage.tests.factories import make_worker
from jaring.wilayah.models import Kelurahan

pytestmark = pytest.mark.django_db


def test_pages_walk_the_deciles_in_allocation_order_and_counts_match(users):
    poorest = [make_worker(p3ke_decile=1) for _ in range(2)]
    middle = [make_worker("Kalibata", p3ke_decile=3) for _ in range(2)]
    richer = [make_worker("Kalibata", p3ke_decile=4)]
    make_worker(p3ke_decile=1, deceased=True)  # not eligible: never listed

    everyone = selectors.waiting_page(users["operator"], limit=10)
    assert {w.pk for w in everyone.workers} == {w.pk for w in poorest + middle + richer}
    assert [w.decile for w in everyone.workers] == [1, 1, 3, 3, 4]
    assert not everyone.has_more

    pages = [selectors.waiting_page(users["operator"], offset=i, limit=1).workers[0].pk for i in range(5)]
    assert pages == [w.pk for w in everyone.workers]  # page by page, the same order as in one page

    counts = {row["kelurahan"]: row for row in everyone.counts}
    assert (counts["Rawajati"]["base"], counts["Rawajati"]["waiting"], counts["Rawajati"]["waiting_d1"]) == (2, 2, 2)
    assert (counts["Kalibata"]["base"], counts["Kalibata"]["waiting"], counts["Kalibata"]["waiting_d1"]) == (3, 3, 0)


def test_the_kelurahan_officer_sees_only_their_kelurahan(users):
    make_worker(p3ke_decile=1)
    make_worker("Kalibata", p3ke_decile=1)
    page = selectors.waiting_page(users["kelurahan"], limit=10)
    assert {w.kelurahan.nama for w in page.workers} == {"Rawajati"}
    assert [row["kelurahan"] for row in page.counts] == ["Rawajati"]
    kalibata = Kelurahan.objects.get(nama="Kalibata").pk
    assert selectors.waiting_page(users["sponsor"], kelurahan_id=kalibata).workers == []


def test_asking_for_another_kelurahan_by_id_shows_nothing(users, client_for):
    make_worker("Kalibata", p3ke_decile=1, name="PEKERJA KALIBATA")
    kalibata = Kelurahan.objects.get(nama="Kalibata").pk
    assert selectors.waiting_page(users["kelurahan"], kelurahan_id=kalibata).workers == []
    page = client_for(users["kelurahan"]).get(f"/cakupan/daftar-tunggu/?kelurahan={kalibata}").content.decode()
    assert "PEKERJA KALIBATA" not in page
    operator_page = client_for(users["operator"]).get(f"/cakupan/daftar-tunggu/?kelurahan={kalibata}")
    assert "PEKERJA KALIBATA" in operator_page.content.decode()
