"""Runs bench/peer_duckdb.sql on one cases file: run_duckdb.py SQL CASES UNITMAP OUT FIRST_DAY AS_OF.

This process is what bench.py times for DuckDB (interpreter start and `import duckdb`
included, as Kaoping's own start-up is). DuckDB uses every core unless DUCKDB_THREADS is set.
"""
import os
import string
import sys

import duckdb


def main() -> None:
    sql_path, cases, unitmap, out, first_day, as_of = sys.argv[1:7]
    with open(sql_path, encoding="utf-8") as f:
        sql = string.Template(f.read()).substitute(
            cases=cases, unitmap=unitmap, out=out, first_day=first_day, as_of=as_of)
    con = duckdb.connect()
    if os.environ.get("DUCKDB_THREADS"):
        con.execute(f"SET threads = {int(os.environ['DUCKDB_THREADS'])}")
    con.execute(sql)


if __name__ == "__main__":
    main()
