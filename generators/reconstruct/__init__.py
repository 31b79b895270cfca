"""Case-level reconstructions of real published reports: raw exports, in the data contract's form,
built from a report's published aggregates (transcribed in tests/golden/) so that the pipeline can
be checked against every figure the authority published."""
