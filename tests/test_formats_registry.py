"""The format registry: one ``Format`` record per reader, and no reader named elsewhere."""

from __future__ import annotations

import ast
import importlib
import re

from explorer.formats import FORMATS
from explorer.formats.protocol import Format
from tests.paths import ROOT

FORMATS_DIR = ROOT / "explorer" / "formats"


def reader_modules() -> list[str]:
    """The modules of formats/ that declare a ``FORMAT``."""
    return sorted(
        path.stem for path in FORMATS_DIR.glob("*.py")
        if re.search(r"^FORMAT = Format\(", path.read_text(encoding="utf-8"), re.M)
    )


def test_every_reader_is_registered_once():
    declared = [importlib.import_module(f"explorer.formats.{name}").FORMAT
                for name in reader_modules()]
    assert all(isinstance(found, Format) for found in FORMATS)
    assert sorted(found.name for found in declared) == sorted(found.name for found in FORMATS)
    assert len({found.name for found in FORMATS}) == len(FORMATS)


def test_the_registry_names_no_reader_outside_its_list():
    source = (FORMATS_DIR / "__init__.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    registry = next(
        node for node in tree.body
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "FORMATS"
    )
    listed = {name.id for name in ast.walk(registry) if isinstance(name, ast.Name)}
    used = [
        node.value.id for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
        and node.value.id in reader_modules()
    ]
    assert set(reader_modules()) <= listed
    assert used == [], f"readers used by name outside FORMATS: {sorted(set(used))}"
    assert "hasattr" not in source


def test_only_one_format_takes_column_names():
    assert sum(found.columns for found in FORMATS) == 1
