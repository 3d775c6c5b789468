// Builds the SLA dashboard page's script and style (dashboard/ with uPlot bundled in: the page needs
// no network) into dist/dashboard/, where the SLA Store node's Dashboard operation reads them.
// Usage: node scripts/build-dashboard.mjs   (part of `npm run build`)
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'dashboard', 'dashboard.js');
await build({
	entryPoints: [join(root, 'dashboard', 'page.ts')],
	bundle: true,
	minify: true,
	format: 'iife',
	target: 'es2020',
	legalComments: 'eof',
	// uPlot's MIT notice goes with every copy of the page.
	banner: { js: '/*! uPlot.js (μPlot) v1.6.32, https://github.com/leeoniya/uPlot - Copyright (c) 2025, Leon Sorokin. MIT Licensed */' },
	outfile,
	logLevel: 'warning',
});
for (const file of ['dashboard.js', 'dashboard.css']) console.log(`dist/dashboard/${file}: ${statSync(join(root, 'dist', 'dashboard', file)).size} bytes`);
