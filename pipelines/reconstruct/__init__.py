"""Case-level reconstructions of real published reports: raw exports built from a report's published
figures (tests/golden/), so that the pipeline can be checked against what the authority published."""
