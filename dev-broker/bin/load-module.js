// Loads a dev-broker module for the bin shims. In the installed package the compiled JavaScript in
// lib/dev-broker/ runs on plain Node; in a checkout of the repository, where the TypeScript sources
// sit beside this folder, those run through tsx's loader (a devDependency), so `npx iothub…` there
// never needs a build.
import { existsSync } from 'node:fs';

const fromSource = existsSync(new URL('../main.ts', import.meta.url));
if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
}

/** Imports `dev-broker/<name>` (e.g. `cli/run-cli`) from the sources or from lib/. */
export function loadBrokerModule(name) {
  const path = fromSource ? `../${name}.ts` : `../../lib/dev-broker/${name}.js`;
  return import(new URL(path, import.meta.url).href);
}
