"""run --watch: a render at the start and one after each change to a watched file, none otherwise."""

from __future__ import annotations

import os

from pipelines.runs import watch


def test_a_render_follows_each_change_and_only_a_change(tmp_path):
    export, text = tmp_path / "complaints.csv", tmp_path / "narrative.yaml"
    export.write_text("a\n")
    text.write_text("commentary: {}\n")
    files = [export, text]
    renders, said = [], []

    def render():
        renders.append(len(renders))
        if len(renders) == 1:  # between the first and second looks, the analyst saves a sentence
            text.write_text("commentary: {summary: Better.}\n")
            os.utime(text, ns=(1, 10**18))  # a different time even on a coarse clock

    watch.watch(render, lambda: files, log=said.append, interval=0, rounds=3)
    assert len(renders) == 2  # the first render, then one for the one change (looks 2 and 3 see none)
    assert said[0] == "Watching 2 files for changes (Ctrl-C to stop)"
    assert said[1] == "Changed: narrative.yaml; rendering again"


def test_changes_are_files_added_removed_or_rewritten():
    before = {"a": (1, 1), "b": (1, 1)}
    assert watch.changed(before, {"a": (1, 1), "b": (2, 1), "c": (1, 1)}) == ["b", "c"]
    assert watch.changed(before, {"a": (1, 1)}) == ["b"]
    assert watch.changed(before, dict(before)) == []


def test_watched_files_are_the_profile_and_the_raw_folder(tmp_path):
    folder = tmp_path / "demo" / "2024-25"
    folder.mkdir(parents=True)
    (folder / "complaints.csv").write_text("x\n")
    (folder / "narrative.yaml").write_text("x\n")
    files = watch.watched_files("demo", "2024-25", tmp_path)
    assert files[0].name == "demo.yaml" and [p.name for p in files[1:]] == ["complaints.csv", "narrative.yaml"]
