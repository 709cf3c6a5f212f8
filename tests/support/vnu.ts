// Validates HTML with the Nu Html Checker (vnu-jar). vnu refuses to fetch 127.0.0.1 URLs, so
// pages are written to temporary files and checked in one JVM run.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './server';

export const vnuJar = join(projectRoot, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

export interface VnuMessage {
	type: string;
	subType?: string;
	message: string;
	extract?: string;
	lastLine?: number;
	firstColumn?: number;
	lastColumn?: number;
	url?: string;
}

function runVnu(args: string[], stdin?: string): Promise<string> {
	return new Promise((resolveRun, reject) => {
		const child = spawn('java', ['-Xss4m', '-jar', vnuJar, ...args], {
			stdio: ['pipe', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			// With --format json the report goes to stderr; vnu exits 1 when it found errors.
			// The JVM may print notes (such as JAVA_TOOL_OPTIONS) before it.
			const marker = /\{\s*"(version|messages)"/;
			const source = marker.test(stderr) ? stderr : stdout;
			const start = source.search(marker);
			if (signal !== null) reject(new Error(`vnu was killed (${signal})`));
			else if (start < 0) reject(new Error(`vnu failed (exit ${code}): ${stderr}${stdout}`));
			else resolveRun(source.slice(start, source.lastIndexOf('}') + 1));
		});
		child.stdin.end(stdin ?? '');
	});
}

function parseReport(report: string): VnuMessage[] {
	const parsed = JSON.parse(report) as { messages?: VnuMessage[] };
	return parsed.messages ?? [];
}

/** Validates one HTML document; returns the error messages (empty when valid). */
export async function validateHtml(html: string): Promise<VnuMessage[]> {
	return parseReport(await runVnu(['--errors-only', '--format', 'json', '-'], html));
}

/**
 * Validates several documents in one JVM run. Keys are names (such as URL paths); the result
 * maps every name to its error messages.
 */
export async function validatePages(
	pages: Map<string, string>
): Promise<Map<string, VnuMessage[]>> {
	const dir = await mkdtemp(join(tmpdir(), 'clinic-vnu-'));
	try {
		const files = new Map<string, string>();
		let index = 0;
		for (const [name, html] of pages) {
			const file = join(dir, `page-${index++}.html`);
			await writeFile(file, html);
			files.set(file, name);
		}
		const result = new Map<string, VnuMessage[]>();
		for (const name of pages.keys()) result.set(name, []);
		if (files.size === 0) return result;
		const messages = parseReport(
			await runVnu(['--errors-only', '--format', 'json', ...files.keys()])
		);
		for (const message of messages) {
			const file = message.url?.replace(/^file:/, '') ?? '';
			const name =
				[...files].find(([path]) => file === path || file.endsWith(path))?.[1] ?? '(unknown)';
			const list = result.get(name) ?? [];
			list.push(message);
			result.set(name, list);
		}
		return result;
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

export function formatVnuMessage(message: VnuMessage): string {
	const where = message.lastLine === undefined ? '' : ` (line ${message.lastLine})`;
	const extract = message.extract ? `\n      ${message.extract.replace(/\s+/g, ' ').trim()}` : '';
	return `${message.type}${message.subType ? `/${message.subType}` : ''}${where}: ${message.message}${extract}`;
}
