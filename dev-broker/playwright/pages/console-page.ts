/**
 * The `consolePage` fixture's page object: the console the package serves, opened in the test's
 * `page` at the broker's URL, with one page object per role (device, operator).
 */
import type { Locator, Page } from '@playwright/test';

import { DeviceRole } from './device-role.ts';
import { OperatorRole } from './operator-role.ts';

export class ConsolePage {
  readonly device: DeviceRole;
  readonly operator: OperatorRole;

  constructor(
    readonly page: Page,
    /** The broker's HTTP URL, where the console is served. */
    readonly url: string,
    adminPassword?: string,
  ) {
    this.device = new DeviceRole(page);
    this.operator = new OperatorRole(page, adminPassword);
  }

  /** Opens the console and waits until it shows the device connect form. */
  async open(): Promise<void> {
    await this.page.goto(this.url);
    await this.device.connectForm().waitFor();
  }

  /** The header (title, role switch, connection badges). */
  header(): Locator {
    return this.page.getByRole('banner');
  }
}
