// `npm run clinic -- <command>`: the operator's command line. It is built from the server
// code on each run (a second or two) so it always matches the source.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const build = spawnSync(
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
