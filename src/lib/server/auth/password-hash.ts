import { hash, verify } from '@node-rs/argon2';

/*
 * Argon2id with OWASP's baseline cost (19 MiB, 2 passes, 1 lane): about 20-30 ms on this kind
 * of machine. @node-rs/argon2 defaults to argon2id; the algorithm is not passed because its
 * `Algorithm` is a `const enum`, which `isolatedModules` builds cannot read.
 */
const cost = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** A PHC string such as `$argon2id$v=19$m=19456,t=2,p=1$...`. */
export function hashPassword(password: string): Promise<string> {
	return hash(password, cost);
}

/** Answers whether `password` matches `stored`; a malformed hash counts as no match. */
export async function verifyPassword(input: { hash: string; password: string }): Promise<boolean> {
	if (!input.hash.startsWith('$argon2')) return false;
	try {
		return await verify(input.hash, input.password);
	} catch {
		return false;
	}
}
