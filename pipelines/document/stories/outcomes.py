"""Sentences and active chart titles about outcomes: how complaints ended, upheld rates by service and
what complaints were about."""

from __future__ import annotations

from pipelines.config.vocabulary import label, taxonomy
from pipelines.document.narrative import plural
from pipelines.document.stories.common import count_at, noted_cell, safe_title
from pipelines.measures.base import TOTAL, Table
from pipelines.rules.calendar import fy_text
from pipelines.rules.disclosure import states_figures
from pipelines.rules.numbers import percent

# What each outcome group's complaints "were", in taxonomy order; every group is named, so that the
# shares a sentence gives add up to the whole (rounding aside).
OUTCOME_PHRASES = {
    "upheld_or_partly": "were upheld or partly upheld",
    "not_upheld": "were not upheld",
    "no_finding": "ended with no finding",
    "withdrawn_early_signposted": "were withdrawn, resolved early or signposted",
    "case_review": "went to a case review",
}


@states_figures
def outcome_sentence(groups: Table, this: str, procedure: str) -> str:
    ty = fy_text(this)
    total = count_at(groups, TOTAL, ty)
    if total == 0:
        return f"No {procedure} complaints were closed in {ty}."
    parts = [
        f"{_pct_or_count(n, total)} {OUTCOME_PHRASES.get(code, 'were ' + label('outcome_groups', code).lower())}"
        for code in taxonomy()["outcome_groups"]
        if (n := count_at(groups, label("outcome_groups", code), ty))
    ]
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return f"Of the {plural(total, procedure + ' complaint')} closed in {ty}, {listed}."


def _pct_or_count(part: int, whole: int) -> str:
    return f"{part} of {whole}" if whole < 10 else f"{percent(part, whole)}% ({part:,})"


@states_figures
def _outcome_title_text(groups: Table, this: str) -> str:
    ty = fy_text(this)
    pct = percent(count_at(groups, label("outcome_groups", "upheld_or_partly"), ty), count_at(groups, TOTAL, ty))
    return f"{'[z]' if pct is None else str(pct) + '%'} of statutory complaints were upheld or partly upheld in {ty}"


def outcome_title(groups: Table, this: str) -> str:
    return safe_title(_outcome_title_text(groups, this), groups)


@states_figures
def upheld_service_sentence(by_service: Table) -> str:
    data = by_service.data.drop(index=TOTAL, errors="ignore")
    data = data[data["Decided"] >= 10]
    overall = noted_cell(by_service, TOTAL, "Upheld rate (%)")
    if data.empty or overall is None:
        return "Too few complaints were decided in any one service to compare upheld rates."
    top = data["Upheld rate (%)"].astype(float).idxmax()
    return (
        f"Overall {overall}% of decided stage 1 complaints were upheld or partly upheld. Among services with at least "
        f"10 decided complaints, the highest rate was for {top} ({int(noted_cell(by_service, top, 'Upheld rate (%)'))}%)."
    )


def themes_sentence(themes: Table, upheld: Table) -> str:
    if themes.data.empty:
        return "No themes were recorded."
    top = [t.lower() for t in themes.data.index[:3]]
    text = f"The most common themes were {top[0]}" + (f", {top[1]} and {top[2]}." if len(top) == 3 else ".")
    if not upheld.data.empty:
        text += f" In upheld or partly upheld complaints the most common theme was {upheld.data.index[0].lower()}."
    return text
