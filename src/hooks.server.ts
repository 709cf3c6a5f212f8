import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { redirect } from '@sveltejs/kit';
import { adminAccess, isAdminPath } from '$lib/server/auth/guard';
import { setAuthCookies, staffAuth } from '$lib/server/auth/instance';
import { prepareStaffAccess } from '$lib/server/auth/onboarding';
import { ConfigError } from '$lib/server/config';
import { findClinic } from '$lib/server/db/repositories/clinic-repository';
import { securityHeaders } from '$lib/server/http/security-headers.js';
import { logger } from '$lib/server/logger';
import { runtime, startRuntime, stopRuntime } from '$lib/server/runtime';

export const init: ServerInit = async () => {
	try {
		const { config, database } = await startRuntime(process.env);
		// Demo accounts only for the fictional demo clinic, never for a real clinic's data.
		const clinic = await findClinic(database.db);
		const lines = await prepareStaffAccess(staffAuth(), {
			demo: config.clinicDemo && clinic?.isDemo === true,
			origin: config.origin,
			db: database.db
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
	if (isAdminPath(event.url.pathname)) {
		// Reading the session also slides its idle expiry on, or ends it (cookies either way).
		const { session, cookies } = await staffAuth().getStaffSession(event.request.headers);
		setAuthCookies(event.cookies, cookies);
		event.locals.staff = session;
		// Checked here, before any page load or form action runs.
		const access = adminAccess(event.url.pathname, session);
		if (access.kind === 'redirect') redirect(303, access.to);
	}
	const response = await resolve(event);
	headers ??= Object.entries(
		securityHeaders({ https: runtime().config.origin.protocol === 'https:' })
	);
	for (const [name, value] of headers) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	response.headers.set('X-Request-Id', requestId);
	return response;
};

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) {
		logger.error(
			{ err: error, requestId: event.locals.requestId, route: event.route.id, status },
			'request failed'
		);
	}
	return { message: status === 404 ? 'Not found' : 'Something went wrong on our side' };
};
