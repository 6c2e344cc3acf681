"""Demo corpus: coherent multi-year CALPAE dossiers of real départements, written in the
styles and formats of the seeds, with inconsistencies planted at a known rate and recorded in
a manifest (`calpae demo-corpus`). Imports `calpae.values` and `calpae.model` only."""

from __future__ import annotations
