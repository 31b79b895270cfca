"""Deterministic demo data for Demoshire, a fictional county council: three financial years of
complaints, enquiries, compliments, Ombudsman cases, costs and context figures, exported the way
an analyst would receive them (one export per report year, taken on 1 May after the year end,
holding everything received up to then; responses after the export date are not yet known)."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from pipelines.config.profile import load_profile
from pipelines.config.vocabulary import tables
from pipelines.inputs.ingest import RAW_ROOT
from pipelines.rules.calendar import add_working_days, fy_label

SEED = 20250401
YEARS = (2022, 2023, 2024)  # financial years starting 1 April of these years
AUTHORITY = "demo"

# Annual volumes (before year-to-year noise) and mixes: realistic for a county council.
STAGE1 = {"statutory": 115, "corporate": 190}
STAGE0 = 70
ESCALATION = {"statutory": 0.09, "corporate": 0.08}
TO_STAGE3 = 0.3
GROWTH = {2022: 0.95, 2023: 1.0, 2024: 1.12}
ENQUIRIES = {"mp": 70, "councillor": 38, "mayor": 6, "chief_executive": 9, "general": 30}
COMPLIMENTS = 130
LGSCO = 24

SERVICES = {  # service area -> (division, weight for statutory, weight for corporate)
    "Social work practice": ("Children's Social Care", 50, 14),
    "Child protection": ("Children's Social Care", 14, 3),
    "Children in care": ("Children's Social Care", 12, 3),
    "Fostering": ("Children's Social Care", 5, 5),
    "Adoption": ("Children's Social Care", 3, 3),
    "Disabled children": ("Children's Social Care", 8, 4),
    "Leaving care": ("Children's Social Care", 6, 2),
    "SEND and inclusion": ("Education and Inclusion", 0, 48),
    "School transport": ("Education and Inclusion", 0, 12),
    "Payments and finance": ("Quality and Commissioning", 2, 6),
}
COMPLAINANTS = {
    "parent_guardian": 68,
    "child_young_person": 8,
    "other_family": 11,
    "foster_carer": 4,
    "special_guardian": 2,
    "professional": 2,
    "member_of_public": 4,
    "anonymous": 1,
}
OUTCOMES_1 = {
    "upheld": 17,
    "partly_upheld": 21,
    "not_upheld": 40,
    "withdrawn": 9,
    "signposted": 5,
    "early_resolution": 3,
    "no_finding": 2,
    "returned": 2,
    "case_review": 1,
}
OUTCOMES_2 = {"upheld": 25, "partly_upheld": 30, "not_upheld": 40, "no_finding": 5}
OUTCOMES_0 = {"early_resolution": 60, "withdrawn": 20, "signposted": 20}
THEMES = [
    "communication",
    "delay",
    "staff conduct",
    "disagreement with decision",
    "quality of service",
    "assessment",
    "finance",
    "policy",
]
LGSCO_OLDER = {
    "upheld": 30,
    "not_upheld": 10,
    "closed_after_initial_enquiries": 35,
    "referred_back": 20,
    "advice_given": 3,
    "incomplete_invalid": 2,
}
LGSCO_NEWER = {
    "upheld": 30,
    "upheld_council_remedied": 5,
    "not_upheld": 10,
    "assessed_and_closed": 35,
    "not_for_us": 20,
}
COMPLIMENT_THEMES = ["communication", "going the extra mile", "kindness", "professionalism", "joined-up working"]
COMPLIMENT_TEXTS = [
    "{name} kept us informed at every step and always did what they said they would do.",
    "Thank you to {name} for listening to our son and making sure his views were heard.",
    "The team were patient and kind with our family during a very difficult time.",
    "{name} went above and beyond to find the right school place for our daughter.",
    "Clear, honest advice from {name} helped us understand the assessment process.",
    "We felt supported and respected. Thank you to everyone in the team.",
]
# Fictional staff names: quoted compliments reduce them to initials.
STAFF = ["Kevin Marsh", "Priya", "Tom Hughes", "Aisha Khan", "Beth", "Sam Ellis", "Ruth Okafor", "Dan"]
FOI = {"request": 250, "internal_review": 5, "ico": 1}
ADULT = {0: 150, 1: 290}
ADULT_SERVICES = [
    "Assessment",
    "Support planning",
    "Home care",
    "Residential and nursing care",
    "Financial assessment",
    "Safeguarding",
]
ADULT_COMPLAINANTS = {"other_family": 60, "member_of_public": 20, "professional": 10, "anonymous": 10}
COMMITTEE = """\
# The committee paper's front matter for this year's report (docs/committee-paper.md).
committee: Children's Services Scrutiny Committee
meeting_date: 2025-07-15
report_of: Executive Director of Children's Services
report_author: Complaints and Customer Relations Manager
contact_role: Complaints and Customer Relations Team, Children's Services
purpose: >-
  To present the annual report on complaints, compliments and enquiries about children's social
  care for 2024/25, as regulation 13(3) of the Children Act 1989 Representations Procedure
  (England) Regulations 2006 requires.
recommendations:
  - The committee notes the annual report for 2024/25.
  - The committee notes the learning from complaints and the actions taken in response.
background_papers:
  - Getting the Best from Complaints (Department for Education and Skills, 2006)
"""

NARRATIVE = """\
# Written by the complaints team for the 2024-25 report (fictional, for the demo authority).
commentary:
  summary: |
    Complaints rose this year, mostly about special educational needs and school transport, where
    demand for assessments has grown faster than the service could respond.

    We thank the families who took the time to tell us when things went wrong, and the staff who
    put things right.
  timeliness: |
    Responding on time remains our biggest challenge. From April we copy Heads of Service into every
    stage 1 complaint when it is allocated.
learning:
  - theme: Communication
    you_said:
      - You struggled to get in touch with your social worker.
      - You were not told when a meeting was cancelled.
    we_did:
      - Teams introduced a duty rota so that calls are answered the same day.
      - Managers reminded staff to confirm changes to meetings in writing.
  - theme: Timeliness of assessments
    you_said:
      - Your child's education, health and care needs assessment took longer than 20 weeks.
    we_did:
      - We recruited four more SEND case officers and cleared the backlog of overdue assessments.
  - theme: Payments
    you_said:
      - Payments to foster carers and special guardians were late.
    we_did:
      - Finance and social care agreed a weekly check of payments due, with a named contact for carers.
"""


@dataclass
class Year:
    start: int

    @property
    def first(self) -> date:
        return date(self.start, 4, 1)

    @property
    def export_date(self) -> date:
        return date(self.start + 1, 5, 1)


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _day_in_year(rng: random.Random, start: int) -> date:
    day = date(start, 4, 1) + timedelta(days=rng.randrange(365))
    while day.weekday() >= 5:  # most complaints arrive on weekdays
        day += timedelta(days=1)
    return day


def _after(received: date, working_days: int) -> date:
    return date.fromisoformat(str(add_working_days(received.isoformat(), working_days)))


def _taken(rng: random.Random, limit: int, on_time_share: float) -> int:
    """Working days taken: within the limit with the given probability, otherwise late."""
    if rng.random() < on_time_share:
        return rng.randint(max(1, limit // 3), limit)
    return limit + rng.randint(1, max(3, limit))


def _service(rng: random.Random, procedure: str) -> tuple[str, str]:
    column = 1 if procedure == "statutory" else 2
    name = rng.choices(list(SERVICES), weights=[v[column] for v in SERVICES.values()])[0]
    return name, SERVICES[name][0]


def _themes(rng: random.Random) -> str:
    return ";".join(sorted(rng.sample(THEMES, rng.choice([1, 1, 2, 2, 3]))))


def generate_cases(seed: int = SEED) -> dict[str, list[dict]]:
    """Every record of the three years, with complete histories (before any export cut-off)."""
    rng = random.Random(seed)
    out = {name: [] for name in tables()}
    for start in YEARS:
        out["complaints"] += _complaints(rng, start)
        out["enquiries"] += _enquiries(rng, start)
        out["compliments"] += _compliments(rng, start)
        out["ombudsman"] += _ombudsman(rng, start)
        out["context"] += _context(rng, start)
    out["costs"] = _costs(rng, out["complaints"], out["ombudsman"])
    # Separate random streams, so that adding FOI or adult data never changes the children's data.
    extra = random.Random(seed + 1)
    out["foi"] = [row for start in YEARS for row in _foi(extra, start)]
    _add_new_facts(random.Random(seed + 3), out)
    return out


# ---- facts added later, drawn from their own random stream so that every earlier value stays --------

STAGE1_LIMITS = {"statutory": (10, 20), "corporate": (20, 30)}  # (days, extended): the demo profile's
OFFERED_LATE = 0.5  # stage 2 requests after a late stage 1 response that the council offered itself
LINKED = 0.75  # Ombudsman cases whose complaint went through the council's procedure
EARLY_REFERRAL = 0.1
UNRECORDED_FEEDBACK = [
    ("Children in care", "A young person told their reviewing officer that {name} had changed things for them."),
    ("Fostering", "A foster carer wrote in the newsletter that the fostering team had been there every time."),
]
OWN_CONTEXT = {  # the council's own counts beside DfE's, with their own labels
    "single_assessments": (5200, ""),
    "contacts": (21000, "Contacts to the children's front door (council's own count)"),
}


def _add_new_facts(rng: random.Random, out: dict) -> None:
    """Stage 2 offered because stage 1 was late, panels held, each Ombudsman case's complaint, stage
    reached and route, feedback quoted though not recorded as a compliment, and the council's own
    context figures. Existing rows gain fields; no existing value changes."""
    by_case = {}
    for row in out["complaints"]:
        by_case.setdefault(row["case_ref"], {})[row["stage"]] = row
    for stages in by_case.values():
        if 2 in stages and 1 in stages:
            first = stages[1]
            days, extended = STAGE1_LIMITS[first["procedure"]]
            due = _after(date.fromisoformat(first["date_received"]), extended if first["extended"] == "true" else days)
            late = date.fromisoformat(first["date_responded"]) > due
            stages[2]["stage2_offered_late"] = "true" if late and rng.random() < OFFERED_LATE else "false"
        if 3 in stages:
            stages[3]["panel_held"] = "true" if stages[3].get("date_panel") else "false"
    closed = sorted(
        (max(s.get("date_responded", "") for s in stages.values()), ref, max(stages))
        for ref, stages in by_case.items()
        if all(s.get("date_responded") for s in stages.values())
    )
    for case in out["ombudsman"]:
        earlier = [c for c in closed if c[0] < case["date_received"]]
        if not earlier or rng.random() > LINKED:
            case["route"] = "premature" if rng.random() < 0.5 else ""
            continue
        _, ref, stage = rng.choice(earlier[-120:])
        case["complaint_ref"], case["stage_reached"] = ref, str(stage)
        final = stage == (3 if by_case[ref][stage]["procedure"] == "statutory" else 2)  # the last stage
        early = not final and rng.random() < EARLY_REFERRAL * 3
        case["route"] = "exhausted" if final else "early_referral" if early else "premature"
    for start in YEARS:
        for n, (service, text) in enumerate(UNRECORDED_FEEDBACK):
            out["compliments"].append(
                {
                    "compliment_ref": f"FBK-{start % 100:02d}-{n + 1:03d}",
                    "date_received": _day_in_year(rng, start).isoformat(),
                    "service_area": service,
                    "division": SERVICES[service][0],
                    "themes": "support",
                    "text": text.format(name="Ruth Okafor"),
                    "approved_for_publication": "true",
                    "staff_names": "Ruth Okafor" if "{name}" in text else "",
                    "recorded_as_compliment": "false",
                }
            )
        for measure, (value, label) in OWN_CONTEXT.items():
            out["context"].append(
                {
                    "financial_year": fy_label(start),
                    "measure": measure,
                    "value": str(round(value * rng.uniform(0.93, 1.07))),
                    "source": "The council's own figures (fictional)",
                    "label": label,
                }
            )


def _foi(rng: random.Random, start: int) -> list[dict]:
    rows = []
    for kind, volume in FOI.items():
        for n in range(round(volume * rng.uniform(0.85, 1.15)) if volume > 2 else rng.randint(0, volume + 1)):
            received = _day_in_year(rng, start)
            rows.append(
                {
                    "foi_ref": f"FOI-{start % 100:02d}-{kind[:3].upper()}-{n + 1:04d}",
                    "request_type": kind,
                    "date_received": received.isoformat(),
                    "date_responded": _after(received, _taken(rng, 20, 0.7)).isoformat(),
                    "division": rng.choice(list(dict.fromkeys(v[0] for v in SERVICES.values()))),
                }
            )
    return rows


def adult_complaints(seed: int = SEED) -> list[dict]:
    """Adult social care complaints (2009 regulations: a local stage, then the Ombudsman)."""
    rng, rows = random.Random(seed + 2), []
    for start in YEARS:
        serial = 0
        for stage, volume in ADULT.items():
            for _ in range(round(volume * rng.uniform(0.9, 1.1))):
                serial += 1
                received = _day_in_year(rng, start)
                limit = 10 if stage == 0 else 20
                taken = rng.randint(1, 8) if stage == 0 else _taken(rng, limit, 0.65)
                outcome = _pick(rng, OUTCOMES_0 if stage == 0 else OUTCOMES_1)
                rows.append(
                    {
                        "case_ref": f"ASC-{start % 100:02d}-{serial:04d}",
                        "stage": stage,
                        "procedure": "adult",
                        "date_received": received.isoformat(),
                        "extended": "false",
                        "date_responded": _after(received, taken).isoformat(),
                        "outcome": "early_resolution" if outcome == "case_review" else outcome,
                        "service_area": rng.choice(ADULT_SERVICES),
                        "division": "Adult Services",
                        "complainant_type": _pick(rng, ADULT_COMPLAINANTS),
                        "advocate": "false",
                        "themes": _themes(rng),
                    }
                )
    return rows


def _complaints(rng: random.Random, start: int) -> list[dict]:
    rows, serial = [], 0
    yy = f"{start % 100:02d}"
    plan = [("statutory", 1)] * round(STAGE1["statutory"] * GROWTH[start] * rng.uniform(0.9, 1.1))
    plan += [("corporate", 1)] * round(STAGE1["corporate"] * GROWTH[start] * rng.uniform(0.9, 1.1))
    plan += [(rng.choice(["statutory", "corporate"]), 0) for _ in range(round(STAGE0 * rng.uniform(0.85, 1.15)))]
    for procedure, first_stage in plan:
        serial += 1
        ref = f"DEM-{yy}-{serial:04d}"
        service, division = _service(rng, procedure)
        who = _pick(rng, COMPLAINANTS)
        common = {
            "case_ref": ref,
            "procedure": procedure,
            "service_area": service,
            "division": division,
            "complainant_type": who,
            "advocate": "true" if who == "child_young_person" and rng.random() < 0.7 else "false",
            "themes": _themes(rng),
        }
        received = _day_in_year(rng, start)
        stage = first_stage
        while True:
            row = dict(common, stage=stage, date_received=received.isoformat(), extended="false")
            if stage == 0:
                taken, outcome = rng.randint(1, 8), _pick(rng, OUTCOMES_0)
            elif stage == 1:
                extended = procedure == "statutory" and rng.random() < 0.12
                limit = (20 if extended else 10) if procedure == "statutory" else 20
                row["extended"] = "true" if extended else "false"
                taken, outcome = _taken(rng, limit, 0.6 if procedure == "statutory" else 0.5), _pick(rng, OUTCOMES_1)
            elif stage == 2:
                extended = procedure == "statutory" and rng.random() < 0.6
                limit = (65 if extended else 25) if procedure == "statutory" else 20
                row["extended"] = "true" if extended else "false"
                taken, outcome = _taken(rng, limit, 0.55), _pick(rng, OUTCOMES_2)
            else:
                panel = _after(received, rng.randint(18, 36))
                findings = _after(panel, rng.randint(2, 7))
                row["date_panel"], row["date_findings"] = panel.isoformat(), findings.isoformat()
                responded = _after(findings, rng.randint(8, 18))
                row["date_responded"], row["outcome"] = responded.isoformat(), _pick(rng, OUTCOMES_2)
                rows.append(row)
                break
            responded = _after(received, taken)
            row["date_responded"], row["outcome"] = responded.isoformat(), outcome
            rows.append(row)
            if stage == 0 and rng.random() < 0.15:
                stage, received = 1, _after(responded, rng.randint(1, 10))
            elif (
                stage == 1
                and outcome in ("not_upheld", "partly_upheld", "no_finding")
                and rng.random() < ESCALATION[procedure] * 2.5
            ):
                stage, received = 2, _after(responded, rng.randint(3, 20))
            elif stage == 2 and procedure == "statutory" and rng.random() < TO_STAGE3:
                stage, received = 3, _after(responded, rng.randint(5, 20))
            else:
                break
    return rows


def _enquiries(rng: random.Random, start: int) -> list[dict]:
    rows = []
    for kind, volume in ENQUIRIES.items():
        for n in range(round(volume * rng.uniform(0.85, 1.15))):
            received = _day_in_year(rng, start)
            service, division = _service(rng, rng.choice(["statutory", "corporate"]))
            limit = 15 if kind == "general" else 10
            rows.append(
                {
                    "enquiry_ref": f"ENQ-{start % 100:02d}-{kind[:3].upper()}-{n + 1:03d}",
                    "enquiry_type": kind,
                    "date_received": received.isoformat(),
                    "date_responded": _after(received, _taken(rng, limit, 0.7)).isoformat(),
                    "division": division,
                    "service_area": service,
                }
            )
    return rows


def _compliments(rng: random.Random, start: int) -> list[dict]:
    rows = []
    for n in range(round(COMPLIMENTS * GROWTH[start] * rng.uniform(0.9, 1.1))):
        service, division = _service(rng, rng.choice(["statutory", "statutory", "corporate"]))
        staff = rng.choice(STAFF)
        text = rng.choice(COMPLIMENT_TEXTS)
        rows.append(
            {
                "compliment_ref": f"CMP-{start % 100:02d}-{n + 1:04d}",
                "date_received": _day_in_year(rng, start).isoformat(),
                "service_area": service,
                "division": division,
                "themes": ";".join(sorted(rng.sample(COMPLIMENT_THEMES, rng.choice([1, 2])))),
                "text": text.format(name=staff),
                "approved_for_publication": "true" if rng.random() < 0.3 else "false",
                "staff_names": staff if "{name}" in text else "",
            }
        )
    return rows


def _ombudsman(rng: random.Random, start: int) -> list[dict]:
    rows = []
    decisions = LGSCO_NEWER if start >= 2024 else LGSCO_OLDER
    for n in range(round(LGSCO * rng.uniform(0.8, 1.25))):
        received = _day_in_year(rng, start)
        decided = received + timedelta(days=rng.randint(20, 200))
        decision = _pick(rng, decisions)
        upheld = decision in ("upheld", "upheld_council_remedied")
        row = {
            "lgsco_ref": f"LG-{start % 100:02d}-{n + 1:03d}",
            "date_received": received.isoformat(),
            "date_decided": decided.isoformat(),
            "service_area": _service(rng, rng.choice(["statutory", "corporate"]))[0],
            "decision": decision,
            "council_previously_upheld": "true"
            if decision == "upheld_council_remedied" or (upheld and rng.random() < 0.1)
            else "false",
        }
        if upheld and decision == "upheld":
            remedies = (
                ["apology"]
                + (["payment"] if rng.random() < 0.7 else [])
                + (["service_improvement"] if rng.random() < 0.5 else [])
            )
            row["remedies"] = ";".join(remedies)
            if "payment" in remedies:
                row["payment_amount"] = f"{rng.choice([100, 150, 200, 250, 300, 500, 750, 1000, 1500])}"
            due = decided + timedelta(days=rng.choice([30, 60, 90]))
            row["date_remedy_due"] = due.isoformat()
            row["date_remedy_completed"] = (due + timedelta(days=rng.randint(-25, 12))).isoformat()
        rows.append(row)
    return rows


def _costs(rng: random.Random, complaints: list[dict], ombudsman: list[dict]) -> list[dict]:
    rows = []
    for c in complaints:
        if c["stage"] == 2 and c["procedure"] == "statutory":
            day = c.get("date_responded") or c["date_received"]
            rows.append(("investigating_officer", day, rng.randint(110000, 260000)))
            rows.append(("independent_person", day, rng.randint(35000, 90000)))
        elif c["stage"] == 3:
            rows.append(("review_panel", c["date_responded"], rng.randint(60000, 150000)))
        elif c["stage"] == 1 and c.get("outcome") == "upheld" and rng.random() < 0.04:
            rows.append(("redress", c["date_responded"], rng.choice([5000, 10000, 25000, 50000])))
        if c["stage"] == 1 and c["procedure"] == "statutory" and rng.random() < 0.02:
            rows.append(("mediation", c["date_received"], rng.randint(30000, 70000)))
    rows.sort(key=lambda r: (r[1], r[0], r[2]))
    return [
        {
            "cost_ref": f"INV-{n + 1:05d}",
            "date_incurred": day,
            "cost_type": kind,
            "amount": f"{pence // 100}.{pence % 100:02d}",
        }
        for n, (kind, day, pence) in enumerate(rows)
    ]


def _context(rng: random.Random, start: int) -> list[dict]:
    base = {"referrals": 7600, "children_in_need": 8900, "child_protection_plans": 1050, "children_looked_after": 2000}
    return [
        {
            "financial_year": fy_label(start),
            "measure": m,
            "value": str(round(v * rng.uniform(0.93, 1.07))),
            "source": "Fictional figures for the demo authority",
        }
        for m, v in base.items()
    ]


def export(cases: dict[str, list[dict]], start: int) -> dict[str, list[dict]]:
    """What an export taken on 1 May after the year `start` ends would hold."""
    year = Year(start)
    cut = year.export_date.isoformat()
    out = {}
    for name, rows in cases.items():
        spec = tables()[name]
        date_col = (
            "financial_year"
            if name == "context"
            else next(c for c, v in spec["columns"].items() if v["type"] == "date")
        )
        kept = []
        for row in rows:
            if name == "context":
                if row["financial_year"] <= fy_label(start):
                    kept.append(dict(row))
                continue
            if row[date_col] >= cut:
                continue
            row = dict(row)
            for column, col in spec["columns"].items():  # anything dated after the export is unknown yet
                if col["type"] == "date" and row.get(column, "") >= cut:
                    row[column] = ""
                    if column == "date_panel" and row.get("panel_held"):
                        row["panel_held"] = ""  # not yet held when the export was taken
                    if column == "date_responded":
                        row["outcome"] = ""
                    if column == "date_decided":
                        row.update(
                            decision="", remedies="", payment_amount="", date_remedy_due="", date_remedy_completed=""
                        )
            kept.append(row)
        out[name] = kept
    return out


def _write_table(folder: Path, name: str, rows: list[dict]) -> Path:
    spec = tables()[name]
    columns = list(spec["columns"])
    rows = sorted(rows, key=lambda r: tuple(str(r.get(k, "")) for k in spec["key"]))
    path = folder / spec["file"]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path


def write_demo(root: Path = RAW_ROOT, seed: int = SEED) -> list[Path]:
    """Write data/raw/demo/<year>/ for each demo year, and data/raw/demo_combined/2024-25/ (the same
    children's data plus adult social care); identical bytes every time."""
    load_profile(AUTHORITY)
    cases = generate_cases(seed)
    written = []
    for start in YEARS:
        folder = root / AUTHORITY / fy_label(start)
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in export(cases, start).items():
            written.append(_write_table(folder, name, rows))
    (folder / "narrative.yaml").write_text(NARRATIVE, encoding="utf-8")
    (folder / "committee.yaml").write_text(COMMITTEE, encoding="utf-8")  # the committee paper's front matter
    written += [folder / "narrative.yaml", folder / "committee.yaml"]
    combined = root / "demo_combined" / fy_label(YEARS[-1])
    combined.mkdir(parents=True, exist_ok=True)
    tables_now = export(dict(cases, complaints=cases["complaints"] + adult_complaints(seed)), YEARS[-1])
    for name, rows in tables_now.items():
        if name != "foi":
            written.append(_write_table(combined, name, rows))
    return written
