/**
 * The character-level reader behind `parseLenientJson` (spec §4.1). Internal to the protocol folder: it throws
 * `JsonSyntaxError`, which `parseLenientJson` turns into a `Result`.
 */
import type { JsonNode } from './lenient-json.ts';

/** Containers nested deeper than this are refused instead of risking a stack overflow. */
export const MAX_JSON_DEPTH = 256;

/** The strict JSON number grammar (RFC 8259). An unquoted token "reads as a number" only when it matches this. */
const NUMBER_LITERAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);

/** A parse failure; its message is the parser-style text shown to users and recorded in events (spec §4). */
export class JsonSyntaxError extends Error {}

/** JSON whitespace, the only characters skipped between tokens. */
function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/**
 * Characters that end an unquoted token (spec §4.1), as a table over ASCII codes. Form feed also ends one but is not
 * skipped as whitespace, like the reference reader, so it then fails as an unexpected character.
 */
const TOKEN_END = new Uint8Array(128);
for (const c of ' \t\n\r\f{}[]:,;=#/\\') TOKEN_END[c.charCodeAt(0)] = 1;

function endsToken(c: string | undefined): boolean {
  return c === undefined || TOKEN_END[c.charCodeAt(0)] === 1;
}

function describeChar(text: string, pos: number): string {
  const code = text.codePointAt(pos) ?? 0;
  if (code < 0x20 || code === 0x7f) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${String.fromCodePoint(code)}'`;
}

/**
 * A single-pass recursive-descent reader over one payload: linear time, recursion bounded by MAX_JSON_DEPTH.
 * Call `parseDocument` once; afterwards `lenient` tells whether any non-strict feature was used.
 */
export class LenientParser {
  private pos = 0;
  /** Set once any non-strict feature is used. */
  lenient = false;

  constructor(private readonly text: string) {}

  parseDocument(): JsonNode {
    this.skipBlank();
    if (this.pos >= this.text.length) {
      // spec §4.1: an empty payload parses as null (never valid strict JSON).
      this.lenient = true;
      return { type: 'null' };
    }
    const value = this.parseValue(0);
    this.skipBlank();
    if (this.pos < this.text.length) throw this.unexpected('end of input');
    return value;
  }

  private unexpected(expected: string): JsonSyntaxError {
    const found = this.pos >= this.text.length ? 'end of input' : describeChar(this.text, this.pos);
    return new JsonSyntaxError(
      `Unexpected ${found} at position ${String(this.pos)}: expected ${expected}`,
    );
  }

  /** Skips whitespace and comments (`//` and `#` to end of line, `/* *\/`). */
  private skipBlank(): void {
    const text = this.text;
    for (;;) {
      const c = text[this.pos];
      if (isBlank(c)) {
        this.pos++;
      } else if (c === '#' || (c === '/' && text[this.pos + 1] === '/')) {
        this.lenient = true;
        while (this.pos < text.length && text[this.pos] !== '\n' && text[this.pos] !== '\r')
          this.pos++;
      } else if (c === '/' && text[this.pos + 1] === '*') {
        this.lenient = true;
        const end = text.indexOf('*/', this.pos + 2);
        if (end < 0)
          throw new JsonSyntaxError(
            `Unterminated comment starting at position ${String(this.pos)}`,
          );
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  private parseValue(depth: number): JsonNode {
    const c = this.text[this.pos];
    if (c === '{') return this.parseObject(depth + 1);
    if (c === '[') return this.parseArray(depth + 1);
    if (c === '"' || c === "'") return { type: 'string', value: this.readQuoted(c) };
    if (endsToken(c)) throw this.unexpected('a value');
    const token = this.readToken();
    if (NUMBER_LITERAL.test(token)) return { type: 'number', raw: token };
    if (token === 'true' || token === 'false') return { type: 'boolean', value: token === 'true' };
    if (token === 'null') return { type: 'null' };
    this.lenient = true;
    return { type: 'string', value: token };
  }

  private enter(depth: number): void {
    if (depth > MAX_JSON_DEPTH) {
      throw new JsonSyntaxError(
        `Nesting deeper than ${String(MAX_JSON_DEPTH)} levels at position ${String(this.pos)}`,
      );
    }
    this.pos++;
    this.skipBlank();
  }

  private parseObject(depth: number): JsonNode {
    this.enter(depth);
    const entries: [string, JsonNode][] = [];
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { type: 'object', entries };
    }
    for (;;) {
      const name = this.parseName();
      this.skipBlank();
      this.parseNameSeparator();
      this.skipBlank();
      entries.push([name, this.parseValue(depth)]);
      this.skipBlank();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return { type: 'object', entries };
      }
      this.parseMemberSeparator("',' or '}'");
      this.skipBlank();
    }
  }

  private parseArray(depth: number): JsonNode {
    this.enter(depth);
    const items: JsonNode[] = [];
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { type: 'array', items };
    }
    for (;;) {
      items.push(this.parseValue(depth));
      this.skipBlank();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return { type: 'array', items };
      }
      this.parseMemberSeparator("',' or ']'");
      this.skipBlank();
    }
  }

  private parseName(): string {
    const c = this.text[this.pos];
    if (c === '"' || c === "'") return this.readQuoted(c);
    if (endsToken(c)) throw this.unexpected('a name');
    this.lenient = true;
    return this.readToken();
  }

  /** `:`, or `=` / `=>` (spec §4.1). */
  private parseNameSeparator(): void {
    const c = this.text[this.pos];
    if (c === ':') {
      this.pos++;
    } else if (c === '=') {
      this.lenient = true;
      this.pos += this.text[this.pos + 1] === '>' ? 2 : 1;
    } else {
      throw this.unexpected("':'");
    }
  }

  /** `,`, or `;` (spec §4.1). */
  private parseMemberSeparator(expected: string): void {
    const c = this.text[this.pos];
    if (c !== ',' && c !== ';') throw this.unexpected(expected);
    if (c === ';') this.lenient = true;
    this.pos++;
  }

  private readToken(): string {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    for (; pos < text.length; pos++) {
      const code = text.charCodeAt(pos);
      if (code < 128 && TOKEN_END[code] === 1) break;
    }
    this.pos = pos;
    return text.slice(start, pos);
  }

  /** Reads a `"…"` or `'…'` string with JSON escapes (plus `\'` and an escaped line break, both lenient). */
  private readQuoted(quote: string): string {
    const text = this.text;
    const start = this.pos;
    if (quote === "'") this.lenient = true;
    const parts: string[] = [];
    let run = ++this.pos;
    for (;;) {
      const c = text[this.pos];
      if (c === undefined)
        throw new JsonSyntaxError(`Unterminated string starting at position ${String(start)}`);
      if (c === quote) {
        parts.push(text.slice(run, this.pos++));
        return parts.join('');
      }
      if (c === '\\') {
        parts.push(text.slice(run, this.pos));
        parts.push(this.readEscape());
        run = this.pos;
      } else {
        // Raw control characters are not strict JSON, but the reference reader accepts them.
        if (c < ' ') this.lenient = true;
        this.pos++;
      }
    }
  }

  private readEscape(): string {
    const at = this.pos;
    const c = this.text[at + 1];
    this.pos += 2;
    const simple = c === undefined ? undefined : SIMPLE_ESCAPES.get(c);
    if (simple !== undefined) return simple;
    if (c === "'" || c === '\n') {
      this.lenient = true;
      return c;
    }
    if (c === 'u') {
      const hex = this.text.slice(at + 2, at + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      throw new JsonSyntaxError(`Invalid unicode escape at position ${String(at)}`);
    }
    if (c === undefined)
      throw new JsonSyntaxError(
        `Unexpected end of input at position ${String(at + 1)}: expected an escape`,
      );
    throw new JsonSyntaxError(
      `Invalid escape ${describeChar(this.text, at + 1)} at position ${String(at)}`,
    );
  }
}
