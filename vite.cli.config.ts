import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the operator's command line (`npm run clinic`) from the same server code the app
 * uses, so its commands go through the same services and repositories.
 */
export default defineConfig({
	resolve: {
		alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) }
	},
	logLevel: 'warn',
	build: {
		ssr: 'src/lib/server/cli/main.ts',
		outDir: 'build-cli',
		emptyOutDir: true,
		target: 'node20',
		rollupOptions: { output: { entryFileNames: 'main.js' } }
	}
});
