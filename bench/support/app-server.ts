// Builds the application when there is no build yet, and runs the built server
// (`scripts/serve.js`) on 127.0.0.1 against a data directory the benchmark prepared.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../tests/support/server';
import { warn } from './report';

export const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const handlerFile = join(projectRoot, 'build', 'handler.js');

/** The newest modification time under a folder (files only), and which file it was. */
function newestFile(folder: string): { path: string; mtimeMs: number } {
	let newest = { path: folder, mtimeMs: 0 };
	for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
		// Tests and documents are not part of the build.
		if (!entry.isFile() || /\.(test\.ts|md)$/.test(entry.name)) continue;
		const path = join(entry.parentPath, entry.name);
		const { mtimeMs } = statSync(path);
		if (mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
	}
	return newest;
}

/**
 * Builds the application once if `build/handler.js` is missing, and warns (without rebuilding
 * a build that others may be using) when the source changed after the build.
 * @returns null for a current build, otherwise which source file is newer than it.
 */
export function ensureBuild(): string | null {
	if (!existsSync(handlerFile)) {
		console.log(
			`bench: ${handlerFile} is missing; building the application once (npx vite build)...`
		);
		const result = spawnSync(
			process.execPath,
			[join(projectRoot, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
			{ cwd: projectRoot, stdio: 'inherit' }
		);
		if (result.status !== 0 || !existsSync(handlerFile)) {
			throw new Error('bench: the build failed (see above); fix it or run `npx vite build`');
		}
		return null;
	}
	const built = statSync(handlerFile).mtimeMs;
	const newest = newestFile(join(projectRoot, 'src'));
	if (newest.mtimeMs <= built) return null;
	const changed = newest.path.slice(projectRoot.length + 1);
	warn(
		`build/ is older than ${changed}: the HTTP numbers measure the last build; run ` +
			'`npx vite build` first to measure the current source'
	);
	return changed;
}

/** A JSON log line's error in one short line; other lines cut short. */
function shorten(line: string): string {
	try {
		const entry = JSON.parse(line) as {
			msg?: string;
			route?: string;
			err?: { type?: string; message?: string; code?: string; where?: string; detail?: string };
		};
		if (entry.err) {
			const { type, message, code, where, detail } = entry.err;
			return [
				`${entry.msg ?? 'error'} ${entry.route ?? ''}:`,
				`${type ?? 'Error'}: ${message ?? ''}`,
				code ? `(code ${code})` : '',
				where ? `where: ${where}` : '',
				detail ? `detail: ${detail.replace(/\n/g, ' ')}` : ''
			]
				.filter(Boolean)
				.join(' ');
		}
	} catch {
		// Not JSON: printed as it is.
	}
	return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}

/** The last lines a server printed, shortened, for a report of what went wrong. */
export function tail(output: string, lines = 8): string {
	return output.trim().split('\n').slice(-lines).map(shorten).join('\n');
}

export interface AppServer {
	url: string;
	output(): string;
	stop(): Promise<void>;
}

/**
 * Starts the built server on a free loopback port, against `dataDir` (and `DATABASE_URL` when
 * given in `env`), without rate limits or the mail worker, and waits until /healthz answers.
 */
export async function startApp(options: {
	dataDir: string;
	env?: Record<string, string>;
	timeoutMs?: number;
}): Promise<AppServer> {
	return startServer({
		dataDir: options.dataDir,
		timeoutMs: options.timeoutMs,
		env: {
			BOOKING_RATE_LIMIT: '100000/60',
			OUTBOX_WORKER: 'off',
			// The benchmark's own setting wins over whatever the calling shell has.
			DATABASE_URL: undefined,
			...options.env
		}
	});
}
