import subprocess
import sys

import pytest

from science.analyzers import ANALYZERS
from science.registry import RegistryError, load_registry, registry, render_markdown
from settings import ROOT


def test_registry_loads_and_every_emitted_key_is_registered():
    attrs = registry()
    emitted = {key for a in ANALYZERS for key in a.keys}
    assert emitted - set(attrs) == set(), "analyzers emit keys the registry lacks"
    implemented = {k for k, a in attrs.items() if a.status == "implemented"}
    assert implemented - emitted == set(), "registry lists implemented keys nothing emits (mark them planned)"
    assert all(a.status == "planned" for k, a in attrs.items() if k not in emitted)


def test_levels_and_versions_are_consistent_with_analyzers():
    attrs = registry()
    for analyzer in ANALYZERS:
        for key in analyzer.keys:
            assert attrs[key].level == analyzer.level, key
            assert attrs[key].analyzer == analyzer.name
            assert attrs[key].analyzer_version == analyzer.version


def test_planned_vlm_keys_are_hypotheses():
    attrs = registry()
    for prefix in ("cognitive.", "affect.", "style.", "room_function.", "arch.pattern."):
        keys = [k for k in attrs if k.startswith(prefix)]
        assert keys, prefix
        assert all(attrs[k].level == "L3" and attrs[k].is_hypothesis for k in keys)


def test_malformed_registry_lists_every_problem(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[attribute]]\nkey = "Bad Key"\nlabel = ""\nfamily = "x"\nlevel = "L9"\nunit = ""\nrange = [1, 0]\n'
        'description = "d"\nalgorithm = "a"\nreferences = []\nstatus = "implemented"\nanalyzer = "nope"\n'
        '[[attribute]]\nkey = "x.y"\n'
    )
    with pytest.raises(RegistryError) as err:
        load_registry(bad)
    text = str(err.value)
    for fragment in ("key must look like", "level must be", "range must be", "known analyzer", "'label' is empty",
                     "missing 'label'"):
        assert fragment in text
    broken = tmp_path / "broken.toml"
    broken.write_text("[[attribute]\n")
    with pytest.raises(RegistryError, match="not valid TOML"):
        load_registry(broken)


def test_docs_metrics_md_documents_every_key_and_is_current():
    doc = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    assert doc == render_markdown(registry()), "run `python manage.py docs`"
    for key in registry():
        assert f"`{key}`" in doc
    check = subprocess.run([sys.executable, "manage.py", "docs", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
