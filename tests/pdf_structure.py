"""Checks that a PDF is tagged, read with pikepdf (qpdf) and not with the code that wrote it.

``tagged(data)`` fails unless: the catalogue is marked, has a language and shows the title; the XMP
metadata holds the title; every font is embedded; every mark on every page (text, paths, images) is
inside marked content, either an artifact or a sequence with an MCID; no MCID nests in another;
every MCID of each page is in the parent tree and points at the element whose kid it is; every
Figure has alternative text. It returns the structure's roles in reading order, with each
heading's and table cell's text, for the caller to check what is there.
"""

from dataclasses import dataclass, field
from io import BytesIO

import pikepdf
from pikepdf import Name

PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI"}


@dataclass
class Tagged:
    roles: list[str] = field(default_factory=list)
    alts: list[str] = field(default_factory=list)
    table_headers: list[str] = field(default_factory=list)  # "TH Column" / "TH Row", in order
    bookmarks: list[str] = field(default_factory=list)
    pages: int = 0


def _marked_content(page: pikepdf.Page, number: int) -> set[int]:
    """The MCIDs on the page, failing on a mark outside marked content or on nested MCIDs."""
    stack: list[int | None] = []
    found: set[int] = set()
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "BDC":
            properties = operands[1]
            mcid = (
                int(properties.MCID) if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties else None
            )
            if mcid is not None:
                assert not any(m is not None for m in stack), f"page {number}: MCID {mcid} nested"
                assert mcid not in found, f"page {number}: MCID {mcid} twice"
                found.add(mcid)
            stack.append(mcid)
        elif op == "BMC":
            assert operands[0] == Name.Artifact, f"page {number}: marked content {operands[0]} without an MCID"
            stack.append(None)
        elif op == "EMC":
            assert stack, f"page {number}: EMC without BDC"
            stack.pop()
        elif op in PAINTING:
            assert stack, f"page {number}: {op} drawn outside marked content (untagged)"
    assert not stack, f"page {number}: marked content left open"
    return found


def _fonts_embedded(document: pikepdf.Pdf) -> None:
    for number, page in enumerate(document.pages, start=1):
        listed = set((page.Resources.get("/Font") or {}).keys())
        for instruction in pikepdf.parse_content_stream(page, "Tf"):
            name = str(instruction.operands[0])
            assert name in listed, f"page {number} draws with font {name}, which it does not have"
        for name, font in (page.Resources.get("/Font") or {}).items():  # every font listed is embedded
            descendants = font.get("/DescendantFonts")
            described = descendants[0] if descendants else font
            descriptor = described.get("/FontDescriptor")
            assert descriptor is not None, f"font {name} ({font.get('/BaseFont')}) is not embedded"
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"font {name} not embedded"


def tagged(data: bytes) -> Tagged:
    document = pikepdf.open(BytesIO(data))
    root = document.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "en-GB"
    assert root.ViewerPreferences.DisplayDocTitle is True
    title = str(document.docinfo.get("/Title", ""))
    assert title
    with document.open_metadata() as metadata:
        assert metadata.get("dc:title") == title
    _fonts_embedded(document)

    page_index = {page.obj.objgen: i for i, page in enumerate(document.pages)}
    on_page = {i: _marked_content(page, i + 1) for i, page in enumerate(document.pages)}
    tree = root.StructTreeRoot
    nums = tree.ParentTree.Nums
    parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    result = Tagged(pages=len(document.pages))
    referenced: dict[int, set[int]] = {i: set() for i in on_page}

    def walk(element: pikepdf.Dictionary) -> None:
        role = str(element.S)[1:]
        result.roles.append(role)
        if role == "Figure":
            assert "/Alt" in element and str(element.Alt).strip(), "a Figure without alternative text"
            result.alts.append(str(element.Alt))
        if role == "TH":
            result.table_headers.append(f"TH {str(element.A.Scope)[1:]}")
        for kid in element.K:
            if kid.get("/Type") == Name.MCR:
                index = page_index[kid.Pg.objgen]
                mcid = int(kid.MCID)
                assert mcid in on_page[index], f"MCID {mcid} of {role} is not on page {index + 1}"
                assert parent_tree[int(kid.Pg.StructParents)][mcid].objgen == element.objgen
                referenced[index].add(mcid)
            else:
                assert kid.P.objgen == element.objgen
                walk(kid)

    walk(tree.K)
    assert referenced == on_page, "marked content the structure tree does not reach"
    result.bookmarks = [item.title for item in _outline(document)]
    return result


def _outline(document: pikepdf.Pdf) -> list[pikepdf.OutlineItem]:
    items: list[pikepdf.OutlineItem] = []
    with document.open_outline() as outline:

        def collect(level: list[pikepdf.OutlineItem]) -> None:
            for item in level:
                items.append(item)
                collect(item.children)

        collect(outline.root)
    return items
