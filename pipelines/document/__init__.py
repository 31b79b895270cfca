"""Stage 4, document: the report as its readers see it: loading a section's data, sections, sentences
written from the figures, charts and tables as shown. Imports measures and the stages below."""
