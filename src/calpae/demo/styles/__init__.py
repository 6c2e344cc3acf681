"""The writing styles of the demo documents, one module each: `plain` (word-processor text),
`markdown` (converter exports with tab/pipe/HTML tables), `flat` (a PDF's text layer, tables
flattened line by line) and `ocr` (OCR text with realistic damage). Each has `NAME`, the
`FORMATS` it is written in, `layout(doc, rng)` (what it prints) and `blocks(doc)`."""

from __future__ import annotations

from calpae.demo.styles import flat, markdown, ocr, plain

STYLES = {module.NAME: module for module in (plain, markdown, flat, ocr)}
