"""Readings of the cells where Lewisham's 2024-25 report contradicts itself: one table, shared by the
arithmetic check (tests/test_golden.py) and the end-to-end rebuild (tests/test_golden_lewisham.py),
so that the two can never expect different values for one cell.

None of these values is printed as it stands: each is the reading that tests/golden's inconsistency
(named beside it) says a reconstruction should follow, or, where the fixture calls the cell
undecidable, the reading the reconstruction chose (generators/reconstruct/lewisham.py READINGS).
Tests assert them only in checks named as readings, never as published figures."""

from __future__ import annotations

# (golden table, row, column) -> (the reading's value, inconsistency id)
LEWISHAM = {
    # Table 2b's row totals are not the sums of its cells: the cells are read as right
    ("table_2b", "April", "Total"): (36, "table_2b_row_totals"),
    ("table_2b", "July", "Total"): (40, "table_2b_row_totals"),
    ("table_2b", "October", "Total"): (54, "table_2b_row_totals"),
    # Table 2a's mayor enquiries by quarter disagree with Table 2b's months: the months are read as right
    ("table_2a", "Q2", "Mayor enquiry"): (3, "mayor_enquiries_quarters"),
    ("table_2a", "Q3", "Mayor enquiry"): (13, "mayor_enquiries_quarters"),
    ("table_2a", "Q2", "Total"): (144, "mayor_enquiries_quarters"),
    ("table_2a", "Q3", "Total"): (136, "mayor_enquiries_quarters"),
    # printed "40% (6/10)": 6/10 is 60%
    ("table_3", "Q2", "General enquiry"): ("60% (6/10)", "table_3_q2_general_enquiry_percent"),
    ("table_3", "Q2", "Member enquiry"): ("38% (6/16)", "table_3_member_enquiry_denominators"),
    ("table_3", "Q3", "Member enquiry"): ("71% (10/14)", "table_3_member_enquiry_denominators"),
    ("table_3", "Q2", "MP enquiry"): ("43% (12/28)", "table_3_mp_enquiry_q2"),
    ("table_3", "Q2", "Chief Executive enquiry"): ("0% (0/1)", "table_3_chief_executive_quarters"),
    ("table_3", "Q3", "Chief Executive enquiry"): ("[z] (0/0)", "table_3_chief_executive_quarters"),
    # printed "50% (11/14)"; Table 3 gives 23 of 37 general enquiries on time, Table 4 21 of 37. The fixture
    # calls it undecidable; the reconstruction follows Table 3 (reading A), so this cell is 13/14 = 92.86% -> 93%
    ("table_4", "Education Services", "General enquiry"): ("93% (13/14)", "table_3_vs_table_4_general_enquiry_on_time"),
    # printed "79% (19/25)": 19/25 is 76%
    ("table_4", "Education Services", "Mayor enquiry"): ("76% (19/25)", "table_4_education_mayor_enquiry_percent"),
    ("table_5", "Resolved upon receipt", "Total"): (2, "table_5_resolved_upon_receipt"),
    ("table_5", "Resolved upon receipt", "%"): ("1%", "table_5_resolved_upon_receipt"),
    ("table_6_by_directorate", "New requests received", "Total Number received"): (
        40,
        "stage2_directorate_new_requests_total",
    ),
    ("table_6_by_directorate", "Currently being investigated", "CSC"): (
        4,
        "stage2_directorate_investigating_completed",
    ),
    ("table_6_by_directorate", "Currently being investigated", "Total Number received"): (
        8,
        "stage2_directorate_investigating_completed",
    ),
    ("foi_2_previous_years", "2023 - 2024", "Total"): (261, "foi_previous_years_totals"),
    ("foi_2_previous_years", "2022 - 2023", "Total"): (241, "foi_previous_years_totals"),
    # printed twice as 58% (159/276); the quarterly numerators give 45 + 60 + 44 + 30 = 179 (undecidable in the
    # fixture; the reconstruction follows the quarters, reading B): 179/276 = 64.86% -> 65%
    ("foi_3_past_performance", "2024 - 2025", "Performance"): ("65% (179/276)", "foi_quarterly_on_time_sum"),
    ("foi_2_performance", "Requests (159 / 276) – 58%", None): ("65% (179/276)", "foi_quarterly_on_time_sum"),
    # figure in a sentence: "193 ... in 2023-24" against Table 1b's 212
    ("figure", "stage1_complaints_received", "received_2023_24"): (193, "complaints_received_2023_24"),
}
