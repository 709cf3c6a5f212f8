// `npm run clinic -- <command>`: the operator's command line. It is built from the server
// code (a second or two) whenever that changed since the last build, so it always matches the
// source without paying for a build on every run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { commandLineIsCurrent } from './lib/cli-freshness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const build = commandLineIsCurrent(root)
	? { status: 0 }
	: spawnSync(
			process.execPath,
			[`${root}node_modules/vite/bin/vite.js`, 'build', '--config', 'vite.cli.config.ts'],
			{ cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }
		);
if (build.status !== 0) {
	console.error('clinic: building the command line failed');
	process.exit(build.status ?? 1);
}
const { main } = await import(`${root}build-cli/main.js`);
process.exitCode = await main(process.argv.slice(2));
