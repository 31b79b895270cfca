"""Lewisham 2024-25, rebuilt case by case from its published report.

Reads the figures transcribed in tests/golden/lewisham_2024-25.yaml and writes raw exports
(data/raw/lewisham/2024-25/*.csv, the data contract's form) that are consistent with every
published figure the contract can carry: cases received by month, quarter and year by type
(Tables 1a-2b), on time by quarter and by directorate (Tables 3 and 4), payment complaints by
directorate and quarter (4.1), compliments (4.2), stage 1 outcomes (5), stage 2 requests, status and
outcomes (6, 7 and the directorate table), stage 3 (8, 9), the Ombudsman (10, 11 and 7.2), advocacy
at stage 1 and 2 (9.6) and FOI (section 10). Where the publication contradicts itself, READINGS says
which reading the data follows (the ids are the golden file's `inconsistencies`).

What is not published (days within a month, services, who complained, which case is which) is
drawn from a seeded random stream, so the files are identical on every run."""

from __future__ import annotations

import bisect
import itertools
import random
import re
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path

import yaml

from generators.demo import _write_table
from pipelines import ROOT
from pipelines.config.vocabulary import tables
from pipelines.inputs.ingest import RAW_ROOT
from pipelines.rules.calendar import MONTHS_FY as MONTHS
from pipelines.rules.calendar import QUARTERS, bank_holidays

AUTHORITY = "lewisham"
YEAR = "2024-25"
GOLDEN = ROOT / "tests" / "golden" / "lewisham_2024-25.yaml"
SEED = 20250331
YEAR_END = date(2025, 3, 31)

# The reading followed where the publication contradicts itself (golden `inconsistencies` ids).
READINGS = {
    "table_2b_row_totals": "A: the category cells are right; April 36, July 40, October 54 (year 528).",
    "mayor_enquiries_quarters": "A: Table 2b's months are right: mayor enquiries Q1 7, Q2 3, Q3 13, Q4 6.",
    "table_3_member_enquiry_denominators": "A: all 46 member enquiries were answered: Q2 6/16, Q3 10/14.",
    "table_3_mp_enquiry_q2": "A: the Q2 MP cell was lost: 12/28 (year 70/124, as Table 4).",
    "table_3_chief_executive_quarters": "A: Q2 0/1 and none in Q3 (as Tables 2a and 2b).",
    "table_3_q2_general_enquiry_percent": "A: 6/10 is 60%.",
    "table_3_vs_table_4_general_enquiry_on_time": "A: Table 3 is right (23/37); Table 4's Education cell is 13/14.",
    "table_4_education_general_enquiry_percent": "Follows from the reading above: 93% (13/14).",
    "table_4_education_mayor_enquiry_percent": "19/25 is 76%.",
    "table_5_resolved_upon_receipt": "A: resolved upon receipt 1 + 1 = 2 (1%).",
    "table_5_columns_vs_received": "Outcomes count complaints closed in the year: 2 corporate complaints received in "
    "March 2025 were answered in April 2025, and 2 Children Act complaints received in "
    "March 2024 were answered in April 2024 (163 and 126 closed; 165 and 124 received).",
    "complaints_received_2023_24": "A: 193 stage 1 complaints in 2023-24 (Table 1b), not 212.",
    "stage2_directorate_new_requests_total": "A: 40 new requests.",
    "stage2_directorate_investigating_completed": "A: 8 being investigated at 31 March 2025 (CSC 4, FQC 1, "
    "Education 3), 32 completed by then.",
    "table_7_outcomes_vs_status": "Table 7 gives the outcome of every request received in the year, as known at the "
    "October 2025 extract; the status table is at 31 March 2025; the one withdrawn or "
    "suspended request is counted beside the 40, not among them (Table 6).",
    "table_10_vs_table_11_decisions": "Different cohorts: Table 11's three decisions are on complaints received in "
    "2023-24 (7.2: 4 received that year); Table 10's three were decided after the year.",
    "foi_previous_years_totals": "A: 258 + 3 = 261 and 233 + 8 = 241.",
    "foi_quarterly_on_time_sum": "B: the quarterly numerators are right: 179 of 276 requests on time (65%).",
    "foi_2022_23_denominator": "Performance counts requests answered in the year: 233 received in 2022-23 and one "
    "received in March 2022, answered in April 2022 (190/234).",
}

KINDS = {
    "corporate stage 1": "corporate",
    "children act stage 1": "statutory",
    "general enquiry": "general",
    "mayor enquiry": "mayor",
    "member enquiry": "councillor",
    "mp enquiry": "mp",
    "chief executive enquiry": "chief_executive",
}
COMPLAINT_KINDS = ("corporate", "statutory")
CSC, EDU, FQC = "Children's Social Care", "Education Services", "Families, Quality and Commissioning"
DIVISIONS = (CSC, EDU, FQC)
SERVICES = {
    CSC: ["Children's Social Care", "Corporate Parenting"],
    EDU: ["Integrated Services & SEND", "SEN team", "School travel assistance", "Attendance", "Admissions"],
    FQC: ["Families, Quality and Commissioning"],
}
THEMES = [
    "EHCNA and EHCP timescales",
    "school travel assistance",
    "disagreement with decision",
    "staff conduct",
    "communication",
]
COMPLIMENT_THEMES = [
    "compassion and understanding",
    "clear and proactive communication",
    "prompt and efficient support",
    "consistent support",
]
COMPLAINANTS = {
    "parent_guardian": 80,
    "other_family": 8,
    "foster_carer": 6,
    "special_guardian": 3,
    "member_of_public": 3,
}
LIMIT = {"corporate": 10, "statutory": 10, "enquiry": 10, "foi": 20}
RATIO = re.compile(r"^(\d+)%\s*-?\s*\(?\s*(\d+)\s*/\s*(\d+)\s*\)?$")


# The publication --------------------------------------------------------------------------------


def golden() -> dict:
    return yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))


def ratio(cell) -> tuple[int, int]:
    """'58% (15/26)' -> (15, 26); the printed '0' of an empty on-time cell -> (0, 0)."""
    if str(cell).strip() == "0":
        return 0, 0
    m = RATIO.match(str(cell).strip())
    if not m:
        raise ValueError(f"not an on-time cell: {cell!r}")
    return int(m.group(2)), int(m.group(3))


def _by_kind(table: dict) -> dict:
    """{kind: {row label: cell}} for a table whose columns are the case types."""
    return {
        KINDS[c.lower()]: {row: cells[i] for row, cells in table["rows"].items()}
        for i, c in enumerate(table["columns"])
        if c.lower() in KINDS
    }


def on_time_by_quarter(g: dict) -> dict:
    """Table 3 as (on time, responded) per kind and quarter, under READINGS."""
    out = {k: {q: ratio(c) for q, c in cells.items()} for k, cells in _by_kind(g["tables"]["table_3"]).items()}
    out["mp"]["Q2"] = (12, 28)  # table_3_mp_enquiry_q2
    out["chief_executive"]["Q2"], out["chief_executive"]["Q3"] = (0, 1), (0, 0)  # table_3_chief_executive_quarters
    out["councillor"]["Q2"], out["councillor"]["Q3"] = (6, 16), (10, 14)  # table_3_member_enquiry_denominators
    return out


def on_time_by_division(g: dict) -> dict:
    """Table 4 as (on time, responded) per kind and directorate, under READINGS."""
    out = {k: {d: ratio(c) for d, c in cells.items()} for k, cells in _by_kind(g["tables"]["table_4"]).items()}
    out["general"][EDU] = (13, 14)  # table_3_vs_table_4_general_enquiry_on_time
    return out


def received_by_month(g: dict) -> dict:
    """Table 2b: {kind: [April .. March]} (its own column order: MP before Member)."""
    cells = _by_kind(g["tables"]["table_2b"])
    return {k: [int(cells[k][m]) for m in MONTHS] for k in cells}


def received_by_year(g: dict) -> dict:
    """Table 1b by year: {'2023-24': {kind: n}, '2022-23': {...}, ...}."""
    table, out = g["tables"]["table_1b"], {}
    for row, cells in table["rows"].items():
        start = int(re.match(r"(\d{4})", row).group(1))
        out[f"{start}-{(start + 1) % 100:02d}"] = {
            KINDS[c.lower()]: int(v) for c, v in zip(table["columns"], cells) if c.lower() in KINDS
        }
    return out


def _cell(g: dict, table: str, row: str, column: str):
    t = g["tables"][table]
    return t["rows"][row][t["columns"].index(column)]


# Allocation: cases to (quarter, directorate) cells with given on-time margins ------------------


def _north_west(rows: list[int], cols: list[int], row_order, col_order) -> list[list[int]]:
    r, c = list(rows), list(cols)
    m = [[0] * len(cols) for _ in rows]
    i = j = 0
    while i < len(row_order) and j < len(col_order):
        a, b = row_order[i], col_order[j]
        take = min(r[a], c[b])
        m[a][b] += take
        r[a] -= take
        c[b] -= take
        if r[a] == 0:
            i += 1
        else:
            j += 1
    return m


def allocate(n_rows, ok_rows, n_cols, ok_cols, lower=None) -> tuple[list, list]:
    """Counts n[i][j] (at least `lower`, e.g. the payment complaints of Table 4.1) and on-time counts
    o[i][j] <= n[i][j] with the published margins: rows are quarters, columns directorates. The
    on-time and the late cases are each laid out corner first; the late ones top up any cell where
    the on-time ones fall short of `lower`."""
    late_rows = [n - ok for n, ok in zip(n_rows, ok_rows)]
    late_cols = [n - ok for n, ok in zip(n_cols, ok_cols)]
    if sum(n_rows) != sum(n_cols) or sum(ok_rows) != sum(ok_cols) or min(late_rows + late_cols) < 0:
        raise ValueError(f"margins disagree: {n_rows} / {n_cols}, on time {ok_rows} / {ok_cols}")
    rows, cols = range(len(n_rows)), range(len(n_cols))
    lower = lower or [[0 for _ in cols] for _ in rows]
    for row_order in itertools.permutations(rows):
        for col_order in itertools.permutations(cols):
            o = _north_west(ok_rows, ok_cols, row_order, col_order)
            need = [[max(0, lower[i][j] - o[i][j]) for j in cols] for i in rows]
            rest_rows = [late_rows[i] - sum(need[i]) for i in rows]
            rest_cols = [late_cols[j] - sum(need[i][j] for i in rows) for j in cols]
            if min(rest_rows + rest_cols) < 0:
                continue
            rest = _north_west(rest_rows, rest_cols, row_order, col_order)
            n = [[o[i][j] + need[i][j] + rest[i][j] for j in cols] for i in rows]
            return n, o
    raise ValueError("no allocation meets the published margins")


# Dates -----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _working_days() -> tuple[date, ...]:
    """Working days 2021-2026: weekdays other than England and Wales bank holidays."""
    closed = {d for y in range(2021, 2027) for d in bank_holidays(y)}
    first, out = date(2021, 1, 1), []
    for n in range(6 * 366):
        d = first + timedelta(days=n)
        if d.year < 2027 and d.weekday() < 5 and d not in closed:
            out.append(d)
    return tuple(out)


def after(day: date, working_days: int) -> date:
    """The working day `working_days` after `day` (day 1 is the first working day after it), as
    pipelines.rules.calendar.add_working_days counts for next_working_day."""
    days = _working_days()
    return days[bisect.bisect_right(days, day) + working_days - 1]


@cache
def working_days_of(year: int, month: int) -> tuple[date, ...]:
    first = date(year, month, 1)
    days, d = [], first
    while d.month == month:
        if after(d - timedelta(days=1), 1) == d:
            days.append(d)
        d += timedelta(days=1)
    return tuple(days)


def month_of(fy_start: int, index: int) -> tuple[int, int]:
    """Month `index` (0 = April) of the financial year starting in `fy_start`."""
    month = (index + 3) % 12 + 1
    return (fy_start if month >= 4 else fy_start + 1), month


def dates(
    rng: random.Random,
    fy_start: int,
    month_index: int,
    limit: int,
    on_time: bool,
    close_by: date | None = None,
    answer_after: date | None = None,
) -> tuple[date, date]:
    """A receipt day in the month and a response on time (within `limit` working days) or late,
    answered by `close_by` if given, or else after `answer_after` if given."""
    year, month = month_of(fy_start, month_index)
    days = working_days_of(year, month)
    first_late, last_late = limit + 1, limit + 4
    if close_by:
        need = 1 if on_time else first_late
        days = tuple(d for d in days if after(d, need) <= close_by) or days[:1]
    received = rng.choice(days)
    ks = list(range(1, limit + 1)) if on_time else list(range(first_late, last_late + 1))
    if close_by:
        ks = [k for k in ks if after(received, k) <= close_by] or ks[:1]
    if answer_after:
        ks = [k for k in range(first_late, first_late + 60) if after(received, k) > answer_after][:3]
    response = after(received, rng.choice(ks))
    if close_by and response > close_by:
        raise ValueError(f"cannot answer a case received in {month}/{year} by {close_by}")
    return received, response


# The records -----------------------------------------------------------------------------------


class Builder:
    def __init__(self, seed: int = SEED):
        self.g = golden()
        self.rng = random.Random(seed)
        self.rows = {name: [] for name in tables()}
        self.serial = {}

    def ref(self, prefix: str, year: str) -> str:
        key = f"{prefix}-{year[2:4]}"
        self.serial[key] = self.serial.get(key, 0) + 1
        return f"{key}-{self.serial[key]:04d}"

    def complaint(self, ref, stage, procedure, received, responded, outcome, division, service=None, **extra):
        row = {
            "case_ref": ref,
            "stage": stage,
            "procedure": procedure,
            "date_received": received.isoformat(),
            "extended": "false",
            "date_responded": responded.isoformat() if responded else "",
            "outcome": outcome or "",
            "service_area": service or self.rng.choice(SERVICES[division]),
            "division": division,
            "complainant_type": extra.pop("complainant_type", None) or self._who(),
            "advocate": "false",
            "themes": "",
        }
        row.update({k: (v.isoformat() if isinstance(v, date) else v) for k, v in extra.items()})
        self.rows["complaints"].append(row)
        return row

    def _who(self) -> str:
        return self.rng.choices(list(COMPLAINANTS), weights=list(COMPLAINANTS.values()))[0]

    def _themes(self) -> str:
        return ";".join(sorted(self.rng.sample(THEMES, self.rng.choice([1, 1, 2]))))

    # 2024-25: stage 1 complaints and enquiries (Tables 2b, 3, 4, 4.1, 5) ----------------------

    def this_year(self):
        g = self.g
        months, by_q, by_d = received_by_month(g), on_time_by_quarter(g), on_time_by_division(g)
        payments = {d: [int(v) for v in cells[:4]] for d, cells in g["tables"]["table_4_1"]["rows"].items()}
        made = {}
        for kind in KINDS.values():
            lower = [[payments[d][q] for d in DIVISIONS] for q in range(4)] if kind == "corporate" else None
            n, o = allocate(
                [by_q[kind][q][1] for q in QUARTERS],
                [by_q[kind][q][0] for q in QUARTERS],
                [by_d[kind][d][1] for d in DIVISIONS],
                [by_d[kind][d][0] for d in DIVISIONS],
                lower,
            )
            made[kind] = self._cases_of_kind(kind, months[kind], n, o, lower)
        return made

    def _cases_of_kind(self, kind, months, n, o, lower):
        """Slots (directorate, on time, payment) per quarter, dealt to the quarter's months: late
        ones first, so that a late answer still falls before the year end where it must."""
        made = []
        for q in range(4):
            slots = []
            for j, division in enumerate(DIVISIONS):
                paid = lower[q][j] if lower else 0
                cell = [(division, True)] * o[q][j] + [(division, False)] * (n[q][j] - o[q][j])
                self.rng.shuffle(cell)
                slots += [(d, ok, i < paid) for i, (d, ok) in enumerate(cell)]
            self.rng.shuffle(slots)
            slots.sort(key=lambda s: s[1])  # late first
            in_quarter = [m for m in range(q * 3, q * 3 + 3) for _ in range(months[m])]
            extra = len(in_quarter) - len(slots)
            reviews = []
            if extra:  # the Table 4 footnote's 2 case reviews
                if kind != "statutory" or extra != 2:
                    raise ValueError(f"{kind} Q{q + 1}: {len(in_quarter)} received but {len(slots)} in Tables 3 and 4")
                reviews = [(CSC, True, False, True), (CSC, False, False, True)]
            for month, slot in zip(in_quarter, reviews + [s + (False,) for s in slots]):
                made.append((month, *slot))
        return made

    def stage1_and_enquiries(self):
        made = self.this_year()
        self.stage1 = {"corporate": [], "statutory": []}
        outcomes = self._stage1_outcomes()
        for kind, cases in made.items():
            late_march = [i for i, c in enumerate(cases) if c[0] >= 9 and not c[2]][-2:] if kind == "corporate" else []
            for i, (month, division, on_time, payment, review) in enumerate(cases):
                if kind in COMPLAINT_KINDS:
                    if review:
                        outcome, close_by, after_ye = "case_review", YEAR_END, None
                    elif i in late_march:  # answered after the year end (Table 5: 163 of 165)
                        outcome, close_by, after_ye = "not_upheld", None, YEAR_END
                    else:
                        outcome, close_by, after_ye = outcomes[kind].pop(), YEAR_END, None
                    received, responded = dates(self.rng, 2024, month, LIMIT[kind], on_time, close_by, after_ye)
                    themes = self._themes().split(";")
                    if payment:
                        themes = ["payments"] + themes[:1]
                    row = self.complaint(
                        self.ref("LEW", YEAR),
                        1,
                        kind,
                        received,
                        responded,
                        outcome,
                        division,
                        themes=";".join(sorted(set(themes))),
                    )
                    self.stage1[kind].append(row)
                else:
                    received, responded = dates(self.rng, 2024, month, LIMIT["enquiry"], on_time)
                    self.rows["enquiries"].append(
                        {
                            "enquiry_ref": self.ref(f"ENQ-{kind[:3].upper()}", YEAR),
                            "enquiry_type": kind,
                            "date_received": received.isoformat(),
                            "date_responded": responded.isoformat(),
                            "division": division,
                            "service_area": self.rng.choice(SERVICES[division]),
                            "advocate": "false",
                        }
                    )
        for kind in COMPLAINT_KINDS:
            if outcomes[kind]:
                raise ValueError(f"{kind}: {len(outcomes[kind])} Table 5 outcomes left over")
        # advocacy (9.6): stage 1 complaints made with an advocate, children's own complaints
        advocated = self.rng.sample(
            self.stage1["statutory"], int(_cell(self.g, "nyas_advocacy", "2024 - 2025", "Stage 1"))
        )
        for row in advocated:
            row.update(advocate="true", complainant_type="child_young_person")
        columns = self.g["tables"]["nyas_advocacy"]["columns"]
        for column, count in zip(columns, self.g["tables"]["nyas_advocacy"]["rows"]["2024 - 2025"]):
            if column.lower() in KINDS:  # enquiries made with an advocate (9.6)
                kind = KINDS[column.lower()]
                for row in self.rng.sample(
                    [r for r in self.rows["enquiries"] if r["enquiry_type"] == kind], int(count)
                ):
                    row["advocate"] = "true"

    def _stage1_outcomes(self) -> dict:
        """Table 5 (closed in the year) as pools of outcomes for the year's own complaints: the
        case reviews, the 2 Children Act complaints from March 2024 and the 2 corporate complaints
        answered after the year end are placed separately (READINGS table_5_*)."""
        codes = {
            "Not upheld": "not_upheld",
            "Partly upheld": "partly_upheld",
            "Upheld": "upheld",
            "Returned / Withdrawn": "withdrawn",
            "Resolved upon receipt": "early_resolution",
            "Case Reviews": "case_review",
        }
        pools = {}
        for kind, column in (("corporate", "Corporate Stage 1"), ("statutory", "Children Act Stage 1")):
            pool = []
            for row, code in codes.items():
                if code != "case_review":
                    pool += [code] * int(_cell(self.g, "table_5", row, column))
            pools[kind] = pool
        pools["statutory"].remove("not_upheld")  # the 2 from March 2024 (see earlier_years)
        pools["statutory"].remove("not_upheld")
        for pool in pools.values():
            self.rng.shuffle(pool)
        return pools

    # Stage 2 and 3 (Tables 6-9, the directorate table, 5.2.4, 9.6) ----------------------------

    def stage2_this_year(self):
        g = self.g
        outcome_codes = {"Not upheld": "not_upheld", "Partly upheld": "partly_upheld", "Upheld": "upheld"}
        pools = {
            p: [c for row, c in outcome_codes.items() for _ in range(int(_cell(g, "table_7", row, col)))]
            for p, col in (("corporate", "Corporate"), ("statutory", "Statutory"))
        }
        for pool in pools.values():
            self.rng.shuffle(pool)
        # (procedure, directorate): completed by 31 March 2025, still being investigated then (READINGS)
        plan = [("statutory", CSC, 15, 4), ("statutory", FQC, 2, 1), ("corporate", EDU, 15, 3)]
        self._check_stage2_plan(plan)
        used = set()
        advocates = int(_cell(g, "nyas_advocacy", "2024 - 2025", "Stage 2"))
        for procedure, division, completed, open_ in plan:
            parents = sorted(
                (
                    r
                    for r in self.stage1[procedure]
                    if r["division"] == division
                    and r["outcome"] in outcome_codes.values()
                    and r["date_responded"] <= "2025-03-14"
                ),
                key=lambda r: (r["date_responded"], r["case_ref"]),
            )
            early = [p for p in parents if p["date_responded"] <= "2025-02-14"][:completed]
            late = [p for p in reversed(parents) if p not in early][:open_]
            if len(early) < completed or len(late) < open_:
                raise ValueError(f"not enough stage 1 complaints to escalate for {procedure} {division}")
            for parent, done in [(p, True) for p in early] + [(p, False) for p in late]:
                used.add(parent["case_ref"])
                start = date.fromisoformat(parent["date_responded"])
                if done:
                    received = after(start, self.rng.randint(2, 8))
                    responded = min(after(received, self.rng.randint(15, 40)), YEAR_END)
                else:
                    received = min(
                        max(after(start, self.rng.randint(2, 5)), after(date(2025, 1, 31), self.rng.randint(1, 28))),
                        YEAR_END,
                    )
                    responded = after(YEAR_END, self.rng.randint(10, 80))
                row = self.complaint(
                    parent["case_ref"],
                    2,
                    procedure,
                    received,
                    responded,
                    pools[procedure].pop(),
                    division,
                    parent["service_area"],
                    complainant_type=parent["complainant_type"],
                    themes=parent["themes"],
                )
                if procedure == "statutory" and advocates:
                    row.update(advocate="true", complainant_type="child_young_person")
                    advocates -= 1
        # Table 6: one statutory request withdrawn or suspended, beside the 40
        withdrawn = int(_cell(g, "table_6", "2024 – 2025 | Statutory", "Withdrawn / Suspended"))
        spare = [
            r
            for r in self.stage1["statutory"]
            if r["division"] == CSC
            and r["case_ref"] not in used
            and r["outcome"] == "not_upheld"
            and r["date_responded"] <= "2024-10-31"
        ]
        for parent in spare[:withdrawn]:
            received = after(date.fromisoformat(parent["date_responded"]), 5)
            self.complaint(
                parent["case_ref"],
                2,
                "statutory",
                received,
                after(received, 10),
                "withdrawn",
                CSC,
                parent["service_area"],
                complainant_type=parent["complainant_type"],
            )

    def _check_stage2_plan(self, plan):
        g = self.g

        def numbers(text):
            return [int(x) for x in re.findall(r"\d+", str(text))]

        for (_procedure, _division, done, open_), column in zip(plan, ["CSC", "FQC", "Education"]):
            received = numbers(_cell(g, "table_6_by_directorate", "New requests received", column))[0]
            completed = numbers(_cell(g, "table_6_by_directorate", "Completed investigation", column))[0]
            investigating = numbers(_cell(g, "table_6_by_directorate", "Currently being investigated", column))[0]
            if (done + open_, done, open_) != (received, completed, investigating):
                raise ValueError(f"stage 2 plan for {column} differs from the publication")

    # Earlier years (Table 1b, 6, 8) ----------------------------------------------------------

    def earlier_years(self):
        g = self.g
        years = received_by_year(g)
        stage2 = self._stage2_history()
        stage3 = {int(re.match(r"(\d{4})", r).group(1)): int(c[0]) for r, c in g["tables"]["table_8"]["rows"].items()}
        for year in ("2022-23", "2023-24"):
            start = int(year[:4])
            kinds = years[year]
            made = {}
            for kind, count in kinds.items():
                spread = [self.rng.randrange(12) for _ in range(count)]
                made[kind] = []
                for month in sorted(spread):
                    received, responded = dates(self.rng, start, month, 10, True, date(start + 1, 3, 31))
                    if kind in COMPLAINT_KINDS:
                        row = self.complaint(
                            self.ref("LEW", year),
                            1,
                            kind,
                            received,
                            responded,
                            self.rng.choice(["not_upheld", "not_upheld", "partly_upheld", "upheld"]),
                            CSC if kind == "statutory" else self.rng.choice([EDU, EDU, EDU, CSC]),
                            themes=self._themes(),
                        )
                        made[kind].append(row)
                    else:
                        division = self.rng.choice(DIVISIONS)
                        self.rows["enquiries"].append(
                            {
                                "enquiry_ref": self.ref(f"ENQ-{kind[:3].upper()}", year),
                                "enquiry_type": kind,
                                "date_received": received.isoformat(),
                                "date_responded": responded.isoformat(),
                                "division": division,
                                "service_area": self.rng.choice(SERVICES[division]),
                            }
                        )
            if year == "2023-24":  # answered in April 2024 (READINGS table_5_*)
                for row in made["statutory"][-2:]:
                    received = date(2024, 3, 25) + timedelta(days=made["statutory"].index(row) % 2)
                    row.update(
                        date_received=received.isoformat(),
                        date_responded=after(date(2024, 3, 31), 3).isoformat(),
                        outcome="not_upheld",
                    )
            self._escalate(year, made, stage2[year], stage3[start])

    def _stage2_history(self) -> dict:
        rows = self.g["tables"]["table_6"]["rows"]
        out = {}
        for key, (received, withdrawn) in rows.items():
            if " | " not in key:
                continue
            group, label = key.split(" | ")
            start = int(re.match(r"(\d{4})", group).group(1))
            year = f"{start}-{(start + 1) % 100:02d}"
            procedure = "corporate" if label == "Corporate" else "statutory"
            out.setdefault(year, {})[procedure] = (int(received), int(withdrawn))
        return out

    def _escalate(self, year, made, stage2, stage3_count):
        """Stage 2 requests of an earlier year (received, withdrawn) per procedure, from its first
        stage 1 complaints; its stage 3 requests from its statutory stage 2; and in 2023-24 the
        corporate chain that reached stage 3 in 2024-25 (Table 9)."""
        for procedure, (received_n, withdrawn_n) in sorted(stage2.items()):
            parents = sorted(made[procedure], key=lambda r: (r["date_responded"], r["case_ref"]))[
                : received_n + withdrawn_n
            ]
            for i, parent in enumerate(parents):
                received = after(date.fromisoformat(parent["date_responded"]), self.rng.randint(2, 10))
                responded = after(received, self.rng.randint(15, 30))
                outcome = "withdrawn" if i >= received_n else self.rng.choice(["not_upheld", "partly_upheld", "upheld"])
                row = self.complaint(
                    parent["case_ref"],
                    2,
                    procedure,
                    received,
                    responded,
                    outcome,
                    parent["division"],
                    parent["service_area"],
                    complainant_type=parent["complainant_type"],
                )
                if procedure == "statutory" and i < stage3_count:
                    panel_request = after(responded, 10)
                    panel = after(panel_request, 20)
                    findings = after(panel, 4)
                    self.complaint(
                        parent["case_ref"],
                        3,
                        procedure,
                        panel_request,
                        after(findings, 10),
                        "not_upheld",
                        parent["division"],
                        parent["service_area"],
                        complainant_type=parent["complainant_type"],
                        date_panel=panel,
                        date_findings=findings,
                    )
                if procedure == "corporate" and year == "2023-24" and i == 0:
                    self._stage3_this_year(row)

    def _stage3_this_year(self, stage2_row):
        """Table 9: the one stage 3 request of 2024-25 - Corporate, Corporate Parenting, not upheld."""
        t9 = self.g["tables"]["table_9"]["rows"]["1"]
        procedure = t9[0].lower()
        for row in self.rows["complaints"]:
            if row["case_ref"] == stage2_row["case_ref"]:
                row.update(service_area=t9[1], division=CSC)
        request = date(2024, 5, 7)
        panel = after(request, 25)
        findings = after(panel, 5)
        self.complaint(
            stage2_row["case_ref"],
            3,
            procedure,
            request,
            after(findings, 12),
            t9[3].lower().replace(" ", "_"),
            CSC,
            t9[1],
            complainant_type=stage2_row["complainant_type"],
            date_panel=panel,
            date_findings=findings,
        )

    # Compliments, Ombudsman, FOI --------------------------------------------------------------

    def compliments(self):
        for division, (count,) in self.g["tables"]["table_4_2"]["rows"].items():
            for _ in range(int(count)):
                received = self.rng.choice(working_days_of(*month_of(2024, self.rng.randrange(12))))
                self.rows["compliments"].append(
                    {
                        "compliment_ref": self.ref("CMP", YEAR),
                        "date_received": received.isoformat(),
                        "service_area": self.rng.choice(SERVICES[division]),
                        "division": division,
                        "themes": self.rng.choice(COMPLIMENT_THEMES),
                        "text": "",
                        "approved_for_publication": "false",
                        "staff_names": "",
                    }
                )

    def ombudsman(self):
        g = self.g
        previous = int(
            next(f for f in g["figures"] if f["id"] == "lgsco_received_previous_year")["values"]["received_2023_24"]
        )
        t11 = g["tables"]["table_11"]["rows"]
        decisions = {
            "Fault causing injustice": "upheld",
            "LGSCO could not investigate due to complainant appealing decision via SEND Tribunal": "not_for_us",
            "Remedy satisfied on time": "upheld",
        }
        for i in range(previous):
            received = date(2023, 6, 1) + timedelta(days=60 * i)
            row = {
                "lgsco_ref": self.ref("LGSCO", "2023-24"),
                "date_received": received.isoformat(),
                "council_previously_upheld": "false",
            }
            if i < len(t11):  # decided in 2024-25 (Table 11)
                _, service, _, decision, remedy = t11[str(i + 1)]
                decided = date(2024, 7, 1) + timedelta(days=70 * i)
                row.update(date_decided=decided.isoformat(), service_area=service, decision=decisions[decision])
                payment = re.search(r"£([\d,]+)", remedy)
                remedies = [
                    r
                    for r, word in (
                        ("apology", "apology"),
                        ("payment", "payment"),
                        ("service_improvement", "recommendations"),
                    )
                    if word in remedy
                ]
                if remedies:
                    due = after(decided, 60)
                    row.update(
                        remedies=";".join(remedies),
                        date_remedy_due=due.isoformat(),
                        date_remedy_completed=after(decided, 30).isoformat(),
                    )
                if payment:
                    row["payment_amount"] = payment.group(1).replace(",", "")
            else:  # decided within 2023-24
                row.update(
                    date_decided=date(2024, 2, 15).isoformat(),
                    service_area="Integrated Services & SEND",
                    decision="closed_after_initial_enquiries",
                )
            self.rows["ombudsman"].append(row)
        t10 = g["tables"]["table_10"]["rows"]["1"]
        for i in range(int(t10[1])):  # received in 2024-25, decided after it (Table 10)
            received = date(2024, 9, 2) + timedelta(days=50 * i)
            self.rows["ombudsman"].append(
                {
                    "lgsco_ref": self.ref("LGSCO", YEAR),
                    "date_received": received.isoformat(),
                    "date_decided": date(2025, 6, 2 + 7 * i).isoformat(),
                    "service_area": t10[2],
                    "decision": "upheld",
                    "council_previously_upheld": "false",
                }
            )

    def foi(self):
        g = self.g
        monthly = g["tables"]["foi_1_requests_received"]["rows"]
        perf = g["tables"]["foi_2_performance"]["rows"]
        kinds = {"Request": "request", "Internal review": "internal_review", "Information Commissioner": "ico"}
        columns = g["tables"]["foi_1_requests_received"]["columns"]
        for column, kind in kinds.items():
            counts = [
                int(monthly[f"{m} {2024 if i < 9 else 2025}"][columns.index(column)]) for i, m in enumerate(MONTHS)
            ]
            on_time = {
                "request": [ratio(perf[q][0])[0] for q in QUARTERS],  # READINGS foi_quarterly_on_time_sum
                "internal_review": [ratio(perf[q][1])[0] for q in QUARTERS],
                "ico": [0] * 4,
            }[kind]
            close_by = YEAR_END if kind == "request" else None
            self._foi_year(kind, 2024, counts, on_time, close_by)
        past = {int(r[:4]): ratio(c[0]) for r, c in g["tables"]["foi_3_past_performance"]["rows"].items()}
        previous = {int(r[:4]): [int(c[0]), int(c[1])] for r, c in g["tables"]["foi_2_previous_years"]["rows"].items()}
        for start, (requests, reviews) in sorted(previous.items()):
            ok, answered = past[start]
            carried = answered - requests  # READINGS foi_2022_23_denominator
            if carried:
                for _ in range(carried):
                    received = date(start, 3, 25)
                    self._foi_row("request", received, after(date(start, 3, 31), 2), f"{start - 1}-{start % 100:02d}")
                ok -= carried
            self._foi_spread("request", start, requests, ok)
            self._foi_spread("internal_review", start, reviews, reviews)

    def _foi_row(self, kind, received, responded, year):
        prefix = {"request": "FOI", "internal_review": "FOI-IR", "ico": "FOI-ICO"}[kind]
        self.rows["foi"].append(
            {
                "foi_ref": self.ref(prefix, year),
                "request_type": kind,
                "date_received": received.isoformat(),
                "date_responded": responded.isoformat(),
                "division": "",
            }
        )

    def _foi_year(self, kind, start, counts, on_time, close_by):
        year = f"{start}-{(start + 1) % 100:02d}"
        for q in range(4):
            months = [m for m in range(q * 3, q * 3 + 3) for _ in range(counts[m])]
            flags = [False] * (len(months) - on_time[q]) + [True] * on_time[q]  # late ones first
            for month, ok in zip(months, flags):
                received, responded = dates(self.rng, start, month, LIMIT["foi"], ok, close_by)
                self._foi_row(kind, received, responded, year)

    def _foi_spread(self, kind, start, count, on_time):
        per_month = [count // 12 + (1 if m < count % 12 else 0) for m in range(12)]
        per_quarter = [sum(per_month[q * 3 : q * 3 + 3]) for q in range(4)]
        ok, left = [0] * 4, on_time  # on time in the later quarters, so that
        for q in (3, 2, 1, 0):  # late answers still fall within the year
            ok[q] = min(per_quarter[q], left)
            left -= ok[q]
        self._foi_year(kind, start, per_month, ok, date(start + 1, 3, 31) if kind == "request" else None)

    def build(self) -> dict[str, list[dict]]:
        self.stage1_and_enquiries()
        self.earlier_years()
        self.stage2_this_year()
        self.compliments()
        self.ombudsman()
        self.foi()
        return self.rows


NARRATIVE = """\
# The complaints team's commentary, from the published report (sections 3.4, 4.0 and 11).
commentary:
  cases: |
    Common issues raised in new cases: delays in meeting statutory timescales for Education, Health,
    Care Needs Assessments (EHCNA) and Education, Health, Care Plans (EHCP); delay in providing school
    travel assistance and reimbursing travel costs; delays in processing payments to foster carers,
    connected carers, supported lodging providers and Special Guardians; disagreement with professional
    decisions; and the attitude and conduct of workers.
  reviews: |
    The number of Stage 2 complaint requests and the subsequent investigations both increased compared
    to the previous year. As in previous years, most complaints are successfully resolved at Stage 1.
"""


def write(root: Path = RAW_ROOT, seed: int = SEED) -> list[Path]:
    """Write data/raw/lewisham/2024-25/ (identical bytes every time)."""
    rows = Builder(seed).build()
    folder = root / AUTHORITY / YEAR
    folder.mkdir(parents=True, exist_ok=True)
    written = [_write_table(folder, name, rows[name]) for name in tables() if rows[name]]
    (folder / "narrative.yaml").write_text(NARRATIVE, encoding="utf-8")
    return written + [folder / "narrative.yaml"]
