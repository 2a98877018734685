"""No attribute starting with "_" of a dependency is read or written by the project's code (issue 17).

Django, django CMS, djangocms-versioning, reversion and redis-py change their
private parts between releases without notice. The scan reads every .py file of
the project with ``ast`` and allows only:

- names the project defines itself (a method, class or function of ours, a
  class-level name, or an attribute ours set on ``self``/``cls``);
- dunder names (``__class__``, ``__name__``...);
- ``_meta``: Django documents it as the Model ``_meta`` API, public and stable
  (https://docs.djangoproject.com/en/5.2/ref/models/meta/);
- the named-tuple methods Python documents with a leading underscore so as not to
  clash with field names (``_replace``, ``_asdict``, ``_fields``, ``_make``).

Attribute access ``x._name`` and ``getattr``/``setattr``/``hasattr`` with a
constant ``"_name"`` are both caught. String literals are not code and are not read.
"""

import ast
from pathlib import Path

import pytest

# No database or cache of the run's own: checked once, in the SQLite pass
# (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = pytest.mark.same_on_every_database

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_FOLDERS = {".venv", "node_modules", "staticfiles", ".git", "migrations"}
DOCUMENTED = {"_meta", "_replace", "_asdict", "_fields", "_make"}
ATTRIBUTE_FUNCTIONS = {"getattr", "setattr", "hasattr", "delattr"}


def project_files():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED_FOLDERS.intersection(path.relative_to(ROOT).parts):
            yield path


def private(name):
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def own_names(trees):
    """Underscore names the project defines: functions, classes, class-level names, self./cls. attributes."""
    names = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
                if isinstance(node, ast.ClassDef):
                    for statement in node.body:
                        targets = statement.targets if isinstance(statement, ast.Assign) else []
                        if isinstance(statement, ast.AnnAssign):
                            targets = [statement.target]
                        names.update(target.id for target in targets if isinstance(target, ast.Name))
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
                and node.value.id in ("self", "cls")
            ):
                names.add(node.attr)
    return {name for name in names if private(name)}


def offences(path, tree, allowed):
    for node in ast.walk(tree):
        name = None
        if isinstance(node, ast.Attribute):
            name = node.attr
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ATTRIBUTE_FUNCTIONS
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            name = node.args[1].value
        if name and private(name) and name not in allowed:
            yield path.relative_to(ROOT) if path.is_relative_to(ROOT) else path, node.lineno, name


def scan(files):
    trees = {path: ast.parse(path.read_text(), filename=str(path)) for path in files}
    allowed = DOCUMENTED | own_names(trees.values())
    found = sorted(offence for path, tree in trees.items() for offence in offences(path, tree, allowed))
    return [f"{path}:{line}: {name}" for path, line, name in found]


def test_no_private_attribute_of_a_dependency_is_used():
    files = list(project_files())
    assert len(files) > 50  # the scan found the project
    assert scan(files) == []


def test_the_scan_names_a_dependencys_private_attribute_with_file_and_line(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "class Ours:\n"
        "    def _helper(self):\n"
        "        self._count = 1\n"
        "        return self._count\n"
        "def render(renderer, cache, model, url):\n"
        "    model._meta.get_field('x'), url._replace(path='/')\n"
        "    Ours()._helper(), '_not_code'\n"
        "    renderer._placeholders_by_page_cache.clear()\n"
        "    return getattr(cache, '_cache')\n"
    )
    assert scan([sample]) == [f"{sample}:8: _placeholders_by_page_cache", f"{sample}:9: _cache"]
