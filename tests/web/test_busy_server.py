"""A scan being read in the background does not hold the pages: the application answers
while the embedded worker is in the middle of its OCR."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.builders.queue import wait_for, write_slow_scan


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_slow_scan(tmp_path_factory.mktemp("scan"))


@pytest.mark.ocr
@pytest.mark.slow
def test_pages_answer_while_a_scan_is_read(make_site, seed_files, scan: Path):
    site = make_site(queue_workers=1)
    site.client.post("/deposer.json", files={"fichiers": (seed_files[0].name,
                                                          seed_files[0].read_bytes())})
    answer = site.client.post("/deposer.json", files={"fichiers": (scan.name,
                                                                   scan.read_bytes())})
    job_id = answer.json()["files"][0]["job_id"]

    def job() -> dict:
        return site.client.get(f"/taches/{job_id}.json").json()["job"]

    def mid_ocr() -> dict | None:
        now = job()
        total = now.get("pages_total") or 0
        return now if now["status"] == "en_cours" and 1 <= (now.get("pages_done") or 0) < total \
            else None

    before = wait_for(mid_ocr, 120, "the scan's OCR past its first page")
    pages = ["/", "/constats", "/recherche?q=convention", "/api.json", "/deposer",
             "/taches.json"]
    answers = [site.client.get(p) for p in pages]
    after = job()
    assert [a.status_code for a in answers] == [200] * len(pages)
    # all answered while the same file was still being read, past the same page or later
    assert after["status"] == "en_cours"
    assert before["pages_done"] <= after["pages_done"] < after["pages_total"]
