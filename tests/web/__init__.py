"""Tests of the web interface (`calpae.web`)."""
