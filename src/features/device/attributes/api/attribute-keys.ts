import type { Family } from '@/protocol/topics.ts';

/** What an attribute request asks for (spec §6.2). */
export interface AttributeRequestParams {
  mode: 'all' | 'client' | 'shared' | 'both';
  /** Comma-separated, sent as typed (the broker does not trim). */
  clientKeys: string;
  sharedKeys: string;
  family: Family;
}

/* The query keys are the device side's, scoped by the connection: src/domain/device/device-keys.ts. */
