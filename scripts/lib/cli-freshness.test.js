import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandLineIsCurrent } from './cli-freshness.js';

const earlier = new Date('2026-01-01T10:00:00Z');
const built = new Date('2026-01-01T11:00:00Z');
const later = new Date('2026-01-01T12:00:00Z');

/** Writes `path` under `root` with the given modification time (and its folders' too). */
function write(root, path, at) {
	const file = join(root, path);
	mkdirSync(join(file, '..'), { recursive: true });
	writeFileSync(file, 'x');
	utimesSync(file, at, at);
}

describe('whether the command line needs a build', () => {
	let root = '';
	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), 'clinic-cli-freshness-'));
		write(root, 'src/lib/server/cli/main.ts', earlier);
		write(root, 'vite.cli.config.ts', earlier);
		write(root, 'package.json', earlier);
		write(root, 'package-lock.json', earlier);
		for (const folder of ['src', 'src/lib', 'src/lib/server', 'src/lib/server/cli']) {
			utimesSync(join(root, folder), earlier, earlier);
		}
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	it('builds when there is no build yet', () => {
		expect(commandLineIsCurrent(root)).toBe(false);
	});

	it('reuses a build written after every source', () => {
		write(root, 'build-cli/main.js', built);
		expect(commandLineIsCurrent(root)).toBe(true);
	});

	it('rebuilds after a change to a source deep in src/lib', () => {
		write(root, 'build-cli/main.js', built);
		utimesSync(join(root, 'src/lib/server/cli/main.ts'), later, later);
		expect(commandLineIsCurrent(root)).toBe(false);
	});

	it('rebuilds after a file is added or removed (its folder changes)', () => {
		write(root, 'build-cli/main.js', built);
		utimesSync(join(root, 'src/lib/server'), later, later);
		expect(commandLineIsCurrent(root)).toBe(false);
	});

	it('rebuilds after the lock file or the build config changes', () => {
		write(root, 'build-cli/main.js', built);
		utimesSync(join(root, 'package-lock.json'), later, later);
		expect(commandLineIsCurrent(root)).toBe(false);
		utimesSync(join(root, 'package-lock.json'), earlier, earlier);
		utimesSync(join(root, 'vite.cli.config.ts'), later, later);
		expect(commandLineIsCurrent(root)).toBe(false);
	});
});
