"""The complaints team's own words: per-section commentary and "You said, we did" learning, read
from data/raw/<authority>/<year>/narrative.yaml (optional). Plain text only: it is escaped when
published, so markup in it shows as text."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipelines.inputs.files import InputFileError, read_text

FILE = "narrative.yaml"
EMPTY = {"commentary": {}, "learning": []}


def read_narrative(folder: Path, sections: list[str]) -> dict:
    path = Path(folder) / FILE
    if not path.exists():
        return {"commentary": {}, "learning": []}
    try:
        data = yaml.safe_load(read_text(path)) or {}
    except yaml.YAMLError as exc:
        raise InputFileError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict) or set(data) - set(EMPTY):
        raise InputFileError(f"{path}: expected only the keys 'commentary' and 'learning'")
    commentary = data.get("commentary") or {}
    if not isinstance(commentary, dict):
        raise InputFileError(f"{path}: 'commentary' must map section names to text")
    for key, text in commentary.items():
        if key not in sections:
            raise InputFileError(f"{path}: commentary for unknown section {key!r}; sections are {', '.join(sections)}")
        if not isinstance(text, str):
            raise InputFileError(f"{path}: commentary.{key} must be text")
    learning = data.get("learning") or []
    if not isinstance(learning, list):
        raise InputFileError(f"{path}: 'learning' must be a list of themes")
    for n, item in enumerate(learning, 1):
        if not isinstance(item, dict) or not isinstance(item.get("theme"), str):
            raise InputFileError(f"{path}: learning item {n} needs a 'theme'")
        for part in ("you_said", "we_did"):
            if not isinstance(item.get(part), list) or not all(isinstance(s, str) for s in item[part]):
                raise InputFileError(
                    f"{path}: learning item {n} ({item['theme']}): '{part}' must be a list of sentences"
                )
    return {
        "commentary": {k: v.strip() for k, v in commentary.items()},
        "learning": [{"theme": i["theme"], "you_said": i["you_said"], "we_did": i["we_did"]} for i in learning],
    }


def paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; line breaks inside a paragraph are spaces."""
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
