import { request } from 'undici';

/** A CRM's answer, read whole: the status, the content type, and the body as text. */
export interface HttpAnswer {
  status: number;
  contentType: string;
  text: string;
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/**
 * One HTTP exchange with a CRM, through undici's `request` rather than the
 * global `fetch`: a full sync makes thousands of calls whose bodies are read
 * whole at once, and `fetch`'s web streams cost about twice the CPU per call
 * for nothing we use. Rejects when there is no complete answer (no connection,
 * a reset, a timeout or abort through `signal`, a body cut short); any HTTP
 * status is an answer. Redirects are not followed, unlike `fetch`: a 3xx is
 * an answer too, reported with its status, and a token never travels to
 * whatever host a redirect names.
 */
export async function httpRequest(url: URL, { method = 'GET', headers, body, signal }: HttpRequest): Promise<HttpAnswer> {
  const response = await request(url, { method, headers, body, signal });
  const contentType = response.headers['content-type'];
  return {
    status: response.statusCode,
    contentType: (Array.isArray(contentType) ? contentType[0] : contentType) ?? '',
    text: await response.body.text(),
  };
}

/** Whether an answer's status is a success (2xx), as `fetch`'s `ok`. */
export function isSuccess(answer: HttpAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}
