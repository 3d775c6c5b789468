/**
 * Which charting library the SLA dashboard bundles: uPlot against Chart.js, both from node_modules
 * and inlined into a page as the dashboard inlines its bundle, in Debian's Chromium (playwright-core).
 * For 10,000 points in four series it prints each library's minified size and the median time to
 * draw the chart (script start to drawn, Chart.js without animation), and their ratio, measured in
 * the same run. The dashboard itself draws per-day series (a few hundred points at most): the
 * 10,000-point case is the headroom.
 *
 *   npx tsx bench/dashboard-charts.bench.ts        (POINTS=… ROUNDS=… to change the case)
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { launchBrowser } from '../test/browser/editor';

const ROOT = join(__dirname, '..');
const POINTS = Number(process.env.POINTS ?? 10_000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const SERIES = 4;

const libraries = {
	uPlot: {
		file: 'node_modules/uplot/dist/uPlot.iife.min.js',
		css: readFileSync(join(ROOT, 'node_modules/uplot/dist/uPlot.min.css'), 'utf8'),
		draw: `new uPlot({ width: 1200, height: 300, scales: { x: { time: false } }, series: [{}, ...COLOURS.map((stroke) => ({ stroke }))] }, data, container);`,
	},
	'Chart.js': {
		file: 'node_modules/chart.js/dist/chart.umd.min.js',
		css: '',
		draw: `const canvas = Object.assign(document.createElement('canvas'), { width: 1200, height: 300 }); container.append(canvas);
new Chart(canvas, { type: 'line', data: { labels: data[0], datasets: data.slice(1).map((values, i) => ({ data: values, borderColor: COLOURS[i], pointRadius: 0, borderWidth: 1 })) }, options: { animation: false, responsive: false, normalized: true } });`,
	},
};

function page(library: keyof typeof libraries): string {
	const { file, css, draw } = libraries[library];
	const script = readFileSync(join(ROOT, file), 'utf8').replace(/<\/script/gi, '<\\/script');
	return `<!doctype html><html><head><style>${css}</style></head><body><div id="chart"></div>
<script>${script}</script>
<script>
const SERIES = ${SERIES}, POINTS = ${POINTS}, COLOURS = ['#d1495b', '#edae49', '#00798c', '#30638e'];
const container = document.getElementById('chart');
const data = [Array.from({ length: POINTS }, (_, i) => i), ...Array.from({ length: SERIES }, (_, s) => Array.from({ length: POINTS }, (_, i) => Math.sin(i / 50 + s) * 100 + s * 10))];
const started = performance.now();
${draw}
requestAnimationFrame(() => { document.documentElement.dataset.drawnMs = String(performance.now() - started); });
</script></body></html>`;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
	const browser = await launchBrowser();
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const times: Record<string, number[]> = { uPlot: [], 'Chart.js': [] };
	for (let round = 0; round < ROUNDS; round++) {
		// Alternate the order so neither library always runs on a warmer browser.
		const order = (round % 2 === 0 ? ['uPlot', 'Chart.js'] : ['Chart.js', 'uPlot']) as Array<keyof typeof libraries>;
		for (const library of order) {
			const tab = await context.newPage();
			await tab.setContent(page(library), { waitUntil: 'load' });
			await tab.waitForFunction('document.documentElement.dataset.drawnMs !== undefined');
			times[library].push(Number(await tab.evaluate('document.documentElement.dataset.drawnMs')));
			await tab.close();
		}
	}
	await browser.close();
	console.log(`${POINTS} points × ${SERIES} series, median of ${ROUNDS} rounds in Chromium`);
	for (const library of Object.keys(libraries) as Array<keyof typeof libraries>) {
		const bytes = readFileSync(join(ROOT, libraries[library].file)).length;
		console.log(`${library.padEnd(9)} ${(bytes / 1024).toFixed(1).padStart(6)} KiB minified   draw ${median(times[library]).toFixed(1).padStart(7)} ms`);
	}
	const uplot = median(times.uPlot);
	const chartjs = median(times['Chart.js']);
	console.log(`uPlot / Chart.js: size ${(readFileSync(join(ROOT, libraries.uPlot.file)).length / readFileSync(join(ROOT, libraries['Chart.js'].file)).length).toFixed(2)}×, draw time ${(uplot / chartjs).toFixed(2)}×`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
