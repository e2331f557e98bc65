import { otaAttributeKeys, type OtaState } from '../../src/protocol/codecs/firmware.ts';

import { readPackage, readTarget, type FirmwareVersion } from './firmware-package.ts';
import {
  withDefaults,
  type FirmwareUpdaterOptions,
  type UpdaterSettings,
} from './firmware-updater-options.ts';
import { OtaStateReporter } from './ota-state-reporter.ts';

interface Job {
  readonly target: FirmwareVersion;
  readonly key: string;
  /** Stops the download (a new assignment, the connection gone). */
  readonly download: AbortController;
  timer: NodeJS.Timeout | null;
}

const notConnected = () => Promise.reject(new Error('not connected'));

/**
 * A device's OTA client, as real firmware does it (spec §11): it watches the `fw_*` (or `sw_*`) shared
 * attributes, downloads a new package with the device client (chunk by chunk on
 * `v2/fw/request/{reqId}/chunk/{n}`, checksummed as it comes), and reports `fw_state` DOWNLOADING →
 * DOWNLOADED → VERIFIED → UPDATING → UPDATED with `current_fw_title`/`current_fw_version`, or FAILED
 * with `fw_error`. A failed package is not tried again until a new assignment is pushed, so a refusal
 * (which also closes the connection) never loops.
 */
export class FirmwareUpdater {
  readonly #info = new Map<string, unknown>();
  readonly #reporter: OtaStateReporter;
  readonly o: UpdaterSettings;
  #current: FirmwareVersion | null;
  #job: Job | null = null;
  #pending: NodeJS.Timeout | null = null;
  #reqId = 0;
  #failed: string | null = null;

  constructor(options: FirmwareUpdaterOptions) {
    this.o = withDefaults(options);
    this.#current = options.current;
    const send = (payload: string) => this.o.device()?.sendTelemetry(payload) ?? notConnected();
    this.#reporter = new OtaStateReporter(send, options.kind);
  }

  /** The installed package. */
  get current(): FirmwareVersion | null {
    return this.#current;
  }

  /** The shared attributes to request on connect. */
  attributeKeys(): string[] {
    return otaAttributeKeys(this.o.kind);
  }

  /**
   * Shared attributes from a request's answer (`pushed` false: the whole current set) or a push (only
   * the keys written). A push of the package keys is a new assignment, so a failed one is tried again.
   */
  applyShared(values: Readonly<Record<string, unknown>>, pushed: boolean): void {
    const keys = this.attributeKeys().filter((key) => key in values);
    if (!pushed) this.#info.clear();
    else if (keys.length === 0) return;
    for (const key of keys) this.#info.set(key, values[key]);
    if (pushed) this.#failed = null;
    this.#consider();
  }

  /** A `{"deleted":[…]}` push: an unassigned package stops its download. */
  applyDeleted(keys: readonly string[]): void {
    for (const key of keys) this.#info.delete(key);
    if (readTarget(this.#info, this.o.kind) === undefined) this.#stop();
  }

  /** The connection is gone: drop the download (its reqId belonged to that session). */
  abort(): void {
    this.#stop();
  }

  #consider(): void {
    const target = readTarget(this.#info, this.o.kind);
    if (!target) return;
    if (this.#current?.title === target.title && this.#current.version === target.version) return;
    const key = `${target.title}@${target.version}`;
    if (this.#job?.key === key || this.#failed === key) return;
    this.#stop();
    this.#pending = setTimeout(() => {
      this.#pending = null;
      this.#start(target, key);
    }, this.o.startDelayMs);
    this.#pending.unref();
  }

  #start(target: FirmwareVersion, key: string): void {
    const device = this.o.device();
    if (device === null) return;
    const pkg = readPackage(this.#info, this.o.kind, this.o.maxBytes);
    const job: Job = { target, key, download: new AbortController(), timer: null };
    this.#job = job;
    if (!pkg.ok) {
      this.#fail(job, pkg.problem);
      return;
    }
    const what = `${this.o.kind} ${target.title} ${target.version} (${String(pkg.size)} bytes)`;
    this.o.log.info(`demo ${this.o.label}: downloading ${what}`);
    this.#report(job, 'DOWNLOADING');
    device
      .downloadFirmware({
        ota: this.o.kind,
        requestId: ++this.#reqId,
        size: pkg.size,
        checksum: pkg.checksum,
        checksumAlgorithm: pkg.algorithm,
        chunkSize: this.o.chunkSize,
        chunkTimeoutMs: this.o.chunkTimeoutMs,
        keepBytes: false,
        verify: false,
        signal: job.download.signal,
      })
      .then(
        ({ problem }) => {
          if (this.#job === job) this.#install(job, problem);
        },
        (error: unknown) => {
          if (this.#job === job) this.#fail(job, (error as Error).message);
        },
      );
  }

  #install(job: Job, problem: string | null): void {
    this.#report(job, 'DOWNLOADED');
    if (problem !== null) {
      this.#fail(job, problem);
      return;
    }
    this.#report(job, 'VERIFIED');
    this.#report(job, 'UPDATING');
    job.timer = setTimeout(() => {
      job.timer = null;
      this.#current = job.target;
      const { title, version } = job.target;
      this.#report(job, 'UPDATED', {
        [this.#reporter.keys.currentTitle]: title,
        [this.#reporter.keys.currentVersion]: version,
      });
      this.#job = null;
      this.o.log.info(`demo ${this.o.label}: ${this.o.kind} ${title} ${version} installed`);
      this.o.onUpdated?.(job.target);
    }, this.o.installMs);
    job.timer.unref();
  }

  #fail(job: Job, error: string): void {
    if (job.timer) clearTimeout(job.timer);
    job.timer = null;
    this.#failed = job.key;
    this.#report(job, 'FAILED', { [this.#reporter.keys.error]: error });
    if (this.#job === job) this.#job = null;
    const { title, version } = job.target;
    this.o.log.info(`demo ${this.o.label}: ${this.o.kind} ${title} ${version} failed: ${error}`);
  }

  #report(job: Job, state: OtaState, extra: Record<string, string> = {}): void {
    if (this.#job === job) this.#reporter.report(state, extra);
  }

  #stop(): void {
    if (this.#pending) clearTimeout(this.#pending);
    this.#pending = null;
    const job = this.#job;
    this.#job = null;
    if (job?.timer) clearTimeout(job.timer);
    job?.download.abort();
  }
}
