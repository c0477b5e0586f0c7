"""Eligibility: every rule in SQL and in plain words agree, every ineligible worker has a readable reason,
rule versions, and the screening counts per rule and per kelurahan."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from jaring.coverage import selectors, services
from jaring.coverage.models import Coverage, RuleSet
from jaring.registry.models import Verification, Worker
from jaring.sponsors.models import Pledge

from .factories import NEXT_MONTH, make_pledge, make_worker

pytestmark = pytest.mark.django_db


def years_before(day, years):
    return day.replace(year=day.year - years)


@pytest.fixture
def zoo(db):
    """One eligible worker and one failing each rule."""
    ok = make_worker(name="LAYAK")
    other = make_worker(name="INDUK")
    covered = make_worker(name="SUDAH DIBIAYAI")
    Coverage.objects.create(
        worker=covered, pledge=make_pledge(), ruleset=selectors.ruleset_active(), kelurahan=covered.kelurahan,
        first_month=NEXT_MONTH, last_month=NEXT_MONTH, status="approved", rank=1,
    )  # fmt: skip
    return {
        "ok": ok,
        "age": make_worker(birth_date=years_before(NEXT_MONTH, 67)),
        "young": make_worker(birth_date=years_before(NEXT_MONTH, 17)),
        "no_birth": make_worker(birth_date=None),
        "occupation": make_worker(occupation="Pelajar/Mahasiswa"),
        "no_occupation": make_worker(occupation=""),
        "poverty": make_worker(p3ke_decile=None, dtsen_decile=7),
        "unlisted": make_worker(p3ke_decile=None),
        "deceased": make_worker(deceased=True),
        "dukcapil": make_worker(dukcapil_match=False),
        "review": make_worker(verification=Verification.NEEDS_REVIEW),
        "bpjs": make_worker(bpjs_active=True),
        "apbd": make_worker(apbd_funded=True),
        "merged": make_worker(merged_into=other),
        "covered": covered,
        "area": make_worker(kelurahan=Worker.objects.get(pk=ok.pk).kelurahan),
    }


def test_sql_and_plain_words_agree_and_every_ineligible_worker_has_a_reason(zoo):
    # a kelurahan id that is not in Jakarta Selatan's reference data (the column has no database constraint)
    Worker.objects.filter(pk=zoo["area"].pk).update(kelurahan_id=999_999)
    ruleset = selectors.ruleset_active()
    period = selectors.Period.of(NEXT_MONTH, 12)
    annotated = {w.pk: w for w in selectors.eligibility_annotate(Worker.objects.all(), ruleset=ruleset, period=period)}
    expected_failure = {
        "age": "age", "young": "age", "no_birth": "age", "occupation": "occupation", "no_occupation": "occupation",
        "poverty": "poverty", "unlisted": "poverty", "deceased": "identity", "dukcapil": "identity",
        "review": "identity", "bpjs": "not_funded", "apbd": "not_funded", "merged": "not_merged",
        "covered": "not_covered", "area": "area",
    }  # fmt: skip
    for key, worker in zoo.items():
        worker = Worker.objects.get(pk=worker.pk)
        row = annotated[worker.pk]
        explanation = selectors.explain_worker(worker, ruleset=ruleset, period=period)
        sql_failed = {code for code in selectors.RULE_CODES if not getattr(row, f"ok_{code}")}
        words_failed = {r.code for r in explanation.results if not r.passed}
        assert sql_failed == words_failed, key
        assert row.eligible == explanation.eligible == (key == "ok"), key
        if key != "ok":
            assert expected_failure[key] in sql_failed, key
            assert explanation.reasons and all(len(reason) > 15 for reason in explanation.reasons), key


def test_reasons_read_like_sentences(zoo):
    reasons = selectors.explain_worker(zoo["age"]).reasons
    assert reasons == [f"Usia 67 tahun pada bulan pertama ({selectors.month_label(NEXT_MONTH)}), di atas batas 65."]
    assert "Pelajar/Mahasiswa" in selectors.explain_worker(zoo["occupation"]).reasons[0]
    assert "meninggal" in selectors.explain_worker(zoo["deceased"]).reasons[0]
    assert "Sudah dibiayai pada periode ini" in selectors.explain_worker(zoo["covered"]).reasons[0]
    assert "APBD" in selectors.explain_worker(zoo["apbd"]).reasons[0]


def test_screening_counts_per_rule_and_per_kelurahan(users, zoo):
    screening = services.screening_run(acting_user=users["operator"], first_month=NEXT_MONTH, months=12)
    assert screening.total == Worker.objects.count()
    assert screening.eligible == 3  # "ok", the merge target "INDUK" and "area" (still in Rawajati here)
    assert screening.rule_counts["age"] == 3
    assert screening.rule_counts["identity"] == 3
    assert screening.rule_counts["not_covered"] == 1
    rawajati = next(k for k in screening.kelurahan_counts if k["kelurahan"] == "Rawajati")
    assert rawajati["eligible"] == 3 and rawajati["fails"]["poverty"] == 2
    assert screening.ruleset.version == 1


def test_editing_rules_creates_a_new_active_version(users):
    worker = make_worker(birth_date=years_before(NEXT_MONTH, 67))
    assert not selectors.explain_worker(worker).eligible
    with pytest.raises(PermissionDenied):
        services.ruleset_update(acting_user=users["operator"], age_max=70)
    new = services.ruleset_update(acting_user=users["admin"], age_max=70, note="uji")
    assert (new.version, new.is_active) == (2, True)
    assert list(RuleSet.objects.filter(is_active=True)) == [new]
    assert RuleSet.objects.get(version=1).age_max == 65
    assert selectors.explain_worker(worker).eligible


def test_dtks_and_zakat_settings_are_respected(users):
    dtks = make_worker(p3ke_decile=None, in_dtks=True)
    assert selectors.explain_worker(dtks).eligible
    services.ruleset_update(acting_user=users["admin"], count_dtks=False)
    assert "Tidak cukup miskin" in selectors.explain_worker(dtks).reasons[0]
    three = make_worker(p3ke_decile=3)
    services.ruleset_update(acting_user=users["admin"], zakat_p3ke_max_decile=3)
    allocation = services.allocation_propose(
        pledge=make_pledge(workers=1, fund_type=Pledge.FundType.ZAKAT), acting_user=users["operator"]
    )
    assert Coverage.objects.get(allocation=allocation).worker == three


def test_age_is_measured_at_the_first_covered_month():
    born = datetime.date(NEXT_MONTH.year - 65, NEXT_MONTH.month, 1) + datetime.timedelta(days=14)
    worker = make_worker(birth_date=born)  # 64 at the first month, 65 two weeks later
    assert selectors.explain_worker(worker, period=selectors.Period.of(NEXT_MONTH, 12)).eligible
