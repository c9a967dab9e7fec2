"""docs/plugin-hooks.md documents every hook of ``hookspecs.py`` with its real signature.

Hook sections are ``## <name>`` headings; the first ``python`` code block of a section holds
the signature (``def name(...) -> None: ...``). Examples marked ``@hookimpl`` must take a
subset of the hook's arguments, as pluggy requires.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pluggy

from gov_disclosure import hookspecs

DOC = Path(__file__).resolve().parents[1] / "docs" / "plugin-hooks.md"
HOOK_HEADING = re.compile(r"^## ([a-z_][a-z0-9_]*)\s*$", re.MULTILINE)
CODE_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def spec_arguments() -> dict[str, tuple[str, ...]]:
    """Each hook's argument names, as pluggy reads them from the marked spec functions."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    found: dict[str, tuple[str, ...]] = {}
    for name in dir(pm.hook):
        caller = getattr(pm.hook, name)
        spec = getattr(caller, "spec", None)
        if isinstance(caller, pluggy.HookCaller) and spec is not None:
            found[name] = tuple(spec.argnames)
    return found


def sections(text: str) -> dict[str, str]:
    """Hook sections by name (text up to the next ``## `` heading)."""
    out: dict[str, str] = {}
    for match in HOOK_HEADING.finditer(text):
        rest = text[match.end() :]
        following = re.search(r"^## ", rest, re.MULTILINE)
        out[match.group(1)] = rest[: following.start()] if following else rest
    return out


def _functions(code: str) -> list[ast.FunctionDef]:
    tree = ast.parse(code)
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]


def _arg_names(fn: ast.FunctionDef) -> tuple[str, ...]:
    return tuple(a.arg for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs])


def _is_hookimpl(fn: ast.FunctionDef) -> bool:
    return any(ast.unparse(d).endswith("hookimpl") for d in fn.decorator_list)


def problems(text: str, specs: dict[str, tuple[str, ...]]) -> list[str]:
    """Everything wrong between the document and the specs (empty when they agree)."""
    found: list[str] = []
    documented = sections(text)
    for name in sorted(set(documented) - set(specs)):
        found.append(f"{name}: documented but not a hook in hookspecs.py")
    for name, argnames in sorted(specs.items()):
        if name not in documented:
            found.append(f"{name}: no '## {name}' section in docs/plugin-hooks.md")
            continue
        blocks = CODE_BLOCK.findall(documented[name])
        signature = [f for f in _functions(blocks[0]) if f.name == name] if blocks else []
        if not signature:
            found.append(f"{name}: the first python block is not 'def {name}(...)'")
            continue
        shown = _arg_names(signature[0])
        if shown != argnames:
            found.append(f"{name}: documented arguments {shown} differ from the spec {argnames}")
        examples = [
            f
            for block in blocks[1:]
            for f in _functions(block)
            if f.name == name and _is_hookimpl(f)
        ]
        if not examples:
            found.append(f"{name}: no example implementation marked @hookimpl")
        for example in examples:
            extra = set(_arg_names(example)) - set(argnames)
            if extra or example.args.defaults:
                found.append(f"{name}: the example takes {sorted(extra)} or gives defaults")
    return found


def test_every_hook_has_a_section_with_its_signature_and_an_example() -> None:
    specs = spec_arguments()

    assert specs, "no hookspecs found"
    assert problems(DOC.read_text(encoding="utf-8"), specs) == []


def test_the_check_reports_a_missing_section() -> None:
    text = DOC.read_text(encoding="utf-8")
    without = re.sub(r"^## after_delivery\n.*?(?=^## )", "", text, flags=re.MULTILINE | re.DOTALL)

    found = problems(without, spec_arguments())

    assert found == ["after_delivery: no '## after_delivery' section in docs/plugin-hooks.md"]


def test_the_check_reports_a_renamed_argument_and_a_stale_section() -> None:
    specs = {"after_publish": ("edition", "receipt"), "gone_hook": ("x",)}
    text = (
        "## after_publish\n\n```python\ndef after_publish(edition, result) -> None: ...\n```\n\n"
        "```python\n@hookimpl\ndef after_publish(edition, colour=1):\n    pass\n```\n"
        "## old_hook\n\n```python\ndef old_hook(x): ...\n```\n"
    )

    found = problems(text, specs)

    assert found == [
        "old_hook: documented but not a hook in hookspecs.py",
        "after_publish: documented arguments ('edition', 'result') differ from the spec "
        "('edition', 'receipt')",
        "after_publish: the example takes ['colour'] or gives defaults",
        "gone_hook: no '## gone_hook' section in docs/plugin-hooks.md",
    ]


def test_every_hook_parameter_is_typed_and_documented() -> None:
    """Each parameter has a real type (never ``Any``) and a ``:param name:`` line."""
    import inspect

    from gov_disclosure import hookspecs

    untyped: list[str] = []
    for name, fn in inspect.getmembers(hookspecs, inspect.isfunction):
        if not hasattr(fn, "gov_disclosure_spec"):
            continue
        doc = inspect.getdoc(fn) or ""
        for param in inspect.signature(fn).parameters.values():
            annotation = str(param.annotation)
            if param.annotation is inspect.Parameter.empty or "Any" in annotation:
                untyped.append(f"{name}({param.name}): {annotation}")
            if f":param {param.name}:" not in doc:
                untyped.append(f"{name}({param.name}): no ':param {param.name}:' in the docstring")
    assert untyped == []
