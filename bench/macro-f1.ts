/** The mean over the true labels of each label's F1 (a prediction of null is wrong for every label). */
export function macroF1(truth: readonly string[], predicted: readonly (string | null)[]): number {
	const labels = [...new Set(truth)];
	const f1 = labels.map((label) => {
		let tp = 0;
		let fp = 0;
		let fn = 0;
		truth.forEach((actual, i) => {
			if (actual === label && predicted[i] === label) tp++;
			else if (actual === label) fn++;
			else if (predicted[i] === label) fp++;
		});
		return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
	});
	return f1.reduce((sum, value) => sum + value, 0) / labels.length;
}
