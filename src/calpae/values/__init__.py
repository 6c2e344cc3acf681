"""French value parsers: amounts, dates, legal references, territories. Pure functions."""
