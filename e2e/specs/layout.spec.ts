import { randomBytes } from 'node:crypto';

import type { WebSocketRoute } from '@playwright/test';

import { VIEWPORTS } from '../fixtures/axe.ts';
import {
  drawnWhole,
  overlap,
  selectShowsChoice,
  sidewaysScroll,
  textFits,
  textLines,
} from '../fixtures/layout.ts';
import { expect, test } from '../fixtures/operator-test.ts';
import { AppPage } from '../pages/app-page.ts';
import { LogPanel } from '../pages/log-panel.ts';
import { OperatorPage } from '../pages/operator-page.ts';
import { OtaPackagesPanel } from '../pages/ota-packages-panel.ts';
import { RpcPanel } from '../pages/rpc-panel.ts';

/** Each role and the session badges its header shows. */
const ROLES = [
  { role: 'Operator', badges: ['Operator connection'] },
  { role: 'Device', badges: ['Device connection'] },
  { role: 'Both', badges: ['Device connection', 'Operator connection'] },
] as const;

test.describe('Layout on phones and tablets', () => {
  for (const size of ['phone', 'tablet'] as const) {
    test(`${size}: the header parts never overlap, every role switch tap switches, no view scrolls sideways`, async ({
      page,
      broker,
      device,
    }) => {
      await page.setViewportSize(VIEWPORTS[size]);
      const operator = new OperatorPage(page);
      await operator.openOneClick(broker.httpUrl, broker.admin.password);
      await operator.refresh();
      await operator.selectDevice(device.name);
      const roleSwitch = page.getByRole('group', { name: 'Console role' });
      await roleSwitch.getByText('Device', { exact: true }).click();
      await new AppPage(page).connectAndWait(device.token);

      const header = page.getByRole('banner');
      for (const { role, badges } of ROLES) {
        // A real tap on the label: it fails when another element (a badge) sits on top of it.
        await roleSwitch.getByText(role, { exact: true }).click();
        await expect(roleSwitch.getByRole('radio', { name: role })).toBeChecked();
        const parts = [
          header.getByRole('heading', { name: 'IoT Hub device console' }),
          roleSwitch,
          header.getByRole('button', { name: 'Dark theme' }),
          ...badges.map((name) => header.getByRole('status', { name })),
        ];
        for (const [i, a] of parts.entries())
          for (const b of parts.slice(i + 1)) expect(await overlap(a, b)).toBe(false);
        expect(await sidewaysScroll(page)).toBe(0);
      }
    });
  }
});

test.describe('Layout at 1280 × 720', () => {
  test.beforeEach(async ({ page }) => {
    await page.setViewportSize(VIEWPORTS.laptop);
  });

  test('a 22-character device name leaves every row button whole', async ({
    operatorPage,
    broker,
  }) => {
    const { device } = await broker.hub.devices.create({ name: 'greenhouse-sensor-0042' });
    await operatorPage.refresh();
    const row = operatorPage.deviceRow(device.name);
    for (const name of ['Simulate', 'Copy credentials of', 'Delete']) {
      const button = row.getByRole('button', { name: new RegExp(`^${name}`) });
      await expect(button).toBeVisible();
      expect(await drawnWhole(button)).toBe(true);
    }
    await broker.hub.devices.delete(device.id);
  });

  test('the OTA packages table breaks no word', async ({ page, operatorPage, broker }) => {
    const pkg = await broker.hub.ota.upload({
      title: 'firmware-for-pumps',
      version: '1.0.0-beta.12',
      type: 'FIRMWARE',
      data: randomBytes(2048),
    });
    const panel = new OtaPackagesPanel(page);
    await panel.open();
    const table = panel.root().getByRole('table', { name: 'OTA packages' });
    await expect(table.getByRole('rowheader', { name: pkg.title })).toBeVisible();
    for (const header of await table.getByRole('columnheader').all())
      expect(await textLines(header)).toBe(1);
    const remove = table.getByRole('button', { name: `Delete ${pkg.title} ${pkg.version}` });
    expect(await textLines(remove)).toBe(1);
    expect(await textLines(table.getByRole('cell', { name: pkg.version, exact: true }))).toBe(1);
    expect(await drawnWhole(remove)).toBe(true);
    await expect(operatorPage.loggedIn()).toBeVisible();
    await broker.hub.ota.delete(pkg.id);
  });

  test('the log shows whole topics', async ({ page, device, appPage }) => {
    await appPage.connectAndWait(device.token);
    const log = new LogPanel(page);
    await log.open();
    const topic = log.packets().getByTitle('v1/devices/me/rpc/request/+');
    await expect(topic).toBeVisible();
    expect(await textFits(topic)).toBe(true);
  });

  test('the split view shows the whole topic family choice', async ({ page, broker }) => {
    await new OperatorPage(page).openOneClick(broker.httpUrl, broker.admin.password, 'both');
    const rpc = new RpcPanel(page);
    await rpc.open();
    const family = rpc.root().getByLabel('Topic family');
    for (const option of ['v1', 'v2', 'v2j']) {
      await family.selectOption(option);
      expect(await selectShowsChoice(family)).toBe(true);
    }
  });

  test('a connection error in the sidebar is drawn whole at 720 px height', async ({
    appPage,
    page,
  }) => {
    await appPage.brokerUrl().fill('ws://127.0.0.1:9/mqtt');
    await appPage.connect('any-token');
    const error = appPage.status().getByText(/Cannot reach the broker/);
    await expect(error).toBeVisible();
    await expect(error).toBeInViewport({ ratio: 1 });
    expect(await drawnWhole(error)).toBe(true);
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  });

  test('while the operator session reconnects, its panels stay on screen', async ({
    page,
    broker,
    device,
  }) => {
    // Every MQTT WebSocket goes through Playwright: cutting them makes the session reconnect.
    let cut = false;
    const open: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/mqtt$/, (ws) => {
      if (cut) {
        void ws.close();
        return;
      }
      ws.connectToServer();
      open.push(ws);
    });
    const operator = new OperatorPage(page);
    await operator.openOneClick(broker.httpUrl, broker.admin.password);
    await operator.refresh();
    await expect(operator.deviceRow(device.name)).toBeVisible();

    cut = true;
    for (const ws of open.splice(0)) await ws.close();
    await expect(
      page.getByRole('status', { name: 'Operator session' }).getByText('Reconnecting as'),
    ).toBeVisible();
    await expect(operator.deviceRow(device.name)).toBeVisible();
    await expect(operator.tab('Devices')).toBeVisible();

    cut = false;
    await expect(operator.loggedIn()).toBeVisible({ timeout: 20_000 });
    await expect(operator.deviceRow(device.name)).toBeVisible();
  });
});
