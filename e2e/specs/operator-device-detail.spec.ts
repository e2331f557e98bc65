import { expect, test } from '../fixtures/operator-test.ts';

test.describe('Operator: device detail', () => {
  test('shows latest telemetry live and charts the live tail and history', async ({
    operatorPage,
    device,
    simDevice,
  }) => {
    const sim = await simDevice(device.token);
    // Explicit, distinct timestamps: the platform keeps one value per key and millisecond, so two
    // publishes landing in the same millisecond would rightly be one point.
    const t0 = Date.now() - 10_000;
    const publish = (ts: number, temperature: number) =>
      sim.sendTelemetry({ ts, values: { temperature } });
    await publish(t0, 20.5);
    await operatorPage.refresh();
    await operatorPage.selectDevice(device.name);
    const panel = await operatorPage.openDetailTab('Device telemetry');
    const latest = panel.getByRole('region', { name: 'Latest telemetry' });
    await expect(latest.getByRole('row', { name: /temperature/ })).toContainText('20.5');

    for (const [i, value] of [21, 22, 23].entries()) await publish(t0 + 1_000 * (i + 1), value);
    await expect(latest.getByRole('row', { name: /temperature/ })).toContainText('23');
    const chart = panel.getByRole('region', { name: 'Chart' });
    await expect(chart.getByRole('checkbox', { name: 'temperature' })).toBeChecked();
    // The live tail holds the points pushed since the operator's live series started: at login (the
    // fleet overview shares that store) all four, else the three published after the chart opened.
    await expect(chart.getByLabel('Chart points')).toHaveText(/^[34] points$/);

    await chart.getByLabel('Chart mode').selectOption({ label: 'History' });
    await chart.getByLabel('Aggregation').selectOption('NONE');
    await expect(chart.getByLabel('Chart points')).toHaveText('4 points');
    await chart.getByLabel('Aggregation').selectOption('MAX');
    await expect(chart.getByLabel('Chart points')).not.toHaveText('0 points');
  });

  test('edits shared and server attributes, deletes them, and keeps client ones read-only', async ({
    operatorPage,
    device,
    broker,
  }) => {
    const hub = broker.hub.attributes;
    await hub.save(device.id, 'CLIENT', hub.toEntries({ firmware: '1.0.3' }));
    await operatorPage.refresh();
    await operatorPage.selectDevice(device.name);
    const panel = await operatorPage.openDetailTab('Device attributes');

    const form = panel.getByRole('form', { name: 'Set a shared attribute' });
    await form.getByLabel('Attribute key').fill('target');
    await form.getByLabel('Attribute value').fill('21');
    await form.getByRole('button', { name: 'Save shared attribute' }).click();
    const shared = panel.getByRole('table', { name: 'Shared attributes' });
    await expect(shared.getByRole('row', { name: /target/ })).toContainText('21');
    expect(hub.get(device.id, 'SHARED').find((a) => a.key === 'target')?.value).toEqual({
      type: 'LONG',
      value: 21n,
    });

    await shared.getByRole('button', { name: 'Delete shared attribute target' }).click();
    await expect(shared.getByRole('row', { name: /target/ })).toHaveCount(0);
    expect(hub.get(device.id, 'SHARED')).toHaveLength(0);

    await panel.getByRole('radio', { name: 'Server' }).check();
    const serverForm = panel.getByRole('form', { name: 'Set a server attribute' });
    await serverForm.getByLabel('Attribute key').fill('room');
    await serverForm.getByLabel('Attribute value').fill('lab');
    await serverForm.getByRole('button', { name: 'Save server attribute' }).click();
    await expect(
      panel.getByRole('table', { name: 'Server attributes' }).getByRole('row', { name: /room/ }),
    ).toContainText('"lab"');
    expect(hub.get(device.id, 'SERVER').some((a) => a.key === 'room')).toBe(true);

    await panel.getByRole('radio', { name: 'Client' }).check();
    const client = panel.getByRole('table', { name: 'Client attributes' });
    await expect(client.getByRole('row', { name: /firmware/ })).toContainText('1.0.3');
    await expect(client.getByRole('button')).toHaveCount(0);
  });

  test('lists the device sessions and its refused packets with the reason', async ({
    operatorPage,
    device,
    simDevice,
  }) => {
    const sim = await simDevice(device.token);
    await operatorPage.refresh();
    await operatorPage.selectDevice(device.name);
    const panel = await operatorPage.openDetailTab('Sessions and events');
    await expect(panel.getByRole('table', { name: 'Open sessions' }).getByRole('row')).toHaveCount(
      2,
    );
    // At QoS 0: the broker closes the connection without an answer (spec §4).
    await sim.sendTelemetry('{not json', { qos: 0 });
    const events = panel.getByRole('table', { name: 'Events' });
    await expect(events.getByRole('row', { name: /invalid_payload/ })).toBeVisible();
    await expect(events.getByRole('row', { name: /session_closed/ })).toBeVisible();
    await expect(
      panel.getByRole('table', { name: 'Open sessions' }).getByText('No open session.'),
    ).toBeVisible();
  });
});
