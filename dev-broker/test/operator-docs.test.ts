import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  OPERATOR_METHODS,
  operatorRequestSchema,
  operatorResponseSchema,
} from '../../src/protocol/operator-api.ts';

const doc = readFileSync(new URL('../../docs/operator-api.md', import.meta.url), 'utf8');
const jsonBlocks = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => m[1] ?? '');

describe('docs/operator-api.md', () => {
  it('documents every method with a request and a response example', () => {
    for (const method of OPERATOR_METHODS) {
      const section = doc.split(`### \`${method}\``)[1]?.split('\n### ')[0] ?? '';
      expect(section, method).not.toBe('');
      const examples = [...section.matchAll(/```json\n([\s\S]*?)\n```/g)].map(
        (m) => JSON.parse(m[1] ?? '') as unknown,
      );
      expect(
        examples.some(
          (e) =>
            operatorRequestSchema.safeParse(e).success &&
            (e as { method: string }).method === method,
        ),
        method,
      ).toBe(true);
      expect(
        examples.some((e) => operatorResponseSchema.safeParse(e).success),
        method,
      ).toBe(true);
    }
  });

  it('has only valid JSON in its examples', () => {
    expect(jsonBlocks.length).toBeGreaterThan(OPERATOR_METHODS.length * 2);
    for (const block of jsonBlocks)
      expect(() => JSON.parse(block) as unknown, block.slice(0, 80)).not.toThrow();
  });
});
