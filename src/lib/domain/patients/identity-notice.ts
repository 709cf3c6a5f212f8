/** The "possible match" notice on an appointment or patient page, or what became of it. */
export type IdentityNotice =
	| {
			kind: 'possible_match';
			/** The unconfirmed record (the appointment's patient). */
			patientId: number;
			match: { id: number; name: string; email: string; since: string };
			/** Whether this person may merge or keep apart (clinical record changes). */
			canDecide: boolean;
	  }
	| { kind: 'merged'; into: { id: number; name: string } }
	| null;
