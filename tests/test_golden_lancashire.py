"""Lancashire's published reports (2021/22 with its graph data, 2024/25 with figures in sentences),
rebuilt from the case-level reconstruction in data/raw/lancashire/ by the whole pipeline (validation,
papermill, publishing) as the report files declare them (config/authorities/lancashire.2021-22.report.yaml
and lancashire.report.yaml), and checked cell by cell against the golden transcriptions; their headings,
graph numbers and titles against the publications' own (body_headings, printed_heading, graphs_without_data),
and their sentences against the figures computed.

Every number transcribed in tests/golden/lancashire_<year>.yaml is mapped to one cell of a published
CSV table (GRAPHS, FIGURES: golden place -> our table, row, column) or to a phrase of the published
pages (TEXT), or is listed in NOT_COVERED with the reason, or is a graph cell the fixture marks
uncertain (not asserted). Figures printed where the publication contradicts itself are not asserted
as printed: the value of the reading the fixture's inconsistency names is, in a separate check
(READINGS).

What the figures prove (a test checks these counts), per year:
2021-22: 334 transcribed, 288 printed, 42 independent, 7 readings, 39 not asserted, 246 read back;
2024-25: 84 transcribed, 65 printed, 11 independent, 3 readings, 16 not asserted, 54 read back.
"printed" are asserted as printed; "independent" of them are computed by the pipeline (shares and
changes rounded half up, differences, and counts it works out from dates: late responses, cases open
at the year end, late remedies); the rest are "read back": counts the reconstruction wrote in as rows
and the pipeline counts again, the profile's timescales, and the figures worked backwards into the
data (WORKED_BACK: the data was chosen to give them, so printing them again proves nothing)."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from pipelines.publish.checks import read_tables
from pipelines.runs.run import run

pytestmark = pytest.mark.slow  # end-to-end renders (left out of make test-fast)
GOLDEN = Path(__file__).parent / "golden"
SUPPLIED = "2021/22"  # graphs with a single unnamed series are for the report year

# ---------------------------------------------------------------------------- 2021/22: graph data
# golden graph -> (our table, layout, column map). layout "years": golden rows are years (our
# columns), golden columns our rows; "series": golden rows are our rows, golden columns years. A
# column map value is our row label, (table, row) for a cell in another table, or None (see NOT_COVERED).
GRAPHS_2021_22 = {
    "graph_1_asc": (
        "asc_year_on_year",
        "series",
        {"ASC (stat and non stat)": "ASC (stat and non stat)", "Joint": "Joint"},
    ),
    "graph_1_cyp": ("cyp_year_on_year", "series", {"CYP-stat": "CYP statutory", "CYP-non stat": "CYP non-statutory"}),
    "graph_2": ("social_care_compliments", "years", {"ACS": "ASC", "CYP": "CYP"}),
    "graph_3": ("social_care_outcomes", "years", {}),
    "graph_4": ("asc_feedback_type", "years", {"Comment": None}),
    "graph_5": ("asc_by_final_stage", "years", {}),
    "graph_6": ("asc_outcomes", "years", {}),
    "graph_7": ("asc_by_service", "years", {}),
    "graph_8": ("asc_compliments_by_service", "years", {}),
    "graph_9": ("asc_lgsco_decisions", "years", {}),
    "graph_10": ("cyp_feedback_type", "years", {"Comments": None}),
    "graph_11": ("cyp_statutory_by_final_stage", "years", {}),
    "graph_12": ("cyp_statutory_outcomes", "years", {}),
    "graph_13": ("cyp_statutory_by_service", "years", {}),
    "graph_14": ("cyp_non_statutory_by_service", "years", {}),
    "graph_15": ("cyp_lgsco_outcomes", "years", {"Upheld/Partly upheld": "Upheld/Partly upheld"}),
}

# Figures: (figure id, value name) -> (table, row, column). Decreases are negative changes in our tables.
_2122 = "2021/22"
FIGURES_2021_22 = {
    ("cyp_complaints_reduction", "percent_decrease"): ("cyp_year_on_year", "Total", "Change (%)"),
    ("asc_closed_complaints_graph1", "closed"): ("asc_year_on_year", "Total", _2122),
    ("asc_closed_complaints_graph1", "joint"): ("asc_year_on_year", "Joint", _2122),
    ("asc_closed_complaints_graph1", "ombudsman_investigated"): ("asc_by_final_stage", "LGSCO", _2122),
    ("csc_statutory_fall", "percent_decrease"): ("cyp_year_on_year", "CYP statutory", "Change (%)"),
    ("csc_statutory_fall", "count_2020_21"): ("cyp_year_on_year", "CYP statutory", "2020/21"),
    ("csc_statutory_fall", "count_2021_22"): ("cyp_year_on_year", "CYP statutory", _2122),
    ("non_statutory_decrease", "count_2020_21"): ("cyp_year_on_year", "CYP non-statutory", "2020/21"),
    ("non_statutory_decrease", "count_2021_22"): ("cyp_year_on_year", "CYP non-statutory", _2122),
    ("non_statutory_decrease", "inclusion_percent"): (
        "cyp_non_statutory_by_service",
        "Inclusion Service",
        "2021/22 share (%)",
    ),
    ("ombudsman_received_change", "percent_decrease"): ("lgsco_enquiries", "Total", "Change (%)"),
    ("ombudsman_received_change", "count_2020_21"): ("lgsco_enquiries", "Total", "2020/21"),
    ("ombudsman_received_change", "count_2021_22"): ("lgsco_enquiries", "Total", _2122),
    ("social_care_compliments", "count_2020_21"): ("social_care_compliments", "Total", "2020/21"),
    ("social_care_compliments", "count_2021_22"): ("social_care_compliments", "Total", _2122),
    ("statutory_outcomes_total", "closed"): ("social_care_outcomes", "Total", _2122),
    ("statutory_not_upheld_share", "percent"): ("social_care_outcomes", "Not Upheld", "2021/22 share (%)"),
    ("statutory_upheld_share", "percent"): ("social_care_outcomes", "Upheld/Partly Upheld", "2021/22 share (%)"),
    ("statutory_early_resolution_share", "percent_2021_22"): (
        "social_care_outcomes",
        "Withdrawn/Early Resolution/Signposted/Not investigated",
        "2021/22 share (%)",
    ),
    ("statutory_early_resolution_share", "percent_2020_21"): (
        "social_care_outcomes",
        "Withdrawn/Early Resolution/Signposted/Not investigated",
        "2020/21 share (%)",
    ),
    ("csc_investigation_costs", "cost_gbp"): ("investigation_costs", "Total", _2122),
    ("ombudsman_decisions_summary", "count_2021_22"): ("lgsco_enquiries", "Total", _2122),
    ("ombudsman_decisions_summary", "percent_decrease"): ("lgsco_enquiries", "Total", "Change (%)"),
    ("ombudsman_decisions_summary", "count_2020_21"): ("lgsco_enquiries", "Total", "2020/21"),
    ("ombudsman_decisions_summary", "cyp_investigations_increase"): (
        "cyp_statutory_by_final_stage",
        "LGSCO",
        "Difference",
    ),
    ("ombudsman_decisions_summary", "asc_investigations_increase"): ("asc_by_final_stage", "LGSCO", "Difference"),
    ("local_settlements_total", "paid_gbp"): ("lgsco_payments", "Total", _2122),
    ("asc_closed_change", "closed_2021_22"): ("asc_year_on_year", "Total", _2122),
    ("asc_closed_change", "percent_increase"): ("asc_year_on_year", "Total", "Change (%)"),
    ("asc_closed_change", "closed_2020_21"): ("asc_year_on_year", "Total", "2020/21"),
    ("asc_compliments_change", "percent_increase"): ("social_care_compliments", "ASC", "Change (%)"),
    ("asc_compliments_change", "count_2020_21"): ("social_care_compliments", "ASC", "2020/21"),
    ("asc_compliments_change", "count_2021_22"): ("social_care_compliments", "ASC", _2122),
    ("asc_stage_shares", "stage_0_percent"): ("asc_by_final_stage", "Stage0", "2021/22 share (%)"),
    ("asc_stage_shares", "stage_1_percent"): ("asc_by_final_stage", "Stage1", "2021/22 share (%)"),
    ("asc_stage_shares", "ombudsman_percent"): ("asc_by_final_stage", "LGSCO", "2021/22 share (%)"),
    ("asc_outcomes", "closed_with_outcome"): ("asc_outcomes", "Total", _2122),
    ("asc_outcomes", "withdrawn_or_early"): ("asc_outcomes", "Withdrawn/Early Resolution/Signposted", _2122),
    ("asc_outcomes", "upheld_at_least_one_aspect"): ("asc_outcomes", "Upheld/Partly Upheld", _2122),
    ("asc_outcomes", "not_upheld"): ("asc_outcomes", "Not Upheld", _2122),
    ("asc_internal_investigations", "investigations"): ("asc_investigations", "Total", _2122),
    ("asc_internal_investigations", "upheld_percent"): (
        "asc_investigations",
        "Upheld/partly upheld",
        "2021/22 share (%)",
    ),
    ("asc_internal_investigations", "upheld"): ("asc_investigations", "Upheld/partly upheld", _2122),
    ("asc_internal_investigations", "withdrawn_percent"): (
        "asc_investigations",
        "Withdrawn/early resolution/signposted",
        "2021/22 share (%)",
    ),
    ("asc_internal_investigations", "withdrawn"): (
        "asc_investigations",
        "Withdrawn/early resolution/signposted",
        _2122,
    ),
    ("asc_internal_investigations", "not_upheld_percent"): (
        "asc_investigations",
        "Not upheld",
        "2021/22 share (%)",
    ),
    ("asc_internal_investigations", "not_upheld"): ("asc_investigations", "Not upheld", _2122),
    ("asc_timescales_exceeded", "exceeded"): ("asc_timeliness", "Exceeded the timescale", _2122),
    ("asc_timescales_exceeded", "percent"): ("asc_timeliness", "Exceeded the timescale", "2021/22 share (%)"),
    ("asc_timescales_exceeded", "percent_2020_21"): (
        "asc_timeliness",
        "Exceeded the timescale",
        "2020/21 share (%)",
    ),
    ("asc_support_planning", "count_2020_21"): ("asc_by_service", "Support Planning", "2020/21"),
    ("asc_support_planning", "percent_2020_21"): ("asc_by_service", "Support Planning", "2020/21 share (%)"),
    ("asc_support_planning", "count_2021_22"): ("asc_by_service", "Support Planning", _2122),
    ("asc_support_planning", "percent_2021_22"): ("asc_by_service", "Support Planning", "2021/22 share (%)"),
    ("asc_compliments_cfs", "recorded_on_cfs"): (
        "asc_compliments_recording",
        "Recorded on the Customer Feedback System",
        _2122,
    ),
    ("asc_compliments_cfs", "other_methods"): ("asc_compliments_recording", "Recorded by other methods", _2122),
    ("asc_compliments_cfs", "total"): ("asc_compliments_recording", "Total", _2122),
    ("asc_compliments_detail", "increase"): ("social_care_compliments", "ASC", "Difference"),
    ("asc_compliments_detail", "percent_increase"): ("social_care_compliments", "ASC", "Change (%)"),
    ("asc_compliments_detail", "count_2020_21"): ("social_care_compliments", "ASC", "2020/21"),
    ("asc_compliments_detail", "count_2021_22"): ("social_care_compliments", "ASC", _2122),
    ("asc_compliments_detail", "equipment_percent_2020_21"): (
        "asc_compliments_by_service",
        "Equipment/Adaptations",
        "2020/21 share (%)",
    ),
    ("asc_compliments_detail", "equipment_percent_2021_22"): (
        "asc_compliments_by_service",
        "Equipment/Adaptations",
        "2021/22 share (%)",
    ),
    ("asc_compliments_detail", "assessment_percent_2021_22"): (
        "asc_compliments_by_service",
        "Assessment",
        "2021/22 share (%)",
    ),
    ("joint_complaints", "closed_2021_22"): ("asc_joint", "Total", _2122),
    ("joint_complaints", "closed_2020_21"): ("asc_joint", "Total", "2020/21"),
    ("joint_complaints_open_and_outcomes", "still_open"): ("asc_joint_open", "Open at the year end", _2122),
    ("joint_complaints_open_and_outcomes", "not_upheld"): ("asc_joint", "Not upheld", _2122),
    ("joint_complaints_open_and_outcomes", "upheld_or_partly"): ("asc_joint", "Partly upheld or upheld", _2122),
    ("asc_ombudsman_enquiries_decisions", "enquiries_2021_22"): ("lgsco_enquiries", "Adult social care", _2122),
    ("asc_ombudsman_enquiries_decisions", "enquiries_2020_21"): ("lgsco_enquiries", "Adult social care", "2020/21"),
    ("asc_ombudsman_enquiries_decisions", "decisions_2021_22"): ("asc_lgsco_decisions", "Total", _2122),
    ("asc_ombudsman_outcomes", "decisions"): ("asc_lgsco_outcomes", "Total", _2122),
    ("asc_ombudsman_outcomes", "not_upheld_percent"): ("asc_lgsco_outcomes", "Not upheld", "2021/22 share (%)"),
    ("asc_ombudsman_outcomes", "not_investigated_percent"): (
        "asc_lgsco_outcomes",
        "Not investigated",
        "2021/22 share (%)",
    ),
    ("asc_ombudsman_outcomes", "upheld_percent"): (
        "asc_lgsco_outcomes",
        "Upheld (fault found)",
        "2021/22 share (%)",
    ),
    ("asc_ombudsman_actual_uphold", "upheld"): ("asc_lgsco_outcomes", "Upheld (fault found)", _2122),
    ("asc_ombudsman_actual_uphold", "not_upheld_by_council"): (
        "asc_lgsco_actual_uphold",
        "Upheld by the Ombudsman; not upheld by the council before",
        _2122,
    ),
    ("asc_ombudsman_actual_uphold", "actual_uphold_percent"): (
        "asc_lgsco_actual_uphold",
        "Upheld by the Ombudsman; not upheld by the council before",
        "2021/22 share (%)",
    ),
    ("asc_ombudsman_actual_uphold", "decisions"): ("asc_lgsco_actual_uphold", "Total", _2122),
    ("asc_ombudsman_payments", "paid_gbp"): ("lgsco_payments", "Adult social care", _2122),
    ("asc_ombudsman_late_remedies", "late_remedies"): ("asc_lgsco_remedies", "Remedy late", _2122),
    ("asc_ombudsman_late_remedies", "upheld"): ("asc_lgsco_remedies", "Total", _2122),
    ("asc_ombudsman_learning_count", "upheld"): ("asc_lgsco_remedies", "Total", _2122),
    ("cyp_investigation_costs", "cost_gbp"): ("investigation_costs", "Total", _2122),
    # "for the last 2 financial years": the number of year columns of the table behind the graph
    ("graph7_years", "financial_years"): ("years", "asc_by_service", None),
    ("cyp_outcomes", "financial_years"): ("years", "cyp_statutory_outcomes", None),
    ("cyp_service_type", "financial_years"): ("years", "cyp_statutory_by_service", None),
    ("cyp_statutory_decrease", "percent_decrease"): ("cyp_year_on_year", "CYP statutory", "Change (%)"),
    ("cyp_statutory_decrease", "total_2021_22"): ("cyp_year_on_year", "CYP statutory", _2122),
    ("complaints_by_children", "count"): ("cyp_statutory_complainants", "Child or young person", _2122),
    ("complaints_by_children", "percent"): ("cyp_statutory_complainants", "Child or young person", "2021/22 share (%)"),
    ("cyp_outcomes", "closed_with_outcome"): ("cyp_statutory_outcomes", "Total", _2122),
    ("cyp_outcomes", "not_upheld_percent"): ("cyp_statutory_outcomes", "Not upheld", "2021/22 share (%)"),
    ("cyp_outcomes", "upheld_or_partly_percent"): (
        "cyp_statutory_outcomes",
        "Upheld/partly upheld",
        "2021/22 share (%)",
    ),
    ("cyp_outcomes", "signposted_early_withdrawn_percent"): (
        "cyp_statutory_outcomes",
        "Early resolution/Signposted/withdrawn",
        "2021/22 share (%)",
    ),
    ("cyp_timescales_exceeded", "exceeded_2021_22"): ("cyp_statutory_timeliness", "Exceeded the timescale", _2122),
    ("cyp_timescales_exceeded", "percent_2021_22"): (
        "cyp_statutory_timeliness",
        "Exceeded the timescale",
        "2021/22 share (%)",
    ),
    ("cyp_timescales_exceeded", "exceeded_2020_21"): ("cyp_statutory_timeliness", "Exceeded the timescale", "2020/21"),
    ("cyp_service_type", "social_work_practice_percent"): (
        "cyp_statutory_by_service",
        "Social Work Practice",
        "2021/22 share (%)",
    ),
    ("non_statutory_decrease_section3", "count_2020_21"): ("cyp_year_on_year", "CYP non-statutory", "2020/21"),
    ("non_statutory_decrease_section3", "count_2021_22"): ("cyp_year_on_year", "CYP non-statutory", _2122),
    ("send_complaints_decrease", "percent_decrease"): (
        "cyp_non_statutory_by_service",
        "Inclusion Service",
        "Change (%)",
    ),
    ("send_complaints_decrease", "count_2020_21"): ("cyp_non_statutory_by_service", "Inclusion Service", "2020/21"),
    ("send_complaints_decrease", "count_2021_22"): ("cyp_non_statutory_by_service", "Inclusion Service", _2122),
    ("cyp_compliments", "csc_2021_22"): ("social_care_compliments", "CYP", _2122),
    ("cyp_compliments", "csc_2020_21"): ("social_care_compliments", "CYP", "2020/21"),
    ("cyp_compliments", "inclusion_2021_22"): ("childrens_compliments", "Inclusion and Education Services", _2122),
    ("cyp_ombudsman_enquiries_decisions", "enquiries_2021_22"): (
        "lgsco_enquiries",
        "Children's services (CSC, Inclusion and Education)",
        _2122,
    ),
    ("cyp_ombudsman_enquiries_decisions", "enquiries_2020_21"): (
        "lgsco_enquiries",
        "Children's services (CSC, Inclusion and Education)",
        "2020/21",
    ),
    ("cyp_ombudsman_enquiries_decisions", "decisions_2021_22"): ("cyp_lgsco_outcomes", "Total", _2122),
    ("cyp_ombudsman_outcomes", "decisions"): ("cyp_lgsco_decisions", "Total", _2122),
    ("cyp_ombudsman_outcomes", "not_upheld_or_closed_percent"): (
        "cyp_lgsco_decisions",
        "Not upheld or closed after initial enquiries",
        "2021/22 share (%)",
    ),
    ("cyp_ombudsman_outcomes", "referred_back_percent"): (
        "cyp_lgsco_decisions",
        "Referred back for local resolution",
        "2021/22 share (%)",
    ),
    ("cyp_ombudsman_outcomes", "upheld_percent"): ("cyp_lgsco_decisions", "Upheld", "2021/22 share (%)"),
    ("cyp_ombudsman_actual_uphold", "upheld"): ("cyp_lgsco_outcomes", "Upheld/Partly upheld", _2122),
    ("cyp_ombudsman_actual_uphold", "already_partly_upheld"): (
        "cyp_lgsco_actual_uphold",
        "Upheld by the Ombudsman; the council had already upheld it",
        _2122,
    ),
    ("cyp_ombudsman_actual_uphold", "actual_uphold_percent"): (
        "cyp_lgsco_actual_uphold",
        "Upheld by the Ombudsman; not upheld by the council before",
        "2021/22 share (%)",
    ),
    ("cyp_ombudsman_actual_uphold", "decisions"): ("cyp_lgsco_actual_uphold", "Total", _2122),
    ("cyp_ombudsman_payments", "paid_gbp"): (
        "lgsco_payments",
        "Children's services (CSC, Inclusion and Education)",
        _2122,
    ),
    ("cyp_ombudsman_late_remedies", "late_remedies"): ("cyp_lgsco_remedies", "Remedy late", _2122),
    ("cyp_ombudsman_late_remedies", "upheld"): ("cyp_lgsco_remedies", "Total", _2122),
    ("cyp_ombudsman_learning_count", "upheld"): ("cyp_lgsco_remedies", "Total", _2122),
}

_2425 = "2024/25"
FIGURES_2024_25 = {
    ("complaints_by_children", "count"): ("csc_complainants", "Child or young person", _2425),
    ("complaints_by_children", "percent"): ("csc_complainants", "Child or young person", "2024/25 share (%)"),
    ("statutory_csc_change", "percent_decrease"): ("csc_by_procedure", "Statutory", "Change (%)"),
    ("statutory_csc_change", "count_2023_24"): ("csc_by_procedure", "Statutory", "2023/24"),
    ("statutory_csc_change", "count_2024_25"): ("csc_by_procedure", "Statutory", _2425),
    ("non_statutory_csc_change", "count_2023_24"): ("csc_by_procedure", "Non-statutory", "2023/24"),
    ("non_statutory_csc_change", "count_2024_25"): ("csc_by_procedure", "Non-statutory", _2425),
    ("non_statutory_csc_change", "percent_increase"): ("csc_by_procedure", "Non-statutory", "Change (%)"),
    ("send_formal_change", "percent_increase"): ("send_complaints", "Formal", "Change (%)"),
    ("send_formal_change", "count_2023_24"): ("send_complaints", "Formal", "2023/24"),
    ("send_formal_change", "count_2024_25"): ("send_complaints", "Formal", _2425),
    ("send_informal_change", "count_2023_24"): (
        "send_complaints",
        "Informal (and associated correspondence)",
        "2023/24",
    ),
    ("send_informal_change", "count_2024_25"): ("send_complaints", "Informal (and associated correspondence)", _2425),
    ("send_informal_change", "percent_increase"): (
        "send_complaints",
        "Informal (and associated correspondence)",
        "Change (%)",
    ),
    ("compliments", "csc"): ("childrens_compliments", "Children's social care", _2425),
    ("compliments", "send_education"): ("childrens_compliments", "SEND / Education", _2425),
    ("compliments", "total_2024_25"): ("childrens_compliments", "Total", _2425),
    ("compliments", "total_2023_24"): ("childrens_compliments", "Total", "2023/24"),
    ("investigation_costs", "cost_gbp"): ("investigation_costs", "Total", _2425),
    ("investigation_costs", "increase_gbp"): ("investigation_costs", "Total", "Difference"),
    ("stage2_investigations", "count_2023_24"): ("statutory_by_stage", "Stage 2", "2023/24"),
    ("stage2_investigations", "count_2024_25"): ("statutory_by_stage", "Stage 2", _2425),
    ("ombudsman_payments_csc", "paid_gbp"): ("lgsco_payments_by_service", "Children's social care", _2425),
    ("investigation_costs_section2", "cost_gbp"): ("investigation_costs", "Total", _2425),
    ("graph2_statutory_decrease", "percent_decrease"): ("csc_by_procedure", "Statutory", "Change (%)"),
    ("graph2_statutory_decrease", "percent_decrease_repeated"): ("csc_by_procedure", "Statutory", "Change (%)"),
    ("graph2_statutory_decrease", "total_2024_25"): ("csc_by_procedure", "Statutory", _2425),
    ("complaints_by_children_section2", "count"): ("csc_complainants", "Child or young person", _2425),
    ("complaints_by_children_section2", "percent"): ("csc_complainants", "Child or young person", "2024/25 share (%)"),
    ("statutory_outcomes", "closed_with_outcome"): ("csc_statutory_outcomes", "Total", _2425),
    ("statutory_outcomes", "not_upheld_percent"): ("csc_statutory_outcomes", "Not upheld", "2024/25 share (%)"),
    ("statutory_outcomes", "upheld_or_partly_upheld_percent"): (
        "csc_statutory_outcomes",
        "Upheld or partly upheld",
        "2024/25 share (%)",
    ),
    ("statutory_outcomes", "signposted_resolved_early_withdrawn_percent"): (
        "csc_statutory_outcomes",
        "Signposted, resolved early or withdrawn",
        "2024/25 share (%)",
    ),
    ("timescales_exceeded", "exceeded"): ("csc_timeliness", "Exceeded the timescale", _2425),
    ("timescales_exceeded", "percent"): ("csc_timeliness", "Exceeded the timescale", "2024/25 share (%)"),
    ("timescales_exceeded_previous_year", "exceeded_2023_24"): ("csc_timeliness", "Exceeded the timescale", "2023/24"),
    ("graph5_years", "financial_years"): ("years", "csc_statutory_by_service", None),
    ("social_work_practice_share", "percent"): (
        "csc_statutory_by_service",
        "Social Work Practice",
        "2024/25 share (%)",
    ),
    ("non_statutory_change_section3", "count_2023_24"): ("csc_by_procedure", "Non-statutory", "2023/24"),
    ("non_statutory_change_section3", "count_2024_25"): ("csc_by_procedure", "Non-statutory", _2425),
    ("inclusion_formal_complaints", "percent_increase"): ("send_complaints", "Formal", "Change (%)"),
    ("inclusion_formal_complaints", "count_2023_24"): ("send_complaints", "Formal", "2023/24"),
    ("inclusion_formal_complaints", "count_2024_25"): ("send_complaints", "Formal", _2425),
    ("inclusion_formal_complaints", "stage_1"): ("send_by_stage", "Stage 1", _2425),
    ("inclusion_formal_complaints", "stage_2"): ("send_by_stage", "Stage 2", _2425),
    ("compliments_total_section4", "total"): ("childrens_compliments", "Total", _2425),
    ("ombudsman_enquiries", "enquiries_2024_25"): ("lgsco_enquiries_by_service", "Total", _2425),
    ("ombudsman_enquiries", "enquiries_2023_24"): ("lgsco_enquiries_by_service", "Total", "2023/24"),
    ("ombudsman_enquiries_split", "csc"): ("lgsco_enquiries_by_service", "Children's social care", _2425),
    ("ombudsman_enquiries_split", "inclusion_education"): (
        "lgsco_enquiries_by_service",
        "Inclusion and Education Services",
        _2425,
    ),
    ("ombudsman_enquiries_split", "school_appeals"): ("lgsco_enquiries_by_service", "School appeals", _2425),
    ("ombudsman_decisions", "decisions_2024_25"): ("lgsco_outcomes", "Total", _2425),
    ("ombudsman_decisions", "decisions_2023_24"): ("lgsco_outcomes", "Total", "2023/24"),
    ("ombudsman_decisions", "percent_increase"): ("lgsco_outcomes", "Total", "Change (%)"),
    ("ombudsman_outcomes", "decisions"): ("lgsco_outcomes", "Total", _2425),
    ("ombudsman_outcomes", "satisfied_percent"): (
        "lgsco_outcomes",
        "Not upheld or not investigated",
        "2024/25 share (%)",
    ),
    ("ombudsman_outcomes", "not_upheld_or_not_investigated"): (
        "lgsco_outcomes",
        "Not upheld or not investigated",
        _2425,
    ),
    ("ombudsman_outcomes", "maladministration_percent"): (
        "lgsco_outcomes",
        "Upheld (maladministration found)",
        "2024/25 share (%)",
    ),
    ("ombudsman_upheld_send", "upheld"): ("lgsco_upheld_by_service", "Total", _2425),
    ("ombudsman_upheld_send", "send_education"): ("lgsco_upheld_by_service", "SEND / Education", _2425),
    ("ombudsman_upheld_send", "percent"): ("lgsco_upheld_by_service", "SEND / Education", "2024/25 share (%)"),
    ("ombudsman_payments_total", "paid_gbp"): ("lgsco_payments_by_service", "Total", _2425),
    ("ombudsman_payments_previous_year", "paid_gbp_2023_24"): ("lgsco_payments_by_service", "Total", "2023/24"),
}

# Timescales the reports state: the councils' sentences state them from the profile's timescales (named
# figures of kind `timescale` in the report files). (figure, value) -> the phrase the published pages must
# contain, with the figure's printed values filled in from the fixture (so the number is the publication's,
# not typed here).
TEXT = {
    "2021-22": {
        ("cyp_timescales_exceeded", "working_days"): "exceeded statutory timescales ({working_days} working days)",
        ("asc_timescales_exceeded", "months"): "exceeded the statutory timescales of {months} months",
    },
    "2024-25": {
        ("timescales_exceeded", "working_days"): "at Stages 0 to 2 ({working_days} working days)",
        ("timescale_reminder", "stage_1_working_days"): "within {stage_1_working_days} working days at Stage 1",
        ("timescale_reminder", "stage_2_working_days"): "within {stage_2_working_days} working days at Stage 2",
        ("stage1_timescale_change", "from_working_days"): "Stage 1 complaints from {from_working_days} working days "
        "to {to_days} days from 1 April 2026",
        ("stage1_timescale_change", "to_days"): "Stage 1 complaints from {from_working_days} working days "
        "to {to_days} days from 1 April 2026",
    },
}

# Readings, not printed figures: where the publication contradicts itself, the value of the reading
# its fixture's inconsistency (named) says to use. Places are golden (table, row, column) or (figure, value).
READINGS = {
    "2021-22": {
        ("graph_10", "2020/21", "Non statutory complaints"): (229, "non_statutory_2020_21"),
        ("csc_statutory_fall", "percent_decrease"): (17, "csc_statutory_change_percent"),
        ("ombudsman_received_change", "percent_decrease"): (10, "ombudsman_change_percent"),
        ("ombudsman_decisions_summary", "percent_decrease"): (10, "ombudsman_change_percent"),
        ("statutory_outcomes_total", "closed"): (668, "graph_3_total"),
        ("statutory_early_resolution_share", "percent_2021_22"): (46, "graph_3_total"),
        ("asc_stage_shares", "ombudsman_percent"): (7, "asc_ombudsman_share"),
    },
    "2024-25": {
        ("non_statutory_csc_change", "percent_increase"): (20, "non_statutory_increase_percent"),
        ("ombudsman_decisions", "percent_increase"): (95, "ombudsman_decisions_rise"),
        ("timescales_exceeded", "percent"): (Decimal("56.6"), "csc_complaint_base_undisclosed"),
    },
}

# Figures the reconstruction worked backwards into the data (the data was chosen to hit them), so the
# pipeline's printing them again is no evidence: asserted, but counted as read back, never as computed.
WORKED_BACK = {
    "2021-22": {
        ("cyp_ombudsman_outcomes", "not_upheld_or_closed_percent"): "29 of 56 chosen to give 52%",
        ("cyp_ombudsman_outcomes", "referred_back_percent"): "13 of 56 chosen to give 23%",
        ("cyp_service_type", "social_work_practice_percent"): "base 287: 56 complaints given two stages to make it",
    },
    "2024-25": {
        ("social_work_practice_share", "percent"): "68 of 99 = round(69% x 99)",
        ("complaints_by_children", "percent"): "base 327 from plan sizes chosen to give 7.3%",
        ("complaints_by_children_section2", "percent"): "base 327 from plan sizes chosen to give 7.3%",
        ("statutory_outcomes", "not_upheld_percent"): "3 / 38 / 52 of 93 chosen to give 3%, 41%, 56%",
        ("statutory_outcomes", "upheld_or_partly_upheld_percent"): "3 / 38 / 52 of 93 chosen to give 3%, 41%, 56%",
        (
            "statutory_outcomes",
            "signposted_resolved_early_withdrawn_percent",
        ): "3 / 38 / 52 of 93 chosen to give 3%, 41%, 56%",
        ("investigation_costs", "increase_gbp"): "last year's cost written in as this year's cost minus the increase",
    },
}

# Figures the pipeline works out from dates in the data, not by counting rows written for them
FROM_DATES = {
    ("asc_timeliness", "Exceeded the timescale"),
    ("cyp_statutory_timeliness", "Exceeded the timescale"),
    ("csc_timeliness", "Exceeded the timescale"),
    ("asc_joint_open", "Open at the year end"),
    ("asc_lgsco_remedies", "Remedy late"),
    ("cyp_lgsco_remedies", "Remedy late"),
}

# Transcribed numbers the reproduction does not assert, and why.
NOT_DATA = "not a figure about complaints data (context, commentary or procedure)"
NOT_COVERED = {
    "2021-22": {
        ("graph_4", "2021/22", "Comment"): "comments are not in the data contract (no comments export)",
        ("graph_10", "2020/21", "Comments"): "comments are not in the data contract",
        ("graph_10", "2021/22", "Comments"): "comments are not in the data contract",
        ("nw_complaints_managers_group", "local_authorities"): NOT_DATA,
        ("review_period_months", "months"): NOT_DATA,
        (
            "complaints_share_of_feedback",
            "percent_2021_22",
        ): "unverifiable base (comments and other feedback not given)",
        (
            "complaints_share_of_feedback",
            "percent_2020_21",
        ): "unverifiable base (comments and other feedback not given)",
        ("asc_investigation_costs", "cost_gbp"): "costs carry no service, so adults' costs (nil) are not a table cell",
        (
            "csc_investigation_costs",
            "increase_over_gbp",
        ): "a bound ('over £2000'), not a figure; 2020/21 costs not published",
        ("asc_comments_change", "count_2020_21"): "comments are not in the data contract",
        ("asc_comments_change", "count_2021_22"): "comments are not in the data contract",
        ("asc_learning_equipment", "complaints"): NOT_DATA,
        ("asc_learning_late_complaint", "months"): NOT_DATA,
        ("asc_ombudsman_late_remedies", "public_reports"): "Ombudsman public reports are not in the data contract",
        ("asc_debt_threshold", "debt_threshold_gbp"): NOT_DATA,
        ("cyp_statutory_stages", "stages"): NOT_DATA,
        ("cyp_all_stages", "stages"): NOT_DATA,
        (
            "cyp_timescales_exceeded",
            "percent_2020_21",
        ): "unknown base (cyp_timeliness_base): ours is 140 of the 192 that ended at stages 0-2",
        ("cyp_timescales_exceeded", "pause_months"): NOT_DATA,
        ("cyp_learning_communication", "complaints"): NOT_DATA,
        ("cyp_learning_training", "complaints"): NOT_DATA,
        ("cyp_ombudsman_late_remedies", "public_reports"): "Ombudsman public reports are not in the data contract",
    },
    "2024-25": {
        ("active_cases_complaint_rate", "percent"): "base ('active CSC cases') not stated",
        ("statutory_process_stages", "stages"): NOT_DATA,
        ("send_investment", "investment_gbp_millions"): NOT_DATA,
        ("send_staffing", "fte_2023_24"): NOT_DATA,
        ("send_staffing", "fte_2025_26"): NOT_DATA,
        ("send_staffing", "percent_increase"): NOT_DATA,
        ("ep_assessments", "commissioned"): NOT_DATA,
        ("ep_assessments", "additional_requested"): NOT_DATA,
        ("send_units", "units_2021"): NOT_DATA,
        ("send_units", "units_now"): NOT_DATA,
        ("special_school_places", "increase_approx"): NOT_DATA,
        ("special_school_places", "years"): NOT_DATA,
        ("special_school_places", "places_2023"): NOT_DATA,
        ("special_school_places", "places_2025"): NOT_DATA,
        ("business_support_post", "posts"): NOT_DATA,
        ("public_reports", "public_reports"): "Ombudsman public reports are not in the data contract",
    },
}
FIGURES = {"2021-22": FIGURES_2021_22, "2024-25": FIGURES_2024_25}
GRAPHS = {"2021-22": GRAPHS_2021_22, "2024-25": {}}


def _golden(year: str) -> dict:
    return yaml.safe_load((GOLDEN / f"lancashire_{year}.yaml").read_text(encoding="utf-8"))


def _uncertain(fixture: dict) -> set:
    """Graph cells whose value the chart extraction lost track of: the fixture says not to assert them."""
    return {
        (name, row, column)
        for name, graph in (fixture.get("tables") or {}).items()
        for row, columns in (graph.get("uncertain_cells") or {}).items()
        for column in columns
    }


def expectations(year: str) -> list[tuple]:
    """(golden place, printed value, expected value, (table, row, column) or None, reading id or None)
    for every number; a target of None is a number not asserted (NOT_COVERED or an uncertain cell)."""
    fixture, out = _golden(year), []
    uncertain = _uncertain(fixture)
    for name, graph in (fixture.get("tables") or {}).items():
        table, layout, columns = GRAPHS[year][name]
        for row, cells in graph["rows"].items():
            for column, printed in zip(graph["columns"], cells):
                place = (name, row, column)
                if printed is None:
                    continue
                target = columns.get(column, column) if layout == "years" else columns[row]
                if place in NOT_COVERED[year] or place in uncertain or target is None:
                    out.append((place, printed, None, None, None))
                    continue
                key, our_row = target if isinstance(target, tuple) else (table, target)
                our_column = row if layout == "years" else column
                expected, reading = READINGS[year].get(place, (printed, None))
                out.append((place, printed, expected, (key, our_row, our_column), reading))
    for f in fixture["figures"]:
        for value_name, printed in f["values"].items():
            place = (f["id"], value_name)
            if place in NOT_COVERED[year]:
                out.append((place, printed, None, None, None))
            elif place in TEXT[year]:
                out.append((place, printed, TEXT[year][place].format(**f["values"]), ("text", None, None), None))
            else:
                expected, reading = READINGS[year].get(place, (printed, None))
                if value_name.startswith("percent_decrease"):
                    expected = -expected
                out.append((place, printed, expected, FIGURES[year][place], reading))
    return out


def independent(year: str, place: tuple, target: tuple) -> bool:
    """Whether the pipeline computes a figure (a share or change rounded half up, a difference, or a count
    worked out from dates) rather than counting again rows the reconstruction wrote for it."""
    key, row, column = target
    if place in WORKED_BACK[year] or key in ("text", "years"):
        return False
    return column.endswith("(%)") or column == "Difference" or (key, row) in FROM_DATES


def counts(year: str) -> dict:
    """The figures of a year by what the tests make of them (stated in the module docstring)."""
    rows = expectations(year)
    printed = [e for e in rows if e[3] is not None and e[4] is None]
    out = {
        "transcribed": len(rows),
        "printed": len(printed),
        "independent": sum(independent(year, e[0], e[3]) for e in printed),
        "readings": sum(1 for e in rows if e[4] is not None),
        "not asserted": sum(1 for e in rows if e[3] is None),
    }
    out["read back"] = out["printed"] - out["independent"]
    return out


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Both reports rendered once by the whole pipeline; their CSV tables by report year."""
    root = tmp_path_factory.mktemp("lancashire")
    out = {}
    for year in ("2021-22", "2024-25"):
        result = run(
            "lancashire", year, outputs_root=root / "outputs", processed_root=root / "processed", log=lambda *_: None
        )
        out[year] = read_tables(result.folder)
        out[year + " folder"] = result.folder
        pages = " ".join(p.read_text(encoding="utf-8") for p in sorted(result.folder.glob("[0-9]*.html")))
        out[year + " text"] = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", pages)).split())
        out[year + " seconds"] = result.seconds
    return out


@pytest.mark.parametrize("year", ["2021-22", "2024-25"])
def test_every_transcribed_number_is_mapped_or_explained(year):
    rows = expectations(year)
    places = [e[0] for e in rows]
    assert len(places) == len(set(places))
    unasserted = {e[0] for e in rows if e[3] is None}
    assert unasserted == set(NOT_COVERED[year]) | (_uncertain(_golden(year)) & set(places)), (
        "every number not asserted is listed in NOT_COVERED with its reason, or is an uncertain cell"
    )
    assert set(READINGS[year]) <= set(places) and set(WORKED_BACK[year]) <= set(places)


def test_the_docstring_states_the_independent_share():
    """The counts the module docstring and the README state are the ones the checks carry."""
    text = " ".join(__doc__.split())
    for year in ("2021-22", "2024-25"):
        stated = ", ".join(f"{n} {name}" for name, n in counts(year).items())
        assert f"{year}: {stated}" in text, f"the docstring should say '{year}: {stated}'"


def _wrong(published, year, rows) -> list[str]:
    wrong = []
    tables = published[year]
    for place, printed, expected, target, _ in rows:
        key, row, column = target
        if key == "years":
            shown = [c for c in tables[row].columns if re.fullmatch(r"\d{4}/\d{2}", c)] if row in tables else []
            if len(shown) != expected:
                wrong.append(f"{place}: {row} shows {len(shown)} years, not {expected}")
        elif key == "text":
            if expected not in published[year + " text"]:
                wrong.append(f"{place}: the published pages do not say {expected!r}")
        else:
            cell = tables[key].rows.get(row, {}).get(column) if key in tables else None
            if cell is None or Decimal(cell) != Decimal(str(expected)):
                wrong.append(f"{place}: printed {printed}, expected {expected}, {key} [{row} / {column}] = {cell}")
    return wrong


@pytest.mark.parametrize("year", ["2021-22", "2024-25"])
def test_published_figures_are_reproduced(published, year):
    """Every number no inconsistency covers, as printed (the worked-back ones too: see WORKED_BACK)."""
    rows = [e for e in expectations(year) if e[3] is not None and e[4] is None]
    print(f"\nlancashire {year}: {counts(year)} ({published[year + ' seconds']:.0f} s)")
    wrong = _wrong(published, year, rows)
    assert rows and not wrong, "\n".join(wrong)


@pytest.mark.parametrize("year", ["2021-22", "2024-25"])
def test_readings_of_contradictions_are_followed(published, year):
    """Readings, not published figures: where the report contradicts itself, the cell shows the value of
    the reading its fixture's inconsistency names; the printed value differs and is asserted nowhere."""
    ids = {i["id"] for i in _golden(year)["inconsistencies"]}
    rows = [e for e in expectations(year) if e[4] is not None]
    for place, printed, expected, _, reading in rows:
        assert reading in ids, f"{place}: no inconsistency {reading!r} in the fixture"
        assert Decimal(str(printed)) != Decimal(str(abs(expected))), f"{place}: a reading equal to the print"
    wrong = _wrong(published, year, rows)
    assert rows and not wrong, "\n".join(wrong)


# ---------------------------------------------------------------------------- the publications' shape


def _plain(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _pages(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("[0-9][0-9]_*.html"))]


def _printed(number: str, title: str) -> str:
    return " ".join(part for part in (number, title) if part)


@pytest.mark.parametrize("year", ["2021-22", "2024-25"])
def test_the_report_has_the_publications_sections_in_its_order_with_its_numbers_and_titles(published, year):
    """Every page's heading, in order, is the publication's heading as printed in its body
    (tests/golden/lancashire_<year>.yaml, body_headings, transcribed from the seed text)."""
    headings = [
        _plain(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)) for page in _pages(published[year + " folder"])
    ]
    assert headings == [_printed(n, t) for n, t in _golden(year)["body_headings"]]
    if "contents" in _golden(year):  # 2024/25's contents page numbers the same sections in the same order
        assert [n for n, _ in _golden(year)["contents"]] == [n for n, _ in _golden(year)["body_headings"]]


@pytest.mark.parametrize("year", ["2021-22", "2024-25"])
def test_the_report_has_the_publications_title(published, year):
    """The title as the publication prints it (report_title in tests/golden/lancashire_<year>.yaml): the
    profile's for 2021/22, the report file's own `title:` for 2024/25, whose publication is titled
    differently. On the landing page, on every section page and on the PDF's cover."""
    title, period = _golden(year)["report_title"], year.replace("-", "/")
    folder = published[year + " folder"]
    assert f"<h1>{html.escape(title)} {period}</h1>" in (folder / "index.html").read_text(encoding="utf-8")
    kickers = {_plain(re.search(r'<p class="kicker">(.*?)</p>', page, re.S).group(1)) for page in _pages(folder)}
    assert kickers == {f"Lancashire County Council: {title}, {period}"}
    cover = " ".join(PdfReader(folder / "report.pdf").pages[0].extract_text().split())
    assert f"{title} {period}" in cover, cover


def _graphs(folder: Path) -> list[tuple[str, str]]:
    """(number, title) of every chart, in page order: the number its caption gives, the title it draws."""
    out = []
    for page in _pages(folder):
        for figure in re.findall(r'<figure class="chart".*?</figure>', page, re.S):
            alt = html.unescape(re.search(r'alt="([^"]*)"', figure).group(1))
            title = re.match(r"(?:Bar|Horizontal bar|Stacked bar|Line) chart\. (.*?)\. ", alt).group(1)
            number = _plain(re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S).group(1)).split(".")[0]
            out.append((number, title))
    return out


def test_every_graph_of_2021_22_has_the_publications_number_and_title(published):
    """Graphs 1 (ASC), 1 (CYP) and 2 to 15 in the printed order, numbered and titled as printed
    ("Graph 12 - Final Outcome": the fixture's printed_heading of each graph)."""
    printed = [tuple(t["printed_heading"].split(" - ", 1)) for t in _golden("2021-22")["tables"].values()]
    assert _graphs(published["2021-22 folder"]) == printed


def test_every_graph_of_2024_25_has_the_publications_number(published):
    """The 2024/25 graphs survive only as their numbers (graphs_without_data); the word cloud needs the
    compliments' own words, which the reconstructed exports do not hold, so it is not drawn."""
    printed = [g["graph"] for g in _golden("2024-25")["graphs_without_data"] if g["graph"].startswith("Graph")]
    assert [number for number, _ in _graphs(published["2024-25 folder"])] == printed


@pytest.mark.parametrize("year", ["2021-22", "2024-25"])
def test_no_table_or_chart_the_publication_does_not_print(published, year):
    """The tables printed are the tables behind the publication's graphs, one under each, titled as it is;
    tables holding the figures its sentences state are kept as CSV copies, never printed nor in the workbook."""
    from openpyxl import load_workbook

    folder = published[year + " folder"]
    printed = []
    for page in _pages(folder):
        printed += [_plain(c) for c in re.findall(r"<caption[^>]*>(.*?)</caption>", page, re.S)]
    graphs = _graphs(folder)
    assert len(printed) == len(graphs)
    assert all(caption.startswith(title) for caption, (_, title) in zip(printed, graphs))
    sheets = load_workbook(folder / "tables.xlsx", read_only=True).sheetnames
    assert len([s for s in sheets if s not in ("Cover", "Contents", "Notes")]) == len(graphs), sheets
    assert len(published[year]) > len(graphs)  # the CSV copies include the tables not printed


# The councils' own sentences, as the report now states them: each figure computed, and where the
# publication got a figure wrong, the reading its fixture names (so the sentence no longer repeats the slip).
SENTENCES = {
    "2021-22": [
        # csc_statutory_change_percent: (188 - 226) / 226 = -16.8% -> fell by 17% (printed "20%")
        "Children's social care (CSC) complaints fell by 17% (from 226 in 2020/21 to 188 in 2021/22)",
        # ombudsman_change_percent: (89 - 99) / 99 = -10.1% -> a decrease of 10% (printed "11%")
        "Although this is a decrease of 10% on the 99 Ombudsman social care and education enquiries",
        # graph_3_total: the 668 complaints with an outcome (printed "672"); 305 / 668 = 45.7% -> 46%
        "for all 668 closed complaints with an outcome during 2021/22",
        "Of all complaints, 46% have also been resolved or withdrawn",
        # asc_ombudsman_share: 32 / 484 = 6.6% -> 7% (printed "6%")
        "and a further 7% went on to the Ombudsman",
        # the timeliness base the council did not state: 91 of the 165 that ended at stages 0 to 2 = 55%
        "Of the statutory CSC complaints that ended at Stages 0 to 2, 91 exceeded statutory timescales "
        "(20 working days) which is a rate of 55%",
    ],
    "2024-25": [
        # non_statutory_increase_percent: (206 - 171) / 171 = 20.5% -> 20% (printed "18%")
        "Non statutory children's social care complaints increased from 171 to 206, an increase of 20%",
        # ombudsman_decisions_rise: (144 - 74) / 74 = 94.6% -> 95% (printed "49%")
        "This is an increase of 95% in decisions",
        # csc_complaint_base_undisclosed: 185 / 327 = 56.57% -> 56.6%, half away from zero (printed 56.5%)
        "185 exceeded statutory timescales at Stages 0 to 2 (20 working days) which is a rate of 56.6%",
        "Only 24 complaints (7.3%) were made directly by children",
    ],
}


@pytest.mark.parametrize("year", ["2021-22", "2024-25"])
def test_the_councils_own_sentences_state_the_computed_figures(published, year):
    text = published[year + " text"]
    missing = [sentence for sentence in SENTENCES[year] if sentence not in text]
    assert not missing, missing


def test_committed_reconstruction_is_its_generators_output(tmp_path):
    """A drift check, not evidence: data/raw/lancashire is what the generator writes now, so the figures
    above are about the data it makes; it says nothing about whether those figures are true. The councils'
    text (data/raw/lancashire/<year>/*.md) is the analysts', kept with the exports, not generated."""
    from generators.reconstruct.lancashire import write
    from pipelines.inputs.ingest import RAW_ROOT

    written = write(tmp_path)
    assert written and all(p.read_bytes() == (RAW_ROOT / p.relative_to(tmp_path)).read_bytes() for p in written)
    exports = [p for p in (RAW_ROOT / "lancashire").rglob("*") if p.is_file() and p.suffix != ".md"]
    assert sorted(p.relative_to(RAW_ROOT) for p in exports) == sorted(p.relative_to(tmp_path) for p in written)
