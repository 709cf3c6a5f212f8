/*
 * The fictional demo clinic. Every name, address and number here is invented: the phone
 * number is in the 555-01xx range reserved for fiction and the email domain is `.example`.
 * It is plain data for the same tables a real clinic fills through the staff workspace.
 */

export const demoClinic = {
	name: 'Harbor Lantern Acupuncture',
	tagline: 'Acupuncture, herbal medicine and massage in Milwaukee, with honest advice first.',
	phone: '+1-414-555-0142',
	email: 'hello@harborlantern.example',
	description:
		'A small independent acupuncture clinic in Milwaukee. We treat back pain, neck pain, headaches and more, tell you honestly what the research shows, and work alongside your doctor.'
};

export const demoLocation = {
	slug: 'milwaukee',
	name: 'Harbor Lantern Acupuncture, Milwaukee',
	street: '100 E Demo Street, Suite 2',
	city: 'Milwaukee',
	region: 'WI',
	postal_code: '53202',
	country: 'US',
	time_zone: 'America/Chicago',
	phone: '+1-414-555-0142',
	directions_url:
		'https://www.openstreetmap.org/search?query=Milwaukee%2C%20WI%2053202#map=15/43.0410/-87.9090',
	directions_text:
		'Street parking on Demo Street (free after 6 pm and on Saturdays). The entrance is step-free, with a lift to the second floor. Bus routes stop one block away.'
};

/** Clinic opening hours; practitioners' own hours sit inside these. */
export const demoOpeningHours = [
	...[1, 2, 3, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '18:00' })),
	{ weekday: 4, opens: '11:00', closes: '20:00' },
	{ weekday: 6, opens: '09:00', closes: '14:00' }
];

export const demoRooms = [
	{ name: 'Treatment room 1', kind: 'treatment' },
	{ name: 'Treatment room 2', kind: 'treatment' }
];

export const demoServices = [
	{
		slug: 'initial-acupuncture',
		name: 'Initial acupuncture consultation and treatment',
		summary:
			'Your first visit: a full health history, a safety check, an examination and your first treatment. Allow 90 minutes.',
		duration_minutes: 90,
		buffer_before_minutes: 0,
		buffer_after_minutes: 15,
		price_cents: 12000,
		room_kind: 'treatment',
		new_patients_only: 1
	},
	{
		slug: 'follow-up-acupuncture',
		name: 'Follow-up acupuncture',
		summary:
			'A treatment visit for returning patients, with a short check on how you have been and your pain scores.',
		duration_minutes: 60,
		buffer_before_minutes: 0,
		buffer_after_minutes: 15,
		price_cents: 8500,
		room_kind: 'treatment',
		new_patients_only: 0
	},
	{
		slug: 'therapeutic-massage',
		name: 'Therapeutic massage',
		summary:
			'Hands-on soft-tissue work for tight, sore muscles, tailored to what you can comfortably tolerate.',
		duration_minutes: 60,
		buffer_before_minutes: 0,
		buffer_after_minutes: 15,
		price_cents: 9000,
		room_kind: 'treatment',
		new_patients_only: 0
	},
	{
		slug: 'herbal-consultation',
		name: 'Herbal consultation',
		summary:
			'A talk-through of your health and any Chinese herbal formula, checked against the medicines you already take.',
		duration_minutes: 45,
		buffer_before_minutes: 0,
		buffer_after_minutes: 10,
		price_cents: 7000,
		room_kind: null,
		new_patients_only: 0
	}
];

type Hours = { weekday: number; start_time: string; end_time: string }[];
const days = (weekdays: number[], start_time: string, end_time: string): Hours =>
	weekdays.map((weekday) => ({ weekday, start_time, end_time }));

export const demoPractitioners = [
	{
		slug: 'mei-lin-okafor',
		name: 'Mei Lin Okafor',
		credentials: 'L.Ac., Dipl. O.M. (NCCAOM)',
		title: 'Licensed acupuncturist and herbalist',
		summary:
			'Fifteen years of practice, with a focus on long-standing back and neck pain and on Chinese herbal medicine checked against your prescriptions.',
		bio_markdown: [
			'Mei Lin trained in acupuncture and Chinese herbal medicine over four years of graduate study and holds national board certification in Oriental medicine. She has practised for fifteen years, the last eight in Milwaukee.',
			'',
			'Most of the people she sees have lived with back or neck pain for months or years. She starts every course of treatment by agreeing with you what you want to get back to, measures your pain at each visit, and tells you plainly when acupuncture does not seem to be helping.',
			'',
			'Before suggesting any herbal formula she checks it against the medicines and supplements you already take, and she is happy to talk with your doctor or pharmacist.'
		].join('\n'),
		services: ['initial-acupuncture', 'follow-up-acupuncture', 'herbal-consultation'],
		hours: [
			...days([1, 3], '09:00', '17:00'),
			{ weekday: 2, start_time: '09:00', end_time: '12:30' },
			{ weekday: 2, start_time: '13:30', end_time: '18:00' },
			...days([6], '09:00', '14:00')
		]
	},
	{
		slug: 'daniel-brandt',
		name: 'Daniel Brandt',
		credentials: 'L.Ac.',
		title: 'Licensed acupuncturist',
		summary:
			'Works mostly with muscle and joint pain, sports strains and headaches, and with patients who are nervous about needles.',
		bio_markdown: [
			'Daniel came to acupuncture after ten years as a personal trainer, which is where his interest in muscle and joint pain began. He completed a master’s degree in acupuncture and has been licensed for nine years.',
			'',
			'He sees many people with strained backs, stiff necks, sports injuries and tension headaches. If you are worried about needles, he will explain each step first, use as few needles as makes sense, and stop whenever you ask.',
			'',
			'Daniel works evenings on Thursdays for people who cannot come during the day.'
		].join('\n'),
		services: ['initial-acupuncture', 'follow-up-acupuncture'],
		hours: [...days([2, 5], '10:00', '18:00'), ...days([4], '12:00', '20:00')]
	},
	{
		slug: 'rosa-jimenez',
		name: 'Rosa Jiménez',
		credentials: 'LMT',
		title: 'Licensed massage therapist',
		summary:
			'Therapeutic massage for tight, sore muscles, adapted for older patients and for anyone who cannot lie face down.',
		bio_markdown: [
			'Rosa is a Wisconsin-licensed massage therapist with twelve years of experience in clinics and physical therapy practices.',
			'',
			'Her work is practical: easing tight and sore muscles, helping people move more comfortably, and adapting every session to what your body will tolerate that day. She can treat you seated or lying on your side if lying face down is difficult.'
		].join('\n'),
		services: ['therapeutic-massage'],
		hours: [...days([1, 3, 5], '10:00', '18:00'), ...days([6], '09:00', '13:00')]
	}
];

/**
 * Sample testimonials, marked as samples wherever they appear. They show how feedback will
 * look, critical feedback included, until real patients' authorised words replace them.
 */
export const demoSampleTestimonials = [
	{
		display_name: 'Sample patient A.',
		rating: 5,
		body: 'I came in with low back pain that had dragged on since spring. The first visit was long and thorough, and I liked that they asked about my medicines before anything else. After five visits I am sleeping better and walking my dog again, though I still have stiff mornings.',
		condition: 'back-pain',
		given_on: '2026-10-12'
	},
	{
		display_name: 'Sample patient R. T.',
		rating: 3,
		body: 'Friendly and honest. They told me at the start that the research is mixed, and after four sessions my neck was only a little better, so we agreed to stop and I went back to physical therapy. I appreciated not being pushed into more visits.',
		condition: 'neck-pain',
		given_on: '2026-09-03'
	},
	{
		display_name: 'Sample patient (anonymous)',
		rating: 4,
		body: 'Booking online took a minute and the reminders were clear. My headaches are less frequent than before, but I am also taking better care of my sleep, so I cannot say how much is the acupuncture.',
		condition: 'headaches',
		given_on: '2026-08-21'
	}
];
