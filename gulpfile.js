const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', copyIcons);

// tsc compiles the TypeScript; icons (and the codex .node.json files) are copied next to the compiled nodes.
function copyIcons() {
	const nodeSource = path.resolve('nodes', '**', '*.{png,svg,json}');
	const nodeDestination = path.resolve('dist', 'nodes');
	src(nodeSource, { encoding: false }).pipe(dest(nodeDestination));

	const credSource = path.resolve('credentials', '**', '*.{png,svg}');
	const credDestination = path.resolve('dist', 'credentials');
	return src(credSource, { encoding: false }).pipe(dest(credDestination));
}
