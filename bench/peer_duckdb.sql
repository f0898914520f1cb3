-- Kaoping benchmark peer: the per-unit aggregation of one cases export, in DuckDB.
-- bench/run_duckdb.py fills in ${cases}, ${unitmap}, ${out}, ${first_day}, ${as_of}.
--
-- The same work Kaoping does on this file: read and type every cell of every row (all
-- columns as text, then each cast the way SPEC §3 reads it), drop the rows Kaoping rejects or
-- skips, roll village service rooms up into their township, count per unit.
--   unknown_unit        the join with the registry (unit_code -> township or itself)
--   missing_value, bad_date, bad_number, bad_status, bad_channel, bad_boolean, bad_rating
--                       a required cell that is empty or a marker, a cell whose cast fails
--   missing_completed_at, completed_before_received, promised_exceeds_statutory
--   out_of_period       received_at before the period's first day or after as-of
--   duplicate, conflicting_duplicate
--                       cases_total counts distinct case_ids (Kaoping keeps one row per id)
-- completed and on_time count rows (duplicate rows of an id included, about 0.1%), and
-- on_time is a simple calendar-day rule (completed_at - received_at - paused_days <=
-- statutory_days), not Kaoping's working days: they are work, not a check.
-- Cells are trimmed as Kaoping trims them: with trim() where the value is compared as text;
-- DuckDB's casts and strptime skip surrounding spaces themselves (trim() there cost ~4 s of
-- 11 at 10M rows for nothing).
-- Rows above the header (title, export time, blank) are skipped by `skip`; blank lines, the
-- 合计 row and the footer name no unit and fall out at the join.
COPY (
    WITH raw AS (
        SELECT * FROM read_csv('${cases}',
            skip = 3, header = true, delim = ',', quote = '"', escape = '"',
            all_varchar = true, nullstr = ['', '-', '—', '/', '无'],
            names = ['case_id', 'unit_code', 'item_code', 'item_name', 'received_at', 'status',
                     'statutory_days', 'promised_days', 'completed_at', 'channel', 'immediate',
                     'rating', 'paused_days'])
    ),
    units AS (
        SELECT * FROM read_csv('${unitmap}', header = true, all_varchar = true)
    ),
    typed AS (
        SELECT u.rollup_code AS unit_code,
               trim(r.case_id) AS case_id,
               trim(r.status) AS status,
               try_strptime(r.received_at, '%Y-%m-%d %H:%M:%S') AS received,
               try_strptime(r.completed_at, '%Y-%m-%d %H:%M:%S') AS completed,
               r.completed_at IS NOT NULL AS has_completed,
               try_cast(r.statutory_days AS INTEGER) AS statutory,
               try_cast(r.promised_days AS INTEGER) AS promised,
               r.promised_days IS NOT NULL AS has_promised,
               try_cast(r.paused_days AS INTEGER) AS paused,
               r.paused_days IS NOT NULL AS has_paused,
               try_cast(r.rating AS INTEGER) AS rating,
               r.rating IS NOT NULL AS has_rating,
               trim(r.channel) AS channel,
               trim(r.immediate) AS immediate
        FROM raw r JOIN units u ON u.unit_code = trim(r.unit_code)
    ),
    valid AS (
        SELECT * FROM typed
        WHERE case_id IS NOT NULL
          AND received IS NOT NULL
          AND status IN ('已办结', '办结', '办理中', '在办', '不予受理', '退件', '挂起', '暂停',
                         'completed', 'in_progress', 'rejected', 'suspended')
          AND statutory >= 0
          AND (NOT has_promised OR promised >= 0)
          AND (NOT has_paused OR paused >= 0)
          AND (NOT has_rating OR rating BETWEEN 1 AND 5)
          AND (NOT has_completed OR completed IS NOT NULL)
          AND (channel IS NULL OR channel IN ('窗口', '网上', '网办', '掌上', '移动端', '协同',
                                             'window', 'online', 'mobile', 'collab'))
          AND (immediate IS NULL OR immediate IN ('是', '否', 'Y', 'N', 'yes', 'no', 'true', 'false',
                                                 '1', '0', '√', '×'))
          AND NOT (status IN ('已办结', '办结', 'completed') AND completed IS NULL)
          AND NOT (completed IS NOT NULL AND completed < received)
          AND NOT (has_promised AND promised > statutory)
          AND CAST(received AS DATE) BETWEEN DATE '${first_day}' AND DATE '${as_of}'
    )
    SELECT unit_code,
           count(DISTINCT case_id) AS cases_total,
           count(*) FILTER (WHERE status IN ('已办结', '办结', 'completed')
                            AND CAST(completed AS DATE) <= DATE '${as_of}') AS completed,
           count(*) FILTER (WHERE status IN ('已办结', '办结', 'completed')
                            AND CAST(completed AS DATE) <= DATE '${as_of}'
                            AND date_diff('day', CAST(received AS DATE), CAST(completed AS DATE))
                                - coalesce(paused, 0) <= statutory) AS on_time
    FROM valid
    GROUP BY unit_code
    ORDER BY unit_code
) TO '${out}' (HEADER, DELIMITER ',');
