/**
 * Fault injection rules of the dev broker (docs/adr/0011-fault-injection.md, docs/operator-api.md
 * `faults.*`). NOT part of the ThingsBoard device API: they make the dev broker misbehave on purpose.
 */
import { z } from 'zod';

import { int, text } from './operator-param-fields.ts';

export const FAULT_KINDS = [
  'puback.drop',
  'puback.delay',
  'connect.refuse',
  'session.close',
  'downlink.drop',
  'downlink.delay',
  'downlink.duplicate',
  'ota.corrupt',
  'ota.truncate',
  'ota.slow',
  'ota.error',
  'storage.fail',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Which broker → device messages a downlink rule hits. */
export const DOWNLINK_WHICH = ['any', 'rpc', 'attributes', 'attributeResponse'] as const;
export type DownlinkWhich = (typeof DOWNLINK_WHICH)[number];

/** The error texts of the OTA error topic (device API spec §11). */
export const OTA_FAULT_CODES = ['FAILURE', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE'] as const;
export type OtaFaultCode = (typeof OTA_FAULT_CODES)[number];

/** CONNACK refusal codes: MQTT 3.1.1 return codes 1–5 and MQTT 5 failure reason codes. */
export const CONNACK_V3_CODES = [1, 2, 3, 4, 5] as const;
export const CONNACK_V5_CODES = [
  0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8c, 0x90, 0x95, 0x97, 0x99,
  0x9a, 0x9b, 0x9c, 0x9d, 0x9f,
] as const;
const CONNACK_CODES: ReadonlySet<number> = new Set([...CONNACK_V3_CODES, ...CONNACK_V5_CODES]);

/** MQTT 3.1.1 return code ↔ MQTT 5 reason code (as aedes maps them); other v5 codes → 3 (unavailable). */
const V3_TO_V5: Readonly<Record<number, number>> = { 1: 0x84, 2: 0x85, 3: 0x88, 4: 0x86, 5: 0x87 };
const V5_TO_V3: Readonly<Record<number, number>> = { 0x84: 1, 0x85: 2, 0x88: 3, 0x86: 4, 0x87: 5 };

/** The CONNACK code a client of `protocolVersion` gets for a rule's `code`. */
export function connackCodeFor(code: number, protocolVersion: number): number {
  if (protocolVersion === 5) return code <= 5 ? (V3_TO_V5[code] ?? 0x80) : code;
  return code <= 5 ? code : (V5_TO_V3[code] ?? 3);
}

const hex = (n: number) => `0x${n.toString(16).padStart(2, '0').toUpperCase()}`;

const ms = int('ms')
  .min(1, 'ms must be at least 1')
  .max(600_000, 'ms must be at most 600000 (10 minutes)');
const common = {
  /** A device name; left out: every device. */
  device: text('device').optional(),
  /** How many times the rule fires before it is removed; left out: until removed. */
  count: int('count').min(1, 'count must be at least 1').optional(),
};
const which = z
  .enum(DOWNLINK_WHICH, { error: `which must be one of ${DOWNLINK_WHICH.join(', ')}` })
  .default('any');
const code = int('code').refine((c) => CONNACK_CODES.has(c), {
  message: 'code must be an MQTT 3.1.1 return code 1–5 or an MQTT 5 CONNACK reason code 0x80–0x9F',
});
const otaCode = z.enum(OTA_FAULT_CODES, {
  error: `code must be one of ${OTA_FAULT_CODES.join(', ')}`,
});
const rule = <K extends FaultKind, S extends z.ZodRawShape>(kind: K, shape: S) =>
  z.strictObject({ kind: z.literal(kind), ...common, ...shape });

/** `faults.add` params: the kind, the target, the count and the kind's own parameters. */
export const faultRuleInput = z.discriminatedUnion(
  'kind',
  [
    rule('puback.drop', {}),
    rule('puback.delay', { ms }),
    rule('connect.refuse', { code }),
    rule('session.close', {}),
    rule('downlink.drop', { which }),
    rule('downlink.delay', { which, ms }),
    rule('downlink.duplicate', { which }),
    rule('ota.corrupt', {}),
    rule('ota.truncate', {}),
    rule('ota.slow', { ms }),
    rule('ota.error', { code: otaCode.default('FAILURE') }),
    rule('storage.fail', {}),
  ],
  { error: `kind must be one of ${FAULT_KINDS.join(', ')}` },
);
export type FaultRuleInput = z.input<typeof faultRuleInput>;
export type FaultRuleSpec = z.output<typeof faultRuleInput>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A rule's kind and the kind's own parameters. */
export type FaultAction = DistributiveOmit<FaultRuleSpec, 'device' | 'count'>;

/** A rule as listed: its kind and parameters, plus id, target and what is left. */
export type FaultRuleDto = FaultAction & {
  id: string;
  /** The device name, or null for every device. */
  device: string | null;
  /** Firings left; null: until removed. */
  remaining: number | null;
  /** Firings so far. */
  fired: number;
  createdAt: number;
};

/** What a rule does, in plain words. */
export function describeAction(rule: FaultAction): string {
  const msgs = (w: DownlinkWhich) =>
    ({
      any: 'broker → device messages',
      rpc: 'RPC requests',
      attributes: 'attribute pushes',
      attributeResponse: 'attribute responses',
    })[w];
  switch (rule.kind) {
    case 'puback.drop':
      return 'drop the PUBACK of publishes (the data is still stored)';
    case 'puback.delay':
      return `delay the PUBACK of publishes by ${String(rule.ms)} ms`;
    case 'connect.refuse':
      return `refuse CONNECT with code ${rule.code <= 5 ? String(rule.code) : hex(rule.code)}`;
    case 'session.close':
      return 'close the session';
    case 'downlink.drop':
      return `drop ${msgs(rule.which)}`;
    case 'downlink.delay':
      return `delay ${msgs(rule.which)} by ${String(rule.ms)} ms`;
    case 'downlink.duplicate':
      return `send ${msgs(rule.which)} twice`;
    case 'ota.corrupt':
      return 'corrupt firmware chunks (flip bytes)';
    case 'ota.truncate':
      return 'truncate firmware chunks to half';
    case 'ota.slow':
      return `serve firmware chunks ${String(rule.ms)} ms late`;
    case 'ota.error':
      return `answer firmware chunk requests with error ${rule.code}`;
    case 'storage.fail':
      return 'fail the next storage write';
  }
}

/** "drop the PUBACK of publishes (the data is still stored) — thermostat-1, 2 more times" */
export function describeFault(rule: FaultRuleDto): string {
  const left = rule.remaining;
  const times =
    left === null ? 'until removed' : left === 1 ? '1 more time' : `${String(left)} more times`;
  return `${describeAction(rule)} — ${rule.device ?? 'every device'}, ${times}`;
}
