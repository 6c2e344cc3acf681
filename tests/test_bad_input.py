"""Bad files through `calpae ingest`: one clear line each, nothing stored, the good files kept."""

from __future__ import annotations

import os
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from calpae import deadline, process

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/builders (importlib mode)
from builders import pathological

runner = CliRunner()
FIFTY_MB = 50 * 1024 * 1024


def empty(tmp: Path, _mp: pytest.MonkeyPatch) -> Path:
    path = tmp / "vide.txt"
    path.write_bytes(b"")
    return path


def random_bytes(tmp: Path, _mp: pytest.MonkeyPatch) -> Path:
    path = tmp / "bruit.bin"
    path.write_bytes(random.Random(0).randbytes(64 * 1024))
    return path


def fifty_megabytes_of_text(tmp: Path, _mp: pytest.MonkeyPatch) -> Path:
    path = tmp / "enorme.txt"
    line = "Une ligne de texte ordinaire sur la pauvreté et l'insertion.\n".encode()
    with path.open("wb") as f:
        f.write(line * (FIFTY_MB // len(line) + 1))
    return path


def french_prose(tmp: Path, _mp: pytest.MonkeyPatch) -> Path:
    path = tmp / "recette.txt"
    path.write_text("Tarte aux pommes\n\nÉplucher six pommes, étaler la pâte brisée, "
                    "cuire quarante minutes à 180 °C. Servir tiède avec une crème fraîche.\n",
                    encoding="utf-8")
    return path


def unknown_extension(tmp: Path, _mp: pytest.MonkeyPatch) -> Path:
    path = tmp / "donnees.xyz"
    path.write_bytes(b"\x00\x01\x02XYZ\xff\xfe" * 2048)
    return path


def unreadable(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    path = tmp / "interdit.txt"
    path.write_text("Convention pauvreté", encoding="utf-8")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the read fail as it would for a user
        real_read_bytes = Path.read_bytes

        def refuse(self: Path) -> bytes:
            if self.name == path.name:
                raise PermissionError(13, "Permission denied", str(self))
            return real_read_bytes(self)

        mp.setattr(Path, "read_bytes", refuse)
    return path


def vanished(tmp: Path, _mp: pytest.MonkeyPatch) -> Path:
    return tmp / "disparu.txt"


def broken_link(tmp: Path, _mp: pytest.MonkeyPatch) -> Path:
    path = tmp / "lien-casse.txt"
    path.symlink_to(tmp / "cible-absente.txt")
    return path


def named_pipe(tmp: Path, _mp: pytest.MonkeyPatch) -> Path:
    path = tmp / "tube.txt"
    os.mkfifo(path)
    return path


def reader_bug(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    path = tmp / "bogue.txt"
    path.write_text("Convention d'appui à la lutte contre la pauvreté", encoding="utf-8")
    real_read_bytes = process.read_bytes

    def crash_on_it(data, name, *args, **kwargs):
        if Path(name).name == path.name:
            raise ZeroDivisionError("division by zero")
        return real_read_bytes(data, name, *args, **kwargs)

    mp.setattr(process, "read_bytes", crash_on_it)
    return path


def built(builder: Callable[[int], tuple[str, bytes]], size: int):
    """A case writing one of the pathological inputs at `size`."""
    def make(tmp: Path, _mp: pytest.MonkeyPatch) -> Path:
        name, data = builder(size)
        path = tmp / name
        path.write_bytes(data)
        return path
    return make


CASES: dict[str, tuple[Callable[[Path, pytest.MonkeyPatch], Path], str]] = {
    "empty": (empty, "fichier vide / empty file"),
    "random bytes": (random_bytes, " / "),
    "50 MB of text": (fifty_megabytes_of_text, "trop volumineux"),
    "French text, not CALPAE": (french_prose, "n'est pas une convention"),
    "unknown extension, binary": (unknown_extension, " / "),
    "no read permission": (unreadable, "lecture refusée"),
    "path that vanished": (vanished, "fichier introuvable / file not found"),
    "broken symbolic link": (broken_link, "fichier introuvable"),
    "named pipe": (named_pipe, "pas un fichier ordinaire"),
    "unexpected exception": (reader_bug, "erreur inattendue"),
    # Pathological inputs: each is refused at once (or read in linear time and found empty).
    "only newlines": (built(pathological.newlines, 20_000), "fichier sans texte"),
    "only tabs and CR/LF": (built(pathological.tabs_and_crlf, 20_000), "fichier sans texte"),
    "CALPAE header, then 300 000 newlines": (built(pathological.calpae_then_newlines, 300_000),
                                             "trop de lignes"),
    "CALPAE header, then a 200 KB line": (built(pathological.one_long_line, 200_000),
                                          "trop longue"),
    "5 000 nested HTML tags": (built(pathological.nested_html, 5_000), "trop profondément"),
    "Markdown table of 60 000 cells": (built(pathological.markdown_table, 12_000),
                                       "tableaux trop grands"),
    "DOCX cell spanning 10^6 columns": (built(pathological.docx_grid_span, 1_000_000),
                                        "fusionnée sur 1 000 000 colonnes"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_file_is_reported_and_the_good_one_kept(case: str, tmp_path: Path,
                                                    seed_files: list[Path], ingest_refuses,
                                                    monkeypatch: pytest.MonkeyPatch):
    make, reason = CASES[case]
    bad_dir = tmp_path / "entrees"
    bad_dir.mkdir()
    ingest_refuses(make(bad_dir, monkeypatch), seed_files[0], reason)


def runaway_step(slow: Callable[[], None], bad_name: str, mp: pytest.MonkeyPatch) -> None:
    """Make extraction of the file named bad_name run `slow` first."""
    real_extract = process.extract

    def extract(source):
        if source.file.name == bad_name:
            slow()
        return real_extract(source)

    mp.setattr(process, "extract", extract)


def checks_forever() -> None:
    while True:  # a loop of Python code that calls the budget's check, as readers do
        deadline.check()
        time.sleep(0.005)


def catastrophic_regex() -> None:
    # Exponential backtracking inside one C call (seconds), which no check() can reach.
    re.match(r"(a*)*b", "a" * 27)


@pytest.mark.parametrize("slow", [checks_forever, catastrophic_regex],
                         ids=["loop with checks", "regular expression"])
def test_time_budget_ends_a_runaway_file(slow, tmp_path: Path, seed_files: list[Path],
                                         ingest_refuses, monkeypatch: pytest.MonkeyPatch):
    # A tiny base budget; the good file keeps its time per 100 KB, the bad one is a few bytes.
    monkeypatch.setenv("CALPAE_TIME_BUDGET", "0.2")
    monkeypatch.setenv("CALPAE_TIME_PER_100KB", "60")
    bad = tmp_path / "sans-fin.txt"
    bad.write_text("Convention d'appui à la lutte contre la pauvreté", encoding="utf-8")
    runaway_step(slow, bad.name, monkeypatch)
    ingest_refuses(bad, seed_files[0], "budget de temps du fichier dépassé")
