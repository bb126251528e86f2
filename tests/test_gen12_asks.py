"""gen12: the probe matrices' generators (deterministic, held half disjoint from tune), and the
mechanisms fixed from the tune halves' misses, each in wordings of our own (never the matrices'
templates or fillers), with neighbours that must not change."""
from __future__ import annotations

from benchmarks import contest_matrix, policy_matrix


def _questions(built):
    return [(it.q, m["half"]) for it, m in built]


def test_the_policy_probe_is_deterministic_and_its_halves_disjoint():
    first, second = _questions(policy_matrix.build()), _questions(policy_matrix.build())
    assert first == second
    tune = {q for q, h in first if h == "tune"}
    held = {q for q, h in first if h == "held"}
    assert tune and held and not tune & held
    assert len(tune) * 2 >= len(first) * 0.9          # about half each
    # the held half's fillers are its own: no tune filler is a held one
    for f in policy_matrix.FACTS:
        assert not set(f.tune) & set(f.held), f.code
        assert f.asks in policy_matrix.KINDS and f.must


def test_the_policy_probe_builds_one_half_alone_as_the_same_questions():
    both = _questions(policy_matrix.build())
    assert _questions(policy_matrix.build(half="held")) == [x for x in both if x[1] == "held"]


def test_the_contest_probe_split_is_unchanged_by_the_shared_helper():
    halves = contest_matrix.split()
    assert halves == contest_matrix.split()
    for attr in contest_matrix.ATTRIBUTES:
        for style in contest_matrix.STYLES:
            marks = [halves[(attr, style, i)] for i in range(len(contest_matrix.TEMPLATES[attr][style]))]
            assert marks.count("tune") == marks.count("held")
