import { expect, MqttConnectError, test } from '../../playwright/test.ts';

test.use({
  brokerConfig: {
    devices: [{ name: 'seeded', credentials: { type: 'ACCESS_TOKEN', token: 'SEEDED' } }],
  },
});

test('c1 fails on purpose after a refused connection', async ({ device, broker }) => {
  await expect(device({ token: 'WRONG-TOKEN' })).rejects.toBeInstanceOf(MqttConnectError);
  await broker.waitFor.events({ kind: 'auth_failed' });
  expect('the device was refused').toBe('this test fails on purpose');
});

test('c2 passes after a connection: nothing is attached', async ({ device }) => {
  const seeded = await device('seeded');
  await seeded.sendTelemetry({ ok: 1 });
});

test('c3 fails as expected (test.fail): nothing is attached', async ({ device }) => {
  test.fail();
  await device('seeded');
  expect(1).toBe(2);
});
