import { AMO_NOW, amoFixture } from './fixture';
import type { AmoFixture } from './server';

/**
 * The small account of fixture.ts on the morning a client rang and was called
 * back, the calls filed where amoCRM files them (unix seconds, as amoCRM
 * gives them). One client, +7 916 123-45-67, written three ways by three
 * telephony integrations: a missed call on lead 501 (not reached), a missed
 * one on contact 77, its main contact (talked, but zero seconds), and the
 * manager's callback on the contact's card. A company's talked call from
 * another number; on the contact, an old call edited this morning and a
 * comment, which is no call. Numbers are made up.
 */
const T = Date.parse(AMO_NOW) / 1000;
const H = 3600;
const D = 24 * H;

const callNote = (fields: Record<string, unknown>, params: Record<string, unknown>) => ({
  created_by: 11,
  updated_by: 11,
  responsible_user_id: 11,
  group_id: 0,
  account_id: 100,
  ...fields,
  params: { uniq: `u${String(fields.id)}`, source: 'tel', link: '', ...params },
});

export const CALLS = {
  missedOnLead: { id: 811, at: T - 3 * H },
  missedOnContact: { id: 812, at: T - 2 * H },
  callbackOnContact: { id: 813, at: T - H },
  talkedOnCompany: { id: 814, at: T - H / 2 },
  editedOldOnContact: { id: 815, at: T - 3 * D },
} as const;

export function amoCallsFixture(): AmoFixture {
  const fixture = amoFixture();
  fixture.notes.push(
    callNote({ id: CALLS.missedOnLead.id, entity_id: 501, note_type: 'call_in', created_at: CALLS.missedOnLead.at, updated_at: CALLS.missedOnLead.at }, { phone: '+7 (916) 123-45-67', duration: 0, call_status: 6 }),
  );
  fixture.contactNotes = [
    callNote({ id: CALLS.missedOnContact.id, entity_id: 77, note_type: 'call_in', created_at: CALLS.missedOnContact.at, updated_at: CALLS.missedOnContact.at }, { phone: '89161234567', duration: 0, call_status: 4 }),
    callNote({ id: CALLS.callbackOnContact.id, entity_id: 77, note_type: 'call_out', created_at: CALLS.callbackOnContact.at, updated_at: CALLS.callbackOnContact.at }, { phone: '8 916 123 45 67', duration: 95, call_status: 4 }),
    callNote({ id: CALLS.editedOldOnContact.id, entity_id: 78, note_type: 'call_out', created_at: CALLS.editedOldOnContact.at, updated_at: T - 10 * 60 }, { phone: '+79160000078', duration: 30, call_status: 4 }),
    { id: 816, entity_id: 77, note_type: 'common', created_by: 11, responsible_user_id: 11, created_at: T - H, updated_at: T - H, params: { text: 'перезвонил, договорились о встрече' } },
  ];
  fixture.companyNotes = [
    callNote({ id: CALLS.talkedOnCompany.id, entity_id: 4001, note_type: 'call_in', responsible_user_id: 12, created_by: 12, created_at: CALLS.talkedOnCompany.at, updated_at: CALLS.talkedOnCompany.at }, { phone: '+7 495 000-12-34', duration: 60, call_status: 4 }),
  ];
  return fixture;
}
