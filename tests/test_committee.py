"""committee.yaml: the committee paper's front matter, read and checked, and laid out in the order
declared; each slip is an error naming the file and the key."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.inputs.files import InputFileError
from pipelines.publish.committee import LABELS, front_matter_html, read_committee

GOOD = """\
committee: Corporate Parenting Board
meeting_date: 2025-09-18
report_author: Complaints Manager
contact_role: Customer Feedback Team
purpose: To present the annual report.
recommendations:
  - The board notes the report.
"""


def _write(tmp_path, text):
    (tmp_path / "committee.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_no_file_means_no_front_matter(tmp_path):
    assert read_committee(tmp_path) is None


def test_front_matter_in_the_default_order_with_headlines_as_key_points(tmp_path):
    paper = read_committee(_write(tmp_path, GOOD))
    assert paper.meeting_date == dt.date(2025, 9, 18)
    items = paper.items(["Complaints received: 404"])
    # report_of is not given, so it is left out; key points fall back to the headline figures and
    # background papers to the customary "None."
    assert [k for k, _, _ in items] == [
        "committee",
        "meeting_date",
        "report_author",
        "contact_role",
        "purpose",
        "recommendations",
        "key_points",
        "background_papers",
    ]
    shown = dict((k, v) for k, _, v in items)
    assert shown["meeting_date"] == "18 September 2025"
    assert shown["key_points"] == ["Complaints received: 404"]
    assert shown["background_papers"] == "None."
    markup = front_matter_html(paper, ["Complaints received: 404"])
    assert markup.index("Report to") < markup.index("Date of meeting") < markup.index("Recommendations")
    assert "<ol><li>The board notes the report.</li></ol>" in markup


def test_a_council_declares_its_own_order(tmp_path):
    order = ["purpose", "recommendations"] + [k for k in LABELS if k not in ("purpose", "recommendations")]
    paper = read_committee(_write(tmp_path, GOOD + "order: [" + ", ".join(order) + "]\n"))
    assert [k for k, _, _ in paper.items([])][:2] == ["purpose", "recommendations"]


@pytest.mark.parametrize(
    ("extra", "replace", "message"),
    [
        ("room: Committee Room 1\n", None, "unknown key 'room'"),
        (
            "",
            ("meeting_date: 2025-09-18", "meeting_date: 18/09/2025"),
            "'meeting_date' must be a date written YYYY-MM-DD",
        ),
        ("", ("committee: Corporate Parenting Board\n", ""), "'committee' is required (Report to)"),
        ("", ("purpose: To present the annual report.", "purpose: [1, 2]"), "'purpose' must be text"),
        ("order: [committee, purpose]\n", None, "'order' must list each of"),
        ("recommendations_extra: x\n", None, "unknown key 'recommendations_extra'"),
    ],
)
def test_slips_are_named_with_the_file_and_key(tmp_path, extra, replace, message):
    text = GOOD + extra
    if replace:
        text = text.replace(*replace)
    with pytest.raises(InputFileError) as caught:
        read_committee(_write(tmp_path, text))
    assert message in str(caught.value)
    assert "committee.yaml" in str(caught.value)


def test_escaped_on_the_cover(tmp_path):
    paper = read_committee(_write(tmp_path, GOOD.replace("To present", "<b>To</b> present")))
    assert "&lt;b&gt;To&lt;/b&gt; present" in front_matter_html(paper, [])
