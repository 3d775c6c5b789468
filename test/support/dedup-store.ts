/** n8n's deduplication store as a node sees it (check-and-record and remove), for mocked contexts. */
export function dedupStore() {
	const keys = new Set<string>();
	return {
		keys,
		checkProcessedAndRecord: jest.fn(async (items: Array<string | number>) => {
			const processed = items.filter((item) => keys.has(String(item)));
			const fresh = items.filter((item) => !keys.has(String(item)));
			fresh.forEach((item) => keys.add(String(item)));
			return { new: fresh, processed };
		}),
		removeProcessed: jest.fn(async (items: Array<string | number>) => {
			items.forEach((item) => keys.delete(String(item)));
		}),
	};
}

export type DedupStore = ReturnType<typeof dedupStore>;
