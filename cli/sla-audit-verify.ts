#!/usr/bin/env node
/**
 * sla-audit-verify: checks an Audit Log export offline, with no n8n and no network.
 *
 *   sla-audit-verify export.jsonl [--public-key export-key.pem] [--key-file audit-key.txt --key-version v1] [--json]
 *
 * Without --public-key the key in the file is used and its fingerprint printed: compare it with the
 * fingerprint the trail's owner gave you. With the audit key, the checkpoints' HMACs are checked too.
 * Exit code 0: intact; 1: the export fails (the reason is printed); 2: the command was misused.
 */
import { readFileSync } from 'node:fs';

import { checkExport } from '../engine/audit/export';

function usage(message: string): never {
	process.stderr.write(`${message}\nusage: sla-audit-verify <export.jsonl> [--public-key <pem file>] [--key-file <file> --key-version <version>] [--json]\n`);
	process.exit(2);
}

function main(argv: string[]): number {
	let file: string | undefined;
	let publicKeyFile: string | undefined;
	let keyFile: string | undefined;
	let keyVersion: string | undefined;
	let json = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--public-key') publicKeyFile = argv[++i];
		else if (arg === '--key-file') keyFile = argv[++i];
		else if (arg === '--key-version') keyVersion = argv[++i];
		else if (arg === '--json') json = true;
		else if (arg === '--help' || arg === '-h') usage('Checks an Audit Log export offline.');
		else if (arg.startsWith('--')) usage(`unknown option ${arg}`);
		else if (file) usage('give one export file');
		else file = arg;
	}
	if (!file) usage('give the export file');
	if (keyFile && !keyVersion) usage('--key-file needs --key-version (the key version the checkpoints name)');
	const lines = readFileSync(file, 'utf8').split('\n');
	const result = checkExport(lines, {
		publicKey: publicKeyFile ? readFileSync(publicKeyFile, 'utf8') : undefined,
		keys: keyFile && keyVersion ? { [keyVersion]: readFileSync(keyFile, 'utf8').trim() } : undefined,
	});
	if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
	else {
		process.stdout.write(`${result.valid ? 'INTACT' : 'FAILED'}: ${result.message}\n`);
		if (result.header) process.stdout.write(`trail ${result.header.trail}, period ${result.header.from ?? 'start'} – ${result.header.to}, exported ${result.header.exportedAt}\n`);
		if (result.signedBy) process.stdout.write(`signed by key ${result.signedBy}${publicKeyFile ? ' (the key you gave)' : ' (from the file: compare with the fingerprint you were given)'}\n`);
	}
	return result.valid ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
