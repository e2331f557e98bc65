#!/usr/bin/env node
// `npx iothub-dev-broker [options]`: the dev broker and the console (the same options as `npm start`).
import { loadBrokerModule } from './load-module.js';

const { startDevBroker } = await loadBrokerModule('main');
const { runCli } = await loadBrokerModule('cli/run-cli');
await runCli(process.argv.slice(2), process.env, startDevBroker);
