// Lint with n8n's community-node rule sets.
// This package ships runtime dependencies (luxon, date-holidays, @slack/web-api) and logic nodes that
// write files, so it is for self-hosted n8n and cannot be verified by n8n. Only the rules that
// verification alone requires are turned off; every other rule is an error, warnings included.
import tsParser from '@typescript-eslint/parser';
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const verificationOnly = {
	'@n8n/community-nodes/no-runtime-dependencies': 'off',
	'@n8n/community-nodes/no-restricted-imports': 'off',
	'@n8n/community-nodes/no-restricted-globals': 'off',
};

// Where the older plugin contradicts the newer community rules, the newer rule wins: the first two
// demand the string 'main' for inputs and outputs, which node-connection-type-literal forbids
// (NodeConnectionTypes.Main); the third wants an n8n docs slug where credential-documentation-url
// wants the full URL a community credential must link.
const supersededBaseRules = {
	'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
	'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
	'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
};

const asErrors = (rules) =>
	Object.fromEntries(Object.entries(rules).map(([name, level]) => [name, level === 'off' ? 'off' : 'error']));

const communityRules = {
	...asErrors(communityNodes.configs.recommended.rules),
	...verificationOnly,
};

export default [
	{ linterOptions: { reportUnusedDisableDirectives: 'error' } },
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'bench/**', 'scripts/**', 'eslint.config.mjs', 'gulpfile.js', 'jest.config.js'] },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module', project: './tsconfig.json' } },
		plugins: { '@n8n/community-nodes': communityNodes },
		rules: communityRules,
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } },
		plugins: { '@n8n/community-nodes': communityNodes, 'n8n-nodes-base': n8nNodesBase },
		rules: { ...communityRules, ...asErrors(n8nNodesBase.configs.community.rules) },
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...asErrors(n8nNodesBase.configs.credentials.rules), ...supersededBaseRules },
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...asErrors(n8nNodesBase.configs.nodes.rules), ...supersededBaseRules },
	},
];
