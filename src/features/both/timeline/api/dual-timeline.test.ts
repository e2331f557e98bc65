import { describe, expect, it } from 'vitest';

import type { OperatorCallTrace, OperatorClient, OperatorEvent } from '@/client/operator-client.ts';
import { createFakeDeviceSession } from '@/testing/fake-device-session.ts';
import type { SessionDto } from '@protocol/operator-dto.ts';

import { createDualTimeline } from './dual-timeline.ts';

const PKG = {
  id: 'pkg-1',
  title: 'pump-fw',
  version: '1.2',
  type: 'FIRMWARE',
  size: 4096,
  checksumAlgorithm: 'SHA256',
  checksum: 'ab',
};

/** Both sessions as the timeline sees them: traces in, device messages in, device packets out. */
function setup(sessions: SessionDto[] = []) {
  const traces = new Set<(t: OperatorCallTrace) => void>();
  const events = new Set<(e: OperatorEvent) => void>();
  const device = createFakeDeviceSession();
  const timeline = createDualTimeline(device, device.router, {
    onTrace: (listener) => {
      traces.add(listener);
      return () => traces.delete(listener);
    },
    onEvent: (listener) => {
      events.add(listener);
      return () => events.delete(listener);
    },
    // Only sessions.list is asked (to learn which device the device side is).
    request: (() => Promise.resolve(sessions)) as unknown as OperatorClient['request'],
  });
  let seq = 0;
  const call = (
    method: OperatorCallTrace['method'],
    params: unknown,
    result: unknown,
    at: number,
  ) => {
    const trace = { id: `t${String(++seq)}`, method, params, sentAt: at };
    for (const l of traces) l(trace);
    return (settledAt: number) => {
      for (const l of traces) l({ ...trace, settledAt, ok: true, result });
    };
  };
  const receive = device.receive;
  const send = device.sent;
  // As the split view prints an entry: title, then each step with its latency.
  const described = () =>
    timeline
      .getState()
      .entries.map((e) =>
        [e.title, ...e.steps.map((s) => `${s.label} ${String(s.at - e.startedAt)} ms`)].join(' → '),
      );
  /** The device session connects with this client id (the timeline then asks sessions.list). */
  const connectAs = (clientId: string) => {
    device.store.setState({ status: 'connected', clientId });
  };
  /** An operator event arrives (as the push bridge's subscription delivers it). */
  const event = (e: OperatorEvent) => {
    for (const l of events) l(e);
  };
  return { timeline, call, receive, send, described, connectAs, event };
}

describe('dual timeline: ota entries', () => {
  it('follows an assignment through the push, one chunk range step and the reported states', () => {
    const t = setup();
    t.call('ota.list', undefined, [PKG], 0)(5);
    const ack = t.call('ota.assign', { packageId: 'pkg-1', deviceName: 'pump-7' }, {}, 1000);
    t.receive('v1/devices/me/attributes', '{"fw_title":"pump-fw","fw_version":"1.2"}', 1010);
    ack(1012);
    t.send('v1/devices/me/telemetry', '{"fw_state":"DOWNLOADING"}', 1100);
    for (let n = 0; n < 64; n++) t.receive(`v2/fw/response/7/chunk/${String(n)}`, 'xx', 1200 + n);
    t.send('v1/devices/me/telemetry', '{"fw_state":"DOWNLOADED"}', 1300);
    t.send('v1/devices/me/telemetry', '{"fw_state":"VERIFIED"}', 1310);
    t.send('v1/devices/me/telemetry', '{"fw_state":"UPDATING"}', 1320);
    t.send(
      'v1/devices/me/telemetry',
      '{"fw_state":"UPDATED","current_fw_title":"pump-fw","current_fw_version":"1.2"}',
      1330,
    );

    expect(t.described()).toEqual([
      'firmware pump-fw 1.2 assigned to pump-7 → device received pump-fw 1.2 10 ms → ' +
        'operator got ack 12 ms → chunks 0..63 263 ms → VERIFIED 310 ms → UPDATED 330 ms',
    ]);
    expect(t.timeline.getState().entries[0]?.ota).toMatchObject({ chunks: 64, done: true });
  });

  it('names an unknown package by id and takes its kind from what the device gets', () => {
    const t = setup();
    t.call('ota.assign', { packageId: 'abcdef123456', profileName: 'fleet' }, {}, 0);
    t.receive('v1/devices/me/telemetry-nope', '{}', 1);
    t.receive('v1/devices/me/attributes', '{"sw_title":"agent","sw_version":"2"}', 4);
    t.receive('v2/fw/response/1/chunk/0', 'x', 5);
    t.receive('v2/sw/response/1/chunk/3', 'x', 6);
    t.send('v1/devices/me/telemetry', '{"sw_state":"FAILED","sw_error":"checksum mismatch"}', 9);

    expect(t.described()).toEqual([
      'OTA package abcdef12 assigned to fleet → device received agent 2 4 ms → chunks 3..3 6 ms → ' +
        'FAILED (checksum mismatch) 9 ms',
    ]);
  });

  it('gives later device reports to the newest open assignment, never to a finished one', () => {
    const t = setup();
    t.call('ota.list', undefined, [PKG, { ...PKG, id: 'pkg-2', version: '1.3' }], 0)(1);
    t.call('ota.assign', { packageId: 'pkg-1', deviceName: 'a' }, {}, 10);
    t.send('v1/devices/me/telemetry', '{"fw_state":"UPDATED"}', 20);
    t.send('v1/devices/me/telemetry', '{"fw_state":"UPDATED"}', 25);
    t.call('ota.assign', { packageId: 'pkg-2', deviceName: 'a' }, {}, 30);
    t.receive('v2/fw/response/9/chunk/0', 'x', 40);
    t.send('v1/devices/me/telemetry', '{"fw_state":"FAILED"}', 50);

    expect(t.described()).toEqual([
      'firmware pump-fw 1.2 assigned to a → UPDATED 10 ms',
      'firmware pump-fw 1.3 assigned to a → chunks 0..0 10 ms → FAILED 20 ms',
    ]);
  });

  it('keeps RPC and shared-attribute entries apart from OTA traffic', () => {
    const t = setup();
    const ack = t.call('attributes.save', { scope: 'SHARED', values: { target: 21 } }, {}, 0);
    t.receive('v1/devices/me/attributes', '{"target":21}', 2);
    ack(3);
    t.receive('v2/fw/response/1/chunk/0', '\u0000\u0001', 4);
    expect(t.described()).toEqual([
      'shared attribute target=21 → device received 2 ms → operator got ack 3 ms',
    ]);
  });
});

describe('dual timeline: step order', () => {
  it('orders steps by time, though the reply comes from the packet log a frame after the result', () => {
    const t = setup();
    const result = t.call('rpc.send', { method: 'setMode' }, {}, 0);
    t.receive('v1/devices/me/rpc/request/5', '{"method":"setMode","params":{}}', 40);
    result(69);
    t.send('v1/devices/me/rpc/response/5', '{"ok":true}', 42);
    expect(t.described()).toEqual([
      'operator RPC #1 setMode → device received 40 ms → replied 42 ms → operator got result 69 ms',
    ]);
  });
});

const SESSION: SessionDto = {
  sessionId: 1,
  kind: 'device',
  deviceId: 'dev-a',
  deviceName: 'pump-a',
  account: null,
  clientId: 'console-1',
  transport: 'ws',
  protocolVersion: 4,
  protocol: 'MQTT 3.1.1',
  remoteAddress: '127.0.0.1:1',
  connectedAt: 0,
  subscriptions: [],
};

describe('dual timeline: which device the device side is', () => {
  it('links an RPC only when the operator aimed it at the device side', async () => {
    const t = setup([SESSION, { ...SESSION, sessionId: 2, deviceId: 'dev-b', clientId: 'x' }]);
    t.connectAs('console-1');
    await Promise.resolve(); // sessions.list answers
    t.call('rpc.send', { deviceId: 'dev-b', method: 'setMode' }, {}, 0);
    t.call('rpc.send', { deviceId: 'dev-a', method: 'setMode' }, {}, 10);
    t.receive('v1/devices/me/rpc/request/0', '{"method":"setMode","params":{}}', 15);
    t.call('attributes.save', { deviceName: 'pump-b', scope: 'SHARED', values: { t: 1 } }, {}, 20);
    t.receive('v1/devices/me/attributes', '{"t":1}', 25);

    expect(t.described()).toEqual([
      'operator RPC #1 setMode',
      'operator RPC #2 setMode → device received 5 ms',
      'shared attribute t=1',
    ]);
  });

  it('links by method alone while the device side is unknown', () => {
    const t = setup();
    t.call('rpc.send', { deviceId: 'dev-b', method: 'setMode' }, {}, 0);
    t.receive('v1/devices/me/rpc/request/0', '{"method":"setMode","params":{}}', 7);
    expect(t.described()).toEqual(['operator RPC #1 setMode → device received 7 ms']);
  });
});

describe('dual timeline: injected faults', () => {
  it("shows each fault_injected event in the broker's words, and no other error event", () => {
    const t = setup();
    const record = (kind: 'fault_injected' | 'dropped', message: string) => ({
      id: 1,
      ts: 500,
      kind,
      deviceId: 'd1',
      deviceName: 'pump-7',
      clientId: 'c1',
      topic: null,
      message,
    });
    const injected = 'injected: PUBACK dropped for pump-7 (rule f3, 2 left)';
    t.event({
      deviceId: 'd1',
      kind: 'error',
      payload: record('fault_injected', injected),
      receivedAt: 510,
    });
    t.event({
      deviceId: 'd1',
      kind: 'error',
      payload: record('dropped', 'not a gateway'),
      receivedAt: 520,
    });
    expect(t.described()).toEqual([injected]);
    expect(t.timeline.getState().entries[0]).toMatchObject({ kind: 'fault', startedAt: 500 });
  });
});
