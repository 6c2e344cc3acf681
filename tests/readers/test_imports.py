"""Reading a text file must not pay for the libraries of the binary formats."""

from __future__ import annotations

import subprocess
import sys
import textwrap

HEAVY = ("docx", "pypdfium2", "pdfplumber", "pytesseract", "PIL", "numpy")


def modules_after(code: str) -> set[str]:
    """The heavy top-level modules loaded by a fresh interpreter after running code."""
    script = textwrap.dedent(code) + textwrap.dedent(f"""
        import sys
        print(" ".join(m for m in {HEAVY!r} if m in sys.modules))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    return set(done.stdout.split())


def test_importing_the_readers_loads_no_binary_format_library():
    assert modules_after("import calpae.readers") == set()


def test_choosing_a_reader_loads_no_binary_format_library():
    loaded = modules_after("""
        from calpae.readers import choose_reader
        heads = [b"%PDF-1.7\\n", b"PK\\x03\\x04word/document.xml", b"\\x89PNG\\r\\n\\x1a\\n"]
        assert [choose_reader(h, "f").format for h in heads] == ["pdf", "docx", "image"]
    """)
    assert loaded == set()


def test_reading_a_text_file_loads_no_binary_format_library(tmp_path):
    path = tmp_path / "convention.txt"
    path.write_text("Convention d'appui à la lutte contre la pauvreté\n", encoding="utf-8")
    assert modules_after(f"""
        from calpae.readers import read_file
        assert "pauvreté" in read_file({str(path)!r}).text
    """) == set()


def test_reading_a_pdf_loads_its_library(loiret_pdf, tmp_path):
    path = tmp_path / "convention.pdf"
    path.write_bytes(loiret_pdf)
    assert "pypdfium2" in modules_after(f"""
        from calpae.readers import read_file
        read_file({str(path)!r})
    """)
