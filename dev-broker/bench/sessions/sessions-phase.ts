/**
 * The `sessions` phase (issue 13): N authenticated device sessions held open at once, vanilla aedes
 * 2.0.0-beta.1 (any username) against the dev broker with N configured devices, in the same run.
 * Each broker runs alone in a child process (its RSS is its own; the per-process file limit holds N
 * sockets on each side) and the raw-socket load generator in another. Reported per broker: connect
 * rate, RSS after start and at the peak, and KB per session; then the hub/aedes ratios.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

import type { HubStorage } from '../bench-options.ts';
import { round } from '../stats.ts';

import type {
  BrokerChildMessage,
  ConnectChildMessage,
  ConnectResult,
  TargetName,
} from './sessions-protocol.ts';

const BROKER_CHILD = fileURLToPath(new URL('./session-broker-child.ts', import.meta.url));
const CONNECT_CHILD = fileURLToPath(new URL('./connect-child.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export const SESSIONS_GOALS = { rateRatio: 0.9, rssRatio: 1.5 } as const;

export interface SessionsOptions {
  /** Sessions held open at once (and devices configured on the dev broker). */
  sessions: number;
  /** CONNECTs waiting for their CONNACK at once. */
  window: number;
  storage: HubStorage;
}

export interface TargetSessions extends ConnectResult {
  baseRssMB: number;
  peakRssMB: number;
  /** (peak RSS − RSS after start) / connected sessions. */
  perSessionKB: number;
}

export interface SessionsResult {
  sessions: number;
  window: number;
  storage: HubStorage;
  loadAvg: number[];
  aedes: TargetSessions;
  hub: TargetSessions;
  /** hub connect rate / aedes connect rate (goal ≥ 0.9). */
  rateRatio: number;
  /** hub peak RSS / aedes peak RSS (goal ≤ 1.5). */
  rssRatio: number;
  goals: { statement: string; measured: number; met: boolean }[];
}

const MB = 1024 * 1024;

/** `BENCH_SESSIONS_CPU_PROF=DIR`: each child writes a V8 CPU profile of its run into DIR. */
function cpuProfileFlags(): string[] {
  const dir = process.env.BENCH_SESSIONS_CPU_PROF;
  return dir ? ['--cpu-prof', '--cpu-prof-dir', dir] : [];
}

function start(path: string, args: string[]): ChildProcess {
  return fork(path, args, {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx', '--expose-gc', ...cpuProfileFlags()],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The next message of `child` that `pick` accepts; rejects on an error message, exit or timeout. */
type ChildMessage = BrokerChildMessage | ConnectChildMessage;

function next<T>(
  child: ChildProcess,
  what: string,
  pick: (message: ChildMessage) => T | undefined,
  timeoutMs: number,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what}: no answer within ${String(timeoutMs)} ms`));
    }, timeoutMs);
    const onMessage = (message: ChildMessage): void => {
      if (message.type === 'error') {
        cleanup();
        reject(new Error(`${what}: ${message.message}`));
        return;
      }
      const value = pick(message);
      if (value === undefined) return;
      cleanup();
      resolve(value);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`${what}: the process exited (code ${String(code)})`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });

async function measureTarget(name: TargetName, o: SessionsOptions): Promise<TargetSessions> {
  const broker = start(BROKER_CHILD, [name, String(o.sessions), o.storage]);
  const connector = start(CONNECT_CHILD, []);
  try {
    const ready = await next(
      broker,
      `${name} broker`,
      (m) => (m.type === 'ready' ? m : undefined),
      120_000,
    );
    const timeoutMs = 120_000;
    connector.send({
      type: 'go',
      port: ready.port,
      usernames: ready.usernames,
      window: o.window,
      timeoutMs,
    });
    const result = await next(
      connector,
      `${name} load`,
      (m) => (m.type === 'result' ? m.result : undefined),
      timeoutMs + 30_000,
    );
    broker.send({ type: 'measure' });
    const memory = await next(
      broker,
      `${name} broker`,
      (m) => (m.type === 'memory' ? m : undefined),
      30_000,
    );
    return {
      ...result,
      elapsedMs: round(result.elapsedMs, 1),
      perSecond: round(result.perSecond, 0),
      baseRssMB: round(ready.baseRssBytes / MB, 1),
      peakRssMB: round(memory.peakRssBytes / MB, 1),
      perSessionKB:
        result.connected > 0
          ? round((memory.peakRssBytes - ready.baseRssBytes) / 1024 / result.connected, 2)
          : Number.NaN,
    };
  } finally {
    // the broker goes first: its side of each connection closes first, so the load generator's
    // ephemeral ports are not held in TIME_WAIT for the next target
    if (broker.connected) broker.send({ type: 'stop' });
    else broker.kill('SIGKILL');
    await exited(broker);
    if (connector.connected) connector.send({ type: 'stop' });
    else connector.kill('SIGKILL');
    await exited(connector);
  }
}

export async function runSessionsBench(o: SessionsOptions): Promise<SessionsResult> {
  const loadAvg = os.loadavg().map((l) => round(l, 2));
  const aedes = await measureTarget('aedes', o);
  const hub = await measureTarget('hub', o);
  const rateRatio = round(hub.perSecond / aedes.perSecond, 3);
  const rssRatio = round(hub.peakRssMB / aedes.peakRssMB, 3);
  return {
    sessions: o.sessions,
    window: o.window,
    storage: o.storage,
    loadAvg,
    aedes,
    hub,
    rateRatio,
    rssRatio,
    goals: [
      {
        statement: `connect rate hub/aedes >= ${String(SESSIONS_GOALS.rateRatio)}`,
        measured: rateRatio,
        met: rateRatio >= SESSIONS_GOALS.rateRatio && hub.failed === 0,
      },
      {
        statement: `peak RSS hub/aedes <= ${String(SESSIONS_GOALS.rssRatio)}`,
        measured: rssRatio,
        met: rssRatio <= SESSIONS_GOALS.rssRatio && hub.failed === 0,
      },
    ],
  };
}

export function formatSessions(r: SessionsResult): string[] {
  const row = (name: string, t: TargetSessions): string =>
    `  ${name.padEnd(6)} ${String(t.connected).padStart(6)} ok ${String(t.failed).padStart(5)} failed` +
    `  ${String(t.perSecond).padStart(6)} /s  RSS ${String(t.baseRssMB).padStart(6)} → ${String(t.peakRssMB).padStart(6)} MB` +
    `  ${String(t.perSessionKB).padStart(6)} KB/session${t.firstFailure ? `  (first failure: ${t.firstFailure})` : ''}`;
  return [
    `Sessions: ${String(r.sessions)} device sessions held open (${String(r.window)} CONNECTs in flight, dev broker on ${r.storage}); load average ${r.loadAvg.join(' ')}`,
    row('aedes', r.aedes),
    row('hub', r.hub),
    ...r.goals.map(
      (g) => `  ${g.met ? 'met    ' : 'NOT met'} ${g.statement}: ${String(g.measured)}`,
    ),
  ];
}
