"""Lancashire's 2021/22 and 2024/25 reports rebuilt as case-level exports.

The published figures (tests/golden/lancashire_2021-22.yaml and lancashire_2024-25.yaml) are read
from the golden files; this module decides how cases could have produced them (which complaint went
to which stage, when it was received and answered, who made it), writes one export per report year
to data/raw/lancashire/<year>/ and is deterministic (fixed seed, sorted rows). What the publications
do not say (dates, complainants beyond the published counts, 2023/24 splits) is chosen here and is
documented where it is chosen. Where a publication contradicts itself, the fixture's `use` reading is
followed; READINGS lists them.

Bases (see the profile): children's volumes are counted on complaints received, outcomes and stages
on complaints closed; adult social care volumes (Graph 1 ASC, 5, 6) on complaints closed and its
service types (Graph 7) on complaints received. A complaint is received on its first stage's date and
closed when its final stage is answered; the Ombudsman stage the council records is stage 4.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml

from generators.demo import _write_table
from pipelines import ROOT
from pipelines.config.vocabulary import tables
from pipelines.inputs.ingest import RAW_ROOT
from pipelines.rules.calendar import bank_holidays

AUTHORITY = "lancashire"
GOLDEN = ROOT / "tests" / "golden"
SEED = 20220331
LIMIT = 20  # Lancashire's working-day limit at stages 0 to 2
CSC, SEND, ASC = "Children's Social Care", "Inclusion and Education Services", "Adult Social Care"
SWP, INCLUSION = "Social Work Practice", "Inclusion Service"
ASC_LGSCO_AREAS = ["Support Planning", "Financial", "Residential and Nursing Provision"]
READINGS = {
    "2021-22": {
        "csc_statutory_change_percent": "17% (the rule), not 20%",
        "ombudsman_change_percent": "10% (the rule), not 11%",
        "ombudsman_decisions_vs_enquiries": "89 and 99 are enquiries received; decisions are 102",
        "graph_3_total": "the outcome shares are of the 668 complaints with an outcome: 19%, 35%, 46%",
        "asc_ombudsman_share": "7% (32/484), not 6%",
        "asc_investigations_sum": "3 of the 289 stage 1 investigations have no outcome recorded",
        "graph_7_total_2021_22": "Graph 7 counts complaints received (420 and 452); Graphs 1, 5, 6 closed (420, 484)",
        "non_statutory_2020_21": "229 non-statutory complaints in 2020/21 (Graph 10's 90 left out the Inclusion Service)",
        "cyp_statutory_2020_21_total": "226 statutory complaints received in 2020/21; 205 closed in it",
        "graph_13_total_2021_22": "Graph 13 counts stages: a complaint counts at every stage closed in the year (287 in 2021/22)",
        "graph_13_14_missing_2020_21_value": "reading A: the blank 2020/21 value is Adoption Services (0)",
        "cyp_timeliness_base": "55% is of the 165 complaints that ended at stages 0 to 2 (91 late)",
    },
    "2024-25": {
        "non_statutory_increase_percent": "20% (the rule), not 18%",
        "ombudsman_decisions_rise": "95% (the rule), not 49%",
        "csc_complaint_base_undisclosed": "the base is the 327 stage 0 to 2 records of CSC complaints: 24 (7.3%) by children, 185 (56.6%, not 56.5%) exceeded",
        "ombudsman_csc_label": "the 144 decisions cover CSC, Inclusion and Education",
    },
}


def golden(year: str) -> dict:
    return yaml.safe_load((GOLDEN / f"lancashire_{year}.yaml").read_text(encoding="utf-8"))


def figure(fixture: dict, key: str) -> dict:
    return next(f["values"] for f in fixture["figures"] if f["id"] == key)


def series(fixture: dict, table: str, row: str) -> dict:
    """{column: value} of one golden graph row (None cells as 0: reading A of the missing value)."""
    t = fixture["tables"][table]
    return {c: (v or 0) for c, v in zip(t["columns"], t["rows"][row])}


def _spread(counts: dict) -> list:
    """[key, key, ...]: each key repeated its count, in a fixed order."""
    return [k for k, n in counts.items() for _ in range(int(n))]


class Export:
    """The rows of one report year's export, built case by case."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.rows = {name: [] for name in tables()}
        self.serial = 0
        self.late_answers = 0  # late final answers so far (see _one_day_late_sometimes)

    def _ref(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}-{self.serial:05d}"

    def day(self, first: date, last: date) -> date:
        """A working day between two dates (inclusive)."""
        while True:
            d = first + timedelta(days=self.rng.randrange((last - first).days + 1))
            if d.weekday() < 5:
                return d

    @staticmethod
    def after(d: date, working_days: int) -> date:
        """The date `working_days` working days after `d` (day 1 the next working day), as
        pipelines.rules.calendar counts them, one day at a time (thousands of calls: numpy per call is slow)."""
        while working_days > 0:
            d += timedelta(days=1)
            if d.weekday() < 5 and d not in _holidays(d.year):
                working_days -= 1
        return d

    def complaint(
        self,
        procedure: str,
        division: str,
        service: str,
        stages: list[int],
        outcome,
        start: date,
        late: bool = False,
        who: str = "parent_guardian",
        answered: bool = True,
        steps_late: bool = False,
        step_outcome: str = "not_upheld",
        min_days: int = 3,
        final_after: int | None = None,
    ) -> str:
        """One complaint through `stages` from `start`; the final stage answered late if `late` (and the
        earlier ones if `steps_late`), or left open if not `answered`."""
        ref = self._ref("LCC")
        received = start
        for n, stage in enumerate(stages):
            final = n == len(stages) - 1
            slow = late if final else steps_late
            taken = (
                self.rng.randint(LIMIT + 2, LIMIT + 30)
                if slow
                else self.rng.randint(min(min_days, LIMIT) if final else 3, LIMIT)
            )
            row = {
                "case_ref": ref,
                "stage": stage,
                "procedure": procedure,
                "date_received": received.isoformat(),
                "extended": "false",
                "service_area": service,
                "division": division,
                "complainant_type": who,
                "advocate": "true" if who == "child_young_person" else "false",
            }
            if final and not answered:
                self.rows["complaints"].append(row)
                break
            responded = self.after(received, taken)
            if final and slow and procedure in ("statutory", "corporate") and stage <= 2:
                responded = self._one_day_late_sometimes(received, responded)
            if final and final_after:  # answered this many calendar days on (a weekday)
                responded = received + timedelta(days=final_after)
                while responded.weekday() >= 5:
                    responded += timedelta(days=1)
            row.update(date_responded=responded.isoformat(), outcome=(outcome if final else step_outcome) or "")
            self.rows["complaints"].append(row)
            received = self.after(responded, self.rng.randint(2, 8))
        return ref

    def _one_day_late_sometimes(self, received: date, responded: date) -> date:
        """Every third late final answer is moved to the working day after its due date (the boundary
        where counting conventions and bank holidays matter), when that keeps it in the same month,
        so that no table's cells change; the random draws are the same either way."""
        self.late_answers += 1
        edge = self.after(received, LIMIT + 1)
        if self.late_answers % 3 == 0 and (edge.year, edge.month) == (responded.year, responded.month):
            return edge
        return responded

    def compliment(self, day: date, service: str, division: str):
        self.rows["compliments"].append(
            {
                "compliment_ref": self._ref("CMP"),
                "date_received": day.isoformat(),
                "service_area": service,
                "division": division,
                "approved_for_publication": "false",
            }
        )

    def lgsco(
        self,
        received: date,
        service: str,
        decided: date | None = None,
        decision: str | None = None,
        previously_upheld: bool = False,
        payment: str = "",
        late: bool = False,
    ):
        row = {
            "lgsco_ref": self._ref("LGSCO"),
            "date_received": received.isoformat(),
            "service_area": service,
            "council_previously_upheld": "true" if previously_upheld else "false",
        }
        if decided:
            row.update(date_decided=decided.isoformat(), decision=decision)
            if decision in ("upheld", "upheld_council_remedied"):
                due = decided + timedelta(days=30)
                done = (
                    due + timedelta(days=self.rng.randint(5, 20))
                    if late
                    else due - timedelta(days=self.rng.randint(0, 20))
                )
                row.update(
                    remedies="apology;payment" if payment else "apology",
                    payment_amount=payment,
                    date_remedy_due=due.isoformat(),
                    date_remedy_completed=done.isoformat(),
                )
        self.rows["ombudsman"].append(row)

    def cost(self, day: date, kind: str, amount: str):
        self.rows["costs"].append(
            {"cost_ref": self._ref("INV"), "date_incurred": day.isoformat(), "cost_type": kind, "amount": amount}
        )

    def shuffled(self, items: list) -> list:
        items = list(items)
        self.rng.shuffle(items)
        return items


@cache
def _holidays(year: int) -> frozenset:
    return frozenset(bank_holidays(year))


def fy(start: int) -> tuple[date, date]:
    return date(start, 4, 1), date(start + 1, 3, 31)


# ------------------------------------------------------------------------------------------ 2021/22


def build_2021_22() -> Export:
    g = golden("2021-22")
    x = Export(SEED)
    _cyp_2021_22(x, g)
    _asc_2021_22(x, g)
    _compliments_2021_22(x, g)
    _ombudsman_2021_22(x, g)
    # Costs: 2021/22 £9,308.85 (1.2, 3.1); 2020/21 "over £2000" less (not published: £7,100.00 chosen).
    total = figure(g, "cyp_investigation_costs")["cost_gbp"]
    for day, kind, amount in [
        (date(2020, 9, 14), "investigating_officer", "5000.00"),
        (date(2021, 1, 18), "independent_person", "2100.00"),
        (date(2021, 6, 7), "investigating_officer", "2000.00"),
        (date(2021, 8, 16), "investigating_officer", "2150.50"),
        (date(2021, 11, 8), "investigating_officer", "1900.00"),
        (date(2022, 2, 14), "investigating_officer", "1458.35"),
        (date(2022, 2, 21), "independent_person", f"{total - 7508.85:.2f}"),
    ]:
        x.cost(day, kind, amount)
    return x


def _cyp_2021_22(x: Export, g: dict) -> None:
    stat = series(g, "graph_1_cyp", "CYP-stat")  # received: 289, 252, 226, 188
    non_stat = series(g, "graph_1_cyp", "CYP-non stat")  # 142, 139, 229, 197
    # 2018/19 and 2019/20: statutory complaints answered within their year (13 of 2019/20's went on
    # to stage 3 or the Ombudsman and closed in 2020/21: Graph 11 2020/21 has 2 at stage 3, 11 LGSCO).
    for _ in range(stat["2018/19"]):
        x.complaint("statutory", CSC, SWP, [1], "not_upheld", x.day(date(2018, 4, 2), date(2019, 1, 31)))
    stage11_2021 = series(g, "graph_11", "2020/21")
    carried_in = stage11_2021["Stage 3"] + stage11_2021["LGSCO"]
    for _ in range(stat["2019/20"] - carried_in):
        x.complaint("statutory", CSC, SWP, [1], "not_upheld", x.day(date(2019, 4, 1), date(2020, 1, 31)))

    # 2020/21 closed with an outcome (205): Graphs 11, 12 and 13 (reading A), 140 late (3.3).
    outcomes = series(g, "graph_12", "2020/21")  # upheld 73, not upheld 19, early/signposted 113
    services = x.shuffled(_spread(series(g, "graph_13", "2020/21")))
    late = figure(g, "cyp_timescales_exceeded")["exceeded_2020_21"]
    singles = [(0, "early_resolution")] * stage11_2021["Stage 0"]
    s1_upheld = outcomes["Upheld/partly upheld"] - carried_in
    s1_early = outcomes["Early resolution/Signposted/withdrawn"] - stage11_2021["Stage 0"]
    singles += (
        [(1, "upheld")] * s1_upheld + [(1, "not_upheld")] * outcomes["Not upheld"] + [(1, "withdrawn")] * s1_early
    )
    assert len(singles) == stage11_2021["Stage 0"] + stage11_2021["Stage 1"]
    for n, (stage, outcome) in enumerate(x.shuffled(singles)):
        x.complaint(
            "statutory",
            CSC,
            services.pop(),
            [stage],
            outcome,
            x.day(date(2020, 4, 1), date(2020, 12, 18)),
            late=n < late,
        )
    for path, count in (([1, 2, 3], stage11_2021["Stage 3"]), ([1, 4], stage11_2021["LGSCO"])):
        for _ in range(count):  # earlier stages answered in 2019/20, the last one in 2020/21
            x.complaint("statutory", CSC, services.pop(), path, "upheld", x.day(date(2019, 9, 2), date(2019, 11, 29)))
    fix_final_year(x, carried_in, date(2020, 4, 1), date(2021, 2, 26))

    # 2021/22: 188 closed with an outcome (Graphs 11, 12), 287 stages closed (Graph 13), 91 of the 165
    # that ended at stages 0 to 2 late (3.3); 34 of them received in 2020/21 (226 - 192), 34 received
    # in 2021/22 still open at the year end (188 received).
    stages = series(g, "graph_11", "2021/22")  # 79, 79, 7, 3, 20
    outcomes = series(g, "graph_12", "2021/22")  # 71, 17, 100
    rows = series(g, "graph_13", "2021/22")  # 287 stages by service
    carried = stat["2020/21"] - (stage11_2021["Stage 0"] + stage11_2021["Stage 1"])
    plans = (
        [([0, 1], None)] * 56
        + [([0, 1, 2], None)] * stages["Stage 2"]
        + [([0, 1, 2, 3], None)] * stages["Stage 3"]
        + [([1, 4], None)] * stages["LGSCO"]
    )
    plans += [([0], None)] * stages["Stage 0"] + [([1], None)] * (stages["Stage 1"] - 56)
    assert sum(len(p) for p, _ in plans) == sum(rows.values()) and len(plans) == sum(stages.values())
    # Final outcomes: stage 0 early resolution; LGSCO 15 upheld, 5 not; stage 3 1/2; stage 2 5/2; stage 1 the rest.
    finals = {
        4: ["upheld"] * 15 + ["not_upheld"] * 5,
        3: ["upheld"] + ["not_upheld"] * 2,
        2: ["upheld"] * 5 + ["not_upheld"] * 2,
        0: ["early_resolution"] * stages["Stage 0"],
    }
    upheld_1 = outcomes["Upheld/partly upheld"] - 21
    not_upheld_1 = outcomes["Not upheld"] - 9
    early_1 = outcomes["Early resolution/Signposted/withdrawn"] - stages["Stage 0"]
    finals[1] = x.shuffled(["upheld"] * upheld_1 + ["not_upheld"] * not_upheld_1 + ["withdrawn"] * early_1)
    swp_singles = rows[SWP] - sum(len(p) for p, _ in plans if len(p) > 1)
    other_services = _spread({k: v for k, v in rows.items() if k != SWP})
    single_services = x.shuffled([SWP] * swp_singles + other_services)
    late_left = figure(g, "cyp_timescales_exceeded")["exceeded_2021_22"]
    children = figure(g, "complaints_by_children")["count"]
    carried_left = carried
    for path, _ in x.shuffled(plans):
        final = path[-1]
        outcome = finals[final].pop()
        service = SWP if len(path) > 1 else single_services.pop()
        is_late = final <= 2 and late_left > 0
        late_left -= is_late
        if len(path) == 1 and carried_left > 0:  # received in March 2021, answered in 2021/22
            carried_left -= 1
            start = x.day(date(2021, 3, 1), date(2021, 3, 31))
            if not is_late:
                start = x.day(date(2021, 3, 29), date(2021, 3, 31))
            x.complaint("statutory", CSC, service, path, outcome, start, late=is_late)
            continue
        who = "child_young_person" if children > 0 and len(path) == 1 else "parent_guardian"
        children -= who == "child_young_person"
        window = date(2021, 7, 30) if len(path) > 1 else date(2021, 12, 17)
        x.complaint("statutory", CSC, service, path, outcome, x.day(date(2021, 4, 1), window), late=is_late, who=who)
    for _ in range(stat["2021/22"] - (sum(stages.values()) - carried)):
        x.complaint("statutory", CSC, SWP, [1], None, x.day(date(2022, 3, 1), date(2022, 3, 31)), answered=False)

    # Non-statutory (corporate) complaints, one stage each, received and answered in their year.
    by_service = {"2020/21": series(g, "graph_14", "2020/21"), "2021/22": series(g, "graph_14", "2021/22")}
    for start, label in ((2018, "2018/19"), (2019, "2019/20"), (2020, "2020/21"), (2021, "2021/22")):
        services = _spread(by_service[label]) if label in by_service else [SWP] * non_stat[label]
        assert len(services) == non_stat[label], label  # 2020/21: 229 (reading A of non_statutory_2020_21)
        for service in services:
            division = SEND if service == INCLUSION else CSC
            x.complaint(
                "corporate", division, service, [1], "not_upheld", x.day(date(start, 4, 1), date(start, 12, 18))
            )


def fix_final_year(x: Export, count: int, first: date, last: date) -> None:
    """The last `count` complaints' final stages: answered between `first` and `last` (2020/21)."""
    refs = list(dict.fromkeys(r["case_ref"] for r in x.rows["complaints"]))[-count:]
    for ref in refs:
        rows = [r for r in x.rows["complaints"] if r["case_ref"] == ref]
        final = rows[-1]
        final["date_responded"] = x.day(
            max(first, date.fromisoformat(final["date_received"]) + timedelta(days=1)), last
        ).isoformat()


def _asc_2021_22(x: Export, g: dict) -> None:
    adult = series(g, "graph_1_asc", "ASC (stat and non stat)")  # closed: 538, 536, 406, 473
    joint = series(g, "graph_1_asc", "Joint")  # 39, 34, 14, 11
    for start, label in ((2018, "2018/19"), (2019, "2019/20")):
        for procedure, count in (("adult", adult[label]), ("joint", joint[label])):
            for _ in range(count):
                x.complaint(
                    procedure, ASC, "Assessment", [1], "not_upheld", x.day(date(start, 4, 1), date(start, 12, 18))
                )
    carried = 45  # not published: complaints received in March of one year and closed in the next
    open_joint = figure(g, "joint_complaints_open_and_outcomes")["still_open"]
    for label, start, shares in (
        (
            "2020/21",
            2020,
            {
                0: {"early_resolution": 150, "upheld": 4},
                1: {"upheld": 135, "withdrawn": 30, "not_upheld": 78, None: 3},
                4: {"upheld": 10, "withdrawn": 5, "not_upheld": 4, None: 1},
            },
        ),
        (
            "2021/22",
            2021,
            {
                0: {"early_resolution": 160, "upheld": 3},
                1: {"upheld": 150, "withdrawn": 28, "not_upheld": 108, None: 3},
                4: {"upheld": 12, "withdrawn": 17, "not_upheld": 2, None: 1},
            },
        ),
    ):
        stage = series(g, "graph_5", label)  # Stage0, Stage1, LGSCO
        assert [sum(v.values()) for v in shares.values()] == [stage["Stage0"], stage["Stage1"], stage["LGSCO"]]
        outcome = series(g, "graph_6", label)
        chosen = {
            "upheld": sum(s.get("upheld", 0) for s in shares.values()),
            "not_upheld": sum(s.get("not_upheld", 0) for s in shares.values()),
        }
        assert chosen == {"upheld": outcome["Upheld/Partly Upheld"], "not_upheld": outcome["Not Upheld"]}, chosen
        # Joint complaints are stage 1 complaints: 2021/22 6 not upheld, 5 upheld or partly (2.8).
        joint_outcomes = (
            (["not_upheld"] * 6 + ["upheld"] * 5) if label == "2021/22" else (["not_upheld"] * 6 + ["upheld"] * 8)
        )
        assert len(joint_outcomes) == joint[label]
        cases = []
        for final, mix in shares.items():
            pool = _spread(mix)
            if final == 1:
                for o in joint_outcomes:
                    pool.remove(o)
                cases += [("joint", [1], o) for o in joint_outcomes]
            cases += [("adult", [1, 4] if final == 4 else [final], o) for o in pool]
        cases = x.shuffled(cases)
        # Received in this year (Graph 7): the complaints closed in it, less those carried in from
        # the year before, plus those carried out (2020/21) or still open (2021/22: 13 joint).
        services = x.shuffled(_spread(series(g, "graph_7", label)))
        first, last = fy(start)
        carried_in = [c for c in cases if c[0] == "adult" and len(c[1]) == 1][:carried]
        # Answered after the six months (2.3): 43 in 2021/22; 2020/21's 29% of 420 is 120 to 123 (122 chosen).
        late_left = figure(g, "asc_timescales_exceeded")["exceeded"] if start == 2021 else 122
        for case in cases:
            procedure, path, o = case
            if any(case is c for c in carried_in):  # received in March of the year before
                day = x.day(date(start, 3, 16), date(start, 3, 31))
                x.complaint(procedure, ASC, "Assessment", path, o, day, min_days=15)
            else:
                window = date(start, 10, 29) if len(path) > 1 else date(start, 12, 18)
                if len(path) == 1 and late_left > 0:
                    late_left -= 1
                    x.complaint(
                        procedure,
                        ASC,
                        services.pop(),
                        path,
                        o,
                        x.day(first, date(start, 7, 31)),
                        final_after=x.rng.randint(190, 235),
                    )
                else:
                    x.complaint(procedure, ASC, services.pop(), path, o, x.day(first, window))
        if start == 2020:  # carried out to 2021/22 are received in March 2021: services of 2020/21
            x.pending_asc_services = services
        else:
            assert len(services) == open_joint
            for service in services:
                x.complaint(
                    "joint", ASC, service, [1], None, x.day(date(2022, 2, 1), date(2022, 3, 31)), answered=False
                )
    # The complaints of 2021/22 received in March 2021 took 2020/21's remaining service types.
    moved = [
        r
        for r in x.rows["complaints"]
        if r["procedure"] == "adult"
        and r["stage"] in (0, 1)
        and r["date_received"].startswith("2021-03")
        and r.get("date_responded", "") >= "2021-04-01"
    ]
    for row, service in zip(moved, x.pending_asc_services):
        row["service_area"] = service
    assert len(moved) == len(x.pending_asc_services) == carried


def _compliments_2021_22(x: Export, g: dict) -> None:
    compliments = {label: series(g, "graph_2", label) for label in ("2020/21", "2021/22")}
    cfs_2022 = series(g, "graph_8", "2021/22")
    other = figure(g, "asc_compliments_cfs")["other_methods"]
    # 2020/21: not broken down in the report beyond equipment and adaptations being 29% (2.6): 400 on
    # the CFS (116 equipment) chosen, the rest recorded by other methods.
    cfs_2021 = {
        "Assessment": 150,
        "Equipment/Adaptations": 116,
        "Review": 40,
        "Reablement & Rehabilitation": 44,
        "Not recorded": 50,
    }
    for start, label, cfs in ((2020, "2020/21", cfs_2021), (2021, "2021/22", cfs_2022)):
        first, last = fy(start)
        asc = compliments[label]["ACS"]
        services = _spread(cfs) + ["Recorded by other methods"] * (asc - sum(cfs.values()))
        if label == "2021/22":
            assert asc - sum(cfs.values()) == other
        for service in services:
            x.compliment(x.day(first, last), service, ASC)
        for _ in range(compliments[label]["CYP"]):
            x.compliment(x.day(first, last), SWP, CSC)
        inclusion = (
            figure(g, "cyp_compliments")["inclusion_2021_22"] if label == "2021/22" else 18
        )  # 2020/21: "broadly the same"
        for _ in range(inclusion):
            x.compliment(x.day(first, last), INCLUSION, SEND)


def _ombudsman_2021_22(x: Export, g: dict) -> None:
    asc = figure(g, "asc_ombudsman_enquiries_decisions")  # 43 (44) enquiries, 46 decisions
    cyp = figure(g, "cyp_ombudsman_enquiries_decisions")  # 46 (55) enquiries, 56 decisions
    # ASC: 44 received in 2020/21 (24 decided then, 20 in 2021/22); 43 in 2021/22 (26 decided, 17 pending).
    asc_decisions = x.shuffled(
        _spread(
            {
                "advice_given": 1,
                "closed_after_initial_enquiries": 14,
                "incomplete_invalid": 3,
                "not_upheld": 3,
                "referred_back": 7,
                "upheld": 18,
            }
        )
    )
    assert len(asc_decisions) == asc["decisions_2021_22"] == 46
    not_before = figure(g, "asc_ombudsman_actual_uphold")["not_upheld_by_council"]  # 11 of 18
    late = figure(g, "asc_ombudsman_late_remedies")["late_remedies"]  # 5
    payments = ["1500.00", "1200.00", "1000.40", "800.00", "750.00", "500.00", "450.00", "300.00", "200.00"]
    assert abs(sum(map(float, payments)) - figure(g, "asc_ombudsman_payments")["paid_gbp"]) < 0.005
    _lgsco_year(
        x,
        ASC_LGSCO_AREAS,
        received_before=20,
        received_now=asc["enquiries_2021_22"],
        decided_now=46,
        decisions=asc_decisions,
        not_before=not_before,
        late=late,
        payments=payments,
        start=2021,
    )
    for n in range(asc["enquiries_2020_21"] - 20):  # the other 20 were decided in 2021/22 (above)
        received = x.day(date(2020, 4, 1), date(2020, 10, 30))
        x.lgsco(
            received,
            ASC_LGSCO_AREAS[n % 3],
            received + timedelta(days=60),
            ["upheld", "not_upheld", "closed_after_initial_enquiries"][n % 3],
        )
    # CYP: 8 received in 2019/20 and 40 of 2020/21's 55 decided in 2020/21 (48: Graph 15); 15 of
    # 2020/21's decided in 2021/22 with 41 of 2021/22's 46 (56); 5 pending.
    cyp_2021 = _spread(
        {"upheld": 9, "not_upheld": 4, "closed_after_initial_enquiries": 20, "referred_back": 12, "advice_given": 3}
    )
    assert len(cyp_2021) == sum(series(g, "graph_15", "2020/21").values())
    for n, decision in enumerate(x.shuffled(cyp_2021)):
        received = x.day(date(2019, 11, 1), date(2020, 3, 31)) if n < 8 else x.day(date(2020, 4, 1), date(2020, 10, 30))
        x.lgsco(
            received,
            [SWP, INCLUSION][n % 2],
            x.day(max(received + timedelta(days=30), date(2020, 4, 1)), date(2021, 1, 29)),
            decision,
        )
    out = figure(g, "cyp_ombudsman_outcomes")
    cyp_decisions = _spread({"upheld": 14, "not_upheld": 5, "closed_after_initial_enquiries": 24, "referred_back": 13})
    assert len(cyp_decisions) == out["decisions"]
    before = figure(g, "cyp_ombudsman_actual_uphold")["already_partly_upheld"]  # 1 of 14
    cyp_payments = ["1000.00", "800.00", "500.00", "500.00", "300.00"]
    assert abs(sum(map(float, cyp_payments)) - figure(g, "cyp_ombudsman_payments")["paid_gbp"]) < 0.005
    _lgsco_year(
        x,
        [SWP, INCLUSION],
        received_before=15,
        received_now=cyp["enquiries_2021_22"],
        decided_now=56,
        decisions=x.shuffled(cyp_decisions),
        not_before=14 - before,
        late=figure(g, "cyp_ombudsman_late_remedies")["late_remedies"],
        payments=cyp_payments,
        start=2021,
    )
    received_2021 = sum(
        1
        for r in x.rows["ombudsman"]
        if "2020-04-01" <= r["date_received"] <= "2021-03-31" and r["service_area"] in (SWP, INCLUSION)
    )
    assert received_2021 == cyp["enquiries_2020_21"], received_2021


def _lgsco_year(
    x: Export,
    areas: list,
    received_before: int,
    received_now: int,
    decided_now: int,
    decisions: list,
    not_before: int,
    late: int,
    payments: list,
    start: int,
) -> None:
    """Ombudsman cases decided in the year starting `start`: `received_before` received the year before,
    the rest received this year (with `received_now` received this year in all, the others pending)."""
    upheld_seen = 0
    for n, decision in enumerate(decisions):
        if n < received_before:
            received = x.day(date(start - 1, 11, 1), date(start, 3, 31))
        else:
            received = x.day(date(start, 4, 1), date(start, 9, 30))
        decided = x.day(max(received + timedelta(days=20), date(start, 4, 1)), date(start + 1, 1, 14))
        previously = False
        payment, is_late = "", False
        if decision == "upheld":
            previously = upheld_seen >= not_before
            payment = payments[upheld_seen] if upheld_seen < len(payments) else ""
            is_late = upheld_seen < late
            upheld_seen += 1
        x.lgsco(received, areas[n % len(areas)], decided, decision, previously, payment, is_late)
    for n in range(received_now - (decided_now - received_before)):
        x.lgsco(x.day(date(start + 1, 1, 3), date(start + 1, 3, 31)), areas[n % len(areas)])


# ------------------------------------------------------------------------------------------ 2024/25


def build_2024_25() -> Export:
    g = golden("2024-25")
    x = Export(SEED + 1)
    change = figure(g, "statutory_csc_change")  # 118 -> 99
    non_stat = figure(g, "non_statutory_csc_change")  # 171 -> 206
    stage2 = figure(g, "stage2_investigations")  # 3 -> 6
    exceeded = figure(g, "timescales_exceeded")["exceeded"]  # 185 of the 327 stage records
    exceeded_before = figure(g, "timescales_exceeded_previous_year")["exceeded_2023_24"]  # 195
    children = figure(g, "complaints_by_children")["count"]  # 24
    outcomes = figure(g, "statutory_outcomes")
    closed = outcomes["closed_with_outcome"]  # 93: 3 not upheld, 38 upheld, 52 early
    swp = round(figure(g, "social_work_practice_share")["percent"] * change["count_2024_25"] / 100)  # 68 of 99
    for start, statutory, corporate, s2, late_total in (
        (2023, change["count_2023_24"], non_stat["count_2023_24"], stage2["count_2023_24"], exceeded_before),
        (2024, change["count_2024_25"], non_stat["count_2024_25"], stage2["count_2024_25"], exceeded),
    ):
        # Statutory: s2 went to stage 2 (from stage 1), 10 (2023/24: 6) from stage 0 to stage 1.
        escalated = 10 if start == 2024 else 6
        open_now = statutory - closed if start == 2024 else 0
        plans = [("statutory", [1, 2])] * s2 + [("statutory", [0, 1])] * escalated
        singles_0 = 40 if start == 2024 else 50
        plans += [("statutory", [0])] * singles_0
        plans += [("statutory", [1])] * (statutory - s2 - escalated - singles_0)
        plans += (
            [("corporate", [0, 1])] * 6 + [("corporate", [1])] * (corporate - 6)
            if start == 2024
            else [("corporate", [0, 1])] * 4 + [("corporate", [1])] * (corporate - 4)
        )
        # Final outcomes of statutory complaints (2024/25: 93 closed: Graph 4's unique 3 / 38 / 52).
        finals = {2: ["upheld"] * 4 + ["not_upheld"] * 2, 0: ["early_resolution"] * singles_0}
        finals[1] = ["upheld"] * 34 + ["not_upheld"] + ["withdrawn"] * 12
        if start == 2023:
            finals = {
                2: ["upheld", "not_upheld", "not_upheld"],
                0: ["early_resolution"] * singles_0,
                1: ["upheld"] * 30 + ["not_upheld"] * 20 + ["withdrawn"] * 15,
            }
        stat_services = [SWP] * (swp if start == 2024 else 80)
        stat_services += ["Fostering", "Assessment", "Other", "Safeguarding Process"] * 20
        late_left, children_left = late_total, children if start == 2024 else 20
        first = date(start, 4, 1)
        stat_n = 0
        for procedure, path in x.shuffled(plans):
            if procedure == "statutory":
                service = stat_services[stat_n]
                stat_n += 1
                is_open = path == [1] and open_now > 0
                if is_open:
                    open_now -= 1
                    x.complaint(
                        procedure,
                        CSC,
                        service,
                        path,
                        None,
                        x.day(date(start + 1, 3, 24), date(start + 1, 3, 31)),
                        answered=False,
                    )
                    continue
                outcome = finals[path[-1]].pop()
            else:
                service, outcome = SWP, "not_upheld"
            # Stage records late: the final stage, and the earlier one too while late ones remain.
            steps = len(path) - 1
            final_late = late_left > 0
            late_left -= final_late
            steps_late = final_late and late_left >= steps
            late_left -= steps if steps_late else 0
            who = "parent_guardian"
            if len(path) == 1 and children_left > 0:
                who, children_left = "child_young_person", children_left - 1
            x.complaint(
                procedure,
                CSC,
                service,
                path,
                outcome,
                x.day(first, date(start, 8, 30)),
                late=final_late,
                who=who,
                steps_late=steps_late,
            )
        assert late_left == 0, (start, late_left)
        # SEND and education (corporate): informal (stage 0), formal stage 1 and stage 2 records.
        send = figure(g, "send_informal_change")
        formal = figure(g, "inclusion_formal_complaints")
        informal = send["count_2023_24"] if start == 2023 else send["count_2024_25"]
        s1, s2_send = (170, formal["count_2023_24"] - 170) if start == 2023 else (formal["stage_1"], formal["stage_2"])
        for _ in range(informal):
            x.complaint("corporate", SEND, INCLUSION, [0], "early_resolution", x.day(first, date(start + 1, 2, 20)))
        for n in range(s1):
            x.complaint(
                "corporate",
                SEND,
                INCLUSION,
                [1, 2] if n < s2_send else [1],
                "not_upheld",
                x.day(first, date(start, 10, 31)),
                late=n % 3 == 0,
            )
    _compliments_2024_25(x, g)
    _ombudsman_2024_25(x, g)
    costs = figure(g, "investigation_costs")
    before = round(costs["cost_gbp"] - costs["increase_gbp"], 2)  # £9,682.60 (implied)
    for day, kind, amount in [
        (date(2023, 7, 10), "investigating_officer", "2500.00"),
        (date(2023, 11, 6), "investigating_officer", "2400.00"),
        (date(2024, 2, 12), "investigating_officer", "2182.60"),
        (date(2024, 3, 4), "independent_person", f"{before - 7082.60:.2f}"),
    ]:
        x.cost(day, kind, amount)
    for n in range(5):
        x.cost(date(2024, 6 + n, 10), "investigating_officer", "1500.00")
    x.cost(date(2025, 1, 13), "investigating_officer", "1406.65")
    x.cost(date(2025, 2, 17), "independent_person", f"{costs['cost_gbp'] - 8906.65:.2f}")
    return x


def _compliments_2024_25(x: Export, g: dict) -> None:
    c = figure(g, "compliments")  # CSC 91, SEND / Education 58 (149); 153 in 2023/24
    for start, csc, send in ((2023, c["total_2023_24"] - 58, 58), (2024, c["csc"], c["send_education"])):
        first, last = fy(start)
        for _ in range(csc):
            x.compliment(x.day(first, last), SWP, CSC)
        for _ in range(send):
            x.compliment(x.day(first, last), INCLUSION, SEND)


def _ombudsman_2024_25(x: Export, g: dict) -> None:
    split = figure(g, "ombudsman_enquiries_split")  # 41 CSC, 117 Inclusion/Education, 4 school appeals
    enquiries = figure(g, "ombudsman_enquiries")  # 162 (87)
    decisions = figure(g, "ombudsman_decisions")  # 144 (74)
    upheld = figure(g, "ombudsman_upheld_send")  # 62 upheld, 54 SEND/Education
    paid_csc = figure(g, "ombudsman_payments_csc")["paid_gbp"]
    paid_all = figure(g, "ombudsman_payments_total")["paid_gbp"]
    paid_before = figure(g, "ombudsman_payments_previous_year")["paid_gbp_2023_24"]
    # 2023/24 (split not published): 30 CSC, 55 Inclusion/Education, 2 school appeals received; 70 of
    # them decided in 2023/24 with 4 received in 2022/23 (74); 17 decided in 2024/25.
    areas_2324 = x.shuffled([SWP] * 30 + [INCLUSION] * 55 + ["School Appeals"] * 2)
    assert len(areas_2324) == enquiries["enquiries_2023_24"]
    older = x.shuffled(
        _spread({"upheld": 30, "not_upheld": 10, "closed_after_initial_enquiries": 24, "referred_back": 10})
    )
    assert len(older) == decisions["decisions_2023_24"]
    pay_before = ["1500.00"] * 19 + [f"{paid_before - 28500:.2f}"]
    n_up = 0
    for n, decision in enumerate(older):
        received = x.day(date(2023, 1, 9), date(2023, 3, 31)) if n < 4 else x.day(date(2023, 4, 1), date(2023, 9, 29))
        area = [SWP, INCLUSION][n % 2] if n < 4 else areas_2324.pop()
        payment = ""
        if decision == "upheld":
            payment = pay_before[n_up] if n_up < len(pay_before) else ""
            n_up += 1
        x.lgsco(
            received,
            area,
            x.day(max(date(2023, 4, 3), received + timedelta(days=30)), date(2024, 1, 31)),
            decision,
            payment=payment,
        )
    carried = areas_2324  # 17 decided in 2024/25
    areas_now = (
        [SWP] * split["csc"] + [INCLUSION] * split["inclusion_education"] + ["School Appeals"] * split["school_appeals"]
    )
    pending = {SWP: 11, INCLUSION: 23, "School Appeals": 1}
    decided_areas = list(carried)
    left = list(areas_now)
    for area, count in pending.items():
        for _ in range(count):
            left.remove(area)
    assert len(decided_areas) + len(left) == decisions["decisions_2024_25"]
    # Upheld: 8 CSC, 52 Inclusion/Education, 2 school appeals (54 SEND/Education); the other 82 not
    # upheld or not investigated (newer categories).
    up_by_area = {
        SWP: upheld["upheld"] - upheld["send_education"],
        INCLUSION: upheld["send_education"] - 2,
        "School Appeals": 2,
    }
    csc_payments = [f"{paid_csc / 4:.2f}"] * 4
    send_total = paid_all - paid_csc
    send_payments = ["2300.00"] * 39 + [f"{send_total - 39 * 2300:.2f}"]
    not_upheld = x.shuffled(_spread({"not_upheld": 12, "assessed_and_closed": 50, "not_for_us": 20}))
    for n, area in enumerate(decided_areas + left):
        from_before = n < len(decided_areas)
        received = (
            x.day(date(2024, 1, 8), date(2024, 3, 28)) if from_before else x.day(date(2024, 4, 1), date(2024, 9, 30))
        )
        decided = x.day(max(date(2024, 4, 1), received + timedelta(days=30)), date(2025, 1, 31))
        payment = ""
        if up_by_area[area] > 0:
            up_by_area[area] -= 1
            decision = "upheld"
            if area == SWP:
                payment = csc_payments.pop() if csc_payments else ""
            elif send_payments:
                payment = send_payments.pop()
        else:
            decision = not_upheld.pop()
        x.lgsco(received, area, decided, decision, payment=payment)
    assert not csc_payments and not send_payments and not not_upheld
    for area, count in pending.items():
        for _ in range(count):
            x.lgsco(x.day(date(2025, 1, 6), date(2025, 3, 31)), area)


# ------------------------------------------------------------------------------------------ writing

BUILDERS = {"2021-22": build_2021_22, "2024-25": build_2024_25}


def write(root: Path = RAW_ROOT) -> list[Path]:
    """Write data/raw/lancashire/<year>/ for both report years; identical bytes every time."""
    written = []
    for year, build in BUILDERS.items():
        export = build()
        folder = root / AUTHORITY / year
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in export.rows.items():
            if rows:
                written.append(_write_table(folder, name, rows))
    return written
