"""Imports: every row's fate, atomicity, idempotence, file formats."""

import io

import polars as pl
import pytest
import xlsxwriter

from jaring.registry.imports import load as load_module
from jaring.registry.models import (
    DuplicateCandidate,
    ImportBatch,
    ImportIssue,
    Verification,
    Worker,
    WorkerChange,
    WorkerSource,
)
from jaring.registry.services import import_batch_create, import_batch_run

pytestmark = pytest.mark.django_db(transaction=False)

P3KE_HEADER = (
    "id_keluarga_p3ke;provinsi;kabupaten_kota;kecamatan;desa_kelurahan;kode_kemdagri;desil_kesejahteraan;alamat;"
    "id_individu;nama;nik;padan_dukcapil;jenis_kelamin;tanggal_lahir;pekerjaan"
)
# Each row: (row values, expected outcome, expected reason code or "")
ROWS = [
    ("F1;DKI;JAKSEL;PANCORAN;RAWAJATI;3174081003;1;JL. A;I1;SITI AMINAH;3174084506850001;YA;P;05/06/1985;PEDAGANG",
     "created", ""),
    ("F2;DKI;JAKSEL;SETIABUDI;SETIABUDI;;2;JL. B;I2;  BUDI   SANTOSO ;3174021208790002;YA;LAKI-LAKI;12-08-1979;"
     "OJEK ONLINE", "created", ""),
    ("F3;DKI;JAKSEL;TEBET;TEBET TIMUR;3174011001;3;JL. C;I3;RINA;3.17401E+15;YA;P;01/01/1990;BURUH", "rejected",
     "nik_excel"),
    ("F4;DKI;JAKSEL;TEBET;TEBET TIMUR;3174011001;3;JL. C;I4;RUDI;3174010101900000.0;YA;L;01/01/1990;BURUH",
     "rejected", "nik_excel"),
    ("F5;DKI;JAKSEL;TEBET;TEBET TIMUR;3174011001;3;JL. C;I5;DODI;31740101019;YA;L;01/01/1990;BURUH", "rejected",
     "nik_format"),
    ("F6;DKI;JAKSEL;TEBET;TEBET TIMUR;3174011001;3;JL. C;I6;EDI;9974010101900003;YA;L;01/01/1990;BURUH",
     "rejected", "nik_region"),
    ("F7;DKI;JAKSEL;TEBET;TEBET TIMUR;3174011001;3;JL. C;I7;FANI;3174013213900004;YA;P;32/13/1990;BURUH",
     "rejected", "nik_date"),
    ("F8;DKI;JAKSEL;TEBET;TEBET TIMUR;3174011001;3;JL. C;I8;GINA;3174084506850001;YA;P;05/06/1985;BURUH",
     "rejected", "nik_duplicate"),
    ("F9;DKI;JAKSEL;TEBET;TEBET TIMUR;3174011001;3;JL. C;I9;   ;3174010505800005;YA;L;05/05/1980;BURUH",
     "rejected", "name_missing"),
    ("F10;DKI;JAKPUS;MENTENG;MENTENG;3171011001;3;JL. C;I10;HANI;3174014505800006;YA;P;05/05/1980;BURUH",
     "rejected", "kelurahan_unknown"),
    ("F11;DKI;JAKSEL;TEBET;TEBET TIMUR;3174011001;7;JL. C;I11;IWAN;3174010505800007;YA;L;05/05/1980;BURUH",
     "rejected", "decile_range"),
    ("F12;DKI;JAKSEL;TEBET;TEBET TIMUR;3174011001;2;JL. C;I12;JOKO;3174010505800008;YA;L;05/05/1981;BURUH",
     "flagged", "birth_date_mismatch"),
    ("F13;DKI;JAKSEL;TEBET;TEBET TIMUR;3174011001;2;JL. C;I13;KIKI;3174010505800009;YA;P;05/05/1980;BURUH",
     "flagged", "sex_mismatch"),
    ("F14;DKI;JAKSEL;TEBET;TEBET TIMUR;3174011001;2;JL. C;I14;LALA;3174014505800011;YA;P;31/02/1980;BURUH",
     "flagged", "birth_date_invalid"),
    ("F15;DKI;JAKSEL;PESANGGRAHAN;ULU JAMI;;4;JL. D;I15;MAMAN;3174100101700012;TIDAK;L;25569;PEMULUNG",
     "created", ""),
    ("F16;DKI;JAKSEL;TEBET;;;2;JL. C;I16;NANA;3174014505800013;YA;P;05/05/1980;BURUH", "rejected",
     "kelurahan_missing"),
]  # fmt: skip


def p3ke_csv(rows=ROWS, encoding="utf-8-sig", separator=";") -> bytes:
    lines = [P3KE_HEADER] + [r[0] for r in rows]
    text = "\r\n".join(line.replace(";", separator) for line in lines) + "\r\n"
    return text.encode(encoding)


def run(data: bytes, name="p3ke.csv", source="p3ke", user=None) -> ImportBatch:
    batch = import_batch_create(uploaded_by=user, source=source, file_name=name, data=data, enqueue=False)
    return import_batch_run(batch_id=batch.pk)


def test_every_row_of_a_file_with_every_defect_meets_exactly_its_fate():
    batch = run(p3ke_csv())
    assert batch.status == ImportBatch.Status.DONE, batch.error
    issues = {i.row_number: i for i in ImportIssue.objects.filter(batch=batch)}
    for row_number, (_values, outcome, code) in enumerate(ROWS, start=1):
        issue = issues.get(row_number)
        if outcome == "created":
            assert issue is None, (row_number, issue.reasons if issue else None)
        else:
            assert issue is not None, row_number
            assert issue.outcome == outcome, (row_number, issue.outcome, issue.reasons)
            assert code in issue.codes.split(","), (row_number, issue.codes)
    expected_loaded = sum(1 for r in ROWS if r[1] in {"created", "flagged"})
    assert Worker.objects.count() == expected_loaded
    assert (batch.total_rows, batch.created_count, batch.rejected_count, batch.flagged_count) == (
        len(ROWS),
        expected_loaded,
        sum(1 for r in ROWS if r[1] == "rejected"),
        3,
    )


def test_messages_explain_the_problem_in_indonesian():
    batch = run(p3ke_csv())
    reasons = dict(ImportIssue.objects.filter(batch=batch).values_list("row_number", "reasons"))
    assert "rusak oleh Excel" in reasons[3] and "Format kolom NIK sebagai Teks" in reasons[3]
    assert reasons[5] == "NIK “31740101019” harus 16 angka."
    assert "sudah ada di baris 1" in reasons[8]
    assert "Kelurahan “MENTENG / 3171011001” tidak dikenal atau di luar Jakarta Selatan." in reasons[10]
    assert "Desil P3KE harus 1 sampai 4 (tertulis “7”)" in reasons[11]
    assert "tidak sama dengan tanggal di NIK" in reasons[12]


def test_loaded_values_are_cleaned_and_flagged_rows_need_verification():
    run(p3ke_csv())
    budi = Worker.objects.get(nik="3174021208790002")
    assert budi.name == "BUDI SANTOSO"
    assert budi.kelurahan.nama == "Setia Budi"  # from the name "SETIABUDI", no code given
    assert budi.sex == "L" and budi.birth_date.isoformat() == "1979-08-12"
    maman = Worker.objects.get(nik="3174100101700012")
    assert maman.kelurahan.nama == "Ulujami"
    assert maman.birth_date.isoformat() == "1970-01-01"  # Excel serial 25569
    assert maman.dukcapil_match is False
    assert maman.p3ke_decile == 4
    joko = Worker.objects.get(nik="3174010505800008")
    assert joko.verification == Verification.NEEDS_REVIEW
    assert "tidak sama dengan tanggal di NIK" in joko.review_reasons
    lala = Worker.objects.get(nik="3174014505800011")
    assert lala.birth_date.isoformat() == "1980-05-05"  # unreadable date replaced by the NIK's
    source = WorkerSource.objects.get(worker=budi)
    assert (source.source, source.family_id, source.person_id, source.decile, source.row_number) == (
        "p3ke",
        "F2",
        "I2",
        2,
        2,
    )


def test_importing_the_same_file_twice_changes_nothing_and_says_so():
    first = run(p3ke_csv())
    before = list(Worker.objects.order_by("nik").values())
    second = run(p3ke_csv())
    assert second.seen_before == first
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, first.created_count)
    assert list(Worker.objects.order_by("nik").values()) == before
    assert not WorkerChange.objects.exists()


def test_a_changed_row_is_updated_with_its_history():
    run(p3ke_csv())
    changed = [(ROWS[0][0].replace("PEDAGANG", "OJEK ONLINE").replace(";1;JL. A", ";2;JL. A"), "updated", "")] + ROWS[
        1:2
    ]
    batch = run(p3ke_csv(changed))
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (0, 1, 1)
    siti = Worker.objects.get(nik="3174084506850001")
    assert (siti.occupation, siti.p3ke_decile) == ("OJEK ONLINE", 2)
    change = WorkerChange.objects.get(worker=siti)
    assert change.batch == batch
    assert change.changes["occupation"] == ["PEDAGANG", "OJEK ONLINE"]
    assert change.changes["p3ke_decile"] == [1, 2]


def test_the_same_nik_from_another_source_is_one_worker_with_two_sources():
    run(p3ke_csv(ROWS[:1]))
    dtks = (
        "id_dtks;id_art;nama_krt;nik_art;nama_art;alamat;kelurahan\r\n"
        "D1;A1;X;3174084506850001;SITI AMINAH;JL. A;Rawa Jati\r\n"
    )
    batch = run(dtks.encode(), name="dtks.csv", source="dtks")
    assert batch.status == "done", batch.error
    siti = Worker.objects.get(nik="3174084506850001")
    assert siti.in_dtks is True
    assert set(siti.sources.values_list("source", flat=True)) == {"p3ke", "dtks"}
    assert Worker.objects.count() == 1


def test_a_crash_in_the_middle_of_a_load_leaves_the_registry_exactly_as_it_was(monkeypatch):
    run(p3ke_csv(ROWS[:1]))
    before = list(Worker.objects.order_by("nik").values())
    sources_before = WorkerSource.objects.count()

    def explode(*args, **kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(load_module, "_write_issues", explode)  # after workers and sources were written
    batch = run(p3ke_csv())
    assert batch.status == ImportBatch.Status.FAILED
    assert "Registri tidak berubah" in batch.error
    assert list(Worker.objects.order_by("nik").values()) == before
    assert WorkerSource.objects.count() == sources_before
    assert not ImportIssue.objects.filter(batch=batch).exists()
    monkeypatch.undo()
    from jaring.registry.services import import_batch_restart

    import_batch_restart(batch=batch, acting_user=None)
    batch = import_batch_run(batch_id=batch.pk)
    assert batch.status == ImportBatch.Status.DONE
    assert Worker.objects.count() == 6


def test_a_cancel_before_the_load_commits_leaves_nothing(monkeypatch):
    real = load_module._write_issues

    def cancel_midway(cursor, staged, batch_id):
        ImportBatch.objects.filter(pk=batch_id).update(cancel_requested=True)
        real(cursor, staged, batch_id)

    monkeypatch.setattr(load_module, "_write_issues", cancel_midway)
    batch = run(p3ke_csv())
    assert batch.status == ImportBatch.Status.CANCELLED
    assert not Worker.objects.exists()


def test_windows_1252_tab_separated_and_header_synonyms():
    text = (
        "No. NIK\tNama Lengkap\tTgl Lahir\tJK\tKelurahan\tDesil\r\n"
        "3174084506850001\tSITI NURAÉNI\t1985-06-05\tP\tKel. Rawa Jati\t2\r\n"
    )
    batch = run(text.encode("cp1252"), name="dtsen.txt", source="dtsen")
    assert batch.status == "done", batch.error
    worker = Worker.objects.get()
    assert worker.name == "SITI NURAÉNI"
    assert worker.dtsen_decile == 2


def xlsx_bytes(rows) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, float | int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    workbook.close()
    return buffer.getvalue()


def test_xlsx_with_a_nik_stored_as_a_number_is_rejected_as_damaged_by_excel():
    data = xlsx_bytes(
        [
            ["nik", "nama", "kelurahan", "tanggal_lahir", "desil_p3ke"],
            ["3174084506850001", "SITI", "Rawajati", "05/06/1985", "1"],
            [3174084506850000.0, "RUDI", "Rawajati", "05/06/1985", "1"],
        ]
    )
    batch = run(data, name="templat.xlsx", source="template")
    assert batch.status == "done", batch.error
    issue = ImportIssue.objects.get(batch=batch)
    assert (issue.row_number, issue.outcome, issue.codes) == (2, "rejected", "nik_excel")
    assert Worker.objects.get().nik == "3174084506850001"


def test_a_whole_column_rounded_by_excel_is_recognised():
    rows = [
        (f"F;D;J;K;RAWAJATI;3174081003;1;A;I;ORANG {i};3174080101{80 + i % 10:02d}00{i % 10}0;YA;L;;X", "", "")
        for i in range(30)
    ]
    batch = run(p3ke_csv(rows))
    assert batch.rejected_count == 30
    assert set(ImportIssue.objects.filter(batch=batch).values_list("codes", flat=True)) == {"nik_excel"}


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "kosong.csv", "Berkas kosong."),
        (b"nik nama\n123 x\n", "x.csv", "pemisah kolom"),
        (b"not a zip", "x.xlsx", "bukan berkas Excel"),
        (b"nik;nama\n", "x.csv", "tidak berisi baris data"),
    ],
)
def test_a_file_that_cannot_be_read_fails_with_a_clear_message(data, name, message):
    if not data:
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError, match=message):
            run(data, name=name)
        return
    batch = run(data, name=name)
    assert batch.status == ImportBatch.Status.FAILED
    assert message in batch.error
    assert not Worker.objects.exists()


def test_likely_duplicates_with_different_niks_go_to_the_review_queue():
    rows = [
        ("F;D;J;K;RAWAJATI;3174081003;1;A;I;ANI;3174084506850001;YA;P;05/06/1985;X", "", ""),
        ("F;D;J;K;RAWAJATI;3174081003;1;A;I;ANI;3174084506850002;YA;P;05/06/1985;X", "", ""),
        ("F;D;J;K;BINTARO;3174101002;1;A;I;ANI;3174084506850003;YA;P;05/06/1985;X", "", ""),
    ]
    run(p3ke_csv(rows))
    pairs = list(DuplicateCandidate.objects.values_list("worker_a__nik", "worker_b__nik", "reason"))
    assert pairs == [("3174084506850001", "3174084506850002", "name_dob")]
    run(p3ke_csv(rows))  # nothing new
    assert DuplicateCandidate.objects.count() == 1


def test_the_generator_file_matches_its_expected_fates_row_by_row(tmp_path):
    from jaring.registry.samples import write_csv

    path = tmp_path / "p3ke.csv"
    expected = write_csv(path, 3000, seed=7, defect_rate=0.1)
    batch = run(path.read_bytes())
    issues = {i.row_number: i for i in ImportIssue.objects.filter(batch=batch)}
    assert set(issues) == {e.row_number for e in expected}
    for e in expected:
        assert issues[e.row_number].outcome == e.outcome
        assert e.code in issues[e.row_number].codes.split(",")
    assert batch.created_count == 3000 - batch.rejected_count


def test_vectorised_nik_rules_agree_with_python_stdnum():
    import random

    from stdnum.id import nik as stdnum_nik

    from jaring.registry.imports.reader import RawTable
    from jaring.registry.imports.validate import validate
    from jaring.wilayah.lookup import KelurahanLookup

    rng = random.Random(3)
    niks = [
        f"{rng.choice(['31', '32', '99', '11', '20', '94'])}{rng.randint(0, 9999):04d}{rng.randint(0, 79):02d}"
        f"{rng.randint(0, 13):02d}{rng.randint(0, 99):02d}{rng.randint(1, 9999):04d}"
        for _ in range(3000)
    ]
    niks = [n[:-1] + "7" for n in dict.fromkeys(niks)]  # unique and never looking rounded
    frame = pl.DataFrame({"nik": niks, "name": ["X"] * len(niks), "kelurahan": ["Rawajati"] * len(niks)})
    frame = frame.with_row_index("row_number", offset=1).with_columns(pl.col("row_number").cast(pl.Int64))
    staged = validate(RawTable(frame=frame, headers=[], mapping={}, original=frame), "dtsen", KelurahanLookup.from_db())
    accepted = set(staged.accepted["nik"].to_list())
    for nik in niks:
        assert (nik in accepted) == stdnum_nik.is_valid(nik), nik


def test_the_command_line_import_reports_the_outcome(tmp_path):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "p3ke.csv"
    path.write_bytes(p3ke_csv())
    out = StringIO()
    call_command("import_workers", str(path), "--source", "p3ke", stdout=out)
    assert "16 baris; 6 dibuat, 0 diperbarui, 0 tidak berubah, 10 ditolak, 3 perlu verifikasi" in out.getvalue()
    again = StringIO()
    call_command("import_workers", str(path), "--source", "p3ke", stdout=again)
    assert "pernah diimpor" in again.getvalue() and "0 dibuat" in again.getvalue()
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_workers", str(tmp_path / "tidak-ada.csv"), "--source", "p3ke")


def test_a_file_on_disk_is_read_from_its_path_with_the_same_outcome(tmp_path):
    from jaring.registry.imports.reader import read_table
    from jaring.registry.imports.validate import validate
    from jaring.registry.samples import write_csv
    from jaring.wilayah.lookup import KelurahanLookup

    path = tmp_path / "p3ke.csv"
    write_csv(path, 600, seed=5, defect_rate=0.1)
    assert path.stat().st_size > 65536  # large enough for the streaming path
    lookup = KelurahanLookup.from_db()
    from_path = validate(read_table(None, "p3ke.csv", path=str(path)), "p3ke", lookup)
    from_bytes = validate(read_table(path.read_bytes(), "p3ke.csv"), "p3ke", lookup)
    assert from_path.accepted.sort("row_number").equals(from_bytes.accepted.sort("row_number"))
    assert from_path.issues.equals(from_bytes.issues)
    assert from_path.originals.equals(from_bytes.originals)
    assert from_path.originals.columns[0] == "row_number" and "usia_22_59" in from_path.originals.columns

    cp1252 = tmp_path / "dtks.csv"
    cp1252.write_bytes(path.read_bytes().decode("utf-8-sig").replace("SITI", "SITÍ").encode("cp1252"))
    legacy = validate(read_table(None, "dtks.csv", path=str(cp1252)), "p3ke", lookup)
    assert legacy.total == 600 and legacy.rejected == from_path.rejected


def test_row_checks_in_slices_give_the_same_fates_including_duplicates_across_slices(tmp_path, monkeypatch):
    from jaring.registry.imports import validate as validate_module

    monkeypatch.setattr(validate_module, "SLICE_ROWS", 7)
    monkeypatch.setattr(validate_module, "FIRST_SLICE_ROWS", 3)  # rows 1-3, 4-10 and 11-16
    batch = run(p3ke_csv())
    issues = {i.row_number: i for i in ImportIssue.objects.filter(batch=batch)}
    assert issues[8].codes.split(",")[0] == "nik_duplicate"  # its first occurrence, row 1, is in another slice
    assert "sudah ada di baris 1" in issues[8].reasons
    assert {n: i.outcome for n, i in issues.items()} == {
        n: outcome for n, (_v, outcome, _c) in enumerate(ROWS, start=1) if outcome != "created"
    }
    assert batch.created_count == 6


def test_a_mixed_file_creates_updates_and_leaves_alone_row_by_row_across_slices(monkeypatch):
    """New, changed and unchanged rows in one file, spread over slices: each row's worker and source record end
    exactly as the file says, and only changed workers get history."""
    from jaring.registry.imports import validate as validate_module

    run(p3ke_csv(ROWS[:2]))  # SITI and BUDI exist
    siti = Worker.objects.get(nik="3174084506850001")
    budi = Worker.objects.get(nik="3174021208790002")
    budi_source_stamp = WorkerSource.objects.get(worker=budi).updated_at
    monkeypatch.setattr(validate_module, "SLICE_ROWS", 2)
    rows = [
        # SITI: another occupation and family id -> updated, source record updated
        (ROWS[0][0].replace("PEDAGANG", "BURUH CUCI").replace("F1;", "F1-BARU;"), "updated", ""),
        ROWS[1],  # BUDI: unchanged, his source record untouched
        ROWS[14],  # MAMAN: new
        ("F20;DKI;JAKSEL;TEBET;TEBET TIMUR;3174011001;2;JL. E;I20;OKI;3174010505800020;YA;L;05/05/1980;SUPIR",
         "created", ""),
    ]  # fmt: skip
    batch = run(p3ke_csv(rows))
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (2, 1, 1)
    siti.refresh_from_db()
    assert siti.occupation == "BURUH CUCI"
    assert WorkerSource.objects.get(worker=siti).family_id == "F1-BARU"
    assert WorkerSource.objects.get(worker=siti).batch == batch
    assert WorkerSource.objects.get(worker=budi).updated_at == budi_source_stamp
    assert list(WorkerChange.objects.values_list("worker__nik", "changes")) == [
        ("3174084506850001", {"occupation": ["PEDAGANG", "BURUH CUCI"]})
    ]
    maman = Worker.objects.get(nik="3174100101700012")
    oki = Worker.objects.get(nik="3174010505800020")
    assert (maman.created_batch, oki.created_batch) == (batch, batch)
    assert maman.sources.get().row_number == 3 and oki.sources.get().row_number == 4
    assert Worker.objects.count() == 4 and WorkerSource.objects.count() == 4


def test_new_workers_take_ids_after_those_added_by_hand():
    """Ids of imported workers come from the table's own sequence: a worker added through the form before or
    after an import never collides with them."""
    from jaring.registry.services import worker_create
    from jaring.wilayah.models import Kelurahan

    rawajati = Kelurahan.objects.get(kode="31.74.08.1003")
    hand = worker_create(acting_user=None, nik="3174014505800099", name="TANGAN", kelurahan=rawajati)
    batch = run(p3ke_csv())
    assert batch.created_count == 6
    later = worker_create(acting_user=None, nik="3174014505800098", name="SESUDAH", kelurahan=rawajati)
    ids = list(Worker.objects.values_list("id", flat=True))
    assert len(ids) == len(set(ids)) == 8
    assert min(w.id for w in Worker.objects.filter(created_batch=batch)) > hand.id
    assert later.id > max(w.id for w in Worker.objects.filter(created_batch=batch))


def test_a_new_worker_who_looks_like_a_stored_one_goes_to_the_review_queue():
    existing = [("F;D;J;K;RAWAJATI;3174081003;1;A;I;ANI;3174084506850001;YA;P;05/06/1985;X", "", "")]
    run(p3ke_csv(existing))
    assert not DuplicateCandidate.objects.exists()
    newcomer = [("F;D;J;K;RAWAJATI;3174081003;1;A;I;ANI;3174084506850002;YA;P;05/06/1985;X", "", "")]
    batch = run(p3ke_csv(newcomer))
    assert batch.created_count == 1
    assert list(DuplicateCandidate.objects.values_list("worker_a__nik", "worker_b__nik", "reason")) == [
        ("3174084506850001", "3174084506850002", "name_dob")
    ]
    # A stored worker whose changed name now matches another one is queued as well.
    other = [("F;D;J;K;RAWAJATI;3174081003;1;A;I;BUDI;3174084506850003;YA;P;05/06/1985;X", "", "")]
    run(p3ke_csv(other))
    renamed = [("F;D;J;K;RAWAJATI;3174081003;1;A;I;ANI;3174084506850003;YA;P;05/06/1985;X", "", "")]
    batch = run(p3ke_csv(renamed))
    assert batch.updated_count == 1
    assert set(DuplicateCandidate.objects.values_list("worker_a__nik", "worker_b__nik")) == {
        ("3174084506850001", "3174084506850002"),
        ("3174084506850001", "3174084506850003"),
        ("3174084506850002", "3174084506850003"),
    }


def test_a_failure_after_some_slices_were_written_leaves_nothing_behind(monkeypatch):
    """The load writes slice by slice; a failure in a later slice rolls back the earlier ones too."""
    from jaring.registry.imports import validate as validate_module

    monkeypatch.setattr(validate_module, "SLICE_ROWS", 4)
    monkeypatch.setattr(validate_module, "FIRST_SLICE_ROWS", 4)
    real_slice = validate_module.Validator.slice
    checked = []

    def slice_then_fail(self, offset, length=4):
        checked.append(offset)
        if offset >= 8:
            raise RuntimeError("worker killed")
        return real_slice(self, offset, length)

    monkeypatch.setattr(validate_module.Validator, "slice", slice_then_fail)
    batch = run(p3ke_csv())
    assert checked[:3] == [0, 4, 8]  # two slices were checked (and written) before the failure
    assert batch.status == ImportBatch.Status.FAILED
    assert not Worker.objects.exists() and not WorkerSource.objects.exists()
    assert not ImportIssue.objects.filter(batch=batch).exists()


def test_a_template_file_fills_every_decile_and_keeps_the_source_records_apart():
    """A DTSEN row creates the worker; a Jaring template row for the same NIK adds its P3KE decile, the DTKS
    mark and a second source record whose decile is the template's P3KE decile."""
    dtsen = "NIK;Nama;Kelurahan;Desil;ID Individu DTSEN\r\n3174084506850001;SITI AMINAH;Rawajati;3;D-1\r\n"
    run(dtsen.encode(), name="dtsen.csv", source="dtsen")
    template = xlsx_bytes(
        [
            ["nik", "nama", "kelurahan", "desil_p3ke", "desil_dtsen", "terdaftar_dtks", "id_individu"],
            ["3174084506850001", "SITI AMINAH", "Rawajati", "2", "", "YA", "T-1"],
            ["3174021208790002", "BUDI SANTOSO", "Setiabudi", "", "5", "", "T-2"],
        ]
    )
    batch = run(template, name="templat.xlsx", source="template")
    assert (batch.created_count, batch.updated_count) == (1, 1), batch.error
    siti = Worker.objects.get(nik="3174084506850001")
    assert (siti.p3ke_decile, siti.dtsen_decile, siti.in_dtks) == (2, 3, True)
    assert dict(siti.sources.values_list("source", "decile")) == {"dtsen": 3, "template": 2}
    assert siti.sources.get(source="template").person_id == "T-1"
    budi = Worker.objects.get(nik="3174021208790002")
    assert (budi.p3ke_decile, budi.dtsen_decile, budi.in_dtks) == (None, 5, False)
    assert budi.sources.get().decile == 5
