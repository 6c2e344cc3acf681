"""Pathological inputs built at run time: whitespace floods, huge lines, tables and nestings.

Each builder takes a size (its unit is in the name of its `CASES` entry) and returns the
file's name and bytes. The CALPAE-like ones start with a made-up but plausible convention
header, so that they get through classification and exercise the whole extraction.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

HEADER = """PRÉFET DU DÉPARTEMENT IMAGINAIRE

CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI
Exercice 2024

ENTRE
L'État, représenté par Monsieur Jean EXEMPLE, Préfet du département, ci-après « l'État »,
ET
Le Département, représenté par Madame Anne MODELE, Présidente du Conseil départemental,

Vu la loi n° 2023-1322 du 29 décembre 2023 de finances pour 2024 ;
Vu la délibération de la commission permanente du 2 avril 2024 ;

IL EST CONVENU CE QUI SUIT :

ARTICLE 1 – OBJET
La présente convention fixe les engagements de l'État et du Département.

ARTICLE 2 – FINANCEMENT
Au titre de l'année 2024, l'État verse au Département la somme de 123 456 €.

Fait à Exempleville, le 3 mai 2024, en deux exemplaires.

FICHE ACTION N°1 – Accompagner les jeunes sortant de l'aide sociale à l'enfance
Participation de l'État : 61 728 €
Participation du Département : 61 728 €
Coût total de l'action : 123 456 €
Indicateurs : nombre de jeunes accompagnés.

"""

# A sentence of the kind a convention holds, with amounts, dates, references and a fiche.
PROSE = ("Vu la loi n° 2018-1317 du 28 décembre 2018, l'État apporte 12 345,67 € au "
         "Département (fiche action n° 2, participation de l'État : 1 000 000 €) ; ")


def newlines(n: int) -> tuple[str, bytes]:
    """n bytes, all newlines."""
    return "sauts-de-ligne.txt", b"\n" * n


def tabs_and_crlf(n: int) -> tuple[str, bytes]:
    """n bytes of tabs, carriage returns and line feeds only."""
    unit = b"\t\r\n\t\t\r\r\n\n\t"
    return "tabulations.txt", (unit * (n // len(unit) + 1))[:n]


def one_long_line(n: int) -> tuple[str, bytes]:
    """A CALPAE header, then one line of about n bytes of convention-like prose."""
    prose = PROSE.encode()
    return "ligne-geante.txt", HEADER.encode() + prose * (n // len(prose) + 1) + b"\n"


def many_lines(n: int) -> tuple[str, bytes]:
    """A CALPAE header, then about n bytes of short convention-like lines."""
    line = (PROSE.rstrip(" ;") + "\n").encode()
    return "lignes.txt", HEADER.encode() + line * (n // len(line) + 1)


def calpae_then_newlines(n: int) -> tuple[str, bytes]:
    """A CALPAE header, then n newlines."""
    return "entete-et-sauts.txt", HEADER.encode() + b"\n" * n


def nested_html(n: int) -> tuple[str, bytes]:
    """n nested <div> elements around one word."""
    body = b"<div>" * n + b"pauvret\xc3\xa9" + b"</div>" * n
    return "imbrique.html", b"<!DOCTYPE html><html><body>" + body + b"</body></html>"


def markdown_table(n: int) -> tuple[str, bytes]:
    """A CALPAE header, then a pipe table of n rows of actions and amounts."""
    rows = [f"| Action {i} | Fiche {i} | {1000 + i} € | {2000 + i} € | {3000 + 2 * i} € |"
            for i in range(1, n + 1)]
    table = "| Action | Fiche | État | Département | Total |\n|---|---|---|---|---|\n"
    return "tableau.md", (HEADER + table + "\n".join(rows) + "\n").encode()


def tab_table(n: int) -> tuple[str, bytes]:
    """A CALPAE header, then a tab-separated table of n rows."""
    rows = [f"Action {i}\t{1000 + i} €\t{2000 + i} €\t{3000 + 2 * i} €" for i in range(1, n + 1)]
    return "tableau.txt", (HEADER + "Action\tÉtat\tDépartement\tTotal\n"
                           + "\n".join(rows) + "\n").encode()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def docx_grid_span(span: int) -> tuple[str, bytes]:
    """A DOCX with the CALPAE header and a two-row table whose first cell spans `span`
    grid columns (the grid itself declares two)."""
    header = "".join(_paragraph(line.replace("&", "&amp;")) for line in HEADER.splitlines())
    cell = ("<w:tc><w:tcPr><w:gridSpan w:val=\"{span}\"/></w:tcPr>"
            + _paragraph("Action 1") + "</w:tc>")
    plain = "<w:tc>" + _paragraph("1 000 €") + "</w:tc>"
    table = ("<w:tbl><w:tblGrid><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/></w:tblGrid>"
             f"<w:tr>{cell.format(span=span)}{plain}</w:tr><w:tr>{plain}{plain}</w:tr></w:tbl>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{_W}"><w:body>{header}{table}'
                f'{_paragraph("Fin.")}</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document)
    return "fusion.docx", buffer.getvalue()


# name -> (builder, unit of its size, size at 1x for the benchmark). The reported inputs
# (a 10 MB line, 100 000 nested tags, 50 000 rows, a 10^6 span) are refused by a limit at
# every size; the others stay within the limits up to 8x, to show linear growth.
CASES: dict[str, tuple[Callable[[int], tuple[str, bytes]], str, int]] = {
    "newlines": (newlines, "bytes", 1_250_000),
    "tabs and CR/LF": (tabs_and_crlf, "bytes", 1_250_000),
    "CALPAE + newlines": (calpae_then_newlines, "bytes", 24_000),
    "CALPAE + one 10 MB line": (one_long_line, "bytes", 1_250_000),
    "CALPAE + a line under the limit": (one_long_line, "bytes", 12_000),
    "CALPAE + many lines": (many_lines, "bytes", 250_000),
    "nested HTML tags": (nested_html, "tags", 100_000),
    "Markdown table": (markdown_table, "rows", 50_000),
    "tab-separated table": (tab_table, "rows", 1_200),
    "DOCX gridSpan": (docx_grid_span, "span", 1_000_000),
}
