"""CSV safe to open in a spreadsheet (OWASP's CSV injection advice) and exact when asked:
export files are safe unless --raw-csv, standard output exact unless --safe-csv."""

from __future__ import annotations

import csv
import io
import os
import subprocess

import pytest

from explorer import read_paths
from explorer.output import csv_line, safe_cell

FORMULAS = ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+cmd|calc", "-2+3", "=1+41",
            "\t=1+41", "\r=1+41"]


def test_formula_cells_get_a_quote_and_numbers_stay_numbers():
    assert [safe_cell(cell) for cell in FORMULAS] == ["'" + cell for cell in FORMULAS]
    kept = ["-3", "+1.5e3", "-.5", "3-2", "a=b", "", "'=x", -3, 2.5, None, True]
    assert [safe_cell(cell) for cell in kept] == kept


def test_csv_lines_quote_lone_carriage_returns_and_read_back():
    cells = ["a\rb", "c\nd", 'q"uote', "x,y", "", None, -3, 1.5]
    line = csv_line(cells)
    assert next(csv.reader(io.StringIO(line, newline=""))) == [
        "a\rb", "c\nd", 'q"uote', "x,y", "", "", "-3", "1.5"]
    assert csv_line([""]) == '""\n'  # a row of one empty cell is not a blank line


def formula_table(tmp_path):
    table = tmp_path / "comments.csv"
    with table.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "parent_id", "author", "text", "note", "score"])
        for number, cell in enumerate(FORMULAS, start=1):
            writer.writerow([number, "", cell, cell, cell, -number])
    return table


def exported_nodes(run, tmp_path, *options):
    out = tmp_path / "out"
    result = run("export", formula_table(tmp_path), "--format", "csv", "-o", out, *options)
    assert result.exit_code == 0, result.stderr
    return out / "nodes.csv", list(csv.DictReader((out / "nodes.csv").open(newline="")))


def test_export_csv_is_safe_unless_raw(run, tmp_path):
    _, rows = exported_nodes(run, tmp_path)
    # the reader strips a text's spaces; the other columns are kept as they are
    texts = [node.text for node in read_paths([str(formula_table(tmp_path))])[0].nodes]
    assert [row["text"] for row in rows] == ["'" + text for text in texts]
    assert [row["meta.note"] for row in rows] == ["'" + cell for cell in FORMULAS]
    assert [row["meta.score"] for row in rows] == [str(-n) for n in range(1, len(rows) + 1)]
    _, raw = exported_nodes(run, tmp_path, "--raw-csv")
    assert [row["text"] for row in raw] == texts
    assert [row["meta.note"] for row in raw] == FORMULAS


def test_stats_standard_output_is_exact_unless_safe_csv_is_asked(run, tmp_path):
    table = formula_table(tmp_path)
    command = ["stats", "--by", "comment"]
    exact = run(*command, table, "--format", "csv")
    safe = run(*command, table, "--format", "csv", "--safe-csv")
    assert exact.exit_code == 0 and safe.exit_code == 0, exact.stderr + safe.stderr
    labels = [node.label for node in read_paths([str(table)])[0].comments]

    def column(stdout, name):
        return [row[name] for row in csv.DictReader(io.StringIO(stdout, newline=""))]

    assert column(exact.stdout, "label") == labels
    assert column(exact.stdout, "author") == [
        node.author for node in read_paths([str(table)])[0].comments]
    assert column(safe.stdout, "author") == ["'" + a for a in column(exact.stdout, "author")]
    assert column(safe.stdout, "label") == labels


def test_quotes_standard_output_is_exact_unless_safe_csv_is_asked(run, tmp_path):
    # A file named like a formula names its thread, so every node id starts with "=".
    table = tmp_path / "=cmd.csv"
    quoted = "what every spreadsheet user types first when they add up a column of numbers"
    table.write_text(f'id,parent_id,author,text\n1,,ann,"{quoted}"\n'
                     f'2,1,bob,"You wrote that {quoted}, and I agree"\n', encoding="utf-8")
    rows = {}
    for option in ((), ("--safe-csv",)):
        result = run("quotes", table, "--format", "csv", *option)
        assert result.exit_code == 0, result.stderr
        rows[option] = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [(row["source"], row["target"]) for row in rows[()]] == [("=cmd/2", "=cmd/1")]
    assert [(row["source"], row["target"]) for row in rows[("--safe-csv",)]] == [
        ("'=cmd/2", "'=cmd/1")]
    assert rows[()][0]["text"] == rows[("--safe-csv",)][0]["text"] == quoted


@pytest.mark.slow
def test_libreoffice_shows_safe_cells_as_text_and_raw_ones_as_formulas(run, tmp_path):
    def shown(path):
        folder = tmp_path / f"html-{path.parent.name}"
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
             "--convert-to", "html", "--outdir", str(folder), str(path)],
            check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)},
        )
        return (folder / "nodes.html").read_text(errors="replace")

    safe_path, _ = exported_nodes(run, tmp_path)
    raw_folder = tmp_path / "raw"
    result = run("export", formula_table(tmp_path), "--format", "csv", "-o", raw_folder,
                 "--raw-csv")
    assert result.exit_code == 0
    assert 'sdval="42"' in shown(raw_folder / "nodes.csv")  # the raw cell ran: 1+41
    safe = shown(safe_path)
    assert 'sdval="42"' not in safe
    assert "&#39;=1+41" in safe or "'=1+41" in safe
    assert 'sdval="-3"' in safe  # numbers stay numbers
