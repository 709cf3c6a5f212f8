import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * Which RFC 6238 time step a TOTP code belongs to. better-auth accepts the current step and
 * one on either side (clock drift) but does not say which matched; we need the step to refuse
 * a code used before (ASVS 5.0 6.5.1).
 */

export interface TotpParameters {
	period: number;
	digits: number;
	/** Steps accepted on either side of the current one (better-auth's default: 1). */
	window: number;
}

export const totpParameters: TotpParameters = { period: 30, digits: 6, window: 1 };

function hotp(key: Uint8Array, counter: number, digits: number): string {
	const message = Buffer.alloc(8);
	message.writeBigUInt64BE(BigInt(counter));
	const mac = createHmac('sha1', key).update(message).digest();
	const offset = (mac[mac.length - 1] ?? 0) & 0xf;
	const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
	return value.toString().padStart(digits, '0');
}

/** The time step of `atMs` (Unix milliseconds). */
export function totpStepAt(atMs: number, period = totpParameters.period): number {
	return Math.floor(atMs / 1000 / period);
}

/**
 * The latest step within the window around `atMs` whose code is `code`, or null when the code
 * matches none (a wrong code: better-auth refuses and counts it).
 */
export function matchingTotpStep(
	key: Uint8Array,
	code: string,
	atMs: number,
	parameters: TotpParameters = totpParameters
): number | null {
	if (!/^\d+$/.test(code) || code.length !== parameters.digits) return null;
	const current = totpStepAt(atMs, parameters.period);
	let matched: number | null = null;
	for (let step = current - parameters.window; step <= current + parameters.window; step++) {
		const expected = Buffer.from(hotp(key, step, parameters.digits));
		if (timingSafeEqual(expected, Buffer.from(code))) matched = step;
	}
	return matched;
}
