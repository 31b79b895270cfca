"""mutmut for `make mutate`, with the measures' own decorator allowed: `python scripts/mutate.py run ...`
takes the same arguments as `mutmut`.

mutmut 3 leaves out every decorated function, because a decorator may have side effects when mutmut
copies the function for its trampoline (boxed/mutmut#387). Every measure is decorated with `@measure`,
which only records how its table was derived, so plain mutmut makes no mutant of any measure's own code
and scores their helpers alone. Here a function whose decorators are all in PURE is mutated like any
other: the trampoline keeps the decorator, and the copies mutmut switches between (the original and each
mutant) lose it, so that a table is still recorded once."""

from __future__ import annotations

import sys

import libcst as cst
from mutmut.__main__ import cli
from mutmut.mutation import file_mutation

PURE = frozenset({"measure"})  # pipelines.measures.base.measure: no side effect when applied


def _only_pure(node: cst.CSTNode) -> bool:
    """A function whose decorators are all in PURE."""
    if not isinstance(node, cst.FunctionDef) or not node.decorators:
        return False
    return all(isinstance(d.decorator, cst.Name) and d.decorator.value in PURE for d in node.decorators)


_skip = file_mutation.MutationVisitor._skip_node_and_children
_arrange = file_mutation.function_trampoline_arrangement


def _skip_node_and_children(self, node: cst.CSTNode) -> bool:
    if not _only_pure(node):
        return _skip(self, node)
    position = self.get_metadata(file_mutation.PositionProvider, node, None)
    if position and position.start.line in self._ignored_node_lines:  # `# pragma: no mutate block`
        return _skip(self, node)
    return _skip(self, node.with_changes(decorators=[]))  # judged as the same function undecorated


def _trampoline_arrangement(function, mutants, class_name):
    declarations, methods, assignments, names = _arrange(function, mutants, class_name)
    if _only_pure(function):  # methods = [trampoline, original copy, mutant 1, ...]
        methods = [methods[0]] + [m.with_changes(decorators=[]) for m in methods[1:]]
    return declarations, methods, assignments, names


file_mutation.MutationVisitor._skip_node_and_children = _skip_node_and_children
file_mutation.function_trampoline_arrangement = _trampoline_arrangement

if __name__ == "__main__":
    sys.argv[0] = "mutmut"
    sys.exit(cli())
