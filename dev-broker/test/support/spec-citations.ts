/**
 * Reads the outline of docs/device-api.md (the "spec") and finds the citations of it in other text, so
 * that a test can prove every `spec §N` in the repository names something the file really has.
 */

/** What can be cited: numbered sections (`2.3`), items of §14 (`14.16`) and worked examples. */
export interface SpecOutline {
  /** Section number → the text of that section (subsections included), or of that §14 item. */
  sections: Map<string, string>;
  examples: Set<number>;
}

/** One place that cites the spec. `ref` is a section number, or `example N`. */
export interface Citation {
  ref: string;
  /** A quoted name after the number (`§13 "Session inactivity"`), which the section must contain. */
  name?: string;
  line: number;
}

const SECTION_HEADING = /^(#{2,3}) (\d+(?:\.\d+)?)\.? /;
const ITEM = /^(\d+)\. /;

/** Sections by their `##`/`###` headings; §14's numbered items as `14.N`; the worked examples' numbers. */
export function readOutline(doc: string): SpecOutline {
  const sections = new Map<string, string>();
  const examples = new Set<number>();
  const open: { ref: string; level: number; lines: string[] }[] = [];
  const close = (level: number) => {
    while ((open.at(-1)?.level ?? 0) >= level) {
      const done = open.pop();
      if (done) sections.set(done.ref, done.lines.join('\n'));
    }
  };
  let area: 'sections' | 'differences' | 'examples' = 'sections';
  let item: { ref: string; lines: string[] } | null = null;
  for (const line of doc.split('\n')) {
    const heading = /^(#{1,6}) /.exec(line);
    const level = heading?.[1]?.length ?? 0;
    if (heading) close(level);
    for (const section of open) section.lines.push(line);
    const numbered = SECTION_HEADING.exec(line);
    if (numbered?.[2] !== undefined) {
      open.push({ ref: numbered[2], level, lines: [line] });
      area = numbered[2] === '14' ? 'differences' : 'sections';
    } else if (level === 2) area = /^## Worked examples/.test(line) ? 'examples' : 'sections';
    const numberedItem = ITEM.exec(line);
    if (area === 'examples' && numberedItem) examples.add(Number(numberedItem[1]));
    if (area !== 'differences') continue;
    // §14's items, each with its continuation lines, are citable as 14.N
    if (numberedItem) item = { ref: `14.${numberedItem[1] ?? ''}`, lines: [] };
    else if (!line.startsWith(' ')) item = null;
    if (item) {
      item.lines.push(line);
      sections.set(item.ref, item.lines.join('\n'));
    }
  }
  close(1);
  return { sections, examples };
}

/** `§N`, optionally followed by a range end without its own `§` (`§1.2–1.5`) and a quoted name. */
const SECTION_REF = /§\s?(\d+(?:\.\d+)*)(?:\s?[–-]\s?(\d+(?:\.\d+)*))?(?:\s"([^"\n]+)")?/g;
/** What may stand between two `§` of one citation: `§1.2, §1.3`, `§2-§7`, `§5 / §6.1`, `§6.1 and §6.2`. */
const CONNECTOR = /^\s*(?:[,/–-]|,?\s*and|or)\s*$/;
/**
 * A `§` right after the name of another document (`style.md §1`, `MQTT 5 §3.2.2.2`, `RFC 8259 §6`) starts a
 * chain that is not a spec citation.
 */
const OTHER_DOCUMENT =
  /(?:\b(?!device-api\.md)[\w-]+\.md|\bMQTT(?: v?\d+(?:\.\d+)*)?|\bRFC ?\d+)\s*$/;
/**
 * "example 12:", "(example 5)", "examples 24-26" — a spec example; "for example 5 devices" is not, so
 * the number must be followed by punctuation, a range or the end of the text.
 */
const EXAMPLE_REF =
  /\bexamples? (\d+)((?:\s?[-–,]\s?\d+| and \d+)*)(?=$|\s*[:),;'"(]|\s(?:and|\())/gm;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Every section and example of the spec that `text` cites. */
export function findCitations(text: string): Citation[] {
  const out: Citation[] = [];
  let previousEnd = -1;
  let inSpecChain = false;
  for (const match of text.matchAll(SECTION_REF)) {
    const start = match.index;
    const joined = previousEnd >= 0 && CONNECTOR.test(text.slice(previousEnd, start));
    if (!joined) inSpecChain = !OTHER_DOCUMENT.test(text.slice(Math.max(0, start - 40), start));
    previousEnd = start + match[0].length;
    if (!inSpecChain) continue;
    const line = lineOf(text, start);
    const [, ref, rangeEnd, name] = match;
    if (ref !== undefined) out.push({ ref, line, ...(name === undefined ? {} : { name }) });
    if (rangeEnd !== undefined) out.push({ ref: rangeEnd, line });
  }
  for (const match of text.matchAll(EXAMPLE_REF)) {
    const line = lineOf(text, match.index);
    const numbers = [match[1], ...(match[2]?.match(/\d+/g) ?? [])];
    for (const n of numbers) if (n !== undefined) out.push({ ref: `example ${n}`, line });
  }
  return out;
}

/** Why a citation does not resolve, or null when it does. */
export function problemOf(outline: SpecOutline, citation: Citation): string | null {
  const example = /^example (\d+)$/.exec(citation.ref);
  if (example) {
    return outline.examples.has(Number(example[1]))
      ? null
      : `worked example ${example[1] ?? ''} does not exist`;
  }
  const body = outline.sections.get(citation.ref);
  if (body === undefined) return `§${citation.ref} does not exist`;
  if (citation.name !== undefined && !body.toLowerCase().includes(citation.name.toLowerCase()))
    return `§${citation.ref} has no "${citation.name}"`;
  return null;
}
