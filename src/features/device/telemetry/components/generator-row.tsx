import { useId } from 'react';
import { useStore } from 'zustand';

import { Sparkline } from '@/components/charts/sparkline.tsx';
import { useSession } from '@/lib/session-context.tsx';

import { startGenerator, stopGenerator } from '../api/generator-engine.ts';
import { MAX_RATE_HZ, MIN_RATE_HZ, WAVEFORMS } from '../api/waveforms.ts';
import type { WaveformKind, WaveformParams } from '../api/waveforms.ts';
import { useGeneratorsStore } from '../stores/generators-store.ts';
import type { GeneratorConfig } from '../stores/generators-store.ts';
import { liveSeries } from '../stores/live-series-store.ts';

const KINDS = Object.keys(WAVEFORMS) as WaveformKind[];
const PARAM_NAMES = ['a', 'b', 'c'] as const;

/** One generator: key, waveform, rate and parameters; start/stop; sparkline and counters. */
export function GeneratorRow({ config, index }: { config: GeneratorConfig; index: number }) {
  const id = useId();
  const session = useSession();
  const update = useGeneratorsStore((s) => s.update);
  const remove = useGeneratorsStore((s) => s.remove);
  const series = useStore(liveSeries, (s) => s.series[config.id]);
  const running = series?.running ?? false;
  const info = WAVEFORMS[config.kind];
  const name = `Generator ${String(index + 1)}`;

  const setParam = (param: keyof WaveformParams, value: number) => {
    update(config.id, { params: { ...config.params, [param]: value } });
  };

  return (
    <fieldset className="generator" aria-label={name} data-running={running}>
      <legend>
        {name}: {config.key || '(no key)'}
      </legend>
      <div className="generator__fields">
        <div className="field">
          <label htmlFor={`${id}-key`}>Key</label>
          <input
            id={`${id}-key`}
            type="text"
            value={config.key}
            disabled={running}
            onChange={(e) => {
              update(config.id, { key: e.target.value });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>Waveform</label>
          <select
            id={`${id}-kind`}
            value={config.kind}
            disabled={running}
            onChange={(e) => {
              const kind = e.target.value as WaveformKind;
              update(config.id, { kind, params: { ...WAVEFORMS[kind].defaults } });
            }}
          >
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {WAVEFORMS[kind].label}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--narrow">
          <label htmlFor={`${id}-rate`}>Rate (Hz)</label>
          <input
            id={`${id}-rate`}
            type="number"
            min={MIN_RATE_HZ}
            max={MAX_RATE_HZ}
            step={0.1}
            value={config.rateHz}
            disabled={running}
            onChange={(e) => {
              update(config.id, { rateHz: e.target.valueAsNumber });
            }}
          />
        </div>
        {PARAM_NAMES.map((param, i) => {
          const label = info.params[i];
          if (label === null || label === undefined) return null;
          return (
            <div className="field field--narrow" key={param}>
              <label htmlFor={`${id}-${param}`}>{label}</label>
              <input
                id={`${id}-${param}`}
                type="number"
                step="any"
                value={config.params[param]}
                disabled={running}
                onChange={(e) => {
                  setParam(param, e.target.valueAsNumber);
                }}
              />
            </div>
          );
        })}
      </div>
      <div className="generator__live">
        <button
          type="button"
          className={running ? 'button button--secondary' : 'button'}
          aria-label={`${running ? 'Stop' : 'Start'} ${name}`}
          disabled={!running && config.key.trim() === ''}
          onClick={() => {
            if (running) {
              stopGenerator(config.id);
            } else {
              const { family, qos } = useGeneratorsStore.getState();
              startGenerator(session, config, { family, qos });
            }
          }}
        >
          {running ? 'Stop' : 'Start'}
        </button>
        <Sparkline values={series?.values ?? []} label={`${config.key} sent`} />
        <p className="generator__stats" role="status" aria-label={`${name} counters`}>
          Sent {series?.sent ?? 0} · acknowledged {series?.acked ?? 0}
          {(series?.failed ?? 0) > 0 && ` · failed ${String(series?.failed ?? 0)}`}
          {series?.lastLatencyMs !== undefined &&
            series.lastLatencyMs !== null &&
            ` · PUBACK ${series.lastLatencyMs.toFixed(1)} ms`}
        </p>
        <button
          type="button"
          className="button button--secondary button--small"
          aria-label={`Remove ${name}`}
          onClick={() => {
            stopGenerator(config.id);
            remove(config.id);
          }}
        >
          Remove
        </button>
      </div>
      {series?.error !== undefined && series.error !== null && (
        <p className="text-danger">{series.error}</p>
      )}
    </fieldset>
  );
}
