/**
 * Headers every response carries, static files included. The Content-Security-Policy of pages
 * comes from SvelteKit (svelte.config.js) because it hashes its own inline scripts; this is the
 * policy for everything else.
 * @param {{ https: boolean }} options
 * @returns {Record<string, string>}
 */
export function securityHeaders({ https }) {
	/** @type {Record<string, string>} */
	const headers = {
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': 'strict-origin-when-cross-origin',
		'Permissions-Policy':
			'accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()',
		'Cross-Origin-Resource-Policy': 'same-origin',
		'Cross-Origin-Opener-Policy': 'same-origin',
		'X-Frame-Options': 'DENY'
	};
	if (https) headers['Strict-Transport-Security'] = 'max-age=63072000; includeSubDomains';
	return headers;
}

/** The policy for responses that SvelteKit did not render (static files, errors before it). */
export const staticContentSecurityPolicy =
	"default-src 'none'; img-src 'self' data:; style-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
