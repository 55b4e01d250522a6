"""The dependency parse as plain arrays, so that walks over it are bounded.

spaCy's ``Token.subtree`` and ``Token.ancestors`` walk the tree from scratch
on every call; on run-on text (``he said that he said that ...``) every cue's
subtree is the rest of the chunk and every walk is as long as the document,
so the walks add up to quadratic time. Here the tree is numbered once per
parsed chunk by a depth-first walk: ``i`` is inside ``root``'s subtree when
``enter[root] <= enter[i] < leave[root]``, an O(1) test, and the subtree
within a window of tokens is one pass over that window.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from .nlp import cached_on

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Past this many tokens either side of a cue, nothing is its clause, its
# subject or its quote's governor. PolNeAR's longest sentence has 233 tokens.
MAX_CLAUSE_TOKENS = 400
# Steps up a chain of compound or appositive links before giving up.
MAX_CLIMB = 64


class Tree:
    """Heads, children, depth-first numbering and subtree extents of one Doc."""

    def __init__(self, doc: "Doc"):
        import numpy
        from spacy.attrs import HEAD

        count = len(doc)
        relative = doc.to_array(HEAD).astype("int64") if count else numpy.zeros(0, dtype="int64")
        self.heads: list[int] = (relative + numpy.arange(count)).tolist()  # spaCy stores each head as an offset
        self.children: list[list[int]] = [[] for _ in range(count)]
        for i, head in enumerate(self.heads):
            if head != i:
                self.children[head].append(i)
        self.enter = [0] * count
        self.leave = [0] * count
        self.first = list(range(count))  # lowest token index in the subtree
        self.last = list(range(count))  # highest
        self.root = list(range(count))  # the root of the token's tree (its sentence's)
        clock = 0
        for top in (i for i, head in enumerate(self.heads) if head == i):
            stack = [(top, 0)]
            self.enter[top] = clock
            clock += 1
            while stack:
                node, next_child = stack[-1]
                kids = self.children[node]
                if next_child < len(kids):
                    stack[-1] = (node, next_child + 1)
                    child = kids[next_child]
                    self.enter[child] = clock
                    self.root[child] = top
                    clock += 1
                    stack.append((child, 0))
                    continue
                stack.pop()
                self.leave[node] = clock
                if stack:
                    parent = stack[-1][0]
                    self.first[parent] = min(self.first[parent], self.first[node])
                    self.last[parent] = max(self.last[parent], self.last[node])
        # A cycle (never in spaCy's parses, possible in hand-built Docs) leaves tokens
        # unnumbered; give each its own one-token subtree so tests stay O(1).
        for i in range(count):
            if self.leave[i] == 0:
                self.enter[i], self.leave[i] = clock, clock + 1
                clock += 1

    @classmethod
    def of(cls, doc: "Doc") -> "Tree":
        return cached_on(doc, "quotestance_tree", cls)

    def contains(self, root: int, i: int) -> bool:
        """Whether token ``i`` is ``root`` or one of its descendants."""
        return self.enter[root] <= self.enter[i] < self.leave[root]

    def size(self, root: int) -> int:
        return self.leave[root] - self.enter[root]

    def subtree(self, root: int, low: int, high: int) -> list[int]:
        """Indices of ``root``'s subtree between ``low`` and ``high`` (inclusive), in order."""
        enter, leave = self.enter[root], self.leave[root]
        return [i for i in range(max(low, self.first[root]), min(high, self.last[root]) + 1)
                if enter <= self.enter[i] < leave]

    def children_between(self, node: int, low: int, high: int) -> list[int]:
        """``node``'s children between ``low`` and ``high`` (inclusive), in order."""
        kids = self.children[node]
        return kids[bisect_left(kids, low) : bisect_right(kids, high)]


class Governed:
    """Which cues govern one quote: a cue verb governs it when it is an
    ancestor of one of the quote's tokens. The quote's tokens' numbers are
    sorted once, so each cue is one binary search."""

    def __init__(self, tree: Tree, first: int, last: int):
        self.tree = tree
        self.entered = sorted(tree.enter[i] for i in range(first, last + 1))

    def by(self, verb: int) -> bool:
        at = bisect_left(self.entered, self.tree.enter[verb] + 1)  # strictly below the verb
        return at < len(self.entered) and self.entered[at] < self.tree.leave[verb]
