"""Stage 1, inputs: the raw exports read as text (CSV or XLSX, encodings, UK and Excel dates), mapped by
the profile's `source` section, DfE context statistics, the data contract's generated expectations and
the Great Expectations gate. Imports only pipelines.config."""
