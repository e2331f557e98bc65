import type { Page } from '@playwright/test';

import { axeFindings, VIEWPORTS } from '../fixtures/axe.ts';
import type { AxeFinding } from '../fixtures/axe.ts';
import { expect, test } from '../fixtures/operator-test.ts';
import { AppPage } from '../pages/app-page.ts';
import { OperatorPage } from '../pages/operator-page.ts';

const DEVICE_TABS = ['Telemetry', 'Attributes', 'RPC', 'Claim', 'Provision', 'Firmware', 'Log'];
const DETAIL_TABS = ['Device telemetry', 'Device attributes', 'Device RPC', 'Sessions and events'];
const OPERATOR_TABS = ['Fleet overview', 'Provisioning profiles', 'Claiming', 'Firmware'];

/** Opens each tab of `names` in turn and runs axe on the page. */
async function scanTabs(page: Page, role: string, names: string[]): Promise<AxeFinding[]> {
  const found: AxeFinding[] = [];
  for (const name of names) {
    const tab = page.getByRole('tab', { name, exact: true }).first();
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    found.push(...(await axeFindings(page, `${role} ${name}`)));
  }
  return found;
}

const SIZES = (['phone', 'laptop', 'desktop'] as const).map(
  (size) => [size, VIEWPORTS[size]] as const,
);

for (const [size, viewport] of SIZES) {
  for (const theme of ['light', 'dark'] as const) {
    test.describe(`Accessibility at ${size} size, ${theme} theme (axe, every rule)`, () => {
      test.beforeEach(async ({ page, broker, device, simDevice }) => {
        test.setTimeout(120_000);
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme: theme });
        await simDevice(device.token);
        const operator = new OperatorPage(page);
        await operator.openOneClick(broker.httpUrl, broker.admin.password);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await operator.refresh();
        await operator.selectDevice(device.name);
        await expect(operator.detail(device.name)).toBeVisible();
      });

      test('the operator views have no violations', async ({ page }) => {
        const found = [
          ...(await scanTabs(page, 'operator', DETAIL_TABS)),
          ...(await scanTabs(page, 'operator', OPERATOR_TABS)),
        ];
        expect(found).toEqual([]);
      });

      test('the device views have no violations', async ({ page, device }) => {
        await page.getByRole('radio', { name: 'Device' }).click();
        await new AppPage(page).connectAndWait(device.token);
        expect(await scanTabs(page, 'device', DEVICE_TABS)).toEqual([]);
      });

      test('the split view has no violations', async ({ page }) => {
        await page.getByRole('radio', { name: 'Both' }).click();
        await expect(page.getByRole('region', { name: 'Operator side' })).toBeVisible();
        expect(await scanTabs(page, 'both', ['Devices', 'Device telemetry'])).toEqual([]);
      });
    });
  }
}
