import type { Locator } from '@playwright/test';

import { DevicePanel } from './device-panel.ts';

/** The Log tab: every packet in and out. */
export class LogPanel extends DevicePanel {
  constructor(page: DevicePanel['page']) {
    super(page, 'Log');
  }

  packets(): Locator {
    return this.root().getByRole('listbox', { name: 'Packets' });
  }

  /** Rows whose text matches, e.g. /out publish v1\/devices\/me\/telemetry/. */
  packet(text: RegExp): Locator {
    return this.packets().getByRole('option', { name: text });
  }

  topicFilter(): Locator {
    return this.root().getByLabel('Filter by topic');
  }

  textFilter(): Locator {
    return this.root().getByLabel('Filter by text');
  }

  count(): Locator {
    return this.root().getByRole('status', { name: 'Log count' });
  }

  detail(): Locator {
    return this.root().getByRole('complementary', { name: 'Packet detail' });
  }

  button(name: 'Pause' | 'Resume' | 'Clear' | 'Export JSON'): Locator {
    return this.root().getByRole('button', { name, exact: true });
  }
}
