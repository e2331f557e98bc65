import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

import { BrokerProcess } from './broker-process.ts';

/** What every scenario gets from the runner. */
export interface ScenarioContext {
  /** `--quick` (CI) or the full run. */
  quick: boolean;
  /** Progress for the person watching (stderr). */
  note(message: string): void;
  /** Starts a dev broker process on a fresh data dir; the runner stops it and checks it did not crash. */
  startBroker(config?: object, logLevel?: 'info' | 'warn'): Promise<BrokerProcess>;
}

/** One scenario's verdict: the figures for the table, and every failed check. */
export interface ScenarioResult {
  figures: string[];
  failures: string[];
}

export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<ScenarioResult>;
}

/** Collects figures and failed checks while a scenario runs. */
export class Verdict implements ScenarioResult {
  readonly figures: string[] = [];
  readonly failures: string[] = [];

  figure(text: string): void {
    this.figures.push(text);
  }

  /** Records `message` as a failure unless `ok`. */
  check(ok: boolean, message: string): boolean {
    if (!ok) this.failures.push(message);
    return ok;
  }
}

/** A data dir under `root`, and the brokers started on it, for the runner to clean up. */
export function brokerFactory(root: string, started: BrokerProcess[]) {
  return async (
    config: object = {},
    logLevel: 'info' | 'warn' = 'warn',
  ): Promise<BrokerProcess> => {
    const broker = new BrokerProcess(mkdtempSync(join(root, 'broker-')), config, logLevel);
    started.push(broker);
    await broker.start();
    return broker;
  };
}

/** `count` devices named `<prefix>-<n>` with the access token of the same name (config file form). */
export function deviceDecls(prefix: string, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const name = `${prefix}-${String(i)}`;
    return { name, credentials: { type: 'ACCESS_TOKEN', token: name } };
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The 1-minute load average and whether the machine is too busy for timing goals to mean anything. */
export function machineLoad(): { loadavg: number; cores: number; overloaded: boolean } {
  const loadavg = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  const cores = availableParallelism();
  return { loadavg, cores, overloaded: loadavg > 2 * cores };
}
