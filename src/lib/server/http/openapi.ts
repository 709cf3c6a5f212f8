/**
 * The OpenAPI 3.1 description of the JSON API v1, served at /api/v1/openapi.json. Kept beside
 * the handlers so that a change to one is reviewed with the other.
 */
export function openApiDocument(origin: string) {
	const error = { $ref: '#/components/schemas/Error' };
	const json = (schema: object) => ({ 'application/json': { schema } });
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
							content: json({
								type: 'object',
								properties: {
									services: { type: 'array', items: { $ref: '#/components/schemas/Service' } }
								}
							})
						}
					}
				}
			},
			'/practitioners': {
				get: {
					summary: 'Practitioners and the services they offer',
					responses: {
						'200': {
							description: 'Every active practitioner',
							content: json({
								type: 'object',
								properties: {
									practitioners: {
										type: 'array',
										items: { $ref: '#/components/schemas/Practitioner' }
									}
								}
							})
						}
					}
				}
			},
			'/locations': {
				get: {
					summary: 'Locations with address, time zone and opening hours',
					responses: { '200': { description: 'Every location', content: json({ type: 'object' }) } }
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
							content: json({
								type: 'object',
								properties: {
									timeZone: { type: 'string', examples: ['America/Chicago'] },
									slots: { type: 'array', items: { $ref: '#/components/schemas/Slot' } }
								}
							})
						},
						'404': {
							description: 'Unknown service, practitioner or location',
							content: json(error)
						},
						'422': { description: 'Invalid query', content: json(error) }
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
							description: 'Booked (a repeat with the same key carries Idempotent-Replayed: true)',
							content: json({ $ref: '#/components/schemas/Booking' })
						},
						'409': {
							description: 'That time was just taken; the nearest alternatives',
							content: json({
								type: 'object',
								properties: {
									error: { const: 'slot_taken' },
									reason: { type: 'string' },
									message: { type: 'string' },
									alternatives: { type: 'array', items: { $ref: '#/components/schemas/Slot' } }
								}
							})
						},
						'413': { description: 'Body too large', content: json(error) },
						'415': { description: 'The body is not application/json', content: json(error) },
						'422': { description: 'Invalid input or reused key', content: json(error) },
						'429': {
							description: 'Too many booking requests from this address',
							content: json(error)
						}
					}
				}
			}
		},
		components: {
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
				Service: {
					type: 'object',
					properties: {
						id: { type: 'integer' },
						slug: { type: 'string' },
						name: { type: 'string' },
						durationMinutes: { type: 'integer' },
						priceCents: { type: 'integer' },
						bookableOnline: { type: 'boolean' },
						newPatientsOnly: { type: 'boolean' }
					}
				},
				Practitioner: {
					type: 'object',
					properties: {
						id: { type: 'integer' },
						slug: { type: 'string' },
						name: { type: 'string' },
						credentials: { type: 'string' },
						title: { type: 'string' },
						serviceIds: { type: 'array', items: { type: 'integer' } }
					}
				},
				Slot: {
					type: 'object',
					properties: {
						start: { type: 'string', format: 'date-time', examples: ['2027-03-15T09:00:00-05:00'] },
						end: { type: 'string', format: 'date-time' },
						practitionerId: { type: 'integer' },
						locationId: { type: 'integer' }
					}
				},
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
