"""Kaoping benchmark peer: the per-unit aggregation of one cases export, in Polars.

    peer_polars.py CASES UNITMAP OUT FIRST_DAY AS_OF

The same rules as bench/peer_duckdb.sql (read there why each filter is there): every cell
read as text and cast as SPEC §3 reads it, Kaoping's rejected and skipped rows dropped,
village service rooms rolled up into their township, then per unit: distinct case_ids
(cases_total), completed rows, and rows completed within statutory_days calendar days.
This process is what bench.py times for Polars (interpreter start and `import polars`
included). Polars uses every core unless POLARS_MAX_THREADS is set.
"""
import datetime as dt
import sys

import polars as pl

COLUMNS = ["case_id", "unit_code", "item_code", "item_name", "received_at", "status",
           "statutory_days", "promised_days", "completed_at", "channel", "immediate",
           "rating", "paused_days"]
EMPTY = ["", "-", "—", "/", "无"]
STATUS = ["已办结", "办结", "办理中", "在办", "不予受理", "退件", "挂起", "暂停",
          "completed", "in_progress", "rejected", "suspended"]
DONE = ["已办结", "办结", "completed"]
CHANNELS = ["窗口", "网上", "网办", "掌上", "移动端", "协同", "window", "online", "mobile", "collab"]
BOOLEANS = ["是", "否", "Y", "N", "yes", "no", "true", "false", "1", "0", "√", "×"]
STAMP = "%Y-%m-%d %H:%M:%S"


def main() -> None:
    cases, unitmap, out, first_day, as_of = sys.argv[1:6]
    first = dt.date.fromisoformat(first_day)
    last = dt.date.fromisoformat(as_of)
    units = pl.scan_csv(unitmap, infer_schema=False)
    raw = pl.scan_csv(cases, skip_rows=3, has_header=True, new_columns=COLUMNS,
                      infer_schema=False, null_values=EMPTY, quote_char='"')
    text = lambda name: pl.col(name).str.strip_chars()
    typed = raw.select(
        text("unit_code").alias("unit_code"),
        text("case_id").alias("case_id"),
        text("status").alias("status"),
        text("received_at").str.strptime(pl.Datetime, STAMP, strict=False).alias("received"),
        text("completed_at").str.strptime(pl.Datetime, STAMP, strict=False).alias("completed"),
        pl.col("completed_at").is_not_null().alias("has_completed"),
        text("statutory_days").cast(pl.Int32, strict=False).alias("statutory"),
        text("promised_days").cast(pl.Int32, strict=False).alias("promised"),
        pl.col("promised_days").is_not_null().alias("has_promised"),
        text("paused_days").cast(pl.Int32, strict=False).alias("paused"),
        pl.col("paused_days").is_not_null().alias("has_paused"),
        text("rating").cast(pl.Int32, strict=False).alias("rating"),
        pl.col("rating").is_not_null().alias("has_rating"),
        text("channel").alias("channel"),
        text("immediate").alias("immediate"),
    ).join(units, on="unit_code", how="inner")
    done = pl.col("status").is_in(DONE)
    valid = typed.filter(
        pl.col("case_id").is_not_null(),
        pl.col("received").is_not_null(),
        pl.col("status").is_in(STATUS),
        pl.col("statutory") >= 0,
        ~pl.col("has_promised") | (pl.col("promised") >= 0),
        ~pl.col("has_paused") | (pl.col("paused") >= 0),
        ~pl.col("has_rating") | pl.col("rating").is_between(1, 5),
        ~pl.col("has_completed") | pl.col("completed").is_not_null(),
        pl.col("channel").is_null() | pl.col("channel").is_in(CHANNELS),
        pl.col("immediate").is_null() | pl.col("immediate").is_in(BOOLEANS),
        ~(done & pl.col("completed").is_null()),
        ~(pl.col("completed").is_not_null() & (pl.col("completed") < pl.col("received"))),
        ~(pl.col("has_promised") & (pl.col("promised") > pl.col("statutory"))),
        pl.col("received").dt.date().is_between(first, last),
    )
    completed = done & (pl.col("completed").dt.date() <= last)
    elapsed = (pl.col("completed").dt.date() - pl.col("received").dt.date()).dt.total_days()
    on_time = completed & (elapsed - pl.col("paused").fill_null(0) <= pl.col("statutory"))
    result = (
        valid.group_by(pl.col("rollup_code").alias("unit_code"))
        .agg(pl.col("case_id").n_unique().alias("cases_total"),
             completed.sum().alias("completed"),
             on_time.sum().alias("on_time"))
        .sort("unit_code")
        .collect()
    )
    result.write_csv(out)


if __name__ == "__main__":
    main()
