import { readFile } from 'node:fs/promises';

import { expect, test } from '../fixtures/test.ts';
import { LogPanel } from '../pages/log-panel.ts';
import { TelemetryPanel } from '../pages/telemetry-panel.ts';

test.describe('Message log panel', () => {
  test('shows every packet in and out, with the PUBACK latency and the payload in full', async ({
    appPage,
    device,
    page,
  }) => {
    const telemetry = new TelemetryPanel(page);
    const log = new LogPanel(page);
    await appPage.connectAndWait(device.token);
    await telemetry.open();
    await telemetry.send('{"temperature": 42}');
    await expect(telemetry.result()).toContainText('PUBACK after');

    await log.open();
    await expect(log.packet(/→ out connect/)).toBeVisible();
    await expect(log.packet(/← in connack/)).toBeVisible();
    await expect(log.packet(/← in suback/).first()).toBeVisible();
    const publish = log.packet(
      /→ out publish v1\/devices\/me\/telemetry QoS 1 · 19 B \{"temperature": 42\}/,
    );
    await expect(publish).toBeVisible();
    // The device session also asks getSessionLimits and its shared attributes on connect.
    await expect(log.packet(/← in puback .*QoS|← in puback .* ms/).last()).toBeVisible();

    await publish.click();
    await expect(log.detail()).toContainText('Topicv1/devices/me/telemetry');
    await expect(log.detail().getByLabel('Payload')).toHaveText('{\n  "temperature": 42\n}');
  });

  test('filters by topic and text, pauses, clears and exports JSON', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const telemetry = new TelemetryPanel(page);
    const log = new LogPanel(page);
    await appPage.connectAndWait(device.token);
    await telemetry.open();
    await telemetry.send('{"a": 1}');
    await expect(telemetry.result()).toContainText('PUBACK after');
    const { attributes } = broker.hub;
    await attributes.save(device.id, 'SHARED', attributes.toEntries({ color: 'red' }));

    await log.open();
    await expect(
      log.packet(/← in publish v1\/devices\/me\/attributes .*"color":"red"/),
    ).toBeVisible();
    await log.topicFilter().fill('telemetry');
    await expect(log.packet(/publish/)).toHaveCount(1);
    await log.topicFilter().fill('v1/devices/me/+');
    await log.textFilter().fill('red');
    await expect(log.packet(/./)).toHaveCount(1);
    await expect(log.packet(/attributes/)).toBeVisible();
    await log.topicFilter().clear();
    await log.textFilter().clear();

    await log.button('Pause').click();
    await attributes.save(device.id, 'SHARED', attributes.toEntries({ color: 'blue' }));
    await expect(log.count()).toContainText(/Paused: [1-9]\d* new packets not shown/);
    await expect(log.packet(/"color":"blue"/)).toHaveCount(0);
    await log.button('Resume').click();
    await expect(log.packet(/"color":"blue"/)).toBeVisible();

    const download = page.waitForEvent('download');
    await log.button('Export JSON').click();
    const file = await (await download).path();
    const exported = JSON.parse(await readFile(file, 'utf8')) as {
      kind: string;
      topic: string | null;
    }[];
    expect(
      exported.some((e) => e.kind === 'publish' && e.topic === 'v1/devices/me/telemetry'),
    ).toBe(true);
    expect(exported.some((e) => e.kind === 'connack')).toBe(true);

    await log.button('Clear').click();
    await expect(log.count()).toContainText('Showing 0 of 0 packets');
  });
});
