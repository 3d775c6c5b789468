/**
 * The matches of a global pattern, as `text.matchAll(pattern)` gives them, without the copy of the
 * pattern and the iterator that matchAll makes on every call (for short tickets that copy costs more
 * than the matching). The pattern's lastIndex is 0 again afterwards.
 */
export function allMatches(text: string, pattern: RegExp): RegExpExecArray[] {
	const found: RegExpExecArray[] = [];
	pattern.lastIndex = 0;
	for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
		found.push(match);
		// As matchAll does after an empty match: on to the next character (code point with the u flag).
		if (match[0] === '') pattern.lastIndex = advance(text, pattern.lastIndex, /[uv]/.test(pattern.flags));
	}
	pattern.lastIndex = 0;
	return found;
}

function advance(text: string, index: number, unicode: boolean): number {
	if (!unicode || index + 1 >= text.length) return index + 1;
	const code = text.charCodeAt(index);
	if (code < 0xd800 || code > 0xdbff) return index + 1;
	const next = text.charCodeAt(index + 1);
	return next >= 0xdc00 && next <= 0xdfff ? index + 2 : index + 1;
}
