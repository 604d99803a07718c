"""A class of students must not grow the server's memory without end: every cached
computation in ui/ that takes arguments is bounded (``max_entries`` or ``ttl``); one that
takes none holds a single entry."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
CACHES = {"cache_data", "cache_resource"}


def cached_functions():
    """(file, function, decorator) for each function decorated with st.cache_data / st.cache_resource."""
    for path in sorted(UI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr in CACHES:
                    yield path.name, node, decorator


def test_ui_has_cached_functions_to_check():
    assert len(list(cached_functions())) >= 10


def test_every_cached_function_with_arguments_is_bounded():
    unbounded = []
    for file, function, decorator in cached_functions():
        arguments = function.args.args + function.args.kwonlyargs + function.args.posonlyargs
        keywords = {k.arg for k in decorator.keywords} if isinstance(decorator, ast.Call) else set()
        if arguments and not keywords & {"max_entries", "ttl"}:
            unbounded.append(f"{file}:{function.name}")
    assert unbounded == []
