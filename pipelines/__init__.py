"""Statutory annual report on children's services complaints: the tested library behind the notebooks.

The sub-packages are the stages the data flows through, and each imports only from the stages below
it (checked by import-linter, `.importlinter`):

    runs      one run, batches, verify, the command line
    publish   HTML pages, PDF, workbook, output checks, manifest, regional pages
    document  the report: sections, sentences, charts, tables as shown
    measures  one function per published figure or table
    rules     calendar and working days, rounding, derived fields, disclosure control, redaction
    inputs    reading exports, the profile's source mapping, the contract, the Great Expectations gate
    config    profiles, taxonomy and the data contract's definition (config/*.yaml)
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
