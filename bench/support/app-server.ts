// Builds the application when there is no build yet, and runs the built server
// (`scripts/serve.js`) on 127.0.0.1 against a data directory the benchmark prepared.
// tests/support/server.ts always starts on a fresh data directory, so this starts its own.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../tests/support/server';
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

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Every server this process started, so that an aborted run still stops them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts the built server on a free loopback port, against `dataDir` (and `DATABASE_URL` when
 * given in `env`), and waits until /healthz answers ok.
 */
export async function startApp(options: {
	dataDir: string;
	env?: Record<string, string>;
	timeoutMs?: number;
}): Promise<AppServer> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'production',
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: url,
		DATA_DIR: options.dataDir,
		BOOKING_RATE_LIMIT: '100000/60',
		OUTBOX_WORKER: 'off',
		// The benchmark's own setting wins over whatever the calling shell has.
		DATABASE_URL: undefined,
		...options.env
	};
	if (env.DATABASE_URL === undefined) delete env.DATABASE_URL;
	const child = spawn(process.execPath, ['scripts/serve.js'], {
		cwd: projectRoot,
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	running.add(child);
	let output = '';
	child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	const exit = new Promise<void>((done) => child.once('exit', () => done()));

	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			const ended = await Promise.race([exit.then(() => true), sleep(10_000).then(() => false)]);
			if (!ended) {
				child.kill('SIGKILL');
				await exit;
			}
		}
		running.delete(child);
	};

	const deadline = Date.now() + (options.timeoutMs ?? 30_000);
	let lastError = 'no attempt yet';
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			await stop();
			throw new Error(`the server exited before it was ready:\n${tail(output)}`);
		}
		try {
			const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
			const body = await response.text();
			if (response.status === 200) return { url, output: () => output, stop };
			lastError = `/healthz answered ${response.status} ${body}`;
		} catch (error) {
			lastError = error instanceof Error ? error.message : String(error);
		}
		await sleep(100);
	}
	await stop();
	throw new Error(
		`the server did not become ready in time (${lastError.slice(0, 300)}):\n${tail(output)}`
	);
}
