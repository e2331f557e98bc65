#!/usr/bin/env node
// `npx iothub …`: the operator API from the command line.
import { loadBrokerModule } from './load-module.js';

await loadBrokerModule('cli/iothub');
