import { expect, test } from '../../playwright/test.ts';

test.use({
  resetBetween: 'file',
  brokerConfig: {
    devices: [{ name: 'seeded', credentials: { type: 'ACCESS_TOKEN', token: 'SEEDED' } }],
  },
});

test('a1 creates a device', async ({ broker }) => {
  await broker.hub.devices.create({ name: 'made-in-a1' });
});

test('a2 still sees it: no reset within the file', ({ broker }) => {
  expect(broker.hub.devices.find('made-in-a1')).toBeDefined();
});
