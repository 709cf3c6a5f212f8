import { createHmac } from 'node:crypto';

/*
 * RFC 6238 as an authenticator app does it, from the otpauth URI alone: the tests check that
 * what we show at enrolment really works in an app, independently of better-auth's own code.
 */

function base32Decode(input: string): Buffer {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const char of input.replace(/=+$/, '').toUpperCase()) {
		const value = alphabet.indexOf(char);
		if (value < 0) throw new Error(`not base32: ${char}`);
		bits += value.toString(2).padStart(5, '0');
	}
	const bytes: number[] = [];
	for (let at = 0; at + 8 <= bits.length; at += 8) bytes.push(parseInt(bits.slice(at, at + 8), 2));
	return Buffer.from(bytes);
}

export function totpFromUri(uri: string, at = Date.now()): string {
	const url = new URL(uri);
	const secret = base32Decode(url.searchParams.get('secret') ?? '');
	const period = Number(url.searchParams.get('period') ?? 30);
	const digits = Number(url.searchParams.get('digits') ?? 6);
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / period)));
	const mac = createHmac((url.searchParams.get('algorithm') ?? 'SHA1').toLowerCase(), secret)
		.update(counter)
		.digest();
	const offset = (mac[mac.length - 1] ?? 0) & 0xf;
	const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
	return value.toString().padStart(digits, '0');
}

/**
 * An authenticator app as its owner uses it: each code signs in once (the server refuses a
 * code used before, ADR 0032), so a second sign-in within the same 30 seconds takes the next
 * step's code (accepted as clock drift) or, failing that, waits for it as a person would.
 */
export class Authenticator {
	private lastStep = -Infinity;
	constructor(readonly uri: string) {}

	async nextCode(): Promise<string> {
		const period = Number(new URL(this.uri).searchParams.get('period') ?? 30) * 1000;
		const step = Math.max(Math.floor(Date.now() / period), this.lastStep + 1);
		// The server takes the step after its current one, not two ahead.
		const wait = (step - 1) * period - Date.now();
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 50));
		this.lastStep = step;
		return totpFromUri(this.uri, step * period);
	}
}
