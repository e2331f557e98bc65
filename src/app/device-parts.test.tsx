import { QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { deviceKeys } from '@/domain/device/device-keys.ts';
import { useSharedHistory } from '@/domain/device/shared-history-store.ts';
import { SharedAttributesLive } from '@/features/device/attributes/components/shared-attributes-live.tsx';
import { startOtaUpdate } from '@/features/device/firmware/api/ota-runner.ts';
import { idleRun, useOtaRunStore } from '@/features/device/firmware/stores/ota-run-store.ts';
import { useRpcInboxStore } from '@/features/device/rpc/stores/rpc-inbox-store.ts';
import { createQueryClient } from '@/lib/query-client.ts';
import { SessionProvider } from '@/lib/session-context.tsx';
import { FakeTransport } from '@/session/fake-transport.ts';
import { MqttSession } from '@/session/mqtt-session.ts';

import { createDeviceParts, type DeviceParts } from './device-parts.ts';

const PUSH = 'v1/devices/me/attributes';
let parts: DeviceParts | undefined;

afterEach(() => {
  parts?.dispose();
  parts = undefined;
});

/** The app's device side as main.tsx wires it, over a fake network. */
function setup() {
  const transport = new FakeTransport();
  const session = new MqttSession({ openTransport: transport.open, createClientId: () => 'c' });
  const queryClient = createQueryClient();
  const created = createDeviceParts(session, queryClient);
  parts = created;
  const connectAs = async (token: string) => {
    act(() => {
      session.connect({
        url: 'ws://broker.test/mqtt',
        protocolVersion: 4,
        credentials: { kind: 'token', token },
      });
    });
    await waitFor(() => {
      expect(session.store.getState().status).toBe('connected');
    });
    return session.store.getState().connectSeq;
  };
  return {
    transport,
    session,
    queryClient,
    router: created.router,
    parts: created.parts,
    connectAs,
  };
}

const currentTable = () => screen.getByRole('table', { name: 'Current shared attributes' });

describe('the device side per connection (issue 15 §1)', () => {
  it('connect as A, get a shared push, reconnect as B: the current shared attributes show nothing of A', async () => {
    const { transport, session, queryClient, parts: deviceParts, connectAs } = setup();
    render(
      <QueryClientProvider client={queryClient}>
        <SessionProvider session={session} parts={deviceParts}>
          <SharedAttributesLive />
        </SessionProvider>
      </QueryClientProvider>,
    );
    await connectAs('device-A');
    act(() => {
      transport.deliver(PUSH, '{"targetTemp":21}');
    });
    await waitFor(() => {
      expect(within(currentTable()).getByText('targetTemp')).toBeTruthy();
    });
    expect(screen.getByText(/Updated targetTemp = 21/)).toBeTruthy();

    await connectAs('device-B');
    expect(within(currentTable()).queryByText('targetTemp')).toBeNull();
    expect(screen.queryByText(/Updated targetTemp/)).toBeNull();
    act(() => {
      transport.deliver(PUSH, '{"mode":"eco"}');
    });
    await waitFor(() => {
      expect(within(currentTable()).getByText('mode')).toBeTruthy();
    });
    expect(within(currentTable()).queryByText('targetTemp')).toBeNull();
  });

  it('drops every query of the previous connection: attribute answers, OTA attributes', async () => {
    const { queryClient, connectAs } = setup();
    const a = await connectAs('device-A');
    queryClient.setQueryData(deviceKeys.attributeRequest(a, { mode: 'all' }), { shared: { x: 1 } });
    queryClient.setQueryData(deviceKeys.otaAttributes(a), { fw_title: 'A-fw' });
    queryClient.setQueryData(['broker-info'], 'kept');
    const b = await connectAs('device-B');
    expect(b).not.toBe(a);
    expect(queryClient.getQueryData(deviceKeys.attributeRequest(a, { mode: 'all' }))).toBe(
      undefined,
    );
    expect(queryClient.getQueryData(deviceKeys.otaAttributes(a))).toBeUndefined();
    expect(queryClient.getQueryData(['broker-info'])).toBe('kept');
  });

  it("asks for the current shared values on each connection and writes B's answer under B only", async () => {
    const { transport, queryClient, connectAs } = setup();
    const answer = async (seq: number, shared: string) => {
      const request = await waitFor(() => {
        const found = transport.published.filter((p) => p.topic.startsWith('v2/a/req/j/')).at(-1);
        expect(found).toBeDefined();
        return found;
      });
      const id = request?.topic.split('/').at(-1) ?? '';
      act(() => {
        transport.deliver(`v2/a/res/j/${id}`, `{"shared":${shared}}`);
      });
      await waitFor(() => {
        expect(queryClient.getQueryData(deviceKeys.sharedValues(seq))).toBeDefined();
      });
    };
    const a = await connectAs('device-A');
    await answer(a, '{"of":"A"}');
    transport.published.length = 0;
    const b = await connectAs('device-B');
    await answer(b, '{"of":"B"}');
    expect(queryClient.getQueryData(deviceKeys.sharedValues(b))).toMatchObject({
      of: { value: 'B', source: 'response' },
    });
    expect(queryClient.getQueryData(deviceKeys.sharedValues(a))).toBeUndefined();
  });

  it('writes a push that arrives after connect() into the new connection only', async () => {
    const { transport, queryClient, connectAs } = setup();
    const a = await connectAs('device-A');
    queryClient.setQueryData(deviceKeys.otaAttributes(a), { fw_title: 'old' });
    const b = await connectAs('device-B');
    queryClient.setQueryData(deviceKeys.otaAttributes(b), {});
    act(() => {
      transport.deliver(PUSH, '{"fw_title":"new"}');
    });
    await waitFor(() => {
      expect(queryClient.getQueryData(deviceKeys.otaAttributes(b))).toEqual({ fw_title: 'new' });
    });
    expect(queryClient.getQueryData(deviceKeys.otaAttributes(a))).toBeUndefined();
  });

  it('empties the push history, the RPC inbox and the OTA runs on connect(), keeping settings', async () => {
    const { connectAs } = setup();
    await connectAs('device-A');
    useSharedHistory.getState().addMany([{ time: 1, kind: 'updated', values: { a: 1 } }]);
    useRpcInboxStore.getState().setFamily('v2');
    useRpcInboxStore.getState().received({
      key: 'v2:1:1',
      requestId: 1,
      family: 'v2',
      receivedAt: 1,
      method: 'reboot',
      paramsJson: null,
      status: 'pending',
    });
    useOtaRunStore.getState().patch('fw', { phase: 'done', title: 'A-fw' });
    useOtaRunStore.getState().setChunkSize('fw', 1024);

    await connectAs('device-B');
    expect(useSharedHistory.getState().entries).toEqual([]);
    expect(useRpcInboxStore.getState().entries).toEqual([]);
    expect(useRpcInboxStore.getState().family).toBe('v2');
    expect(useOtaRunStore.getState().runs.fw).toEqual(idleRun);
    expect(useOtaRunStore.getState().chunkSizes.fw).toBe(1024);
  });

  it('keeps the OTA runs when the same device connects again (states still to report, spec §11)', async () => {
    const { connectAs } = setup();
    await connectAs('device-A');
    useOtaRunStore.getState().patch('fw', { phase: 'failed', title: 'A-fw' });
    useOtaRunStore.getState().addState('fw', 'FAILED', false);
    useRpcInboxStore.getState().received({
      key: 'v1:1:1',
      requestId: 1,
      family: 'v1',
      receivedAt: 1,
      method: 'reboot',
      paramsJson: null,
      status: 'pending',
    });
    await connectAs('device-A');
    expect(useOtaRunStore.getState().runs.fw.states).toEqual([
      { state: 'FAILED', reported: false },
    ]);
    expect(useRpcInboxStore.getState().entries).toEqual([]);
    await connectAs('device-B');
    expect(useOtaRunStore.getState().runs.fw).toEqual(idleRun);
  });

  it('an update running when another device connects stops asking for chunks and leaves the runs alone', async () => {
    const { transport, session, router, connectAs } = setup();
    await connectAs('device-A');
    const chunkRequests = () =>
      transport.published.filter((p) => p.topic.startsWith('v2/fw/request/'));
    const pkg = {
      title: 'A-fw',
      version: '1',
      size: 4096,
      checksumAlgorithm: null,
      checksum: null,
      tag: null,
      url: null,
    };
    // the broker never answers: the download waits for its first chunk
    const run = startOtaUpdate({ channel: session, router }, 'fw', pkg, 1024);
    await waitFor(() => {
      expect(chunkRequests().length).toBeGreaterThan(0);
    });
    const asked = chunkRequests().length;
    await connectAs('device-B');
    await run;
    expect(useOtaRunStore.getState().runs.fw).toEqual(idleRun);
    expect(chunkRequests()).toHaveLength(asked);
  });
});
