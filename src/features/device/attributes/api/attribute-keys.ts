import type { Family } from '@/protocol/topics.ts';

/** What an attribute request asks for (spec §6.2). */
export interface AttributeRequestParams {
  mode: 'all' | 'client' | 'shared' | 'both';
  /** Comma-separated, sent as typed (the broker does not trim). */
  clientKeys: string;
  sharedKeys: string;
  family: Family;
}

/** Query keys of the attributes feature (style.md habit 5: one key factory per feature). */
export const attributeKeys = {
  all: ['attributes'] as const,
  /** The answer to one attribute request. */
  request: (params: AttributeRequestParams) => ['attributes', 'request', params] as const,
  /** Current shared attribute values: seeded by responses, patched by pushes. */
  shared: () => ['attributes', 'shared'] as const,
};

/** One shared attribute as the console last saw it. */
export interface SharedValue {
  value: unknown;
  /** Unix ms of the push or response that brought it. */
  seenAt: number;
  source: 'push' | 'response';
}

export type SharedValues = Readonly<Record<string, SharedValue>>;
