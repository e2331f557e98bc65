import { useId } from 'react';

import { useSession } from '@/lib/session-context.tsx';

import { startGenerator, stopAllGenerators } from '../api/generator-engine.ts';
import { useGeneratorsStore } from '../stores/generators-store.ts';

import { GeneratorRow } from './generator-row.tsx';
import { PublishTarget } from './publish-target.tsx';

/** Several generators at once, each publishing its own key at its own rate. */
export function GeneratorList() {
  const id = useId();
  const session = useSession();
  const generators = useGeneratorsStore((s) => s.generators);
  const family = useGeneratorsStore((s) => s.family);
  const qos = useGeneratorsStore((s) => s.qos);
  const setTarget = useGeneratorsStore((s) => s.setTarget);
  const add = useGeneratorsStore((s) => s.add);

  return (
    <section className="card panel-card" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Generators</h3>
      <p className="hint">
        Each generator publishes {'{"key": value}'} at 0.1–50 Hz: random walk, sine, step, constant
        or counter.
      </p>
      <PublishTarget family={family} qos={qos} onChange={setTarget} name="Generator" />
      {generators.map((config, index) => (
        <GeneratorRow key={config.id} config={config} index={index} />
      ))}
      <div className="button-row">
        <button type="button" className="button button--secondary" onClick={add}>
          Add generator
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            for (const config of generators) {
              if (config.key.trim() !== '') startGenerator(session, config, { family, qos });
            }
          }}
        >
          Start all
        </button>
        <button type="button" className="button button--secondary" onClick={stopAllGenerators}>
          Stop all
        </button>
      </div>
    </section>
  );
}
