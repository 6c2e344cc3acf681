"""Page images: a PDF or an image ingested is kept, its pages are served as PNGs of bounded
size, and the document page draws each stored value's box on them, tied to the same value as
its mark in the text; a document whose file was not kept says so and shows its text."""

from __future__ import annotations

import hashlib
import io
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from calpae.pipeline import ingest_file
from calpae.store import open_store
from calpae.store.files import FileStore
from calpae.store.models import Document, ExtractedValue, Finding, SourceFile, SourceText
from calpae.web.page_images import (
    MAX_PIXELS,
    MAX_WIDTH,
    PageUnavailable,
    page_image,
    target_size,
)

from .pagecheck import parse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/builders (importlib mode)
from builders import image_bytes, page_images, seed_pdf

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, seed_files: list[Path]) -> dict[str, object]:
    """A base holding a native PDF of three pages, a second PDF stored as before files were
    kept, and a seed as text."""
    folder = tmp_path_factory.mktemp("pages")
    url = f"sqlite:///{folder / 'calpae.sqlite3'}"
    (folder / "avenant.pdf").write_bytes(seed_pdf("001", max_pages=3)[1])
    (folder / "ancien.pdf").write_bytes(seed_pdf("002", max_pages=1)[1])
    with open_store(url) as sessions, sessions() as session:
        pdf = ingest_file(session, folder / "avenant.pdf").document_id
        old = ingest_file(session, folder / "ancien.pdf").document_id
        text = ingest_file(session, seed_files[0]).document_id
        with session.begin():  # as stored before migration 0007: no file, no page sizes
            sha = session.scalar(select(SourceFile.sha256).join(Document).where(
                Document.id == old))
            session.execute(update(SourceText).where(SourceText.source_file_id == select(
                Document.source_file_id).where(Document.id == old).scalar_subquery())
                .values(page_sizes=None))
        FileStore.for_url(url).remove(sha, "pdf")
    return {"url": url, "pdf": pdf, "old": old, "text": text}


@pytest.fixture(scope="module")
def sessions(store) -> Iterator[sessionmaker[Session]]:
    with open_store(store["url"]) as factory:
        yield factory


@pytest.fixture(scope="module")
def client(store) -> Iterator[TestClient]:
    from calpae.web import create_app

    with TestClient(create_app(store["url"], theme="neutre")) as test_client:
        yield test_client


def stored_boxes(sessions: sessionmaker[Session], document_id: int,
                 page: int) -> dict[int, tuple[float, float, float, float]]:
    with sessions() as session:
        rows = session.execute(select(
            ExtractedValue.id, ExtractedValue.bbox_x0, ExtractedValue.bbox_y0,
            ExtractedValue.bbox_x1, ExtractedValue.bbox_y1).where(
            ExtractedValue.document_id == document_id, ExtractedValue.evidence_page == page,
            ExtractedValue.bbox_x0.is_not(None)))
        return {i: (x0, y0, x1, y1) for i, x0, y0, x1, y1 in rows}


def png_size(content: bytes) -> tuple[int, int]:
    image = Image.open(io.BytesIO(content))
    assert image.format == "PNG"
    return image.size


def test_a_pdf_page_is_a_png_of_bounded_size(client, store):
    response = client.get(f"/documents/{store['pdf']}/pages/1.png")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert "max-age" in response.headers["cache-control"]
    assert png_size(response.content) == target_size(*A4) == (909, 1286)
    again = client.get(f"/documents/{store['pdf']}/pages/1.png",
                       headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and not again.content


def test_the_page_size_is_bounded_whatever_the_page():
    assert target_size(*A4) == (909, 1286)  # about 110 dpi
    wide = target_size(2384, 1684)  # A1 landscape
    assert wide[0] == MAX_WIDTH
    tall = target_size(600, 20000)  # a long roll
    assert tall[0] * tall[1] <= MAX_PIXELS * 1.01


def test_pages_out_of_range_or_of_no_file_are_404_in_french(client, store):
    for url, said in [(f"/documents/{store['pdf']}/pages/4.png", "n'a pas de page 4 (il en a 3)"),
                      (f"/documents/{store['pdf']}/pages/0.png", "n'a pas de page 0"),
                      (f"/documents/{store['text']}/pages/1.png", "n'a pas d'images de pages"),
                      (f"/documents/{store['old']}/pages/1.png", "n'est pas conservé"),
                      ("/documents/999999/pages/1.png", "Aucun document n° 999999")]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert said in parse(response.text).text, url
    assert client.get(f"/documents/{store['pdf']}/pages/x.png").status_code == 404
    assert client.get(f"/documents/{store['pdf']}?page=4").status_code == 404


def test_the_page_path_is_never_a_file_name(client, store):
    for url in [f"/documents/{store['pdf']}/pages/..%2F..%2Fcalpae.sqlite3.png",
                f"/documents/{store['pdf']}/pages/1.png/../../../etc/passwd"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.headers["content-type"].startswith("text/html")


def test_each_stored_box_is_drawn_on_its_page(client, store, sessions):
    page = parse(client.get(f"/documents/{store['pdf']}").text)
    svgs = page.with_tag("svg")
    assert svgs and all(s["viewbox"] == f"0 0 {A4[0]} {A4[1]}" for s in svgs)
    images = page.with_tag("image")
    assert [i["href"] for i in images] == [f"/documents/{store['pdf']}/pages/{n}.png"
                                           for n in (1, 2, 3)]
    drawn = {v: box.corners for box in page.boxes for v in box.values}
    for number in (1, 2, 3):
        stored = stored_boxes(sessions, store["pdf"], number)
        assert stored, number
        for value_id, corners in stored.items():
            assert drawn[value_id] == pytest.approx(corners, abs=0.011), value_id
    rows = {a["id"] for a in page.with_tag("tr") if a.get("id", "").startswith("v-")}
    assert all(f"v-{i}" in rows for box in page.boxes for i in box.values)
    assert all(box.attrs["href"] == f"#v-{box.values[0]}" for box in page.boxes)


def test_each_box_is_named_by_its_values_and_statuses(client, store):
    data = client.get(f"/documents/{store['pdf']}.json").json()
    by_id = {v["id"]: v for v in data["values"]}
    page = parse(client.get(f"/documents/{store['pdf']}").text)
    labels = {"exact": "lu tel quel", "repaired": "réparé", "inferred": "déduit"}
    assert page.boxes
    for box in page.boxes:
        for value_id in box.values:
            value = by_id[value_id]
            assert f"{value['key']} : " in box.title
            assert labels[value["status"]] in box.title
        assert f"calpae-box--{by_id[box.values[0]]['status']}" in box.classes


def test_the_json_gives_each_page_its_size_and_image(client, store):
    data = client.get(f"/documents/{store['pdf']}.json").json()
    assert data["document"]["file_kept"] is True
    assert [(p["number"], p["width"], p["height"], p["image"]) for p in data["pages"]] == [
        (n, *A4, f"/documents/{store['pdf']}/pages/{n}.png") for n in (1, 2, 3)]
    boxed = [v for v in data["values"] if v["bbox"]]
    assert boxed and all(v["page_image"] == f"/documents/{store['pdf']}/pages/{v['page']}.png"
                         for v in boxed)
    csv = client.get(f"/documents/{store['pdf']}.csv?table=pages")
    assert csv.status_code == 200 and "/pages/3.png" in csv.text


def test_a_few_pages_are_drawn_at_once_and_page_chooses(client, store):
    first = parse(client.get(f"/documents/{store['pdf']}?page=3").text)
    assert [i["href"] for i in first.with_tag("image")] == [
        f"/documents/{store['pdf']}/pages/3.png"]
    assert "page-3" in first.ids()
    links = {a["href"] for a in first.with_tag("a") if "?page=" in a.get("href", "")}
    assert f"/documents/{store['pdf']}?page=1#page-1" in links


def test_constat_marks_the_compared_boxes(client, store, sessions):
    stored = stored_boxes(sessions, store["pdf"], 1)
    with sessions() as session:
        keys = dict(session.execute(select(ExtractedValue.id, ExtractedValue.key).where(
            ExtractedValue.id.in_(stored))).all())
        compared = sorted(keys)[:2]
        finding = Finding(identity="test-pages", rule="test", severity="alerte",
                          message="Deux valeurs comparées", explanation="Pour le test.",
                          cited=[{"document": {"id": store["pdf"], "name": "avenant.pdf"},
                                  "key": keys[i], "label": keys[i], "value": None,
                                  "status": "exact", "reason": None, "evidence": []}
                                 for i in compared])
        session.add(finding)
        session.commit()
        finding_id = finding.id
    page = parse(client.get(f"/documents/{store['pdf']}?constat={finding_id}").text)
    cited = {v for box in page.boxes if "calpae-box--cited" in box.classes for v in box.values}
    assert set(compared) <= cited
    assert all(set(box.values) & set(compared) for box in page.boxes
               if "calpae-box--cited" in box.classes)
    plain = parse(client.get(f"/documents/{store['pdf']}").text)
    assert not [b for b in plain.boxes if "calpae-box--cited" in b.classes]


def test_a_document_whose_file_was_not_kept_says_so_and_shows_its_text(client, store):
    page = parse(client.get(f"/documents/{store['old']}").text)
    assert "n'a pas été conservé" in page.text
    assert "Le texte lu est montré ci-dessous" in page.text
    assert not page.with_tag("svg") and not page.with_tag("image") and not page.with_tag("img")
    assert page.marks  # the text, marked
    data = client.get(f"/documents/{store['old']}.json").json()
    assert data["document"]["file_kept"] is False and data["pages"] == []


def test_a_text_document_has_no_page_view(client, store):
    page = parse(client.get(f"/documents/{store['text']}").text)
    assert "Pages du document" not in page.text and not page.with_tag("svg")


def test_no_inline_style_or_script_on_the_page_view(client, store):
    for url in (f"/documents/{store['pdf']}", f"/documents/{store['old']}"):
        page = parse(client.get(url).text)
        assert page.styles == 0
        for tag, attrs in page.tags:
            assert "style" not in attrs, (url, tag)
            assert not [a for a in attrs if a.startswith("on")], (url, tag)
        assert all(attrs.get("src", "").startswith("/static/") and not body.strip()
                   for attrs, body in page.scripts)


def test_each_frame_of_a_kept_image_is_a_page_never_enlarged(tmp_path: Path):
    frames = [Image.new("L", (1654, 2339), 255), Image.new("RGB", (400, 300), (200, 30, 30))]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:], dpi=(200, 200))
    data = out.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    store = FileStore(tmp_path)
    store.put(data, digest, "image")
    first = page_image(store, digest, "image", 1, (1654 * 0.36, 2339 * 0.36))
    assert Image.open(first.path).size[0] == 910  # 200 dpi shown at about 110
    second = page_image(store, digest, "image", 2, (400.0, 300.0))  # a 72 dpi frame
    assert Image.open(second.path).size == (400, 300)  # below 110 dpi: shown as it is
    assert page_image(store, digest, "image", 1, (1654 * 0.36, 2339 * 0.36)).seconds == 0
    with pytest.raises(PageUnavailable, match="pas de page 3"):
        page_image(store, digest, "image", 3, None)
    jpeg = io.BytesIO()
    Image.new("RGB", (2480, 3508), (250, 250, 250)).save(jpeg, "JPEG", dpi=(300, 300))
    digest = hashlib.sha256(jpeg.getvalue()).hexdigest()
    store.put(jpeg.getvalue(), digest, "image")
    assert Image.open(page_image(store, digest, "image", 1, A4).path).size[0] == 909


@pytest.mark.ocr
def test_an_ocr_image_is_kept_and_its_boxes_drawn(tmp_path: Path):
    scan = page_images(seed_pdf("001", max_pages=1)[1], [0], dpi=200)[0]
    path = tmp_path / "scan.png"
    path.write_bytes(image_bytes(scan, dpi=200))
    url = f"sqlite:///{tmp_path / 'calpae.sqlite3'}"
    with open_store(url) as sessions:
        with sessions() as session:
            document_id = ingest_file(session, path).document_id
        from calpae.web import create_app

        with TestClient(create_app(url, theme="neutre")) as client:
            data = client.get(f"/documents/{document_id}.json").json()
            assert data["document"]["format"] == "image" and data["document"]["file_kept"]
            width, height = data["pages"][0]["width"], data["pages"][0]["height"]
            assert (width, height) == pytest.approx((1654 * 72 / 200, 2339 * 72 / 200), abs=0.01)
            response = client.get(f"/documents/{document_id}/pages/1.png")
            assert response.status_code == 200
            size, expected = png_size(response.content), target_size(width, height)
            assert size[0] == expected[0] and abs(size[1] - expected[1]) <= 1  # frame's ratio
            assert client.get(f"/documents/{document_id}/pages/2.png").status_code == 404
            page = parse(client.get(f"/documents/{document_id}").text)
        assert page.with_tag("svg")[0]["viewbox"] == f"0 0 {width} {height}"
        drawn = {v: box.corners for box in page.boxes for v in box.values}
        stored = stored_boxes(sessions, document_id, 1)
        assert len(stored) >= 5
        for value_id, corners in stored.items():
            assert drawn[value_id] == pytest.approx(corners, abs=0.011)
