"""The same report, the same bytes: Office files (report.docx, tables.xlsx) are zips whose writers stamp
every entry, and the document's properties, with the clock. Here the entries take the earliest date a
zip can hold (the reproducible-builds convention) and the created/modified properties are left out
(the cover and the manifest date the report)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
CORE = "docProps/core.xml"
_STAMPS = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>|<dcterms:(created|modified)[^>]*/>")


def rewrite(path: Path) -> Path:
    """Rewrite the Office file at `path` without its clock times."""
    path.write_bytes(without_times(path.read_bytes()))
    return path


def without_times(data: bytes) -> bytes:
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == CORE:
                body = _STAMPS.sub(b"", body)
            out.writestr(zipfile.ZipInfo(item.filename, ZIP_EPOCH), body, zipfile.ZIP_DEFLATED)
    return target.getvalue()
