import { Composer } from 'grammy';
import { createFormatter } from '../../format';
import { translator } from '../../i18n';
import { loadNorms } from '../../norms/store';
import type { BotContext } from '../context';
import { SETNORM } from '../conversations/setnorm';
import { commitNormChange } from '../norm-change';
import { describeNorms } from '../norms-text';
import { requireAdmin } from '../roles';
import { scopeCatalog, scopeNames } from '../scopes';
import { parseSetnorm } from '../setnorm-args';

/** /norms shows the norms; /setnorm changes one, in one line or step by step. */
export const norms = new Composer<BotContext>();

norms.command('norms', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  const { config, handle } = ctx.deps;
  const tr = translator(ctx.locale);
  const current = loadNorms(handle.db, config.ACCOUNT_ID, config.TIMEZONE);
  const text = describeNorms(current, scopeNames(scopeCatalog(handle.db, config.ACCOUNT_ID)), tr, createFormatter(tr, config.TIMEZONE));
  await ctx.reply(text, { parse_mode: 'HTML' });
});

norms.command('setnorm', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  const { config, handle } = ctx.deps;
  if (ctx.match.trim() === '') return ctx.conversation.enter(SETNORM);
  const catalog = scopeCatalog(handle.db, config.ACCOUNT_ID);
  const change = parseSetnorm(ctx.match, catalog);
  if ('problem' in change) return ctx.reply(`${ctx.t(change.problem, change.vars)}\n\n${ctx.t('setnorm-examples')}`);
  const saved = commitNormChange(ctx.deps, change, String(ctx.from?.id), catalog, ctx.locale);
  ctx.log.info({ change: saved.ok ? 'saved' : saved.error }, 'norm change from the chat');
  await ctx.reply(saved.ok ? `${ctx.t('setnorm-saved')}\n${saved.summary}` : ctx.t('setnorm-invalid', { error: saved.error }), { parse_mode: 'HTML' });
});
