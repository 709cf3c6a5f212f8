// `npm start`: builds the application the first time (or with `--build`), then serves it,
// printing only what a person starting it needs: the mode, the demo accounts or the owner's
// setup link, and the address (ADR 0036). The build's own output is shown only if it fails.
// Logs below warnings stay quiet unless LOG_LEVEL says otherwise; production runs
// `node scripts/serve.js` (docs/deployment.md), which logs at info.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.env.LOG_LEVEL ||= 'warn';

/**
 * Runs the build with its output kept aside. SIGINT or SIGTERM meanwhile stops it and this
 * process with it, so nothing is left running.
 */
function build() {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [`${root}node_modules/vite/bin/vite.js`, 'build'], {
			cwd: root,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
		const forward = (signal) => child.kill(signal);
		process.on('SIGINT', forward);
		process.on('SIGTERM', forward);
		child.once('exit', (code, signal) => {
			process.off('SIGINT', forward);
			process.off('SIGTERM', forward);
			if (signal) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
			resolve({ code, output });
		});
	});
}

if (!existsSync(`${root}build/handler.js`) || process.argv.includes('--build')) {
	console.log(
		'clinic: building the application (first start only; a minute or two on a small machine)...'
	);
	const started = Date.now();
	const { code, output } = await build();
	if (code !== 0) {
		process.stderr.write(output);
		console.error('clinic: the build failed; its output is above');
		process.exit(code ?? 1);
	}
	console.log(`clinic: built in ${Math.round((Date.now() - started) / 1000)} s`);
}
const { serve } = await import('./serve.js');
await serve().catch((error) => {
	console.error(`clinic: cannot start: ${error.message}`);
	process.exit(1);
});
