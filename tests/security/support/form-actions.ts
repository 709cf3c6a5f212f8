// Every form action of the application, read from the filesystem: each +page.server.ts under
// src/routes that exports `actions` is imported (as vitest can) and its action names listed,
// with the field names its page (+page.svelte) posts, so that fuzzing reaches the validation
// of real fields as well as unknown ones.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { projectRoot } from '../../support/server';

export interface FormAction {
	/** SvelteKit route id, e.g. `/(public)/manage/[token]`. */
	routeId: string;
	/** The URL path pattern, groups removed, e.g. `/manage/[token]`. */
	pattern: string;
	/** The action's name; `default` for a default action (posted without `?/name`). */
	name: string;
	/** Field names the page's forms use (name="..."), for realistic fuzzing. */
	fieldNames: string[];
	/** Route parameters in the pattern, e.g. ['token', 'step']. */
	params: string[];
	/** Under /admin: needs a signed-in staff member to get past the hook. */
	admin: boolean;
}

const routesDir = join(projectRoot, 'src/routes');

function serverFiles(): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(routesDir, { recursive: true, withFileTypes: true })) {
		if (entry.isFile() && entry.name === '+page.server.ts')
			found.push(join(entry.parentPath, entry.name));
	}
	return found.sort();
}

/** `name="..."` attributes of a page and the components it posts through. */
function fieldNamesOf(folder: string): string[] {
	const names = new Set<string>();
	const page = join(folder, '+page.svelte');
	const sources = existsSync(page) ? [readFileSync(page, 'utf8')] : [];
	for (const source of sources) {
		for (const match of source.matchAll(/\bname="([^"{}]+)"/g)) names.add(match[1]!);
		// name={`psfs-activity-${n}`} and the like: keep the literal part as a prefix example.
		for (const match of source.matchAll(/\bname=\{`([^`$]*)\$\{/g)) names.add(`${match[1]}1`);
	}
	return [...names].sort();
}

/** Route id and URL pattern of a +page.server.ts. */
function routeOf(file: string): { routeId: string; pattern: string } {
	const folder = relative(routesDir, dirname(file)).split('\\').join('/');
	const routeId = folder ? `/${folder}` : '/';
	const pattern = `/${folder
		.split('/')
		.filter((segment) => segment && !/^\(.*\)$/.test(segment))
		.join('/')}`;
	return { routeId, pattern };
}

/** Imports every page server module and lists its actions. */
export async function discoverFormActions(): Promise<FormAction[]> {
	const actions: FormAction[] = [];
	for (const file of serverFiles()) {
		const source = readFileSync(file, 'utf8');
		if (!/export const actions\b/.test(source)) continue;
		const module = (await import(/* @vite-ignore */ file)) as { actions?: Record<string, unknown> };
		if (!module.actions) throw new Error(`${file} mentions actions but exports none`);
		const { routeId, pattern } = routeOf(file);
		const params = [...pattern.matchAll(/\[([^\]]+)\]/g)].map((match) => match[1]!);
		for (const name of Object.keys(module.actions)) {
			actions.push({
				routeId,
				pattern,
				name,
				fieldNames: fieldNamesOf(dirname(file)),
				params,
				admin: pattern === '/admin' || pattern.startsWith('/admin/')
			});
		}
	}
	return actions;
}

/** The path to post to, with `?/name` for a named action. */
export function actionPath(action: FormAction, values: Record<string, string>): string {
	const path = action.pattern.replace(/\[([^\]]+)\]/g, (_, param: string) => {
		const value = values[param];
		if (value === undefined) {
			throw new Error(`no value for [${param}] of ${action.routeId}: add one to the fixtures`);
		}
		return encodeURIComponent(value);
	});
	return action.name === 'default' ? path : `${path}?/${action.name}`;
}
