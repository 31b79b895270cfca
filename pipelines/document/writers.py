"""The built-in words of the report, each under a name an item may give: sentence writers (`sentences:`,
the paragraph or list before an item's chart and table, or on their own), active chart titles
(`chart: {active_title: ...}`) and blocks that are neither (`block:` the compliments word cloud, the
approved quotes, "You said, we did"). Each writer reads its item's computed table (never recomputes)
through pipelines/document/stories/; `about` names the measures whose tables it can write about, so a
declaration that puts a writer beside another measure's table is refused when it is read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipelines.document import stories
from pipelines.measures import timeliness


@dataclass(frozen=True)
class Writing:
    """What a writer reads besides its table: the report data, the section (for the tables the report
    declares elsewhere) and the years its item covers."""

    data: object
    section: object
    years: list

    @property
    def profile(self):
        return self.data.profile

    @property
    def year(self) -> str:
        return self.data.year

    @property
    def last_year(self) -> str:
        return self.years[-2] if len(self.years) > 1 else self.year

    @property
    def narrative(self) -> dict:
        return self.data.narrative

    @property
    def shown_sections(self) -> list[str]:
        """The keys of the sections the report has this year."""
        return [s.key for s in self.section.declaration.sections_for(self.year)]

    def __getattr__(self, name):  # the data's tables (complaints, compliments...)
        return getattr(self.__dict__["data"], name)


@dataclass(frozen=True)
class Writer:
    name: str
    function: Callable  # the stories function (the audit edition names its file and line)
    write: Callable  # (table, Writing) -> list of sentences; (Writing) -> list when `about` is empty
    about: tuple = ()  # the measures whose tables it writes about; () for words without a table
    form: str = "paragraph"  # paragraph | bullets
    figures: bool = True  # states figures (a sentence stating a withheld one is left out)


def _listed(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _procedure_words(table) -> str:
    from pipelines.config.vocabulary import taxonomy

    code = table.derivation.get("arguments", {}).get("procedure", "statutory")
    return taxonomy()["procedures"][code]["short"].lower()


def _other(w: Writing, key: str):
    """Another table the report declares (its own, or the built-in one of that key)."""
    return w.section.computed(key)


WRITERS = {
    w.name: w
    for w in (
        Writer("introduction", stories.introduction, lambda w: [stories.introduction(w, w.shown_sections)]),
        Writer("headlines", stories.headlines, lambda w: stories.headlines(w), form="bullets"),
        Writer("procedure_text", stories.procedure_text, lambda w: [stories.procedure_text(w)]),
        Writer(
            "timescales",
            timeliness.timescales_text,
            lambda w: timeliness.timescales_text(w.profile, w.year),
            form="bullets",
            figures=False,
        ),  # fmt: skip
        Writer("conventions_text", stories.conventions_text, lambda w: [stories.conventions_text(w)]),
        Writer("learning_intro", stories.learning_intro, lambda w: [stories.learning_intro(w)]),
        Writer("appendix_intro", stories.appendix_intro, lambda w: [stories.appendix_intro(w)]),
        Writer("definitions", stories.definitions, lambda w: stories.definitions(w), form="bullets", figures=False),
        Writer(
            "volume_sentences",
            stories.volume_sentences,
            lambda t, w: stories.volume_sentences(t, w.year, w.last_year),
            ("volumes_by_year",),
        ),  # fmt: skip
        Writer(
            "complainant_sentence",
            stories.complainant_sentence,
            lambda t, w: [stories.complainant_sentence(t)],
            ("complainants",),
        ),  # fmt: skip
        Writer(
            "escalation_sentence",
            stories.escalation_sentence,
            lambda t, w: [stories.escalation_sentence(t, w.year)],
            ("escalation",),
        ),  # fmt: skip
        Writer(
            "rate_sentence",
            stories.rate_sentence,
            lambda t, w: [stories.rate_sentence(t, w.year)],
            ("rate_per_context",),
        ),  # fmt: skip
        Writer(
            "timeliness_sentences",
            stories.timeliness_sentences,
            lambda t, w: stories.timeliness_sentences(t, w),
            ("on_time_by_stage",),
        ),  # fmt: skip
        Writer(
            "late_sentence", stories.late_sentence, lambda t, w: [stories.late_sentence(t)], ("extensions_and_late",)
        ),  # fmt: skip
        Writer(
            "outcome_sentence",
            stories.outcome_sentence,
            lambda t, w: [stories.outcome_sentence(t, w.year, _procedure_words(t))],
            ("outcome_groups",),
        ),  # fmt: skip
        Writer(
            "upheld_service_sentence",
            stories.upheld_service_sentence,
            lambda t, w: [stories.upheld_service_sentence(t)],
            ("upheld_by_service",),
        ),  # fmt: skip
        Writer(
            "themes_sentence",
            stories.themes_sentence,
            lambda t, w: [stories.themes_sentence(t, _other(w, "themes_upheld"))],
            ("stage1_themes",),
        ),  # fmt: skip
        Writer(
            "compliments_sentence",
            stories.compliments_sentence,
            lambda t, w: [stories.compliments_sentence(t, w.year, w.last_year)],
            ("compliments_by_year",),
        ),  # fmt: skip
        Writer(
            "ombudsman_sentences",
            stories.ombudsman_sentences,
            lambda t, w: stories.ombudsman_sentences(t, _other(w, "lgsco_uphold"), w.year, w.last_year),
            ("lgsco_by_year",),
        ),  # fmt: skip
        Writer(
            "remedies_sentence", stories.remedies_sentence, lambda t, w: [stories.remedies_sentence(t)], ("remedies",)
        ),  # fmt: skip
        Writer(
            "costs_sentence",
            stories.costs_sentence,
            lambda t, w: [stories.costs_sentence(t, w.year, w.last_year)],
            ("costs_by_year",),
        ),  # fmt: skip
        Writer(
            "enquiries_sentence",
            stories.enquiries_sentence,
            lambda t, w: [stories.enquiries_sentence(t, w.year, w.last_year)],
            ("enquiries_by_year",),
        ),  # fmt: skip
        Writer(
            "foi_sentence",
            stories.foi_sentence,
            lambda t, w: [stories.foi_sentence(t, _other(w, "foi_on_time"))],
            ("foi_by_month",),
        ),  # fmt: skip
    )
}


@dataclass(frozen=True)
class TitleWriter:
    """An active chart title: says what the chart shows ("Complaints rose by 12% in 2024/25")."""

    name: str
    function: Callable
    write: Callable  # (table, Writing) -> str
    about: tuple


TITLES = {
    t.name: t
    for t in (
        TitleWriter(
            "volume_title", stories.volume_title, lambda t, w: stories.volume_title(t, w.year), ("volumes_by_year",)
        ),  # fmt: skip
        TitleWriter(
            "service_title", stories.service_title, lambda t, w: stories.service_title(t), ("volumes_by_service",)
        ),  # fmt: skip
        TitleWriter(
            "timeliness_title",
            stories.timeliness_title,
            lambda t, w: stories.timeliness_title(t, w.year),
            ("on_time_by_stage",),
        ),  # fmt: skip
        TitleWriter(
            "outcome_title", stories.outcome_title, lambda t, w: stories.outcome_title(t, w.year), ("outcome_groups",)
        ),  # fmt: skip
        TitleWriter(
            "compliments_title",
            stories.compliments_title,
            lambda t, w: stories.compliments_title(t, w.year),
            ("compliments_by_year",),
        ),  # fmt: skip
        TitleWriter(
            "ombudsman_title",
            stories.ombudsman_title,
            lambda t, w: stories.ombudsman_title(t, w.year),
            ("lgsco_by_year",),
        ),  # fmt: skip
        TitleWriter(
            "costs_title", stories.costs_title, lambda t, w: stories.costs_title(t, w.year), ("costs_by_year",)
        ),  # fmt: skip
        TitleWriter(
            "enquiries_title",
            stories.enquiries_title,
            lambda t, w: stories.enquiries_title(t, w.year),
            ("enquiries_by_year",),
        ),  # fmt: skip
    )
}


def _word_cloud(section, spec: dict) -> str:
    from pipelines.document import charts
    from pipelines.measures import feedback

    words = feedback.compliment_words(section.data.compliments, section.data.year)
    title = spec.get("title", "Words used most in approved compliments")
    return section.chart(charts.word_cloud(words, title, spec.get("table", "compliment_themes"))).markup


def _quotes(section, spec: dict) -> str:
    from pipelines.measures import feedback

    data = section.data
    return section.quotes(
        feedback.compliment_examples(data.compliments, data.year, mode=feedback.quote_mode(data.profile))
    ).markup


def _learning(section, spec: dict) -> str:
    return section.learning().markup


# Blocks: (section, item) -> HTML; each with the keys its item may have besides `block` and `heading`.
BLOCKS = {
    "word_cloud": (_word_cloud, {"title", "table"}),
    "quotes": (_quotes, set()),
    "learning": (_learning, set()),
}
