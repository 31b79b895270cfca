"""A tiny hand-made dataset for the six canonical tables, small enough to work every figure by hand.

Used by test_derive.py and test_measures.py (expected values there are counted by hand from the
rows below), and by end-to-end tests through `write_raw(folder)`, which writes the six CSVs in the
contract's format. Keep it deterministic: the CSV text below is written out exactly as it is.

Working for each complaint row (demo profile, next_working_day: day 1 is the first working day
after receipt; hol = England and Wales bank holiday):

T-001 S1 stat  rec Mon 15 May 2023; 16-19 (1-4), 22-26 (5-9), Mon 29 May hol, Tue 30 (10) -> due 30 May;
               resp Thu 25 May = day 8 -> on time. FY 2023-24 Q1 both.
T-002 S1 stat  rec Mon 2 Oct 2023; 3-6 (1-4), 9-13 (5-9), Mon 16 (10) -> due 16 Oct; resp Fri 20 Oct = day 14 -> late.
T-002 S2 stat  rec Wed 1 Nov 2023; 25 days: 2-3 (1-2), 6-10 (3-7), 13-17 (8-12), 20-24 (13-17), 27-1 Dec (18-22),
               Mon 4 (23), Tue 5 (24), Wed 6 Dec (25) -> due 6 Dec; resp 6 Dec -> on time (on the due date).
T-003 S1 corp  rec Mon 15 Jan 2024; 20 days: 16-19 (1-4), 22-26 (5-9), 29-2 Feb (10-14), 5-9 (15-19), Mon 12 Feb (20);
               resp Fri 9 Feb = day 19 -> on time.
T-004 S0 stat  rec Mon 5 Feb 2024; 6-9 (1-4), 12-16 (5-9), Mon 19 (10) -> due 19 Feb; resp Mon 12 Feb = day 5 -> on time.
T-005 S1 stat  rec Wed 20 Mar 2024 (2023-24 Q4); Thu 21 (1), Fri 22 (2), 25-28 (3-6), Fri 29 Good Friday,
               Mon 1 Apr Easter Monday, Tue 2 - Fri 5 Apr (7-10) -> due 5 Apr 2024; resp Fri 5 Apr 2024 (2024-25 Q1)
               = day 10 -> on time (on the due date). Received in one year, closed in the next.
T-006 S1 stat  rec Wed 10 Apr 2024; Thu 11 (1), Fri 12 (2), 15-19 (3-7), 22-24 (8-10) -> due Wed 24 Apr;
               resp Thu 25 Apr = day 11 -> late (one day late).
T-007 S1 stat  extended (20). rec Wed 1 May 2024; Thu 2 (1), Fri 3 (2), Mon 6 hol, 7-10 (3-6), 13-17 (7-11),
               20-24 (12-16), Mon 27 hol, 28-31 (17-20) -> due Fri 31 May (without the extension: day 10 =
               Thu 16 May); resp Wed 29 May = day 18 -> on time.
T-007 S2 stat  rec Mon 10 Jun 2024; 25 days: 11-14 (1-4), 17-21 (5-9), 24-28 (10-14), 1-5 Jul (15-19), 8-12 (20-24),
               Mon 15 Jul (25) -> due 15 Jul; resp Fri 19 Jul = day 29 -> late.
T-007 S3 stat  rec Thu 1 Aug 2024. Panel within 30: Fri 2 (1), 5-9 (2-6), 12-16 (7-11), 19-23 (12-16), Mon 26 hol,
               27-30 (17-20), 2-6 Sep (21-25), 9-13 (26-30) -> by Fri 13 Sep; panel Tue 10 Sep: met.
               Findings within 5 of 10 Sep: 11, 12, 13, 16, 17 -> by Tue 17 Sep; findings Thu 19 Sep: MISSED.
               Response within 15 of 19 Sep: 20 (1), 23-27 (2-6), 30 (7), 1-4 Oct (8-11), 7-10 (12-15) -> by
               Thu 10 Oct; resp Fri 4 Oct: met. Overall 50: 13 Sep (30), 16-20 (31-35), 23-27 (36-40),
               30 Sep-4 Oct (41-45), 7-11 Oct (46-50) -> due Fri 11 Oct; resp 4 Oct = day 45.
               A milestone was missed -> late, although the overall date was met.
T-008 S1 corp  rec Mon 8 Jul 2024; 9-12 (1-4), 15-19 (5-9), 22-26 (10-14), 29-2 Aug (15-19), Mon 5 Aug (20);
               resp Fri 26 Jul = day 14 -> on time.
T-009 S1 stat  rec Fri 20 Dec 2024; Mon 23 (1), Tue 24 (2), 25-26 hol, Fri 27 (3), Mon 30 (4), Tue 31 (5), 1 Jan hol,
               Thu 2 (6), Fri 3 (7), Mon 6 (8), Tue 7 (9), Wed 8 Jan (10) -> due 8 Jan 2025; resp 8 Jan -> on time.
               Received Q3, closed Q4 of 2024-25.
T-010 S0 stat  rec Mon 7 Oct 2024; 8-11 (1-4), 14-18 (5-9), Mon 21 (10) -> due 21 Oct; resp Mon 14 Oct = day 5 -> on time.
T-011 S1 stat  rec Mon 13 Jan 2025; 14-17 (1-4), 20-24 (5-9), Mon 27 (10) -> due 27 Jan; resp Mon 10 Feb:
               28-31 (11-14), 3-7 Feb (15-19), 10 (20) = day 20 -> late.
T-012 S1 stat  rec Mon 17 Feb 2025; 18-21 (1-4), 24-28 (5-9), Mon 3 Mar (10) -> due 3 Mar 2025; open at
               31 Mar 2025 and due before it -> overdue.
T-013 S1 stat  rec Mon 24 Mar 2025; 25-28 (1-4), Mon 31 (5), 1-4 Apr (6-9), Mon 7 Apr (10) -> due 7 Apr 2025;
               open at 31 Mar 2025, due after it -> in progress.
T-014 S1 corp  rec Mon 2 Sep 2024; 3-6 (1-4), 9-13 (5-9), 16-20 (10-14), 23-27 (15-19), Mon 30 Sep (20);
               resp Fri 27 Sep = day 19 -> on time.
T-014 S2 corp  rec Mon 14 Oct 2024; 15-18 (1-4), 21-25 (5-9), 28-1 Nov (10-14), 4-8 (15-19), Mon 11 Nov (20);
               resp Fri 8 Nov = day 19 -> on time.
T-015 S1 stat  rec Mon 4 Nov 2024; 5-8 (1-4), 11-15 (5-9), Mon 18 (10); resp Fri 15 Nov = day 9 -> on time.
T-016 S0 corp  rec Mon 3 Mar 2025; 4-7 (1-4), 10-14 (5-9), Mon 17 (10); resp Wed 5 Mar = day 2 -> on time.
T-017 S1 stat  rec Mon 12 Jun 2023; 13-16 (1-4), 19-23 (5-9), Mon 26 (10); resp Fri 23 Jun = day 9 -> on time.
T-018 S1 stat  rec Mon 11 Dec 2023; 12-15 (1-4), 18-22 (5-9), 25-26 hol, Wed 27 Dec (10) -> due 27 Dec 2023;
               resp Mon 8 Jan 2024: 28 (11), 29 (12), 1 Jan hol, 2-5 (13-16), 8 (17) = day 17 -> late.

Enquiries (mp/councillor/mayor/chief_executive 10, general 15):
TE-001 mp        rec Mon 4 Sep 2023; 5-8 (1-4), 11-15 (5-9), Mon 18 (10); resp Fri 15 Sep -> on time.
TE-002 councillor rec Mon 15 Apr 2024; 16-19 (1-4), 22-26 (5-9), Mon 29 (10) -> due 29 Apr; resp 29 Apr -> on time.
TE-003 mp        rec Mon 3 Jun 2024; 4-7 (1-4), 10-14 (5-9), Mon 17 (10) -> due 17 Jun; resp Tue 18 Jun -> late.
TE-004 general   rec Mon 19 Aug 2024; 20-23 (1-4), Mon 26 hol, 27-30 (5-8), 2-6 Sep (9-13), 9 (14), Tue 10 (15)
                 -> due 10 Sep; resp Fri 6 Sep = day 13 -> on time.
TE-005 chief_executive rec Mon 16 Dec 2024; 17-20 (1-4), 23 (5), 24 (6), 25-26 hol, 27 (7), 30 (8), 31 (9),
                 1 Jan hol, Thu 2 Jan (10) -> due 2 Jan 2025; resp Fri 3 Jan (2024-25 Q4) -> late.
TE-006 general   rec Thu 20 Mar 2025; Fri 21 (1), 24-28 (2-6), 31 (7), 1-4 Apr (8-11), 7-10 (12-15) -> due
                 Thu 10 Apr 2025; open -> in progress.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pandas as pd

from pipelines.config.profile import load_profile
from pipelines.config.vocabulary import tables
from pipelines.inputs.ingest import typed
from pipelines.rules.derive import derive_all

COMPLAINTS = """\
case_ref,stage,procedure,date_received,extended,date_responded,outcome,service_area,division,complainant_type,advocate,themes,date_panel,date_findings
T-001,1,statutory,2023-05-15,false,2023-05-25,not_upheld,Children in care,Children's Social Care,child_young_person,true,communication,,
T-002,1,statutory,2023-10-02,false,2023-10-20,upheld,Child protection,Children's Social Care,parent_guardian,false,delay,,
T-002,2,statutory,2023-11-01,false,2023-12-06,partly_upheld,Child protection,Children's Social Care,parent_guardian,false,delay,,
T-003,1,corporate,2024-01-15,false,2024-02-09,no_finding,School transport,Education and Inclusion,parent_guardian,false,transport,,
T-004,0,statutory,2024-02-05,false,2024-02-12,early_resolution,Fostering,Children's Social Care,foster_carer,false,,,
T-005,1,statutory,2024-03-20,false,2024-04-05,partly_upheld,Disabled children,Children's Social Care,parent_guardian,false,communication;delay,,
T-006,1,statutory,2024-04-10,false,2024-04-25,not_upheld,Children in care,Children's Social Care,child_young_person,true,communication;delay,,
T-007,1,statutory,2024-05-01,true,2024-05-29,upheld,SEND and inclusion,Education and Inclusion,parent_guardian,false,communication,,
T-007,2,statutory,2024-06-10,false,2024-07-19,not_upheld,SEND and inclusion,Education and Inclusion,parent_guardian,false,communication,,
T-007,3,statutory,2024-08-01,false,2024-10-04,not_upheld,SEND and inclusion,Education and Inclusion,parent_guardian,false,communication,2024-09-10,2024-09-19
T-008,1,corporate,2024-07-08,false,2024-07-26,withdrawn,Payments and finance,Quality and Commissioning,member_of_public,false,finance,,
T-009,1,statutory,2024-12-20,false,2025-01-08,upheld,Child protection,Children's Social Care,parent_guardian,false,delay,,
T-010,0,statutory,2024-10-07,false,2024-10-14,signposted,Social work practice,Children's Social Care,other_family,false,communication,,
T-011,1,statutory,2025-01-13,false,2025-02-10,partly_upheld,Leaving care,Children's Social Care,child_young_person,true,delay;finance,,
T-012,1,statutory,2025-02-17,false,,,Adoption,Children's Social Care,special_guardian,true,communication,,
T-013,1,statutory,2025-03-24,false,,,Children in care,Children's Social Care,child_young_person,true,,,
T-014,1,corporate,2024-09-02,false,2024-09-27,not_upheld,School transport,Education and Inclusion,parent_guardian,false,transport;communication,,
T-014,2,corporate,2024-10-14,false,2024-11-08,not_upheld,School transport,Education and Inclusion,parent_guardian,false,transport;communication,,
T-015,1,statutory,2024-11-04,false,2024-11-15,no_finding,Child protection,Children's Social Care,foster_carer,false,finance,,
T-016,0,corporate,2025-03-03,false,2025-03-05,early_resolution,Payments and finance,Quality and Commissioning,professional,false,,,
T-017,1,statutory,2023-06-12,false,2023-06-23,withdrawn,Social work practice,Children's Social Care,anonymous,false,communication,,
T-018,1,statutory,2023-12-11,false,2024-01-08,not_upheld,Child protection,Children's Social Care,child_young_person,true,delay,,
"""

ENQUIRIES = """\
enquiry_ref,enquiry_type,date_received,date_responded,division,service_area,advocate
TE-001,mp,2023-09-04,2023-09-15,Children's Social Care,Child protection,false
TE-002,councillor,2024-04-15,2024-04-29,Education and Inclusion,School transport,false
TE-003,mp,2024-06-03,2024-06-18,Children's Social Care,Children in care,false
TE-004,general,2024-08-19,2024-09-06,Quality and Commissioning,Payments and finance,false
TE-005,chief_executive,2024-12-16,2025-01-03,Children's Social Care,Fostering,false
TE-006,general,2025-03-20,,Education and Inclusion,SEND and inclusion,false
"""

COMPLIMENTS = """\
compliment_ref,date_received,service_area,division,themes,text,approved_for_publication,staff_names
TC-001,2023-06-01,Children in care,Children's Social Care,communication,The social worker always kept us informed.,true,
TC-002,2023-11-15,SEND and inclusion,Education and Inclusion,support,Thank you for the help with the plan.,false,
TC-003,2024-05-20,Fostering,Children's Social Care,support;communication,Our supervising social worker was brilliant.,true,
TC-004,2024-09-09,Social work practice,Children's Social Care,listening,The team listened to our daughter.,true,
TC-005,2025-02-03,School transport,Education and Inclusion,reliability,The driver was always on time.,false,
TC-006,2025-03-31,Adoption,Children's Social Care,support,We could not have done it without the adoption team.,true,
"""

OMBUDSMAN = """\
lgsco_ref,date_received,date_decided,service_area,decision,council_previously_upheld,remedies,payment_amount,date_remedy_due,date_remedy_completed
TL-001,2023-05-10,2023-11-20,Child protection,upheld,false,apology;payment,100.00,2023-12-20,2023-12-01
TL-002,2024-02-01,2024-06-14,Children in care,upheld,true,apology;payment,250.00,2024-07-12,2024-07-10
TL-003,2024-05-07,2024-09-30,SEND and inclusion,not_upheld,false,,,,
TL-004,2024-07-01,2024-08-15,School transport,assessed_and_closed,true,,,,
TL-005,2024-10-21,2025-02-27,Fostering,upheld,false,service_improvement;payment,1200.50,2025-03-27,2025-04-04
TL-006,2025-01-15,,Adoption,,false,,,,
TL-007,2023-08-01,2024-01-10,Leaving care,closed_after_initial_enquiries,false,,,,
"""

COSTS = """\
cost_ref,date_incurred,cost_type,amount
TK-001,2023-07-14,investigating_officer,1500.00
TK-002,2024-01-22,independent_person,450.50
TK-003,2024-04-30,investigating_officer,2000.00
TK-004,2024-10-03,independent_person,600.25
TK-005,2025-02-11,review_panel,875.10
TK-006,2025-03-31,advocacy,99.99
TK-007,2023-03-31,mediation,300.00
"""

CONTEXT = """\
financial_year,measure,value,source
2023-24,referrals,4000,Tiny test figures (fictional)
2024-25,referrals,6400,Tiny test figures (fictional)
2024-25,children_in_need,1000,Tiny test figures (fictional)
"""

RAW = {
    "complaints": COMPLAINTS,
    "enquiries": ENQUIRIES,
    "compliments": COMPLIMENTS,
    "ombudsman": OMBUDSMAN,
    "costs": COSTS,
    "context": CONTEXT,
}


def text_frame(table: str, text: str | None = None) -> pd.DataFrame:
    """One table as text (dtype "string"), blanks as missing, as ingest reads a raw CSV."""
    frame = pd.read_csv(StringIO(RAW[table] if text is None else text), dtype="string", keep_default_na=False)
    return frame.replace("", pd.NA)


def typed_frames() -> dict[str, pd.DataFrame]:
    return {name: typed(name, text_frame(name)) for name in RAW}


def year_end(year: str) -> pd.Timestamp:
    """'2024-25' -> 31 March 2025."""
    return pd.Timestamp(int(year[:4]) + 1, 3, 31)


def scope(fixture_name: str, config) -> str:
    """The scope of a fixture holding frames(): once per module, except while `make mutate` maps each
    test to the functions it runs (MUTANT_UNDER_TEST=stats). mutmut credits a function to the test
    during which it ran, so a fixture set up once per module would credit the module's first test only
    and the module's other tests would never be run against a mutant of what the fixture derived."""
    import os

    return "function" if os.environ.get("MUTANT_UNDER_TEST") == "stats" else "module"


def frames(as_at_year: str = "2024-25") -> dict[str, pd.DataFrame]:
    """The six tables typed and derived under the demo profile, open cases judged at 31 March."""
    return derive_all(typed_frames(), load_profile("demo"), year_end(as_at_year))


def write_raw(folder) -> Path:
    """Write the six CSVs in the contract's format (file names from config/tables.yaml) into folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    spec = tables()
    for name, text in RAW.items():
        header = text.splitlines()[0].split(",")
        # Optional columns added to the contract later may be absent (their defaults apply).
        contract = list(spec[name]["columns"])
        assert header == [c for c in contract if c in header], f"{name}: columns are not in contract order"
        (folder / spec[name]["file"]).write_text(text, encoding="utf-8", newline="\n")
    return folder


def profile_dir(folder) -> Path:
    """A 'tiny' authority profile: the demo profile with small-number suppression off, so that the
    end-to-end tests can check the hand-worked figures themselves. Point COMPLAINTS_REPORT_PROFILES
    at the folder returned."""
    import yaml

    from pipelines.config.profile import PROFILE_DIR

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    profile = yaml.safe_load((PROFILE_DIR / "demo.yaml").read_text())
    profile.pop("suppression", None)
    profile.update(name="Tinyshire County Council", short_name="Tinyshire", disclosure={"threshold": 0})
    (folder / "tiny.yaml").write_text(yaml.safe_dump(profile, sort_keys=False))
    return folder
