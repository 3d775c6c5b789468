/**
 * A port of scikit-learn's `LogisticRegression(solver='lbfgs')` for multi-class data (multinomial,
 * L2 penalty, intercept fitted and not penalised), checked in test/bench/sklearn-baseline.test.ts.
 *
 * Objective, as sklearn's `LinearModelLoss` writes it: mean cross-entropy over the samples plus
 * ½ · (1 / (C · n)) · ‖W‖², minimised with L-BFGS (10 corrections, as scipy's default) and a strong-Wolfe
 * line search; stops when the largest gradient component is ≤ `tol` (sklearn's `gtol=tol`, 1e-4),
 * when the relative decrease of the objective is ≤ 64 ε (sklearn's `ftol`), or after `maxIter`
 * iterations (sklearn's default is 100; the bench raises it so that the fit converges).
 */
import type { SparseRow } from './sklearn-tfidf';

export interface LogisticOptions {
	C?: number;
	maxIter?: number;
	tol?: number;
}

export interface LogisticModel {
	readonly classes: readonly string[];
	readonly features: number;
	/** Weights by feature then class (`features × classes`), then one intercept per class. */
	readonly coefficients: Float64Array;
	readonly iterations: number;
	readonly converged: boolean;
	/** Largest gradient component at the end. */
	readonly gradientNorm: number;
}

interface Problem {
	rows: readonly SparseRow[];
	labels: Int32Array;
	classes: number;
	features: number;
	lambda: number;
}

/** Objective and gradient at `x`; `gradient` is overwritten. */
function evaluate(problem: Problem, x: Float64Array, gradient: Float64Array): number {
	const { rows, labels, classes: K, features: F, lambda } = problem;
	const n = rows.length;
	gradient.fill(0);
	const z = new Float64Array(K);
	let loss = 0;
	const bias = F * K;
	for (let i = 0; i < n; i++) {
		const { indices, values } = rows[i];
		for (let k = 0; k < K; k++) z[k] = x[bias + k];
		for (let j = 0; j < indices.length; j++) {
			const base = indices[j] * K;
			const v = values[j];
			for (let k = 0; k < K; k++) z[k] += x[base + k] * v;
		}
		let max = -Infinity;
		for (let k = 0; k < K; k++) if (z[k] > max) max = z[k];
		let sum = 0;
		for (let k = 0; k < K; k++) {
			z[k] = Math.exp(z[k] - max);
			sum += z[k];
		}
		const y = labels[i];
		loss += Math.log(sum) - Math.log(z[y]);
		for (let k = 0; k < K; k++) z[k] = (z[k] / sum - (k === y ? 1 : 0)) / n;
		for (let j = 0; j < indices.length; j++) {
			const base = indices[j] * K;
			const v = values[j];
			for (let k = 0; k < K; k++) gradient[base + k] += z[k] * v;
		}
		for (let k = 0; k < K; k++) gradient[bias + k] += z[k];
	}
	let squares = 0;
	for (let p = 0; p < bias; p++) {
		squares += x[p] * x[p];
		gradient[p] += lambda * x[p];
	}
	return loss / n + 0.5 * lambda * squares;
}

function dot(a: Float64Array, b: Float64Array): number {
	let sum = 0;
	for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
	return sum;
}

function maxAbs(a: Float64Array): number {
	let max = 0;
	for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
	return max;
}

/** A step along `direction` meeting the strong Wolfe conditions (c1 = 1e-4, c2 = 0.9), by bracketing and bisection. */
function lineSearch(
	problem: Problem,
	x: Float64Array,
	f0: number,
	g0: Float64Array,
	direction: Float64Array,
	initial: number,
): { step: number; f: number; x: Float64Array; g: Float64Array } {
	const slope0 = dot(g0, direction);
	const c1 = 1e-4;
	const c2 = 0.9;
	const trial = new Float64Array(x.length);
	const gradient = new Float64Array(x.length);
	const at = (step: number) => {
		for (let i = 0; i < x.length; i++) trial[i] = x[i] + step * direction[i];
		const f = evaluate(problem, trial, gradient);
		return { f, slope: dot(gradient, direction) };
	};
	let low = 0;
	let lowF = f0;
	let high = Infinity;
	let step = initial;
	for (let tries = 0; tries < 50; tries++) {
		const { f, slope } = at(step);
		if (f > f0 + c1 * step * slope0 || (f >= lowF && low > 0)) high = step;
		else if (Math.abs(slope) <= -c2 * slope0) return { step, f, x: trial, g: gradient };
		else if (slope > 0) high = step;
		else {
			low = step;
			lowF = f;
		}
		step = high === Infinity ? step * 2 : (low + high) / 2;
	}
	const { f } = at(step);
	// \`trial\` and \`gradient\` are this call's own buffers, so they are handed over without a copy.
	return { step, f, x: trial, g: gradient };
}

export function fitLogistic(rows: readonly SparseRow[], labels: readonly string[], features: number, options: LogisticOptions = {}): LogisticModel {
	const C = options.C ?? 1;
	const maxIter = options.maxIter ?? 100;
	const tol = options.tol ?? 1e-4;
	const classes = [...new Set(labels)].sort();
	const classIndex = new Map(classes.map((label, index) => [label, index]));
	const problem: Problem = {
		rows,
		labels: Int32Array.from(labels, (label) => classIndex.get(label)!),
		classes: classes.length,
		features,
		lambda: 1 / (C * rows.length),
	};
	const size = features * classes.length + classes.length;
	let x: Float64Array = new Float64Array(size);
	let g: Float64Array = new Float64Array(size);
	let f = evaluate(problem, x, g);
	const memory = 10;
	const s: Float64Array[] = [];
	const y: Float64Array[] = [];
	const rho: number[] = [];
	let iterations = 0;
	let converged = maxAbs(g) <= tol;
	while (!converged && iterations < maxIter) {
		// Two-loop recursion: direction = -H·g.
		const q = Float64Array.from(g);
		const alpha: number[] = [];
		for (let m = s.length - 1; m >= 0; m--) {
			alpha[m] = rho[m] * dot(s[m], q);
			for (let i = 0; i < size; i++) q[i] -= alpha[m] * y[m][i];
		}
		const gamma = s.length > 0 ? dot(s[s.length - 1], y[y.length - 1]) / dot(y[y.length - 1], y[y.length - 1]) : 1;
		for (let i = 0; i < size; i++) q[i] *= gamma;
		for (let m = 0; m < s.length; m++) {
			const beta = rho[m] * dot(y[m], q);
			for (let i = 0; i < size; i++) q[i] += s[m][i] * (alpha[m] - beta);
		}
		for (let i = 0; i < size; i++) q[i] = -q[i];
		const initial = s.length === 0 ? 1 / Math.sqrt(dot(g, g)) : 1;
		const next = lineSearch(problem, x, f, g, q, initial);
		iterations++;
		const step = new Float64Array(size);
		const change = new Float64Array(size);
		for (let i = 0; i < size; i++) {
			step[i] = next.x[i] - x[i];
			change[i] = next.g[i] - g[i];
		}
		const curvature = dot(step, change);
		if (curvature > 1e-12) {
			s.push(step);
			y.push(change);
			rho.push(1 / curvature);
			if (s.length > memory) {
				s.shift();
				y.shift();
				rho.shift();
			}
		}
		const decrease = (f - next.f) / Math.max(Math.abs(f), Math.abs(next.f), 1);
		x = next.x;
		g = next.g;
		f = next.f;
		if (maxAbs(g) <= tol || decrease <= 64 * Number.EPSILON) converged = true;
	}
	return { classes, features, coefficients: x, iterations, converged, gradientNorm: maxAbs(g) };
}

/** Class probabilities (softmax of the decision function), in `model.classes` order. */
export function predictProba(model: LogisticModel, row: SparseRow): Float64Array {
	const K = model.classes.length;
	const w = model.coefficients;
	const bias = model.features * K;
	const z = new Float64Array(K);
	for (let k = 0; k < K; k++) z[k] = w[bias + k];
	for (let j = 0; j < row.indices.length; j++) {
		const base = row.indices[j] * K;
		const v = row.values[j];
		for (let k = 0; k < K; k++) z[k] += w[base + k] * v;
	}
	let max = -Infinity;
	for (let k = 0; k < K; k++) if (z[k] > max) max = z[k];
	let sum = 0;
	for (let k = 0; k < K; k++) {
		z[k] = Math.exp(z[k] - max);
		sum += z[k];
	}
	for (let k = 0; k < K; k++) z[k] /= sum;
	return z;
}
