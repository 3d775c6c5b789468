/**
 * Compiled configuration (policy sets, calendars) kept per process and keyed by the document, so a
 * sweep of thousands of items, and the next execution, reuse what compiling built (year timelines).
 * It holds only what the document itself determines, never ticket state; when full, the oldest
 * entry goes.
 */
export function compileCache<T>(size: number): (document: unknown, compile: () => T) => T {
	const compiled = new Map<string, T>();
	return (document, compile) => {
		const key = typeof document === 'string' ? document : JSON.stringify(document);
		let value = compiled.get(key);
		if (value === undefined) {
			value = compile();
			if (compiled.size >= size) compiled.delete(compiled.keys().next().value as string);
			compiled.set(key, value);
		}
		return value;
	};
}
