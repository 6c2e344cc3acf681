"""The upload page in chromium, on a real server with its embedded worker: files chosen or
dropped are sent one by one and their lines follow their jobs without a reload; without
JavaScript the form still posts them and lands on the list of their jobs."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

MAX_BYTES = 200_000
WAIT_MS = 60_000


@pytest.fixture
def site(live_site) -> str:
    """calpae served by uvicorn on 127.0.0.1 (lifespan on: the embedded worker runs)."""
    return live_site(max_upload_bytes=MAX_BYTES)


def test_chosen_files_are_sent_one_by_one_and_followed_without_reload(
        site: str, page, seed_files: list[Path], tmp_path: Path, screenshot, upload_line):
    from playwright.sync_api import expect

    exe = tmp_path / "setup.exe"
    exe.write_bytes(b"MZ\x90\x00" + bytes(range(256)) * 64)
    big = tmp_path / "gros.txt"
    big.write_bytes(b"CALPAE " + b"a" * (MAX_BYTES + 1))
    posts: list[str] = []
    page.on("request", lambda r: r.method == "POST" and posts.append(r.url))
    page.goto(f"{site}/deposer")
    page.evaluate("window.calpaeStayed = true")
    expect(page.locator("[data-dropzone-hint]")).to_be_visible()
    page.set_input_files("#deposer-fichiers", [str(seed_files[0]), str(exe), str(big)])
    page.get_by_role("button", name="Déposer", exact=True).click()

    stored = upload_line(page, seed_files[0].name)
    expect(stored.locator('[data-field="status"]')).to_have_text("enregistré", timeout=WAIT_MS)
    link = stored.get_by_role("link", name=re.compile(r"Voir le document n° \d+"))
    expect(link).to_have_attribute("href", re.compile(r"^/documents/\d+$"))
    refused = upload_line(page, "setup.exe")
    expect(refused.locator('[data-field="status"]')).to_have_text("échec")
    expect(refused.locator('[data-field="result"]')).to_contain_text(
        "setup.exe : format non reconnu")
    too_big = upload_line(page, "gros.txt")
    expect(too_big.locator('[data-field="result"]')).to_contain_text(
        "gros.txt : fichier trop volumineux (plus de 200 Ko")
    assert page.evaluate("window.calpaeStayed") is True  # no reload
    assert len(posts) == 2 and all("/deposer.json?nom=" in u for u in posts)  # not gros.txt
    assert page.locator("#calpae-upload-list").get_attribute("aria-live") == "polite"
    screenshot("deposer")
    page.goto(f"{site}{link.get_attribute('href')}")
    assert page.locator("h1").inner_text().endswith(seed_files[0].name)


def test_a_dropped_file_is_sent_at_once(site: str, page, seed_files: list[Path],
                                        upload_line):
    from playwright.sync_api import expect

    page.goto(f"{site}/deposer")
    page.evaluate("""([name, text]) => {
        const data = new DataTransfer();
        data.items.add(new File([text], name, {type: "text/plain"}));
        const zone = document.querySelector("[data-dropzone]");
        zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: data, bubbles: true,
                                                      cancelable: true}));
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true,
                                                  cancelable: true}));
    }""", ["déposé.txt", seed_files[1].read_text(encoding="utf-8")])
    dropped = upload_line(page, "déposé.txt")
    expect(dropped.locator('[data-field="status"]')).to_have_text("enregistré", timeout=WAIT_MS)
    expect(dropped.get_by_role("link", name=re.compile("Voir le document"))).to_be_visible()


def test_without_javascript_the_form_lands_on_the_list_of_its_jobs(
        site: str, browser, seed_files: list[Path]):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{site}/deposer")
        page.set_input_files("#deposer-fichiers", [str(p) for p in seed_files[2:4]])
        page.get_by_role("button", name="Déposer", exact=True).click()
        page.wait_for_url(re.compile(r"/taches\?ids=\d+,\d+$"))
        table = page.locator("table").inner_text().lower()  # badges are in capitals
        assert seed_files[2].name in table and seed_files[3].name in table
        deadline = time.monotonic() + WAIT_MS / 1000
        while table.count("enregistré") < 2 and time.monotonic() < deadline:
            time.sleep(0.5)
            page.reload()  # the page refreshes nothing by itself
            table = page.locator("table").inner_text().lower()  # badges are in capitals
        assert table.count("enregistré") == 2
    finally:
        context.close()


def test_a_running_job_shows_its_step_and_pages_done(site: str, page, seed_files: list[Path],
                                                      upload_line):
    from urllib.parse import parse_qs, urlsplit

    from playwright.sync_api import expect

    def running(route, request) -> None:  # what a scan's job says mid-OCR
        job_id = int(parse_qs(urlsplit(request.url).query)["ids"][0].split(",")[0])
        route.fulfill(json={"jobs": [{
            "id": job_id, "status": "en_cours", "status_label": "en cours", "final": False,
            "step": "OCR page 3/30", "pages_done": 3, "pages_total": 30, "document_id": None,
            "document_url": None, "error": None, "url": f"/taches/{job_id}"}]})

    page.route("**/taches.json?*", running)
    page.goto(f"{site}/deposer")
    page.set_input_files("#deposer-fichiers", [str(seed_files[4])])
    page.get_by_role("button", name="Déposer", exact=True).click()
    item = upload_line(page, seed_files[4].name)
    expect(item.locator('[data-field="step"]')).to_have_text("OCR page 3/30")
    progress = item.locator("progress")
    expect(progress).to_be_visible()
    assert progress.evaluate("p => [p.value, p.max]") == [3, 30]
    expect(item.locator('[data-field="status"]')).to_have_text("en cours")
    page.unroute("**/taches.json?*")
    expect(item.locator('[data-field="status"]')).to_have_text("enregistré", timeout=WAIT_MS)
    expect(progress).to_be_hidden()
