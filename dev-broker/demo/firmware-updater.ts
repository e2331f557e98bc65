import {
  encodeChunkSize,
  otaAttributeKeys,
  type OtaState,
} from '../../src/protocol/codecs/firmware.ts';
import { filterMatches, outboundTopic, responseFilter } from '../../src/protocol/topics.ts';

import {
  ChunkDownload,
  readPackage,
  readTarget,
  type FirmwareVersion,
} from './firmware-package.ts';
import {
  withDefaults,
  type FirmwareUpdaterOptions,
  type UpdaterSettings,
} from './firmware-updater-options.ts';
import { OtaStateReporter } from './ota-state-reporter.ts';

interface Job {
  readonly target: FirmwareVersion;
  readonly key: string;
  readonly download: ChunkDownload | null;
  timer: NodeJS.Timeout | null;
}

/**
 * A device's OTA client, as real firmware does it (spec §11): it watches the `fw_*` (or `sw_*`) shared
 * attributes, downloads a new package chunk by chunk on `v2/fw/request/{reqId}/chunk/{n}`, verifies
 * the checksum, and reports `fw_state` DOWNLOADING → DOWNLOADED → VERIFIED → UPDATING → UPDATED with
 * `current_fw_title`/`current_fw_version`, or FAILED with `fw_error`. A failed package is not tried
 * again until a new assignment is pushed, so a refusal (which also closes the connection) never loops.
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
    this.#reporter = new OtaStateReporter(options.io, options.kind);
  }

  /** The installed package. */
  get current(): FirmwareVersion | null {
    return this.#current;
  }

  /** Topic filters the device subscribes to for OTA (spec §3). */
  filters(): string[] {
    return [responseFilter.otaChunks(this.o.kind), outboundTopic.otaError(this.o.kind)];
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

  /** Handles an OTA message; false when the topic is not this updater's. */
  handle(topic: string, payload: Buffer): boolean {
    const job = this.#job;
    if (topic === outboundTopic.otaError(this.o.kind)) {
      if (job) this.#fail(job, `the broker refused the chunk request: ${payload.toString('utf8')}`);
      return true;
    }
    if (!filterMatches(responseFilter.otaChunks(this.o.kind), topic)) return false;
    const d = job?.download;
    if (job && d && topic === outboundTopic.otaChunk(this.o.kind, d.reqId, d.next)) {
      if (job.timer) clearTimeout(job.timer);
      job.timer = null;
      const step = d.accept(payload);
      if (step === 'more') this.#request(job, d);
      else if (step === 'done') this.#install(job, d);
      else this.#fail(job, `received more than ${String(d.size)} bytes`);
    }
    return true;
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
    const pkg = readPackage(this.#info, this.o.kind, this.o.maxBytes);
    const download = pkg.ok ? new ChunkDownload(++this.#reqId, pkg, this.o.chunkSize) : null;
    const job: Job = { target, key, download, timer: null };
    this.#job = job;
    if (!pkg.ok || !download) {
      this.#fail(job, pkg.ok ? 'no download' : pkg.problem);
      return;
    }
    const what = `${this.o.kind} ${target.title} ${target.version} (${String(pkg.size)} bytes)`;
    this.o.log.info(`demo ${this.o.label}: downloading ${what}`);
    this.#report(job, 'DOWNLOADING');
    if (pkg.size === 0) this.#install(job, download);
    else this.#request(job, download);
  }

  #request(job: Job, d: ChunkDownload): void {
    const timeout = this.o.chunkTimeoutMs;
    job.timer = setTimeout(() => {
      this.#fail(job, `no answer to chunk ${String(d.next)} in ${String(timeout)} ms`);
    }, timeout);
    job.timer.unref();
    const topic = outboundTopic.otaRequest(this.o.kind, d.reqId, d.next);
    this.o.io.publish(topic, encodeChunkSize(this.o.chunkSize)).catch(() => {
      // the connection dropped: abort() ends the job
    });
  }

  #install(job: Job, d: ChunkDownload): void {
    this.#report(job, 'DOWNLOADED');
    const problem = d.verify();
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
    if (this.#job?.timer) clearTimeout(this.#job.timer);
    this.#job = null;
  }
}
