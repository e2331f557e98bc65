/**
 * Params and results of the operator API's fault injection methods (docs/operator-api.md `faults.*`,
 * ADR 0011), merged into `operatorParamSchemas` and `OperatorResults`. NOT part of the ThingsBoard
 * device API.
 */
import { z } from 'zod';

import { faultRuleInput, type FaultRuleDto } from './faults.ts';
import { empty, text } from './operator-param-fields.ts';

export const faultParamSchemas = {
  'faults.add': faultRuleInput,
  'faults.list': empty,
  'faults.remove': z.strictObject({ id: text('id') }),
  'faults.clear': empty,
} as const;

export interface FaultResults {
  /** The rule as stored (with its id). */
  'faults.add': FaultRuleDto;
  /** The active rules, oldest first. */
  'faults.list': FaultRuleDto[];
  'faults.remove': { id: string; removed: true };
  /** How many rules there were. */
  'faults.clear': { removed: number };
}
