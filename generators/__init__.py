"""Demonstration and test data generators (demo exports, example exports, reconstructions of
published reports). Outside the product package: they may import pipelines, never the reverse."""
