import type { Locator } from '@playwright/test';

import { DevicePanel } from './device-panel.ts';

/** The Telemetry tab: the checked editor and the generators. */
export class TelemetryPanel extends DevicePanel {
  constructor(page: DevicePanel['page']) {
    super(page, 'Telemetry');
  }

  editor(): Locator {
    return this.root().getByLabel('Telemetry JSON');
  }

  /** The preview row of one key: key, type, value, timestamp. */
  typedRow(key: string): Locator {
    return this.root()
      .getByRole('table', { name: 'What the platform will store' })
      .getByRole('row', { name: new RegExp(`^${key}\\b`) });
  }

  check(): Locator {
    return this.root().locator('[id$="-check"]');
  }

  sendButton(): Locator {
    return this.root().getByRole('button', { name: 'Send telemetry' });
  }

  result(): Locator {
    return this.root().getByRole('status', { name: 'Telemetry result' });
  }

  topic(): Locator {
    return this.root().getByLabel('Topic', { exact: true });
  }

  qos(): Locator {
    return this.root().getByLabel('QoS', { exact: true });
  }

  sendExactlyAsTyped(): Locator {
    return this.root().getByLabel('Send exactly as typed (no check, no conversion)');
  }

  /** Types a payload and sends it. */
  async send(json: string): Promise<void> {
    await this.editor().fill(json);
    await this.sendButton().click();
  }

  generator(n: number): Locator {
    return this.root().getByRole('group', { name: `Generator ${String(n)}` });
  }

  generatorCounters(n: number): Locator {
    return this.root().getByRole('status', { name: `Generator ${String(n)} counters` });
  }

  /** Sets key, rate and waveform of generator `n`. */
  async configureGenerator(n: number, options: { key: string; rateHz: number; waveform?: string }) {
    const row = this.generator(n);
    await row.getByLabel('Key').fill(options.key);
    if (options.waveform !== undefined)
      await row.getByLabel('Waveform').selectOption({ label: options.waveform });
    await row.getByLabel('Rate (Hz)').fill(String(options.rateHz));
  }

  startGenerator(n: number): Locator {
    return this.root().getByRole('button', { name: `Start Generator ${String(n)}` });
  }

  stopGenerator(n: number): Locator {
    return this.root().getByRole('button', { name: `Stop Generator ${String(n)}` });
  }
}
