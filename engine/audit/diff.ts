/**
 * Field-level differences between a "before" and an "after" value: one change per leaf path, with the
 * old and the new value. Arrays compare index by index; a value whose type changes (object → string,
 * array → object) is one change of the whole value rather than a list of removed children.
 */

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface FieldChange {
	path: string;
	kind: ChangeKind;
	old?: unknown;
	new?: unknown;
}

type Shape = 'array' | 'object' | 'scalar';

function shapeOf(value: unknown): Shape {
	if (Array.isArray(value)) return 'array';
	if (value !== null && typeof value === 'object') return 'object';
	return 'scalar';
}

function childPath(parent: string, key: string | number): string {
	if (typeof key === 'number') return `${parent}[${key}]`;
	const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
	if (parent === '') return safe === key ? key : `[${safe}]`;
	return safe === key ? `${parent}.${key}` : `${parent}[${safe}]`;
}

function sameScalar(a: unknown, b: unknown): boolean {
	return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

export function diffValues(before: unknown, after: unknown, path = ''): FieldChange[] {
	const changes: FieldChange[] = [];
	collect(before, after, path, changes);
	return changes;
}

function collect(before: unknown, after: unknown, path: string, into: FieldChange[]): void {
	if (before === undefined && after === undefined) return;
	if (before === undefined) {
		into.push({ path, kind: 'added', new: after });
		return;
	}
	if (after === undefined) {
		into.push({ path, kind: 'removed', old: before });
		return;
	}
	const shape = shapeOf(before);
	if (shape !== shapeOf(after)) {
		into.push({ path, kind: 'changed', old: before, new: after });
		return;
	}
	if (shape === 'scalar') {
		if (!sameScalar(before, after)) into.push({ path, kind: 'changed', old: before, new: after });
		return;
	}
	if (shape === 'array') {
		const a = before as unknown[];
		const b = after as unknown[];
		for (let i = 0; i < Math.max(a.length, b.length); i++) collect(a[i], b[i], childPath(path, i), into);
		return;
	}
	const a = before as Record<string, unknown>;
	const b = after as Record<string, unknown>;
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	for (const key of [...keys].sort()) collect(a[key], b[key], childPath(path, key), into);
}
