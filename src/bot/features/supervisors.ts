import { Composer } from 'grammy';
import { findPerson, listGroups, listPeople, setGroupSupervisor } from '../../people/directory';
import { escapeHtml } from '../../telegram-html';
import type { BotContext } from '../context';
import { requireAdmin } from '../roles';

/**
 * /supervisors: who supervises each CRM group. The CRM's group lead by
 * default (amoCRM has none); `/supervisors GROUP = NAME` sets one,
 * `/supervisors GROUP = -` goes back to the CRM's.
 */
export const supervisors = new Composer<BotContext>();

supervisors.command('supervisors', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  const { handle, config, clock } = ctx.deps;
  const people = listPeople(handle.db, config.ACCOUNT_ID);
  const nameOf = (id: string | null) => (id === null ? null : (people.find((p) => p.crmUserId === id)?.name ?? id));
  const argument = ctx.match.trim();
  if (argument === '') {
    const groups = listGroups(handle.db, config.ACCOUNT_ID);
    if (groups.length === 0) return ctx.reply(ctx.t('supervisors-no-groups'));
    const lines = groups.map((g) => {
      const who = nameOf(g.supervisorId);
      return `• <b>${escapeHtml(g.name)}</b>: ${who ? escapeHtml(who) : ctx.t('supervisors-none')}${g.setInChat ? ctx.t('supervisors-set-here') : ''}`;
    });
    return ctx.reply([ctx.t('supervisors-title'), ...lines, '', ctx.t('supervisors-hint')].join('\n'), { parse_mode: 'HTML' });
  }
  const [groupPart, personPart] = argument.split('=').map((part) => part?.trim() ?? '');
  if (!groupPart || personPart === undefined || personPart === '') return ctx.reply(ctx.t('supervisors-usage'));
  const q = groupPart.toLocaleLowerCase('ru');
  const groups = listGroups(handle.db, config.ACCOUNT_ID).filter((g) => g.name.toLocaleLowerCase('ru') === q || g.id === groupPart);
  const [group] = groups;
  if (!group) return ctx.reply(ctx.t('supervisors-unknown-group', { group: groupPart }));
  const actor = String(ctx.from?.id);
  const at = clock.now().getTime();
  if (personPart === '-') {
    setGroupSupervisor(handle.db, config.ACCOUNT_ID, group.id, null, actor, at);
    return ctx.reply(ctx.t('supervisors-cleared', { group: group.name }));
  }
  const found = findPerson(people, personPart);
  if (!('person' in found)) {
    return ctx.reply(
      found.candidates.length === 0
        ? ctx.t('person-not-found', { query: personPart })
        : ctx.t('person-ambiguous', { query: personPart, names: found.candidates.map((p) => p.name).join(', ') }),
    );
  }
  setGroupSupervisor(handle.db, config.ACCOUNT_ID, group.id, found.person.crmUserId, actor, at);
  await ctx.reply(ctx.t('supervisors-set', { group: group.name, name: found.person.name }));
});
