"""What a careless, hostile or unlucky browser can post: values, dates and files.

Every strategy is small to draw (huge strings are one character repeated), so an example stays
within Hypothesis's budget while still reaching length limits.
"""

import io

from hypothesis import strategies as st

from tests.files import docx_bytes, pdf_bytes

BLANKS = st.sampled_from(["", " ", "   ", "\t", "\r\n", "\n\n\n", "\u00a0", "\u2003", "\u200b"])
CONTROLS = st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=8)
NUL = st.sampled_from(["\x00", "a\x00b", "\x00" * 5, "text\x00"])
EXOTIC = st.sampled_from(
    [
        "😀",
        "👩‍👧‍👦 family",
        "\u202eevil\u202c",
        "مرحبا بالعالم",
        "שלום",
        "Z̴̡̨a̷l̶g̵o̸",
        "\ufeffbom",
        "\ud7ff\ue000",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "{{ 7*7 }}",
        "%s%n",
        "../../etc/passwd",
        "NaN",
        "Infinity",
        "-0",
        "1e309",
        "0x1F",
    ]
)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.sampled_from(["0", "-1", "2147483648", "9223372036854775808", "-9223372036854775809", "1.5", "١٢", "²"]),
)
HUGE = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["a", "é", "😀", "word ", "\n"]),
    st.sampled_from([256, 5_001, 10_001, 100_001]),
)
DATES = st.sampled_from(
    [
        "2026-02-31",
        "31/02/2026",
        "0000-00-00",
        "99999999999999999999-01-01",
        "2026-13-01",
        "T10:00",
        "2026-11-18T25:61",
        "yesterday",
    ]
)
VALUE = st.one_of(BLANKS, CONTROLS, NUL, EXOTIC, NUMBERS, HUGE, DATES, st.text(max_size=40))

DAYS = st.sampled_from(["31", "30", "29", "0", "-1", "32", "", " 1 ", "1.5", "٣"])
MONTHS = st.sampled_from(["2", "13", "0", "-2", "", "02", "Feb"])
YEARS = st.sampled_from(["0", "0000", "1", "999", "2026", "1999", "2100", "99999999999999999999", "-2026", ""])
DATE_PARTS = st.one_of(
    st.tuples(DAYS, MONTHS, YEARS).map(list), st.lists(st.one_of(DAYS, YEARS, VALUE), min_size=0, max_size=5)
)

VALID_PDF = pdf_bytes("Fuzzed")
FILE_CONTENTS = st.one_of(
    st.just(b""),
    st.binary(max_size=300),
    st.just(VALID_PDF),
    st.just(docx_bytes()),
    st.just(docx_bytes(macros=True)),
    st.binary(max_size=200).map(lambda junk: b"%PDF-1.4\n" + junk + b"\n%%EOF"),
    st.binary(max_size=200).map(lambda junk: b"PK\x03\x04" + junk),
    st.just(VALID_PDF[: len(VALID_PDF) // 2]),
)
FILE_NAMES = st.one_of(
    st.sampled_from(
        [
            "report.pdf",
            "report.PDF",
            "report.exe",
            "report.pdf.exe",
            "",
            " ",
            "../../etc/passwd.pdf",
            "C:\\x\\report.pdf",
            "résumé 😀.pdf",
            "a" * 300 + ".pdf",
            "noextension",
            ".pdf",
            "report.docx",
            "report.odt",
            "report.xlsx",
            "report.mp3",
            "photo.jpg",
            "report\x00.pdf",
            "con.pdf",
        ]
    ),
    st.text(max_size=20),
)
FILES = st.builds(lambda data, name: (io.BytesIO(data), name), FILE_CONTENTS, FILE_NAMES)


def value_for(options: list[str]):
    """A value for a field whose page offers ``options`` (radios, checkboxes, selects): often a real one."""
    if options:
        return st.one_of(st.sampled_from(options), st.sampled_from(options), VALUE)
    return VALUE


def values_for(field) -> st.SearchStrategy:
    """The list of values posted under one field name (repeated keys included)."""
    if field.kind == "file":
        return st.lists(FILES, min_size=0, max_size=3)
    if field.count == 3 and field.kind == "text":  # a GOV.UK date: day, month and year under one name
        return DATE_PARTS
    return st.lists(value_for(field.options), min_size=0, max_size=3)


EXTRA_KEYS = st.dictionaries(
    st.one_of(
        st.text(min_size=1, max_size=12),
        st.sampled_from(
            ["id", "user_id", "provider_id", "status", "reference", "submitted_at", "role", "next", "__proto__"]
        ),
    ),
    st.lists(VALUE, min_size=1, max_size=2),
    max_size=3,
)
