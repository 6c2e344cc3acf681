"""The upload page and its POST: files streamed to the queue under generated names, limits
checked before the body is read, the embedded worker storing them, the jobs' pages."""

from __future__ import annotations

import os
import re
import socket
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from sqlalchemy import func, select

from calpae.settings import MAX_REQUEST_BYTES_ENV, MAX_UPLOAD_BYTES_ENV, MAX_UPLOAD_FILES_ENV
from calpae.store.models import Document, IngestJob
from calpae.tasks import runtime
from calpae.tasks.jobs import claim
from calpae.tasks.upload import STORED_NAME

from .conftest import SCRIPT_LINE, Site, with_script_line
from .pagecheck import parse

BOUNDARY = "calpae-essai-frontiere"
FORM_TYPE = f"multipart/form-data; boundary={BOUNDARY}"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256)) * 64


def part(name: str, data: bytes = b"", field: str = "fichiers") -> bytes:
    """One file part, its name sent as browsers do: raw UTF-8 bytes, `"` as %22 (control
    characters and backslashes as they are, as a hostile client may)."""
    quoted = name.replace('"', "%22").encode("utf-8")
    return (f"--{BOUNDARY}\r\n".encode() + b'Content-Disposition: form-data; name="'
            + field.encode() + b'"; filename="' + quoted + b'"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n")


def form(files: Iterable[tuple[str, bytes]]) -> bytes:
    return b"".join(part(n, d) for n, d in files) + f"--{BOUNDARY}--\r\n".encode()


def variant(seed: Path, i: int) -> bytes:
    """The seed's bytes with a line of its own: another file, the same document."""
    return seed.read_bytes() + f"\nVariante d'essai n° {i}.\n".encode()


def post(site: Site, files: list[tuple[str, bytes]], path: str = "/deposer.json",
         **headers: str) -> Any:
    return site.client.post(path, content=form(files),
                            headers={"Content-Type": FORM_TYPE, **headers},
                            follow_redirects=False)


def jobs_in_base() -> int:
    with runtime.sessions()() as session:
        return session.scalar(select(func.count()).select_from(IngestJob))


def documents_in_base() -> int:
    with runtime.sessions()() as session:
        return session.scalar(select(func.count()).select_from(Document))


class Asgi:
    """A request sent to the application by hand, its body given chunk by chunk (a number: a
    pause of that many seconds): counts what the application pulled, and fails the test if
    it pulls more than `budget` bytes."""

    def __init__(self, site: Site, chunks: Iterable[bytes | float],
                 budget: float = float("inf")):
        self.site, self.chunks, self.budget = site, iter(chunks), budget
        self.pulled = 0
        self.messages: list[dict[str, Any]] = []

    def post(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                 "method": "POST", "scheme": "http", "path": path,
                 "raw_path": path.encode(), "query_string": b"", "root_path": "",
                 "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
                 "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}

        async def receive() -> dict[str, Any]:
            chunk = next(self.chunks, None)
            while isinstance(chunk, float):  # a pause of the client
                await anyio.sleep(chunk)
                chunk = next(self.chunks, None)
            if chunk is None:
                return {"type": "http.request", "body": b"", "more_body": False}
            self.pulled += len(chunk)
            if self.pulled > self.budget:
                raise AssertionError(f"the body was read: {self.pulled} bytes")
            return {"type": "http.request", "body": chunk, "more_body": True}

        async def send(message: dict[str, Any]) -> None:
            self.messages.append(message)

        async def call() -> None:
            await self.site.client.app(scope, receive, send)

        self.site.client.portal.call(call)  # the application's own event loop
        start = next(m for m in self.messages if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in self.messages
                        if m["type"] == "http.response.body")
        answer_headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
        return start["status"], answer_headers, body.decode("utf-8")


def endless_file(name: str, chunk: int = 16 * 1024) -> Iterator[bytes]:
    """A part that never ends: its header, then text for ever."""
    yield part(name, b"CALPAE ")[:-2]
    while True:
        yield b"a" * chunk


# --- the streaming reader ------------------------------------------------------------------

@pytest.mark.parametrize("chunk", [1, 7, 100, 4096, 10**6])
def test_the_multipart_reader_gives_each_part_whatever_the_chunks(chunk: int):
    from calpae.web.multipart import MultipartReader

    files = [("un.txt", b"premier\r\n--presque une frontiere\r\n" * 50), ("vide.txt", b""),
             ("deux.bin", bytes(range(256)) * 20)]
    body = form(files).replace(b"--" + BOUNDARY.encode() + b"--",
                               b"--" + BOUNDARY.encode() + b"\r\nContent-Disposition: "
                               b'form-data; name="note"\r\n\r\nbonjour\r\n--'
                               + BOUNDARY.encode() + b"--")
    pieces = iter([body[i:i + chunk] for i in range(0, len(body), chunk)])
    reader = MultipartReader(BOUNDARY.encode(), lambda: next(pieces, b""))
    got = []
    while (found := reader.next_part()) is not None:
        data = b""
        while piece := found.read(333):
            assert len(piece) <= 333
            data += piece
        got.append((found.filename, found.field_name, data))
    assert got == [*((n, "fichiers", d) for n, d in files), (None, "note", b"bonjour")]


def test_the_multipart_reader_skips_what_is_not_read_and_pulls_only_what_it_needs():
    from calpae.web.multipart import MultipartReader

    body = form([("a.txt", b"a" * 100_000), ("b.txt", b"b" * 10)])
    pieces = [body[i:i + 1000] for i in range(0, len(body), 1000)]
    pulled: list[bytes] = []

    def read_chunk() -> bytes:
        if not pieces:
            return b""
        pulled.append(pieces.pop(0))
        return pulled[-1]

    reader = MultipartReader(BOUNDARY.encode(), read_chunk)
    first = reader.next_part()
    assert first is not None and first.read(10) == b"a" * 10
    assert len(pulled) == 1  # one chunk of the body, not all of it
    second = reader.next_part()  # the rest of a.txt is skipped
    assert second is not None and second.filename == "b.txt" and second.read() == b"b" * 10
    assert reader.next_part() is None


# --- the page ------------------------------------------------------------------------------

def test_the_upload_page_has_a_labelled_file_input_a_drop_zone_and_no_inline_script(make_site):
    site = make_site(queue_workers=0)
    page = parse(site.client.get("/deposer").text)
    assert page.html_attrs["lang"] == "fr"
    [form_tag] = page.with_tag("form")[-1:]
    assert form_tag["method"] == "post" and form_tag["action"] == "/deposer"
    assert form_tag["enctype"] == "multipart/form-data"
    [file_input] = [a for a in page.with_tag("input") if a.get("type") == "file"]
    assert "multiple" in file_input and file_input["name"] == "fichiers"
    assert file_input["id"] in {a.get("for") for a in page.with_tag("label")}
    assert "PDF (texte ou scanné), DOCX, Markdown, HTML, texte ou image" in page.text
    assert [a for t, a in page.tags if "data-dropzone" in a]
    [live] = [a for a in page.with_tag("ul") if a.get("id") == "calpae-upload-list"]
    assert live["aria-live"] == "polite"
    sources = [a.get("src") for a, _ in page.scripts]
    assert "/static/calpae-upload.js" in sources
    for attrs, body in page.scripts:
        assert attrs.get("src", "").startswith("/static/") and not body.strip()
    assert page.styles == 0 and not [a for _, a in page.tags if "style" in a]
    assert site.client.get("/static/calpae-upload.js").status_code == 200
    assert "calpae-upload.js" not in site.client.get("/").text  # loaded by this page only


def test_the_header_links_to_the_upload_page(client):
    nav = [a for a in parse(client.get("/").text).with_tag("a") if a.get("href") == "/deposer"]
    assert nav and nav[0]["class"] == "fr-nav__link"
    assert "Déposer des documents" in client.get("/").text


def test_the_page_gives_its_limits_as_json(make_site, monkeypatch):
    monkeypatch.setenv(MAX_UPLOAD_BYTES_ENV, "1000000")
    monkeypatch.setenv(MAX_UPLOAD_FILES_ENV, "7")
    limits = make_site(queue_workers=0).client.get("/deposer.json").json()["limits"]
    assert limits["max_file_bytes"] == 1_000_000 and limits["max_files"] == 7
    assert limits["max_request_bytes"] > 7 * 1_000_000


# --- through the form, and as the script sends files -----------------------------------------

def test_a_form_post_redirects_to_its_jobs_and_the_worker_stores_the_document(
        make_site, seed_files):
    site = make_site()
    answer = site.client.post("/deposer", files=[("fichiers", (seed_files[0].name,
                                                               seed_files[0].read_bytes(),
                                                               "text/plain"))],
                              follow_redirects=False)
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert re.fullmatch(r"/taches\?ids=\d+", location)
    job_id = int(location.rpartition("=")[2])
    listed = site.client.get(location)
    assert listed.status_code == 200 and seed_files[0].name in parse(listed.text).text
    [job] = site.wait([job_id])
    assert job["status"] == "enregistré" and job["document_id"]
    shown = parse(site.client.get(location).text)
    assert f"/documents/{job['document_id']}" in {a.get("href") for a in shown.with_tag("a")}
    assert site.client.get(f"/documents/{job['document_id']}").status_code == 200
    assert [p.suffix for p in site.kept_files()] == [".txt"]  # a stored document's original


def test_a_fetch_style_upload_answers_per_file_in_json(make_site, seed_files):
    site = make_site()
    answer = site.client.post("/deposer.json?nom=" + seed_files[1].name,
                              files={"fichiers": (seed_files[1].name,
                                                  seed_files[1].read_bytes())})
    assert answer.status_code == 202
    [row] = answer.json()["files"]
    assert row["name"] == seed_files[1].name and row["job_id"] and not row["refused"]
    assert row["status"] in ("en_attente", "en_cours") and row["error"] is None
    as_accept = post(site, [("autre.txt", variant(seed_files[2], 1))], "/deposer",
                     Accept="application/json")
    assert as_accept.status_code == 202 and as_accept.json()["files"][0]["job_id"]
    done = site.wait([row["job_id"], as_accept.json()["files"][0]["job_id"]])
    assert [j["status"] for j in done] == ["enregistré", "enregistré"]
    assert all(j["document_id"] and j["document_url"] for j in done)


def test_the_same_bytes_twice_make_one_document(make_site, seed_files):
    site = make_site()
    data = seed_files[3].read_bytes()
    first = post(site, [("a.txt", data), ("copie de a.txt", data)]).json()["files"]
    assert first[0]["job_id"] == first[1]["job_id"]  # waiting already: the same job
    assert [f["name"] for f in first] == ["a.txt", "copie de a.txt"]
    [job] = site.wait([first[0]["job_id"]])
    assert job["status"] == "enregistré"
    again = post(site, [("encore.txt", data)]).json()["files"][0]
    assert again["status"] == "déjà présent" and again["final"]
    assert again["document_id"] == job["document_id"]
    assert documents_in_base() == 1
    assert len(site.kept_files()) == 1  # the copies were not kept


# --- limits ----------------------------------------------------------------------------------

def test_a_content_length_over_the_limit_is_refused_before_the_body_is_read(make_site,
                                                                            monkeypatch):
    monkeypatch.setenv(MAX_REQUEST_BYTES_ENV, "1000000")
    site = make_site(queue_workers=0)
    request = Asgi(site, endless_file("énorme.pdf", 4096), budget=0)
    status, headers, body = request.post("/deposer.json", {
        "content-type": FORM_TYPE, "content-length": str(3 * 10**9), "host": "testserver"})
    assert status == 413 and request.pulled == 0
    assert headers["connection"] == "close"
    assert "envoi trop volumineux (3,0 Go annoncés, au plus 1 Mo par envoi" in body
    html = Asgi(site, endless_file("énorme.pdf", 4096), budget=0)
    status, _, page = html.post("/deposer", {"content-type": FORM_TYPE,
                                             "content-length": str(3 * 10**9)})
    assert status == 413 and html.pulled == 0 and "Envoi refusé" in page
    assert site.kept_files() == []


def test_the_name_given_with_nom_is_in_the_refusal(make_site, monkeypatch):
    monkeypatch.setenv(MAX_REQUEST_BYTES_ENV, "1000")
    site = make_site(queue_workers=0)
    answer = site.client.post("/deposer.json?nom=../rapport%202020.pdf",
                              content=form([("rapport 2020.pdf", b"x" * 5000)]),
                              headers={"Content-Type": FORM_TYPE})
    assert answer.status_code == 413
    assert answer.json()["detail"].startswith("rapport 2020.pdf : envoi trop volumineux")


def test_a_real_server_answers_413_without_waiting_for_the_body(make_site, monkeypatch):
    import uvicorn

    monkeypatch.setenv(MAX_REQUEST_BYTES_ENV, "1000000")
    site = make_site(queue_workers=0)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(site.client.app, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if server.started:
                break
            threading.Event().wait(0.05)
        with socket.create_connection(listener.getsockname(), timeout=10) as conn:
            conn.sendall(b"POST /deposer.json HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         + f"Content-Type: {FORM_TYPE}\r\n".encode()
                         + b"Content-Length: 10000000000\r\n\r\n")  # and not one byte of it
            answer = b""
            while got := conn.recv(65536):  # until the server closes the connection
                answer += got
    finally:
        server.should_exit = True
        thread.join(10)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"connection: close" in answer.lower()
    assert "envoi trop volumineux (10,0 Go annoncés" in answer.decode("utf-8")


def test_a_chunked_upload_is_cut_off_at_the_limit_and_nothing_is_kept(make_site, monkeypatch):
    limit = 300_000
    monkeypatch.setenv(MAX_REQUEST_BYTES_ENV, str(limit))
    site = make_site(queue_workers=0)
    chunk = 16 * 1024
    request = Asgi(site, endless_file("sans-fin.txt", chunk), budget=limit + 2 * chunk)
    status, headers, body = request.post("/deposer.json", {"content-type": FORM_TYPE})
    assert status == 413 and limit < request.pulled <= limit + chunk
    assert headers["connection"] == "close"
    assert "sans-fin.txt : envoi trop volumineux (au plus 300 Ko par envoi" in body
    assert site.kept_files() == []  # the part written is removed, no .part left
    assert jobs_in_base() == 0


def test_a_client_that_stalls_is_cut_off_and_nothing_is_kept(make_site, monkeypatch):
    from calpae.web.pages import upload

    monkeypatch.setattr(upload, "READ_TIMEOUT_SECONDS", 0.3)
    site = make_site(queue_workers=0)
    request = Asgi(site, [part("lent.txt", b"CALPAE " + b"a" * 70_000)[:-2], 5.0])
    status, _, body = request.post("/deposer.json", {"content-type": FORM_TYPE})
    assert status == 400 and "envoi interrompu (rien reçu pendant 0 s)" in body
    assert site.kept_files() == []


def test_a_file_over_its_own_limit_is_refused_and_the_others_kept(make_site, monkeypatch,
                                                                  seed_files):
    monkeypatch.setenv(MAX_UPLOAD_BYTES_ENV, "150000")
    site = make_site(queue_workers=0)
    answer = post(site, [("gros.txt", b"CALPAE " + b"a" * 400_000),
                         ("bon.txt", seed_files[0].read_bytes())])
    assert answer.status_code == 202
    big, good = answer.json()["files"]
    assert big["refused"] and big["job_id"] is None and big["status"] == "échec"
    assert big["error"].startswith("gros.txt : fichier trop volumineux (plus de 150 Ko")
    assert good["job_id"] and not good["refused"]
    assert len(site.kept_files()) == 1
    alone = post(site, [("gros.txt", b"CALPAE " + b"a" * 400_000)])
    assert alone.status_code == 413 and alone.json()["files"][0]["refused"]


def test_the_rest_of_a_refused_file_still_counts_towards_the_request_limit(make_site,
                                                                          monkeypatch):
    monkeypatch.setenv(MAX_UPLOAD_BYTES_ENV, "100000")
    monkeypatch.setenv(MAX_REQUEST_BYTES_ENV, "300000")
    site = make_site(queue_workers=0)
    request = Asgi(site, endless_file("gros.txt", 16 * 1024), budget=400_000)
    status, _, body = request.post("/deposer.json", {"content-type": FORM_TYPE})
    assert status == 413 and request.pulled <= 300_000 + 16 * 1024
    assert "gros.txt : envoi trop volumineux (au plus 300 Ko par envoi" in body
    assert site.kept_files() == []


def test_fifty_files_in_one_request_all_end_and_fifty_one_are_refused(make_site, seed_files):
    from calpae.pipeline import ingest_file

    site = make_site()
    with runtime.sessions()() as session:  # 40 of the 50 are copies of stored documents
        for seed in seed_files:
            ingest_file(session, seed)
    files = [(f"document-{i:02}.txt", variant(seed_files[i % len(seed_files)], i) if i < 10
              else seed_files[i % len(seed_files)].read_bytes()) for i in range(50)]
    answer = post(site, files)
    assert answer.status_code == 202
    rows = answer.json()["files"]
    assert [r["name"] for r in rows] == [n for n, _ in files]
    ids = [r["job_id"] for r in rows]
    assert len(set(ids)) == 50 and answer.json()["jobs"] == ids
    done = site.wait(ids, timeout=120)
    assert [j["status"] for j in done] == ["enregistré"] * 10 + ["déjà présent"] * 40
    kept = site.kept_files()
    too_many = post(site, [*files, ("document-51.txt", variant(seed_files[0], 51))])
    assert too_many.status_code == 413
    detail = too_many.json()["detail"]
    assert detail.startswith("document-51.txt : plus de 50 fichiers dans un même envoi")
    assert "aucun n'a été gardé" in detail and too_many.json()["files"] == []
    assert jobs_in_base() == 50 and site.kept_files() == kept


def test_the_file_limit_is_configurable_and_checked_at_and_over_it(make_site, monkeypatch,
                                                                   seed_files):
    monkeypatch.setenv(MAX_UPLOAD_FILES_ENV, "3")
    site = make_site(queue_workers=0)
    files = [(f"f{i}.txt", variant(seed_files[0], i)) for i in range(4)]
    assert post(site, files[:3]).status_code == 202
    refused = post(site, files)
    assert refused.status_code == 413 and "plus de 3 fichiers" in refused.json()["detail"]
    page = post(site, files, "/deposer")
    assert page.status_code == 413 and "f3.txt : plus de 3 fichiers" in parse(page.text).text
    assert jobs_in_base() == 3


# --- what is refused -------------------------------------------------------------------------

def test_a_file_that_is_not_a_document_is_refused_with_a_french_error_naming_it(
        make_site, seed_files):
    site = make_site(queue_workers=0)
    answer = post(site, [("setup.exe", EXE), ("bruit.bin", os.urandom(80_000))])
    assert answer.status_code == 422
    for row, name in zip(answer.json()["files"], ("setup.exe", "bruit.bin"), strict=True):
        assert row["refused"] and row["job_id"] is None and row["status"] == "échec"
        assert row["error"].startswith(f"{name} : format non reconnu")
    assert answer.json()["jobs"] == [] and jobs_in_base() == 0 and site.kept_files() == []
    page = post(site, [("setup.exe", EXE), ("bon.txt", seed_files[0].read_bytes())],
                "/deposer")
    assert page.status_code == 202  # listed here, not redirected: one was refused
    text = parse(page.text).text
    assert "setup.exe : format non reconnu" in text and "bon.txt" in text
    assert jobs_in_base() == 1


def test_an_empty_file_and_no_file_at_all(make_site):
    site = make_site(queue_workers=0)
    empty = post(site, [("vide.txt", b"")])
    assert empty.status_code == 422
    assert empty.json()["files"][0]["error"] == "vide.txt : fichier vide / empty file"
    nothing = post(site, [("", b"")], "/deposer")  # a browser's form with no file chosen
    assert nothing.status_code == 400 and "aucun fichier reçu" in nothing.text


@pytest.mark.parametrize(("headers", "body", "status", "message"), [
    ({"Content-Type": "application/json"}, b"{}", 415, "multipart/form-data"),
    ({"Content-Type": "multipart/form-data"}, b"", 400, "frontière multipart absente"),
    ({"Content-Type": FORM_TYPE}, b"--autre\r\nrien\r\n", 400, "envoi illisible"),
    ({"Content-Type": FORM_TYPE}, part("coupé.txt", b"CALPAE texte")[:-10], 400,
     "envoi illisible"),
    ({"Content-Type": FORM_TYPE, "Origin": "http://ailleurs.example"}, form([("a.txt", b"a")]),
     403, "autre site"),
    ({"Content-Type": FORM_TYPE, "Sec-Fetch-Site": "cross-site"}, form([("a.txt", b"a")]),
     403, "autre site"),
])
def test_requests_refused_as_a_whole_say_why_in_french(make_site, headers, body, status,
                                                       message):
    site = make_site(queue_workers=0)
    answer = site.client.post("/deposer.json", content=body, headers=headers)
    assert answer.status_code == status and message in answer.json()["detail"]
    assert jobs_in_base() == 0 and site.kept_files() == []


def test_a_form_from_this_site_is_accepted(make_site, seed_files):
    site = make_site(queue_workers=0)
    answer = post(site, [("a.txt", seed_files[0].read_bytes())],
                  Origin="http://testserver", **{"Sec-Fetch-Site": "same-origin"})
    assert answer.status_code == 202


# --- what is stored and shown ----------------------------------------------------------------

def test_html_in_a_document_is_stored_and_shown_escaped(make_site, seed_files, tmp_path):
    site = make_site()
    source = with_script_line(seed_files[2], tmp_path)
    name = '<img src=x onerror="alert(2)">.txt'
    answer = post(site, [(name, source.read_bytes())])
    [job] = site.wait([answer.json()["files"][0]["job_id"]])
    assert job["status"] == "enregistré"
    html = site.client.get(f"/documents/{job['document_id']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and SCRIPT_LINE not in html
    assert "&lt;b&gt;gras&lt;/b&gt;" in html
    for url in (f"/documents/{job['document_id']}", f"/taches/{job['id']}", "/taches"):
        page = site.client.get(url)
        assert "<img src=x" not in page.text, url
        parsed = parse(page.text)
        assert not parsed.with_tag("img") and not parsed.with_tag("b"), url
        assert all(a.get("src", "").startswith("/static/") for a, _ in parsed.scripts), url
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;.txt" in site.client.get("/taches").text


HOSTILE_NAMES = ["../../etc/passwd", "..\\..\\x.txt", "a\x00b.txt", "é" * 3000 + ".txt",
                 "x" * 10_000 + ".txt", "/absolu.txt"]


def test_hostile_file_names_are_display_names_only(make_site, seed_files, tmp_path):
    site = make_site(queue_workers=0)
    files = [(n, variant(seed_files[i % len(seed_files)], 100 + i))
             for i, n in enumerate(HOSTILE_NAMES)]
    answer = post(site, files)
    assert answer.status_code == 202, answer.text
    shown = [r["name"] for r in answer.json()["files"]]
    assert shown[:3] == ["passwd", "x.txt", "ab.txt"] and shown[5] == "absolu.txt"
    assert shown[3] == "é" * 196 + ".txt" and len(shown[4]) == 200
    for name in shown:
        assert "/" not in name and "\\" not in name and name.isprintable()
    with runtime.sessions()() as session:
        stored = [Path(p) for p in session.scalars(select(IngestJob.stored_path))]
    assert len(stored) == len(HOSTILE_NAMES)
    for path in stored:
        assert path.parent == site.config.upload_dir and STORED_NAME.fullmatch(path.name)
    outside = [p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()
               and site.config.upload_dir not in p.parents]
    assert all(p.parts[0] in ("db", "queue") for p in outside), outside
    assert not (tmp_path / "etc").exists() and not (tmp_path.parent / "etc").exists()


# --- the jobs' pages -------------------------------------------------------------------------

def test_the_jobs_pages_in_html_json_and_csv(make_site, seed_files):
    site = make_site(queue_workers=0)
    ids = [r["job_id"] for r in post(site, [("un.txt", variant(seed_files[0], 1)),
                                            ("deux.txt", variant(seed_files[1], 2))]
                                     ).json()["files"]]
    listed = site.client.get("/taches.json").json()
    assert [j["id"] for j in listed["jobs"]] == ids[::-1]  # the latest first
    chosen = site.client.get(f"/taches.json?ids={ids[0]},{ids[1]}").json()["jobs"]
    assert [j["id"] for j in chosen] == ids
    assert chosen[0]["status"] == "en_attente" and chosen[0]["status_label"] == "en attente"
    waiting = site.client.get("/taches.json?statut=en_attente").json()["jobs"]
    assert len(waiting) == 2 and site.client.get("/taches.json?statut=échec").json()["jobs"] == []
    csv = site.client.get("/taches.csv")
    assert csv.headers["content-type"].startswith("text/csv") and "un.txt" in csv.text
    for url in ("/taches", f"/taches?ids={ids[0]}", f"/taches/{ids[0]}"):
        page = parse(site.client.get(url).text)
        assert page.html_attrs["lang"] == "fr" and "un.txt" in page.text, url
        assert all(t["caption"] and t["th"] == t["th_scoped"] for t in page.tables), url
        labelled = {a.get("for") for a in page.with_tag("label")}
        assert all(a.get("id") in labelled for t, a in page.tags
                   if t == "select" or (t == "input" and a.get("type") != "hidden")), url
    one = site.client.get(f"/taches/{ids[0]}.json").json()["job"]
    assert one["name"] == "un.txt" and one["url"] == f"/taches/{ids[0]}"
    with runtime.sessions()() as session:  # a worker takes it: the store revision stays
        claim(session, ids[0], "ailleurs:1:fil", 30)
    for url in (f"/taches/{ids[0]}.json", f"/taches.json?ids={ids[0]}"):
        answer = site.client.get(url).json()
        assert (answer.get("job") or answer["jobs"][0])["status"] == "en_cours", url
    assert site.client.get("/taches.json?ids=1,abc").status_code == 400
    assert site.client.get("/taches.json?statut=perdu").status_code == 400


def test_an_unknown_job_is_a_french_404(make_site):
    site = make_site(queue_workers=0)
    page = site.client.get("/taches/424242")
    assert page.status_code == 404 and "Aucune tâche n° 424242." in parse(page.text).text
    data = site.client.get("/taches/424242.json")
    assert data.status_code == 404 and data.json()["detail"] == "Aucune tâche n° 424242."


def test_the_embedded_worker_runs_with_the_application_only(make_site, database_url):
    from fastapi.testclient import TestClient

    from calpae.tasks import worker
    from calpae.web import create_app

    site = make_site(queue_workers=0)
    assert worker._embedded is None
    app = create_app(database_url, theme="neutre", queue_workers=1, tasks=site.config)
    with TestClient(app):
        running = worker._embedded
        assert running is not None and running.thread.is_alive()
    assert worker._embedded is None and not running.thread.is_alive()
