import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'build-cli/',
			'.svelte-kit/',
			'data/',
			'node_modules/',
			'coverage/',
			'reports/',
			'.stryker-tmp*/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			// The site is served at the root without a base path, and links are plain server-rendered
			// hrefs (many with query strings), so wrapping each in resolve() would add nothing.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		// The domain holds the clinic's rules: no framework, database, clock or environment.
		files: ['src/lib/domain/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['$app/*', '$env/*', '@sveltejs/*'],
							message: 'The domain is framework-free.'
						},
						{
							group: ['$lib/server/*', '$server/*', '**/server/**'],
							message: 'The domain does no I/O.'
						},
						{
							group: ['kysely', 'pg', 'better-sqlite3', 'node:*'],
							message: 'The domain does no I/O.'
						}
					]
				}
			],
			'no-restricted-globals': [
				'error',
				{ name: 'process', message: 'Pass configuration in as an argument.' },
				{ name: 'Date', message: 'Use Temporal values passed in as arguments.' }
			],
			'no-restricted-properties': [
				'error',
				{ object: 'Temporal', property: 'Now', message: 'Pass `now` in as an argument.' }
			]
		}
	},
	// Layers (issue 15, ADR 0045): routes own HTTP and call services; services own transactions
	// and know no framework; only repositories know SQL; components show what they are given.
	{
		files: ['src/routes/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['$lib/server/db/repositories/*', '**/db/repositories/*'],
							message: 'Routes call a service; only services use repositories.'
						},
						{ group: ['kysely'], message: 'Routes do not build queries.' }
					]
				}
			]
		}
	},
	{
		files: ['src/lib/server/services/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['@sveltejs/*', '$app/*', '*.svelte'],
							message: 'Services know no framework: return a result, the route maps it to HTTP.'
						}
					]
				}
			]
		}
	},
	{
		files: ['src/lib/server/db/repositories/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['$lib/server/services/*', '**/services/*', '@sveltejs/*', '$app/*'],
							message: 'Repositories know SQL only: no services, no framework.'
						}
					]
				}
			]
		}
	},
	{
		files: ['src/lib/components/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['$lib/server/*', '$lib/server/**', '**/server/**'],
							message: 'Components run in the browser too: take types from the domain.'
						}
					]
				}
			]
		}
	}
);
