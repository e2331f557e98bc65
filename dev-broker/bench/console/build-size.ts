import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BuildSizeResult {
  files: { file: string; rawKb: number; gzipKb: number }[];
  initialJsGzipKb: number;
}

const KB = 1024;

/** Gzip size of every script and modulepreload that dist/index.html loads on first paint. */
export function measureBuildSize(distDir: string): BuildSizeResult {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) if (m[1]) refs.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) {
    if (m[1]) refs.add(m[1]);
  }
  const files = [...refs].map((ref) => {
    const data = readFileSync(join(distDir, ref.replace(/^\.?\//, '')));
    return {
      file: ref,
      rawKb: Number((data.length / KB).toFixed(1)),
      gzipKb: Number((gzipSync(data, { level: 9 }).length / KB).toFixed(1)),
    };
  });
  const total = files.reduce((sum, f) => sum + f.gzipKb, 0);
  return { files, initialJsGzipKb: Number(total.toFixed(1)) };
}
