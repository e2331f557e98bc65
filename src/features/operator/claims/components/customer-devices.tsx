import { useState } from 'react';

import { errorMessage } from '@/lib/error-message.ts';
import type { CustomerDto } from '@protocol/operator-claim-dto.ts';
import type { DeviceDto } from '@protocol/operator-dto.ts';

import { useReclaimDevice } from '../api/use-claim-mutations.ts';

export interface CustomerDevicesProps {
  customers: readonly CustomerDto[];
  /** The devices known here (their `customerId` says who owns them): the first 1000 of a fleet. */
  devices: readonly DeviceDto[];
}

/** Each customer with the devices it owns now, each with "Reclaim" (releases the device). */
export function CustomerDevices({ customers, devices }: CustomerDevicesProps) {
  const reclaim = useReclaimDevice();
  const [notice, setNotice] = useState<string | null>(null);
  const owned = (customerId: string) => devices.filter((d) => d.customerId === customerId);

  return (
    <>
      {customers.length === 0 && <p className="pk-muted">No customer owns a device yet.</p>}
      <ul className="op-rpc-list" aria-label="Customers">
        {customers.map((customer) => (
          <li key={customer.id} aria-label={`Customer ${customer.name}`}>
            <strong>{customer.name}</strong>{' '}
            <span className="pk-muted">
              {customer.deviceCount} {customer.deviceCount === 1 ? 'device' : 'devices'}
              {/* counted by the server; listed only from the devices known here */}
              {owned(customer.id).length < customer.deviceCount &&
                `, ${String(owned(customer.id).length)} listed here (the first ${String(devices.length)} devices of the fleet are looked at)`}
            </span>
            <ul aria-label={`Devices of ${customer.name}`}>
              {owned(customer.id).map((device) => (
                <li key={device.id}>
                  {device.name}{' '}
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-label={`Reclaim ${device.name}`}
                    disabled={reclaim.isPending}
                    onClick={() => {
                      setNotice(null);
                      reclaim.mutate(device.id, {
                        onSuccess: (r) => {
                          setNotice(
                            r.released
                              ? `Device ${r.device.name} released from customer ${r.customer.name ?? r.customer.id}: it has no owner now.`
                              : `Device ${r.device.name} had no owner: nothing to release.`,
                          );
                        },
                      });
                    }}
                  >
                    Reclaim
                  </button>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <div role="status" aria-label="Reclaim result">
        {notice !== null && <p className="pk-note pk-note--ok">{notice}</p>}
        {reclaim.error && (
          <p className="text-danger">Could not reclaim the device: {errorMessage(reclaim.error)}</p>
        )}
      </div>
    </>
  );
}
