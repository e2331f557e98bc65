import type { Locator } from '@playwright/test';

import type { OperatorPage } from './operator-page.ts';

/** The operator's "Claiming" tab: the claim form and the customers with their devices. */
export class ClaimsPanel {
  constructor(readonly operator: OperatorPage) {}

  root(): Locator {
    return this.operator.panel('Claiming');
  }

  async open(): Promise<void> {
    await this.operator.tab('Claiming').click();
  }

  form(): Locator {
    return this.root().getByRole('form', { name: 'Claim a device' });
  }

  /** Every device with a claim registration the broker stores (live). */
  waiting(): Locator {
    return this.form().getByRole('list', { name: 'Waiting to be claimed' });
  }

  /** Puts a waiting device's name in the form. */
  async useWaiting(deviceName: string): Promise<void> {
    await this.waiting()
      .getByRole('button', { name: `Use ${deviceName}`, exact: true })
      .click();
  }

  deviceName(): Locator {
    return this.form().getByLabel('Device name');
  }

  /**
   * Fills the form (an omitted device name is left as it is, an omitted secret empty) and presses
   * "Claim device".
   */
  async claim(options: {
    deviceName?: string;
    customer: string;
    secretKey?: string;
  }): Promise<void> {
    const form = this.form();
    if (options.deviceName !== undefined) await this.deviceName().fill(options.deviceName);
    await form.getByLabel('Secret key').fill(options.secretKey ?? '');
    await form.getByLabel('Customer').fill(options.customer);
    await form.getByRole('button', { name: 'Claim device' }).click();
  }

  /** SUCCESS / FAILURE / CLAIMED in plain words. */
  result(): Locator {
    return this.form().getByRole('status', { name: 'Claim result' });
  }

  /** The devices a customer owns now. */
  devicesOf(customer: string): Locator {
    return this.root().getByRole('list', { name: `Devices of ${customer}`, exact: true });
  }

  async reclaim(deviceName: string): Promise<void> {
    await this.root()
      .getByRole('button', { name: `Reclaim ${deviceName}`, exact: true })
      .click();
  }

  reclaimResult(): Locator {
    return this.root().getByRole('status', { name: 'Reclaim result' });
  }
}
