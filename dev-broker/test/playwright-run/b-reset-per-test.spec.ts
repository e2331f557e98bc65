import { expect, test } from '../../playwright/test.ts';

test.use({
  brokerConfig: {
    devices: [{ name: 'seeded', credentials: { type: 'ACCESS_TOKEN', token: 'SEEDED' } }],
  },
});

test('b1 starts from the seed: what file a made is gone', async ({ broker }) => {
  expect(broker.hub.devices.find('made-in-a1')).toBeUndefined();
  expect(broker.hub.devices.find('seeded')).toBeDefined();
  await broker.hub.devices.create({ name: 'made-in-b1' });
});

test('b2 starts from the seed again: reset per test', ({ broker }) => {
  expect(broker.hub.devices.find('made-in-b1')).toBeUndefined();
});
