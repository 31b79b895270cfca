"""Two example exports of one small, fictional dataset (Exampleton, 2024-25), as two kinds of
case-management system would produce them, for the profiles example_icasework and example_respond:

- an iCasework-like set of CSV files: Windows-1252 (compliments: UTF-8 with a byte-order mark),
  day-first dates with times, the system's own headers and labels ("Stage 1 - Statutory",
  "Partly Upheld", "Y"/"N", themes separated by commas), an extra personal-data column, a label
  with stray spaces and odd case, blank trailing rows, a title and notes above the LGSCO header;
- a Respond-like single workbook with a sheet per table: Excel date cells with times, Excel serial
  numbers (as numbers and as text), real TRUE/FALSE cells, other headers and labels, blank rows,
  a title and a note above the compliments header (on row 4, as the profile says).

Both must map (through their profiles) onto exactly the canonical tables `canonical_tables()`
gives; tests/test_sources.py checks it. Deterministic: `python -m generators.example_exports`
rewrites the same bytes every time (the test checks the shipped files are current)."""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pandas as pd

from pipelines.config.vocabulary import tables
from pipelines.inputs.ingest import RAW_ROOT
from pipelines.rules.calendar import add_working_days

SEED = 20240401
YEAR = "2024-25"
ICASEWORK, RESPOND = "example_icasework", "example_respond"
WORKBOOK = "Respond export.xlsx"
FIXED_TIME = datetime(2025, 5, 1, 9, 0)  # the export's date, written into the workbook's properties

SERVICES = {
    "Social work practice": "Children's Social Care",
    "Child protection": "Children's Social Care",
    "Children in care": "Children's Social Care",
    "Fostering": "Children's Social Care",
    "Disabled children": "Children's Social Care",
    "SEND and inclusion": "Education and Inclusion",
    "School transport": "Education and Inclusion",
    "Payments and finance": "Quality and Commissioning",
}
COMPLAINANTS = (
    ["parent_guardian"] * 6
    + ["child_young_person"] * 2
    + ["other_family", "foster_carer", "special_guardian", "professional"]
)
THEMES = ["communication", "delay", "staff conduct", "disagreement with decision", "quality of service"]
COMPLIMENT_THEMES = ["communication", "going the extra mile", "kindness", "professionalism", "support"]
OUTCOMES = {
    0: ["early_resolution", "withdrawn", "signposted"],
    1: ["upheld", "partly_upheld", "partly_upheld", "not_upheld", "not_upheld", "withdrawn"],
    2: ["upheld", "partly_upheld", "not_upheld", "no_finding"],
    3: ["partly_upheld", "not_upheld"],
}
ENQUIRY_TYPES = ["mp", "mp", "councillor", "councillor", "chief_executive", "general"]
COMPLIMENT_TEXTS = [
    "Thank you to {name} for listening to our son’s views.",
    "{name} went the extra mile – we are so grateful.",
    "The team were patient and kind, and met us at the café near school.",
    "Clear advice from {name} helped us understand the plan.",
]
STAFF = ["Rhian Lloyd", "Tomás Ortiz", "Priya", "Grace Obi"]

# ---- the source systems' own vocabularies (their profiles map these back) ---------------------
IC_CASE_TYPE = {
    (0, "statutory"): "Stage 0 - Early Resolution",
    (1, "statutory"): "Stage 1 - Statutory",
    (2, "statutory"): "Stage 2 - Statutory",
    (3, "statutory"): "Stage 3 - Review Panel",
    (0, "corporate"): "Corporate - Informal",
    (1, "corporate"): "Corporate - Stage 1",
    (2, "corporate"): "Corporate - Stage 2",
}
IC_OUTCOME = {
    "upheld": "Upheld",
    "partly_upheld": "Partly Upheld",
    "not_upheld": "Not Upheld",
    "no_finding": "No Finding",
    "withdrawn": "Withdrawn",
    "early_resolution": "Resolved Informally",
    "signposted": "Signposted Elsewhere",
}
IC_SERVICE = {"SEND and inclusion": "SEND & Inclusion", "Payments and finance": "Finance"}
IC_DIVISION = {"Children's Social Care": "Children’s Social Care"}  # a Windows-1252 apostrophe
IC_COMPLAINANT = {
    "parent_guardian": "Parent/Carer",
    "child_young_person": "Child/Young Person",
    "other_family": "Other Relative",
    "foster_carer": "Foster Carer",
    "special_guardian": "Special Guardian",
    "professional": "Professional",
}
IC_ENQUIRY = {
    "mp": "MP Enquiry",
    "councillor": "Councillor Enquiry",
    "chief_executive": "Chief Executive",
    "general": "General Enquiry",
}
IC_DECISION = {
    "upheld": "Upheld: fault and injustice",
    "not_upheld": "Not upheld: no fault",
    "assessed_and_closed": "Assessed and closed",
    "not_for_us": "Not for us",
}
IC_REMEDY = {"apology": "Apology", "payment": "Financial Remedy", "service_improvement": "Service Improvement"}

RS_STAGE = {0: "Early Resolution", 1: "Stage 1", 2: "Stage 2", 3: "Stage 3 Panel"}
RS_PROCEDURE = {"statutory": "Children's Statutory", "corporate": "Corporate"}
RS_OUTCOME = {
    "upheld": "Upheld in full",
    "partly_upheld": "Upheld in part",
    "not_upheld": "Not upheld",
    "no_finding": "Unable to determine",
    "withdrawn": "Withdrawn by complainant",
    "early_resolution": "Resolved at first contact",
    "signposted": "Signposted",
}
RS_COMPLAINANT = {
    "parent_guardian": "Parent",
    "child_young_person": "Young person",
    "other_family": "Relative",
    "foster_carer": "Foster carer",
    "special_guardian": "Special guardian",
    "professional": "Professional",
}
RS_ENQUIRY = {
    "mp": "Member of Parliament",
    "councillor": "Elected Member",
    "chief_executive": "Chief Executive",
    "general": "Other",
}
RS_DECISION = {
    "upheld": "Fault - injustice",
    "not_upheld": "No fault",
    "assessed_and_closed": "Closed after assessment",
    "not_for_us": "Not for us",
}
RS_REMEDY = {"apology": "Apology", "payment": "Payment", "service_improvement": "Service improvements"}


# ---- the underlying dataset --------------------------------------------------------------------


def _after(day: date, working_days: int) -> date:
    return date.fromisoformat(str(add_working_days(day.isoformat(), working_days)))


def _weekday(rng: random.Random, first: date, days: int) -> date:
    day = first + timedelta(days=rng.randrange(days))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _complaints(rng: random.Random) -> list[dict]:
    rows = []
    for n in range(1, 37):
        procedure = "statutory" if n % 3 else "corporate"
        stage = 0 if n % 7 == 0 else 1
        service = rng.choice(
            [s for s in SERVICES if procedure == "corporate" or SERVICES[s] != "Education and Inclusion"]
        )
        who = rng.choice(COMPLAINANTS)
        base = {
            "case_ref": f"EX-{n:03d}",
            "procedure": procedure,
            "service_area": service,
            "division": SERVICES[service],
            "complainant_type": who,
            "advocate": who == "child_young_person" and rng.random() < 0.7,
            "themes": ";".join(rng.sample(THEMES, rng.choice([1, 1, 2]))),
        }
        received = _weekday(rng, date(2024, 4, 1), 350)
        while True:
            extended = stage in (1, 2) and rng.random() < 0.15
            responded = _after(received, rng.randint(3, 28))
            open_case = responded > date(2025, 3, 31)
            row = {
                **base,
                "stage": stage,
                "date_received": received,
                "extended": extended,
                "date_responded": None if open_case else responded,
                "outcome": None if open_case else rng.choice(OUTCOMES[stage]),
                "date_panel": None,
                "date_findings": None,
            }
            if stage == 3:
                row["date_panel"] = _after(received, rng.randint(15, 30))
                row["date_findings"] = _after(row["date_panel"], rng.randint(2, 7))
                row["date_responded"] = _after(row["date_findings"], rng.randint(5, 15))
            rows.append(row)
            top = 3 if procedure == "statutory" else 2
            if open_case or stage in (0, top) or row["outcome"] == "withdrawn" or rng.random() > 0.3:
                break
            stage, received = stage + 1, _after(row["date_responded"], rng.randint(2, 8))
    return rows


def _compliments(rng: random.Random) -> list[dict]:
    rows = []
    for n in range(1, 13):
        service = rng.choice(list(SERVICES))
        template = rng.choice(COMPLIMENT_TEXTS)
        name = rng.choice(STAFF) if "{name}" in template and n % 3 else None
        text = template.format(name=name or "the team")
        rows.append(
            {
                "compliment_ref": f"EXC-{n:03d}",
                "date_received": _weekday(rng, date(2024, 4, 1), 360),
                "service_area": service,
                "division": SERVICES[service],
                "themes": ";".join(rng.sample(COMPLIMENT_THEMES, rng.choice([1, 2]))),
                "text": text,
                "approved_for_publication": rng.random() < 0.6,
                "staff_names": name,
            }
        )
    return rows


def _enquiries(rng: random.Random) -> list[dict]:
    rows = []
    for n in range(1, 11):
        service = rng.choice(list(SERVICES))
        received = _weekday(rng, date(2024, 4, 1), 355)
        rows.append(
            {
                "enquiry_ref": f"EXE-{n:03d}",
                "enquiry_type": ENQUIRY_TYPES[n % len(ENQUIRY_TYPES)],
                "date_received": received,
                "date_responded": _after(received, rng.randint(4, 16)),
                "division": SERVICES[service],
                "service_area": service,
            }
        )
    return rows


def _ombudsman() -> list[dict]:
    """Six LGSCO cases, written out by hand (every decision and remedy kind the exports map)."""

    def case(n, received, decided, service, decision, previously, remedies="", payment=None, due=None, done=None):
        return {
            "lgsco_ref": f"EXL-{n:03d}",
            "date_received": received,
            "date_decided": decided,
            "service_area": service,
            "decision": decision,
            "council_previously_upheld": previously,
            "remedies": remedies or None,
            "payment_amount": payment,
            "date_remedy_due": due,
            "date_remedy_completed": done,
        }

    return [
        case(
            1,
            date(2024, 5, 7),
            date(2024, 9, 30),
            "Child protection",
            "upheld",
            False,
            "apology;payment",
            "250.00",
            date(2024, 10, 28),
            date(2024, 10, 21),
        ),
        case(2, date(2024, 6, 3), date(2024, 7, 15), "School transport", "assessed_and_closed", True),
        case(
            3,
            date(2024, 8, 12),
            date(2025, 1, 20),
            "SEND and inclusion",
            "upheld",
            False,
            "apology;payment;service_improvement",
            "1200.50",
            date(2025, 3, 3),
            date(2025, 2, 27),
        ),
        case(4, date(2024, 10, 1), date(2024, 11, 4), "Fostering", "not_for_us", False),
        case(5, date(2024, 11, 18), date(2025, 3, 10), "Children in care", "not_upheld", False),
        case(6, date(2025, 2, 24), None, "Social work practice", None, False),
    ]


def dataset() -> dict[str, list[dict]]:
    """The underlying records (canonical codes, Python dates and booleans)."""
    rng = random.Random(SEED)
    return {
        "complaints": _complaints(rng),
        "compliments": _compliments(rng),
        "enquiries": _enquiries(rng),
        "ombudsman": _ombudsman(),
    }


def _contract_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat() if isinstance(value, date) else str(value)


def canonical_tables() -> dict[str, pd.DataFrame]:
    """The dataset as the canonical text tables ingest produces (contract columns, in order)."""
    out = {}
    for table, rows in dataset().items():
        # contract columns the dataset has (an optional column it lacks is not in the exports either)
        columns = [c for c in tables()[table]["columns"] if any(c in r for r in rows)]
        out[table] = pd.DataFrame({c: pd.Series([_contract_text(r[c]) for r in rows], dtype="string") for c in columns})
    return out


# ---- iCasework-like CSV files ------------------------------------------------------------------


def _uk(day: date | None, clock: time | None = None) -> str:
    if day is None:
        return ""
    return f"{day:%d/%m/%Y}" + (f" {clock:%H:%M}" if clock else "")


def _clock(n: int) -> time:
    return time(9 + n % 8, (n * 7) % 60)


# iCasework's LGSCO report prints a title, the run details and a blank line above its header.
LGSCO_TITLE = ("LGSCO cases report: Children's Services", "Run 01/05/2025 09:00 for 01/04/2024 to 31/03/2025", "")
# Respond's compliments sheet has a title and a note above the header, on row 4.
RS_COMPLIMENTS_TITLE = (["Compliments received"], ["Approved: cleared for quotation by the complaints team"], [])


def _yn(flag: bool) -> str:
    return "Y" if flag else "N"


def _csv(header: list, rows: list[list], encoding: str, blank_rows: int = 2, above: tuple = ()) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([[line] if line else [] for line in above])  # a report title and notes above the header
    writer.writerow(header)
    writer.writerows(rows)
    writer.writerows([[""] * len(header)] * blank_rows)  # as exported from a padded spreadsheet
    return buffer.getvalue().encode(encoding)


def icasework_files(data: dict) -> dict[str, bytes]:
    complaints = []
    for n, r in enumerate(data["complaints"]):
        outcome = IC_OUTCOME.get(r["outcome"], "")
        if n == 4 and outcome:
            outcome = f" {outcome.upper()}  "  # typed by hand in the source system
        complaints.append(
            [
                r["case_ref"],
                IC_CASE_TYPE[r["stage"], r["procedure"]],
                _uk(r["date_received"], _clock(n)),
                _uk(r["date_responded"], _clock(n + 3)),
                _yn(r["extended"]),
                outcome,
                IC_SERVICE.get(r["service_area"], r["service_area"]),
                IC_DIVISION.get(r["division"], r["division"]),
                IC_COMPLAINANT[r["complainant_type"]],
                _yn(r["advocate"]),
                ", ".join(t.title() for t in r["themes"].split(";")),
                _uk(r["date_panel"]),
                _uk(r["date_findings"]),
                f"Complainant {n + 1}",
            ]
        )
    compliments = [
        [
            r["compliment_ref"],
            _uk(r["date_received"]),
            IC_SERVICE.get(r["service_area"], r["service_area"]),
            IC_DIVISION.get(r["division"], r["division"]),
            "; ".join(t.title() for t in r["themes"].split(";")),
            r["text"],
            "Yes" if r["approved_for_publication"] else "No",
            r["staff_names"] or "",
        ]
        for r in data["compliments"]
    ]
    enquiries = [
        [
            r["enquiry_ref"],
            IC_ENQUIRY[r["enquiry_type"]],
            _uk(r["date_received"], _clock(n)),
            _uk(r["date_responded"], _clock(n + 1)),
            IC_DIVISION.get(r["division"], r["division"]),
            IC_SERVICE.get(r["service_area"], r["service_area"]),
        ]
        for n, r in enumerate(data["enquiries"])
    ]
    lgsco = [
        [
            r["lgsco_ref"],
            _uk(r["date_received"]),
            _uk(r["date_decided"]),
            IC_SERVICE.get(r["service_area"], r["service_area"]),
            IC_DECISION.get(r["decision"], ""),
            _yn(r["council_previously_upheld"]),
            "; ".join(IC_REMEDY[x] for x in (r["remedies"] or "").split(";") if x),
            f"£{float(r['payment_amount']):,.2f}" if r["payment_amount"] else "",
            _uk(r["date_remedy_due"]),
            _uk(r["date_remedy_completed"]),
        ]
        for r in data["ombudsman"]
    ]
    return {
        "Complaints.csv": _csv(
            [
                "Case reference",
                "Case Type",
                "Date Received",
                "Response Sent",
                "Extension Agreed",
                "Outcome",
                "Service",
                " Team ",
                "Complainant Type",
                "Advocate",
                "Issues",
                "Panel Date",
                "Panel Findings Date",
                "Complainant Name",
            ],
            complaints,
            "cp1252",
        ),
        "Compliments.csv": _csv(
            ["Ref", "Date Received", "Service", "Team", "Themes", "Compliment", "Publish?", "Staff Named"],
            compliments,
            "utf-8-sig",
            blank_rows=1,
        ),
        "Enquiries.csv": _csv(
            ["Enquiry Ref", "Enquiry Type", "Date Received", "Date Responded", "Team", "Service"], enquiries, "cp1252"
        ),
        "LGSCO.csv": _csv(
            [
                "LGSCO Ref",
                "Date Received",
                "Decision Date",
                "Service",
                "Decision",
                "Council Upheld",
                "Remedies",
                "Payment",
                "Remedy Due",
                "Remedy Completed",
            ],
            lgsco,
            "cp1252",
            above=LGSCO_TITLE,
        ),
    }


# ---- Respond-like workbook ---------------------------------------------------------------------


def _serial(day: date | None) -> int | None:
    return None if day is None else (day - date(1899, 12, 30)).days


def _stamp(day: date | None, n: int) -> datetime | None:
    return None if day is None else datetime.combine(day, _clock(n))


def respond_sheets(data: dict) -> dict[str, tuple[list, list[list]]]:
    complaints = [
        [
            r["case_ref"],
            RS_STAGE[r["stage"]],
            RS_PROCEDURE[r["procedure"]],
            _stamp(r["date_received"], n),
            _serial(r["date_responded"]),
            r["extended"],
            RS_OUTCOME.get(r["outcome"]),
            r["service_area"].upper() if n % 5 == 0 else r["service_area"],
            r["division"],
            RS_COMPLAINANT[r["complainant_type"]],
            "Advocate" if r["advocate"] else "No advocate",
            " | ".join(r["themes"].split(";")),
            None if r["date_panel"] is None else str(_serial(r["date_panel"])),
            _stamp(r["date_findings"], n),
        ]
        for n, r in enumerate(data["complaints"])
    ]
    compliments = [
        [
            r["compliment_ref"],
            _serial(r["date_received"]),
            r["service_area"],
            r["division"],
            " | ".join(r["themes"].split(";")),
            r["text"],
            r["approved_for_publication"],
            r["staff_names"],
        ]
        for r in data["compliments"]
    ]
    enquiries = [
        [
            r["enquiry_ref"],
            RS_ENQUIRY[r["enquiry_type"]],
            r["date_received"].isoformat(),
            _stamp(r["date_responded"], n),
            r["service_area"],
            r["division"],
        ]
        for n, r in enumerate(data["enquiries"])
    ]
    ombudsman = [
        [
            r["lgsco_ref"],
            _stamp(r["date_received"], 0),
            _stamp(r["date_decided"], 1),
            r["service_area"],
            RS_DECISION.get(r["decision"]),
            "Yes" if r["council_previously_upheld"] else "No",
            " | ".join(RS_REMEDY[x] for x in (r["remedies"] or "").split(";") if x) or None,
            float(r["payment_amount"]) if r["payment_amount"] else None,
            _serial(r["date_remedy_due"]),
            _serial(r["date_remedy_completed"]),
        ]
        for r in data["ombudsman"]
    ]
    return {
        "Complaints": (
            [
                "Reference",
                "Stage",
                "Type",
                "Received",
                "Closed",
                "Extension",
                "Outcome",
                "Service Area",
                "Directorate",
                "Complainant Role",
                "Advocacy",
                "Theme(s)",
                "Panel Held",
                "Findings Issued",
            ],
            complaints,
        ),
        "Compliments": (
            [
                "Reference",
                "Received",
                "Service Area",
                "Directorate",
                "Theme(s)",
                "Comments",
                "OK to publish",
                "Staff mentioned",
            ],
            compliments,
        ),
        "MP & Member Enquiries": (
            ["Reference", "Enquirer", "Received", "Replied", "Service Area", "Directorate"],
            enquiries,
        ),
        "Ombudsman": (
            [
                "LGO Reference",
                "Received",
                "Decided",
                "Service Area",
                "Decision",
                "Upheld by council",
                "Remedy",
                "Payment (£)",
                "Remedy due",
                "Remedy done",
            ],
            ombudsman,
        ),
    }


def respond_workbook(data: dict) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, (header, rows) in respond_sheets(data).items():
        sheet = book.create_sheet(name)
        for line in RS_COMPLIMENTS_TITLE if name == "Compliments" else ():
            sheet.append(line)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        for column in ("D", "N") if name == "Complaints" else ():
            for cell in sheet[column][1:]:
                cell.number_format = "dd/mm/yyyy hh:mm"
        sheet.append([""] * len(header))  # blank trailing rows, as a padded export has
        sheet.append([" "] * 2)
    book.properties.creator = "Respond"
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same workbook with every zip entry, and the 'modified' property openpyxl stamps on
    saving, dated FIXED_TIME, so that the bytes never change."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + f"{FIXED_TIME:%Y-%m-%dT%H:%M:%SZ}".encode(), content
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, content)
    return out.getvalue()


def write_examples(root: Path = RAW_ROOT) -> list[Path]:
    """Write both exports under root/<profile>/2024-25/; returns the paths written."""
    data = dataset()
    files = {root / ICASEWORK / YEAR / name: content for name, content in icasework_files(data).items()}
    files[root / RESPOND / YEAR / WORKBOOK] = respond_workbook(data)
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return list(files)


if __name__ == "__main__":  # pragma: no cover
    for written in write_examples():
        print(f"wrote {written}")
