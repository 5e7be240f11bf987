"""Tagged PDF: the structure a screen reader follows, made while ReportLab draws.

ReportLab draws but does not tag. As each piece is drawn, the portal marks its content in the
page's stream (``/P <</MCID 3>> BDC … EMC``) and notes which structure element it belongs to;
page furniture (headers, footers, table rules) is marked ``/Artifact``. After ReportLab has
written the file, ``finish`` adds with pikepdf (qpdf) what ReportLab cannot: the structure
tree in reading order, the parent tree that maps marked content back to it, ``/MarkInfo``,
``DisplayDocTitle``, the XMP title and language, and bookmarks from the headings.

Marked content never nests: a paragraph drawn inside a table cell that is already marked belongs
to that cell, which is what a reader of the table needs.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any, Union

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table
from reportlab.platypus.tables import TableRenderCB

HEADINGS = ("H1", "H2", "H3")


@dataclass(eq=False)
class Element:
    """A structure element: its role (P, H1, Table, TD…), and its kids in reading order, either
    elements or marked content as (page number, MCID)."""

    role: str
    alt: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    kids: list[Union["Element", tuple[int, int]]] = field(default_factory=list)
    placed: bool = False
    text: str = ""  # a heading's words, for its bookmark


class Structure:
    """The elements of one document as it is drawn, and the marked content of each page."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.document = Element("Document", placed=True)
        self._next_mcid: dict[int, int] = {}
        self._opened: list[bool] = []
        self._elements: dict[int, tuple[object, Element]] = {}

    def element_for(self, key: object, make: Callable[[], Element]) -> Element:
        """The element of ``key`` (what a flowable and the parts it splits into share) in this
        document: a flowable drawn again in another document (a first pass counting the pages)
        gets a new one there."""
        if id(key) not in self._elements:
            self._elements[id(key)] = (key, make())
        return self._elements[id(key)][1]

    def place(self, element: Element, parent: Element | None = None) -> None:
        if not element.placed:
            (parent or self.document).kids.append(element)
            element.placed = True

    def begin(self, canvas: Canvas, element: Element | None = None) -> None:
        """Content drawn from here belongs to ``element`` (placed in the document if it is not
        yet), or is an artifact when ``element`` is None; unless content is already marked."""
        opens = not any(self._opened)
        self._opened.append(opens)
        if not opens:
            return
        if element is None:
            canvas.addLiteral("/Artifact BMC")
            return
        self.place(element)
        page = canvas.getPageNumber()
        mcid = self._next_mcid.get(page, 0)
        self._next_mcid[page] = mcid + 1
        element.kids.append((page, mcid))
        canvas.addLiteral(f"/{element.role} <</MCID {mcid}>> BDC")

    def end(self, canvas: Canvas) -> None:
        if self._opened.pop():
            canvas.addLiteral("EMC")

    @contextmanager
    def marked(self, canvas: Canvas, element: Element | None = None) -> Iterator[None]:
        """``begin`` and ``end`` around what is drawn inside: no element means page furniture."""
        self.begin(canvas, element)
        try:
            yield
        finally:
            self.end(canvas)


def structure_of(canvas: Canvas) -> Structure | None:
    return getattr(canvas, "structure", None)


def canvas_maker(structure: Structure) -> Callable[..., Canvas]:
    """A canvasmaker for ``DocTemplate.build`` whose canvas carries the document's structure."""

    def make(*args: Any, **kwargs: Any) -> Canvas:
        canvas = Canvas(*args, **kwargs)
        canvas.structure = structure  # type: ignore[attr-defined]
        return canvas

    return make


ROLES = {"h1": "H1", "easy-h1": "H1", "h2": "H2", "section": "H2", "easy-title": "H2", "h3": "H3"}


class _Key:
    """What the parts of one split paragraph share, to be one element."""


class TaggedParagraph(Paragraph):
    """A Paragraph tagged by its style: headings (styles h1, h2…) as H1/H2, the rest as P. Both
    halves of a paragraph split across pages belong to one element."""

    _key: _Key | None = None

    def split(self, availWidth, availHeight):  # type: ignore[no-untyped-def]
        self._key = self._key or _Key()
        parts = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, TaggedParagraph):
                part._key = self._key
        return parts

    def drawOn(self, canvas, x, y, _sW=0):  # type: ignore[no-untyped-def]
        structure = structure_of(canvas)
        if structure is None:
            return super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]
        self._key = self._key or _Key()
        element = structure.element_for(
            self._key, lambda: Element(ROLES.get(self.style.name, "P"), text=self.getPlainText())
        )
        with structure.marked(canvas, element):
            return super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]


class Figure(Flowable):
    """A picture with its alternative text (a Drawing, such as a summary's pictogram)."""

    def __init__(self, picture: Flowable, alt: str) -> None:
        super().__init__()
        self.picture, self.alt = picture, alt

    def wrap(self, availWidth, availHeight):  # type: ignore[no-untyped-def]
        self.width, self.height = self.picture.wrap(availWidth, availHeight)
        return self.width, self.height

    def draw(self) -> None:
        # A Drawing sets its own font first, Helvetica unless told: the page's font instead.
        self.picture.initialFontName = self.canv._fontname  # type: ignore[attr-defined]
        structure = structure_of(self.canv)
        if structure is None:
            self.picture.drawOn(self.canv, 0, 0)
            return
        with structure.marked(self.canv, Element("Figure", alt=self.alt)):
            self.picture.drawOn(self.canv, 0, 0)


class TableTags(TableRenderCB):
    """A Table's ``renderCB``: rows as TR, cells as TH or TD, backgrounds and rules as artifacts.

    ``header_rows`` are the column headings, ``header_columns`` the row headings. When a table
    splits across pages its parts share this object, so the parts are one Table element and the
    heading rows repeated at the top of a later page are artifacts. A ``layout`` table (a
    picture beside its words) is no Table at all: what its cells hold is tagged by itself.
    """

    def __init__(self, header_rows: int = 0, header_columns: int = 0, layout: bool = False) -> None:
        self.header_rows, self.header_columns, self.layout = header_rows, header_columns, layout
        self.element: Element | None = None
        self._structure: Structure | None = None
        self._repeated = 0
        self._row: Element | None = None
        self._first_part = True

    def startTable(self, T: Table) -> None:
        structure = structure_of(T.canv)
        if structure is None or self.layout:
            return
        if self._structure is not structure:  # the first part, in this document
            self._structure, self.element = structure, None
        self._first_part = self.element is None
        if self.element is None:
            self.element = Element("Table")
            structure.place(self.element)
        self._repeated = 0 if self._first_part else T.repeatRows

    def startBG(self, T: Table) -> None:
        self._furniture(T, begin=True)

    def endBG(self, T: Table) -> None:
        self._furniture(T, begin=False)

    def startLines(self, T: Table) -> None:
        self._furniture(T, begin=True)

    def endLines(self, T: Table) -> None:
        self._furniture(T, begin=False)

    def _furniture(self, T: Table, begin: bool) -> None:
        structure = structure_of(T.canv)
        if structure is not None:
            structure.begin(T.canv) if begin else structure.end(T.canv)

    def startRow(self, T: Table, rowNo: int) -> None:
        if self.layout or self.element is None or structure_of(T.canv) is None:
            return
        self._row = None if rowNo < self._repeated else Element("TR", placed=True)
        if self._row is not None:
            self.element.kids.append(self._row)

    def startCell(self, T: Table, rowNo: int, colNo: int, *cell: Any) -> None:
        structure = structure_of(T.canv)
        if structure is None or self.layout:
            return
        if self._row is None:  # a heading repeated on a later page
            structure.begin(T.canv)
            return
        if self._first_part and rowNo < self.header_rows:
            element = Element("TH", attributes={"Scope": "Column"}, placed=True)
        elif colNo < self.header_columns:
            element = Element("TH", attributes={"Scope": "Row"}, placed=True)
        else:
            element = Element("TD", placed=True)
        self._row.kids.append(element)
        structure.begin(T.canv, element)

    def endCell(self, T: Table) -> None:
        structure = structure_of(T.canv)
        if structure is not None and not self.layout:
            structure.end(T.canv)

    def endRow(self, T: Table) -> None:
        pass

    def endTable(self, T: Table) -> None:
        pass


def finish(data: bytes, structure: Structure, title: str) -> bytes:
    """``data`` as ReportLab wrote it, with the structure tree, marking and bookmarks added."""
    document = pikepdf.open(BytesIO(data))
    pages = document.pages
    parents: dict[int, dict[int, pikepdf.Object]] = {}

    def make(element: Element, parent: pikepdf.Object) -> pikepdf.Object:
        made = document.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + element.role), P=parent))
        kids = Array()
        for kid in element.kids:
            if isinstance(kid, Element):
                kids.append(make(kid, made))
            else:
                page, mcid = kid
                kids.append(Dictionary(Type=Name.MCR, Pg=pages[page - 1].obj, MCID=mcid))
                parents.setdefault(page - 1, {})[mcid] = made
        made.K = kids
        if element.alt is not None:
            made.Alt = String(element.alt)
        if element.attributes:
            made.A = Dictionary({"/O": Name.Table, **{f"/{k}": Name("/" + v) for k, v in element.attributes.items()}})
        return made

    root = document.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    root.K = make(structure.document, root)
    nums = Array()
    for index in sorted(parents):
        marked = parents[index]
        nums.append(index)
        nums.append(document.make_indirect(Array([marked[mcid] for mcid in range(len(marked))])))
        pages[index].obj.StructParents = index
    root.ParentTree = document.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = len(pages)
    for page in pages:
        page.obj.Tabs = Name.S
    _drop_unused_fonts(document)
    document.Root.StructTreeRoot = root
    document.Root.MarkInfo = Dictionary(Marked=True)
    document.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    document.Root.Lang = String(structure.lang)
    with document.open_metadata(set_pikepdf_as_editor=False) as metadata:
        if "/Trapped" in document.docinfo:
            del document.docinfo["/Trapped"]  # no XMP equivalent; says nothing to a reader
        metadata.load_from_docinfo(document.docinfo)  # title, subject, author, as XMP too
        metadata["dc:language"] = [structure.lang]
    _bookmark_headings(document, structure)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _bookmark_headings(document: pikepdf.Pdf, structure: Structure) -> None:
    """Bookmarks from the headings, second-level ones under the first-level heading before them."""
    headings = [e for e in structure.document.kids if isinstance(e, Element) and e.role in HEADINGS]
    if len(headings) < 2:
        return
    with document.open_outline() as outline:
        top: pikepdf.OutlineItem | None = None
        for heading in headings:
            page = next(kid for kid in heading.kids if isinstance(kid, tuple))[0] - 1
            item = pikepdf.OutlineItem(heading.text or heading.role, page)
            if heading.role == "H1" or top is None:
                outline.root.append(item)
                top = item if heading.role == "H1" else top
            else:
                top.children.append(item)
        document.Root.PageMode = Name.UseOutlines


def _drop_unused_fonts(document: pikepdf.Pdf) -> None:
    """Fonts the pages list but never draw with (ReportLab's drawings name a Helvetica they do not
    use): a reader would be told of a font that is not embedded. The pages share one dictionary
    of fonts, so a font stays if any page draws with it."""
    used = {
        str(instruction.operands[0])
        for page in document.pages
        for instruction in pikepdf.parse_content_stream(page, "Tf")
    }
    for page in document.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for name in [str(n) for n in fonts.keys() if str(n) not in used]:  # noqa: SIM118 - a pikepdf Dictionary
            del fonts[name]
