import { describe, expect, it } from 'vitest';
import { matchingTotpStep, totpStepAt } from './totp-step';
import { totpFromUri } from './totp.test-support';

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890", 8 digits.
const rfcKey = Buffer.from('12345678901234567890');
const rfcParameters = { period: 30, digits: 8, window: 1 };

describe('matchingTotpStep', () => {
	it('finds the step of the RFC 6238 test vectors', () => {
		expect(matchingTotpStep(rfcKey, '94287082', 59_000, rfcParameters)).toBe(1);
		expect(matchingTotpStep(rfcKey, '07081804', 1111111109_000, rfcParameters)).toBe(
			totpStepAt(1111111109_000)
		);
	});

	it('accepts the previous and the next step, not two away', () => {
		const secret = 'JBSWY3DPEHPK3PXP';
		const uri = `otpauth://totp/x?secret=${secret}&period=30&digits=6`;
		const key = Buffer.from([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde, 0xad, 0xbe, 0xef]);
		const now = 1_800_000_000_000;
		const step = totpStepAt(now);
		for (const offset of [-1, 0, 1]) {
			const code = totpFromUri(uri, now + offset * 30_000);
			expect(matchingTotpStep(key, code, now)).toBe(step + offset);
		}
		expect(matchingTotpStep(key, totpFromUri(uri, now - 60_000), now)).toBeNull();
	});

	it('refuses what is not a code', () => {
		expect(matchingTotpStep(rfcKey, '', 59_000, rfcParameters)).toBeNull();
		expect(matchingTotpStep(rfcKey, '9428708', 59_000, rfcParameters)).toBeNull();
		expect(matchingTotpStep(rfcKey, '9428708a', 59_000, rfcParameters)).toBeNull();
	});
});
