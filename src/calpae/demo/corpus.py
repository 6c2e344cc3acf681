"""Generate a demo corpus: N départements' dossiers, written in the seeds' styles and formats,
with inconsistencies planted at a known rate and a manifest of what each file states."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path

from calpae.demo import render
from calpae.demo.dossier import build_dossier
from calpae.demo.manifest import manifest, write_manifest
from calpae.demo.plan import AVENANT, CONVENTION, REPORT, Document, Dossier
from calpae.demo.plant import Planted, Planter
from calpae.demo.styles import STYLES, common
from calpae.demo.styles.ocr import strip_accents
from calpae.demo.territories import departements
from calpae.values.fold import fold

SUFFIX = {"txt": ".txt", "md": ".md", "pdf": ".pdf", "docx": ".docx", "scan": ".pdf"}
FIRST_YEAR, LAST_YEAR = 2019, 2022


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def pick_places(seed: int, count: int):
    places = departements()
    if not 1 <= count <= len(places):
        raise ValueError(f"entre 1 et {len(places)} territoires")
    chosen = random.Random(f"{seed}:territories").sample(places, count)
    return sorted(chosen, key=lambda p: (len(p.code), p.code))


def _assign(doc: Document, rng: random.Random) -> None:
    names = [n for n in STYLES if not (doc.numbering == "restart" and n in ("flat", "ocr"))]
    doc.style = rng.choice(names)
    style = STYLES[doc.style]
    doc.format = rng.choice(style.FORMATS)
    doc.layout = style.layout(doc, rng)
    doc.layout.setdefault("prefect_title", common.prefect_title(doc))
    doc.layout.setdefault("president_title", common.president_title(doc))


def _name(doc: Document, tail: str = "") -> str:
    kind = {CONVENTION: "convention", AVENANT: f"avenant-{doc.amendment_number}",
            REPORT: "rapport-execution"}[doc.kind]
    return f"{doc.place.code}-{slug(doc.place.name)}/{doc.year}-{kind}{tail}{SUFFIX[doc.format]}"


def _plant(dossier: Dossier, rate: float, rng: random.Random) -> tuple[list[Planted], list]:
    """Plant in one dossier; return the findings and the documents still written."""
    p = Planter(dossier, rng)
    take = (lambda: rng.random() < rate) if rate > 0 else (lambda: False)
    docs = dossier.documents
    reports = [d for d in docs if d.kind == REPORT]
    dropped = None
    if reports and take():
        dropped = rng.choice(reports)
    for doc in reports:
        if doc is dropped:
            continue
        for rule in (p.carryover_requested, p.consumed_vs_engaged, p.engaged_vs_planned,
                     p.report_late):
            if take():
                rule(doc)
    for doc in (d for d in docs if d.kind == AVENANT):
        previous = next((r for r in reports if r.year == doc.year - 1), None)
        if previous is not None and previous is not dropped and take():
            p.carryover_vs_report(doc, previous)
        if doc.amendment_number == 2 and take():
            p.amendment_numbering(doc)
        if take():
            p.amendment_year(doc)
    for doc in (d for d in docs if d.kind != REPORT):
        state, carry = "state" in (doc.layout.get("table") or ()), \
            "carryover" in (doc.layout.get("table") or ())
        steps: list[tuple[Callable[[Document], None], bool]] = [
            (p.cofinancing_action, True), (p.cofinancing_overall, True),
            (p.articles_state_vs_table, state),
            (p.articles_carryover_vs_table, carry and bool(doc.carryover)),
            (p.action_sum, True), (p.table_row_vs_action, state),
            (p.actions_state_vs_articles, True), (p.deliberation_after_signature, True),
            (p.table_total_vs_rows, state)]
        for rule, applies in steps:
            if applies and take():
                rule(doc)
    kept = [d for d in docs if d is not dropped]
    if dropped is not None:
        following = [d for d in kept if d.year == dropped.year + 1 and d.kind != REPORT]
        p.note("dossier.missing_report", following, f"Le rapport d'exécution {dropped.year} "
               "manque au dossier.", year=dropped.year)
    return p.found, kept


def _duplicate(doc: Document, rng: random.Random) -> Document:
    copy = deepcopy(doc)
    copy.layout = dict(doc.layout, duplicate_of=doc.file)
    if doc.kind == REPORT or (rng.random() < 0.5 and doc.style != "ocr"):
        copy.format = "pdf" if doc.format != "pdf" else "docx"
        if doc.style == "ocr":
            copy.style = "plain"
        copy.file = _name(copy, "-copie")
    else:
        copy.layout["redacted"] = True
        copy.format = "md" if doc.style == "markdown" else "txt"
        copy.file = _name(copy, "-anonymise")
    return copy


def _mask(word: str) -> str:
    return "".join("X" if ch.isupper() else "x" if ch.isalpha() else ch for ch in word)


def _redact(blocks: list, doc: Document) -> list:
    names = {form: _mask(person.name) for person in (doc.prefect, doc.president)
             for form in (person.name, strip_accents(person.name))}

    def clean(text: str) -> str:
        for name, mask in names.items():
            text = text.replace(name, mask)
        return re.sub(r"(?<=Partenaires : )(\w+)", lambda m: _mask(m.group(1)), text)

    return [render.Table(tuple(tuple(clean(c) for c in r) for r in b.rows), b.mode)
            if isinstance(b, render.Table) else render.Line(clean(b.text), b.heading)
            for b in blocks]


def document_bytes(doc: Document) -> bytes:
    blocks = STYLES[doc.style].blocks(doc)
    if doc.layout.get("redacted"):
        blocks = _redact(blocks, doc)
    if doc.format in ("txt", "md"):
        return render.to_text(blocks, markdown=doc.format == "md").encode("utf-8")
    if doc.format == "docx":
        return render.docx_bytes(blocks, strip_markup=True)
    pdf = render.pdf_bytes(blocks, strip_markup=True)
    if doc.format == "scan":
        dpi = 200 + 50 * (sum(map(ord, doc.file)) % 3)
        return render.scanned(pdf, dpi=dpi, seed_=sum(map(ord, doc.file)))
    return pdf


def generate(out: Path, territories: int, years: range, seed: int, plant_rate: float = 0.1,
             scans: int = 0, advance: Callable[[int], None] | None = None,
             on_total: Callable[[int], None] | None = None) -> dict:
    """Write the corpus into out and return its manifest (also written as manifest.json)."""
    if years.start != FIRST_YEAR or not FIRST_YEAR < years.stop - 1 <= LAST_YEAR:
        raise ValueError(f"années attendues : {FIRST_YEAR}-{FIRST_YEAR + 1} à "
                         f"{FIRST_YEAR}-{LAST_YEAR}")
    places = pick_places(seed, territories)
    written: list[Document] = []
    planted: list[Planted] = []
    for place in places:
        rng = random.Random(f"{seed}:{place.code}")
        dossier = build_dossier(place, rng, years)
        for doc in dossier.documents:
            _assign(doc, rng)
        found, kept = _plant(dossier, plant_rate, random.Random(f"{seed}:plant:{place.code}"))
        for doc in kept:
            doc.file = _name(doc)
        extra = []
        dup_rng = random.Random(f"{seed}:duplicates:{place.code}")
        for doc in kept:
            if plant_rate > 0 and dup_rng.random() < plant_rate:
                copy = _duplicate(doc, dup_rng)
                extra.append(copy)
                found.append(Planted("identity.duplicate", place.code, [doc, copy],
                                     "Le même document est aussi déposé sous un autre fichier"
                                     + (" (copie anonymisée)." if copy.layout.get("redacted")
                                        else f" ({copy.format.upper()})."),
                                     {"original": doc.file, "copy": copy.file}))
        written += kept + extra
        planted += found
    scan_rng = random.Random(f"{seed}:scans")
    eligible = [d for d in written if d.style != "ocr" and not d.layout.get("duplicate_of")
                and not d.layout.get("redacted")]
    for doc in scan_rng.sample(eligible, min(scans, len(eligible))):
        doc.format = "scan"
        doc.file = _name(doc, "-scan")
    if on_total:
        on_total(len(written))
    out.mkdir(parents=True, exist_ok=True)
    for doc in written:
        path = out / doc.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(document_bytes(doc))
        if advance:
            advance(1)
    data = manifest(seed, [p.code for p in places], years, plant_rate, written, planted)
    write_manifest(out, data)
    return data
