import { b24Date, BITRIX_NOW, bitrixFixture } from './fixture';
import type { BitrixFixture } from './server';

/**
 * The small portal (fixture.ts) with a day of calls on top, each case of the
 * mapping once: telephony records (voximplant.statistic.get rows) with the
 * call activities some of them made (CRM_ACTIVITY_ID), and calls only the
 * CRM knows (logged by hand, no record). One client's number is written
 * three ways by three calls. Times are before BITRIX_NOW; the calls logged
 * by hand are the oldest, so a read from three hours back meets only
 * telephony's own calls.
 */
const T = Date.parse(BITRIX_NOW);
const M = 60_000;
const H = 60 * M;

/** voximplant CRM_ENTITY_TYPE and id. */
type FiledOn = ['DEAL' | 'CONTACT' | 'COMPANY' | 'LEAD', string] | null;

export function telephonyRecord(id: string, fields: { type: string; code: string; seconds: number; at: number; on: FiledOn; phone: string; user: string; activity?: string }) {
  return {
    ID: id,
    CALL_ID: `externalCall.${id}`,
    PORTAL_USER_ID: fields.user,
    PORTAL_NUMBER: 'reg1',
    PHONE_NUMBER: fields.phone,
    CALL_TYPE: fields.type,
    CALL_DURATION: String(fields.seconds),
    CALL_START_DATE: b24Date(fields.at),
    CALL_FAILED_CODE: fields.code,
    CALL_FAILED_REASON: '',
    CRM_ENTITY_TYPE: fields.on?.[0] ?? null,
    CRM_ENTITY_ID: fields.on?.[1] ?? null,
    CRM_ACTIVITY_ID: fields.activity ?? null,
    COST: '0.0000',
  };
}

/** crm.activity.list OWNER_TYPE_ID: 1 lead, 2 deal, 3 contact, 4 company. */
const OWNER = { lead: '1', deal: '2', contact: '3', company: '4' } as const;

export function callActivity(id: string, fields: { owner: [keyof typeof OWNER, string]; direction: 'in' | 'out'; completed: boolean; at: number; seconds: number; user: string; phone: string | null }) {
  const [ownerType, ownerId] = fields.owner;
  return {
    ID: id,
    OWNER_TYPE_ID: OWNER[ownerType],
    OWNER_ID: ownerId,
    TYPE_ID: '2',
    PROVIDER_ID: 'VOXIMPLANT_CALL',
    SUBJECT: fields.direction === 'in' ? 'Входящий звонок' : 'Исходящий звонок',
    CREATED: b24Date(fields.at),
    START_TIME: b24Date(fields.at),
    END_TIME: b24Date(fields.at + fields.seconds * 1000),
    DEADLINE: b24Date(fields.at),
    COMPLETED: fields.completed ? 'Y' : 'N',
    STATUS: fields.completed ? '2' : '1',
    RESPONSIBLE_ID: fields.user,
    DIRECTION: fields.direction === 'in' ? '1' : '2',
    LAST_UPDATED: b24Date(fields.at + fields.seconds * 1000),
    COMMUNICATIONS: fields.phone === null ? [] : [{ ID: `c${id}`, TYPE: 'PHONE', VALUE: fields.phone, ENTITY_ID: ownerId, ENTITY_TYPE_ID: OWNER[ownerType] }],
  };
}

/** When each call of the day began, by its case. */
export const AT = {
  missedOnContact: T - 5 * H,
  busyOnDeal: T - 4 * H,
  answeredOnCompany: T - 3 * H,
  callbackToContact: T - 2 * H,
  missedFromLead: T - 90 * M,
  informational: T - 80 * M,
  outgoingBusy: T - 70 * M,
  redirectedAnswered: T - 60 * M,
  loggedIncoming: T - 7 * H,
  loggedMissedOnLead: T - 6 * H,
  plannedCall: T + H,
} as const;

export function bitrixCallsFixture(): BitrixFixture {
  const f = bitrixFixture();
  f.calls.push(
    // Contact 7 called, nobody picked up: the record and the open activity it made are one missed call.
    telephonyRecord('6001', { type: '2', code: '304', seconds: 0, at: AT.missedOnContact, on: ['CONTACT', '7'], phone: '+7 (916) 123-45-67', user: '11', activity: '951' }),
    // The same number again, on the deal: every line busy — missed, though it rang 12 s.
    telephonyRecord('6002', { type: '2', code: '486', seconds: 12, at: AT.busyOnDeal, on: ['DEAL', '101'], phone: '89161234567', user: '11' }),
    // And again, on the company: answered, three minutes.
    telephonyRecord('6003', { type: '2', code: '200', seconds: 180, at: AT.answeredOnCompany, on: ['COMPANY', '3'], phone: '8 916 123 45 67', user: '12', activity: '955' }),
    // The portal calls contact 7 back (CALL_TYPE 4): outgoing.
    telephonyRecord('6004', { type: '4', code: '200', seconds: 60, at: AT.callbackToContact, on: ['CONTACT', '7'], phone: '+79161234567', user: '11' }),
    // A lead's call nobody answered: filed on nothing the model knows, matched by its number.
    telephonyRecord('6005', { type: '2', code: '304', seconds: 0, at: AT.missedFromLead, on: ['LEAD', '55'], phone: '+7 495 000-00-00', user: '12' }),
    // A robot's message (CALL_TYPE 5): no call of the sales process.
    telephonyRecord('6006', { type: '5', code: '200', seconds: 20, at: AT.informational, on: ['CONTACT', '7'], phone: '+79161234567', user: '11' }),
    // An outgoing call the client did not take: an attempt, never a missed call.
    telephonyRecord('6007', { type: '1', code: '486', seconds: 0, at: AT.outgoingBusy, on: ['DEAL', '102'], phone: '+7 495 000 00 00', user: '12' }),
    // Redirected to a manager's mobile (CALL_TYPE 3) and answered: incoming.
    telephonyRecord('6008', { type: '3', code: '200', seconds: 45, at: AT.redirectedAnswered, on: ['DEAL', '104'], phone: '+74950000001', user: '12' }),
  );
  f.activities.push(
    callActivity('951', { owner: ['contact', '7'], direction: 'in', completed: false, at: AT.missedOnContact, seconds: 0, user: '11', phone: '+79161234567' }),
    callActivity('955', { owner: ['company', '3'], direction: 'in', completed: true, at: AT.answeredOnCompany, seconds: 180, user: '12', phone: '+79161234567' }),
    // Logged by hand, no record: an answered incoming call on deal 102…
    callActivity('952', { owner: ['deal', '102'], direction: 'in', completed: true, at: AT.loggedIncoming, seconds: 300, user: '12', phone: '+7 495 000-00-00' }),
    // …a call planned for later (a to-do, not a call yet)…
    callActivity('953', { owner: ['deal', '101'], direction: 'out', completed: false, at: AT.plannedCall, seconds: 0, user: '11', phone: '+79161234567' }),
    // …and an incoming call on a lead left open: missed.
    callActivity('954', { owner: ['lead', '55'], direction: 'in', completed: false, at: AT.loggedMissedOnLead, seconds: 0, user: '12', phone: '+74950000000' }),
  );
  return f;
}
