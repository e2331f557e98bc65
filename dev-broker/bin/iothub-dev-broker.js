#!/usr/bin/env node
// `npx iothub-dev-broker [options]`: runs the TypeScript dev broker through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { startDevBroker } = await import('../main.ts');
const { runCli } = await import('../cli/run-cli.ts');
await runCli(process.argv.slice(2), process.env, startDevBroker);
