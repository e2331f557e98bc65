import {
  faultRuleInput,
  type FaultKind,
  type FaultRuleDto,
  type FaultRuleInput,
} from '../../src/protocol/faults.ts';
import { describeParamIssues, toParamIssues } from '../../src/protocol/operator-api.ts';
import { HubError } from '../platform/errors.ts';
import type { EventsService } from '../platform/events-service.ts';

/** A stored rule of one kind. */
export type FaultRule<K extends FaultKind = FaultKind> = Extract<FaultRuleDto, { kind: K }>;

/** Who a fault would hit: a device session's device (operator and provision sessions never are). */
export interface FaultTarget {
  deviceId: string;
  deviceName: string;
  clientId?: string | null;
  topic?: string | null;
}

export interface FaultsDeps {
  events: EventsService;
  /** The name of the device `idOrName` names, or undefined when there is none. */
  deviceName: (idOrName: string) => string | undefined;
}

/**
 * The fault injection rules (ADR 0011): in memory, oldest first. The hooks ask `fire` at the moment
 * a fault could happen; a matching rule counts down, records a `fault_injected` event and is
 * returned, and the hook misbehaves accordingly.
 */
export class Faults {
  #rules: FaultRule[] = [];
  #nextId = 1;
  readonly #added = new Set<(rule: FaultRule) => void>();

  constructor(private readonly d: FaultsDeps) {}

  /** Adds a rule; returns its id (`f1`, `f2`, …). Throws INVALID_ARGUMENT or NOT_FOUND (device). */
  add(input: FaultRuleInput): string {
    const parsed = faultRuleInput.safeParse(input);
    if (!parsed.success) {
      const issues = toParamIssues(parsed.error);
      throw new HubError('INVALID_ARGUMENT', `invalid fault rule: ${describeParamIssues(issues)}`, {
        issues,
      });
    }
    const { device, count, ...action } = parsed.data;
    let name: string | null = null;
    if (device !== undefined) {
      name = this.d.deviceName(device) ?? null;
      if (name === null) throw new HubError('NOT_FOUND', `device ${device} was not found`);
    }
    const rule = {
      ...action,
      id: `f${String(this.#nextId++)}`,
      device: name,
      remaining: count ?? null,
      fired: 0,
      createdAt: Date.now(),
    } as FaultRule;
    this.#rules.push(rule);
    for (const listener of this.#added) listener(rule);
    return rule.id;
  }

  /** The rules still active, oldest first (copies). */
  list(): FaultRuleDto[] {
    return this.#rules.map((rule) => ({ ...rule }));
  }

  get(id: string): FaultRuleDto | undefined {
    const rule = this.#rules.find((r) => r.id === id);
    return rule && { ...rule };
  }

  /** Removes one rule; false when no rule has that id. */
  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.id !== id);
    return this.#rules.length < before;
  }

  /** Removes every rule; returns how many there were. */
  clear(): number {
    const n = this.#rules.length;
    this.#rules = [];
    return n;
  }

  /** Whether any rule of `kind` exists (a cheap check before building a target). */
  has(kind: FaultKind): boolean {
    return this.#rules.some((r) => r.kind === kind);
  }

  /**
   * Fires the oldest rule of `kind` for this device that `accept`s, if any: counts it down (removing it
   * at 0), records "injected: {what} for {device} (rule f3, 2 left)" and returns it.
   */
  fire<K extends FaultKind>(
    kind: K,
    target: FaultTarget,
    what: (rule: FaultRule<K>) => string,
    accept: (rule: FaultRule<K>) => boolean = () => true,
  ): FaultRule<K> | undefined {
    if (this.#rules.length === 0) return undefined;
    const rule = this.#rules.find(
      (r): r is FaultRule<K> =>
        r.kind === kind &&
        (r.device === null || r.device === target.deviceName) &&
        accept(r as FaultRule<K>),
    );
    if (!rule) return undefined;
    rule.fired++;
    if (rule.remaining !== null) {
      rule.remaining--;
      if (rule.remaining <= 0) this.remove(rule.id);
    }
    const left = rule.remaining === null ? 'until removed' : `${String(rule.remaining)} left`;
    this.d.events.record({
      kind: 'fault_injected',
      deviceId: target.deviceId,
      deviceName: target.deviceName,
      clientId: target.clientId ?? null,
      topic: target.topic ?? null,
      message: `injected: ${what(rule)} for ${target.deviceName} (rule ${rule.id}, ${left})`,
    });
    return { ...rule };
  }

  /** Called with every rule added (session.close acts at once); returns the unsubscribe function. */
  onAdded(listener: (rule: FaultRule) => void): () => void {
    this.#added.add(listener);
    return () => this.#added.delete(listener);
  }
}
