import { dictionary } from '@zxcvbn-ts/language-common';

/*
 * NIST SP 800-63B style: a minimum length, no composition rules, and a refusal of passwords
 * that attackers try first. The list is zxcvbn-ts' 49,233 most common passwords (MIT, shipped
 * in the @zxcvbn-ts/language-common package), loaded once per process.
 */

export const minPasswordLength = 12;
/** Long enough for any passphrase; bounds the hashing work an attacker can ask for. */
export const maxPasswordLength = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'personal';

let common: Set<string> | null = null;

function commonPasswords(): Set<string> {
	common ??= new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()));
	return common;
}

/** Lower case, without the digits and symbols people put around a word to pass a rule. */
function core(password: string): string {
	return password.toLowerCase().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
}

/** A short unit said again and again: "abcabcabcabc", "111111111111". */
function isRepetition(password: string): boolean {
	return /^(.{1,4})\1+$/su.test(password);
}

/**
 * The first reason `password` may not be used, or null when it may. `context` holds words an
 * attacker would try for this account: the email, the person's name, the clinic's name.
 */
export function checkPassword(password: string, context: string[] = []): PasswordProblem | null {
	const length = [...password].length;
	if (length < minPasswordLength) return 'too_short';
	if (length > maxPasswordLength) return 'too_long';
	const lower = password.toLowerCase();
	const list = commonPasswords();
	if (list.has(lower) || isRepetition(lower)) return 'common';
	const stripped = core(password);
	// "Password2024!" or "dragon123456": a listed word with a number or symbols around it.
	if (stripped.length >= 4 && list.has(stripped) && length - stripped.length <= 8) return 'common';
	// Built from the person's or the clinic's own words: "olive.owner2024", "Willow-Clinic!".
	let rest = lower;
	for (const word of contextWords(context)) rest = rest.split(word).join(' ');
	if (rest !== lower && rest.replace(/[^\p{L}]/gu, '').length < 4) return 'personal';
	return null;
}

function contextWords(context: string[]): string[] {
	return context
		.flatMap((value) => value.toLowerCase().split(/[@\s.,_+-]+/u))
		.filter((word) => word.length >= 4);
}

/** What to tell the person, next to the password field. */
export const passwordProblemMessages: Record<PasswordProblem, string> = {
	too_short: `Use at least ${minPasswordLength} characters. A few unrelated words make a good one.`,
	too_long: `Use at most ${maxPasswordLength} characters.`,
	common:
		'This password is on a list of common passwords that attackers try first. Choose another.',
	personal: 'This password is too close to your name, email or the clinic’s name. Choose another.'
};
