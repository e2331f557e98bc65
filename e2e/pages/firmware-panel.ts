import type { Locator, Page } from '@playwright/test';

import { DevicePanel } from './device-panel.ts';

export type OtaLabel = 'Firmware' | 'Software';

/** The Firmware tab: a firmware and a software section, each with its package and download. */
export class FirmwarePanel extends DevicePanel {
  constructor(page: Page, scope: Page | Locator = page) {
    super(page, 'Firmware', scope);
  }

  section(kind: OtaLabel): Locator {
    return this.root().getByRole('region', { name: kind, exact: true });
  }

  /** The announced package (title, version, size, checksum) as a description list. */
  packageDetails(kind: OtaLabel): Locator {
    return this.section(kind).getByLabel(`${kind} package`);
  }

  chunkSize(kind: OtaLabel): Locator {
    return this.section(kind).getByLabel(`${kind} chunk size (bytes)`);
  }

  downloadButton(kind: OtaLabel): Locator {
    return this.section(kind).getByRole('button', { name: `Download ${kind.toLowerCase()}` });
  }

  async download(kind: OtaLabel, chunkSize?: number): Promise<void> {
    if (chunkSize !== undefined) await this.chunkSize(kind).fill(String(chunkSize));
    await this.downloadButton(kind).click();
  }

  progress(kind: OtaLabel): Locator {
    return this.section(kind).getByRole('progressbar', { name: `${kind} download progress` });
  }

  statistics(kind: OtaLabel): Locator {
    return this.section(kind).getByLabel(`${kind} download statistics`);
  }

  states(kind: OtaLabel): Locator {
    return this.section(kind).getByRole('list', { name: /^Reported (fw|sw)_state$/ });
  }

  saveLink(kind: OtaLabel): Locator {
    return this.section(kind).getByRole('link', {
      name: new RegExp(`^Save ${kind.toLowerCase()} image`),
    });
  }

  alert(kind: OtaLabel): Locator {
    return this.section(kind).getByRole('alert');
  }
}
