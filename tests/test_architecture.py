"""The import rules (data flows read -> model -> detect -> tree/graph -> render/stats), and
docs/architecture.md, which shows them and maps every module, checked against the code."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from tests.paths import ROOT

PACKAGE = ROOT / "explorer"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
THIRD_PARTY = {
    "click",
    "networkx",
    "pandas",
    "pyvis",
    "charset_normalizer",
    "zstandard",
    "defusedxml",
    "lxml",
    "pyarrow",
    "matplotlib",
    "distributed",
}

# module (or package prefix) -> project modules and libraries it may import
ALLOWED = {
    "errors": set(),
    "text": {"errors", "charset_normalizer"},
    "wordcut": {"text"},
    "model": {"errors", "text"},
    "files": {"errors"},
    "formats": {"collector", "model", "tree", "text", "errors", "formats", "zstandard",
                "defusedxml", "pyarrow", "lxml"},
    "detect": {"collector", "model", "tree", "text", "wordcut", "errors", "detect"},
    "tree": {"model", "errors"},
    "graph": {"tree", "model", "errors", "networkx"},
    "layout": {"tree", "model", "errors"},
    "measures": {"tree", "model", "errors", "text", "wordcut"},
    "metrics": {"measures", "tree", "model", "errors", "text"},
    "render": {"graph", "layout", "metrics", "tree", "model", "errors", "files", "collector",
               "wordcut", "pyvis", "matplotlib", "networkx"},
    "stats": {"graph", "metrics", "tree", "model", "errors", "pandas"},
    "export": {"graph", "tree", "model", "errors", "files", "output", "export"},
    "output": {"errors", "text"},
    "rows": {"graph", "model", "errors", "output", "text"},
    "engine": {"detect", "errors", "distributed"},
    "dask_passages": {"detect", "engine", "model"},
    "progress": set(),
    "allocator": set(),
    "collector": set(),
}
ONLY_IMPORTER = {"click": "cli", "pandas": "stats", "pyvis": "render"}


def project_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        yield ".".join(parts), path


def imported(path: Path, module: str) -> set[str]:
    """Top-level names of what a module imports: project modules by name, libraries by root."""
    names: set[str] = set()
    package = module.split(".")[:-1] if not path.name == "__init__.py" else module.split(".")
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                names.add(node.module.split(".")[0])
                continue
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            target = [*base, *(node.module.split(".") if node.module else [])]
            if not node.module:
                target = [*base, node.names[0].name]
            names.add(target[0] if target else "")
    return names


@pytest.mark.parametrize(("module", "path"), list(project_modules()), ids=lambda x: str(x))
def test_module_imports_follow_the_table(module, path):
    root = module.split(".")[0]
    found = imported(path, module) - {"__future__"}
    libraries = found & THIRD_PARTY
    for library in libraries:
        owner = ONLY_IMPORTER.get(library)
        assert owner is None or owner == root, f"{module} imports {library}; only {owner} may"
    if root in ALLOWED:
        project = {
            name for name in found if (PACKAGE / name).exists() or (PACKAGE / f"{name}.py").exists()
        }
        unexpected = (project | libraries) - ALLOWED[root] - {root}
        assert not unexpected, f"{module} may not import {sorted(unexpected)}"


def test_cli_imports_render_and_stats_lazily():
    top_level = {
        alias.name if isinstance(node, ast.Import) else (node.module or "")
        for path in (PACKAGE / "cli").glob("*.py")
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not {"render", "stats", "pandas", "pyvis", "export"} & {
        name.split(".")[-1] for name in top_level
    }


@pytest.mark.parametrize(("module", "path"), list(project_modules()), ids=lambda x: str(x))
def test_modules_stay_small(module, path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 550, f"{module} has {lines} lines; split it (STYLE.md: about 500)"


# Inside detect/: the index knows no cue, cues know no step, and the score step is a seam.
DETECT_LAYERS = {
    "detect.index": {"detect.signatures", "detect.stem_vectors"},
    "detect.stem_vectors": {"detect.arrays"},
    "detect.cues": {"detect.index", "detect.signatures", "detect.cues"},
    "detect.reply_pairs": {"detect.index", "detect.arrays"},
    "detect.reply_model": {
        "detect.index",
        "detect.cues",
        "detect.signatures",
        "detect.reply_pairs",
        "detect.stacks",
    },
    "detect.choice": {
        "detect.index",
        "detect.cues",
        "detect.reply_model",
        "detect.shared_words",
        "detect.stacks",
    },
    "detect.shared_words": {"detect.index", "detect.stem_vectors", "detect.arrays"},
}


def detect_imports(path: Path, module: str) -> set[str]:
    """The detect modules a module imports, as dotted names ("detect.cues.names")."""
    package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
            names.update(name for name in found if name.startswith("detect"))
    return names


@pytest.mark.parametrize(
    ("module", "path"),
    [(m, p) for m, p in project_modules() if any(m.startswith(k) for k in DETECT_LAYERS)],
    ids=lambda x: str(x),
)
def test_detect_layers(module, path):
    layer = next(k for k in DETECT_LAYERS if module.startswith(k))
    allowed = DETECT_LAYERS[layer] | {module}
    for name in detect_imports(path, module):
        assert any(name == a or name.startswith(a + ".") for a in allowed), (module, name)


def test_every_cue_finder_is_listed_with_one_signature():
    import inspect

    from explorer.detect import cues

    listed = {finder.__module__.rsplit(".", 1)[1] for _, finder, _ in cues.FINDERS}
    with_finder = {
        path.stem for path in (PACKAGE / "detect" / "cues").glob("*.py")
        if "\ndef find(" in path.read_text(encoding="utf-8")
    }
    assert listed == with_finder
    for _, finder, _ in cues.FINDERS:
        assert list(inspect.signature(finder).parameters) == ["index", "i", "lines", "found"]


# docs/architecture.md shows the tables above and maps the tree.


def doc_section(heading: str) -> list[str]:
    """The lines under a heading of docs/architecture.md, up to the next heading as high."""
    lines = ARCHITECTURE.read_text(encoding="utf-8").splitlines()
    start = lines.index(heading)
    level = heading.split(" ")[0]
    end = next((i for i in range(start + 1, len(lines))
                if lines[i].startswith("#") and len(lines[i].split(" ")[0]) <= len(level)),
               len(lines))
    return lines[start + 1:end]


def doc_table(heading: str) -> dict[str, set[str]]:
    """The two-column tables under a heading: the name in the first cell -> the names in
    backticks in the second."""
    rows = [line.strip("|").split("|") for line in doc_section(heading) if line.startswith("|")]
    return {re.findall("`([^`]+)`", first)[0]: set(re.findall("`([^`]+)`", second))
            for first, second in rows if "`" in first}


def test_the_readme_links_the_architecture_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/architecture.md)" in readme


def test_the_architecture_page_shows_the_import_rules():
    assert doc_table("### What each module may import") == ALLOWED
    assert doc_table("### Libraries with one importer") == {
        library: {owner} for library, owner in ONLY_IMPORTER.items()
    }
    assert doc_table("### Inside detect/") == DETECT_LAYERS


def summary(module: str) -> str:
    """A module's first line of documentation: its docstring, or a script's first comment."""
    text = (PACKAGE / module).read_text(encoding="utf-8")
    if module.endswith(".js"):
        return text.split("\n", 1)[0].removeprefix("// ")
    return (ast.get_docstring(ast.parse(text)) or "").split("\n", 1)[0]


def test_the_module_map_lists_every_module_and_no_other():
    tree = {path.relative_to(PACKAGE).as_posix()
            for pattern in ("*.py", "templates/js/*.js") for path in PACKAGE.rglob(pattern)}
    listed = set(doc_table("## Module map"))
    if tree - listed:
        rows = "\n".join(f"| `{module}` | {summary(module)} |" for module in sorted(tree - listed))
        pytest.fail(f"add to docs/architecture.md's module map (and edit):\n{rows}", pytrace=False)
    assert not listed - tree, f"docs/architecture.md maps modules not in explorer/: "\
        f"{sorted(listed - tree)}"


def test_every_name_on_the_architecture_page_exists():
    names = set(re.findall(r"`(explorer(?:\.\w+)+)`", ARCHITECTURE.read_text(encoding="utf-8")))
    assert len(names) > 30
    missing = []
    for name in sorted(names):
        parts = name.split(".")
        # The longest prefix that imports, then attributes.
        for cut in range(len(parts), 0, -1):
            try:
                found = importlib.import_module(".".join(parts[:cut]))
            except ModuleNotFoundError:
                continue
            for attribute in parts[cut:]:
                found = getattr(found, attribute, None)
            break
        if found is None:
            missing.append(name)
    assert not missing, f"docs/architecture.md names what the code does not have: {missing}"
