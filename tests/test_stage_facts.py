"""The facts added to the contract (Ombudsman route and stage reached, stage 2 offered because stage
1 was late, panels held, compliments recorded or not, context measures of any name), their defaults
and cross-table checks, further timescale limits, and the measures that publish them. Expected
values are worked out by hand from the tiny fixture (tests/tiny.py, whose docstring has the working
days of every row)."""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines.config.profile import load_profile
from pipelines.config.vocabulary import ConfigError
from pipelines.inputs.ingest import read_raw, typed
from pipelines.inputs.validate import DataValidationError, validate
from pipelines.measures import context_figures, feedback, stage_facts
from pipelines.measures import ombudsman as lgsco
from pipelines.rules.derive import derive_all
from tests import tiny

TWO_YEARS = ["2023-24", "2024-25"]


def _derived(**texts) -> dict:
    frames = {name: typed(name, tiny.text_frame(name, texts.get(name))) for name in tiny.RAW}
    return derive_all(frames, load_profile("demo"), tiny.year_end("2024-25"))


def _with_column(table: str, column: str, values: dict, text: str | None = None) -> str:
    """The tiny CSV of `table` (or `text`) with one more column: values by the row's reference (and
    stage, for complaints), blank elsewhere."""
    lines = (text or tiny.RAW[table]).splitlines()
    out = [lines[0] + f",{column}"]
    for line in lines[1:]:
        first = line.split(",")[0]
        stage = line.split(",")[1] if table == "complaints" else None
        out.append(line + "," + values.get((first, stage) if table == "complaints" else first, ""))
    return "\n".join(out) + "\n"


# ---- defaults --------------------------------------------------------------------------------------


def test_blank_new_columns_take_their_documented_defaults():
    frames = _derived()
    complaints = frames["complaints"].set_index(["case_ref", "stage"])
    # stage2_offered_late: false; panel_held: true where date_panel is filled (T-007 stage 3 only).
    assert not complaints["stage2_offered_late"].any()
    assert complaints["panel_held"].sum() == 1 and bool(complaints.loc[("T-007", 3), "panel_held"])
    assert frames["compliments"]["recorded_as_compliment"].all()
    assert frames["ombudsman"]["route"].isna().all() and frames["ombudsman"]["complaint_ref"].isna().all()


# ---- the gate: conditional requirements and the cross-table check --------------------------------


def _raw_root(tmp_path, **texts):
    folder = tiny.write_raw(tmp_path / "tiny" / "2024-25")
    for table, text in texts.items():
        (folder / f"{table}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def test_new_facts_pass_the_gate_when_consistent(tmp_path):
    ombudsman = _with_column("ombudsman", "complaint_ref", {"TL-003": "T-007", "TL-005": "T-014"})
    report = validate(read_raw(load_profile("tiny"), "2024-25", _raw_root(tmp_path, ombudsman=ombudsman)))
    assert report.success


def test_payment_without_amount_panel_without_date_and_unknown_complaint_are_refused(tmp_path):
    # TL-002 (line 3) names a complaint the export does not hold; TL-003 (line 4) now has a payment
    # remedy and no amount.
    base = tiny.OMBUDSMAN.replace(
        "TL-003,2024-05-07,2024-09-30,SEND and inclusion,not_upheld,false,,",
        "TL-003,2024-05-07,2024-09-30,SEND and inclusion,upheld,false,apology;payment,",
    )
    ombudsman = _with_column("ombudsman", "complaint_ref", {"TL-002": "T-999", "TL-005": "T-014"}, base)
    complaints = _with_column("complaints", "panel_held", {("T-014", "2"): "true"})  # line 19, no date_panel
    root = _raw_root(tmp_path, ombudsman=ombudsman, complaints=complaints)
    with pytest.raises(DataValidationError) as info:
        validate(read_raw(load_profile("tiny"), "2024-25", root))
    found = {(f.table, f.column): (f.rule, f.lines) for f in info.value.failures}
    assert found == {
        ("ombudsman", "payment_amount"): ("must not be blank where remedies includes payment", [4]),
        ("ombudsman", "complaint_ref"): ("must be a case_ref of a row in complaints (the complaints export)", [3]),
        ("complaints", "date_panel"): ("must not be blank where panel_held is true", [19]),
    }


# ---- measures ----------------------------------------------------------------------------------


def test_working_days_average_and_median_by_stage():
    table = stage_facts.working_days_by_stage(tiny.frames()["complaints"], TWO_YEARS, "closed").data
    # Statutory stage 1 closed in 2024-25: T-005 10, T-006 11, T-007 18, T-009 10, T-011 20, T-015 9:
    # 6 responses, 78 days, average 13; median of 9 10 10 11 18 20 = (10 + 11) / 2 = 10.5 -> 11.
    assert table.loc["Statutory stage 1", ["2024/25 Responses", "2024/25 Average", "2024/25 Median"]].tolist() == [
        6,
        13,
        11,
    ]
    # 2023-24: T-001 8, T-002 14, T-017 9, T-018 17: average 48/4 = 12, median (9 + 14) / 2 = 11.5 -> 12.
    assert table.loc["Statutory stage 1", ["2023/24 Average", "2023/24 Median"]].tolist() == [12, 12]
    # Corporate stage 1 in 2024-25: T-008 14, T-014 19: 16.5 rounded half away from zero -> 17 (both).
    assert table.loc["Corporate stage 1", ["2024/25 Average", "2024/25 Median"]].tolist() == [17, 17]
    one_place = stage_facts.working_days_by_stage(tiny.frames()["complaints"], ["2024-25"], "closed", ndigits=1).data
    assert one_place.loc["Corporate stage 1", "2024/25 Average"] == 16.5


def test_working_days_with_no_responses_is_blank_not_zero():
    table = stage_facts.working_days_by_stage(tiny.frames()["complaints"], TWO_YEARS, "closed").data
    # Statutory stage 3: T-007 only, closed in 2024-25; none in 2023-24.
    assert table.loc["Statutory stage 3", "2023/24 Responses"] == 0
    assert pd.isna(table.loc["Statutory stage 3", "2023/24 Average"])
    assert table.loc["Statutory stage 3", "2024/25 Average"] == 45


def test_received_and_closed_side_by_side():
    table = stage_facts.received_and_closed_by_stage(tiny.frames()["complaints"], TWO_YEARS).data
    # Statutory stage 1 received 2024-25: T-006 T-007 T-009 T-011 T-012 T-013 T-015 = 7; closed: T-005 T-006
    # T-007 T-009 T-011 T-015 = 6 (T-005 received in 2023-24; T-012 and T-013 open).
    assert table.loc["Statutory stage 1", ["2024/25 Received", "2024/25 Closed"]].tolist() == [7, 6]
    # 2023-24: received T-001 T-002 T-005 T-017 T-018 = 5; closed T-001 T-002 T-017 T-018 = 4.
    assert table.loc["Statutory stage 1", ["2023/24 Received", "2023/24 Closed"]].tolist() == [5, 4]
    # Every row of the fixture received in 2024-25: 22 rows less the 8 received in 2023-24 = 14.
    assert table.loc["Total", "2024/25 Received"] == 14


def test_stage2_offered_because_stage1_was_late():
    # T-002's stage 1 was late (day 14 of 10): its stage 2 (received 1 Nov 2023) was offered for that.
    complaints = _with_column("complaints", "stage2_offered_late", {("T-002", "2"): "true", ("T-014", "2"): "false"})
    table = stage_facts.stage2_offered_late(_derived(complaints=complaints)["complaints"], TWO_YEARS).data
    # Stage 2 received: 2023-24 T-002; 2024-25 T-007 and T-014.
    assert table.to_dict(orient="index") == {
        "Stage 2 investigations": {"2023/24": 1, "2024/25": 2},
        "Offered because stage 1 was late": {"2023/24": 1, "2024/25": 0},
    }


def test_panels_requested_and_held():
    # T-007 stage 3: requested 1 Aug 2024, panel 10 Sep 2024 (held by default: it has a panel date).
    table = stage_facts.panels_held(tiny.frames()["complaints"], TWO_YEARS).data
    assert table.to_dict(orient="index") == {
        "Review panels requested": {"2023/24": 0, "2024/25": 1},
        "Review panels held": {"2023/24": 0, "2024/25": 1},
    }
    complaints = _with_column("complaints", "panel_held", {("T-007", "3"): "false"})
    table = stage_facts.panels_held(_derived(complaints=complaints)["complaints"], TWO_YEARS).data
    assert table.loc["Review panels held", "2024/25"] == 0


def test_each_stage_against_every_limit():
    profile = load_profile("demo")  # statutory stage 1: guidance 10 (20 extended), council also 20; stage 2: 25 and 40
    table = stage_facts.on_time_by_limit(
        tiny.frames()["complaints"], "2024-25", stage_facts.limit_headings(profile)
    ).data
    row = table.loc["Statutory stage 1"]
    # Days 10 (T-005), 11 (T-006, late), 18 (T-007, extended to 20), 10 (T-009), 20 (T-011, late), 9 (T-015):
    # the guidance's limits missed by 2 of 6 (4 within: 67%); the council's 20 met by all 6.
    assert (row["Responses"], row["Statutory guidance: limit"]) == (6, "10/20")
    assert (row["Statutory guidance: late"], row["Statutory guidance: % within"]) == (2, 67)
    assert (row["Council target: limit"], row["Council target: late"], row["Council target: % within"]) == (
        "20",
        0,
        100,
    )
    # T-007 stage 2 took 29 days: late by the guidance's 25, within the council's 40.
    stage2 = table.loc["Statutory stage 2"]
    assert (stage2["Statutory guidance: % within"], stage2["Council target: % within"]) == (0, 100)
    # Statutory stage 0 has no council limit: not applicable rather than 0%.
    assert pd.isna(table.loc["Statutory stage 0", "Council target: % within"])


def test_limits_are_checked_when_the_profile_loads(tmp_path, monkeypatch):
    import yaml

    from pipelines.config.profile import EXTRA_PROFILES, PROFILE_DIR

    raw = yaml.safe_load((PROFILE_DIR / "demo.yaml").read_text())
    raw["timescales"]["statutory"][1][0]["also"] = {"days": 20}
    (tmp_path / "badlimit.yaml").write_text(yaml.safe_dump(raw))
    monkeypatch.setenv(EXTRA_PROFILES, str(tmp_path))
    with pytest.raises(ConfigError, match=r"timescales.statutory.1.also: 'days' must be a lower-case name"):
        load_profile("badlimit")
    raw["timescales"]["statutory"][1][0]["also"] = {"council": "twenty"}
    (tmp_path / "badlimit.yaml").write_text(yaml.safe_dump(raw))
    with pytest.raises(ConfigError, match=r"also.council: expected a whole number"):
        load_profile("badlimit")


def test_context_measures_of_any_name_with_their_change():
    context = tiny.CONTEXT + (
        "2023-24,early_help_assessments,200,Council's own figures,Early help assessments (council)\n"
        "2024-25,early_help_assessments,150,Council's own figures,Early help assessments (council)\n"
    )
    context = context.replace("value,source\n", "value,source,label\n")
    frame = _derived(context=context)["context"]
    table = context_figures.context_changes(frame, TWO_YEARS).data
    # Referrals 4000 -> 6400: +2400, +60%. Children in need only in 2024-25: no change shown.
    # Early help 200 -> 150: -50, -25%; printed with its own label.
    assert table.loc["Referrals to children's social care"].tolist() == [4000, 6400, 2400, 60]
    assert table.loc["Children in need at 31 March", "2024/25"] == 1000
    assert pd.isna(table.loc["Children in need at 31 March", "Difference"])
    assert table.loc["Early help assessments (council)"].tolist() == [200, 150, -50, -25]
    assert list(table.index)[-1] == "Early help assessments (council)"  # DfE's measures first


def test_context_measure_names_are_checked(tmp_path):
    bad = tiny.CONTEXT + "2024-25,Single Assessments,10,Own\n"
    with pytest.raises(DataValidationError, match=r"column 'measure' must match \^\[a-z\]"):
        validate(read_raw(load_profile("tiny"), "2024-25", _raw_root(tmp_path, context=bad)))


def test_ombudsman_routes_and_stage_reached():
    ombudsman = _with_column(
        "ombudsman", "route", {"TL-002": "exhausted", "TL-003": "premature", "TL-005": "exhausted"}
    )
    ombudsman = ombudsman.replace("route\n", "route,stage_reached\n")
    lines = ombudsman.splitlines()
    reached = {"TL-002": "2", "TL-003": "1", "TL-005": "3"}
    ombudsman = "\n".join([lines[0]] + [ln + "," + reached.get(ln.split(",")[0], "") for ln in lines[1:]]) + "\n"
    table = lgsco.ombudsman_routes(_derived(ombudsman=ombudsman)["ombudsman"], TWO_YEARS).data
    # Received 2023-24: TL-002 (Feb 2024, exhausted, stage 2), TL-007 (blank); TL-001 is 2023-24 too (May 2023).
    # Received 2024-25: TL-003 (premature, 1), TL-004 (blank), TL-005 (exhausted, 3), TL-006 (blank).
    assert table.loc["How it came: After every stage of the council's procedure"].tolist() == [1, 1]
    assert table.loc["How it came: Before the council's procedure was completed (premature)"].tolist() == [0, 1]
    assert table.loc["How it came: Not recorded"].tolist() == [2, 2]
    assert table.loc["Stage reached: Stage 3 (review panel)"].tolist() == [0, 1]
    assert table.loc["Stage reached: Not recorded"].tolist() == [2, 2]


def test_feedback_not_recorded_as_a_compliment_is_quoted_never_counted():
    compliments = _with_column("compliments", "recorded_as_compliment", {"TC-004": "false"})
    frame = _derived(compliments=compliments)["compliments"]
    # 2024-25 compliments: TC-003 TC-004 TC-005 TC-006; TC-004 is feedback, so 3 are counted.
    counted = feedback.compliments_by_year(frame, ["2024-25"], ["Children's Social Care", "Education and Inclusion"])
    assert counted.data.loc["Total", "2024/25"] == 3
    # Approved in 2024-25: TC-003 (Fostering), TC-004 (Social work practice), TC-006 (Adoption): all quoted.
    quoted = feedback.compliment_examples(frame, "2024-25", mode="all")
    assert [q["service_area"] for q in quoted] == ["Adoption", "Fostering", "Social work practice"]


def test_a_retired_profile_key_says_what_to_write_instead(tmp_path, monkeypatch):
    """published_facts is no longer a profile key: the built-in report shows the tables where the data
    has them, a report file lists them. The profile schema says so, naming the file and line."""
    import yaml

    from pipelines.config.profile import EXTRA_PROFILES, PROFILE_DIR, load_profile

    raw = yaml.safe_load((PROFILE_DIR / "demo.yaml").read_text())
    text = yaml.safe_dump(raw, sort_keys=False) + "published_facts: [panels_held]\n"
    (tmp_path / "retired.yaml").write_text(text)
    monkeypatch.setenv(EXTRA_PROFILES, str(tmp_path))
    line = text.count("\n")  # the key is on the file's last line
    with pytest.raises(ConfigError, match=rf"retired\.yaml, line {line}: published_facts: no longer a profile key"):
        load_profile("retired")


def test_averages_and_differences_are_not_suppressed_as_small_counts():
    from pipelines.rules import disclosure

    before = dict(disclosure.POLICY)
    # a table the policy protects (by default only tables about who complained are)
    disclosure.POLICY.update({"threshold": 5, "protect": frozenset({"working_days_by_stage"})})
    try:
        table = stage_facts.working_days_by_stage(tiny.frames()["complaints"], ["2024-25"], "closed")
    finally:
        disclosure.POLICY.clear()
        disclosure.POLICY.update(before)
    # Statutory stage 0 in 2024-25: T-010 alone, 5 days. The count of 1 response is withheld; its
    # average (5) is not a count of people and stays.
    assert ("Statutory stage 0", "2024/25 Responses") in table.hidden
    assert ("Statutory stage 0", "2024/25 Average") not in table.hidden


def test_the_demo_data_exercises_every_new_field():
    from pipelines.inputs.ingest import RAW_ROOT

    folder = RAW_ROOT / "demo" / "2024-25"
    read = {t: pd.read_csv(folder / f"{t}.csv", dtype=str, keep_default_na=False) for t in ("complaints", "ombudsman")}
    read["compliments"] = pd.read_csv(folder / "compliments.csv", dtype=str, keep_default_na=False)
    read["context"] = pd.read_csv(folder / "context.csv", dtype=str, keep_default_na=False)
    complaints = read["complaints"]
    assert set(complaints.loc[complaints["stage"] == "2", "stage2_offered_late"]) == {"true", "false"}
    assert set(complaints.loc[complaints["stage"] == "3", "panel_held"]) >= {"true"}
    ombudsman = read["ombudsman"]
    assert set(ombudsman["route"]) == {"exhausted", "premature", "early_referral", ""}
    assert set(ombudsman["stage_reached"]) >= {"1", "2", "3", ""}
    assert ombudsman["complaint_ref"].isin(complaints["case_ref"]).sum() > 0
    assert set(read["compliments"]["recorded_as_compliment"]) == {"", "false"}
    own = read["context"][~read["context"]["measure"].isin(["referrals", "children_in_need"])]
    assert "single_assessments" in set(own["measure"]) and (own["label"] != "").any()
