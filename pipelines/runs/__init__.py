"""Stage 6, runs: one authority-year from raw exports to a published folder (papermill kernels,
staging, swapping in), batches of many, verify, and the complaints-report command line. The top:
nothing imports it."""
