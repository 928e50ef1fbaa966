import { session } from './session';

/** An answer other than 2xx, with the field the problem names (RFC 7807 bodies of the API). */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly field?: string) {
    super(message);
  }
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const key = session.key;
  return key ? { 'X-Api-Key': key, ...extra } : extra;
}

async function failure(response: Response): Promise<ApiError> {
  let message = `${response.status} ${response.statusText}`;
  let field: string | undefined;
  try {
    const problem = await response.json();
    if (problem.errors) {
      const [name, messages] = Object.entries(problem.errors as Record<string, string[]>)[0];
      field = name;
      message = `${name}: ${messages.join('; ')}`;
    } else {
      field = problem.field;
      message = problem.detail ?? problem.title ?? message;
    }
  } catch {
    // not a problem body
  }
  if (response.status === 401) message = 'API 密钥无效或已吊销，请重新登录。';
  if (response.status === 403) message = '此密钥的角色无权执行该操作。';
  return new ApiError(response.status, message, field);
}

export async function get<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: headers({ Accept: 'application/json' }) });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

export async function getText(path: string): Promise<string> {
  const response = await fetch(path, { headers: headers() });
  if (!response.ok) throw await failure(response);
  return response.text();
}

export async function send<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T | null> {
  const response = await fetch(path, { method, headers: headers({ 'Content-Type': 'application/json' }), body: JSON.stringify(body) });
  if (!response.ok) throw await failure(response);
  const text = await response.text();
  return text ? (JSON.parse(text) as T) : null;
}

export function query(parameters: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== null && value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface StreamEvent {
  id: string | null;
  event: string;
  data: string;
}

/**
 * Reads a server-sent event stream with fetch, so that the key travels in the X-Api-Key header (EventSource
 * cannot send headers, and a key in the URL would end up in logs). Resumes from the last event id it saw.
 */
export async function stream(path: string, lastEventId: string | null, onEvent: (event: StreamEvent) => void, signal: AbortSignal): Promise<void> {
  const response = await fetch(path, {
    headers: headers({ Accept: 'text/event-stream', ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) }),
    signal,
  });
  if (!response.ok || !response.body) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let current: StreamEvent = { id: null, event: 'message', data: '' };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (current.data !== '') onEvent(current);
        current = { id: null, event: 'message', data: '' };
      } else if (line.startsWith('id:')) current.id = line.slice(3).trim();
      else if (line.startsWith('event:')) current.event = line.slice(6).trim();
      else if (line.startsWith('data:')) current.data += (current.data ? '\n' : '') + line.slice(5).trimStart();
    }
  }
}
