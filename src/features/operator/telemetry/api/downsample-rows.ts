/** A chart row: a timestamp and one value per plotted key. */
export type ChartRow = Record<string, number> & { ts: number };

/**
 * At most about `maxRows` rows for the chart: rows fall into equal time buckets (aligned to the
 * epoch, so they stay put as the live tail slides) and the newest row of each bucket is kept.
 * A line chart a few hundred pixels wide shows no more, and drawing stays cheap.
 */
export function downsampleRows(rows: readonly ChartRow[], maxRows: number): readonly ChartRow[] {
  const first = rows[0];
  const last = rows.at(-1);
  if (rows.length <= maxRows || first === undefined || last === undefined) return rows;
  const bucketMs = Math.max(1, Math.ceil((last.ts - first.ts + 1) / maxRows));
  const kept: ChartRow[] = [];
  let bucket: number | null = null;
  for (const row of rows) {
    const b = Math.floor(row.ts / bucketMs);
    if (b === bucket) kept[kept.length - 1] = { ...kept[kept.length - 1], ...row };
    else kept.push(row);
    bucket = b;
  }
  return kept;
}
