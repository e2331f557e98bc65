import { expect, test } from '../fixtures/test.ts';
import { AttributesPanel } from '../pages/attributes-panel.ts';

test.describe('Attributes panel', () => {
  test('publishes typed client attributes that the broker stores with those types', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const attributes = new AttributesPanel(page);
    await appPage.connectAndWait(device.token);
    await attributes.open();

    await attributes.setAttribute(1, 'attribute1', 'String', 'value1');
    await attributes.setAttribute(2, 'attribute2', 'Boolean', 'true');
    await attributes.addAttribute().click();
    await attributes.setAttribute(3, 'attribute3', 'Number', '42.0');
    await attributes.addAttribute().click();
    await attributes.setAttribute(
      4,
      'attribute5',
      'JSON',
      '{"someNumber": 42, "someArray": [1,2,3]}',
    );
    await attributes.publishButton().click();
    await expect(attributes.publishResult()).toHaveText(/^PUBACK after [\d.]+ ms\.$/);

    const stored = new Map(
      broker.hub.attributes.get(device.id, 'CLIENT').map((a) => [a.key, a.value]),
    );
    expect(stored.get('attribute1')).toEqual({ type: 'STRING', value: 'value1' });
    expect(stored.get('attribute2')).toEqual({ type: 'BOOLEAN', value: true });
    expect(stored.get('attribute3')).toEqual({ type: 'DOUBLE', value: 42 });
    expect(stored.get('attribute5')).toEqual({
      type: 'JSON',
      value: '{"someNumber":42,"someArray":[1,2,3]}',
    });
  });

  test('requests all, client or shared attributes and shows each response', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const { attributes: hubAttributes } = broker.hub;
    await hubAttributes.save(device.id, 'CLIENT', hubAttributes.toEntries({ firmware: '1.0.3' }));
    await hubAttributes.save(device.id, 'SHARED', hubAttributes.toEntries({ targetTemp: 22 }));
    const attributes = new AttributesPanel(page);
    await appPage.connectAndWait(device.token);
    await attributes.open();

    await attributes.request('All attributes');
    await expect(attributes.response()).toContainText('Sent {}');
    await expect(
      attributes.responseTable('Client').getByRole('row', { name: /firmware/ }),
    ).toContainText('"1.0.3"');
    await expect(
      attributes.responseTable('Shared').getByRole('row', { name: /targetTemp/ }),
    ).toContainText('22');

    await attributes.request('Client keys only', { client: 'firmware,missing' });
    await expect(attributes.response()).toContainText('Sent {"clientKeys":"firmware,missing"}');
    await expect(attributes.responseTable('Client')).toContainText('firmware');
    await expect(attributes.responseTable('Shared')).toHaveCount(0);

    await attributes.request('Shared keys only', { shared: 'nothing-here' });
    await expect(attributes.response()).toContainText('none of the requested attributes exist');
  });

  test('shows shared attribute updates and deletions as the platform pushes them', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const attributes = new AttributesPanel(page);
    await appPage.connectAndWait(device.token);
    await attributes.open();
    await expect(
      attributes.root().getByText('Subscribed to v1/devices/me/attributes (QoS 1).'),
    ).toBeVisible();

    const { attributes: hubAttributes } = broker.hub;
    await hubAttributes.save(
      device.id,
      'SHARED',
      hubAttributes.toEntries({ targetTemp: 23, mode: 'eco' }),
    );
    await expect(attributes.sharedRow('targetTemp')).toContainText('23');
    await expect(attributes.sharedRow('mode')).toContainText('"eco"');
    await expect(attributes.history().getByRole('listitem').first()).toContainText(
      'Updated targetTemp = 23, mode = "eco"',
    );

    await hubAttributes.delete(device.id, 'SHARED', ['mode']);
    await expect(attributes.history().getByRole('listitem').first()).toContainText('Deleted mode');
    await expect(attributes.sharedRow('mode')).toHaveCount(0);
    await expect(attributes.sharedRow('targetTemp')).toContainText('23');
  });

  test('shows the shared attributes a device already has on connect, then the pushes', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const { attributes: hubAttributes } = broker.hub;
    await hubAttributes.save(device.id, 'SHARED', hubAttributes.toEntries({ targetTemp: 19 }));
    const attributes = new AttributesPanel(page);
    await attributes.open();
    await expect(
      attributes.root().getByLabel('Fetch the current values on connect', { exact: false }),
    ).toBeChecked();
    await appPage.connectAndWait(device.token);
    await expect(attributes.sharedRow('targetTemp')).toContainText('19');
    await expect(attributes.sharedRow('targetTemp')).toContainText('(response)');

    await hubAttributes.save(device.id, 'SHARED', hubAttributes.toEntries({ targetTemp: 20 }));
    await expect(attributes.sharedRow('targetTemp')).toContainText('(push)');
    await expect(attributes.sharedRow('targetTemp')).toContainText('20');

    // Turned off, a new connection starts empty and only pushes fill it.
    await appPage.disconnect();
    await attributes
      .root()
      .getByLabel('Fetch the current values on connect', { exact: false })
      .uncheck();
    await appPage.connectAndWait(device.token);
    await expect(attributes.sharedRow('targetTemp')).toHaveCount(0);
  });
});
