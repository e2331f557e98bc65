import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

import { checksum, isChecksumAlgorithm } from '../../../src/protocol/checksum.ts';
import type { OperatorParams } from '../../../src/protocol/operator-api.ts';
import type { OtaPackageDto, OtaUploadStartDto } from '../../../src/protocol/operator-ota-dto.ts';
import { UsageError } from '../command-line.ts';

import type { Command, CommandContext } from './context.ts';
import { optional as opt } from './device-commands.ts';
import { bytes, keyValues } from './format.ts';

/** Chunk calls in flight at once. */
const PARALLEL = 4;

const uploaded = (p: OtaPackageDto) =>
  `uploaded ${p.title} ${p.version} (${p.id})\n${keyValues({
    type: p.type,
    size: p.url ?? bytes(p.size),
    checksum: p.checksum === null ? '-' : `${p.checksumAlgorithm ?? '?'} ${p.checksum}`,
    fileName: p.fileName,
  })}`;

/**
 * `ota upload <file> --title T --version V [--type SOFTWARE] [--alg SHA256] [--tag t]
 * [--file-name n] [--content-type c]`, or `ota upload --package-url <url> …` (`--url` is the broker's): ota.upload, then the file in
 * base64 chunks with a progress line on stderr, then ota.upload.finish with the checksum computed
 * here, so the broker verifies what arrived. A failed or interrupted upload is aborted.
 */
export const uploadCommand: Command = async (ctx) => {
  const { args } = ctx;
  const url = args.flag('package-url');
  const file = url === undefined ? args.pos('<file>') : undefined;
  const title = args.flag('title');
  const version = args.flag('version');
  const alg = args.flag('alg')?.toUpperCase();
  const optional = {
    ...opt('type', typeFlag(ctx)),
    ...opt('tag', args.flag('tag')),
    ...opt('fileName', args.flag('file-name') ?? (file === undefined ? undefined : basename(file))),
    ...opt('contentType', args.flag('content-type')),
    ...opt('checksum', args.flag('checksum')),
  };
  args.done();
  if (title === undefined || version === undefined)
    throw new UsageError('ota upload needs --title <title> and --version <version>');
  // an unknown algorithm is sent as given: the broker's error lists the known ones
  const meta = { title, version, ...optional, ...opt('checksumAlgorithm', alg) } as Omit<
    OperatorParams<'ota.upload'>,
    'size' | 'url'
  >;
  if (url !== undefined) {
    const pkg = await ctx.call('ota.upload', { ...meta, url });
    if ('uploadId' in pkg) throw new Error('the broker started a chunked upload for a URL');
    ctx.print(pkg, uploaded);
    return;
  }
  const data = await readData(file ?? '');
  const algorithm = alg ?? 'SHA256';
  const sum = isChecksumAlgorithm(algorithm) ? checksum(data, algorithm) : undefined;
  const started = await ctx.call('ota.upload', {
    ...opt('checksum', sum),
    ...meta,
    size: data.length,
  });
  if (!('uploadId' in started)) throw new Error('the broker did not start a chunked upload');
  try {
    await sendChunks(ctx, started, data, file ?? '');
    ctx.print(await ctx.call('ota.upload.finish', { uploadId: started.uploadId }), uploaded);
  } catch (error) {
    await ctx.call('ota.upload.abort', { uploadId: started.uploadId }).catch(() => undefined);
    throw error;
  }
};

async function readData(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Sends every chunk, PARALLEL at a time, with a progress line; stops when interrupted. */
async function sendChunks(
  ctx: CommandContext,
  started: OtaUploadStartDto,
  data: Buffer,
  file: string,
): Promise<void> {
  const { uploadId, chunkSize, chunks } = started;
  const since = Date.now();
  let next = 0;
  let sent = 0;
  let stopped = false;
  void ctx.interrupted.then(() => (stopped = true));
  const line = () => {
    const seconds = Math.max(0.001, (Date.now() - since) / 1000);
    const pct = Math.floor((sent / data.length) * 100);
    return `uploading ${basename(file)}: ${bytes(sent)} of ${bytes(data.length)} (${String(pct)}%), ${bytes(Math.round(sent / seconds))}/s`;
  };
  const worker = async () => {
    for (let index = next++; index < chunks; index = next++) {
      if (stopped) throw new Error('interrupted: the upload was aborted');
      const part = data.subarray(index * chunkSize, (index + 1) * chunkSize);
      await ctx.call('ota.upload.chunk', { uploadId, index, data: part.toString('base64') });
      sent += part.length;
      ctx.progress(line());
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, chunks) }, worker));
  ctx.progress(`${line()}, ${String(chunks)} chunks of ${bytes(chunkSize)}`, true);
}

/** `--type FIRMWARE|SOFTWARE` (any case), or undefined when left out. */
export function typeFlag(ctx: CommandContext): 'FIRMWARE' | 'SOFTWARE' | undefined {
  const raw = ctx.args.flag('type');
  if (raw === undefined) return undefined;
  const type = raw.toUpperCase();
  if (type !== 'FIRMWARE' && type !== 'SOFTWARE')
    throw new UsageError(`--type must be FIRMWARE or SOFTWARE, got "${raw}"`);
  return type;
}
