import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { InlineKeyboardMarkup, Update, User } from 'grammy/types';
import { parseTelegramHtml } from './html';
import { parseMultipart } from './multipart';

/**
 * A fake Telegram Bot API on 127.0.0.1 that behaves like Telegram where the
 * bot depends on it: long polling with offsets, JSON and multipart requests,
 * albums of 2–10 photos, edits (including "message is not modified"),
 * command menus per scope and language, text and caption limits counted after
 * HTML parsing, and scripted failures (429 with retry_after, 403, 400,
 * dropped connections). Simulated users write messages and press buttons.
 */

export interface FakeUser {
  id: number;
  first_name: string;
  username?: string;
  language_code?: string;
}

export interface FakeChat {
  id: number;
  type: 'private' | 'group' | 'supergroup';
  title?: string;
}

export interface SentMessage {
  chatId: number;
  messageId: number;
  kind: 'text' | 'photo' | 'document';
  /** What the reader sees: the text (or caption) after HTML parsing. */
  text?: string;
  /** The text as the bot sent it (HTML). */
  html?: string;
  caption?: string;
  parseMode?: string;
  replyMarkup?: InlineKeyboardMarkup;
  mediaGroupId?: string;
  file?: { name: string; size: number };
  /** A document's bytes, to open it back (photos keep only their size). */
  bytes?: Buffer;
  edits: { text: string; replyMarkup?: InlineKeyboardMarkup }[];
  /** The text as first sent, when it was edited since. */
  original?: string;
}

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  outcome: 'ok' | 'error' | 'dropped';
  errorCode?: number;
}

export type Fault = { code: number; description: string; retryAfter?: number } | 'drop';

type Params = Record<string, unknown>;
type Files = Map<string, { name: string; bytes: Buffer }>;

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;

export async function startFakeBotApi(options: { token?: string; botUsername?: string; now?: () => number; limits?: { perChatPerSecond: number; globalPerSecond: number } } = {}) {
  const token = options.token ?? '123456789:TEST-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaa';
  const now = options.now ?? Date.now;
  const bot: User & { username: string } = {
    id: Number(token.split(':')[0]),
    is_bot: true,
    first_name: 'QC Test Bot',
    username: options.botUsername ?? 'crm_qc_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  } as User & { username: string };

  const chats = new Map<number, FakeChat & { first_name?: string }>();
  const lastMessageId = new Map<number, number>();
  const messages: SentMessage[] = [];
  const calls: RecordedCall[] = [];
  const updates: Update[] = [];
  let nextUpdateId = 1;
  let confirmedBelow = 0;
  const waiters = new Set<() => void>();
  const faults = new Map<string, Fault[]>();
  const holds = new Map<string, { arrived(): void; released: Promise<void> }[]>();
  const blocked = new Set<number>();
  const commands = new Map<string, { command: string; description: string }[]>();
  const members = new Map<string, string>();
  const chatActions: { chatId: number; action: string }[] = [];
  const callbackAnswers: Params[] = [];
  const sentAt: { chatId: number; at: number }[] = [];
  const sockets = new Set<Socket>();
  let closed = false;

  const nextMessageId = (chatId: number) => {
    const id = (lastMessageId.get(chatId) ?? 0) + 1;
    lastMessageId.set(chatId, id);
    return id;
  };
  const seconds = () => Math.floor(now() / 1000);
  const chatObject = (chatId: number) => {
    const chat = chats.get(chatId)!;
    return chat.type === 'private' ? { id: chat.id, type: 'private', first_name: chat.first_name ?? 'User' } : { id: chat.id, type: chat.type, title: chat.title ?? 'Group' };
  };
  const pushUpdate = (update: Omit<Update, 'update_id'>): Update => {
    const full = { update_id: nextUpdateId++, ...update } as Update;
    updates.push(full);
    for (const wake of waiters) wake();
    return full;
  };

  // ---- request handling -------------------------------------------------------

  const methods: Record<string, (p: Params, files: Files) => unknown | Promise<unknown>> = {
    getMe: () => bot,
    getUpdates: (p) => getUpdates(p),
    deleteWebhook: () => true,
    setWebhook: () => true,
    getWebhookInfo: () => ({ url: '', has_custom_certificate: false, pending_update_count: 0 }),
    setMyCommands: (p) => {
      commands.set(commandsKey(p.scope, p.language_code), parseJson(p.commands) as { command: string; description: string }[]);
      return true;
    },
    getMyCommands: (p) => commands.get(commandsKey(p.scope, p.language_code)) ?? [],
    deleteMyCommands: (p) => commands.delete(commandsKey(p.scope, p.language_code)),
    sendChatAction: (p) => {
      chatActions.push({ chatId: knownChat(p.chat_id), action: String(p.action) });
      return true;
    },
    answerCallbackQuery: (p) => {
      callbackAnswers.push(p);
      return true;
    },
    getChat: (p) => chatObject(knownChat(p.chat_id)),
    getChatMember: (p) => ({ status: members.get(`${Number(p.chat_id)}:${Number(p.user_id)}`) ?? (Number(p.user_id) === bot.id ? 'administrator' : 'member'), user: { id: Number(p.user_id), is_bot: false, first_name: 'User' } }),
    sendMessage: (p) => {
      const chatId = writableChat(p.chat_id);
      const text = String(p.text ?? '');
      if (text.trim() === '') throw new ApiError(400, 'Bad Request: message text is empty');
      const plain = readable(text, p.parse_mode, TEXT_LIMIT, 'Bad Request: message is too long');
      const markup = keyboard(p.reply_markup);
      return record({ chatId, messageId: nextMessageId(chatId), kind: 'text', text: plain, html: text, parseMode: str(p.parse_mode), replyMarkup: markup, edits: [] });
    },
    sendPhoto: (p, files) => {
      const chatId = writableChat(p.chat_id);
      const file = attachment(p.photo, files, 'photo');
      const caption = p.caption === undefined ? undefined : readable(String(p.caption), p.parse_mode, CAPTION_LIMIT, 'Bad Request: message caption is too long');
      return record({ chatId, messageId: nextMessageId(chatId), kind: 'photo', caption, text: caption, file, replyMarkup: keyboard(p.reply_markup), edits: [] });
    },
    sendDocument: (p, files) => {
      const chatId = writableChat(p.chat_id);
      const file = attachment(p.document, files, 'document');
      const caption = p.caption === undefined ? undefined : readable(String(p.caption), p.parse_mode, CAPTION_LIMIT, 'Bad Request: message caption is too long');
      const ref = typeof p.document === 'string' && p.document.startsWith('attach://') ? p.document.slice('attach://'.length) : 'document';
      return record({ chatId, messageId: nextMessageId(chatId), kind: 'document', caption, text: caption, file, bytes: files.get(ref)?.bytes, edits: [] });
    },
    sendMediaGroup: (p, files) => {
      const chatId = writableChat(p.chat_id);
      const media = parseJson(p.media) as { type: string; media: unknown; caption?: string; parse_mode?: string }[];
      if (!Array.isArray(media) || media.length < 2 || media.length > 10) throw new ApiError(400, 'Bad Request: wrong number of media items: must be 2-10');
      const captions = media.map((m) => (m.caption === undefined ? undefined : readable(m.caption, m.parse_mode, CAPTION_LIMIT, 'Bad Request: message caption is too long')));
      const group = `${now()}${Math.floor(Math.random() * 1e6)}`;
      return media.map((m, i) => record({ chatId, messageId: nextMessageId(chatId), kind: 'photo', caption: captions[i], text: captions[i], file: attachment(m.media, files, `media[${i}]`), mediaGroupId: group, edits: [] }));
    },
    editMessageText: (p) => {
      const chatId = writableChat(p.chat_id);
      const message = messages.find((m) => m.chatId === chatId && m.messageId === Number(p.message_id));
      if (!message || message.kind !== 'text') throw new ApiError(400, 'Bad Request: message to edit not found');
      const text = String(p.text ?? '');
      const plain = readable(text, p.parse_mode, TEXT_LIMIT, 'Bad Request: message is too long');
      const markup = keyboard(p.reply_markup);
      if (plain === message.text && JSON.stringify(markup ?? null) === JSON.stringify(message.replyMarkup ?? null)) {
        throw new ApiError(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
      }
      message.original ??= message.text;
      Object.assign(message, { text: plain, html: text, replyMarkup: markup });
      message.edits.push({ text: plain, ...(markup ? { replyMarkup: markup } : {}) });
      return wire(message);
    },
    editMessageReplyMarkup: (p) => {
      const chatId = writableChat(p.chat_id);
      const message = messages.find((m) => m.chatId === chatId && m.messageId === Number(p.message_id));
      if (!message) throw new ApiError(400, 'Bad Request: message to edit not found');
      message.replyMarkup = keyboard(p.reply_markup);
      return wire(message);
    },
    deleteMessage: () => true,
  };

  async function getUpdates(p: Params): Promise<Update[]> {
    const offset = Number(p.offset ?? 0);
    if (offset > 0) confirmedBelow = Math.max(confirmedBelow, offset);
    const allowed = p.allowed_updates ? (parseJson(p.allowed_updates) as string[]) : null;
    const limit = Number(p.limit ?? 100);
    const available = () => updates.filter((u) => u.update_id >= confirmedBelow && (!allowed || allowed.length === 0 || Object.keys(u).some((k) => allowed.includes(k)))).slice(0, limit);
    const deadline = Date.now() + Number(p.timeout ?? 0) * 1000;
    while (!closed && available().length === 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.max(0, deadline - Date.now()));
        waiters.add(wake);
      });
    }
    return available();
  }

  function record(message: SentMessage) {
    messages.push(message);
    sentAt.push({ chatId: message.chatId, at: Date.now() });
    return wire(message);
  }

  function wire(m: SentMessage) {
    return {
      message_id: m.messageId,
      date: seconds(),
      chat: chatObject(m.chatId),
      from: bot,
      ...(m.kind === 'text'
        ? { text: m.text }
        : m.kind === 'document'
          ? { document: { file_id: `doc-${m.chatId}-${m.messageId}`, file_unique_id: `d${m.messageId}`, file_name: m.file?.name }, caption: m.caption }
          : { photo: [{ file_id: `photo-${m.chatId}-${m.messageId}`, file_unique_id: `u${m.messageId}`, width: 1200, height: 750 }], caption: m.caption }),
      ...(m.mediaGroupId ? { media_group_id: m.mediaGroupId } : {}),
      ...(m.replyMarkup ? { reply_markup: m.replyMarkup } : {}),
    };
  }

  function knownChat(value: unknown): number {
    const chatId = Number(value);
    if (!chats.has(chatId)) throw new ApiError(400, 'Bad Request: chat not found');
    return chatId;
  }

  function writableChat(value: unknown): number {
    const chatId = knownChat(value);
    if (blocked.has(chatId)) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
    if (options.limits) {
      const second = Date.now() - 1000;
      const recent = sentAt.filter((s) => s.at > second);
      if (recent.length >= options.limits.globalPerSecond || recent.filter((s) => s.chatId === chatId).length >= options.limits.perChatPerSecond) {
        throw new ApiError(429, 'Too Many Requests: retry after 1', { retry_after: 1 });
      }
    }
    return chatId;
  }

  function readable(text: string, parseMode: unknown, limit: number, tooLong: string): string {
    let plain = text;
    if (parseMode === 'HTML') {
      const parsed = parseTelegramHtml(text);
      if (!parsed.ok) throw new ApiError(400, parsed.reason);
      plain = parsed.plain;
    }
    if (plain.length > limit) throw new ApiError(400, tooLong);
    return plain;
  }

  function keyboard(value: unknown): InlineKeyboardMarkup | undefined {
    if (value === undefined) return undefined;
    const markup = parseJson(value) as InlineKeyboardMarkup;
    for (const button of markup.inline_keyboard?.flat() ?? []) {
      const b = button as { url?: string; callback_data?: string };
      if (b.callback_data !== undefined && Buffer.byteLength(b.callback_data) > 64) throw new ApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
      if (b.url !== undefined && !/^(https?|tg):\/\//.test(b.url)) throw new ApiError(400, 'Bad Request: BUTTON_URL_INVALID');
    }
    return markup;
  }

  function attachment(value: unknown, files: Files, field: string): { name: string; size: number } {
    const ref = typeof value === 'string' ? value : '';
    const file = ref.startsWith('attach://') ? files.get(ref.slice('attach://'.length)) : files.get(field);
    if (file) return { name: file.name, size: file.bytes.length };
    if (ref !== '' && !ref.startsWith('attach://')) return { name: ref, size: 0 };
    throw new ApiError(400, `Bad Request: wrong file identifier/HTTP URL specified (${field})`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
    const reply = (status: number, body: unknown) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!m || m[1] !== token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2]!;
    const { params, files } = await readBody(req);
    const call: RecordedCall = { method, params, outcome: 'ok' };
    calls.push(call);
    // A held call waits, unanswered, until the test releases it (a send in flight when the bot is stopped).
    const hold = holds.get(method)?.shift();
    if (hold) {
      hold.arrived();
      await hold.released;
    }
    const fault = faults.get(method)?.shift();
    if (fault === 'drop') {
      call.outcome = 'dropped';
      req.socket.destroy();
      return;
    }
    const impl = methods[method];
    try {
      if (fault) throw new ApiError(fault.code, fault.description, fault.retryAfter === undefined ? undefined : { retry_after: fault.retryAfter });
      if (!impl) throw new ApiError(404, 'Not Found');
      reply(200, { ok: true, result: await impl(params, files) });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      call.outcome = 'error';
      call.errorCode = error.code;
      reply(error.code, { ok: false, error_code: error.code, description: error.description, ...(error.parameters ? { parameters: error.parameters } : {}) });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(JSON.stringify({ ok: false, error_code: 500, description: String(error) }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  // ---- what tests use ---------------------------------------------------------------

  const addChat = (chat: FakeChat & { first_name?: string }) => {
    if (!chats.has(chat.id)) chats.set(chat.id, chat);
  };
  const userMessage = (from: FakeUser, chat: FakeChat, text: string) => {
    addChat(chat.type === 'private' ? { ...chat, first_name: from.first_name } : chat);
    const command = /^\/\S+/.exec(text);
    return {
      message_id: nextMessageId(chat.id),
      date: seconds(),
      chat: chatObject(chat.id),
      from: { is_bot: false, ...from },
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    };
  };

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    bot,
    messages,
    calls,
    chatActions,
    callbackAnswers,
    addChat,
    /** A user writes `text` in `chat` (a command gets its bot_command entity). */
    userSends(from: FakeUser, chat: FakeChat, text: string): Update {
      return pushUpdate({ message: userMessage(from, chat, text) } as Omit<Update, 'update_id'>);
    },
    /** A user presses an inline button with `data` under the bot's message. */
    userPresses(from: FakeUser, chat: FakeChat, messageId: number, data: string): Update {
      const message = messages.find((m) => m.chatId === chat.id && m.messageId === messageId);
      if (!message) throw new Error(`fake Bot API: no bot message ${messageId} in chat ${chat.id}`);
      return pushUpdate({ callback_query: { id: `cb${nextUpdateId}`, from: { is_bot: false, ...from }, chat_instance: String(chat.id), message: wire(message), data } } as Omit<Update, 'update_id'>);
    },
    /** The bot is added to a group by a user. */
    botAddedToGroup(from: FakeUser, chat: FakeChat): Update {
      addChat(chat);
      return pushUpdate({
        my_chat_member: { chat: chatObject(chat.id), from: { is_bot: false, ...from }, date: seconds(), old_chat_member: { status: 'left', user: bot }, new_chat_member: { status: 'member', user: bot } },
      } as Omit<Update, 'update_id'>);
    },
    /** The bot is removed from a group by a user. */
    botRemovedFromGroup(from: FakeUser, chat: FakeChat): Update {
      addChat(chat);
      return pushUpdate({
        my_chat_member: { chat: chatObject(chat.id), from: { is_bot: false, ...from }, date: seconds(), old_chat_member: { status: 'member', user: bot }, new_chat_member: { status: 'left', user: bot } },
      } as Omit<Update, 'update_id'>);
    },
    messagesIn: (chatId: number) => messages.filter((m) => m.chatId === chatId),
    /** Everything members of group chats (negative ids) were shown: texts, captions, edits, button labels. */
    readInGroups: () =>
      messages
        .filter((m) => m.chatId < 0)
        .flatMap((m) => [m.original, m.text, ...m.edits.map((e) => e.text), ...(m.replyMarkup?.inline_keyboard.flat().map((b) => b.text) ?? [])])
        .filter((text): text is string => text !== undefined),
    callsOf: (method: string) => calls.filter((c) => c.method === method),
    commands: (scope: unknown = { type: 'default' }, languageCode?: string) => commands.get(commandsKey(scope, languageCode)) ?? [],
    pendingUpdates: () => updates.filter((u) => u.update_id >= confirmedBelow).length,
    failNext(method: string, fault: Fault, times = 1) {
      faults.set(method, [...(faults.get(method) ?? []), ...Array<Fault>(times).fill(fault)]);
    },
    /**
     * The next call of `method` is held unanswered until `release()`: `arrived` resolves when the
     * bot has made it, so a test can act while the bot waits for Telegram's answer.
     */
    holdNext(method: string) {
      let arrived!: () => void;
      let release!: () => void;
      const hold = { arrived: () => arrived(), released: new Promise<void>((resolve) => (release = resolve)) };
      const came = new Promise<void>((resolve) => (arrived = resolve));
      holds.set(method, [...(holds.get(method) ?? []), hold]);
      return { arrived: came, release };
    },
    blockChat: (chatId: number) => void blocked.add(chatId),
    unblockChat: (chatId: number) => void blocked.delete(chatId),
    setMember: (chatId: number, userId: number, status: string) => void members.set(`${chatId}:${userId}`, status),
    /** Polls `probe` until it returns something truthy; the error names the latest messages and calls. */
    async waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value) return value;
        if (Date.now() > deadline) {
          const recent = messages.slice(-5).map((m) => `${m.chatId}#${m.messageId}: ${(m.text ?? '').slice(0, 80)}`);
          const lastCalls = calls.slice(-8).map((c) => `${c.method} ${c.outcome}${c.errorCode ? ` ${c.errorCode}` : ''}`);
          throw new Error(`fake Bot API: condition not met in ${timeoutMs} ms\nlast messages:\n${recent.join('\n')}\nlast calls: ${lastCalls.join(', ')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      closed = true;
      for (const wake of waiters) wake();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeBotApi = Awaited<ReturnType<typeof startFakeBotApi>>;

function commandsKey(scope: unknown, languageCode: unknown): string {
  const parsed = (parseJson(scope) ?? { type: 'default' }) as Record<string, unknown>;
  const normalized = Object.fromEntries(Object.entries(parsed).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, k === 'chat_id' ? Number(v) : v]));
  return `${JSON.stringify(normalized)}|${typeof languageCode === 'string' ? languageCode : ''}`;
}

/** Multipart fields arrive as strings; objects and arrays in them are JSON. */
function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

async function readBody(req: IncomingMessage): Promise<{ params: Params; files: Files }> {
  const type = req.headers['content-type'] ?? '';
  const files: Files = new Map();
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (type.startsWith('multipart/form-data')) {
    const params: Params = {};
    for (const part of parseMultipart(raw, type)) {
      if (part.filename === null) params[part.name] = part.data.toString('utf8');
      else {
        files.set(part.name, { name: part.filename, bytes: part.data });
        params[part.name] = `attach://${part.name}`;
      }
    }
    return { params, files };
  }
  const body = raw.toString('utf8');
  if (body === '') return { params: {}, files };
  if (type.startsWith('application/x-www-form-urlencoded')) return { params: Object.fromEntries(new URLSearchParams(body)), files };
  return { params: JSON.parse(body) as Params, files };
}
