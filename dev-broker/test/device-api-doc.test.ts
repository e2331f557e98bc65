import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { findCitations, problemOf, readOutline } from './support/spec-citations.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outline = readOutline(readFileSync(join(root, 'docs/device-api.md'), 'utf8'));
/** This file cites missing sections on purpose, to show that the check can fail. */
const SELF = 'dev-broker/test/device-api-doc.test.ts';

/** Tracked TypeScript and Markdown files (a fresh clone in CI has exactly these). */
function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--', '*.ts', '*.tsx', '*.md'], {
    cwd: root,
    encoding: 'utf8',
  });
  return out.split('\0').filter((path) => path !== '' && path !== SELF);
}

describe('docs/device-api.md (the "spec" that code and docs cite)', () => {
  it('keeps the numbering that citations rely on: §0–§14, their subsections, §14.1–17, examples 1–34', () => {
    const subsections = [
      '1.1',
      '1.2',
      '1.3',
      '1.4',
      '1.5',
      '2.1',
      '2.2',
      '2.3',
      '4.1',
      '6.1',
      '6.2',
    ];
    const expected = [
      ...Array.from({ length: 15 }, (_, n) => String(n)),
      ...subsections,
      '6.3',
      ...Array.from({ length: 17 }, (_, n) => `14.${String(n + 1)}`),
    ];
    expect([...outline.sections.keys()].sort()).toEqual(expected.sort());
    expect([...outline.examples]).toEqual(Array.from({ length: 34 }, (_, n) => n + 1));
  });

  it('resolves every spec citation in the tracked .ts, .tsx and .md files', () => {
    const problems: string[] = [];
    let sections = 0;
    let examples = 0;
    for (const path of trackedFiles()) {
      const text = readFileSync(join(root, path), 'utf8');
      for (const citation of findCitations(text)) {
        if (citation.ref.startsWith('example')) examples++;
        else sections++;
        const problem = problemOf(outline, citation);
        if (problem) problems.push(`${path}:${String(citation.line)}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
    // the scan really read the repository's citations (there are hundreds)
    expect(sections).toBeGreaterThan(400);
    expect(examples).toBeGreaterThan(30);
  });

  it('reports citations of sections, items, names and examples that the file does not have', () => {
    const text = [
      '// spec §15: no such section',
      '// spec §2.4 and §1.9',
      '// spec §1.2–1.7',
      "it('x (§14.18)')",
      '// spec §13 "Session inactivity", §13 "Coffee breaks"',
      "it('example 35: nothing')",
      '// style.md §27 is another document; so is style.md §1, §99',
    ].join('\n');
    const problems = findCitations(text)
      .map((c) => problemOf(outline, c))
      .filter((p) => p !== null);
    expect(problems).toEqual([
      '§15 does not exist',
      '§2.4 does not exist',
      '§1.9 does not exist',
      '§1.7 does not exist',
      '§14.18 does not exist',
      '§13 has no "Coffee breaks"',
      'worked example 35 does not exist',
    ]);
  });

  it('reads chains, ranges and names as the repository writes them', () => {
    const refs = (text: string) =>
      findCitations(text).map((c) => c.ref + (c.name ? ` ${c.name}` : ''));
    expect(refs('spec §1.2, §1.3, §1.5')).toEqual(['1.2', '1.3', '1.5']);
    expect(refs('spec §1.3–§1.5.')).toEqual(['1.3', '1.5']);
    expect(refs('spec §2-§7, §11')).toEqual(['2', '7', '11']);
    expect(refs('(spec §2.2 "Reply family")')).toEqual(['2.2 Reply family']);
    expect(refs("describe('outcomes (spec §10, examples 24-26)'")).toEqual([
      '10',
      'example 24',
      'example 26',
    ]);
    expect(refs('for example 5 devices, see style.md §1 and MQTT 5 §3.2.2.2')).toEqual([]);
  });
});
