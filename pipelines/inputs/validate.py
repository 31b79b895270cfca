"""The validation gate: the Great Expectations suites in expectations/ run through a checkpoint on
every raw table before anything else happens. Failing data stops the run with a message naming the
file, column, rule and example rows. Great Expectations is imported here only (it is slow to import)."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.inputs.contract import EXPECTATIONS_DIR, reference_sets
from pipelines.inputs.files import RawTable
from pipelines.inputs.plausibility import plausibility_failures

EXAMPLES = 5


@dataclass
class Failure:
    table: str
    file: str
    column: str
    rule: str
    expectation: str
    count: int | None
    lines: list = field(default_factory=list)  # file line numbers (header is line 1), or sheet rows
    values: list = field(default_factory=list)
    headers: dict = field(default_factory=dict)  # canonical column -> the export's header, when mapped
    line_word: str = "line"  # "row" for a workbook sheet

    def describe(self) -> str:
        names = [self._named(n) for n in self.column.split(", ")] if self.column else []
        where = f"column {names[0]}" if len(names) == 1 else "columns " + " and ".join(names) if names else "the table"
        text = f"{self.file}: {where} {self.rule} [{self.expectation}]"
        if self.count:
            text += f": {self.count} row{'s' if self.count != 1 else ''}"
        if self.lines:
            examples = ", ".join(f"{self.line_word} {ln} ({v})" for ln, v in zip(self.lines, self.values))
            text += f", e.g. {examples}"
        return text

    def _named(self, column: str) -> str:
        header = self.headers.get(column)
        return f"'{column}'" + (f' (export column "{header}")' if header and header != column else "")


class DataValidationError(Exception):
    """Input data broke the contract; nothing was written."""

    def __init__(self, failures: list[Failure]):
        self.failures = failures
        super().__init__(
            "Input data failed validation; nothing was rendered and earlier outputs are "
            "unchanged:\n" + "\n".join(f"  - {f.describe()}" for f in failures)
        )


@dataclass
class ValidationReport:
    success: bool
    tables: dict  # table -> {"file", "rows", "expectations", "failed"}
    failures: list
    context: object = field(default=None, repr=False)  # the GX context, for building Data Docs later

    def build_data_docs(self, folder: Path) -> Path | None:
        """Great Expectations Data Docs for this validation (internal: they load remote styles)."""
        if self.context is None:
            return None
        self.context.add_data_docs_site(
            site_name="validation",
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(folder)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
        self.context.build_data_docs(site_names=["validation"])
        return folder / "index.html"

    def notes(self) -> list[str]:
        """What the analyst must check by hand, with the rows to check (an export whose day/month dates
        cannot show their order): printed by `validate` and `run`, kept in the run's log and the internal
        validation summary, never published (they name export lines)."""
        return [note for info in self.tables.values() for note in info.get("notes", [])]

    def to_json(self, published: bool = False) -> dict:
        """The summary; `published`: as the report's own folder and manifest carry it, each table's notes
        counted (`to_check`) but never quoted."""
        tables = {name: _published(info) for name, info in self.tables.items()} if published else self.tables
        return {
            "success": self.success,
            "tables": tables,
            "failures": [f.__dict__ | {"message": f.describe()} for f in self.failures],
        }


def _published(info: dict) -> dict:
    notes = info.get("notes", [])
    return {k: v for k, v in info.items() if k != "notes"} | ({"to_check": len(notes)} if notes else {})


def load_suite(table: str) -> dict:
    return json.loads((EXPECTATIONS_DIR / f"{table}.json").read_text(encoding="utf-8"))


def _columns_of(kwargs: dict) -> list:
    cols = [kwargs.get("column"), kwargs.get("column_A"), kwargs.get("column_B")]
    return [c for c in cols + list(kwargs.get("column_list", [])) if c]


def profile_expectations(table: str, columns, profile) -> list[dict]:
    """The authority's own lists (service areas, divisions), added to the shared suite at run time:
    only labels the profile knows can reach a published table."""
    if profile is None:
        return []
    lists = {
        "service_area": profile.service_areas + list(profile.raw.get("adult_service_areas", [])),
        "division": profile.divisions,
    }
    out = [
        {
            "type": "expect_column_values_to_be_in_set",
            "kwargs": {"column": column, "value_set": values},
            "meta": {
                "rule": f"must be one of the {column.replace('_', ' ')}s listed in config/authorities/{profile.key}.yaml"
            },
        }
        for column, values in lists.items()
        if column in columns and values
    ]
    themes = profile.raw.get("compliment_themes" if table == "compliments" else "themes")
    if "themes" in columns and themes:
        words = "|".join(re.escape(t) for t in themes)
        out.append(
            {
                "type": "expect_column_values_to_match_regex",
                "kwargs": {"column": "themes", "regex": rf"^(?:{words})(?:;(?:{words}))*$"},
                "meta": {
                    "rule": f"each theme must be one listed under "
                    f"{'compliment_themes' if table == 'compliments' else 'themes'} in "
                    f"config/authorities/{profile.key}.yaml (free text is never published)"
                },
            }
        )
    return out


def validate(raw: dict[str, RawTable], profile=None, year: str | None = None, label_check=None) -> ValidationReport:
    """Run every table's suite (plus the profile's own lists) through a GX checkpoint, then, given
    the report year, the plausibility checks across rows and tables (pipelines/inputs/plausibility.py);
    raise DataValidationError on any failure. `label_check`: see plausibility_failures."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")  # never phone home
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("raw_exports")
    failures, summary = [], {}
    cross_table = reference_sets(raw)
    for name, table in raw.items():
        frame, file = (
            table.frame,
            table.where if table.path else f"({name}: {'DfE statistics' if table.sources else 'no file'})",
        )
        suite_spec = load_suite(name)
        present = set(frame.columns)
        configs = []
        for exp in (
            suite_spec["expectations"] + profile_expectations(name, present, profile) + cross_table.get(name, [])
        ):
            needed = _columns_of(exp["kwargs"]) + [c for c in [exp["meta"].get("condition_column")] if c]
            missing = [c for c in needed if c not in present]
            # A missing column is reported once, by its expect_column_to_exist rule.
            if missing and exp["type"] != "expect_column_to_exist":
                continue
            configs.append(ExpectationConfiguration(type=exp["type"], kwargs=exp["kwargs"], meta=exp["meta"]))
        suite = context.suites.add(
            gx.ExpectationSuite(
                name=name, expectations=[c.to_domain_obj() for c in configs], meta=suite_spec.get("meta", {})
            )
        )
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("export")
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name=f"{name}_gate",
                validation_definitions=[definition],
                result_format={"result_format": "COMPLETE", "partial_unexpected_count": EXAMPLES},
            )
        )
        result = checkpoint.run(batch_parameters={"dataframe": frame})
        failed = 0
        for run in result.run_results.values():
            for res in run.results:
                if res.success:
                    continue
                failed += 1
                failures.append(_failure(name, file, res, frame, table))
        summary[name] = {"file": file, "rows": int(len(frame)), "expectations": len(configs), "failed": failed}
        if table.notes:  # warnings to check by hand (dates that could be read either way round)
            summary[name]["notes"] = list(table.notes)
    if profile is not None and year is not None:
        found = plausibility_failures(raw, profile, year, _plausibility_failure, label_check)
        failures += found
        for item in found:
            summary[item.table]["failed"] += 1
    report = ValidationReport(success=not failures, tables=summary, failures=failures, context=context)
    if failures:
        raise DataValidationError(failures)
    return report


def _failure(table: str, file: str, res, frame, raw: RawTable) -> Failure:
    config = res.expectation_config
    kwargs = config.kwargs
    column = kwargs.get("column") or ", ".join(_columns_of(kwargs))
    info = res.result or {}
    if res.exception_info and res.exception_info.get("raised_exception"):
        rule = f"could not be checked: {res.exception_info.get('exception_message')}"
    else:
        rule = (config.meta or {}).get("rule", config.type)
    index = list(info.get("unexpected_index_list") or [])[:EXAMPLES]
    values = [_show(frame.loc[i, _columns_of(kwargs)]) for i in index] if index else []
    return Failure(
        table=table,
        file=file,
        column=column,
        rule=rule,
        expectation=config.type,
        count=info.get("unexpected_count"),
        lines=[raw.line(i) for i in index],
        values=values,
        headers={c: raw.headers[c] for c in _columns_of(kwargs) if c in raw.headers},
        line_word="row" if raw.sheet else "line",
    )


def _plausibility_failure(table, raw: RawTable, column, rule, check, index, values) -> Failure:
    index = list(index)
    return Failure(
        table=table,
        file=raw.where if raw.path else f"({table}: no file)",
        column=column,
        rule=rule,
        expectation=check,
        count=len(index) or None,
        lines=[int(i) + 2 for i in index[:EXAMPLES]],
        values=[f"{column}={v!r}" for v in list(values)[:EXAMPLES]],
        headers={column: raw.headers[column]} if column in raw.headers else {},
        line_word="row" if raw.sheet else "line",
    )


def _show(row) -> str:
    return ", ".join(f"{k}={v!r}" if str(v) != "<NA>" else f"{k}=blank" for k, v in row.items())
