// Serves the built application: SvelteKit's handler behind a plain node:http server, so that
// every response (static files too) carries the security headers, and so that shutdown drains
// requests before the database closes.
import http from 'node:http';
import compression from 'compression';
import { fileURLToPath } from 'node:url';
import {
	securityHeaders,
	staticContentSecurityPolicy
} from '../src/lib/server/http/security-headers.js';
import { createResponseCache } from './lib/response-cache.js';
import { prepareRepresentation } from './lib/representations.js';
import { apiBodyRefusal } from '../src/lib/server/http/api-body.js';
import { serverLimits } from './lib/server-limits.js';

const buildDir = fileURLToPath(new URL('../build/', import.meta.url));
const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT ?? 30) * 1000;

/**
 * Starts the server. Configuration problems are reported by the application's start-up hook
 * (one line naming the variable) before anything listens.
 */
export async function serve() {
	process.env.PORT ||= '3000';
	// SvelteKit's CSRF check compares against ORIGIN; without it adapter-node assumes https.
	// A PORT that is not a number is left for the start-up check to name.
	if (/^\d+$/.test(process.env.PORT)) process.env.ORIGIN ||= `http://localhost:${process.env.PORT}`;
	process.env.NODE_ENV ||= 'production';
	const limits = serverLimits(process.env);
	const { handler } = await import(`${buildDir}handler.js`);
	const https = process.env.ORIGIN.startsWith('https:');
	const headers = securityHeaders({ https });

	// Pages are compressed on the fly; static files are served precompressed by the handler.
	const compress = compression({ threshold: 1024 });
	// Pages that are the same for everyone, answered without rendering them again (ADR 0026).
	const cache = createResponseCache();
	// Slow clients are cut off (headers within HEADERS_TIMEOUT, the whole request within
	// REQUEST_TIMEOUT, idle keep-alive after KEEP_ALIVE_TIMEOUT) and connections are capped.
	const serverOptions = {
		headersTimeout: limits.headersTimeoutMs,
		requestTimeout: limits.requestTimeoutMs,
		keepAliveTimeout: limits.keepAliveTimeoutMs,
		connectionsCheckingInterval: limits.connectionsCheckingIntervalMs
	};
	const server = http.createServer(serverOptions, (req, res) => {
		for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
		// Pages replace this with SvelteKit's own policy; static files keep it.
		res.setHeader('Content-Security-Policy', staticContentSecurityPolicy);
		if (stopping) res.setHeader('Connection', 'close');
		// The JSON API takes JSON bodies only: refused here in JSON, before SvelteKit's CSRF check.
		const refusal = apiBodyRefusal(
			req.method,
			(req.url ?? '/').split('?')[0] ?? '/',
			req.headers['content-type']
		);
		if (refusal) {
			res.writeHead(refusal.status, {
				'Content-Type': 'application/json; charset=utf-8',
				'Cache-Control': 'no-store'
			});
			res.end(JSON.stringify(refusal.body));
			return;
		}
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			// What it changed, this instance never shows as it was before (ADR 0039).
			cache.forgetIfChanged(res);
		} else if (cache.serve(req, res)) {
			return;
		}
		prepareRepresentation(req, res);
		compress(req, res, () => {
			cache.capture(req, res);
			handler(req, res);
		});
	});
	server.keepAliveTimeout = limits.keepAliveTimeoutMs;
	server.maxConnections = limits.maxConnections;

	let stopping = false;
	const stop = (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`clinic: ${signal} received, finishing requests in flight`);
		const timer = setTimeout(() => {
			console.error('clinic: requests did not finish in time, closing anyway');
			server.closeAllConnections();
		}, shutdownTimeoutMs);
		timer.unref();
		server.close(() => {
			// The application closes its database on this event.
			process.emit('sveltekit:shutdown', signal);
			// Give the database a moment to close cleanly before the process ends.
			setTimeout(() => process.exit(0), 200).unref();
		});
		server.closeIdleConnections();
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));

	const port = Number(process.env.PORT);
	const host = process.env.HOST || '0.0.0.0';
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve(undefined));
	});
	console.log(`clinic: open ${process.env.ORIGIN} (listening on ${host}:${port})`);
	if (https && !process.env.ADDRESS_HEADER) {
		// https means a TLS proxy in front: without this every visitor has the proxy's address,
		// and the booking and sign-in limits count the whole world as one (docs/operations.md).
		console.warn(
			'clinic: warning: ORIGIN is https but ADDRESS_HEADER is not set; behind a proxy every visitor shares its address (see docs/operations.md)'
		);
	}
	return server;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	serve().catch((error) => {
		console.error(`clinic: cannot start: ${error.message}`);
		process.exit(1);
	});
}
