import { expect, test } from '../fixtures/operator-test.ts';

/** 2,000 numeric keys `key_0` … `key_1999`, about 14 bytes each. */
const manyKeys = Object.fromEntries(
  Array.from({ length: 2000 }, (_, i) => [`key_${String(i)}`, i]),
);

test.describe('Operator: a device with many telemetry keys', () => {
  test('latest values are filtered and virtualised; charts default to measurements, each on its own scale', async ({
    operatorPage,
    device,
    simDevice,
  }) => {
    const sim = await simDevice(device.token);
    await sim.publishAsync(
      'v1/devices/me/telemetry',
      JSON.stringify({ ...manyKeys, target_fw_ts: 1_765_000_000_000, energy: 0.33, power: 1140 }),
      { qos: 1 },
    );
    await operatorPage.refresh();
    await operatorPage.selectDevice(device.name);
    const panel = await operatorPage.openDetailTab('Device telemetry');

    const latest = panel.getByRole('region', { name: 'Latest telemetry' });
    await expect(latest.getByLabel('Key count')).toHaveText('2003 keys');
    // Only the rows in view are in the page, not 2,003.
    await expect.poll(async () => latest.getByRole('row').count()).toBeLessThan(60);
    await latest.getByLabel('Filter telemetry keys').fill('key_1999');
    await expect(latest.getByLabel('Key count')).toHaveText('1 of 2003 keys');
    await expect(latest.getByRole('row', { name: /key_1999/ })).toBeVisible();

    const chart = panel.getByRole('region', { name: 'Chart' });
    const keys = chart.getByRole('group', { name: 'Keys to plot' });
    await expect(keys.getByRole('checkbox', { name: 'energy' })).toBeChecked();
    await expect(keys.getByRole('checkbox', { name: 'target_fw_ts' })).toHaveCount(0);
    expect(await keys.getByRole('checkbox').count()).toBeLessThanOrEqual(41);
    await chart.getByLabel('Filter keys').fill('target_fw');
    await expect(keys.getByRole('checkbox', { name: 'target_fw_ts' })).not.toBeChecked();
    await chart.getByLabel('Filter keys').fill('power');
    await keys.getByRole('checkbox', { name: 'power' }).check();

    // Live points: energy near 0.33 and power near 1,140 each get their own Y axis.
    for (const i of [1, 2, 3, 4])
      await sim.publishAsync(
        'v1/devices/me/telemetry',
        JSON.stringify({ energy: 0.33 + i / 100, power: 1140 + i }),
        { qos: 1 },
      );
    await expect(chart.getByRole('img', { name: 'Chart of energy' })).toContainText('0.3');
    await expect(chart.getByRole('img', { name: 'Chart of power' })).toContainText(/11\d\d/);
    await expect(chart.getByRole('img', { name: 'Chart of energy' })).not.toContainText('1140');
  });
});
