// Start-up, shutdown and health as an operator sees them: one clear line for a bad setting,
// requests in flight finished on SIGTERM, `npm start` printing a few lines and leaving nothing
// running after SIGTERM, and /healthz (and pages) answering 503 while PostgreSQL refuses
// connections, then recovering by themselves.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as connectSocket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, projectRoot, startServer } from '../support/server';

const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs the server with `env` until it exits (at most 20 s) and returns its exit and output. */
async function runUntilExit(env: Record<string, string>) {
	const dataDir = mkdtempSync(join(tmpdir(), 'clinic-startup-'));
	const port = await freePort();
	const child = spawn(process.execPath, ['scripts/serve.js'], {
		cwd: projectRoot,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
	const code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
	clearTimeout(timer);
	rmSync(dataDir, { recursive: true, force: true });
	return { code, stdout, stderr };
}

describe('start-up', () => {
	it.each([
		['PORT', 'abc', /^clinic: cannot start: PORT must be a whole number/],
		[
			'DATABASE_URL',
			'mysql://nobody@127.0.0.1/x',
			/^clinic: cannot start: DATABASE_URL must be a postgres/
		],
		['CLINIC_DEMO', 'maybe', /^clinic: cannot start: CLINIC_DEMO must be "on" or "off"/]
	])('a bad %s stops the server with one line naming it', async (name, value, line) => {
		const result = await runUntilExit({ [name]: value });
		expect(result.code).toBe(1);
		const lines = result.stderr.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(line);
		expect(result.stdout).not.toContain('listening');
	});
});

describe('graceful shutdown', () => {
	it('finishes a request in flight after SIGTERM, refuses new connections, then stops', async () => {
		// Our own data folder, kept after stop, to see that the pid file goes with the server.
		const dataDir = mkdtempSync(join(tmpdir(), 'clinic-shutdown-'));
		const server = await startServer({ dataDir });
		const port = server.port;
		// Operator commands (restore) check the pid file to refuse to run under the server.
		expect(existsSync(join(dataDir, 'clinic.pid'))).toBe(true);
		// Send the headers and half of a body, so the request is in flight when the signal comes.
		const body = JSON.stringify({ serviceId: 'not a number' });
		const socket = connectSocket(port, '127.0.0.1');
		await new Promise<void>((done) => socket.once('connect', () => done()));
		let response = '';
		socket.setEncoding('utf8').on('data', (chunk: string) => (response += chunk));
		socket.write(
			[
				'POST /api/v1/bookings HTTP/1.1',
				`Host: 127.0.0.1:${port}`,
				'Content-Type: application/json',
				'Idempotency-Key: shutdown-test-0001',
				`Content-Length: ${body.length}`,
				'Connection: close',
				'',
				body.slice(0, 5)
			].join('\r\n')
		);
		await new Promise((done) => setTimeout(done, 300));
		expect(server.output()).toContain('listening');
		const stopping = server.stop();
		await new Promise((done) => setTimeout(done, 300));
		// A new connection is refused while the old request is still open.
		const refused = await new Promise<boolean>((done) => {
			const probe = connectSocket(port, '127.0.0.1');
			probe.once('connect', () => {
				probe.destroy();
				done(false);
			});
			probe.once('error', () => done(true));
		});
		expect(refused).toBe(true);
		socket.write(body.slice(5));
		await new Promise<void>((done) => socket.once('close', () => done()));
		await stopping;
		expect(response).toMatch(/^HTTP\/1\.1 422 /);
		expect(server.output()).toContain('SIGTERM received, finishing requests in flight');
		expect(existsSync(join(dataDir, 'clinic.pid'))).toBe(false);
		rmSync(dataDir, { recursive: true, force: true });
	});
});

/** The process ids below `pid` (Linux: /proc/<pid>/task/<tid>/children). */
function descendants(pid: number): number[] {
	let children: number[] = [];
	try {
		children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
			.trim()
			.split(/\s+/)
			.filter(Boolean)
			.map(Number);
	} catch {
		return [];
	}
	return children.flatMap((child) => [child, ...descendants(child)]);
}

const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

describe('npm start', () => {
	it('prints a few lines (mode, demo accounts, address), and SIGTERM leaves nothing running', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'clinic-npm-start-'));
		const port = await freePort();
		// As a person's shell would run it: no test runner's NODE_ENV or LOG_LEVEL.
		const env: NodeJS.ProcessEnv = {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			CLINIC_DEMO: 'on'
		};
		delete env.NODE_ENV;
		delete env.LOG_LEVEL;
		delete env.ORIGIN;
		const npm = spawn('npm', ['start'], {
			cwd: projectRoot,
			env,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		npm.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
		npm.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
		const exited = new Promise<number | null>((done) => npm.once('exit', (code) => done(code)));
		let running: number[] = [];
		try {
			for (let waited = 0; waited < 60_000 && !output.includes('clinic: open'); waited += 100) {
				await new Promise((done) => setTimeout(done, 100));
			}
			expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
			// Give the worker's first round (its periodic jobs) a moment to say anything it would.
			await new Promise((done) => setTimeout(done, 1000));
			const lines = output.split('\n').filter((line) => line.trim() !== '');
			expect(lines.length, output).toBeLessThanOrEqual(9);
			expect(output).toContain(
				`clinic: open http://localhost:${port} (listening on 127.0.0.1:${port})`
			);
			expect(output).toMatch(/^clinic: the demo clinic .*, SQLite in /m);
			expect(output).toContain('owner@harborlantern.example');
			expect(output).not.toMatch(/preview|warn|"level"/i);

			running = [npm.pid ?? 0, ...descendants(npm.pid ?? 0)];
			expect(running.length).toBeGreaterThan(1);
			npm.kill('SIGTERM');
			await exited;
			for (let waited = 0; waited < 10_000 && running.some(alive); waited += 100) {
				await new Promise((done) => setTimeout(done, 100));
			}
			expect(running.filter(alive)).toEqual([]);
			expect(output).toContain('SIGTERM received');
			await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
		} finally {
			// Whatever failed, nothing this test started keeps running.
			for (const pid of running.filter(alive)) process.kill(pid, 'SIGKILL');
			npm.kill('SIGKILL');
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});

// Skipped only when the suite found no PostgreSQL (and is not CI): the summary says so.
describe.skipIf(Boolean(process.env.TEST_POSTGRES_SKIP))(
	'database unavailable (PostgreSQL)',
	() => {
		const name = `clinic_outage_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
		const admin = () => new pg.Client({ connectionString: adminUrl });
		const sql = async (text: string) => {
			const client = admin();
			await client.connect();
			try {
				await client.query(text);
			} finally {
				await client.end();
			}
		};

		afterAll(async () => {
			await sql(`alter database ${name} allow_connections true`).catch(() => {});
			await sql(`drop database if exists ${name} with (force)`).catch(() => {});
		});

		it('answers 503 fast on /healthz and pages while connections are refused, then recovers', async () => {
			await sql(`create database ${name}`);
			const url = new URL(adminUrl);
			url.pathname = `/${name}`;
			const server = await startServer({
				env: { DATABASE_URL: url.href, OUTBOX_WORKER: 'off' }
			});
			try {
				expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
				expect((await fetch(`${server.url}/`)).status).toBe(200);

				await sql(`alter database ${name} allow_connections false`);
				await sql(
					`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`
				);
				const started = Date.now();
				const health = await fetch(`${server.url}/healthz`);
				expect(health.status).toBe(503);
				expect(Date.now() - started).toBeLessThan(5_000);
				const page = await fetch(`${server.url}/services`);
				expect(page.status).toBe(503);
				const html = await page.text();
				expect(html).toContain('We will be back in a moment');
				expect(html).toContain('(414) 555-0142');

				await sql(`alter database ${name} allow_connections true`);
				let recovered = 0;
				for (let attempt = 0; attempt < 50 && recovered !== 200; attempt++) {
					recovered = (await fetch(`${server.url}/healthz`)).status;
					if (recovered !== 200) await new Promise((done) => setTimeout(done, 100));
				}
				expect(recovered).toBe(200);
				expect((await fetch(`${server.url}/services`)).status).toBe(200);
			} finally {
				await server.stop();
			}
		});
	}
);
