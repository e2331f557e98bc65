import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { statCpuMs } from '../platform/proc-cpu.ts';

const MAIN = resolve(import.meta.dirname, '../main.ts');
const STARTUP_TIMEOUT_MS = 60_000;

/** Where a running broker listens, read back from its banner. */
export interface BrokerPorts {
  mqttPort: number;
  httpPort: number;
}

/**
 * One dev broker as users run it: `node --import tsx dev-broker/main.ts --no-demo` on a SQLite data
 * dir, in its own process, so that it can be killed with SIGKILL or stopped with SIGTERM and started
 * again on the same data dir (and the same ports). Its output is appended to `<dataDir>/broker.log`.
 */
export class BrokerProcess {
  #child: ChildProcess | null = null;
  #exited: Promise<number | null> = Promise.resolve(null);
  /** Set when this side ended the process (kill -9, SIGTERM, stop): any other exit is a crash. */
  #ended = false;
  ports: BrokerPorts = { mqttPort: 0, httpPort: 0 };
  readonly logFile: string;

  constructor(
    readonly dataDir: string,
    config: object,
    private readonly logLevel: 'info' | 'warn' = 'warn',
  ) {
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config));
    this.logFile = join(dataDir, 'broker.log');
  }

  get pid(): number {
    return this.#child?.pid ?? 0;
  }
  get running(): boolean {
    return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null;
  }
  get mqttUrl(): string {
    return `mqtt://127.0.0.1:${String(this.ports.mqttPort)}`;
  }
  get wsUrl(): string {
    return `ws://127.0.0.1:${String(this.ports.httpPort)}/mqtt`;
  }
  get httpUrl(): string {
    return `http://127.0.0.1:${String(this.ports.httpPort)}`;
  }
  /** The generated operator password (`<dataDir>/admin-password`). */
  get adminPassword(): string {
    return readFileSync(join(this.dataDir, 'admin-password'), 'utf8').trim();
  }

  /** The process ended without being asked to (a crash); its exit code or signal. */
  crash(): string | null {
    const child = this.#child;
    if (!child || this.#ended || this.running) return null;
    return child.signalCode ?? `exit code ${String(child.exitCode)}`;
  }

  /** Starts the broker (on the ports of the previous start, if any) and resolves after its banner. */
  async start(): Promise<void> {
    this.#ended = false;
    const args = ['--import', 'tsx', MAIN, '--no-demo', '--data-dir', this.dataDir];
    args.push('--config', join(this.dataDir, 'config.json'), '--log-level', this.logLevel);
    args.push(
      '--mqtt-port',
      String(this.ports.mqttPort),
      '--http-port',
      String(this.ports.httpPort),
    );
    const env = { ...process.env, IOTHUB_ADMIN_PASSWORD: '' };
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    const log = createWriteStream(this.logFile, { flags: 'a' });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    this.#exited = new Promise((done) => child.once('exit', (code) => done(code)));
    let banner = '';
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error('no banner within 60 s')), STARTUP_TIMEOUT_MS);
      child.stdout.on('data', (chunk: Buffer) => {
        if (banner.includes('Press Ctrl+C')) return;
        banner += chunk.toString();
        if (!banner.includes('Press Ctrl+C')) return;
        clearTimeout(timer);
        ready();
      });
      void this.#exited.then((code) => {
        clearTimeout(timer);
        fail(new Error(`broker exited with ${String(code)} while starting (see ${this.logFile})`));
      });
    });
    const port = (label: string) =>
      Number(new RegExp(`${label}:\\s+\\S+:(\\d+)`).exec(banner)?.[1]);
    this.ports = { mqttPort: port('MQTT over TCP'), httpPort: port('Console') };
  }

  /** SIGKILL: no shutdown code runs. Resolves once the process is gone. */
  async kill9(): Promise<void> {
    this.#ended = true;
    this.#child?.kill('SIGKILL');
    await this.#exited;
  }

  /** SIGTERM; resolves with the exit code and how long the shutdown took. */
  async sigterm(): Promise<{ code: number | null; ms: number }> {
    const started = performance.now();
    this.#ended = true;
    this.#child?.kill('SIGTERM');
    const code = await this.#exited;
    return { code, ms: performance.now() - started };
  }

  /** Resident set size in MiB (from /proc), or NaN when the process is gone. */
  rssMiB(): number {
    try {
      const status = readFileSync(`/proc/${String(this.pid)}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
    } catch {
      return Number.NaN;
    }
  }

  /** CPU seconds (user + system) the process has used so far, from /proc; NaN when it is gone. */
  /** CPU seconds of each of the broker's threads so far (the event loop, the storage worker, …). */
  threadCpuSeconds(): Map<string, number> {
    const threads = new Map<string, number>();
    try {
      for (const tid of readdirSync(`/proc/${String(this.pid)}/task`)) {
        const ms = statCpuMs(`/proc/${String(this.pid)}/task/${tid}/stat`);
        if (Number.isFinite(ms)) threads.set(tid, ms / 1000);
      }
    } catch {
      // no /proc: an empty map
    }
    return threads;
  }

  cpuSeconds(): number {
    try {
      const fields =
        readFileSync(`/proc/${String(this.pid)}/stat`, 'utf8')
          .split(') ')[1]
          ?.split(' ') ?? [];
      // fields 14 and 15 of stat (utime, stime) in clock ticks, counted after the ") " that ends the name
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return Number.NaN;
    }
  }

  /** Resolves with the exit code when the process ends (null: a signal). */
  exited(): Promise<number | null> {
    return this.#exited;
  }

  /** Stops the broker if it still runs (SIGTERM, then SIGKILL after 5 s). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.#ended = true;
    const timer = setTimeout(() => this.#child?.kill('SIGKILL'), 5000);
    this.#child?.kill('SIGTERM');
    await this.#exited;
    clearTimeout(timer);
  }
}
