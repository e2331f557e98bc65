import type { Locator, Page } from '@playwright/test';

import { DevicePanel } from './device-panel.ts';

/** The Claim tab: secret key and duration, and the PUBACK result. */
export class ClaimPanel extends DevicePanel {
  constructor(page: Page) {
    super(page, 'Claim');
  }

  secretKey(): Locator {
    return this.root().getByLabel('Secret key');
  }

  duration(): Locator {
    return this.root().getByLabel('Duration (ms)');
  }

  sendButton(): Locator {
    return this.root().getByRole('button', { name: 'Send claim request' });
  }

  result(): Locator {
    return this.root().getByRole('status', { name: 'Claim result' });
  }

  /** Fills what is given (empty fields keep the broker's defaults) and sends. */
  async claim(options: { secretKey?: string; durationMs?: number } = {}): Promise<void> {
    if (options.secretKey !== undefined) await this.secretKey().fill(options.secretKey);
    if (options.durationMs !== undefined) await this.duration().fill(String(options.durationMs));
    await this.sendButton().click();
  }
}
