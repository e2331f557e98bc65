import { readFileSync } from 'node:fs';

import { responseFilter } from '../../../src/protocol/topics.ts';
import { connectOperator } from '../operator-session.ts';
import { RawDevice } from '../raw-device.ts';
import { Verdict, deviceDecls, sleep, type Scenario } from '../scenario.ts';

const DAY = 86_400_000;

/** A persistent RPC that expires in 30 days (past setTimeout's 24.8-day limit) stays QUEUED. */
export const longTimer: Scenario = {
  name: 'long-timers',
  async run(ctx) {
    const v = new Verdict();
    const broker = await ctx.startBroker({ devices: deviceDecls('timer', 1) });
    let op = await connectOperator(broker.mqttUrl, broker.adminPassword);
    const sent = await op.call<{ rpcId: string; status: string }>('rpc.send', {
      deviceName: 'timer-0',
      method: 'farAway',
      persistent: true,
      expirationTime: Date.now() + 30 * DAY,
    });
    const status = async () =>
      (await op.call<{ status: string }>('rpc.get', { rpcId: sent.rpcId })).status;
    await sleep(3000);
    v.check(
      (await status()) === 'QUEUED',
      `after 3 s the 30-day RPC is ${await status()}, not QUEUED`,
    );
    await op.end();
    const stop = await broker.sigterm();
    v.check(stop.code === 0, `SIGTERM exit code ${String(stop.code)}`);
    await broker.start();
    op = await connectOperator(broker.mqttUrl, broker.adminPassword);
    await sleep(3000);
    const afterRestart = await status();
    v.check(
      afterRestart === 'QUEUED',
      `after a restart the 30-day RPC is ${afterRestart}, not QUEUED`,
    );
    const device = await RawDevice.connect({ url: broker.mqttUrl, username: 'timer-0' });
    await device.subscribe([responseFilter.rpcRequest('v1')]);
    const delivered = await device
      .waitForMessage((m) => m.payload.toString().includes('farAway'), 10_000)
      .then(
        () => true,
        () => false,
      );
    v.check(delivered, 'the queued RPC was not delivered when the device subscribed');
    await device.end();
    await op.end();
    const log = readFileSync(broker.logFile, 'utf8');
    v.check(!log.includes('TimeoutOverflowWarning'), 'the broker log has a TimeoutOverflowWarning');
    v.figure(`30-day persistent RPC: ${afterRestart} after 6 s and a restart`);
    v.figure(`delivered on subscribe: ${delivered ? 'yes' : 'no'}`);
    return v;
  },
};
