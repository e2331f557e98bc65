import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { buildDeviceCodec } from '@/lib/protobuf-device-codec.ts';
import { DEFAULT_SCHEMAS, useProtobufDevice } from '@/lib/protobuf-device.ts';
import { toPlainValue } from '@/protocol/lenient-json.ts';
import {
  compileProfileSchema,
  decodeProfileMessage,
  encodeProfileMessage,
} from '@/protocol/proto/profile-schema.ts';
import { FakeChannel } from '@/testing/fake-channel.ts';

import { useRpcInboxStore } from '../stores/rpc-inbox-store.ts';

import { createRpcResponder } from './rpc-responder.ts';

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const schema = (text: string) => {
  const compiled = compileProfileSchema(text);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.value;
};
const REQUEST = schema(DEFAULT_SCHEMAS.deviceRpcRequestProtoSchema);
const RESPONSE = schema(DEFAULT_SCHEMAS.deviceRpcResponseProtoSchema);
const bytesOf = (value: object) => {
  const bytes = encodeProfileMessage(REQUEST, value);
  if (!bytes.ok) throw new Error(bytes.error.message);
  return bytes.value;
};

describe('server-side RPC responder in Protobuf mode (device-api.md §2.3)', () => {
  beforeEach(async () => {
    useRpcInboxStore.getState().reset();
    const { codec } = await buildDeviceCodec(DEFAULT_SCHEMAS);
    useProtobufDevice.setState({ enabled: true, codec });
  });
  afterEach(() => {
    useProtobufDevice.getState().reset();
  });

  it('decodes a request with the RPC request schema and encodes the reply with the response schema', async () => {
    const channel = new FakeChannel();
    const responder = createRpcResponder(channel, { rules: () => [], inbox: useRpcInboxStore });
    channel.deliver(
      'v1/devices/me/rpc/request/3',
      bytesOf({ method: 'setGpio', requestId: 3, params: '{"pin":4}' }),
    );
    channel.deliver('v1/devices/me/rpc/request/4', bytesOf({ method: 'say', params: 'hello' }));
    const [second, first] = useRpcInboxStore.getState().entries;
    expect(first).toMatchObject({ method: 'setGpio', paramsJson: '{"pin":4}', status: 'pending' });
    expect(second).toMatchObject({ method: 'say', paramsJson: '"hello"' });
    await responder.reply(first?.key ?? '', '{"payload":"done"}');
    const published = channel.published.at(-1);
    expect(published?.topic).toBe('v1/devices/me/rpc/response/3');
    const decoded = decodeProfileMessage(RESPONSE, published?.payload as Uint8Array);
    expect(decoded.ok && toPlainValue(decoded.value)).toEqual({ payload: 'done' });
    responder.dispose();
  });

  it('refuses a reply that is not an object of the response message, in plain words', async () => {
    const channel = new FakeChannel();
    const responder = createRpcResponder(channel, { rules: () => [], inbox: useRpcInboxStore });
    channel.deliver('v1/devices/me/rpc/request/5', bytesOf({ method: 'x' }));
    const key = useRpcInboxStore.getState().entries[0]?.key ?? '';
    await expect(responder.reply(key, '"done"')).rejects.toThrow(
      'A reply is a JSON object of rpc.RpcResponseMsg, e.g. {"payload":"done"}.',
    );
    await flush();
    expect(useRpcInboxStore.getState().entries[0]?.status).toBe('failed');
    responder.dispose();
  });

  it('a /j request stays JSON', () => {
    const channel = new FakeChannel();
    const responder = createRpcResponder(channel, { rules: () => [], inbox: useRpcInboxStore });
    channel.deliver('v2/r/req/j/6', '{"method":"json"}');
    expect(useRpcInboxStore.getState().entries[0]).toMatchObject({ method: 'json' });
    responder.dispose();
  });
});
