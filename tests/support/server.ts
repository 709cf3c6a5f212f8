// Starts the built application (`scripts/serve.js`) on a free loopback port with a fresh data
// directory, for tests that talk to it over HTTP or through a browser.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface StartServerOptions {
	/** Extra environment variables, merged over the defaults. */
	env?: Record<string, string | undefined>;
	/** How long to wait for /healthz, in milliseconds. */
	timeoutMs?: number;
	/** Serve this data directory (kept on stop) instead of a fresh temporary one. */
	dataDir?: string;
}

export interface RunningServer {
	/** Base URL without a trailing slash, e.g. `http://127.0.0.1:43123`. */
	url: string;
	port: number;
	dataDir: string;
	/** Everything the server printed so far (stdout and stderr). */
	output(): string;
	/** SIGTERM (a graceful stop), then SIGKILL after 10 s; removes a temporary data directory. */
	stop(): Promise<void>;
	/** The server's process id. */
	pid: number;
	/**
	 * Sends `signal` (SIGKILL: a crash) and waits until the process is gone, without the 10 s
	 * grace of `stop()`; a temporary data directory is removed as with `stop()`.
	 */
	kill(signal: NodeJS.Signals): Promise<void>;
	/** How the process ended (exit code or signal), or null while it runs. */
	exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | null;
}

/** Finds a free TCP port on 127.0.0.1 by binding port 0. */
export async function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const probe = createServer();
		probe.unref();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			if (address === null || typeof address === 'string') {
				probe.close();
				reject(new Error('could not read the probe port'));
				return;
			}
			probe.close(() => resolvePort(address.port));
		});
	});
}

function exited(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((done) => child.once('exit', () => done()));
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Every server this process started, so that an aborted run still stops them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) child.kill('SIGKILL');
});

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
	const handler = join(projectRoot, 'build', 'handler.js');
	if (!existsSync(handler)) {
		throw new Error(
			`${handler} does not exist: build the application first (cd ${projectRoot} && npx vite build)`
		);
	}
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const ownsDataDir = options.dataDir === undefined;
	const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'clinic-e2e-data-')));
	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'production',
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: url,
		DATA_DIR: dataDir,
		CLINIC_DEMO: 'on'
	};
	for (const [name, value] of Object.entries(options.env ?? {})) {
		if (value === undefined) delete env[name];
		else env[name] = value;
	}

	const child = spawn(process.execPath, ['scripts/serve.js'], {
		cwd: projectRoot,
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	running.add(child);
	let output = '';
	child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	const exit = exited(child);

	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			const killed = await Promise.race([exit.then(() => true), sleep(10_000).then(() => false)]);
			if (!killed) {
				child.kill('SIGKILL');
				await exit;
			}
		}
		running.delete(child);
		if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
	};
	const kill = async (signal: NodeJS.Signals) => {
		if (stopped) return;
		stopped = true;
		if (child.exitCode === null && child.signalCode === null) child.kill(signal);
		await exit;
		running.delete(child);
		if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
	};
	const exitStatus = () =>
		child.exitCode === null && child.signalCode === null
			? null
			: { code: child.exitCode, signal: child.signalCode };
	const pid = child.pid ?? 0;

	const deadline = Date.now() + (options.timeoutMs ?? 30_000);
	let lastError = 'no attempt yet';
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			await stop();
			throw new Error(
				`the server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`
			);
		}
		try {
			const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
			if (response.status === 200) {
				const body = (await response.json()) as { status?: unknown };
				if (body.status === 'ok') {
					return { url, port, dataDir, output: () => output, stop, pid, kill, exitStatus };
				}
				lastError = `/healthz answered ${JSON.stringify(body)}`;
			} else {
				lastError = `/healthz answered ${response.status}`;
				await response.body?.cancel();
			}
		} catch (error) {
			lastError = error instanceof Error ? error.message : String(error);
		}
		await sleep(150);
	}
	await stop();
	throw new Error(`the server did not become ready in time (${lastError}):\n${output}`);
}
