import type {
  DOWNLINK_WHICH,
  OTA_FAULT_CODES,
  FaultKind,
  FaultRuleInput,
} from '@protocol/faults.ts';
import { faultRuleInput } from '@protocol/faults.ts';

/** What the Faults form holds: text as typed. */
export interface FaultFormValues {
  kind: FaultKind;
  /** A device name; '' for every device. */
  device: string;
  /** '' for until removed. */
  count: string;
  ms: string;
  code: string;
  which: (typeof DOWNLINK_WHICH)[number];
  otaCode: (typeof OTA_FAULT_CODES)[number];
}

export const EMPTY_FAULT_FORM: FaultFormValues = {
  kind: 'puback.drop',
  device: '',
  count: '1',
  ms: '2000',
  code: '0x87',
  which: 'any',
  otaCode: 'FAILURE',
};

/** The parameters each kind asks for in the form. */
export const KIND_FIELDS: Record<FaultKind, readonly ('ms' | 'code' | 'which' | 'otaCode')[]> = {
  'puback.drop': [],
  'puback.delay': ['ms'],
  'connect.refuse': ['code'],
  'session.close': [],
  'downlink.drop': ['which'],
  'downlink.delay': ['which', 'ms'],
  'downlink.duplicate': ['which'],
  'ota.corrupt': [],
  'ota.truncate': [],
  'ota.slow': ['ms'],
  'ota.error': ['otaCode'],
  'storage.fail': [],
};

export type FaultFormProblems = Partial<Record<'count' | 'ms' | 'code' | 'form', string>>;

const wholeNumber = (text: string): number | undefined =>
  /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;

/** `0x87`, `135` or `5` → the number; undefined when it is neither hex nor decimal. */
const codeNumber = (text: string): number | undefined => {
  const t = text.trim();
  if (/^0x[0-9a-f]{1,2}$/i.test(t)) return Number.parseInt(t, 16);
  return wholeNumber(t);
};

/** The rule to send, or what to fix (in plain words, per field). */
export function faultRuleOf(
  values: FaultFormValues,
): { ok: true; rule: FaultRuleInput } | { ok: false; problems: FaultFormProblems } {
  const problems: FaultFormProblems = {};
  const fields = KIND_FIELDS[values.kind];
  const count = values.count.trim() === '' ? undefined : wholeNumber(values.count);
  if (values.count.trim() !== '' && (count === undefined || count < 1))
    problems.count =
      'Give a whole number of times (1 or more), or leave it empty for until removed.';
  const ms = wholeNumber(values.ms);
  if (fields.includes('ms') && (ms === undefined || ms < 1 || ms > 600_000))
    problems.ms = 'Give a delay in milliseconds, from 1 to 600000.';
  const code = codeNumber(values.code);
  if (fields.includes('code') && code === undefined)
    problems.code = 'Give a CONNACK code: 1–5 for MQTT 3.1.1 or a reason code such as 0x87.';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const rule = {
    kind: values.kind,
    ...(values.device === '' ? {} : { device: values.device }),
    ...(count === undefined ? {} : { count }),
    ...(fields.includes('ms') ? { ms } : {}),
    ...(fields.includes('code') ? { code } : {}),
    ...(fields.includes('otaCode') ? { code: values.otaCode } : {}),
    ...(fields.includes('which') ? { which: values.which } : {}),
  };
  // the protocol's own schema has the last word (e.g. a code that is no CONNACK refusal)
  const parsed = faultRuleInput.safeParse(rule);
  if (!parsed.success)
    return { ok: false, problems: { form: parsed.error.issues.map((i) => i.message).join('; ') } };
  return { ok: true, rule: rule as FaultRuleInput };
}
