import type { Locator, Page } from '@playwright/test';

import { DevicePanel } from './device-panel.ts';

export type CredentialTypeLabel = 'Token' | 'MQTT basic' | 'X.509 certificate';

/** The Provision tab: a provision-only session, the request form and the response. */
export class ProvisionPanel extends DevicePanel {
  constructor(page: Page) {
    super(page, 'Provision');
  }

  async connectForProvisioning(): Promise<void> {
    await this.root().getByRole('button', { name: 'Connect for provisioning' }).click();
  }

  /** Says the session is a provision-only client. */
  provisionSessionNote(): Locator {
    return this.root().getByText('Connected as a provision-only client');
  }

  field(label: string): Locator {
    return this.root().getByLabel(label, { exact: true });
  }

  credentialType(type: CredentialTypeLabel): Locator {
    return this.root().getByRole('radio', { name: type, exact: true });
  }

  async provision(request: {
    deviceName: string;
    key: string;
    secret: string;
    type?: CredentialTypeLabel;
    fields?: Record<string, string>;
  }): Promise<void> {
    await this.field('Device name').fill(request.deviceName);
    await this.field('Provision key').fill(request.key);
    await this.field('Provision secret').fill(request.secret);
    await this.credentialType(request.type ?? 'Token').check();
    for (const [label, value] of Object.entries(request.fields ?? {}))
      await this.field(label).fill(value);
    await this.root().getByRole('button', { name: 'Provision device' }).click();
  }

  result(): Locator {
    return this.root().getByRole('status', { name: 'Provision result' });
  }

  connectAsDeviceButton(): Locator {
    return this.root().getByRole('button', { name: 'Connect as this device' });
  }
}
