// `npm start`: builds the application the first time (or when asked to), then serves it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${root}build/handler.js`) || process.argv.includes('--build')) {
	console.log('clinic: no build found, building once (about 10 seconds)...');
	const result = spawnSync(process.execPath, [`${root}node_modules/vite/bin/vite.js`, 'build'], {
		cwd: root,
		stdio: 'inherit'
	});
	if (result.status !== 0) {
		console.error('clinic: the build failed; see the messages above');
		process.exit(result.status ?? 1);
	}
}
const { serve } = await import('./serve.js');
await serve().catch((error) => {
	console.error(`clinic: cannot start: ${error.message}`);
	process.exit(1);
});
