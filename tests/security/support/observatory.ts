// The MDN HTTP Observatory's grading (github.com/mdn/mdn-http-observatory, algorithm of 2024-25:
// src/analyzer/tests/*.js, src/grader/charts.js, src/scanner/index.js), re-implemented for one
// response captured from the running server. The ten tests and their score modifiers are the
// Observatory's; what cannot be observed on a loopback test server is said so in the result:
//   - Redirection (http -> https) and the TLS side of HSTS belong to the TLS terminator in
//     front of the app. Redirection is scored as "not needed, no plain http" (0, as the
//     Observatory does for a host without port 80) and flagged `assumed`; HSTS is scored from
//     the header the app sends when ORIGIN is https, as if the certificate were valid.
//   - The HSTS preload list is not consulted (no bonus).
// Score: 100, plus every modifier; bonuses count only if the score without them is at least
// 90; A+ from 100.
export interface Capture {
	/** The URL as the public would use it (https when the app runs with an https ORIGIN). */
	url: string;
	status: number;
	headers: Headers;
	body: string;
	/** The same URL fetched with `Origin: https://http-observatory.security.mozilla.org`. */
	corsHeaders: Headers;
	corsOrigin: string;
}

export interface TestResult {
	name: string;
	result: string;
	modifier: number;
	pass: boolean;
	/** Not observable here; scored as explained in `note`. */
	assumed?: boolean;
	note?: string;
}

export interface Grade {
	score: number;
	grade: string;
	tests: TestResult[];
	failed: TestResult[];
}

const modifiers: Record<string, number> = {
	'csp-implemented-with-no-unsafe-default-src-none': 10,
	'csp-implemented-with-no-unsafe': 5,
	'csp-implemented-with-unsafe-inline-in-style-src-only': 0,
	'csp-implemented-with-insecure-scheme-in-passive-content-only': -10,
	'csp-implemented-with-unsafe-eval': -10,
	'csp-implemented-with-unsafe-inline': -20,
	'csp-implemented-with-insecure-scheme': -20,
	'csp-implemented-but-duplicate-directives': 0,
	'csp-header-invalid': -25,
	'csp-not-implemented': -25,
	'csp-not-implemented-but-reporting-enabled': -25,
	'cookies-secure-with-httponly-sessions-and-samesite': 5,
	'cookies-secure-with-httponly-sessions': 0,
	'cookies-not-found': 0,
	'cookies-without-secure-flag-but-protected-by-hsts': -5,
	'cookies-session-without-secure-flag-but-protected-by-hsts': -10,
	'cookies-without-secure-flag': -20,
	'cookies-samesite-flag-invalid': -20,
	'cookies-anticsrf-without-samesite-flag': -20,
	'cookies-session-without-httponly-flag': -30,
	'cookies-session-without-secure-flag': -40,
	'cross-origin-resource-sharing-not-implemented': 0,
	'cross-origin-resource-sharing-implemented-with-public-access': 0,
	'cross-origin-resource-sharing-implemented-with-restricted-access': 0,
	'cross-origin-resource-sharing-implemented-with-universal-access': -50,
	'redirection-not-needed-no-http': 0,
	'referrer-policy-private': 5,
	'referrer-policy-not-implemented': 0,
	'referrer-policy-unsafe': -5,
	'referrer-policy-header-invalid': -5,
	'hsts-implemented-max-age-at-least-six-months': 0,
	'hsts-implemented-max-age-less-than-six-months': -10,
	'hsts-not-implemented': -20,
	'hsts-header-invalid': -20,
	'hsts-not-implemented-no-https': -20,
	'sri-implemented-and-all-scripts-loaded-securely': 5,
	'sri-implemented-and-external-scripts-loaded-securely': 5,
	'sri-not-implemented-response-not-html': 0,
	'sri-not-implemented-but-no-scripts-loaded': 0,
	'sri-not-implemented-but-all-scripts-loaded-from-secure-origin': 0,
	'sri-not-implemented-but-external-scripts-loaded-securely': -5,
	'sri-implemented-but-external-scripts-not-loaded-securely': -20,
	'sri-not-implemented-and-external-scripts-not-loaded-securely': -50,
	'x-content-type-options-nosniff': 0,
	'x-content-type-options-not-implemented': -5,
	'x-content-type-options-header-invalid': -5,
	'x-frame-options-implemented-via-csp': 5,
	'x-frame-options-sameorigin-or-deny': 0,
	'x-frame-options-allow-from-origin': 0,
	'x-frame-options-not-implemented': -20,
	'x-frame-options-header-invalid': -20,
	'cross-origin-resource-policy-not-implemented': 0,
	'cross-origin-resource-policy-implemented-with-same-origin': 10,
	'cross-origin-resource-policy-implemented-with-same-site': 10,
	'cross-origin-resource-policy-implemented-with-cross-origin': 0,
	'cross-origin-resource-policy-header-invalid': -5
};

const gradeChart: [number, string][] = [
	[100, 'A+'],
	[90, 'A'],
	[85, 'A-'],
	[80, 'B+'],
	[70, 'B'],
	[65, 'B-'],
	[60, 'C+'],
	[50, 'C'],
	[45, 'C-'],
	[40, 'D+'],
	[30, 'D'],
	[25, 'D-'],
	[0, 'F']
];

function result(
	name: string,
	outcome: string,
	pass: boolean,
	extra: Partial<TestResult> = {}
): TestResult {
	const modifier = modifiers[outcome];
	if (modifier === undefined) throw new Error(`no score for ${outcome}`);
	return { name, result: outcome, modifier, pass, ...extra };
}

const dangerouslyBroad = new Set([
	'ftp:',
	'http:',
	'https:',
	'*',
	'http://*',
	'http://*.*',
	'https://*',
	'https://*.*'
]);
const unsafeInline = new Set(["'unsafe-inline'", 'data:']);
const broadOrInline = new Set([...dangerouslyBroad, ...unsafeInline]);
const noncesHashes = ["'sha256-", "'sha384-", "'sha512-", "'nonce-"];

/** One policy's directives (the Observatory refuses duplicates other than report-uri/-to). */
export function parsePolicy(policy: string): Map<string, Set<string>> {
	const clean = policy.replace(/[\r\n]/g, '').trim();
	if (clean.length < 'img-src'.length - 1) throw new Error(`invalid policy: ${policy}`);
	const directives = new Map<string, Set<string>>();
	for (const entry of clean.split(';')) {
		const [rawName, ...values] = entry.trim().split(/\s+/);
		if (!rawName) continue;
		const name = rawName.toLowerCase();
		if (directives.has(name)) {
			if (name === 'report-uri' || name === 'report-to') continue;
			throw new Error(`duplicate directive ${name}`);
		}
		const sources = values.map((value) => value.trim().toLowerCase()).filter(Boolean);
		directives.set(
			name,
			new Set(sources.length === 0 && name.endsWith('-src') ? ["'none'"] : sources)
		);
	}
	return directives;
}

/** The CSP test (src/analyzer/tests/csp.js) for one policy sent as a header. */
export function cspTest(
	capture: Capture
): TestResult & { directives: Map<string, Set<string>> | null } {
	const name = 'content-security-policy';
	const header = capture.headers.get('content-security-policy');
	if (!header) {
		const reporting = capture.headers.get('content-security-policy-report-only');
		return {
			...result(
				name,
				reporting ? 'csp-not-implemented-but-reporting-enabled' : 'csp-not-implemented',
				false
			),
			directives: null
		};
	}
	const policies = header.split(',').map((policy) => policy.trim());
	if (policies.length > 1) {
		// Several policies are intersected by the Observatory; none of ours sends more than one.
		return {
			...result(name, 'csp-header-invalid', false, { note: 'more than one policy' }),
			directives: null
		};
	}
	let csp: Map<string, Set<string>>;
	try {
		csp = parsePolicy(policies[0]!);
	} catch (error) {
		return {
			...result(name, 'csp-header-invalid', false, { note: (error as Error).message }),
			directives: null
		};
	}
	const objectSrc = new Set(csp.get('object-src') ?? csp.get('default-src') ?? ['*']);
	const scriptSrc = new Set(csp.get('script-src') ?? csp.get('default-src') ?? ['*']);
	const styleSrc = new Set(csp.get('style-src') ?? csp.get('default-src') ?? ['*']);
	const hasNonceOrHash = (sources: Set<string>) =>
		[...sources].some((source) => noncesHashes.some((prefix) => source.startsWith(prefix)));
	for (const sources of [scriptSrc, styleSrc]) {
		if (hasNonceOrHash(sources)) sources.delete("'unsafe-inline'");
	}
	let outcome: string | null = null;
	if (hasNonceOrHash(scriptSrc) && scriptSrc.has("'strict-dynamic'")) {
		for (const source of [...scriptSrc]) {
			if (
				[...dangerouslyBroad].some((broad) => source.startsWith(broad)) ||
				source === "'self'" ||
				source === "'unsafe-inline'"
			) {
				scriptSrc.delete(source);
			}
		}
	} else if (scriptSrc.has("'strict-dynamic'")) {
		outcome = 'csp-header-invalid';
	}
	const https = capture.url.startsWith('https:');
	const passive = new Set(['img-src', 'media-src']);
	const active = [...csp.entries()]
		.filter(([directive]) => !passive.has(directive) && directive !== 'script-src')
		.flatMap(([, sources]) => [...sources])
		.concat([...scriptSrc]);
	const passiveSources = [...passive].flatMap((directive) => [
		...(csp.get(directive) ?? csp.get('default-src') ?? [])
	]);
	const insecure = (source: string) => source.startsWith('http:') || source.startsWith('ftp:');
	if (
		[...scriptSrc].some((s) => broadOrInline.has(s)) ||
		[...objectSrc].some((s) => dangerouslyBroad.has(s))
	) {
		outcome ??= 'csp-implemented-with-unsafe-inline';
	}
	if (https && active.some(insecure)) outcome ??= 'csp-implemented-with-insecure-scheme';
	if (scriptSrc.has("'unsafe-eval'") || styleSrc.has("'unsafe-eval'"))
		outcome ??= 'csp-implemented-with-unsafe-eval';
	if (https && passiveSources.some(insecure))
		outcome ??= 'csp-implemented-with-insecure-scheme-in-passive-content-only';
	if ([...styleSrc].some((s) => broadOrInline.has(s)))
		outcome ??= 'csp-implemented-with-unsafe-inline-in-style-src-only';
	const defaultSrc = csp.get('default-src');
	if (defaultSrc?.has("'none'") && defaultSrc.size === 1)
		outcome ??= 'csp-implemented-with-no-unsafe-default-src-none';
	else outcome ??= 'csp-implemented-with-no-unsafe';
	const pass = [
		'csp-implemented-with-no-unsafe',
		'csp-implemented-with-no-unsafe-default-src-none',
		'csp-implemented-with-unsafe-inline-in-style-src-only',
		'csp-implemented-with-insecure-scheme-in-passive-content-only'
	].includes(outcome);
	return { ...result(name, outcome, pass), directives: csp };
}

/** A Set-Cookie line, read as tough-cookie would for the Observatory's checks. */
function parseSetCookie(line: string) {
	const [pair = '', ...attributes] = line.split(';');
	const key = pair.slice(0, Math.max(0, pair.indexOf('='))).trim();
	const flags = new Map(
		attributes.map((attribute) => {
			const at = attribute.indexOf('=');
			return at < 0
				? [attribute.trim().toLowerCase(), '']
				: [attribute.slice(0, at).trim().toLowerCase(), attribute.slice(at + 1).trim()];
		})
	);
	return {
		key,
		secure: flags.has('secure'),
		httpOnly: flags.has('httponly'),
		sameSite: flags.get('samesite') ?? null
	};
}

const cookieGoodness = [
	'cookies-without-secure-flag-but-protected-by-hsts',
	'cookies-without-secure-flag',
	'cookies-session-without-secure-flag-but-protected-by-hsts',
	'cookies-samesite-flag-invalid',
	'cookies-anticsrf-without-samesite-flag',
	'cookies-session-without-httponly-flag',
	'cookies-session-without-secure-flag'
];

function onlyIfWorse(next: string, current: string | null): string {
	if (current === null) return next;
	return cookieGoodness.indexOf(next) > cookieGoodness.indexOf(current) ? next : current;
}

/** The cookies test (src/analyzer/tests/cookies.js) for the cookies a response sets. */
export function cookiesTest(capture: Capture, hstsPass: boolean): TestResult {
	const name = 'cookies';
	const lines = capture.headers.getSetCookie();
	let outcome: string | null = null;
	for (const line of lines) {
		for (const part of line.split(';')) {
			const [key = '', value] = part.trim().split('=');
			if (
				key.trim().toLowerCase() === 'samesite' &&
				!['lax', 'strict', 'none'].includes((value ?? '').trim().toLowerCase())
			) {
				outcome = onlyIfWorse('cookies-samesite-flag-invalid', outcome);
			}
		}
	}
	// A browser keeps the last value per name; a removal (Max-Age=0) leaves nothing behind.
	const cookies = lines.map(parseSetCookie).filter((cookie) => cookie.key);
	if (cookies.length === 0) return result(name, 'cookies-not-found', true);
	let missingSameSite = false;
	for (const cookie of cookies) {
		const session = ['login', 'sess'].some((part) => cookie.key.toLowerCase().includes(part));
		const antiCsrf = cookie.key.toLowerCase().includes('csrf');
		if (!cookie.secure && cookie.sameSite?.toLowerCase() === 'none')
			outcome = onlyIfWorse('cookies-samesite-flag-invalid', outcome);
		if (!cookie.secure)
			outcome = onlyIfWorse(
				hstsPass
					? 'cookies-without-secure-flag-but-protected-by-hsts'
					: 'cookies-without-secure-flag',
				outcome
			);
		if (antiCsrf && !cookie.sameSite)
			outcome = onlyIfWorse('cookies-anticsrf-without-samesite-flag', outcome);
		if (session && !cookie.secure) {
			outcome = onlyIfWorse(
				hstsPass
					? 'cookies-session-without-secure-flag-but-protected-by-hsts'
					: 'cookies-session-without-secure-flag',
				outcome
			);
		}
		if (session && !cookie.httpOnly)
			outcome = onlyIfWorse('cookies-session-without-httponly-flag', outcome);
		if (!cookie.sameSite) missingSameSite = true;
	}
	outcome ??= missingSameSite
		? 'cookies-secure-with-httponly-sessions'
		: 'cookies-secure-with-httponly-sessions-and-samesite';
	const pass = [
		'cookies-not-found',
		'cookies-secure-with-httponly-sessions-and-samesite',
		'cookies-secure-with-httponly-sessions'
	].includes(outcome);
	return result(name, outcome, pass);
}

export function corsTest(capture: Capture): TestResult {
	const name = 'cross-origin-resource-sharing';
	const acao = capture.corsHeaders.get('access-control-allow-origin');
	if (!acao) return result(name, 'cross-origin-resource-sharing-not-implemented', true);
	const value = acao.slice(0, 256).trim().toLowerCase();
	if (value === '*')
		return result(name, 'cross-origin-resource-sharing-implemented-with-public-access', true);
	const credentials =
		capture.corsHeaders.get('access-control-allow-credentials')?.trim().toLowerCase() === 'true';
	if (acao === capture.corsOrigin && credentials) {
		return result(name, 'cross-origin-resource-sharing-implemented-with-universal-access', false);
	}
	return result(name, 'cross-origin-resource-sharing-implemented-with-restricted-access', true);
}

export function referrerPolicyTest(capture: Capture): TestResult {
	const name = 'referrer-policy';
	const good = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'];
	const bad = ['origin', 'origin-when-cross-origin', 'unsafe-url', 'no-referrer-when-downgrade'];
	// A <meta name="referrer"> is not http-equiv; the Observatory reads the header only here.
	const header = capture.headers.get('referrer-policy');
	if (!header) return result(name, 'referrer-policy-not-implemented', true);
	const policy =
		header
			.split(',')
			.map((entry) => entry.trim().toLowerCase())
			.filter((entry) => good.includes(entry) || bad.includes(entry))
			.reverse()[0] ?? '';
	if (good.includes(policy)) return result(name, 'referrer-policy-private', true);
	if (bad.includes(policy)) return result(name, 'referrer-policy-unsafe', false);
	return result(name, 'referrer-policy-header-invalid', false);
}

export function hstsTest(capture: Capture): TestResult {
	const name = 'strict-transport-security';
	if (!capture.url.startsWith('https:'))
		return result(name, 'hsts-not-implemented-no-https', false);
	const header = capture.headers.get('strict-transport-security');
	if (!header) return result(name, 'hsts-not-implemented', false);
	if (header.includes(','))
		return result(name, 'hsts-header-invalid', false, { note: 'sent twice' });
	let maxAge: number | null = null;
	for (const parameter of header.split(';').map((part) => part.trim().toLowerCase())) {
		if (parameter.startsWith('max-age=')) maxAge = Number.parseInt(parameter.slice(8, 128), 10);
	}
	if (maxAge === null || Number.isNaN(maxAge)) return result(name, 'hsts-header-invalid', false);
	const sixMonths = 15_552_000;
	const outcome =
		maxAge < sixMonths
			? 'hsts-implemented-max-age-less-than-six-months'
			: 'hsts-implemented-max-age-at-least-six-months';
	return result(name, outcome, outcome === 'hsts-implemented-max-age-at-least-six-months', {
		assumed: true,
		note: 'scored as if served over TLS with a valid certificate (the header the app sends with an https ORIGIN)'
	});
}

export function redirectionTest(): TestResult {
	return result('redirection', 'redirection-not-needed-no-http', true, {
		assumed: true,
		note: "http -> https redirection is the TLS terminator's job (docs/operations.md); not observable on a loopback http server"
	});
}

/** Script elements of an HTML body (src and integrity), without a DOM library. */
function scriptsOf(html: string): { src: string | null; integrity: string | null }[] {
	const scripts: { src: string | null; integrity: string | null }[] = [];
	for (const match of html.matchAll(/<script\b([^>]*)>/gi)) {
		const attributes = match[1] ?? '';
		const attribute = (name: string) =>
			new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attributes);
		const src = attribute('src');
		const integrity = attribute('integrity');
		scripts.push({
			src: src ? (src[1] ?? src[2] ?? src[3] ?? '') : null,
			integrity: integrity ? (integrity[1] ?? integrity[2] ?? integrity[3] ?? '') : null
		});
	}
	return scripts;
}

export function sriTest(capture: Capture): TestResult {
	const name = 'subresource-integrity';
	const type =
		(capture.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
	if (type && type !== 'text/html' && type !== 'application/xhtml+xml') {
		return result(name, 'sri-not-implemented-response-not-html', true);
	}
	const scripts = scriptsOf(capture.body);
	if (scripts.length === 0) return result(name, 'sri-not-implemented-but-no-scripts-loaded', true);
	const host = new URL(capture.url).hostname;
	let worst: string | null = null;
	const order = [
		'sri-implemented-and-all-scripts-loaded-securely',
		'sri-implemented-and-external-scripts-loaded-securely',
		'sri-implemented-but-external-scripts-not-loaded-securely',
		'sri-not-implemented-but-external-scripts-loaded-securely',
		'sri-not-implemented-and-external-scripts-not-loaded-securely',
		'sri-not-implemented-response-not-html'
	];
	const worse = (next: string) =>
		worst === null || order.indexOf(next) > order.indexOf(worst) ? next : worst;
	let foreign = false;
	for (const script of scripts) {
		if (script.src === null) continue;
		const relativeProtocol = /^\/\/[^/]/.test(script.src);
		const absolute = /^https?:\/\//.test(script.src);
		const sameSite = relativeProtocol || !absolute || new URL(script.src).hostname.endsWith(host);
		const secureOrigin = !absolute ? !relativeProtocol : sameSite && !relativeProtocol;
		const secureScheme = absolute
			? script.src.startsWith('https:')
			: !relativeProtocol && capture.url.startsWith('https:');
		if (!secureOrigin) {
			foreign = true;
			if (script.integrity && !secureScheme)
				worst = worse('sri-implemented-but-external-scripts-not-loaded-securely');
			else if (!script.integrity && secureScheme)
				worst = worse('sri-not-implemented-but-external-scripts-loaded-securely');
			else if (!script.integrity)
				worst = worse('sri-not-implemented-and-external-scripts-not-loaded-securely');
		} else if (script.integrity && secureScheme && worst === null) {
			worst = 'sri-implemented-and-all-scripts-loaded-securely';
		}
	}
	const outcome =
		worst ??
		(foreign
			? 'sri-implemented-and-external-scripts-loaded-securely'
			: 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin');
	const pass = ![
		'sri-implemented-but-external-scripts-not-loaded-securely',
		'sri-not-implemented-but-external-scripts-loaded-securely',
		'sri-not-implemented-and-external-scripts-not-loaded-securely'
	].includes(outcome);
	return result(name, outcome, pass);
}

export function xContentTypeOptionsTest(capture: Capture): TestResult {
	const name = 'x-content-type-options';
	const header = capture.headers.get('x-content-type-options');
	if (!header) return result(name, 'x-content-type-options-not-implemented', false);
	return header.trim().toLowerCase() === 'nosniff'
		? result(name, 'x-content-type-options-nosniff', true)
		: result(name, 'x-content-type-options-header-invalid', false);
}

export function xFrameOptionsTest(
	capture: Capture,
	csp: Map<string, Set<string>> | null
): TestResult {
	const name = 'x-frame-options';
	if (csp?.has('frame-ancestors')) return result(name, 'x-frame-options-implemented-via-csp', true);
	const header = capture.headers.get('x-frame-options');
	if (!header) return result(name, 'x-frame-options-not-implemented', false);
	const value = header.slice(0, 1024).trim().toLowerCase();
	if (value === 'deny' || value === 'sameorigin')
		return result(name, 'x-frame-options-sameorigin-or-deny', true);
	if (value.startsWith('allow-from'))
		return result(name, 'x-frame-options-allow-from-origin', true);
	return result(name, 'x-frame-options-header-invalid', false);
}

export function corpTest(capture: Capture): TestResult {
	const name = 'cross-origin-resource-policy';
	const header = capture.headers
		.get('cross-origin-resource-policy')
		?.slice(0, 256)
		.trim()
		.toLowerCase();
	if (!header) return result(name, 'cross-origin-resource-policy-not-implemented', true);
	if (header === 'same-origin')
		return result(name, 'cross-origin-resource-policy-implemented-with-same-origin', true);
	if (header === 'same-site')
		return result(name, 'cross-origin-resource-policy-implemented-with-same-site', true);
	if (header === 'cross-origin')
		return result(name, 'cross-origin-resource-policy-implemented-with-cross-origin', true);
	return result(name, 'cross-origin-resource-policy-header-invalid', false);
}

/** All ten tests, and the score and grade the Observatory would give. */
export function grade(capture: Capture): Grade {
	const csp = cspTest(capture);
	const hsts = hstsTest(capture);
	const tests: TestResult[] = [
		{
			name: csp.name,
			result: csp.result,
			modifier: csp.modifier,
			pass: csp.pass,
			...(csp.note ? { note: csp.note } : {})
		},
		cookiesTest(capture, hsts.pass),
		corsTest(capture),
		redirectionTest(),
		referrerPolicyTest(capture),
		hsts,
		sriTest(capture),
		xContentTypeOptionsTest(capture),
		xFrameOptionsTest(capture, csp.directives),
		corpTest(capture)
	];
	const withBonus = 100 + tests.reduce((sum, test) => sum + test.modifier, 0);
	const withoutBonus = 100 + tests.reduce((sum, test) => sum + Math.min(0, test.modifier), 0);
	const score = Math.max(0, withoutBonus >= 90 ? withBonus : withoutBonus);
	const letter =
		gradeChart.find(([floor]) => Math.min(score - (score % 5), 100) >= floor)?.[1] ?? 'F';
	return { score, grade: letter, tests, failed: tests.filter((test) => !test.pass) };
}

/** A readable breakdown: one line per test with its modifier. */
export function describeGrade(label: string, graded: Grade): string {
	const lines = graded.tests.map(
		(test) =>
			`    ${test.pass ? 'pass' : 'FAIL'} ${String(test.modifier).padStart(3)}  ${test.name}: ${test.result}${test.assumed ? ' (assumed: ' + (test.note ?? '') + ')' : test.note ? ` (${test.note})` : ''}`
	);
	return `${label}: ${graded.score} ${graded.grade}\n${lines.join('\n')}`;
}
