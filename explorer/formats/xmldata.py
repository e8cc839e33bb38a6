"""XML with errors that say where, parsed safely: the shared first step of XML readers.

defusedxml refuses entity expansion and external references, so a hostile file (the
billion laughs) is an error rather than a memory bomb.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..errors import ExplorerError


def load_xml(text: str, source: str | None) -> Element:
    """Parse an XML document; a syntax error names its line and column."""
    try:
        # The text is decoded already: parsed as bytes, expat would decode it again by the
        # declaration's encoding (mojibake for latin-1, a LookupError for an unknown name).
        return fromstring(text.lstrip("\ufeff"))
    except ParseError as err:
        line, column = err.position
        message = str(err).split(":")[0]
        raise ExplorerError(
            f"line {line}, column {column + 1}: invalid XML: {message}", source
        ) from err
    except DefusedXmlException as err:
        raise ExplorerError(f"refused unsafe XML: {err}", source) from err
    except RecursionError as err:
        raise ExplorerError("XML nested too deeply", source) from err


def child_text(element: Element, tag: str) -> str | None:
    """The stripped text of the first child with this tag, or None when absent or empty."""
    child = element.find(tag)
    return child.text.strip() or None if child is not None and child.text else None
