#!/usr/bin/env node
// Export, verify, purge and count consent receipts: `cookie-consent-receipts --help`.
import { main } from '../dist/receipts-cli.js';

process.exitCode = await main(process.argv.slice(2));
