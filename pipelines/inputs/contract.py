"""The input data contract (config/tables.yaml) turned into its two readable forms: the Great
Expectations suites in expectations/ and docs/data-contract.md. Both are generated, committed, and
checked against this module by the tests, so the contract has one source of truth."""

from __future__ import annotations

import json

from pipelines import ROOT
from pipelines.config.vocabulary import codes, tables, taxonomy

EXPECTATIONS_DIR = ROOT / "expectations"
CONTRACT_DOC = ROOT / "docs" / "data-contract.md"

# How each column type is checked in the raw (text) export.
# A real Gregorian date written YYYY-MM-DD, as one regular expression: 30-day months, February with 28
# days, or 29 in a leap year (divisible by 4, not by 100 unless by 400). GX checks a regex over the whole
# column at once; its strftime check parses every value in Python (about 9 s per million values).
ISO_DATE = (
    r"^(?:\d{4}-(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])"
    r"|\d{4}-(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|\d{4}-02-(?:0[1-9]|1\d|2[0-8])"
    r"|(?:\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$"
)
TYPE_RULES = {
    "date": ("expect_column_values_to_match_regex", {"regex": ISO_DATE}, "must be a real date written YYYY-MM-DD"),
    "int": ("expect_column_values_to_match_regex", {"regex": r"^-?\d+$"}, "must be a whole number"),
    "bool": ("expect_column_values_to_be_in_set", {"value_set": ["true", "false"]}, "must be true or false"),
    "money": (
        "expect_column_values_to_match_regex",
        {"regex": r"^\d+(?:\.\d{1,2})?$"},
        "must be an amount in pounds such as 1250.50 (no £ sign, not negative)",
    ),
}


def _expectation(kind: str, rule: str, **kwargs) -> dict:
    return {"type": kind, "kwargs": kwargs, "meta": {"rule": rule}}


def suite_for(table: str) -> dict:
    """The GX expectation suite (as its JSON dict) for one canonical table."""
    spec = tables()[table]
    expectations = []
    for column, col in spec["columns"].items():
        if col.get("required"):
            expectations.append(_expectation("expect_column_to_exist", "is a required column", column=column))
            expectations.append(_expectation("expect_column_values_to_not_be_null", "must not be blank", column=column))
    for column, col in spec["columns"].items():
        allowed = col.get("values")
        if allowed and col["type"] == "list":
            alternatives = "|".join(str(c) for c in codes(allowed))
            expectations.append(
                _expectation(
                    "expect_column_values_to_match_regex",
                    f"each item must be one of the {allowed} codes, separated by ';'",
                    column=column,
                    regex=rf"^(?:{alternatives})(?:;(?:{alternatives}))*$",
                )
            )
        elif allowed:
            expectations.append(
                _expectation(
                    "expect_column_values_to_be_in_set",
                    f"must be one of the {allowed} codes in config/taxonomy.yaml",
                    column=column,
                    value_set=[str(c) for c in codes(allowed)],
                )
            )
        elif col["type"] in TYPE_RULES:
            kind, kwargs, rule = TYPE_RULES[col["type"]]
            expectations.append(_expectation(kind, rule, column=column, **kwargs))
        if "pattern" in col:
            expectations.append(
                _expectation(
                    "expect_column_values_to_match_regex",
                    f"must match {col['pattern']}",
                    column=column,
                    regex=col["pattern"],
                )
            )
    key = spec["key"]
    if len(key) == 1:
        expectations.append(
            _expectation("expect_column_values_to_be_unique", "must be unique (no duplicate references)", column=key[0])
        )
    else:
        expectations.append(
            _expectation(
                "expect_compound_columns_to_be_unique",
                f"each combination of {' + '.join(key)} must appear once",
                column_list=key,
            )
        )
    for column, when, value in spec.get("requires", []):
        expectations.append(_required_when(spec, column, when, value))
    for later, earlier in spec.get("order", []):
        expectations.append(
            _expectation(
                "expect_column_pair_values_a_to_be_greater_than_b",
                f"{later} may not be earlier than {earlier}",
                column_A=later,
                column_B=earlier,
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            )
        )
    return {
        "name": table,
        "expectations": expectations,
        "meta": {"generated_from": "config/tables.yaml", "row": spec["row"]},
    }


def _required_when(spec: dict, column: str, when: str, value: str) -> dict:
    """`column` must be filled in the rows where `when` is `value` (or, for a list, includes it). The
    condition is a pandas query over the raw text, which GX applies before counting blanks."""
    if spec["columns"][when]["type"] == "list":
        condition = f'{when}.str.contains("(?:^|;){value}(?:;|$)", na=False)'
        wording = f"must not be blank where {when} includes {value}"
    else:
        condition = f"{when} == {value!r}"
        wording = f"must not be blank where {when} is {value}"
    expectation = _expectation(
        "expect_column_values_to_not_be_null",
        wording,
        column=column,
        row_condition=condition,
        condition_parser="pandas",
    )
    expectation["meta"]["condition_column"] = when  # an export without it is not checked
    return expectation


def default_text(col: dict) -> str:
    """How docs/data-contract.md states what a blank optional column means."""
    default = col.get("default")
    if default is None:
        return ""
    if isinstance(default, dict):
        return f"blank: true where `{default['from']}` is filled, else false"
    return f"blank: {str(default).lower()}"


def reference_sets(raw: dict) -> dict:
    """For each column that refers to another table (`references:` in config/tables.yaml), the
    expectation that its filled values are that table's values, built from the tables being
    validated (a cross-table check GX runs like any other)."""
    out = {}
    for table, spec in tables().items():
        for column, target in (spec.get("references") or {}).items():
            other, other_column = target.split(".")
            if other not in raw or other_column not in raw[other].frame or table not in raw:
                continue
            # only the referring column's own values that the other table has: the same check, with a set
            # the size of this (small) table, not of the other's (a million complaints)
            mine = set(raw[table].frame[column].dropna()) if column in raw[table].frame else set()
            values = sorted(set(raw[other].frame[other_column].dropna()) & mine)
            out.setdefault(table, []).append(
                _expectation(
                    "expect_column_values_to_be_in_set",
                    f"must be a {other_column} of a row in {other} (the {other} export)",
                    column=column,
                    value_set=values,
                )
            )
    return out


def suite_text(table: str) -> str:
    return json.dumps(suite_for(table), indent=2, ensure_ascii=False) + "\n"


def contract_markdown() -> str:
    lines = [
        "# Input data contract",
        "",
        "Generated from `config/tables.yaml` by `complaints-report contract`; do not edit by hand.",
        "Each table is one CSV file in `data/raw/<authority>/<year>/` (UTF-8, header row, one row per",
        "record). Dates are `YYYY-MM-DD`; true/false columns are `true` or `false`; lists separate",
        "items with `;`. Codes are the canonical codes of `config/taxonomy.yaml`; an authority profile",
        "maps its own export's labels onto them.",
        "",
    ]
    for table, spec in tables().items():
        lines += [
            f"## `{table}` ({spec['file']})",
            "",
            f"One row = {spec['row']}. Key: {' + '.join(f'`{k}`' for k in spec['key'])} (unique).",
            "",
            "| column | type | required | allowed values | meaning |",
            "|---|---|---|---|---|",
        ]
        for column, col in spec["columns"].items():
            allowed = ", ".join(f"`{c}`" for c in codes(col["values"])) if col.get("values") else col.get("pattern", "")
            required = (
                "yes"
                if col.get("required")
                else "no" + (f" ({default_text(col)})" if col.get("default") is not None else "")
            )
            lines.append(f"| `{column}` | {col['type']} | {required} | {allowed} | {col['description']} |")
        for later, earlier in spec.get("order", []):
            lines.append(f"\nRule: `{later}` may not be earlier than `{earlier}`.")
        for column, when, value in spec.get("requires", []):
            verb = "includes" if spec["columns"][when]["type"] == "list" else "is"
            lines.append(f"\nRule: `{column}` may not be blank where `{when}` {verb} `{value}`.")
        for column, target in (spec.get("references") or {}).items():
            lines.append(f"\nRule: a filled `{column}` must be a `{target.split('.')[1]}` in `{target.split('.')[0]}`.")
        lines.append("")
    lines += ["## Code labels", "", "What each code prints as in the report (from `config/taxonomy.yaml`).", ""]
    for name in (
        "outcomes",
        "complainant_types",
        "enquiry_types",
        "lgsco_decisions",
        "lgsco_remedies",
        "council_stages",
        "lgsco_routes",
        "cost_types",
        "context_measures",
    ):
        lines += [f"### {name}", ""]
        for code, entry in taxonomy()[name].items():
            text = entry["label"] if isinstance(entry, dict) else entry
            lines.append(f"- `{code}`: {text}")
        lines.append("")
    return "\n".join(lines)


def write_all() -> list:
    """Regenerate expectations/*.json and docs/data-contract.md; returns the paths written."""
    EXPECTATIONS_DIR.mkdir(exist_ok=True)
    CONTRACT_DOC.parent.mkdir(exist_ok=True)
    written = []
    for table in tables():
        path = EXPECTATIONS_DIR / f"{table}.json"
        path.write_text(suite_text(table), encoding="utf-8")
        written.append(path)
    CONTRACT_DOC.write_text(contract_markdown(), encoding="utf-8")
    return written + [CONTRACT_DOC]
