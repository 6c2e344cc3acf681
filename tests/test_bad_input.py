"""Bad files through `calpae ingest`: one clear line each, nothing stored, the good files kept."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from calpae import process

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
}


@pytest.mark.parametrize("case", CASES)
def test_bad_file_is_reported_and_the_good_one_kept(case: str, tmp_path: Path,
                                                    seed_files: list[Path], ingest_refuses,
                                                    monkeypatch: pytest.MonkeyPatch):
    make, reason = CASES[case]
    bad_dir = tmp_path / "entrees"
    bad_dir.mkdir()
    ingest_refuses(make(bad_dir, monkeypatch), seed_files[0], reason)
