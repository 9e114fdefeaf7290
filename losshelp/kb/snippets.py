"""What a fix's snippet takes from outside itself: the names it reads before defining them, and the
packages it imports. Lint compares both with the fix's declaration (`needs`, `requires`)."""

from __future__ import annotations

import ast
import builtins
import sys

DEPENDENCIES = frozenset({"torch"})
"""Packages a snippet may import without declaring them: losshelp's own dependencies for snippets."""


def _names(node: ast.AST) -> tuple[set[str], set[str]]:
    """(names read, names bound) anywhere inside `node`."""
    read: set[str] = set()
    bound: set[str] = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            (read if isinstance(n.ctx, ast.Load) else bound).add(n.id)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(n.name)
        elif isinstance(n, ast.arg):
            bound.add(n.arg)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in n.names)
    return read, bound


def free_names(source: str) -> set[str]:
    """Names the snippet reads without having bound them first (builtins aside).

    Top-level statements are taken in order; an assignment reads its value before it binds its
    targets, so `x = x * 2` reads an outside `x`. Inside a compound statement (a loop, a function)
    a name bound anywhere in that statement counts as bound, which is right for the short,
    straight-line snippets of the knowledge base."""
    bound: set[str] = set()
    free: set[str] = set()
    for statement in ast.parse(source).body:
        if isinstance(statement, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and statement.value is not None:
            read, local = _names(statement.value)  # local: comprehension and lambda variables
            free |= read - bound - local
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                target_read, target_bound = _names(target)
                free |= target_read - bound
                if isinstance(statement, ast.AugAssign):
                    free |= target_bound - bound
                bound |= target_bound
        else:
            read, made = _names(statement)
            free |= read - bound - made
            bound |= made
    return {name for name in free if not hasattr(builtins, name)}


def imported_packages(source: str) -> set[str]:
    """Top-level packages the snippet imports."""
    out: set[str] = set()
    for n in ast.walk(ast.parse(source)):
        if isinstance(n, ast.Import):
            out.update(a.name.split(".")[0] for a in n.names)
        elif isinstance(n, ast.ImportFrom) and n.module and not n.level:
            out.add(n.module.split(".")[0])
    return out


def undeclared_packages(source: str, requires: list[str]) -> set[str]:
    """Imported packages that are neither the standard library, a dependency, nor in `requires`."""
    return imported_packages(source) - set(sys.stdlib_module_names) - DEPENDENCIES - set(requires)
