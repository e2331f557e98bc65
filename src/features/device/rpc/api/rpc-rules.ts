/**
 * Auto-responder rules for server-side RPC (spec §7): the first enabled rule whose method pattern
 * matches decides the reply. Pure: no React, no session.
 */
import { readJsonInput } from '@/lib/json-input.ts';

/** Static JSON reply, the request's params echoed back, or never answering (the platform times out). */
export type RuleAction = 'static' | 'echo' | 'ignore';

export interface RpcRule {
  id: string;
  enabled: boolean;
  /** Exact method name, or a pattern with `*` for any run of characters (`*` alone: every method). */
  method: string;
  action: RuleAction;
  /** The reply of a `static` rule, as typed (JSON). */
  replyJson: string;
  /** Wait this long before replying, in ms. */
  delayMs: number;
}

export type RuleDecision =
  | { kind: 'none' }
  | { kind: 'reply'; rule: RpcRule; payload: string; delayMs: number }
  | { kind: 'ignore'; rule: RpcRule }
  | { kind: 'invalid'; rule: RpcRule; message: string };

export const RULE_ACTION_LABELS: Record<RuleAction, string> = {
  static: 'Reply with static JSON',
  echo: 'Echo the params',
  ignore: 'Never answer',
};

/** Whether `method` matches `pattern`: exact and case-sensitive, with `*` as a wildcard. */
export function methodMatches(pattern: string, method: string): boolean {
  const trimmed = pattern.trim();
  if (trimmed === '') return false;
  if (!trimmed.includes('*')) return trimmed === method;
  const parts = trimmed.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's').test(method);
}

/** The first enabled rule for `method`, if any. */
export function findRule(rules: readonly RpcRule[], method: string): RpcRule | undefined {
  return rules.find((rule) => rule.enabled && methodMatches(rule.method, method));
}

/** A rule's delay as a whole number of ms ≥ 0. */
export function ruleDelay(rule: RpcRule): number {
  return Number.isFinite(rule.delayMs) && rule.delayMs > 0 ? Math.floor(rule.delayMs) : 0;
}

/**
 * What the auto-responder does with a request. `paramsJson` is the request's params as JSON text
 * (`null` when it had none); an echo of a request without params replies `{}`.
 */
export function decideReply(
  rules: readonly RpcRule[],
  method: string,
  paramsJson: string | null,
): RuleDecision {
  const rule = findRule(rules, method);
  if (rule === undefined) return { kind: 'none' };
  switch (rule.action) {
    case 'ignore':
      return { kind: 'ignore', rule };
    case 'echo':
      return { kind: 'reply', rule, payload: paramsJson ?? '{}', delayMs: ruleDelay(rule) };
    case 'static': {
      const input = readJsonInput(rule.replyJson);
      if (!input.ok) return { kind: 'invalid', rule, message: input.message };
      const payload = input.empty ? '{}' : input.json;
      return { kind: 'reply', rule, payload, delayMs: ruleDelay(rule) };
    }
  }
}

/** Problems that make a rule useless, in plain words (shown beside the rule). */
export function ruleProblem(rule: RpcRule): string | null {
  if (rule.method.trim() === '') return 'Enter a method name (or * for every method).';
  if (rule.action === 'static') {
    const input = readJsonInput(rule.replyJson);
    if (!input.ok) return input.message;
  }
  return null;
}
