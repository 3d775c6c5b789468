/**
 * The page's charts, drawn with uPlot (bundled into the page: no CDN). Series are per day; the x
 * axis is the day's position, labelled with its date, so the chart shows the dashboard's own days
 * whatever the viewer's time zone.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const COLOURS = ['#d1495b', '#edae49', '#00798c', '#30638e'];

export interface DailySeries {
	label: string;
	values: Array<number | null>;
}

export function dailyChart(container: HTMLElement, days: string[], series: DailySeries[], options: { percent?: boolean; title: string }): uPlot {
	const x = days.map((_, index) => index);
	const width = () => Math.max(280, container.clientWidth);
	const plot = new uPlot(
		{
			title: options.title,
			width: width(),
			height: 220,
			scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, options.percent ? Math.max(1, max ?? 0) : Math.max(1, Math.ceil((max ?? 0) * 1.1))] } },
			axes: [
				{ values: (_u, splits) => splits.map((split) => (Number.isInteger(split) && days[split] ? days[split].slice(5) : '')) },
				{ values: (_u, splits) => splits.map((split) => (options.percent ? `${Math.round(split * 100)}%` : String(split))), size: 50 },
			],
			series: [
				{ label: 'Day', value: (_u, value) => (value === null || days[value] === undefined ? '—' : days[value]) },
				...series.map((entry, index) => ({
					label: entry.label,
					stroke: COLOURS[index % COLOURS.length],
					width: 2,
					points: { show: true, size: 5 },
					value: (_u: uPlot, value: number | null) => (value === null ? '—' : options.percent ? `${Math.round(value * 1000) / 10}%` : String(value)),
				})),
			],
		},
		[x, ...series.map((entry) => entry.values)] as uPlot.AlignedData,
		container,
	);
	window.addEventListener('resize', () => plot.setSize({ width: width(), height: 220 }));
	return plot;
}
