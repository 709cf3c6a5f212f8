import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { error, redirect } from '@sveltejs/kit';
import { adminAccess, isAdminPath } from '$lib/server/auth/guard';
import { setAuthCookies, staffAuth } from '$lib/server/auth/instance';
import { prepareStaffAccess } from '$lib/server/auth/onboarding';
import { ConfigError } from '$lib/server/config';
import { isDatabaseUnavailable } from '$lib/server/db/availability-errors';
import { findClinic } from '$lib/server/db/repositories/clinic-repository';
import { withStartupLock } from '$lib/server/db/startup-lock';
import { clientAddressOf } from '$lib/server/http/client-address';
import { formBodyRefusal, formBodyRefusalResponse } from '$lib/server/http/form-body';
import { securityHeaders } from '$lib/server/http/security-headers.js';
import { watchChanges } from '$lib/server/db/change-tracking';
import {
	changeMadeHeader,
	mayShareAnswer,
	sharedCacheHeader,
	sharedCacheSeconds
} from '$lib/server/http/shared-cache';
import { logger } from '$lib/server/logger';
import { runtime, startRuntime, stopRuntime } from '$lib/server/runtime';
import { modeLine } from '$lib/server/startup-summary';

export const init: ServerInit = async () => {
	try {
		const { config, database } = await startRuntime(process.env);
		// Demo accounts only for the fictional demo clinic, never for a real clinic's data.
		// One instance at a time, so that two starting together create the accounts once.
		const lines = await withStartupLock(database, async () => {
			const clinic = await findClinic(database.db);
			const mode = modeLine({ clinic, dialect: database.dialect, dataDir: config.dataDir });
			const access = await prepareStaffAccess(staffAuth(), {
				demo: config.clinicDemo && clinic?.isDemo === true,
				origin: config.origin,
				db: database.db
			});
			return [mode, ...access];
		});
		for (const line of lines) console.log(line);
	} catch (error) {
		// One line that names the problem, then stop: a half-configured clinic must not serve.
		const message = error instanceof ConfigError ? error.message : (error as Error).message;
		console.error(`clinic: cannot start: ${message}`);
		process.exit(1);
	}
	process.once('sveltekit:shutdown', () => {
		stopRuntime().catch((error) => logger.error({ err: error }, 'closing the database failed'));
	});
};

/** The security headers, worked out once: they depend only on the configured origin. */
let headers: [string, string][] | undefined;

export const handle: Handle = async ({ event, resolve }) => {
	const requestId = event.request.headers.get('x-request-id')?.slice(0, 64) || randomUUID();
	event.locals.requestId = requestId;
	event.locals.staff = null;
	event.getClientAddress = clientAddressOf(event.getClientAddress, event.platform);
	if (isAdminPath(event.url.pathname)) {
		// Reading the session also slides its idle expiry on, or ends it (cookies either way).
		let reading: Awaited<ReturnType<ReturnType<typeof staffAuth>['getStaffSession']>>;
		try {
			reading = await staffAuth().getStaffSession(event.request.headers);
		} catch (cause) {
			// Sessions live in the database: while it is away, the static 503 page (src/error.html).
			if (isDatabaseUnavailable(cause)) {
				logger.warn({ requestId, err: cause }, 'database unavailable');
				error(503, { message: unavailableMessage, unavailable: true });
			}
			throw cause;
		}
		const { session, cookies } = reading;
		setAuthCookies(event.cookies, cookies);
		event.locals.staff = session;
		// Checked here, before any page load or form action runs.
		const access = adminAccess(event.url.pathname, session);
		if (access.kind === 'redirect') redirect(303, access.to);
	}
	// A form post whose body cannot be read is the client's mistake (4xx), not a 500 from the
	// action; the JSON API answers for its own bodies.
	const refusal = event.url.pathname.startsWith('/api/')
		? null
		: await formBodyRefusal(event.request);
	// A GET or HEAD never empties the shared cache, so only other methods are watched.
	const watched = event.request.method !== 'GET' && event.request.method !== 'HEAD';
	const { result: response, changed } = refusal
		? {
				result: formBodyRefusalResponse(refusal, event.request.headers.get('accept')),
				changed: false
			}
		: watched
			? await watchChanges(async () => resolve(event))
			: { result: await resolve(event), changed: false };
	headers ??= Object.entries(
		securityHeaders({ https: runtime().config.origin.protocol === 'https:' })
	);
	for (const [name, value] of headers) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	response.headers.set('X-Request-Id', requestId);
	if (response.status === 500 && event.locals.databaseUnavailable) {
		return unavailableResponse(event.url.pathname, response);
	}
	// Tells the cache in front that this request changed what visitors may see (ADR 0039).
	if (changed) response.headers.set(changeMadeHeader, '1');
	if (mayShareAnswer(event.request, event.route.id, response)) {
		response.headers.set(sharedCacheHeader, String(sharedCacheSeconds));
	}
	return response;
};

const unavailableMessage =
	'We are having a short technical problem. Please try again in a few minutes.';

/**
 * A request that failed because the database was away (see handleError) answers 503 with
 * Retry-After rather than 500: the JSON API with its own error body, pages with the error
 * page (which says "back in a moment" for such errors).
 */
function unavailableResponse(pathname: string, response: Response): Response {
	const headers = new Headers(response.headers);
	headers.set('Retry-After', '5');
	headers.set('Cache-Control', 'no-store');
	if (pathname.startsWith('/api/')) {
		headers.set('Content-Type', 'application/json; charset=utf-8');
		headers.delete('Content-Length');
		headers.delete('Content-Encoding');
		return new Response(JSON.stringify({ error: 'unavailable', message: unavailableMessage }), {
			status: 503,
			headers
		});
	}
	return new Response(response.body, { status: 503, headers });
}

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (isDatabaseUnavailable(error)) {
		// Not a bug: `handle` turns the answer into a 503.
		event.locals.databaseUnavailable = true;
		logger.warn(
			{ err: error, requestId: event.locals.requestId, route: event.route.id },
			'database unavailable'
		);
		return { message: unavailableMessage, unavailable: true };
	}
	// A client's mistake (405, 413, 415...) is not our failure: no error line, and its own
	// plain words ("Payload Too Large") rather than "something went wrong on our side".
	if (status >= 500) {
		logger.error(
			{ err: error, requestId: event.locals.requestId, route: event.route.id, status },
			'request failed'
		);
	}
	if (status === 404) return { message: 'Not found' };
	return { message: status < 500 ? message : 'Something went wrong on our side' };
};
