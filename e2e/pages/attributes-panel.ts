import type { Locator } from '@playwright/test';

import { DevicePanel } from './device-panel.ts';

export type AttributeType = 'String' | 'Boolean' | 'Number' | 'JSON';

/** The Attributes tab: client editor, attribute request and the live shared view. */
export class AttributesPanel extends DevicePanel {
  constructor(page: DevicePanel['page']) {
    super(page, 'Attributes');
  }

  attributeKey(n: number): Locator {
    return this.root().getByLabel(`Key of attribute ${String(n)}`);
  }

  attributeType(n: number): Locator {
    return this.root().getByLabel(`Type of attribute ${String(n)}`);
  }

  attributeValue(n: number): Locator {
    return this.root().getByLabel(`Value of attribute ${String(n)}`);
  }

  /** Fills row `n` (1-based) of the client-attribute editor. */
  async setAttribute(n: number, key: string, type: AttributeType, value: string): Promise<void> {
    await this.attributeKey(n).fill(key);
    await this.attributeType(n).selectOption({ label: type });
    if (type === 'Boolean') await this.attributeValue(n).selectOption(value);
    else await this.attributeValue(n).fill(value);
  }

  addAttribute(): Locator {
    return this.root().getByRole('button', { name: 'Add attribute' });
  }

  publishButton(): Locator {
    return this.root().getByRole('button', { name: 'Publish attributes' });
  }

  publishResult(): Locator {
    return this.root().getByRole('status', { name: 'Attributes result' });
  }

  /** Chooses what to request ("All attributes", "Client keys only", …) and sends the request. */
  async request(mode: string, keys: { client?: string; shared?: string } = {}): Promise<void> {
    await this.root().getByRole('radio', { name: mode, exact: true }).check();
    if (keys.client !== undefined)
      await this.root().getByLabel('Client keys', { exact: true }).fill(keys.client);
    if (keys.shared !== undefined)
      await this.root().getByLabel('Shared keys', { exact: true }).fill(keys.shared);
    await this.root().getByRole('button', { name: 'Request attributes' }).click();
  }

  response(): Locator {
    return this.root().getByRole('status', { name: 'Attribute response' });
  }

  responseTable(section: 'Client' | 'Shared'): Locator {
    return this.response().getByRole('table', { name: `${section} attributes in the response` });
  }

  /** The live view's table of current shared values. */
  sharedTable(): Locator {
    return this.root().getByRole('table', { name: 'Current shared attributes' });
  }

  sharedRow(key: string): Locator {
    return this.sharedTable().getByRole('row', { name: new RegExp(`^${key}\\b`) });
  }

  history(): Locator {
    return this.root().getByRole('list', { name: 'History' });
  }
}
