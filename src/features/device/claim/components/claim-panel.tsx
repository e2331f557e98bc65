import { useId, useState } from 'react';

import { errorMessage } from '@/lib/error-message.ts';
import { useSessionStatus } from '@/lib/session-context.tsx';
import { describeNoPuback, useWaitingTooLong } from '@/lib/use-waiting-too-long.ts';
import { DEVICE_TOPICS } from '@/protocol/topics.ts';

import {
  DEFAULT_CLAIM_DURATION_MS,
  describeClaimAck,
  encodeClaimRequest,
} from '../api/claim-device.ts';
import type { ClaimInput } from '../api/claim-device.ts';
import { useClaimDevice } from '../api/use-claim-device.ts';

import '@/components/ui/panel-kit.css';

const clock = (ms: number) => new Date(ms).toLocaleString(undefined, { hour12: false });

function parseDuration(text: string): { ok: true; value: number | null } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: null };
  const value = Number(text);
  return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false };
}

/** Claiming (spec §9): the device registers a secret for a while; the platform then claims it by name and secret. */
export function ClaimPanel() {
  const id = useId();
  const connected = useSessionStatus(
    (s) => s.status === 'connected' && s.credentialKind !== 'provision',
  );
  const [secretKey, setSecretKey] = useState('');
  const [durationText, setDurationText] = useState('');
  const claim = useClaimDevice();
  const late = useWaitingTooLong(claim.isPending);
  const duration = parseDuration(durationText);
  const input: ClaimInput | null = duration.ok ? { secretKey, durationMs: duration.value } : null;
  const ackProblem = claim.data ? describeClaimAck(claim.data.reasonCode) : null;

  return (
    <div className="pk-panel">
      <div className="pk-grid">
        <form
          className="pk-card"
          aria-label="Claim registration"
          onSubmit={(event) => {
            event.preventDefault();
            if (input !== null && connected) claim.mutate(input);
          }}
        >
          <h3>Register for claiming</h3>
          <div className="field">
            <label htmlFor={`${id}-secret`}>Secret key</label>
            <input
              id={`${id}-secret`}
              type="text"
              autoComplete="off"
              spellCheck={false}
              aria-describedby={`${id}-secret-hint`}
              value={secretKey}
              onChange={(e) => {
                setSecretKey(e.target.value);
              }}
            />
            <p id={`${id}-secret-hint`} className="hint">
              Optional. Empty means the empty string: the platform then claims without a secret.
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-duration`}>Duration (ms)</label>
            <input
              id={`${id}-duration`}
              type="number"
              step={1}
              placeholder={String(DEFAULT_CLAIM_DURATION_MS)}
              aria-describedby={`${id}-duration-hint`}
              aria-invalid={!duration.ok}
              value={durationText}
              onChange={(e) => {
                setDurationText(e.target.value);
              }}
            />
            <p id={`${id}-duration-hint`} className="hint">
              Optional. Empty, 0 or less uses the broker&apos;s default{' '}
              <code>claim.defaultDurationMs</code> ={' '}
              {DEFAULT_CLAIM_DURATION_MS.toLocaleString('en')} ms (24 h). After that the
              registration expires.
            </p>
          </div>
          <p className="pk-muted">
            Publishes <code>{input === null ? '…' : encodeClaimRequest(input)}</code> to{' '}
            <code>{DEVICE_TOPICS.claim}</code> at QoS 1.
          </p>
          <div className="pk-buttons">
            <button
              type="submit"
              className="button"
              disabled={!connected || input === null || (claim.isPending && !late)}
            >
              Send claim request
            </button>
            {!connected && <span className="pk-muted">Connect as a device first.</span>}
          </div>
        </form>
        <section className="pk-card" aria-labelledby={`${id}-result`}>
          <h3 id={`${id}-result`}>Result</h3>
          <div role="status" aria-label="Claim result" className="pk-panel">
            {claim.isPending && (
              <p className="pk-muted">{late ? describeNoPuback() : 'Waiting for the PUBACK…'}</p>
            )}
            {claim.isError && <p className="pk-note pk-note--error">{errorMessage(claim.error)}</p>}
            {claim.data && (
              <p className={ackProblem ? 'pk-note pk-note--error' : 'pk-note pk-note--ok'}>
                {ackProblem ??
                  `Acknowledged by the broker (PUBACK${claim.data.latencyMs === null ? '' : ` in ${claim.data.latencyMs} ms`}).`}
              </p>
            )}
            {claim.data && !ackProblem && (
              <p className="pk-muted">
                Sent <code>{claim.data.payload}</code>. If the broker registered it, the platform
                can claim this device with the same secret key until {clock(claim.data.expiresAt)}.
              </p>
            )}
          </div>
          <p className="pk-muted">
            The PUBACK comes once the broker stored the registration — or decided not to: a device
            that already belongs to a customer, one not allowed to be claimed, or one with an
            earlier registration that has not expired yet (the first one wins). The platform&apos;s
            claim then answers SUCCESS, FAILURE or CLAIMED.
          </p>
        </section>
      </div>
    </div>
  );
}
