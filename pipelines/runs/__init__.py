"""Stage 6, runs: one authority-year from raw exports to a published folder (papermill kernels,
staging, swapping in), batches of many, verify, and the complaints-report command line. Imports any
stage below; nothing in the package imports it."""
