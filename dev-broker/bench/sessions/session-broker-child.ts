/**
 * One broker of the sessions phase, alone in this process so its RSS is its own: vanilla aedes (any
 * username accepted) or the dev broker with N configured devices. Sends `ready` with the port, the
 * usernames to connect with and the RSS after start (after a GC); samples RSS every 50 ms and sends
 * the peak on `measure`; closes on `stop`.
 */
import { startAedesTarget } from '../aedes-target.ts';
import type { HubStorage } from '../bench-options.ts';
import type { BenchTarget } from '../bench-target.ts';
import { startHubTarget } from '../hub-target.ts';

import type { BrokerChildMessage, BrokerParentMessage, TargetName } from './sessions-protocol.ts';

const send = (message: BrokerChildMessage): void => {
  process.send?.(message);
};

const collect = (): void => {
  (globalThis as { gc?: () => void }).gc?.();
};

async function main(): Promise<void> {
  const [name, devicesRaw, storage] = process.argv.slice(2) as [TargetName, string, HubStorage];
  const devices = Number(devicesRaw);
  const target: BenchTarget =
    name === 'hub' ? await startHubTarget(storage, devices) : await startAedesTarget();
  const usernames = target.publishers(devices).map((p) => p.username ?? p.clientId);
  collect();
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  process.on('message', (message: BrokerParentMessage) => {
    if (message.type === 'measure') {
      const rss = process.memoryUsage.rss();
      peak = Math.max(peak, rss);
      send({
        type: 'memory',
        peakRssBytes: peak,
        rssBytes: rss,
        heapUsedBytes: process.memoryUsage().heapUsed,
      });
      return;
    }
    clearInterval(sampler);
    void target.close().then(() => process.exit(0));
  });
  send({
    type: 'ready',
    port: Number(new URL(target.tcpUrl).port),
    usernames,
    baseRssBytes: process.memoryUsage.rss(),
  });
}

main().catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
