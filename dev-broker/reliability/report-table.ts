/** One line of the final table. */
export interface Row {
  name: string;
  passed: boolean;
  figures: string[];
  failures: string[];
  seconds: number;
}

const WRAP = 90;

/** Splits figures into lines of at most WRAP characters, joined by "; ". */
function wrap(parts: string[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    const next = line === '' ? part : `${line}; ${part}`;
    if (next.length > WRAP && line !== '') {
      lines.push(line);
      line = part;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** Prints `scenario | result | time | key figures` (failures under the figures). */
export function printTable(rows: Row[]): void {
  const nameWidth = Math.max(8, ...rows.map((r) => r.name.length));
  const head = `${'scenario'.padEnd(nameWidth)} | result | time   | key figures`;
  const out = ['', head, '-'.repeat(head.length + WRAP - 11)];
  for (const row of rows) {
    const failures = row.failures.map((f) => `FAILED: ${f.split('\n')[0] ?? ''}`);
    wrap([...row.figures, ...failures]).forEach((text, i) => {
      const left =
        i === 0
          ? `${row.name.padEnd(nameWidth)} | ${(row.passed ? 'pass' : 'FAIL').padEnd(6)} | ${`${row.seconds.toFixed(0)} s`.padEnd(6)}`
          : `${''.padEnd(nameWidth)} | ${''.padEnd(6)} | ${''.padEnd(6)}`;
      out.push(`${left} | ${text}`);
    });
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
