/**
 * Every query key of the device side, in one place (issue 15 §1): each is scoped by the connection
 * (`['device', connectSeq, …]`, the session's `connectSeq`), so what one `connect()` fetched or was
 * pushed is never shown for the next, and the push bridge drops the old connection's keys.
 */
export const deviceKeys = {
  all: ['device'] as const,
  /** Everything of one connection. */
  connection: (connectSeq: number) => ['device', connectSeq] as const,
  /** Current shared attribute values: seeded by responses, patched by pushes (spec §6.2, §6.3). */
  sharedValues: (connectSeq: number) => ['device', connectSeq, 'attributes', 'shared'] as const,
  /** The answer to one attribute request (spec §6.2). */
  attributeRequest: (connectSeq: number, params: object) =>
    ['device', connectSeq, 'attributes', 'request', params] as const,
  /** The `fw_*`/`sw_*` shared attributes (spec §11). */
  otaAttributes: (connectSeq: number) => ['device', connectSeq, 'firmware', 'attributes'] as const,
};

/** One shared attribute as the console last saw it. */
export interface SharedValue {
  value: unknown;
  /** Unix ms of the push or response that brought it. */
  seenAt: number;
  source: 'push' | 'response';
}

export type SharedValues = Readonly<Record<string, SharedValue>>;
