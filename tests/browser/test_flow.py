"""The whole flow in chromium, on a real server (the embedded worker, a fresh SQLite base):
upload two seeds and a one-page scan and watch their lines to « enregistré », the dashboard
and a territory, a document page (a highlighted amount chosen shows its evidence), the scan's
page image with its boxes, the findings and one of them opened on its documents with the
values it compares highlighted, a search; each page shot at 1280 and 375 px.

Nothing here restates an extracted value: what a page shows is compared with the same page's
`.json` (the value, its status, its evidence, the values a finding cites).
"""

from __future__ import annotations

import re
import struct
import sys
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/builders (importlib mode)
from builders import degrade, page_images, scan_pdf, seed_pdf
from calpae.checks.identity import is_amount

pytestmark = [pytest.mark.browser, pytest.mark.ocr]

WAIT_MS = 60_000
NARROW = 375
WIDE = {"width": 1280, "height": 800}
AMOUNT_SPACES = re.compile(r"[\s\u202f\u00a0€]")

# What the upload list goes through, recorded by the page itself (each change of a line's
# status, step and progress bar), so that states shorter than a poll of the test are seen.
RECORD_UPLOADS = """() => {
  window.calpaeStayed = true;
  window.calpaeSeen = {};
  const list = document.getElementById("calpae-upload-list");
  const record = () => {
    for (const item of list.querySelectorAll("li")) {
      const text = (name) => {
        const el = item.querySelector('[data-field="' + name + '"]');
        return el ? el.textContent.trim() : "";
      };
      const seen = (window.calpaeSeen[text("name")] ||= {statuses: [], steps: [],
                                                          progress: false});
      for (const [kind, value] of [["statuses", text("status")], ["steps", text("step")]]) {
        if (value && seen[kind][seen[kind].length - 1] !== value) seen[kind].push(value);
      }
      const bar = item.querySelector("progress");
      if (bar && !bar.hidden && bar.max > 0) seen.progress = true;
    }
  };
  new MutationObserver(record).observe(list, {subtree: true, childList: true,
                                              characterData: true, attributes: true});
}"""

# The value ids of the marks (or boxes) matching a selector, each element's ids as a list.
IDS_OF = "els => els.map(e => e.getAttribute('data-values').split(' ').map(Number))"
# Resolves once the page and the list beside the text have stopped scrolling (smooth scrolls).
SCROLLS_SETTLED = """() => new Promise(done => {
  const list = document.querySelector(".calpae-document__panel");
  const where = () => window.scrollY + "," + (list ? list.scrollTop : 0);
  let last = where(), still = 0;
  const tick = () => {
    const now = where();
    still = now === last ? still + 1 : 0;
    last = now;
    if (still >= 10) done(); else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})"""
IMAGE_WIDTH = """src => new Promise(done => {
  const image = new Image();
  image.onload = () => done(image.naturalWidth);
  image.onerror = () => done(0);
  image.src = src;
})"""


def png_width(path: Path) -> int:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", path
    return struct.unpack(">I", data[16:20])[0]


def amount_of(shown: str) -> float:
    """`1 201 409,50 €` (French, narrow spaces) → 1201409.5."""
    return float(AMOUNT_SPACES.sub("", shown).replace(",", "."))


class Flow:
    """The test's browser page, its server and the screenshots taken."""

    def __init__(self, base: str, page, screenshot) -> None:
        self.base, self.page, self._screenshot = base, page, screenshot
        self.shots: dict[str, list[Path]] = {}

    def json(self, path: str) -> dict[str, Any]:
        response = self.page.request.get(self.base + path)
        assert response.status == 200, (path, response.status)
        return response.json()

    def shoot(self, name: str) -> None:
        """Both widths; the narrow page must not scroll sideways."""
        page = self.page
        page.set_viewport_size({"width": NARROW, "height": WIDE["height"]})
        try:
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= NARROW, f"{name} : {width} px de large à {NARROW} px"
        finally:
            page.set_viewport_size(WIDE)
        paths = self._screenshot(name)
        assert [png_width(p) for p in paths] == [1280, NARROW]
        self.shots[name] = paths


def scan_page(folder: Path) -> Path:
    """A one-page scanned PDF (image only, slightly rotated and noised): the first page of the
    avenant 003, whose articles print the State's credits, so that its boxes hold amounts."""
    image = page_images(seed_pdf("003", max_pages=1)[1], [0], dpi=200)[0]
    path = folder / "scan-page-1.pdf"
    path.write_bytes(scan_pdf([degrade(image, angle=0.4, noise=8.0, blur=0.4)]))
    return path


def test_upload_follow_read_evidence_and_findings(live_site, page, screenshot, upload_line,
                                                  seed_files: list[Path], tmp_path: Path):
    started = time.monotonic()
    flow = Flow(live_site(), page, screenshot)
    seeds = seed_files[:2]
    scan = scan_page(tmp_path)
    documents = upload(flow, upload_line, [*seeds, scan], scan)
    dashboard(flow, documents)
    first = documents[seeds[0].name]
    text_document(flow, first)
    scan_document(flow, documents[scan.name])
    findings(flow, set(documents.values()))
    search(flow, first)
    assert set(flow.shots) == {"flow-upload", "flow-dashboard", "flow-territory",
                               "flow-document", "flow-scan", "flow-findings", "flow-finding",
                               "flow-search"}
    print(f"\nparcours complet en {time.monotonic() - started:.1f} s")


def upload(flow: Flow, upload_line, files: list[Path], scan: Path) -> dict[str, int]:
    """/deposer: the files chosen, each line followed to « enregistré » without a reload;
    returns each file's document id, read from its line's link."""
    from playwright.sync_api import expect

    page = flow.page
    url = f"{flow.base}/deposer"
    page.goto(url)
    page.evaluate(RECORD_UPLOADS)
    navigations: list[str] = []
    page.on("framenavigated",
            lambda frame: frame == page.main_frame and navigations.append(frame.url))
    page.set_input_files("#deposer-fichiers", [str(f) for f in files])
    page.get_by_role("button", name="Déposer", exact=True).click()
    documents = {}
    for f in files:
        line = upload_line(page, f.name)
        expect(line.locator('[data-field="status"]')).to_have_text("enregistré",
                                                                   timeout=WAIT_MS)
        link = line.locator('[data-field="result"] a')
        expect(link).to_have_text(re.compile(r"^Voir le document n° \d+$"))
        href = link.get_attribute("href") or ""
        assert re.fullmatch(r"/documents/\d+", href), href
        documents[f.name] = int(href.rsplit("/", 1)[1])
    assert len(set(documents.values())) == len(files)  # three documents, not copies of one
    seen = page.evaluate("window.calpaeSeen")
    for f in files:
        statuses = seen[f.name]["statuses"]
        assert statuses[-1] == "enregistré" and len(statuses) >= 2, (f.name, statuses)
    # the scan waited behind the seeds then was read by OCR: its line said so on the way,
    # with a bar of the pages done
    assert any("OCR" in step for step in seen[scan.name]["steps"]), seen[scan.name]
    assert seen[scan.name]["progress"], seen[scan.name]
    assert page.evaluate("window.calpaeStayed") is True
    assert navigations == [] and page.url == url
    for f in files:
        assert upload_line(page, f.name).locator("progress").is_hidden()
    flow.shoot("flow-upload")
    # each line's link opens its document
    upload_line(page, files[0].name).locator('[data-field="result"] a').click()
    page.wait_for_url(f"{flow.base}/documents/{documents[files[0].name]}")
    assert page.locator("h1").inner_text().endswith(files[0].name)
    return documents


def dashboard(flow: Flow, documents: dict[str, int]) -> None:
    """/: the territories × years table holds every uploaded document's territory and year;
    then the territory page of the first one."""
    page = flow.page
    page.goto(f"{flow.base}/")
    data = flow.json("/.json")
    cells = {(c["territory_key"], c["year"]) for c in data["matrix"]}
    table = page.locator("table", has=page.locator("caption", has_text="par territoire"))
    territories = []
    for document_id in documents.values():
        d = flow.json(f"/documents/{document_id}.json")["document"]
        if d["territory_key"] and d["year"]:
            assert (d["territory_key"], d["year"]) in cells
            row = table.locator("tbody tr").filter(
                has=page.locator(f'th a[href="/territoires/{d["territory_key"]}"]'))
            assert row.count() == 1
            assert row.locator("th").inner_text() == d["territory_name"]
            year_column = [h.strip() for h in table.locator("thead th").all_inner_texts()]
            cell = row.locator("td, th").nth(year_column.index(str(d["year"])))
            assert cell.inner_text().strip() != "—"
            territories.append(d)
    assert territories, "aucun document déposé n'a de territoire et d'exercice"
    flow.shoot("flow-dashboard")
    first = territories[0]
    table.locator(f'a[href="/territoires/{first["territory_key"]}"]').click()
    page.wait_for_url(f"{flow.base}/territoires/{first['territory_key']}")
    assert first["territory_name"] in page.locator("h1").inner_text()
    flow.shoot("flow-territory")


def chosen_value_matches(flow: Flow, value: dict[str, Any]) -> None:
    """The evidence panel shows the value as the `.json` has it."""
    from playwright.sync_api import expect

    detail = flow.page.locator("#calpae-detail")
    expect(detail).to_be_visible()
    flow.page.evaluate(SCROLLS_SETTLED)
    expect(detail).to_be_in_viewport(ratio=0.5)  # not scrolled away with the list beside
    field = lambda name: detail.locator(f'[data-field="{name}"]').inner_text()  # noqa: E731
    assert field("key") == value["key"]
    shown = field("value")
    if is_amount(value["path"], value["value"]):
        assert "€" in shown and amount_of(shown) == pytest.approx(value["value"], abs=0.005)
    assert field("status").endswith(f"({value['status']})")
    assert field("line") == str(value["line"])
    assert field("evidence") == f"« {value['evidence']} »"


def text_document(flow: Flow, document_id: int) -> None:
    """A document page: an amount's mark chosen in the text shows its evidence."""
    page = flow.page
    page.goto(f"{flow.base}/documents/{document_id}")
    data = flow.json(f"/documents/{document_id}.json")
    values = {v["id"]: v for v in data["values"]}
    marks = page.locator("mark[data-values]")
    assert marks.count() > 0
    firsts = [ids[0] for ids in marks.evaluate_all(IDS_OF)]
    amounts = [i for i in firsts if is_amount(values[i]["path"], values[i]["value"])]
    assert amounts, "aucun montant surligné dans le texte"
    value = values[amounts[0]]
    mark = page.locator(f'mark[data-values^="{value["id"]} "], '
                        f'mark[data-values="{value["id"]}"]').first
    assert mark.evaluate("m => m.closest('tr').id") == f"L{value['line']}"
    mark.click()
    chosen_value_matches(flow, value)
    assert "calpae-mark--active" in (mark.get_attribute("class") or "")
    assert page.locator("tr.calpae-value--active").get_attribute("id") == f"v-{value['id']}"
    # the value's marks spell its evidence, as the text of the `.json` holds it
    pieces = page.locator(f'mark[data-values~="{value["id"]}"]').all_inner_texts()
    assert "".join(pieces) == data["text"][value["start"]:value["end"]].replace("\n", "")
    assert data["text"][value["start"]:value["end"]] == value["evidence"]
    flow.shoot("flow-document")


def scan_document(flow: Flow, document_id: int) -> None:
    """The scan's page: its page image loads and a box chosen shows its value's evidence."""
    page = flow.page
    images: list[tuple[str, int]] = []
    page.on("response", lambda r: "/pages/" in r.url and images.append((r.url, r.status)))
    page.goto(f"{flow.base}/documents/{document_id}")
    page.wait_for_load_state("networkidle")
    data = flow.json(f"/documents/{document_id}.json")
    assert data["document"]["file_kept"] and data["pages"]
    source = page.locator("svg.calpae-page__image image").first.get_attribute("href")
    assert source == data["pages"][0]["image"]
    assert (f"{flow.base}{source}", 200) in images
    assert page.evaluate(IMAGE_WIDTH, source) > 0
    values = {v["id"]: v for v in data["values"]}
    boxes = page.locator("a.calpae-box")
    assert boxes.count() == sum(p["boxes"] for p in data["pages"]) > 0  # one page, all drawn
    firsts = [ids[0] for ids in boxes.evaluate_all(IDS_OF)]
    amounts = [i for i in firsts if is_amount(values[i]["path"], values[i]["value"])]
    value = values[(amounts or firsts)[0]]
    box = page.locator(f'a.calpae-box[data-box="{value["id"]}"]')
    box.click()
    chosen_value_matches(flow, value)
    assert page.locator('#calpae-detail [data-field="page"]').inner_text().startswith(
        str(value["page"]))
    assert "calpae-box--active" in (box.get_attribute("class") or "")
    assert page.url == f"{flow.base}/documents/{document_id}"  # the box's link did not navigate
    flow.shoot("flow-scan")


def cited_here(flow: Flow, document_id: int, finding_id: int) -> int:
    """On the document page opened for a finding: every value it cites in this document is
    highlighted, in the list, in the text and on the page images, and nothing else is."""
    page = flow.page
    data = flow.json(f"/documents/{document_id}.json?constat={finding_id}")
    finding = data["finding"]
    assert finding["id"] == finding_id
    assert page.locator("#titre-constat").inner_text().startswith(f"Constat n° {finding_id}")
    here = [c for c in finding["cited"] if (c.get("document") or {}).get("id") == document_id]
    cited = {v["id"]: v for v in data["values"] if v["cited"]}
    assert len(cited) == len(here) > 0
    assert {v["key"] for v in cited.values()} == {c["key"] for c in here}
    rows = page.locator("tr.calpae-value--cited")
    assert sorted(rows.evaluate_all("rs => rs.map(r => r.id)")) == sorted(
        f"v-{i}" for i in cited)
    marked = page.locator("mark.calpae-mark--cited").evaluate_all(IDS_OF)
    for ids in marked:
        assert set(ids) & set(cited), ids  # a mark outlined covers a cited value
    for value_id, value in cited.items():
        if value["start"] is not None:
            assert any(value_id in ids for ids in marked), value["key"]
            assert page.locator(f'mark[data-values~="{value_id}"]:not(.calpae-mark--cited)'
                                ).count() == 0
    boxes = page.locator("a.calpae-box.calpae-box--cited").evaluate_all(IDS_OF)
    for ids in boxes:
        assert set(ids) & set(cited), ids
    if page.locator("a.calpae-box").count():
        for value_id, value in cited.items():
            if value.get("page_image") and page.locator(f'#page-{value["page"]}').count():
                assert any(value_id in ids for ids in boxes), value["key"]
    return len(cited)


def findings(flow: Flow, uploaded: set[int]) -> None:
    """/constats, then a finding comparing values opened from its row on each document it
    cites (the second reached from the first's finding panel)."""
    page = flow.page
    page.goto(f"{flow.base}/constats")
    listed = flow.json("/constats.json")["findings"]
    assert page.locator("tbody tr[id^='constat-']").count() == len(listed) > 0
    flow.shoot("flow-findings")
    comparing = [f for f in listed if f["values"] >= 2
                 and {d["id"] for d in f["documents"]} <= uploaded]
    assert comparing, "aucun constat ne compare deux valeurs des documents déposés"
    within = [f for f in comparing if len(f["documents"]) == 1]
    across = [f for f in comparing if len(f["documents"]) > 1]
    shot = False
    for finding in (within[:1] + across[:1]):
        page.goto(f"{flow.base}/constats")
        first, *others = finding["documents"]
        page.locator(f"#constat-{finding['id']} a[href^='/documents/{first['id']}?']").click()
        page.wait_for_url(f"{flow.base}/documents/{first['id']}?constat={finding['id']}")
        count = cited_here(flow, first["id"], finding["id"])
        if not shot:
            flow.shoot("flow-finding")
            shot = True
        for other in others:  # reached from the finding's panel, as a reader would
            page.locator(".calpae-finding__values a[href^='/documents/"
                         f"{other['id']}?constat={finding['id']}']").first.click()
            page.wait_for_url(re.compile(
                rf"/documents/{other['id']}\?constat={finding['id']}(#L\d+)?$"))
            count += cited_here(flow, other["id"], finding["id"])
        assert count == finding["values"]


def search(flow: Flow, document_id: int) -> None:
    """/recherche with a word of a fiche's title finds that fiche."""
    page = flow.page
    data = flow.json(f"/documents/{document_id}.json")
    titles = [v for v in data["values"]
              if re.fullmatch(r"actions\[[^\]]+\]\.title", v["path"]) and v["value"]]
    assert titles, "aucune fiche action dans le document"
    title = titles[0]["value"]
    word = max(re.findall(r"[^\W\d_]{4,}", title), key=len)
    page.goto(f"{flow.base}/recherche?q={word}")
    found = flow.json(f"/recherche.json?q={word}")
    assert any(a["document_id"] == document_id and a["title"] == title
               for a in found["actions"])
    assert page.locator("#recherche-q").input_value() == word
    titles_shown = page.locator("table tbody th a").all_inner_texts()
    assert title in titles_shown
    flow.shoot("flow-search")
