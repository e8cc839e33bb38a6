"""build_thread, shared by the record readers: nothing lost, parents valid, order stable."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from explorer.formats.records import Record, build_thread


@st.composite
def record_lists(draw) -> list[Record]:
    """Records whose parents are earlier records, the post, absent ids, or themselves."""
    count = draw(st.integers(1, 30))
    with_post = draw(st.booleans())
    records = [Record(label="post", text="post", post=True)] if with_post else []
    for index in range(count):
        labels = [record.label for record in records]
        parent = draw(
            st.one_of(
                st.none(),
                st.sampled_from(labels) if labels else st.none(),
                st.sampled_from(["gone1", "gone2", f"c{index}"]),  # missing, or itself
            )
        )
        records.append(Record(label=f"c{index}", text=f"text {index}", parent=parent))
    return draw(st.permutations(records))


@given(record_lists())
def test_every_record_becomes_one_node_with_a_valid_parent(records):
    thread = build_thread("t", records)
    assert len(thread.nodes) == len(records)  # labels are unique by construction
    assert [node.position for node in thread.nodes] == list(range(len(records)))
    ids = {node.id for node in thread.nodes}
    seen: set[str] = set()
    for node in thread.nodes:
        # Depth-first: a parent always comes before its children.
        assert node.parent is None or (node.parent in ids and node.parent in seen)
        seen.add(node.id)
    posts = [node for node in thread.nodes if node.kind == "post"]
    assert posts == [thread.nodes[0]] or not any(r.post for r in records)
    missing = sum(
        1 for r in records
        if r.parent is not None and r.parent != "post"
        and (r.parent == r.label or r.parent not in {x.label for x in records})
    )
    if missing:
        assert any(f"not in the input: {missing} " in problem for problem in thread.problems)
    assert build_thread("t", records) == thread  # deterministic


def test_children_keep_source_order_unless_sorted():
    records = [
        Record("b", "b", parent="a"), Record("a", "a"), Record("c", "c", parent="a"),
        Record("d", "d"),
    ]
    assert [n.label for n in build_thread("t", records).nodes] == ["a", "b", "c", "d"]
    by_label_desc = build_thread("t", records, sort_key=lambda r: tuple(-ord(ch) for ch in r.label))
    assert [n.label for n in by_label_desc.nodes] == ["d", "a", "c", "b"]


def test_duplicates_and_cycles_are_kept_and_reported():
    records = [
        Record("a", "first a"), Record("a", "first a"), Record("a", "second a"),
        Record("x", "x", parent="y"), Record("y", "y", parent="x"),
        Record("z", "z", parent="y"),
    ]
    thread = build_thread("t", records)
    # The loop x -> y -> x is cut at x, its first record; y and z keep their parents.
    assert [(n.label, n.text, n.parent) for n in thread.nodes] == [
        ("a", "first a", None), ("a~2", "second a", None), ("x", "x", None),
        ("y", "y", "t/x"), ("z", "z", "t/y"),
    ]
    assert thread.problems == (
        "records read twice: 1; kept once",
        "records reusing an id with other content: 1; kept as <id>~2, ~3...",
        "reply cycles cut: 1; the first comment of each is top level",
    )
