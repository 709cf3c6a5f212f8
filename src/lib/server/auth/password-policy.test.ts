import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash';
import { checkPassword } from './password-policy';

describe('password policy', () => {
	it.each([
		['short', 'too_short'],
		['elevenchars', 'too_short'],
		['x'.repeat(257), 'too_long'],
		['123qweasdzxc', 'common'],
		['Qwertyuiop123', 'common'],
		['Password2024!', 'common'],
		['sunshine!!!!!!', 'common'],
		['aaaaaaaaaaaa', 'common'],
		['abcdabcdabcd', 'common'],
		['olive.owner2024', 'personal']
	])('refuses %s (%s)', (password, problem) => {
		expect(checkPassword(password, ['olive.owner@example.org', 'Olive Owner'])).toBe(problem);
	});

	it.each([
		'quiet lantern orbit 47',
		'correct-staple-meadow',
		'Tr0ub4dor&3xyz',
		'🙂🙂 snow on pine 🙂🙂'
	])('accepts %s, with no composition rules', (password) => {
		expect(checkPassword(password, ['olive.owner@example.org'])).toBeNull();
	});

	it('counts characters, not UTF-16 units', () => {
		expect(checkPassword('🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂')).toBe('common');
		expect(checkPassword('🙂🌲🙂🌲🙂🌲x')).toBe('too_short');
	});
});

describe('password hash', () => {
	it('is argon2id and verifies', async () => {
		const hash = await hashPassword('quiet lantern orbit 47');
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword({ hash, password: 'quiet lantern orbit 47' })).toBe(true);
		expect(await verifyPassword({ hash, password: 'quiet lantern orbit 48' })).toBe(false);
		expect(await verifyPassword({ hash: 'scrypt:abc', password: 'x' })).toBe(false);
	});
});
