"""Stage 3, measures: one function per published figure or table, each returning a Table with the
case references behind every cell. Imports rules, inputs and config."""
