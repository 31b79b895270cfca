"""The words around the figures, by family: each function reads a computed Table (never recomputes) and
returns sentences or a chart title for one part of the report. pipelines/document/writers.py names them
for the report declaration (`sentences:`, `active_title:`)."""

from pipelines.document.stories.common import count_at, noted_cell, safe_title
from pipelines.document.stories.feedback import (
    compliments_sentence,
    compliments_title,
    costs_sentence,
    costs_title,
    enquiries_sentence,
    enquiries_title,
    foi_sentence,
    in_pounds,
    money_rows,
    ombudsman_sentences,
    ombudsman_title,
    remedies_sentence,
    transpose,
)
from pipelines.document.stories.outcomes import (
    OUTCOME_PHRASES,
    outcome_sentence,
    outcome_title,
    themes_sentence,
    upheld_service_sentence,
)
from pipelines.document.stories.summary import (
    ALSO_COVERS,
    appendix_intro,
    conventions_text,
    definitions,
    headlines,
    introduction,
    learning_intro,
    procedure_text,
)
from pipelines.document.stories.timeliness import (
    late_sentence,
    on_time_percentages,
    timeliness_sentences,
    timeliness_title,
)
from pipelines.document.stories.volumes import (
    complainant_sentence,
    escalation_sentence,
    rate_sentence,
    service_title,
    volume_sentences,
    volume_title,
)

__all__ = [
    "ALSO_COVERS", "OUTCOME_PHRASES", "appendix_intro", "complainant_sentence", "compliments_sentence",
    "compliments_title", "conventions_text", "costs_sentence", "costs_title", "count_at", "definitions",
    "enquiries_sentence", "enquiries_title", "escalation_sentence", "foi_sentence", "headlines", "in_pounds",
    "introduction", "late_sentence", "learning_intro", "money_rows", "noted_cell", "ombudsman_sentences",
    "ombudsman_title", "on_time_percentages", "outcome_sentence", "outcome_title", "procedure_text",
    "rate_sentence", "remedies_sentence", "safe_title", "service_title", "themes_sentence", "timeliness_sentences",
    "timeliness_title", "transpose", "upheld_service_sentence", "volume_sentences", "volume_title",
]  # fmt: skip
