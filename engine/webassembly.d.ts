// The part of the WebAssembly JavaScript API the classifier kernel uses. Node has it built in, but
// @types/node 20 does not declare it and this package does not load the DOM typings.
declare namespace WebAssembly {
	class Module {
		constructor(bytes: Uint8Array);
	}
	class Instance {
		constructor(module: Module, imports: Record<string, Record<string, unknown>>);
		readonly exports: Record<string, unknown>;
	}
	class Memory {
		readonly buffer: ArrayBuffer;
		grow(pages: number): number;
	}
}
