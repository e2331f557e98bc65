import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { ChildMessage, LoadResult, LoadSpec, ParentMessage } from './load-protocol.ts';

const CHILD = fileURLToPath(new URL('./load-child.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs one load in a fresh child process (MQTT.js publishers there, the broker here) and resolves
 * with its result; `onStarted` runs when the clients are connected and warm-up begins. Bounded: the
 * child is killed if it has not answered a few seconds after the longest the run can take. Aborting
 * `stop` ends the measured interval early (the result then covers warm-up end → stop).
 */
export function runLoadInChild(
  spec: LoadSpec,
  onStarted: () => void = () => undefined,
  stop?: AbortSignal,
): Promise<LoadResult> {
  const child = fork(CHILD, [], {
    cwd: REPO_ROOT,
    // Only the TypeScript loader: a --cpu-prof of the bench profiles the broker, not the clients.
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const limitMs =
    spec.connectTimeoutMs + spec.warmupMs + spec.durationMs + spec.drainTimeoutMs + 15_000;
  const askToStop = (): void => {
    if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
  };
  return new Promise<LoadResult>((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | null, result?: LoadResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error || !result) reject(error ?? new Error('the load process sent no result'));
      else resolve(result);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(new Error(`the load process did not finish within ${String(limitMs)} ms`));
    }, limitMs);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'started') onStarted();
      else if (message.type === 'result') settle(null, message.result);
      else settle(new Error(`load process: ${message.message}`));
    });
    child.once('error', (error) => {
      settle(error);
    });
    child.once('exit', (code, signal) => {
      settle(
        new Error(
          `the load process exited (code ${String(code)}, signal ${String(signal)}) without a result`,
        ),
      );
    });
    stop?.addEventListener('abort', askToStop, { once: true });
    child.send(spec satisfies ParentMessage);
  }).finally(() => {
    stop?.removeEventListener('abort', askToStop);
  });
}
