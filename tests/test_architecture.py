"""The import rules of docs/architecture.md, checked by walking every module's imports."""

import ast

from settings import ROOT

PACKAGES = ("science", "db", "ingest", "runner", "vlm", "ui", "pages")
ALLOWED = {  # package -> first-party packages it may import
    "science": {"science"},
    "db": {"db", "settings"},
    "ingest": {"ingest", "db", "science", "settings"},
    "vlm": {"vlm", "db", "settings"},
    "runner": {"runner", "db", "science", "vlm", "settings"},
    "ui": {"ui", "db", "ingest", "science", "vlm", "runner", "settings"},
    "pages": {"ui", "db", "ingest", "science", "vlm", "runner", "settings"},
}
FIRST_PARTY = set(PACKAGES) | {"settings", "manage", "app"}


def imports_of(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def test_import_directions():
    problems = []
    for package, allowed in ALLOWED.items():
        for path in (ROOT / package).rglob("*.py"):
            for name in imports_of(path):
                if name in FIRST_PARTY and name not in allowed:
                    problems.append(f"{path.relative_to(ROOT)} imports {name}")
                if name == "streamlit" and package not in {"ui", "pages"}:
                    problems.append(f"{path.relative_to(ROOT)} imports streamlit")
    assert not problems, "\n".join(problems)
