// The visitor's address, for rate limits and the audit log.

/** What adapter-node passes as `event.platform`: the Node request it is answering. */
interface NodePlatform {
	req?: { socket?: { remoteAddress?: string } };
}

/**
 * Wraps `event.getClientAddress`. adapter-node reads the address from `ADDRESS_HEADER` when
 * that is configured, and throws when a request lacks the header, which made every page that
 * records an address answer 500 to a request that reached the application without passing
 * through the proxy. Such a request came straight from its connection, so the connection's
 * address is its real one.
 *
 * @param getAddress the event's own `getClientAddress`
 * @param platform the event's `platform` (adapter-node's `{ req }`; undefined elsewhere)
 * @returns a `getClientAddress` that never throws: the address, or "unknown"
 */
export function clientAddressOf(getAddress: () => string, platform: unknown): () => string {
	return () => {
		try {
			return getAddress();
		} catch {
			return (platform as NodePlatform | undefined)?.req?.socket?.remoteAddress ?? 'unknown';
		}
	};
}
