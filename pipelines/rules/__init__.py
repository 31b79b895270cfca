"""Stage 2, rules: the statutory and house rules applied to validated cases: working days and due
dates, half-up rounding and percentages, the derived fields (financial year, quarter, timescale, on
time), disclosure control of small counts and redaction of free text. Imports inputs and config."""
