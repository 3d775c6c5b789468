/**
 * Unit tests (engine and nodes with a mocked n8n context), end-to-end tests in real n8n, and browser
 * tests of n8n's editor (test/browser: Chromium through playwright-core, the same n8n harness).
 */
// Type errors are tsc's job (npm test runs it first); jest only transpiles, file by file.
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }];
// eld (language detection) ships only ES modules; Node requires them as they are, jest needs them as CommonJS.
const esmPackageJs = ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true, module: 'commonjs', target: 'es2022' }, diagnostics: false }];
module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest, '/node_modules/eld/.+\\.js$': esmPackageJs },
			transformIgnorePatterns: ['/node_modules/(?!eld/)'],
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			testPathIgnorePatterns: ['<rootDir>/test/e2e/', '<rootDir>/test/browser/'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			globalSetup: '<rootDir>/test/e2e/global-setup.ts',
			globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
			setupFilesAfterEnv: ['<rootDir>/test/e2e/setup-timeout.ts'],
		},
		{
			displayName: 'browser',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
			globalSetup: '<rootDir>/test/e2e/global-setup.ts',
			globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
			setupFilesAfterEnv: ['<rootDir>/test/e2e/setup-timeout.ts'],
		},
	],
};
