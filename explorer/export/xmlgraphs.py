"""GraphML and GEXF written node by node and edge by edge, as networkx reads them back.

Each writer walks the records twice: once for the attribute declarations (names and one
type each, see ``records.attribute_types``) that the formats want before any node, then to
write. Every id, name and text goes through ``xmlchars.escape_xml``; carriage returns and
tabs are written as character references so that readers do not fold them into newlines
and spaces. Attributes without a value are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO
from xml.sax.saxutils import escape, quoteattr

from ..files import write_pieces
from .records import GraphRecords, attribute_types, typed_text
from .xmlchars import escape_xml

XML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
GRAPHML_HEAD = (
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
GEXF_HEAD = (
    '<gexf xmlns="http://www.gexf.net/1.2draft" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
    'version="1.2">\n  <meta>\n    <creator>explorer</creator>\n  </meta>\n'
)


def write_graphml(records: GraphRecords, out: BinaryIO) -> None:
    """GraphML of the records, laid out as ``networkx.write_graphml`` does (nodes and edges
    unindented, their data by 2)."""
    graph = {k: v for k, v in records.attributes.items() if v is not None}
    scopes = {
        "graph": attribute_types(iter([graph])),
        "node": attribute_types(data for _, data in records.nodes()),
        "edge": attribute_types(data for *_, data in records.edges()),
    }
    keys: dict[str, dict[str, str]] = {scope: {} for scope in scopes}
    lines = ["<?xml version='1.0' encoding='utf-8'?>\n", GRAPHML_HEAD]
    for scope, types in scopes.items():
        for name, kind in types.items():
            keys[scope][name] = key = f"d{sum(map(len, keys.values()))}"
            lines.append(f'<key id="{key}" for="{scope}" attr.name={_attr(name)} '
                         f'attr.type="{XML_TYPES[kind]}" />\n')
    lines.append('<graph edgedefault="directed">\n')
    lines += _graphml_data(graph, keys["graph"], scopes["graph"], "")
    write_pieces(out, lines)

    def nodes() -> Iterator[str]:
        for node, data in records.nodes():
            yield f"<node id={_attr(node)}>\n"
            yield from _graphml_data(data, keys["node"], scopes["node"], "  ")
            yield "</node>\n"

    def edges() -> Iterator[str]:
        for source, target, key, data in records.edges():
            named = "" if key is None else f' id="{key}"'
            yield f"<edge source={_attr(source)} target={_attr(target)}{named}>\n"
            yield from _graphml_data(data, keys["edge"], scopes["edge"], "  ")
            yield "</edge>\n"

    write_pieces(out, nodes())
    write_pieces(out, edges())
    write_pieces(out, ["</graph>\n</graphml>\n"])


def write_gexf(records: GraphRecords, out: BinaryIO) -> None:
    """GEXF 1.2 of the records, as ``networkx.write_gexf`` lays it out (a node's ``label``
    and an edge's ``weight`` are XML attributes). GEXF keeps no graph attributes."""
    scopes = {
        "node": attribute_types({k: v for k, v in data.items() if k != "label"}
                                for _, data in records.nodes()),
        "edge": attribute_types({k: v for k, v in _gexf_edge_data(data, key).items()
                                 if k != "weight"} for _, _, key, data in records.edges()),
    }
    ids = {scope: {} for scope in scopes}
    lines = ["<?xml version='1.0' encoding='utf-8'?>\n", GEXF_HEAD,
             '  <graph defaultedgetype="directed" mode="static" name="">\n']
    for scope, types in scopes.items():
        if not types:
            continue
        lines.append(f'    <attributes mode="static" class="{scope}">\n')
        for name, kind in types.items():
            ids[scope][name] = number = str(sum(map(len, ids.values())))
            lines.append(f'      <attribute id="{number}" title={_attr(name)} '
                         f'type="{XML_TYPES[kind]}" />\n')
        lines.append("    </attributes>\n")
    write_pieces(out, lines)

    def nodes() -> Iterator[str]:
        yield "    <nodes>\n"
        for node, data in records.nodes():
            label = data.get("label")
            label = node if label is None else label
            yield f"      <node id={_attr(node)} label={_attr(str(label))}>\n"
            values = {k: v for k, v in data.items() if k != "label"}
            yield from _attvalues(values, ids["node"], scopes["node"])
            yield "      </node>\n"
        yield "    </nodes>\n"

    def edges() -> Iterator[str]:
        yield "    <edges>\n"
        for number, (source, target, key, data) in enumerate(records.edges()):
            values = _gexf_edge_data(data, key)
            weight = values.pop("weight", None)
            weighed = "" if weight is None else f' weight="{weight}"'
            yield (f"      <edge source={_attr(source)} target={_attr(target)} "
                   f'id="{number}"{weighed}>\n')
            yield from _attvalues(values, ids["edge"], scopes["edge"])
            yield "      </edge>\n"
        yield "    </edges>\n"

    write_pieces(out, nodes())
    write_pieces(out, edges())
    write_pieces(out, ["  </graph>\n</gexf>\n"])


def _gexf_edge_data(data: dict[str, Any], key: int | None) -> dict[str, Any]:
    # networkx keeps a multigraph's edge key as the attribute "networkx_key".
    return data if key is None else {**data, "networkx_key": key}


def _graphml_data(data: dict[str, Any], keys: dict[str, str], types: dict[str, type],
                  indent: str) -> Iterator[str]:
    for name, value in data.items():
        if value is not None:
            text = _text(typed_text(value, types[name]))
            yield f'{indent}<data key="{keys[name]}">{text}</data>\n'


def _attvalues(data: dict[str, Any], ids: dict[str, str], types: dict[str, type]
               ) -> Iterator[str]:
    present = [(name, value) for name, value in data.items() if value is not None]
    if not present:
        return
    yield "        <attvalues>\n"
    for name, value in present:
        text = _attr(typed_text(value, types[name]))
        yield f'          <attvalue for="{ids[name]}" value={text} />\n'
    yield "        </attvalues>\n"


def _attr(value: str) -> str:
    """A quoted XML attribute value; quoteattr writes newlines, CRs and tabs as references."""
    return quoteattr(escape_xml(value))


def _text(value: str) -> str:
    return escape(escape_xml(value), {"\r": "&#13;"})
