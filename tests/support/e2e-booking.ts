// Helpers for the booking end-to-end tests: one shared Chromium with cheap contexts, page
// navigation that reports the final response, keyboard focus, axe reports, the .eml files the
// server writes, and open times from the JSON API.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import {
	chromium,
	type Browser,
	type BrowserContext,
	type Page,
	type Response
} from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { chromiumFlags, chromiumPath, desktop } from './browser';
import { readEmail, type ReadableEmail } from './mime';

export const clinicZone = 'America/Chicago';
export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** One Chromium process; each test opens its own light context (JavaScript on or off). */
export interface SharedBrowser {
	browser: Browser;
	newContext(options?: {
		javaScriptEnabled?: boolean;
		viewport?: { width: number; height: number };
	}): Promise<BrowserContext>;
	close(): Promise<void>;
}

export async function launchSharedBrowser(): Promise<SharedBrowser> {
	const browser = await chromium.launch({
		executablePath: chromiumPath,
		headless: true,
		args: chromiumFlags,
		timeout: 30_000
	});
	let closed = false;
	return {
		browser,
		async newContext(options = {}) {
			const context = await browser.newContext({
				javaScriptEnabled: options.javaScriptEnabled ?? true,
				viewport: options.viewport ?? desktop
			});
			context.setDefaultTimeout(15_000);
			context.setDefaultNavigationTimeout(20_000);
			return context;
		},
		async close() {
			if (closed) return;
			closed = true;
			await browser.close();
		}
	};
}

/** The last main-frame document response of a navigation (after redirects), and its body. */
export interface Navigation {
	response: Response;
	status: number;
	url: string;
	html: string;
}

/**
 * Runs `action` (a click, a key press, a goto) and waits until the page has loaded the
 * document it leads to. Works with JavaScript off: it relies on the browser's load event only.
 */
export async function navigate(page: Page, action: () => Promise<unknown>): Promise<Navigation> {
	let last: Response | null = null;
	const onResponse = (response: Response) => {
		if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) {
			last = response;
		}
	};
	page.on('response', onResponse);
	try {
		const loaded = page.waitForEvent('load', { timeout: 20_000 });
		await action();
		await loaded;
	} finally {
		page.off('response', onResponse);
	}
	const response = last as Response | null;
	if (!response) throw new Error(`no document response while on ${page.url()}`);
	return { response, status: response.status(), url: page.url(), html: await response.text() };
}

/** What has keyboard focus, described for matching and for failure messages. */
export interface Focused {
	tag: string;
	id: string;
	name: string;
	type: string;
	text: string;
	href: string;
	ariaLabel: string;
	checked: boolean;
	/** The text of the element's label (inputs), or its own text. */
	label: string;
}

export function focused(page: Page): Promise<Focused | null> {
	return page.evaluate(() => {
		const element = document.activeElement;
		if (!(element instanceof HTMLElement) || element === document.body) return null;
		const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
		const input = element instanceof HTMLInputElement ? element : null;
		const labels =
			input?.labels ?? (element instanceof HTMLTextAreaElement ? element.labels : null);
		return {
			tag: element.localName,
			id: element.id,
			name: element.getAttribute('name') ?? '',
			type: element.getAttribute('type') ?? '',
			text: clean(element.textContent),
			href: element.getAttribute('href') ?? '',
			ariaLabel: element.getAttribute('aria-label') ?? '',
			checked: input?.checked ?? false,
			label:
				labels && labels.length > 0 ? clean(labels[0]?.textContent) : clean(element.textContent)
		};
	});
}

export function describeFocus(focus: Focused | null): string {
	if (!focus) return '(nothing)';
	const id = focus.id ? `#${focus.id}` : '';
	const extra = focus.ariaLabel ? ` [${focus.ariaLabel}]` : '';
	return `${focus.tag}${id} "${focus.label.slice(0, 50)}"${extra}`;
}

/**
 * Presses Tab until the focused element satisfies `matches`; fails after `maxPresses` with
 * the path the focus took, so a broken tab order is easy to read.
 */
export async function tabTo(
	page: Page,
	what: string,
	matches: (focus: Focused) => boolean,
	maxPresses = 80
): Promise<Focused> {
	const path: string[] = [];
	for (let press = 1; press <= maxPresses; press++) {
		await page.keyboard.press('Tab');
		const focus = await focused(page);
		if (focus && matches(focus)) return focus;
		path.push(describeFocus(focus));
	}
	throw new Error(
		`Tab did not reach ${what} in ${maxPresses} presses on ${page.url()}; focus went:\n  ${path.join('\n  ')}`
	);
}

/** Runs axe with the WCAG 2.x A/AA tags; returns one readable line per violation. */
export async function axeProblems(page: Page, where: string): Promise<string[]> {
	const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
	return results.violations.map((violation) => {
		const nodes = violation.nodes
			.map((node) => {
				const summary = (node.failureSummary ?? '').replace(/\s+/g, ' ').trim();
				return `\n      ${node.target.join(' ')} :: ${summary}`;
			})
			.join('');
		return `${where}: [${violation.id}] (${violation.impact ?? '?'}) ${violation.help}${nodes}`;
	});
}

export function report(title: string, problems: string[]): string {
	return problems.length === 0 ? '' : `${title} (${problems.length}):\n  ${problems.join('\n  ')}`;
}

/** One email the server wrote as an .eml file under `${dataDir}/mail`. */
export interface MailFile {
	file: string;
	email: ReadableEmail;
}

export async function readMailDir(dataDir: string): Promise<MailFile[]> {
	const dir = join(dataDir, 'mail');
	let names: string[];
	try {
		names = (await readdir(dir)).filter((name) => name.endsWith('.eml')).sort();
	} catch {
		return [];
	}
	const files: MailFile[] = [];
	for (const name of names) {
		files.push({ file: name, email: readEmail(await readFile(join(dir, name), 'utf8')) });
	}
	return files;
}

/**
 * Waits until at least `count` emails match `matches` (the outbox worker sends within about
 * two seconds), then returns the matching ones in the order they were written.
 */
export async function waitForEmails(
	dataDir: string,
	matches: (email: ReadableEmail) => boolean,
	count = 1,
	timeoutMs = 10_000
): Promise<ReadableEmail[]> {
	const deadline = Date.now() + timeoutMs;
	let found: ReadableEmail[] = [];
	while (Date.now() < deadline) {
		found = (await readMailDir(dataDir)).map((file) => file.email).filter(matches);
		if (found.length >= count) return found;
		await sleep(150);
	}
	const all = (await readMailDir(dataDir)).map((file) => `${file.email.to}: ${file.email.subject}`);
	throw new Error(
		`expected ${count} matching email(s) within ${timeoutMs} ms, found ${found.length}; all mail:\n  ${all.join('\n  ')}`
	);
}

/** An email addressed to `address` whose subject matches. */
export const mailTo =
	(address: string, subject: RegExp) =>
	(email: ReadableEmail): boolean =>
		email.to.toLowerCase().includes(address.toLowerCase()) && subject.test(email.subject);

/** A time the JSON API offers, as it sends it. */
export interface ApiSlot {
	start: string;
	end: string;
	practitionerId: number;
	locationId: number;
}

export async function apiSlots(
	baseUrl: string,
	query: { service: number; practitioner?: number | 'any'; from: string; to: string }
): Promise<ApiSlot[]> {
	const params = new URLSearchParams({
		service: String(query.service),
		practitioner: String(query.practitioner ?? 'any'),
		from: query.from,
		to: query.to
	});
	const response = await fetch(`${baseUrl}/api/v1/availability?${params}`, {
		signal: AbortSignal.timeout(10_000)
	});
	if (response.status !== 200) {
		throw new Error(`availability ${params} answered ${response.status}: ${await response.text()}`);
	}
	return ((await response.json()) as { slots: ApiSlot[] }).slots;
}

/** The same instant, whatever the notation ('...T16:00:00Z' and '...T10:00:00-06:00'). */
export function sameInstant(a: string, b: string): boolean {
	return Temporal.Instant.from(a).equals(Temporal.Instant.from(b));
}

/** The UTC form the booking pages put in their links ('2026-12-01T16:00:00Z'). */
export function utcInstant(text: string): string {
	return Temporal.Instant.from(text).toString();
}

/** Today in the clinic's zone, by the real clock (the server uses the same one). */
export function clinicToday(): Temporal.PlainDate {
	return Temporal.Now.zonedDateTimeISO(clinicZone).toPlainDate();
}

/** The clinic-local date of an instant. */
export function clinicDate(instant: string): Temporal.PlainDate {
	return Temporal.Instant.from(instant).toZonedDateTimeISO(clinicZone).toPlainDate();
}

/** "CST" or "CDT" at an instant, from the platform's time-zone data. */
export function zoneAbbreviationAt(instant: string): string {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone: clinicZone,
		timeZoneName: 'short'
	}).formatToParts(Temporal.Instant.from(instant).epochMilliseconds);
	return parts.find((part) => part.type === 'timeZoneName')?.value ?? '?';
}

/** "10:00 am", as the clinic writes clock times. */
export function clockTime(instant: string): string {
	const time = Temporal.Instant.from(instant).toZonedDateTimeISO(clinicZone);
	const suffix = time.hour < 12 ? 'am' : 'pm';
	const hour = time.hour % 12 === 0 ? 12 : time.hour % 12;
	return `${hour}:${String(time.minute).padStart(2, '0')} ${suffix}`;
}

/** "December 1, 2026", as the clinic writes dates (after the weekday). */
export function longDate(instant: string): string {
	const date = clinicDate(instant);
	const month = new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' }).format(
		new Date(Date.UTC(date.year, date.month - 1, 1))
	);
	return `${month} ${date.day}, ${date.year}`;
}

/** The `start=` and `date=` of a booking link. */
export function linkParams(href: string): { date: string | null; start: string | null } {
	const url = new URL(href, 'http://localhost');
	return { date: url.searchParams.get('date'), start: url.searchParams.get('start') };
}

/** A patient of the fictional clinic, distinct per label. */
export function e2ePatient(label: string) {
	return {
		name: `Alex ${label.replace(/[^A-Za-z]/g, '') || 'Test'} Rivera`,
		email: `e2e-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@example.com`,
		phone: '(414) 555-0199'
	};
}

/** POSTs a booking to the JSON API. */
export async function apiBook(
	baseUrl: string,
	body: unknown,
	idempotencyKey: string | null
): Promise<{ status: number; body: unknown; headers: Headers; text: string }> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey;
	const response = await fetch(`${baseUrl}/api/v1/bookings`, {
		method: 'POST',
		headers,
		body: typeof body === 'string' ? body : JSON.stringify(body),
		signal: AbortSignal.timeout(20_000)
	});
	const text = await response.text();
	let parsed: unknown = null;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = null;
	}
	return { status: response.status, body: parsed, headers: response.headers, text };
}

/** The manage token of a manage URL or path. */
export function manageToken(url: string): string {
	const match = /\/manage\/([^/?#]+)/.exec(url);
	if (!match?.[1]) throw new Error(`no manage token in ${url}`);
	return match[1];
}
