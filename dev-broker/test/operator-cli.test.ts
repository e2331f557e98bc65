import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ROOT, spawnCliBroker, type CliBroker } from './support/cli-broker.ts';

let cli: CliBroker;
let mqttUrl = '';
let wsUrl = '';
let dataDir = '';
const iothub: CliBroker['iothub'] = (args, env) => cli.iothub(args, env);
const ok = (args: string[]) => cli.ok(args);
const json = <T>(args: string[]) => cli.json<T>(args);

beforeAll(async () => {
  cli = await spawnCliBroker('iothub-cli-op-', { settings: { rpc: { minTimeoutMs: 100 } } });
  ({ mqttUrl, wsUrl, dataDir } = cli);
}, 30_000);
afterAll(async () => {
  await cli.stop();
});

/** A device that answers every RPC with {"ok":true,"method":…}. */
async function replyingDevice(token: string): Promise<MqttClient> {
  const c = await mqtt.connectAsync(mqttUrl, { username: token, reconnectPeriod: 0 });
  c.on('message', (topic, payload) => {
    const id = topic.split('/').pop() ?? '0';
    const { method } = JSON.parse(payload.toString()) as { method: string };
    c.publish(`v1/devices/me/rpc/response/${id}`, JSON.stringify({ ok: true, method }), { qos: 1 });
  });
  await c.subscribeAsync('v1/devices/me/rpc/request/+', { qos: 1 });
  return c;
}

describe('npx iothub against a running broker', () => {
  it('npx iothub --help works from the repo; no command is a usage error', async () => {
    const child = spawn('npx', ['iothub', '--help'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    expect(await new Promise((res) => child.once('close', res))).toBe(0);
    expect(out).toMatch(/Usage: npx iothub <command>/);
    const none = await cli.spawn([]);
    expect(none.code).toBe(2);
  }, 30_000);

  it('devices create | list | get | update | credentials | delete', async () => {
    expect(await ok(['devices', 'create', '--name', 'pump-7', '--token', 'PUMP7'])).toMatch(
      /created device pump-7 \(.+\)\ntype:\s+ACCESS_TOKEN\ntoken:\s+PUMP7/,
    );
    const gw = await json<{ device: { gateway: boolean } }>([
      'devices',
      'create',
      '--name',
      'gw-9',
      '--gateway',
    ]);
    expect(gw.device.gateway).toBe(true);
    const list = await ok(['devices', 'list']);
    expect(list).toMatch(/^NAME\s+ID\s+PROFILE\s+ONLINE\s+LAST ACTIVITY\s+GATEWAY\n/);
    expect(list).toMatch(/pump-7 .* default\s+no/);
    expect(list).toMatch(/2 of 2 devices/);
    expect(await ok(['devices', 'list', '--name', 'GW', '--limit', '1'])).toMatch(/gw-9/);
    const got = await json<{ id: string; name: string }>(['devices', 'get', 'pump-7']);
    expect(await json<{ name: string }>(['devices', 'get', got.id])).toMatchObject({
      name: 'pump-7',
    });
    expect(await ok(['devices', 'update', 'gw-9', '--name', 'gw-10', '--no-gateway'])).toMatch(
      /name:\s+gw-10\n[\s\S]*gateway:\s+false/,
    );
    expect(await ok(['devices', 'credentials', 'pump-7'])).toMatch(/token:\s+PUMP7/);
    expect(await ok(['devices', 'credentials', 'gw-10', '--token', 'GW10'])).toMatch(
      /credentials replaced/,
    );
    expect(await ok(['devices', 'delete', 'gw-10'])).toMatch(/deleted device/);
  }, 60_000);

  it('telemetry latest | history and attributes set | get | delete', async () => {
    const d = await mqtt.connectAsync(mqttUrl, { username: 'PUMP7', reconnectPeriod: 0 });
    await d.publishAsync(
      'v1/devices/me/telemetry',
      JSON.stringify([
        { ts: 1_000, values: { temp: 20 } },
        { ts: 2_000, values: { temp: 22, rpm: 5 } },
      ]),
      { qos: 1 },
    );
    expect(await ok(['telemetry', 'latest', 'pump-7'])).toMatch(
      /KEY\s+TYPE\s+VALUE\s+TS\nrpm\s+LONG\s+5\s+1970-01-01T00:00:02\.000Z\ntemp\s+LONG\s+22/,
    );
    expect(await json<unknown[]>(['telemetry', 'latest', 'pump-7', 'rpm'])).toHaveLength(1);
    const avg = await ok([
      'telemetry',
      'history',
      'pump-7',
      '--keys',
      'temp',
      '--start',
      '0',
      '--end',
      '9999',
      '--agg',
      'avg',
      '--interval',
      '10000',
    ]);
    expect(avg).toMatch(/temp\s+1970-01-01T00:00:05\.000Z\s+21\s+2/);
    const raw = await json<{ points: { ts: number }[] }>([
      'telemetry',
      'history',
      'pump-7',
      '--keys',
      'temp',
      '--start',
      '0',
      '--order',
      'asc',
    ]);
    expect(raw.points.map((p) => p.ts)).toEqual([1_000, 2_000]);
    await d.subscribeAsync('v1/devices/me/attributes', { qos: 1 });
    const pushed = new Promise<string>((res) => d.once('message', (_t, p) => res(p.toString())));
    expect(await ok(['attributes', 'set', 'pump-7', 'shared', '{"target":21}'])).toMatch(
      /saved SHARED target/,
    );
    expect(JSON.parse(await pushed)).toEqual({ target: 21 });
    expect(await ok(['attributes', 'get', 'pump-7', 'shared'])).toMatch(
      /target\s+SHARED\s+LONG\s+21/,
    );
    expect(await ok(['attributes', 'delete', 'pump-7', 'shared', 'target'])).toMatch(
      /deleted SHARED target/,
    );
    const client = await iothub(['attributes', 'set', 'pump-7', 'client', '{"x":1}']);
    expect(client.code).toBe(1);
    expect(client.err).toMatch(/INVALID_ARGUMENT: .*scope must be SHARED or SERVER/);
    await d.endAsync();
  }, 60_000);

  it('rpc two-way | --oneway | --persistent, rpc get | list | delete', async () => {
    const d = await replyingDevice('PUMP7');
    expect(
      JSON.parse(await ok(['rpc', 'pump-7', 'setMode', '{"mode":"eco"}', '--timeout', '5000'])),
    ).toEqual({ ok: true, method: 'setMode' });
    expect(await ok(['rpc', 'pump-7', 'blink', '--oneway'])).toBe('delivered (one-way)\n');
    await d.endAsync();
    const queued = await json<{ rpcId: string; status: string }>([
      'rpc',
      'pump-7',
      'reboot',
      '{"delay":1}',
      '--persistent',
      '--timeout',
      '60000',
    ]);
    expect(queued.status).toBe('QUEUED');
    expect(await ok(['rpc', 'get', queued.rpcId])).toMatch(/status:\s+QUEUED/);
    expect(await ok(['rpc', 'list', 'pump-7', '--status', 'queued'])).toMatch(
      new RegExp(`${queued.rpcId}\\s+reboot\\s+QUEUED`),
    );
    expect(await ok(['rpc', 'delete', queued.rpcId])).toBe(`RPC ${queued.rpcId} is DELETED\n`);
    const timeout = await iothub(['rpc', 'pump-7', 'nobody-home', '--timeout', '300']);
    expect(timeout.code).toBe(1);
    expect(timeout.err).toMatch(/DEADLINE_EXCEEDED: RPC nobody-home timed out/);
  }, 60_000);

  it('profiles create | list | get | update | delete', async () => {
    expect(
      await ok([
        'profiles',
        'create',
        '--name',
        'lab',
        '--provision-type',
        'allow_create_new_devices',
        '--provision-key',
        'k',
        '--provision-secret',
        's',
      ]),
    ).toMatch(/created profile lab/);
    expect(await ok(['profiles', 'list'])).toMatch(
      /lab\s+\S+\s+ALLOW_CREATE_NEW_DEVICES\s+JSON\s+no/,
    );
    expect(await ok(['profiles', 'update', 'lab', '--provision-type', 'disabled'])).toMatch(
      /provisionType:\s+DISABLED/,
    );
    expect(await ok(['profiles', 'get', 'lab'])).toMatch(/name:\s+lab/);
    // spec §2.3: schemas come from .proto files; one that does not compile is refused with the parser's message
    const proto = join(dataDir, 'reading.proto');
    writeFileSync(proto, 'syntax = "proto3";\npackage lab;\nmessage Reading { int64 ts = 1; }\n');
    const pb = await json<{
      deviceTelemetryProtoSchema: string;
      useJsonPayloadFormatForDefaultDownlinkTopics: boolean;
    }>([
      'profiles',
      'update',
      'lab',
      '--payload-type',
      'protobuf',
      '--telemetry-proto',
      proto,
      '--json-compat',
      'true',
      '--json-downlink',
      'true',
    ]);
    expect(pb).toMatchObject({
      deviceTelemetryProtoSchema: readFileSync(proto, 'utf8'),
      useJsonPayloadFormatForDefaultDownlinkTopics: true,
    });
    writeFileSync(proto, 'syntax = "proto3"; message Broken {');
    const refused = await iothub(['profiles', 'update', 'lab', '--attributes-proto', proto]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /INVALID_ARGUMENT: deviceAttributesProtoSchema \(attributes schema\): illegal/,
    );
    expect(await ok(['profiles', 'delete', 'lab'])).toMatch(/deleted profile/);
  }, 60_000);

  it('events (list and --follow), sessions, info and call', async () => {
    expect(
      await ok(['events', '--device', 'pump-7', '--kinds', 'session_opened', '--limit', '1']),
    ).toMatch(/session_opened\s+pump-7\s+connected over tcp/);
    const follow = iothub(['events', '--device', 'pump-7', '--follow', '--count', '2']);
    const d = await mqtt.connectAsync(mqttUrl, { username: 'PUMP7', reconnectPeriod: 0 });
    // the follower subscribes after its own start-up; keep publishing until it has seen two events
    const timer = setInterval(
      () => void d.publishAsync('v1/devices/me/telemetry', '{"temp":30}', { qos: 1 }),
      300,
    );
    const followed = await follow;
    clearInterval(timer);
    expect(followed.code).toBe(0);
    expect(followed.out).toMatch(/telemetry\s+pump-7\s+temp=30/);
    expect(await ok(['sessions', '--kind', 'device'])).toMatch(
      /device\s+pump-7\s+\S+\s+tcp\s+MQTT 3\.1\.1/,
    );
    await d.endAsync();
    const info = await ok(['info']);
    expect(info).toMatch(/broker:\s+iothub-dev-broker \d+\.\d+\.\d+/);
    expect(info).toContain(`mqtt:     ${mqttUrl}`);
    expect(await json<unknown[]>(['call', 'clientRpc.rules.list'])).toEqual([]);
    expect(await json<{ total: number }>(['call', 'devices.list', '{"limit":1}'])).toMatchObject({
      total: 1,
    });
  }, 60_000);

  it('errors: API errors exit 1 with code and message, usage 2, connection 3; ws URL and the stored password work', async () => {
    const [missing, unknown, usage, command, badJson, wrong, unreachable, overWs, stored, none] =
      await Promise.all([
        iothub(['devices', 'get', 'ghost', '--json']),
        iothub(['call', 'devices.explode']),
        iothub(['devices', 'list', '--bogus']),
        iothub(['frobnicate']),
        iothub(['rpc', 'pump-7', 'm', '{bad']),
        iothub(['info'], { IOTHUB_ADMIN_PASSWORD: 'wrong' }),
        iothub(['info'], { IOTHUB_URL: 'mqtt://127.0.0.1:1' }),
        iothub(['info', '--url', wsUrl]),
        iothub(['info'], { IOTHUB_ADMIN_PASSWORD: undefined, IOTHUB_DATA_DIR: dataDir }),
        iothub(['info'], {
          IOTHUB_ADMIN_PASSWORD: undefined,
          IOTHUB_DATA_DIR: join(dataDir, 'nope'),
        }),
      ]);
    expect(missing).toMatchObject({
      code: 1,
      err: 'iothub: NOT_FOUND: device named ghost was not found\n',
    });
    expect(JSON.parse(missing.out)).toEqual({
      error: { code: 'NOT_FOUND', message: 'device named ghost was not found' },
    });
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(
      /INVALID_ARGUMENT: unknown method "devices\.explode"; known methods: attributes\.delete/,
    );
    expect(usage).toMatchObject({ code: 2 });
    expect(usage.err).toMatch(/unknown option --bogus/);
    expect(command).toMatchObject({
      code: 2,
      err: expect.stringMatching(/unknown command "frobnicate"/) as unknown,
    });
    expect(badJson).toMatchObject({
      code: 2,
      err: expect.stringMatching(/params is not valid JSON/) as unknown,
    });
    expect(wrong).toMatchObject({ code: 3 });
    expect(wrong.err).toMatch(/wrong password or unknown operator account "admin"/);
    expect(unreachable.code).toBe(3);
    expect(unreachable.err).toMatch(
      /cannot reach the broker at mqtt:\/\/127\.0\.0\.1:1|ECONNREFUSED/,
    );
    expect(overWs).toMatchObject({
      code: 0,
      out: expect.stringMatching(/ws:\s+ws:\/\//) as unknown,
    });
    expect(stored.code).toBe(0);
    expect(none).toMatchObject({ code: 2 });
    expect(none.err).toMatch(/no operator password/);
  }, 60_000);
});
