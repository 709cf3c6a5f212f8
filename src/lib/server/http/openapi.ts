/**
 * The OpenAPI 3.1 description of the JSON API v1, served at /api/v1/openapi.json. Kept beside
 * the handlers so that a change to one is reviewed with the other.
 */
export function openApiDocument(origin: string) {
	const error = { $ref: '#/components/schemas/Error' };
	const json = (schema: object) => ({ 'application/json': { schema } });
	// Every path answers 503 with Retry-After while the database is away (ADR 0027).
	const unavailable = { '503': { $ref: '#/components/responses/Unavailable' } };
	/** An object whose listed properties are all present. */
	const record = (properties: Record<string, object>) => ({
		type: 'object',
		required: Object.keys(properties),
		properties
	});
	return {
		openapi: '3.1.0',
		info: {
			title: 'Clinic API',
			version: '1.0.0',
			description:
				"Services, practitioners, locations, open appointment times and online booking. Times are ISO 8601 with an offset; dates are YYYY-MM-DD in the clinic's time zone. Bad input answers 422 with a message per field, never 500."
		},
		servers: [{ url: `${origin}/api/v1` }],
		paths: {
			'/services': {
				get: {
					summary: 'Services with duration and price',
					responses: {
						'200': {
							description: 'Every active service',
							content: json(
								record({
									services: { type: 'array', items: { $ref: '#/components/schemas/Service' } }
								})
							)
						},
						...unavailable
					}
				}
			},
			'/practitioners': {
				get: {
					summary: 'Practitioners and the services they offer',
					responses: {
						'200': {
							description: 'Every active practitioner',
							content: json(
								record({
									practitioners: {
										type: 'array',
										items: { $ref: '#/components/schemas/Practitioner' }
									}
								})
							)
						},
						...unavailable
					}
				}
			},
			'/locations': {
				get: {
					summary: 'Locations with address, time zone and opening hours',
					responses: {
						'200': {
							description: 'Every location',
							content: json(
								record({
									locations: { type: 'array', items: { $ref: '#/components/schemas/Location' } }
								})
							)
						},
						...unavailable
					}
				}
			},
			'/availability': {
				get: {
					summary: 'Open appointment times',
					parameters: [
						{ name: 'service', in: 'query', required: true, schema: { type: 'integer' } },
						{
							name: 'practitioner',
							in: 'query',
							description: 'A practitioner id, or "any" (default)',
							schema: { oneOf: [{ type: 'integer' }, { const: 'any' }] }
						},
						{ name: 'location', in: 'query', schema: { type: 'integer' } },
						{
							name: 'from',
							in: 'query',
							description: "First date (default: today in the clinic's zone)",
							schema: { type: 'string', format: 'date' }
						},
						{
							name: 'to',
							in: 'query',
							description: 'Last date, inclusive (default: from + 6 days; at most 62 days)',
							schema: { type: 'string', format: 'date' }
						}
					],
					responses: {
						'200': {
							description: 'Open slots, one per practitioner and start',
							content: json(
								record({
									timeZone: { type: 'string', examples: ['America/Chicago'] },
									slots: { type: 'array', items: { $ref: '#/components/schemas/Slot' } }
								})
							)
						},
						'404': {
							description: 'Unknown service, practitioner or location',
							content: json(error)
						},
						'422': { description: 'Invalid query', content: json(error) },
						...unavailable
					}
				}
			},
			'/bookings': {
				post: {
					summary: 'Book an appointment',
					parameters: [
						{
							name: 'Idempotency-Key',
							in: 'header',
							required: true,
							description:
								'A unique key per booking (8-100 visible characters). The same key and body again return the first answer; the same key with another body is refused with 422.',
							schema: { type: 'string' }
						}
					],
					requestBody: {
						required: true,
						content: json({ $ref: '#/components/schemas/BookingRequest' })
					},
					responses: {
						'201': {
							description: 'Booked; a repeat with the same key and body answers the same again',
							headers: {
								'Idempotent-Replayed': {
									description: '"true" when this answer repeats the first one for the same key',
									schema: { const: 'true' }
								}
							},
							content: json({ $ref: '#/components/schemas/Booking' })
						},
						'409': {
							description:
								'The time cannot be booked: taken by someone else, or not open (outside hours, closed, too soon, too far ahead). `reason` says which, `message` says it in words; the nearest free times follow.',
							content: json(
								record({
									error: { const: 'slot_taken' },
									reason: {
										enum: [
											'overlap',
											'practitioner_busy',
											'no_room',
											'outside_hours',
											'closed',
											'too_soon',
											'too_far_ahead'
										]
									},
									message: { type: 'string' },
									alternatives: { type: 'array', items: { $ref: '#/components/schemas/Slot' } }
								})
							)
						},
						'413': { description: 'Body too large', content: json(error) },
						'415': { description: 'The body is not application/json', content: json(error) },
						'422': { description: 'Invalid input or reused key', content: json(error) },
						'429': {
							description: 'Too many booking requests from this address',
							headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
							content: json(error)
						},
						'503': {
							description:
								'Online booking is not open yet (`booking_not_open`: call the clinic), or the database is away for a moment (`unavailable`, with Retry-After)',
							headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
							content: json(error)
						}
					}
				}
			}
		},
		components: {
			headers: {
				RetryAfter: {
					description: 'Seconds to wait before trying again',
					schema: { type: 'string', pattern: '^[0-9]+$' }
				}
			},
			responses: {
				Unavailable: {
					description: 'The database is away for a moment; try again after Retry-After seconds',
					headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
					content: json(error)
				}
			},
			schemas: {
				Error: {
					type: 'object',
					properties: {
						error: { type: 'string' },
						message: { type: 'string' },
						fields: { type: 'object', additionalProperties: { type: 'string' } }
					},
					required: ['error']
				},
				Service: record({
					id: { type: 'integer' },
					slug: { type: 'string' },
					name: { type: 'string' },
					durationMinutes: { type: 'integer' },
					priceCents: { type: 'integer' },
					bookableOnline: { type: 'boolean' },
					newPatientsOnly: { type: 'boolean' }
				}),
				Practitioner: record({
					id: { type: 'integer' },
					slug: { type: 'string' },
					name: { type: 'string' },
					credentials: { type: 'string' },
					title: { type: 'string' },
					serviceIds: { type: 'array', items: { type: 'integer' } }
				}),
				Location: record({
					id: { type: 'integer' },
					slug: { type: 'string' },
					name: { type: 'string' },
					address: record({
						street: { type: 'string' },
						city: { type: 'string' },
						region: { type: 'string' },
						postalCode: { type: 'string' },
						country: { type: 'string' }
					}),
					timeZone: {
						type: 'string',
						description: 'IANA time zone',
						examples: ['America/Chicago']
					},
					phone: { type: 'string' },
					openingHours: {
						type: 'array',
						description: "Wall-clock hours in the location's zone; a weekday may have several",
						items: record({
							weekday: { type: 'integer', minimum: 1, maximum: 7, description: '1 is Monday' },
							opens: { type: 'string', pattern: '^[0-2][0-9]:[0-5][0-9]$' },
							closes: { type: 'string', pattern: '^[0-2][0-9]:[0-5][0-9]$' }
						})
					}
				}),
				Slot: record({
					start: { type: 'string', format: 'date-time', examples: ['2027-03-15T09:00:00-05:00'] },
					end: { type: 'string', format: 'date-time' },
					practitionerId: { type: 'integer' },
					locationId: { type: 'integer' }
				}),
				BookingRequest: {
					type: 'object',
					required: ['serviceId', 'start', 'patient'],
					properties: {
						serviceId: { type: 'integer' },
						practitionerId: {
							description: 'Omit or "any" for whoever is free',
							oneOf: [{ type: 'integer' }, { const: 'any' }]
						},
						locationId: { type: 'integer' },
						start: {
							type: 'string',
							format: 'date-time',
							description: 'As offered by /availability'
						},
						patient: {
							type: 'object',
							required: ['name', 'email', 'phone'],
							properties: {
								name: { type: 'string', maxLength: 120 },
								email: { type: 'string', format: 'email' },
								phone: { type: 'string' }
							}
						},
						newPatient: { type: 'boolean', default: true },
						note: { type: ['string', 'null'], maxLength: 500 }
					}
				},
				Booking: {
					type: 'object',
					required: ['id', 'start', 'end', 'status', 'practitionerId', 'locationId', 'manageUrl'],
					properties: {
						id: { type: 'integer' },
						start: { type: 'string', format: 'date-time' },
						end: { type: 'string', format: 'date-time' },
						status: { const: 'booked' },
						practitionerId: { type: 'integer' },
						locationId: { type: 'integer' },
						manageUrl: {
							type: 'string',
							format: 'uri',
							description:
								'The private link to this appointment only: view, reschedule or cancel it, and fill in a new, empty health form, consent and check-in for it. It shows nothing of any other appointment or of an existing patient record: a booking proves nothing about who made it (ADR 0029)'
						}
					}
				}
			}
		}
	};
}
