import { describe, expect, it } from 'vitest';

import { decideReply, findRule, methodMatches, ruleProblem } from './rpc-rules.ts';
import type { RpcRule } from './rpc-rules.ts';

const rule = (over: Partial<RpcRule>): RpcRule => ({
  id: over.method ?? 'r',
  enabled: true,
  method: 'setGpio',
  action: 'static',
  replyJson: '{"ok":true}',
  delayMs: 0,
  ...over,
});

describe('methodMatches', () => {
  it('matches exactly and case-sensitively', () => {
    expect(methodMatches('setGpio', 'setGpio')).toBe(true);
    expect(methodMatches('setGpio', 'setgpio')).toBe(false);
    expect(methodMatches(' setGpio ', 'setGpio')).toBe(true);
    expect(methodMatches('', 'setGpio')).toBe(false);
  });

  it('treats * as any run of characters and nothing else as special', () => {
    expect(methodMatches('*', 'anything')).toBe(true);
    expect(methodMatches('get*', 'getTemperature')).toBe(true);
    expect(methodMatches('get*', 'setTemperature')).toBe(false);
    expect(methodMatches('a.b', 'aXb')).toBe(false);
    expect(methodMatches('a.*', 'a.b')).toBe(true);
    expect(methodMatches('(x)*', '(x)y')).toBe(true);
  });
});

describe('rule matching', () => {
  it('takes the first enabled rule that matches', () => {
    const rules = [
      rule({ id: 'off', method: '*', enabled: false }),
      rule({ id: 'exact', method: 'reboot' }),
      rule({ id: 'all', method: '*' }),
    ];
    expect(findRule(rules, 'reboot')?.id).toBe('exact');
    expect(findRule(rules, 'other')?.id).toBe('all');
    expect(findRule([], 'reboot')).toBeUndefined();
  });

  it('replies static JSON with the delay, compacting lenient JSON to strict', () => {
    expect(
      decideReply([rule({ replyJson: ' {"ok": true} ', delayMs: 250 })], 'setGpio', null),
    ).toMatchObject({
      kind: 'reply',
      payload: '{"ok": true}',
      delayMs: 250,
    });
    expect(decideReply([rule({ replyJson: '{ok: yes}' })], 'setGpio', null)).toMatchObject({
      kind: 'reply',
      payload: '{"ok":"yes"}',
    });
  });

  it('echoes the params, or {} when the request had none', () => {
    const echo = [rule({ action: 'echo' })];
    expect(decideReply(echo, 'setGpio', '{"pin":4,"value":1}')).toMatchObject({
      kind: 'reply',
      payload: '{"pin":4,"value":1}',
    });
    expect(decideReply(echo, 'setGpio', null)).toMatchObject({ kind: 'reply', payload: '{}' });
  });

  it('never answers, answers nothing without a rule, and reports a broken static reply', () => {
    expect(decideReply([rule({ action: 'ignore' })], 'setGpio', null).kind).toBe('ignore');
    expect(decideReply([rule({})], 'other', null).kind).toBe('none');
    const broken = decideReply([rule({ replyJson: '{"a":}' })], 'setGpio', null);
    expect(broken.kind).toBe('invalid');
  });

  it('treats a negative or fractional delay sensibly', () => {
    expect(decideReply([rule({ delayMs: -5 })], 'setGpio', null)).toMatchObject({ delayMs: 0 });
    expect(decideReply([rule({ delayMs: 12.7 })], 'setGpio', null)).toMatchObject({ delayMs: 12 });
  });

  it('explains useless rules', () => {
    expect(ruleProblem(rule({ method: ' ' }))).toMatch(/Enter a method name/);
    expect(ruleProblem(rule({ replyJson: '[1,' }))).toMatch(/^Not valid JSON/);
    expect(ruleProblem(rule({ action: 'echo', replyJson: '[1,' }))).toBeNull();
  });
});
