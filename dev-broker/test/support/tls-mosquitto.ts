import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { closedPort } from './raw-mqtt.ts';

const run = promisify(execFile);
export const MOSQUITTO = '/usr/sbin/mosquitto';

/** PEM files made by openssl for one test run. */
export interface TestPki {
  dir: string;
  /** The CA that signed the server and client certificates. */
  ca: Buffer;
  /** A CA that signed nothing here. */
  otherCa: Buffer;
  clientCert: Buffer;
  clientKey: Buffer;
  file(name: string): string;
  remove(): void;
}

async function openssl(dir: string, ...args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir, timeout: 20_000 });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A throwaway CA, a server certificate for 127.0.0.1, a client certificate and an unrelated CA. */
export async function makePki(): Promise<TestPki> {
  const dir = mkdtempSync(join(tmpdir(), 'iothub-bridge-tls-'));
  chmodSync(dir, 0o755); // mosquitto drops root privileges before it reads the files
  const ca = async (name: string) =>
    openssl(
      dir,
      'req',
      '-x509',
      ...EC,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
    );
  const leaf = async (name: string, ext: string) => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    await openssl(
      dir,
      'req',
      ...EC,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}`,
    );
    await openssl(
      dir,
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
  };
  await ca('ca');
  await ca('other-ca');
  await leaf('server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await leaf('client', 'extendedKeyUsage=clientAuth\n');
  for (const f of ['ca.crt', 'server.crt', 'server.key']) chmodSync(join(dir, f), 0o644);
  const read = (name: string) => readFileSync(join(dir, name));
  return {
    dir,
    ca: read('ca.crt'),
    otherCa: read('other-ca.crt'),
    clientCert: read('client.crt'),
    clientKey: read('client.key'),
    file: (name) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Debian's mosquitto on a TLS listener that requires a client certificate signed by `pki`'s CA. */
export interface TlsMosquitto {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts mosquitto. It cannot listen on port 0 and report the port, so a free port is picked by
 * binding port 0 and releasing it; a lost race (the port taken meanwhile) is retried.
 */
export async function startTlsMosquitto(pki: TestPki): Promise<TlsMosquitto> {
  if (!existsSync(MOSQUITTO))
    throw new Error(`${MOSQUITTO} is missing: apt-get install -y mosquitto`);
  for (let attempt = 1; ; attempt++) {
    const port = await closedPort();
    const conf = pki.file(`mosquitto-${String(port)}.conf`);
    writeFileSync(
      conf,
      [
        `listener ${String(port)} 127.0.0.1`,
        'allow_anonymous true',
        `cafile ${pki.file('ca.crt')}`,
        `certfile ${pki.file('server.crt')}`,
        `keyfile ${pki.file('server.key')}`,
        'require_certificate true',
        'persistence false',
        'log_dest stderr',
        '',
      ].join('\n'),
    );
    chmodSync(conf, 0o644);
    const child: ChildProcess = spawn(MOSQUITTO, ['-c', conf], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    const ready = await new Promise<boolean>((resolve) => {
      const onData = (d: Buffer) => {
        log += d.toString();
        if (/running/.test(log)) resolve(true);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      void exited.then(() => resolve(false));
      setTimeout(() => resolve(false), 10_000).unref();
    });
    if (ready)
      return {
        url: `mqtts://127.0.0.1:${String(port)}`,
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      };
    child.kill('SIGKILL');
    await exited;
    if (attempt >= 3) throw new Error(`mosquitto did not start:\n${log}`);
  }
}
