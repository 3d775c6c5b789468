/**
 * The dashboard page as HTML: the page's script and style, built from dashboard/ with uPlot bundled
 * in (scripts/build-dashboard.mjs writes them to dist/dashboard/), and the figures as a JSON script
 * element the script reads. Nothing is loaded from the network, so the page works where n8n has no
 * internet and under n8n's sandbox for webhook HTML.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

export interface DashboardAssets {
	script: string;
	style: string;
}

/** The built page assets next to the compiled package (dist/dashboard), or in dist/ of a checkout. */
const CANDIDATES = [join(__dirname, '..', '..', 'dashboard'), join(__dirname, '..', '..', 'dist', 'dashboard')];

let loaded: DashboardAssets | undefined;

export class MissingPageError extends Error {
	readonly hint = 'The package was built without its dashboard page: run "npm run build" (it runs scripts/build-dashboard.mjs), or reinstall the package.';
}

/** Reads the built assets once per process (they are part of the installed package and never change). */
export function dashboardAssets(): DashboardAssets {
	if (loaded) return loaded;
	const folder = CANDIDATES.find((candidate) => existsSync(join(candidate, 'dashboard.js')));
	if (folder === undefined) throw new MissingPageError(`The dashboard page is not built: dashboard.js is in none of ${CANDIDATES.join(', ')}`);
	loaded = { script: readFileSync(join(folder, 'dashboard.js'), 'utf8'), style: readFileSync(join(folder, 'dashboard.css'), 'utf8') };
	return loaded;
}

/** JSON that can stand inside a <script> element: no "</script>", no "<!--", no line separators that end a JS string. */
export function scriptSafeJson(value: unknown): string {
	return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function dashboardHtml(data: unknown, assets: DashboardAssets): string {
	const script = assets.script.replace(/<\/script/gi, '<\\/script');
	const style = assets.style.replace(/<\/style/gi, '<\\/style');
	return [
		'<!doctype html>',
		'<html lang="en">',
		'<head>',
		'<meta charset="utf-8">',
		'<meta name="viewport" content="width=device-width, initial-scale=1">',
		'<meta name="robots" content="noindex">',
		'<title>SLA dashboard</title>',
		`<style>${style}</style>`,
		'</head>',
		'<body>',
		'<div id="app"><p>Loading the SLA dashboard…</p></div>',
		`<script type="application/json" id="sla-dashboard-data">${scriptSafeJson(data)}</script>`,
		`<script>${script}</script>`,
		'</body>',
		'</html>',
	].join('\n');
}
