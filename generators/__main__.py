"""Generators of demonstration and test data: `python -m generators demo` and
`python -m generators reconstruct --authority <name>`. They write data/raw/ and are never imported by
the product package (pipelines/), which only reads what they wrote."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Regenerate the shipped demonstration and reconstructed raw data."
)


def _fail(message: str, code: int = 1):
    typer.secho(message, err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


@app.command()
def demo(check: bool = typer.Option(False, "--check", help="Only check that the shipped demo data is up to date")):
    """(Re)generate the deterministic demo data in data/raw/demo/."""
    import tempfile

    from generators.demo import write_demo
    from pipelines.inputs.ingest import RAW_ROOT

    if not check:
        for path in write_demo():
            typer.echo(f"wrote {path}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        stale = [p for p in write_demo(Path(tmp)) if p.read_bytes() != (RAW_ROOT / p.relative_to(tmp)).read_bytes()]
    if stale:
        _fail("demo data differs from the generator: " + ", ".join(str(p.relative_to(tmp)) for p in stale))
    typer.echo("demo data is up to date")


@app.command()
def reconstruct(
    authority: str = typer.Option(
        ..., help="Authority whose published report is rebuilt (generators/reconstruct/<authority>.py)"
    ),
    check: bool = typer.Option(False, "--check", help="Only check that the shipped data is up to date"),
):
    """(Re)generate the raw data rebuilt from an authority's published report, in data/raw/<authority>/."""
    import importlib
    import tempfile

    from pipelines.config.profile import load_profile
    from pipelines.config.vocabulary import ConfigError
    from pipelines.inputs.ingest import RAW_ROOT

    try:
        load_profile(authority)
        module = importlib.import_module(f"generators.reconstruct.{authority}")
    except ConfigError as exc:
        _fail(str(exc), 2)
    except ModuleNotFoundError:
        _fail(f"no reconstruction for {authority!r} (generators/reconstruct/{authority}.py)", 2)
    if not check:
        for path in module.write():
            typer.echo(f"wrote {path}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        stale = [
            p
            for p in module.write(Path(tmp))
            if not (RAW_ROOT / p.relative_to(tmp)).exists()
            or p.read_bytes() != (RAW_ROOT / p.relative_to(tmp)).read_bytes()
        ]
        if stale:
            _fail(
                f"{authority} data differs from its reconstruction: "
                + ", ".join(str(p.relative_to(tmp)) for p in stale)
            )
    typer.echo(f"{authority} data is up to date")


@app.command("dfe-reference")
def dfe_reference(
    source: Path = typer.Option(..., help="Folder of DfE's published files (as downloaded, unchanged)"),
    check: bool = typer.Option(False, "--check", help="Only check that data/reference/dfe/ matches them"),
):
    """(Re)write the DfE statistics shipped in data/reference/dfe/: the rows and columns the project reads."""
    import tempfile

    from generators.dfe_reference import TARGET, write

    if not check:
        for path in write(source):
            typer.echo(f"wrote {path}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        stale = [
            p.name
            for p in write(source, Path(tmp))
            if not (TARGET / p.name).is_file() or p.read_bytes() != (TARGET / p.name).read_bytes()
        ]
    if stale:
        _fail("data/reference/dfe differs from the DfE files: " + ", ".join(stale))
    typer.echo("data/reference/dfe is up to date")


if __name__ == "__main__":  # pragma: no cover
    app()
