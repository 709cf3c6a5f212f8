// The part of `negotiator` the HTTP standards tests use (the package ships no types).
declare module 'negotiator' {
	export default class Negotiator {
		constructor(request: { headers: Record<string, string | undefined> });
		/** Acceptable encodings among `available`, most preferred first. */
		encodings(available?: string[]): string[];
		encoding(available?: string[]): string | undefined;
	}
}
