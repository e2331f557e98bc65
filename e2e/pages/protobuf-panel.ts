import type { Locator, Page } from '@playwright/test';

import { DevicePanel } from './device-panel.ts';

/** The device console's Protobuf tab (device-api.md §2.3). */
export class ProtobufPanel extends DevicePanel {
  constructor(page: Page, scope: Page | Locator = page) {
    super(page, 'Protobuf', scope);
  }

  async takeSchemasFromProfile(): Promise<void> {
    await this.root()
      .getByRole('button', { name: "Take the schemas from the device's profile" })
      .click();
  }

  speakProtobuf(): Locator {
    return this.root().getByRole('checkbox', { name: /Speak Protobuf/ });
  }

  sendForm(): Locator {
    return this.root().getByRole('form', { name: 'Send Protobuf' });
  }

  stored(): Locator {
    return this.sendForm().getByRole('table', { name: 'What the platform will store' });
  }

  async send(): Promise<void> {
    await this.sendForm().getByRole('button', { name: 'Send Protobuf' }).click();
  }
}
