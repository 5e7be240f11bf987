"""PostgreSQL's plans of what a page asks: each distinct SELECT of one request run again under
EXPLAIN (ANALYZE, BUFFERS), with the parameters the page sent (in a transaction rolled back; a
write is never run again here), to see which of them read a large table whole (a Seq Scan).

The main statement is the one PostgreSQL took longest to execute, so the choice does not hang on
the client's timing of statements that take a fraction of a millisecond.
The large tables are those that grow with the years of visit reports and with the inspections
(portal/monitoring_reports/models.py, portal/inspections/models.py).
"""

import re

from benchmarks.measure import Statement

LARGE_TABLES = ("monitoring_reports", "report_versions", "inspections")
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")
EXECUTION = re.compile(r"Execution Time: ([\d.]+) ms")
PLAN_LINES = 40


def plan(engine, statement: Statement, analyse: bool) -> list[str]:
    """The plan's lines; the statement runs in a transaction that is rolled back."""
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if analyse else "EXPLAIN "
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(prefix + statement.text, statement.parameters or None)
        return [row[0] for row in cursor.fetchall()]
    finally:
        connection.rollback()
        connection.close()


def seq_scanned(lines: list[str]) -> list[str]:
    """The large tables a plan reads whole (under ANALYZE, in the nodes that ran)."""
    ran = [line for line in lines if "(never executed)" not in line]
    found = {match.group(1) for line in ran for match in SEQ_SCAN.finditer(line)}
    return [table for table in LARGE_TABLES if table in found]


def short_name(sql: str) -> str:
    """``SELECT … FROM monitoring_reports JOIN settings ON …``: what a statement reads, in one line."""
    words = " ".join(sql.split())
    upper = words.upper()
    if " FROM " not in upper:
        return words[:90]
    rest = words[upper.index(" FROM ") + 1 :]
    ends = [rest.upper().find(key) for key in (" WHERE ", " GROUP BY ", " ORDER BY ", " LIMIT ")]
    tables = rest[: min([end for end in ends if end > 0], default=len(rest))]
    name = f"{words.split(' ', 1)[0].upper()} … {re.sub(r'[(][^()]*[)]', '(…)', tables)}"
    return name if len(name) <= 110 else name[:107] + "…"


def trimmed(lines: list[str]) -> list[str]:
    """The plan without its buffer lines, cut to its first PLAN_LINES nodes, times kept."""
    kept = [line for line in lines if "Buffers:" not in line and "I/O Timings" not in line]
    if len(kept) > PLAN_LINES:
        timing = [line for line in kept if line.startswith(("Planning Time", "Execution Time"))]
        kept = [*kept[:PLAN_LINES], f"… ({len(kept) - PLAN_LINES - len(timing)} more lines)", *timing]
    return kept


def explain_page(engine, statements: list[Statement]) -> dict:
    """The main statement's plan and time; which statements of the request read a large table whole."""
    reading = [s for s in statements if s.returns_rows and s.text.lstrip().upper().startswith(("SELECT", "WITH"))]
    if not reading:
        return {"statement": None}
    slowest: dict[str, Statement] = {}  # one of each: a statement sent once per row has one plan for every row
    for statement in reading:
        if statement.text not in slowest or statement.seconds > slowest[statement.text].seconds:
            slowest[statement.text] = statement
    analysed = []
    for statement in slowest.values():
        lines = plan(engine, statement, analyse=True)
        ms = next((float(m.group(1)) for line in lines if (m := EXECUTION.search(line))), 0.0)
        analysed.append((ms, statement, lines))
    ms, main, lines = max(analysed, key=lambda found: found[0])
    elsewhere = {table for _, other, found in analysed if other is not main for table in seq_scanned(found)}
    return {
        "statement": short_name(main.text),
        "rows": main.rows,
        "ms": ms,
        "statements": len(slowest),
        "seq_scans": seq_scanned(lines),
        "seq_scans_elsewhere": sorted(elsewhere),
        "plan": trimmed(lines),
    }
