// Whether the operator's command line in build-cli/ is newer than everything it is built from,
// so `npm run clinic` rebuilds it only after a change instead of on every run (a restore drill
// runs it five times in a row).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the command line is built from: the server and domain code, its config, the lock file. */
const sources = ['src/lib', 'vite.cli.config.ts', 'package.json', 'package-lock.json'];

/**
 * The newest modification time (ms) among files under `path`, or 0 when it does not exist.
 * @param {string} path
 * @returns {number}
 */
export function newestChange(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs; // a deleted or renamed file changes its folder's time
	for (const entry of readdirSync(path)) {
		newest = Math.max(newest, newestChange(join(path, entry)));
	}
	return newest;
}

/**
 * True when `build-cli/main.js` exists under `root` and was written after the last change to
 * any of its sources.
 * @param {string} root the project folder
 * @returns {boolean}
 */
export function commandLineIsCurrent(root) {
	const built = join(root, 'build-cli', 'main.js');
	if (!existsSync(built)) return false;
	const builtAt = statSync(built).mtimeMs;
	return sources.every((source) => newestChange(join(root, source)) < builtAt);
}
